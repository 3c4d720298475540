/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The client side of a datagram (wire.h, "One record on a data socket
 * per netlink datagram" and "Inline answers"), shared by the front ends
 * and fuzzed as they run it (tests/fuzz/fuzz_recv.c): whatever the
 * daemon wrote, these read only inside the record and write only inside
 * the caller's buffers.
 */
#ifndef UNETLINK_WIRE_DGRAM_H
#define UNETLINK_WIRE_DGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <linux/netlink.h>

#include "wire/wire.h"

/* A record of n bytes read from a data socket (n as recvmsg() with
 * MSG_TRUNC gives it), its header in h: UNL_DGRAM_DATA (h is followed by
 * n - sizeof(*h) bytes of message), UNL_DGRAM_WAKE (nothing to hand
 * out), or -EPROTO. */
int unl_dgram_check(const struct unl_wire_dgram *h, size_t n);

/* Copy n bytes at p into the buffers iov[0..iovlen), as far as they go. */
void unl_dgram_to_iov(const struct iovec *iov, size_t iovlen,
		      const unsigned char *p, size_t n);

/* netlink_recvmsg()'s source address of the datagram. */
struct sockaddr_nl unl_dgram_name(const struct unl_wire_dgram *h);

/* netlink_recvmsg()'s control messages for the datagram, with the
 * socket's UNL_SHM_* flags: written to control (NULL: the caller gave
 * none) up to controllen bytes; what does not fit sets MSG_CTRUNC in
 * *oflags.  Returns the bytes written (the new msg_controllen). */
size_t unl_dgram_cmsgs(const struct unl_wire_dgram *h, uint32_t pflags,
		       void *control, size_t controllen, int *oflags);

/* One record of an inline answer, as the call page carries it. */
struct unl_inline_rec {
	struct unl_wire_dgram hdr;
	const unsigned char *msg; /* inside the answer */
	size_t msglen;
	size_t next;              /* where the next record starts */
	bool last;
};

/* The record at pos of the answer buf[0..len): 0, or -EPROTO when the
 * daemon wrote nonsense (or there is none left). */
int unl_inline_next(const unsigned char *buf, size_t len, size_t pos,
		    struct unl_inline_rec *r);

/* Take record i of the answer keyed key: swap *owed from UNL_OWED(key, i)
 * to the next record's, or to 0 after the last (peek: only look).  false
 * when the daemon paid it to the data socket instead. */
bool unl_owed_claim(uint64_t *owed, uint32_t key, unsigned int i, bool last,
		    bool peek);

#endif
