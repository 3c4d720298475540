// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Transcripts: the text every run produces, normalised so that two runs
 * of the same scenario compare equal exactly when every observable result
 * was the same.  Portids are the only values that legitimately differ
 * between runs; they are printed as tokens:
 *
 *   0            0
 *   the pid      PID
 *   negative     NEG1, NEG2, ... in order of first appearance
 *   other        the number
 *
 * followed by ":name" when it is the portid of a named socket: the
 * socket of the step itself first, then open and then closed sockets of
 * its protocol (portids are per protocol), e.g. "PID:a", "NEG1:b".
 */
#ifndef CONF_TRANSCRIPT_H
#define CONF_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct transcript {
	char *buf;
	size_t len, cap;
	bool oom;
};

__attribute__((format(printf, 2, 3))) void tr_printf(struct transcript *tr,
						      const char *fmt, ...);
void tr_free(struct transcript *tr);

#define NORM_MAX_NEG 256

struct norm {
	int32_t pid;
	size_t nsocks;
	const char *const *names; /* nsocks names */
	uint32_t *portid;	  /* last known portid, per socket */
	bool *known;
	bool *open;
	int *protocol;
	int ctx; /* the socket of the step being printed, or -1 */
	uint32_t neg[NORM_MAX_NEG];
	size_t nneg;
};

/* The token for a portid, in buf. */
const char *norm_portid(struct norm *n, uint32_t portid, char *buf,
			size_t len);

/* "family=16 pid=TOKEN groups=0x1" or hex when not a sockaddr_nl. */
void tr_sockaddr(struct transcript *tr, struct norm *n, const void *addr,
		 size_t len);
/* Netlink messages in received (or sent) bytes, one line each, with every
 * nlmsg_pid (also inside NLMSG_ERROR) replaced by its token. */
void tr_nlmsgs(struct transcript *tr, struct norm *n, const uint8_t *data,
	       size_t len);
/* Control messages of a received msghdr. */
void tr_cmsgs(struct transcript *tr, struct norm *n, const struct msghdr *msg);
void tr_hex(struct transcript *tr, const uint8_t *data, size_t len);

#endif
