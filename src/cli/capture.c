// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The writing side of `unetlink capture` and `unetlink run --capture`:
 * the daemon's capture records (wire.h, UNL_OP_CAPTURE) become pcap
 * packets of LINKTYPE_NETLINK, written with libpcap's dumper, or pcapng
 * ones (pcapng.c), or a recording (record.c).
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
#include "cli/pcapng.h"
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

/* Where a capture goes: one of these is open. */
struct capture_out {
	pcap_t *p;
	pcap_dumper_t *pcap;
	struct pcapng_out *pcapng;
	struct record_out *rec;
	bool flush;
};

static int dump_one(struct capture_out *out, const unsigned char *rec,
		    size_t n)
{
	struct unl_wire_capture h;
	struct pcap_pkthdr ph;
	unsigned char *pkt;
	int ret = 0;

	memcpy(&h, rec, sizeof(h));
	if (h.len != n - sizeof(h))
		return -EPROTO;
	if (out->rec)
		return record_put(out->rec, &h, rec + sizeof(h));
	pkt = malloc(COOKED_LEN + h.len);
	if (!pkt)
		return -ENOMEM;
	cooked_header(pkt, h.protocol);
	memcpy(pkt + COOKED_LEN, rec + sizeof(h), h.len);
	if (out->pcapng) {
		ret = pcapng_put(out->pcapng, &h, pkt, COOKED_LEN + h.len);
	} else {
		ph.ts.tv_sec = h.time_ns / 1000000000;
		ph.ts.tv_usec = (h.time_ns % 1000000000) / 1000;
		ph.caplen = ph.len = (bpf_u_int32)(COOKED_LEN + h.len);
		pcap_dump((u_char *)out->pcap, &ph, pkt);
		if (out->flush && pcap_dump_flush(out->pcap) < 0)
			ret = -EIO;
	}
	free(pkt);
	return ret;
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

static pcap_dumper_t *open_pcap(const char *path, pcap_t **pp)
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

enum capture_format capture_format_of(const char *path)
{
	size_t n = strlen(path);

	return n > 7 && !strcmp(path + n - 7, ".pcapng") ? CAPTURE_PCAPNG
							 : CAPTURE_PCAP;
}

int capture_format_by_name(const char *name)
{
	if (!strcmp(name, "pcap"))
		return CAPTURE_PCAP;
	if (!strcmp(name, "pcapng"))
		return CAPTURE_PCAPNG;
	return -1;
}

int capture_write(int fd, const char *path, uint64_t count,
		  volatile sig_atomic_t *stop, struct capture_stats *st)
{
	return capture_write_as(fd, path, capture_format_of(path), count,
				stop, st);
}

static bool open_out(struct capture_out *out, const char *path,
		     enum capture_format format)
{
	memset(out, 0, sizeof(*out));
	out->flush = !strcmp(path, "-");
	switch (format) {
	case CAPTURE_RECORD:
		out->rec = record_open(path);
		return out->rec;
	case CAPTURE_PCAPNG:
		out->pcapng = pcapng_open(path, SNAPLEN);
		return out->pcapng;
	case CAPTURE_PCAP:
		out->pcap = open_pcap(path, &out->p);
		return out->pcap;
	}
	return false;
}

static int close_out(struct capture_out *out)
{
	if (out->rec)
		return record_close(out->rec);
	if (out->pcapng)
		return pcapng_close(out->pcapng);
	pcap_dump_close(out->pcap);
	pcap_close(out->p);
	return 0;
}

int capture_write_as(int fd, const char *path, enum capture_format format,
		     uint64_t count, volatile sig_atomic_t *stop,
		     struct capture_stats *st)
{
	unsigned char *buf = malloc(UNL_WIRE_MAX_RECORD);
	struct capture_out out;
	bool ending = false;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	if (!buf)
		return -ENOMEM;
	if (!open_out(&out, path, format)) {
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
		if ((h.flags & UNL_CAPTURE_F_FAULT) && !out.rec)
			continue;
		ret = dump_one(&out, buf, n);
		if (ret)
			break;
		st->written++;
	}
	if (ret == -ECONNRESET)
		fprintf(stderr, "unetlink: capture: the daemon went away\n");
	else if (ret)
		fprintf(stderr, "unetlink: capture: %s\n", strerror(-ret));
	if (close_out(&out) && !ret)
		ret = -EIO;
	free(buf);
	return ret == -ECONNRESET ? 0 : ret;
}
