// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The net of a process that a thread with a net of its own made with
 * fork(), vfork() or a clone() without CLONE_VM (docs/seccomp.md, "Each
 * thread's net").  In Linux the child starts in the net of the thread
 * that forked it; here its table is a copy of its parent's, whose slot
 * holds the process's carrier.  Those calls are not trapped (a trap
 * that a signal interrupts before the supervisor takes it returns
 * EINTR, which fork() never does), so the child is found afterwards:
 *
 *   - the kernel lists the children of each thread apart
 *     (/proc/PID/task/TID/children: the forking thread is the child's
 *     real parent), so the children of each thread with a net of its
 *     own are looked at (thread-net.c) whenever a trap comes from
 *     another thread than the last one (a child's first trap always
 *     does) and before that thread moves again; one not seen before
 *     gets a record here, with the thread's net then;
 *   - at the child's first trap its record's net is placed in its slot,
 *     before anything is made in a net: what it did until then (system
 *     calls that do not trap) touched no net;
 *   - a process the child forked before its own first trap holds in its
 *     slot the same file the child held (the stale one, kept in the
 *     record): it gets the record's net too at its first trap, unless
 *     it moved (then its slot holds another file).
 *
 * A record lives as long as its child.  A child that shares its
 * parent's descriptor table (CLONE_FILES) is left in the process's net,
 * as clone.c leaves it: its slot is its parent's.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/kcmp.h>

#include "seccomp/sc-open.h"
#include "seccomp/sc-private.h"

/* How far up from a trapping process a record is looked for: a child
 * forks, its child forks, ... before the first of them traps. */
#define FORK_DEPTH 8

struct sc_forked {
	pid_t pid;        /* the child process */
	int carrier;      /* ours: the forking thread's net at the fork */
	ino_t stale;      /* what the child's slot held: its parent's
			     carrier (0: none) */
	int stale_fd;     /* ... kept open, so that its inode stays its */
	bool settled;     /* placed in the child itself */
	struct sc_forked *next;
};

static void forked_free(struct sc_forked *f)
{
	close(f->carrier);
	if (f->stale_fd >= 0)
		close(f->stale_fd);
	free(f);
}

/* Process pid's slot: a copy of the file there (*fd, or -1) and its
 * inode (0 when it holds none). */
static ino_t slot_of(struct sc *s, pid_t pid, int *fd)
{
	int pidfd = sc_pidfd_of(pid);
	struct stat st;

	*fd = -1;
	if (pidfd < 0)
		return 0;
	*fd = (int)syscall(SYS_pidfd_getfd, pidfd, sc_carrier_slot(s), 0);
	close(pidfd);
	if (*fd < 0 || fstat(*fd, &st) < 0) {
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		return 0;
	}
	return st.st_ino;
}

void sc_forked_add(struct sc *s, pid_t pid, int carrier)
{
	struct sc_forked *f;

	for (f = s->forked; f; f = f->next)
		if (f->pid == pid)
			return;
	f = calloc(1, sizeof(*f));
	if (!f)
		return;
	f->carrier = fcntl(carrier, F_DUPFD_CLOEXEC, 0);
	if (f->carrier < 0) {
		free(f);
		return;
	}
	f->pid = pid;
	f->stale = slot_of(s, pid, &f->stale_fd);
	f->next = s->forked;
	s->forked = f;
}

/* The records of children that are gone, freed. */
static void forked_prune(struct sc *s)
{
	struct sc_forked **pp = &s->forked;

	while (*pp) {
		struct sc_forked *f = *pp;

		if (kill(f->pid, 0) == 0 || errno != ESRCH) {
			pp = &f->next;
			continue;
		}
		*pp = f->next;
		forked_free(f);
	}
}

static struct sc_forked *forked_of(struct sc *s, pid_t pid)
{
	for (struct sc_forked *f = s->forked; f; f = f->next)
		if (f->pid == pid)
			return f;
	return NULL;
}

/* The record of tgid's nearest ancestor within FORK_DEPTH, or NULL. */
static struct sc_forked *ancestor_record(struct sc *s, pid_t tgid)
{
	struct sc_forked *f;
	pid_t p = tgid;

	for (int i = 0; i < FORK_DEPTH; i++) {
		p = sc_ppid_of(p);
		if (p <= 1)
			return NULL;
		f = forked_of(s, p);
		if (f)
			return f;
		if (p == s->child)
			return NULL;
	}
	return NULL;
}

/* Does process pid share its descriptor table with its parent (a
 * clone() with CLONE_FILES)?  Then the slot is its parent's too, which
 * stays in its own net: the child is left in it (as clone.c leaves
 * such a child).  kcmp() missing (CONFIG_KCMP): not told, no. */
static bool shares_table(pid_t pid)
{
	pid_t parent = sc_ppid_of(pid);

	return parent > 0 &&
	       syscall(SYS_kcmp, pid, parent, KCMP_FILES, 0, 0) == 0;
}

/* c's process, forked by a thread with a net of its own (or by such a
 * child before that one trapped): the net it started in, placed. */
static void forked_place(struct sc *s, struct sc_call *c)
{
	pid_t tgid = sc_tgid_of((pid_t)c->n.pid);
	struct sc_forked *f = forked_of(s, tgid);
	int fd;
	ino_t held;

	if (f) {
		if (!f->settled && (shares_table(tgid) ||
				    sc_place_carrier(s, c, f->carrier) == 0))
			f->settled = true;
		return;
	}
	f = ancestor_record(s, tgid);
	if (!f)
		return;
	held = slot_of(s, tgid, &fd);
	if (fd >= 0)
		close(fd);
	if (held == f->stale)
		sc_place_carrier(s, c, f->carrier);
}

void sc_fork_nets_settle(struct sc *s, struct sc_call *c)
{
	pid_t tid = (pid_t)c->n.pid;

	if (tid == s->last_tid)
		return;
	s->last_tid = tid;
	if (s->thread_nets)
		sc_thread_nets_scan(s);
	if (!s->forked)
		return;
	forked_prune(s);
	if (s->forked)
		forked_place(s, c);
}

void sc_forked_free(struct sc *s)
{
	while (s->forked) {
		struct sc_forked *f = s->forked;

		s->forked = f->next;
		forked_free(f);
	}
}
