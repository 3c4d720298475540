// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The writing side of `unetlink capture` and `unetlink run --capture`:
 * the daemon's capture records (wire.h, UNL_OP_CAPTURE) become pcap
 * packets of LINKTYPE_NETLINK, written with libpcap's dumper.
 *
 * Each packet starts with the header a packet socket bound to an nlmon
 * device reports (the "Linux cooked" layout, big-endian): packet type
 * PACKET_OUTGOING, since nlmon transmits what it is given; ARPHRD_NETLINK;
 * an empty link-layer address; then the netlink protocol as the
 * "protocol" field.  tshark and Wireshark decode the netlink message
 * behind it by that protocol.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/if_arp.h>
#include <linux/if_packet.h>
#include <pcap/pcap.h>

#include "cli/capture.h"
#include "wire/wire.h"

#define COOKED_LEN 16
/* The largest record: header and a message the daemon can carry. */
#define SNAPLEN (UNL_WIRE_MAX_RECORD + COOKED_LEN)

static void cooked_header(unsigned char *h, uint16_t protocol)
{
	uint16_t v;

	memset(h, 0, COOKED_LEN);
	v = htons(PACKET_OUTGOING);
	memcpy(h, &v, 2);
	v = htons(ARPHRD_NETLINK);
	memcpy(h + 2, &v, 2);
	/* h[4..5]: address length 0; h[6..13]: no address */
	v = htons(protocol);
	memcpy(h + 14, &v, 2);
}

int capture_request_end(int fd)
{
	struct unl_wire_req req = { .op = UNL_OP_CAPTURE, .a0 = -1 };
	ssize_t n;

	do
		n = send(fd, &req, sizeof(req), MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : 0;
}

static int dump_one(pcap_dumper_t *out, const unsigned char *rec, size_t n,
		    bool flush)
{
	struct unl_wire_capture h;
	struct pcap_pkthdr ph;
	unsigned char *pkt;

	memcpy(&h, rec, sizeof(h));
	if (h.len != n - sizeof(h))
		return -EPROTO;
	pkt = malloc(COOKED_LEN + h.len);
	if (!pkt)
		return -ENOMEM;
	cooked_header(pkt, h.protocol);
	memcpy(pkt + COOKED_LEN, rec + sizeof(h), h.len);
	ph.ts.tv_sec = h.time_ns / 1000000000;
	ph.ts.tv_usec = (h.time_ns % 1000000000) / 1000;
	ph.caplen = ph.len = (bpf_u_int32)(COOKED_LEN + h.len);
	pcap_dump((u_char *)out, &ph, pkt);
	free(pkt);
	if (flush && pcap_dump_flush(out) < 0)
		return -EIO;
	return 0;
}

/* The next record into buf (*n bytes): 1, 0 when none came within ms,
 * or -errno (-ECONNRESET: the daemon went). */
static int next_record(int fd, unsigned char *buf, size_t cap, size_t *n,
		       int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t got;
	int r = poll(&p, 1, ms);

	if (r < 0)
		return errno == EINTR ? 0 : -errno;
	if (r == 0)
		return 0;
	got = recv(fd, buf, cap, MSG_TRUNC);
	if (got < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (got == 0)
		return -ECONNRESET;
	if ((size_t)got > cap || (size_t)got < sizeof(struct unl_wire_capture))
		return -EPROTO;
	*n = (size_t)got;
	return 1;
}

static pcap_dumper_t *open_out(const char *path, pcap_t **pp)
{
	pcap_dumper_t *out;

	*pp = pcap_open_dead(DLT_NETLINK, SNAPLEN);
	if (!*pp) {
		fprintf(stderr, "unetlink: capture: out of memory\n");
		return NULL;
	}
	out = pcap_dump_open(*pp, path);
	if (!out) {
		fprintf(stderr, "unetlink: capture: %s\n", pcap_geterr(*pp));
		pcap_close(*pp);
		return NULL;
	}
	/* the file header at once: a reader sees a valid, empty capture */
	pcap_dump_flush(out);
	return out;
}

int capture_write(int fd, const char *path, uint64_t count,
		  volatile sig_atomic_t *stop, struct capture_stats *st)
{
	return capture_write_as(fd, path, false, count, stop, st);
}

int capture_write_as(int fd, const char *path, bool as_record,
		     uint64_t count, volatile sig_atomic_t *stop,
		     struct capture_stats *st)
{
	bool to_stdout = !strcmp(path, "-"), ending = false;
	unsigned char *buf = malloc(UNL_WIRE_MAX_RECORD);
	struct record_out *rec = NULL;
	pcap_dumper_t *out = NULL;
	pcap_t *p = NULL;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	if (!buf)
		return -ENOMEM;
	if (as_record)
		rec = record_open(path);
	else
		out = open_out(path, &p);
	if (!out && !rec) {
		free(buf);
		return -EIO;
	}
	for (;;) {
		struct unl_wire_capture h;
		size_t n = 0;
		int r;

		if (!ending && ((stop && *stop) ||
				(count && st->written >= count))) {
			ret = capture_request_end(fd);
			if (ret)
				break;
			ending = true;
		}
		r = next_record(fd, buf, UNL_WIRE_MAX_RECORD, &n, 200);
		if (r < 0) {
			ret = r;
			break;
		}
		if (r == 0)
			continue;
		memcpy(&h, buf, sizeof(h));
		st->dropped += h.dropped;
		if (h.flags & UNL_CAPTURE_F_END)
			break;
		/* past the count, what the daemon still sends is dropped */
		if (count && st->written >= count)
			continue;
		/* a pcap file holds netlink messages only */
		if ((h.flags & UNL_CAPTURE_F_FAULT) && !rec)
			continue;
		if (h.len != n - sizeof(h))
			ret = -EPROTO;
		else if (rec)
			ret = record_put(rec, &h, buf + sizeof(h));
		else
			ret = dump_one(out, buf, n, to_stdout);
		if (ret)
			break;
		st->written++;
	}
	if (ret == -ECONNRESET)
		fprintf(stderr, "unetlink: capture: the daemon went away\n");
	else if (ret)
		fprintf(stderr, "unetlink: capture: %s\n", strerror(-ret));
	if (rec) {
		if (record_close(rec) && !ret)
			ret = -EIO;
	} else {
		pcap_dump_close(out);
		pcap_close(p);
	}
	free(buf);
	return ret == -ECONNRESET ? 0 : ret;
}
