// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The shape of a socket ioctl's argument for UNL_OP_IOCTL (wire.h,
 * "Ioctls"): which requests go to the daemon, how long the argument is
 * and which pointer in it names more of the caller's memory.  Shared by
 * the two front ends, which read the caller's memory differently (the
 * shim its own, the seccomp supervisor a child's): each passes a reader.
 */
#ifndef UNETLINK_WIRE_IOCTL_SHAPE_H
#define UNETLINK_WIRE_IOCTL_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/wire.h"

/* Reads len bytes of the caller's memory at addr into buf: 0 or -EFAULT. */
typedef int unl_ioctl_read_fn(void *ctx, uint64_t addr, void *buf,
			      size_t len);

/* One request's argument, as the wire carries it. */
struct unl_ioctl_shape {
	size_t arg_len;
	int ptr_off;    /* UNL_WIRE_IOCTL_NO_PTR or the pointer's offset */
	uint64_t ind;   /* the pointer's value (0: none) */
	size_t ind_len; /* what the pointer names, sent */
	size_t ind_cap; /* ... and its size, received */
};

/* Whether the daemon answers request req (sock_ioctl()'s requests but
 * those about the socket itself). */
bool unl_ioctl_forwarded(unsigned long req);

/* Where request req's argument arg (of a socket of family) holds a
 * pointer to more of the caller's memory, or UNL_WIRE_IOCTL_NO_PTR.  The
 * daemon asks too: it never takes a client's word for where a pointer
 * is, since the core follows it. */
int unl_ioctl_ptr_off(int family, unsigned long req,
		      const unsigned char *arg);

/* Read request req's argument at arg (of a socket of family) into
 * argbuf (UNL_WIRE_IOCTL_MAX_ARG bytes) and tell its shape: 0 or
 * -EFAULT. */
int unl_ioctl_shape_of(int family, unsigned long req, uint64_t arg,
		       unl_ioctl_read_fn *rd, void *ctx, unsigned char *argbuf,
		       struct unl_ioctl_shape *s);

/* What the answer rep (arg_len + ind_cap bytes, the call's result ret)
 * gives back to the caller: *arg_out bytes of rep for the argument (its
 * pointer restored to s->ind), *ind_out bytes at rep + arg_len for what
 * the pointer names. */
void unl_ioctl_reply(unsigned long req, const struct unl_ioctl_shape *s,
		     unsigned char *rep, int ret, size_t *arg_out,
		     size_t *ind_out);

#endif
