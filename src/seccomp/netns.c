// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * unshare(CLONE_NEWNET) and setns() of a trapped child (docs/seccomp.md,
 * "Nets"): the daemon makes or finds the net (UNL_OP_NS_UNSHARE,
 * UNL_OP_NS_SETNS) and gives a carrier handle (wire.h, "Nets and
 * handles"), which the supervisor places in the child at the top of the
 * reserved range.  Inherited across fork and exec like any descriptor,
 * it is the process's net: each socket and ioctl is made in it.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "seccomp/sc-open.h"
#include "seccomp/sc-private.h"

#ifndef CLONE_NEWNET
#define CLONE_NEWNET 0x40000000
#endif

int sc_carrier_slot(const struct sc *s)
{
	return s->base + UNL_SC_RANGE - 1;
}

/* Is fd a net handle of the daemon's?  By the address of the daemon's
 * end (wire.h). */
bool sc_is_handle(int fd)
{
	const size_t plen = sizeof(UNL_NS_ADDR_PREFIX) - 1;
	struct sockaddr_un sa;
	socklen_t l = sizeof(sa);

	memset(&sa, 0, sizeof(sa));
	if (getpeername(fd, (struct sockaddr *)&sa, &l) < 0 ||
	    sa.sun_family != AF_UNIX ||
	    l <= offsetof(struct sockaddr_un, sun_path) + 1 + plen)
		return false;
	return sa.sun_path[0] == '\0' &&
	       !memcmp(sa.sun_path + 1, UNL_NS_ADDR_PREFIX, plen);
}

/* The carrier the process of thread tid is owed while one of its
 * threads forks from a net of its own (clone.c), or -1: the slot holds
 * that thread's net until the kernel has copied the table. */
static int carrier_in_flight(struct sc *s, pid_t tid)
{
	pid_t tgid;

	if (!s->owed)
		return -1;
	tgid = sc_tgid_of(tid);
	for (struct sc_owed *o = s->owed; o; o = o->next)
		if (o->tgid == tgid && o->forker && !o->restored)
			return o->carrier;
	return -1;
}

int sc_net_of(struct sc *s, struct sc_call *c, int *owned)
{
	pid_t tid = c->net_tid ? c->net_tid : (pid_t)c->n.pid;
	int fd = sc_thread_net_of(s, tid);

	*owned = -1;
	if (fd >= 0)
		return fd;
	fd = carrier_in_flight(s, tid);
	if (fd >= 0)
		return fd;
	fd = sc_getfd(c, sc_carrier_slot(s));
	if (fd < 0)
		return s->net_fd;
	if (!sc_is_handle(fd)) {
		close(fd);
		return s->net_fd;
	}
	*owned = fd;
	return fd;
}

/* Place the carrier src in the child's slot, replacing the one there;
 * inherited across exec, as a net is.  0 or -errno. */
int sc_place_carrier(struct sc *s, struct sc_call *c, int src)
{
	struct seccomp_notif_addfd a = {
		.id = c->n.id,
		.flags = SECCOMP_ADDFD_FLAG_SETFD,
		.srcfd = (__u32)src,
		.newfd = (__u32)sc_carrier_slot(s),
	};

	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ADDFD, &a) < 0)
		return -errno;
	return 0;
}

/* NS_UNSHARE or NS_SETNS (with fd_in) for a carrier, placed. */
static long ns_move(struct sc *s, struct sc_call *c, uint32_t op, int fd_in)
{
	struct unl_wire_req req = { .op = op, .a0 = 1 };
	struct unl_wire_rep rep;
	uint64_t id;
	int carrier, err;

	if (!sc_id_valid(s, c))
		return -EINTR;
	err = unl_sc_wire_call(s->conn, &req, NULL, 0, fd_in, &rep, &id,
			       sizeof(id), &carrier, 1);
	if (err)
		return err;
	if (rep.ret < 0) {
		if (carrier >= 0)
			close(carrier);
		return rep.ret;
	}
	if (carrier < 0)
		return -EPROTO;
	/* Dropped unless placed: the new net goes with it.  The thread
	 * moves alone when its process has others (thread-net.c). */
	err = sc_id_valid(s, c) ? sc_net_place(s, c, carrier) : -EINTR;
	close(carrier);
	return err;
}

/*
 * unshare(): the filter traps it when CLONE_NEWNET or CLONE_NEWNS is
 * among the flags.  CLONE_NEWNET alone is served, CLONE_NEWNS alone
 * after a move to another net (nsdir.c); CLONE_NEWNET with other flags
 * runs in the kernel (the supervisor cannot run the rest in the child)
 * and is followed in the model once it did (unshare_deferred()).
 */
