/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Large sends in one hand-off (wire.h, UNL_OP_SENDMSG_FD), both ends.
 *
 * A sendmsg() payload that does not fit one record would cross the
 * control connection as a SENDMSG and CONT records of 64 KiB: an nft
 * batch of 10,000 rules (3.9 MB) as 60 of them.  The connection's send
 * buffer (wmem_default, 208 KiB) holds three, so the sender sleeps until
 * the daemon has read some, and each of those turns costs a wake-up on
 * either side; on a loaded machine each wake-up waits for a CPU.  In a
 * memfd the payload is one record with a descriptor: the client writes
 * it with one system call, the daemon reads it with one.
 */
#ifndef UNETLINK_WIRE_BULK_H
#define UNETLINK_WIRE_BULK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/uio.h>

/*
 * A memfd holding the bytes of head (nhead buffers) then data (ndata
 * buffers, at most IOV_MAX), from offset 0; or -errno: -EFAULT when a
 * buffer cannot be read (as the kernel's copy from the caller's memory
 * answers), anything else when no memfd could be made (the caller then
 * sends records).  close_fn closes the memfd on failure: the shim's
 * close() is its own.
 */
int unl_wire_bulk_fd(const struct iovec *head, int nhead,
		     const struct iovec *data, int ndata,
		     int (*close_fn)(int));

/*
 * The daemon's side: is fd a file of memory (a memfd, or tmpfs) at
 * least len bytes long?  Only such a file is read: a read of any other
 * (a FUSE file, a pipe) could keep the daemon waiting.
 */
bool unl_wire_bulk_ok(int fd, size_t len);

/* Read len bytes at offset off of fd into dst: true when all came. */
bool unl_wire_bulk_read(int fd, void *dst, size_t len, off_t off);

#endif
