// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The seccomp front end (docs/seccomp.md): a supervisor that serves the
 * netlink system calls of a program no preload reaches, with the wire
 * ops the shim uses (src/wire/wire.h).
 *
 *   filter.c     the BPF filter and its installation in the child
 *   wire.c       the control connection, in records
 *   supervise.c  the notification loop and one handler per system call
 *   detect.c     whether a command needs this front end
 *
 * Every function returns 0, a count or -errno.
 */
#ifndef UNETLINK_SECCOMP_H
#define UNETLINK_SECCOMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "wire/elf-kind.h"
#include "wire/wire.h"

/* How many descriptor numbers the filter reserves for netlink sockets. */
#define UNL_SC_RANGE 256

/*
 * A measurement of the other design (docs/seccomp.md, "A native send,
 * measured"), for bench-seccomp alone: with this variable set to 1 in
 * `unetlink run --seccomp`'s environment, a sendto() on a descriptor of
 * the range without an address and with flags 0 (glibc's send()) runs
 * in the kernel on the data socket, and the daemon reads it there
 * (UNL_OP_DATA_SENDS).  Not correct for every program: a send's error
 * is lost and a poll() right after it may find no answer yet.
 */
#define UNL_SC_ENV_NATIVE_SEND "UNETLINK_SC_NATIVE_SEND"
bool unl_sc_native_send(void);

/* ---- filter.c ----------------------------------------------------- */

/* The first reserved descriptor for a process with this soft
 * RLIMIT_NOFILE: the top UNL_SC_RANGE numbers below min(limit, 1024);
 * -EMFILE when the limit leaves no room. */
int unl_sc_range_base(unsigned long soft_limit);

/* unl_sc_range_base() of the caller's own soft RLIMIT_NOFILE. */
int unl_sc_own_range_base(void);

struct sock_fprog;
/* In a child before exec: no_new_privs, then prog as its filter with a
 * listener (and flags, dropped where the kernel does not know them:
 * EINVAL).  The listener, or -errno. */
int unl_sc_install_listener(const struct sock_fprog *prog,
			    unsigned int flags);

/*
 * In the child, between fork and exec: set no_new_privs, install the
 * filter and send [listener, conn] and the range's base to the parent
 * over chan (an AF_UNIX socket).  conn is the child's own control
 * connection to the daemon.  0 or -errno; on success the caller closes
 * conn and chan and execs.
 */
int unl_sc_child_install(int conn, int chan);

/* Does system call nr change a thread's ids or capabilities (the filter
 * traps it)? */
bool unl_sc_is_cred_call(int nr);

/* In the parent: what unl_sc_child_install() sent.  0 or -errno. */
int unl_sc_parent_receive(int chan, int *listener, int *conn, int *base);

/* ---- detect.c ----------------------------------------------------- */

/* Which front end a program needs: wire/elf-kind.h. */

/*
 * For a program the shim serves (no supervisor): a filter of the
 * supervisor's head alone (filter.c): module loading refused with
 * EPERM, x32 with ENOSYS, another architecture's calls fatal.  Only
 * with CAP_SYS_ADMIN, which lets the kernel take a filter without
 * no_new_privs (so setuid programs still work): 0, or -EACCES without
 * it, -errno.
 */
int unl_sc_install_head(void);

/* ---- wire.c ------------------------------------------------------- */

/* One call on the control connection: a record of req and the payload
 * in iov (req->len is set from it; continued in CONT records when it
 * exceeds one), with fd_in (-1: none) passed along; the reply's header
 * in *rep, up to rcap bytes of its payload in rbuf, up to nfds
 * descriptors in fds (-1 where none came; close-on-exec).  0 or -errno
 * of the transport. */
int unl_sc_wire_call(int conn, struct unl_wire_req *req,
		     const struct iovec *iov, int iovcnt, int fd_in,
		     struct unl_wire_rep *rep, void *rbuf, size_t rcap,
		     int *fds, int nfds);

/* Ask the daemon for the connection's call page (a second HELLO; the
 * child's asked for none) and use it from now on for the calls it may
 * carry.  0 or -errno: without it every call is a record. */
int unl_sc_wire_page(int conn);

/* The ids every record carries from now on (SCM_CREDENTIALS): the
 * child's real uid and gid, pid ours (the kernel allows no other
 * without CAP_SYS_ADMIN, and the daemon reads only the ids). */
void unl_sc_wire_set_ids(pid_t pid, uid_t uid, gid_t gid);

/* UNL_OP_ACT_FOR (wire.h): the command child, whose connection it is;
 * the thread whose call is served now (the next record acts for its
 * process, telling the daemon first when that changed); and a thread
 * whose ids or capabilities changed (its process is told again, the
 * daemon reading them from the kernel). */
void unl_sc_wire_act_init(pid_t child);
void unl_sc_wire_act_for(pid_t tid);
void unl_sc_wire_act_stale(pid_t tid);

/* A record that gets no reply (CONSUME, CLOSE, CRED), with len bytes
 * of data as its payload.  0 or -errno. */
int unl_sc_wire_post(int conn, struct unl_wire_req *req, const void *data,
		     size_t len);

/* ---- supervise.c -------------------------------------------------- */

/*
 * Serve the notifications of listener until the process child exits;
 * conn is the child's control connection, net_fd a net handle for the
 * sockets it creates (-1: the daemon's initial net).  Returns child's
 * wait status, or -errno when serving failed (the child is killed).
 */
int unl_sc_serve(int listener, int conn, int base, int net_fd, pid_t child);
/* The same for a program whose supervisor is not its parent (`unetlink
 * seccomp-exec`, the shim's exec() of a static or Go program): serves
 * until no process uses the filter.  0 or -errno. */
int unl_sc_serve_detached(int listener, int conn, int base, int net_fd,
			  pid_t first);

/* ---- passthrough.c ------------------------------------------------ */

/* `record --kernel` of a program no preload reaches: the program's
 * netlink sockets stay the kernel's and each datagram is written down
 * as the pass-through shim writes it (docs/record.md).  In the child
 * between fork and exec: the filter, its listener and the range's base
 * sent over chan; 0 or -errno. */
int unl_sc_pt_child_install(int chan);
/* What unl_sc_pt_child_install() sends: the listener, the range's base,
 * and the netlink sockets the program has from before (inherited across
 * its exec, out of the range), which the filter traps by number. */
#define UNL_SC_PT_INHERITED_MAX 16
struct unl_sc_pt_start {
	int listener, base;
	int n_inherited;
	int inherited[UNL_SC_PT_INHERITED_MAX];
};
/* In the parent: what unl_sc_pt_child_install() sent.  0 or -errno. */
int unl_sc_pt_parent_receive(int chan, struct unl_sc_pt_start *st);
/* Serve st's listener until the process child (the command) exits, or
 * no process of its tree is left, writing the lines to out (opened
 * O_APPEND).  0 or -errno. */
int unl_sc_pt_serve(const struct unl_sc_pt_start *st, int out, pid_t child);

#endif