/* The inode of thread tid's kernel net, 0 when it cannot be read. */
static ino_t kernel_net(pid_t tid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)tid);
	return stat(path, &st) ? 0 : st.st_ino;
}

/* unshare() of a net with other flags (`unshare -rn`: a user namespace
 * first): the kernel runs the whole call, the daemon judges the new net
 * at the process's next trapped call, by its ids and capabilities then
 * (as after a set*id()), if the kernel's net changed (it refused
 * nothing). */
static long unshare_deferred(struct sc *s, struct sc_call *c)
{
	struct sc_unshared *u = calloc(1, sizeof(*u));

	if (!u)
		return -ENOMEM;
	u->tid = (pid_t)c->n.pid;
	u->tgid = sc_tgid_of(u->tid);
	u->net_before = kernel_net(u->tid);
	u->next = s->unshared;
	s->unshared = u;
	s->cred_dirty = true;
	s->cred_tid = u->tid;
	return SC_CONTINUE;
}

long sc_clone_deferred(struct sc *s, struct sc_call *c)
{
	long ret = unshare_deferred(s, c);

	if (ret == SC_CONTINUE)
		s->unshared->child = true;
	/* the parent's rights do not change */
	s->cred_dirty = false;
	return ret;
}

/* A child of u's process that is in another kernel net than u's thread
 * was: the child the clone made, in the model's new net now.  True when
 * u is settled. */
static bool clone_settle(struct sc *s, struct sc_call *c, pid_t tgid,
			 const struct sc_unshared *u)
{
	ino_t now;

	if (tgid == u->tgid || sc_ppid_of(tgid) != u->tgid)
		return kill(u->tgid, 0) < 0 && errno == ESRCH;
	now = kernel_net((pid_t)c->n.pid);
	if (!now || now == u->net_before)
		return false;
	/* the daemon reads the child's rights, in its own namespace */
	unl_sc_wire_act_stale((pid_t)c->n.pid);
	ns_move(s, c, UNL_OP_NS_UNSHARE, -1);
	return true;
}

void sc_unshare_settle(struct sc *s, struct sc_call *c)
{
	struct sc_unshared **pp = &s->unshared;
	pid_t tgid;

	if (!s->unshared)
		return;
	tgid = sc_tgid_of((pid_t)c->n.pid);
	while (*pp) {
		struct sc_unshared *u = *pp;
		ino_t now;

		if (u->child) {
			if (clone_settle(s, c, tgid, u)) {
				*pp = u->next;
				free(u);
			} else {
				pp = &u->next;
			}
			continue;
		}
		if (u->tgid != tgid && (kill(u->tgid, 0) == 0 || errno != ESRCH)) {
			pp = &u->next;
			continue;
		}
		/* the thread that unshared moves, not another of its process
		 * (thread-net.c), unless it is gone */
		if (u->tgid == tgid && u->tid != (pid_t)c->n.pid &&
		    (syscall(SYS_tgkill, tgid, u->tid, 0) == 0 ||
		     errno != ESRCH)) {
			pp = &u->next;
			continue;
		}
		now = u->tgid == tgid && u->tid == (pid_t)c->n.pid
			      ? kernel_net(u->tid)
			      : 0;
		if (now && now != u->net_before)
			ns_move(s, c, UNL_OP_NS_UNSHARE, -1);
		*pp = u->next;
		free(u);
	}
}

void sc_unshared_free(struct sc *s)
{
	while (s->unshared) {
		struct sc_unshared *u = s->unshared;

		s->unshared = u->next;
		free(u);
	}
}

long sc_unshare(struct sc *s, struct sc_call *c)
{
	int flags = (int)c->n.data.args[0];

	if (flags == CLONE_NEWNS)
		return sc_unshare_mnt(s, c);
	if (!(flags & CLONE_NEWNET))
		return SC_CONTINUE;
	if (flags != CLONE_NEWNET)
		return unshare_deferred(s, c);
	return ns_move(s, c, UNL_OP_NS_UNSHARE, -1);
}

/* setns(fd, 0 or CLONE_NEWNET): a handle of the daemon's moves the
 * process to its net; any other file is the kernel's to judge. */
long sc_setns(struct sc *s, struct sc_call *c)
{
	int fd = sc_getfd(c, (int)c->n.data.args[0]);
	long ret;

	if (fd < 0)
		return SC_CONTINUE;
	ret = sc_is_handle(fd) ? ns_move(s, c, UNL_OP_NS_SETNS, fd)
			    : SC_CONTINUE;
	close(fd);
	return ret;
}


