// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * clone() and clone3() with CLONE_NEWNET (docs/seccomp.md, "Nets"): the
 * child must start in a new net of the daemon, the parent stay in its
 * own.  The supervisor cannot run the call itself, and a child's table
 * is a copy of its parent's at the clone: so the new net's carrier
 * (UNL_OP_NS_UNSHARE, judged by the daemon) is placed in the parent's
 * slot before the call continues in the kernel, and the parent's own
 * carrier is owed back to it, placed at its next trapped call (as after
 * close_range(), netns.c).  Every call that makes or reaches something
 * of a net traps, so the parent never acts in the child's net.
 *
 * clone3()'s flags lie in memory: CLONE_NEWNET is taken off them
 * there, so that the kernel makes no net of its own (which it refuses
 * an unprivileged caller that the daemon may allow).  clone()'s are in
 * a register: the kernel runs its CLONE_NEWNET too (docs/conformance.md).
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "seccomp/sc-open.h"
#include "seccomp/sc-private.h"

#ifndef CLONE_NEWNET
#define CLONE_NEWNET 0x40000000
#endif
#define CLONE3_ARGS_MIN 64 /* CLONE_ARGS_SIZE_VER0 */

/* NS_UNSHARE or NS_SETNS for a carrier (fd_in: the net to carry). */
static int carrier_call(struct sc *s, uint32_t op, int fd_in, int *out)
{
	struct unl_wire_req req = { .op = op, .a0 = 1 };
	struct unl_wire_rep rep;
	uint64_t id;
	int fd = -1, err;

	err = unl_sc_wire_call(s->conn, &req, NULL, 0, fd_in, &rep, &id,
			       sizeof(id), &fd, 1);
	if (err)
		return err;
	if (rep.ret < 0 || fd < 0) {
		if (fd >= 0)
			close(fd);
		return rep.ret < 0 ? rep.ret : -EPROTO;
	}
	*out = fd;
	return 0;
}

/* A carrier of the net c's process is in now: a copy of its own, or a
 * new one of the net `run` gave (or of the initial net). */
static int current_carrier(struct sc *s, struct sc_call *c, int *out)
{
	int fd = sc_getfd(c, sc_carrier_slot(s));
	struct unl_wire_req req = { .op = UNL_OP_NS_OPEN,
				    .a0 = UNL_NS_BY_HANDLE };
	struct unl_wire_rep rep;
	uint64_t id;
	int plain = -1, err;

	if (fd >= 0 && sc_is_handle(fd)) {
		*out = fd;
		return 0;
	}
	if (fd >= 0)
		close(fd);
	if (s->net_fd >= 0)
		return carrier_call(s, UNL_OP_NS_SETNS, s->net_fd, out);
	err = unl_sc_wire_call(s->conn, &req, NULL, 0, -1, &rep, &id,
			       sizeof(id), &plain, 1);
	if (!err && (rep.ret < 0 || plain < 0))
		err = rep.ret < 0 ? rep.ret : -EPROTO;
	if (err) {
		if (plain >= 0)
			close(plain);
		return err;
	}
	err = carrier_call(s, UNL_OP_NS_SETNS, plain, out);
	close(plain);
	return err;
}

/* The flags of the call; for clone3 also where they lie (0: a
 * register).  false when they cannot be read (the kernel judges). */
static bool clone_flags(const struct sc_call *c, uint64_t *flags,
			uint64_t *where)
{
	const __u64 *a = c->n.data.args;

	*where = 0;
	if (c->n.data.nr == __NR_clone) {
		*flags = a[0];
		return true;
	}
	if (a[1] < CLONE3_ARGS_MIN)
		return false;
	*where = a[0];
	return sc_mem_read(c, a[0], flags, sizeof(*flags)) == 0;
}

/* The parent's carrier, owed back to it once its thread is back from
 * the clone (netns.c). */
static void owe(struct sc *s, struct sc_call *c, struct sc_owed *o, int old)
{
	o->tgid = sc_tgid_of((pid_t)c->n.pid);
	o->carrier = old;
	o->forker = (pid_t)c->n.pid;
	o->next = s->owed;
	s->owed = o;
}

/* Thread c's own net (own) in its process's slot while the kernel runs
 * the call, the process's carrier owed back (netns.c); exec says how
 * the call's end is told. */
static long own_net_placed(struct sc *s, struct sc_call *c, int own,
			   bool exec)
{
	struct sc_owed *o = calloc(1, sizeof(*o));
	int old = -1, err;

	if (!o)
		return -ENOMEM;
	err = current_carrier(s, c, &old);
	if (!err && !sc_id_valid(s, c))
		err = -EINTR;
	if (!err)
		err = sc_place_carrier(s, c, own);
	if (err) {
		if (old >= 0)
			close(old);
		free(o);
		return err;
	}
	o->exec = exec;
	owe(s, c, o, old);
	return SC_CONTINUE;
}

