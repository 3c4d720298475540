// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Captures as pcapng (the IETF draft "PCAP Next Generation Dump File
 * Format"), written here because libpcap writes pcap only.
 *
 * A file is one section: a section header block naming unetlink, then
 * an interface description block (LINKTYPE_NETLINK) for each of the
 * daemon's nets as its first packet comes, as Linux would show one
 * nlmon device per namespace, and an enhanced packet block per
 * message.  Timestamps are in nanoseconds (if_tsresol 9), the
 * resolution the daemon's tap keeps; the pcap path has microseconds
 * because libpcap's pcap dumper writes those.  Each packet carries a
 * comment naming the process and port id at the other end, which
 * tshark shows as frame.comment, and the daemon's drops before it as
 * epb_dropcount.  Blocks are in the host's byte order, as the format
 * allows (readers take it from the section header's magic).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/pcapng.h"
#include "core/vec.h"
#include "wire/wire.h"

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_EPB 0x00000006u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define LINKTYPE_NETLINK 253

#define OPT_END 0
#define OPT_COMMENT 1
#define SHB_USERAPPL 4
#define IF_NAME 2
#define IF_DESCRIPTION 3
#define IF_TSRESOL 9
#define EPB_DROPCOUNT 4

struct pcapng_out {
	FILE *f;
	int flush; /* standard output: a reader follows it live */
	uint32_t snaplen;
	uint64_t *nets; /* the interface id of a net is its index here */
	size_t n_nets, cap_nets;
	unsigned char *blk; /* the block being built */
	size_t len, cap;
	int err;
};

static void put(struct pcapng_out *o, const void *p, size_t n)
{
	if (o->err)
		return;
	if (unl_vec_reserve(&o->blk, &o->cap, o->len + n + 3, 1)) {
		o->err = -ENOMEM;
		return;
	}
	memcpy(o->blk + o->len, p, n);
	o->len += n;
}

static void pad4(struct pcapng_out *o)
{
	static const unsigned char zero[3];

	put(o, zero, (4 - o->len % 4) % 4);
}

static void put32(struct pcapng_out *o, uint32_t v)
{
	put(o, &v, 4);
}

static void put16(struct pcapng_out *o, uint16_t v)
{
	put(o, &v, 2);
}

static void option(struct pcapng_out *o, uint16_t code, const void *v,
		   size_t n)
{
	put16(o, code);
	put16(o, (uint16_t)n);
	put(o, v, n);
	pad4(o);
}

static void option_str(struct pcapng_out *o, uint16_t code, const char *s)
{
	option(o, code, s, strlen(s));
}

static void block_start(struct pcapng_out *o, uint32_t type)
{
	o->len = 0;
	put32(o, type);
	put32(o, 0); /* the total length, set by block_end() */
}

/* Close the options, write the length at both ends and the block out. */
static int block_end(struct pcapng_out *o)
{
	uint32_t total;

	put16(o, OPT_END);
	put16(o, 0);
	total = (uint32_t)o->len + 4;
	put32(o, total);
	if (o->err)
		return o->err;
	memcpy(o->blk + 4, &total, 4);
	if (fwrite(o->blk, 1, o->len, o->f) != o->len ||
	    (o->flush && fflush(o->f)))
		return -EIO;
	return 0;
}

static int section_header(struct pcapng_out *o)
{
	int64_t unknown_length = -1;

	block_start(o, BT_SHB);
	put32(o, BYTE_ORDER_MAGIC);
	put16(o, 1); /* version 1.0 */
	put16(o, 0);
	put(o, &unknown_length, 8);
	option_str(o, SHB_USERAPPL, "unetlink " UNL_VERSION);
	return block_end(o);
}

/* The interface id of net id, described now when new; -errno. */
static int64_t interface_of(struct pcapng_out *o, uint64_t id)
{
	char name[48], desc[96];
	uint8_t nanoseconds = 9;
	int r;

	for (size_t i = 0; i < o->n_nets; i++)
		if (o->nets[i] == id)
			return (int64_t)i;
	if (unl_vec_reserve(&o->nets, &o->cap_nets, o->n_nets + 1,
			    sizeof(*o->nets)))
		return -ENOMEM;
	snprintf(name, sizeof(name), "nlmon-%" PRIu64, id);
	snprintf(desc, sizeof(desc),
		 "netlink messages of the unetlink daemon's net %" PRIu64, id);
	block_start(o, BT_IDB);
	put16(o, LINKTYPE_NETLINK);
	put16(o, 0);
	put32(o, o->snaplen);
	option_str(o, IF_NAME, name);
	option_str(o, IF_DESCRIPTION, desc);
	option(o, IF_TSRESOL, &nanoseconds, 1);
	r = block_end(o);
	if (r)
		return r;
	o->nets[o->n_nets] = id;
	return (int64_t)o->n_nets++;
}

int pcapng_put(struct pcapng_out *o, const struct unl_wire_capture *h,
	       const unsigned char *pkt, size_t len)
{
	uint64_t ts = (uint64_t)h->time_ns;
	int64_t ifid = interface_of(o, h->net_id);
	char comment[96];

	if (ifid < 0)
		return (int)ifid;
	block_start(o, BT_EPB);
	put32(o, (uint32_t)ifid);
	put32(o, (uint32_t)(ts >> 32));
	put32(o, (uint32_t)ts);
	put32(o, (uint32_t)len);
	put32(o, (uint32_t)len);
	put(o, pkt, len);
	pad4(o);
	snprintf(comment, sizeof(comment),
		 "unetlink net %" PRIu64 ", pid %" PRId32 ", port id %" PRIu32,
		 h->net_id, h->pid, h->portid);
	option_str(o, OPT_COMMENT, comment);
	if (h->dropped)
		option(o, EPB_DROPCOUNT, &h->dropped, 8);
	return block_end(o);
}

struct pcapng_out *pcapng_open(const char *path, uint32_t snaplen)
{
	struct pcapng_out *o = calloc(1, sizeof(*o));

	if (!o) {
		fprintf(stderr, "unetlink: capture: out of memory\n");
		return NULL;
	}
	o->snaplen = snaplen;
	if (!strcmp(path, "-")) {
		o->f = stdout;
		o->flush = 1;
	} else {
		o->f = fopen(path, "wb");
	}
	if (!o->f) {
		fprintf(stderr, "unetlink: capture: %s: %s\n", path,
			strerror(errno));
		free(o);
		return NULL;
	}
	/* the header at once: a reader sees a valid, empty capture */
	if (section_header(o) || fflush(o->f)) {
		fprintf(stderr, "unetlink: capture: %s: cannot write\n", path);
		pcapng_close(o);
		return NULL;
	}
	return o;
}

int pcapng_close(struct pcapng_out *o)
{
	int r = 0;

	if (!o)
		return 0;
	if (o->f == stdout)
		r = fflush(o->f);
	else if (o->f)
		r = fclose(o->f);
	free(o->nets);
	free(o->blk);
	free(o);
	return r ? -EIO : 0;
}
