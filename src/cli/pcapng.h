/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A pcapng writer for captures (`unetlink capture -F pcapng`): libpcap
 * reads pcapng but writes only pcap, so the few blocks a capture needs
 * are written here.
 */
#ifndef UNETLINK_CLI_PCAPNG_H
#define UNETLINK_CLI_PCAPNG_H

#include <stddef.h>
#include <stdint.h>

struct unl_wire_capture;
struct pcapng_out;

/* A section header written to path ("-": standard output, flushed
 * after each packet) and flushed; NULL after saying why on stderr. */
struct pcapng_out *pcapng_open(const char *path, uint32_t snaplen);
/* One packet (pkt, len bytes: the cooked header and the message) seen
 * as h tells, behind an interface description of h's net the first
 * time that net appears.  0 or -errno. */
int pcapng_put(struct pcapng_out *o, const struct unl_wire_capture *h,
	       const unsigned char *pkt, size_t len);
/* Close the file: 0, or -EIO when a write failed. */
int pcapng_close(struct pcapng_out *o);

#endif