/*
 * close() of the carrier's number, or close_range() over it (Python's
 * subprocess before exec, closefrom()): closing a namespace file does
 * not move a process in Linux.  The kernel closes it (CONTINUE); a copy
 * is kept, and placed back at the process's next trapped call
 * (sc_carrier_restore()), before anything is made in its net.
 */
long sc_carrier_closing(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	int slot = sc_carrier_slot(s), fd;
	struct sc_owed *o;

	if (c->n.data.nr == __NR_close ? (int)a[0] != slot
				       : (unsigned int)a[0] > (unsigned int)slot ||
						 (unsigned int)a[1] < (unsigned int)slot)
		return SC_CONTINUE;
	fd = sc_getfd(c, slot);
	if (fd < 0)
		return SC_CONTINUE;
	o = sc_is_handle(fd) ? calloc(1, sizeof(*o)) : NULL;
	if (!o) {
		close(fd);
		return SC_CONTINUE;
	}
	o->tgid = sc_tgid_of((pid_t)c->n.pid);
	o->carrier = fd;
	o->next = s->owed;
	s->owed = o;
	return SC_CONTINUE;
}

/* The entries of processes that are gone, freed. */
static void owed_prune(struct sc *s)
{
	struct sc_owed **pp = &s->owed;

	while (*pp) {
		struct sc_owed *o = *pp;

		if (kill(o->tgid, 0) == 0 || errno != ESRCH) {
			pp = &o->next;
			continue;
		}
		*pp = o->next;
		close(o->carrier);
		free(o);
	}
}

static void owed_drop(struct sc *s, struct sc_owed *o)
{
	for (struct sc_owed **pp = &s->owed; *pp; pp = &(*pp)->next)
		if (*pp == o) {
			*pp = o->next;
			close(o->carrier);
			free(o);
			return;
		}
}

static struct sc_owed *owed_of(struct sc *s, pid_t tgid)
{
	for (struct sc_owed *o = s->owed; o; o = o->next)
		if (o->tgid == tgid)
			return o;
	return NULL;
}

/* Does process (or thread) tid hold a carrier? */
static bool holds_carrier(struct sc *s, pid_t tid)
{
	int pidfd = sc_pidfd_of(tid), fd = -1;
	bool held;

	if (pidfd >= 0) {
		fd = (int)syscall(SYS_pidfd_getfd, pidfd, sc_carrier_slot(s),
				  0);
		close(pidfd);
	}
	held = fd >= 0 && sc_is_handle(fd);
	if (fd >= 0)
		close(fd);
	return held;
}

/* The owner gets its carrier back at its next trapped call; a process
 * without a carrier whose nearest owing ancestor forked it meanwhile
 * gets that one, as it shares its parent's net. */
void sc_carrier_restore(struct sc *s, struct sc_call *c)
{
	struct sc_owed *o;
	pid_t tgid, p;

	if (!s->owed)
		return;
	owed_prune(s);
	tgid = sc_tgid_of((pid_t)c->n.pid);
	o = owed_of(s, tgid);
	if (o && !o->restored) {
		bool alive = o->forker &&
			     (syscall(SYS_tgkill, tgid, o->forker, 0) == 0 ||
			      errno != ESRCH);

		/* after a clone(), not before its thread is back from it */
		if (o->forker && o->forker != (pid_t)c->n.pid && alive)
			return;
		/* an exec() that made the process its thread's alone; a
		 * thread other than the leader took the leader's tid, and
		 * the leader's own net went with the leader */
		if (o->exec && (!alive || (o->forker == tgid &&
					   sc_thread_count(tgid) == 1))) {
			if (!alive)
				sc_thread_net_drop(s, tgid);
			owed_drop(s, o);
			return;
		}
		sc_place_carrier(s, c, o->carrier);
		o->restored = true;
		if (o->forker)
			owed_drop(s, o);
		return;
	}
	if (!s->owed || o || holds_carrier(s, (pid_t)c->n.pid))
		return;
	for (p = sc_ppid_of(tgid); p > 1; p = sc_ppid_of(p)) {
		o = owed_of(s, p);
		if (o) {
			sc_place_carrier(s, c, o->carrier);
			return;
		}
	}
}

void sc_owed_free(struct sc *s)
{
	while (s->owed) {
		struct sc_owed *o = s->owed;

		s->owed = o->next;
		close(o->carrier);
		free(o);
	}
}
