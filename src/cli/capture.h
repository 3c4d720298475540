/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Writing a capture (UNL_OP_CAPTURE) as a pcap or pcapng file of
 * LINKTYPE_NETLINK packets, each behind the 16-byte cooked header an
 * nlmon device gives a packet socket.
 */
#ifndef UNETLINK_CLI_CAPTURE_H
#define UNETLINK_CLI_CAPTURE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

struct capture_stats {
	uint64_t written;
	uint64_t dropped; /* by the daemon: the reader was too slow */
};

/*
 * Read the records of the capture running on connection fd and write
 * them, in the format path's name asks for (capture_format_of()), to
 * path ("-": standard output, flushed per packet) until the
 * daemon's last record, or count packets (0: no limit).  When *stop
 * becomes non-zero (a signal), ask the daemon to end the capture and
 * write what it still sends.  0, or -errno after saying why on stderr.
 */
int capture_write(int fd, const char *path, uint64_t count,
		  volatile sig_atomic_t *stop, struct capture_stats *st);
/* What a capture is written as. */
enum capture_format {
	CAPTURE_PCAP,
	CAPTURE_PCAPNG,    /* pcapng.c */
	CAPTURE_RECORD,    /* a recording (docs/record.md) */
};
/* The format a file name asks for when none is given: pcapng for a name
 * ending in ".pcapng" (as tshark and Wireshark name theirs), else pcap,
 * as tcpdump writes. */
enum capture_format capture_format_of(const char *path);
/* A format by name ("pcap", "pcapng"); -1 for any other. */
int capture_format_by_name(const char *name);
/* capture_write() in the given format. */
int capture_write_as(int fd, const char *path, enum capture_format format,
		     uint64_t count, volatile sig_atomic_t *stop,
		     struct capture_stats *st);

/* Recordings (record.c, docs/record.md). */
struct unl_wire_capture;
struct record_out;
struct record_out *record_open(const char *path);
int record_put(struct record_out *r, const struct unl_wire_capture *h,
	       const unsigned char *msg);
int record_close(struct record_out *r);
/* Compare the requests of two recordings: 0 the same, 1 after printing
 * the first difference on stderr, -errno when one cannot be read. */
int record_check(const char *want, const char *got);
/* The lines the pass-through shim wrote to raw (src/shim/passthrough.c)
 * as a recording at path.  0 or -errno. */
int record_from_raw(const char *raw, const char *path);

/* Ask the daemon to end the capture on fd (its last record follows
 * what it still holds).  0 or -errno. */
int capture_request_end(int fd);

#endif