/*
 * A clone without CLONE_NEWNET by a thread with a net of its own
 * (thread-net.c): a thread starts in it (a birth, clone3() only: clone()
 * of a thread is not trapped), and so does a process, whose table, a
 * copy of its parent's, gets that net in the slot.
 */
static long clone_from_thread(struct sc *s, struct sc_call *c,
			      uint64_t flags)
{
	int own = sc_thread_net_of(s, (pid_t)c->n.pid), err;

	if (own < 0 || ((flags & CLONE_FILES) && !(flags & CLONE_THREAD)))
		return SC_CONTINUE;
	if (flags & CLONE_THREAD) {
		err = sc_thread_birth(s, c);
		return err ? err : SC_CONTINUE;
	}
	return own_net_placed(s, c, own, false);
}

/*
 * execve() or execveat() by a thread with a net of its own, while its
 * process has other threads (a leader alone again has given its net to
 * its process already, thread-net.c): the process that comes out of a
 * successful exec is that thread alone, so its net goes in the slot,
 * and the process's own is owed back should the exec fail (netns.c
 * tells the two apart at the next trap).
 */
static long exec_from_thread(struct sc *s, struct sc_call *c)
{
	int own = sc_thread_net_of(s, (pid_t)c->n.pid);

	return own < 0 ? SC_CONTINUE : own_net_placed(s, c, own, true);
}

/*
 * exec() of a 32-bit program: ENOEXEC, as from a kernel without 32-bit
 * emulation.  Neither front end could serve it (its system calls are
 * another architecture's, which the filter's head kills: filter.c), and
 * refusing it here keeps a program's exec failure an ordinary error.
 * The file is opened as the thread sees it, through /proc.  0 to go on.
 */
static long exec_32bit(struct sc *s, struct sc_call *c)
{
	bool at = c->n.data.nr == __NR_execveat;
	int dirfd = at ? (int)c->n.data.args[0] : AT_FDCWD;
	int flags = at ? (int)c->n.data.args[4] : 0;
	int tid = (int)c->n.pid;
	char path[PATH_MAX], full[PATH_MAX + 64];

	if (sc_read_path(c, c->n.data.args[at ? 1 : 0], path, sizeof(path)))
		return 0; /* the kernel's EFAULT or ENAMETOOLONG */
	if (!path[0] && (flags & AT_EMPTY_PATH))
		snprintf(full, sizeof(full), "/proc/%d/fd/%d", tid, dirfd);
	else if (path[0] == '/')
		snprintf(full, sizeof(full), "/proc/%d/root%s", tid, path);
	else if (dirfd == AT_FDCWD)
		snprintf(full, sizeof(full), "/proc/%d/cwd/%s", tid, path);
	else
		snprintf(full, sizeof(full), "/proc/%d/fd/%d/%s", tid, dirfd,
			 path);
	if (unl_elf_kind(full) != UNL_ELF_32BIT)
		return 0;
	return sc_id_valid(s, c) ? -ENOEXEC : -EINTR;
}

long sc_clone(struct sc *s, struct sc_call *c)
{
	uint64_t flags, where;
	struct sc_owed *o;
	int old = -1, fresh = -1, err;

	if (c->n.data.nr == __NR_execve || c->n.data.nr == __NR_execveat) {
		long r = exec_32bit(s, c);

		return r ? r : exec_from_thread(s, c);
	}
	if (!clone_flags(c, &flags, &where))
		return SC_CONTINUE;
	if (!(flags & CLONE_NEWNET))
		return clone_from_thread(s, c, flags);
	/* one table for both, or a thread: the kernel's (it refuses a
	 * thread with CLONE_NEWNET) */
	if (flags & (CLONE_FILES | CLONE_THREAD))
		return SC_CONTINUE;
	/* a user namespace first: the kernel runs it all, and the child's
	 * new net is followed at its first trap, judged by its rights in
	 * its own user namespace (netns.c), as after `unshare -rn` */
	if (flags & CLONE_NEWUSER)
		return sc_clone_deferred(s, c);
	o = calloc(1, sizeof(*o));
	if (!o)
		return -ENOMEM;
	err = current_carrier(s, c, &old);
	if (!err)
		err = carrier_call(s, UNL_OP_NS_UNSHARE, -1, &fresh);
	if (!err && !sc_id_valid(s, c))
		err = -EINTR;
	if (!err && where) {
		flags &= ~(uint64_t)CLONE_NEWNET;
		err = sc_mem_write(c, where, &flags, sizeof(flags));
	}
	if (!err)
		err = sc_place_carrier(s, c, fresh);
	if (fresh >= 0)
		close(fresh);
	if (err) {
		if (old >= 0)
			close(old);
		free(o);
		return err;
	}
	owe(s, c, o, old);
	return SC_CONTINUE;
}
