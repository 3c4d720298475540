// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The nets of single threads (docs/seccomp.md, "Nets"): in Linux each
 * thread has its own net (its nsproxy), and setns() or unshare() moves
 * the calling thread alone.  A process's carrier (netns.c) is the net
 * of every thread that has none of its own; a thread that moves while
 * its process has others gets one here, in the supervisor, by tid:
 *
 *   - its sockets, ioctls and files (/proc/thread-self/net, /proc/sys)
 *     are made in that net; /proc/self/net and /proc/self/ns/net are
 *     its leader's;
 *   - a process it starts with clone3() or clone() and CLONE_VM (posix_spawn(),
 *     Go's os/exec) starts in it: the filter traps those, and the
 *     thread's net is placed in the process's slot while the kernel
 *     copies the table, the process's own owed back to it (clone.c);
 *   - a process it forks (fork(), vfork(), clone() without CLONE_VM:
 *     not trapped) starts in it too: the thread's children, which the
 *     kernel lists apart, are looked at and each new one gets a record
 *     of the net (fork-net.c);
 *   - a thread it makes with clone3() (pthread_create() of glibc 2.34
 *     and later) starts in it: the new thread, not known yet, is found
 *     at its first trap among the threads that were not there at the
 *     clone3() (a birth);
 *   - once the leader is the last thread, its own net becomes the
 *     process's carrier again, so that what it makes next and exec()
 *     keep it.
 *
 * An entry is dropped when its thread exits: its pidfd (PIDFD_THREAD)
 * turns readable, which the notification loop watches.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "seccomp/sc-open.h"
#include "seccomp/sc-private.h"
#include "seccomp/proc-status.h"

struct sc_thread_net {
	pid_t tgid, tid;
	int carrier; /* ours: the thread's net */
	int pidfd;   /* the thread's, readable once it exited; or -1 */
	/* The processes it forked that fork-net.c has been told of (or
	 * that it forked before it had this net), sorted. */
	pid_t *kids;
	size_t nkids;
	struct sc_thread_net *next;
};

/* A clone3() of a thread by a thread with a net of its own. */
struct sc_thread_birth {
	pid_t tgid, parent;
	int carrier;      /* ours: the parent's net */
	pid_t *known;     /* the process's threads before the call */
	size_t nknown;
	struct sc_thread_birth *next;
};

/* How many threads process tgid has (/proc), 0 when not told. */
int sc_thread_count(pid_t tgid)
{
	struct sc_proc_status st;

	return sc_proc_status(tgid, &st) == 0 ? st.threads : 0;
}

static struct sc_thread_net *entry_of(struct sc *s, pid_t tid)
{
	for (struct sc_thread_net *t = s->thread_nets; t; t = t->next)
		if (t->tid == tid)
			return t;
	return NULL;
}

int sc_thread_net_of(struct sc *s, pid_t tid)
{
	struct sc_thread_net *t = s->thread_nets ? entry_of(s, tid) : NULL;

	return t ? t->carrier : -1;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* The children thread tid of tgid forked, sorted (the kernel's list,
 * /proc/PID/task/TID/children); NULL with *n 0 when none or not told. */
static pid_t *children_of(pid_t tgid, pid_t tid, size_t *n)
{
	char path[80];
	pid_t *v = NULL, *nv;
	size_t cap = 0;
	FILE *f;
	int pid;

	*n = 0;
	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)tgid,
		 (int)tid);
	f = fopen(path, "re");
	if (!f)
		return NULL;
	while (fscanf(f, "%d", &pid) == 1) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		v[(*n)++] = pid;
	}
	fclose(f);
	if (v)
		qsort(v, *n, sizeof(*v), cmp_pid);
	return v;
}

static bool kid_known(const struct sc_thread_net *t, pid_t pid)
{
	return t->kids && bsearch(&pid, t->kids, t->nkids, sizeof(pid_t),
				  cmp_pid);
}

/* The processes t forked since it was last looked at start in its net
 * (fork-net.c). */
static void kids_scan(struct sc *s, struct sc_thread_net *t)
{
	size_t n;
	pid_t *now = children_of(t->tgid, t->tid, &n);

	for (size_t i = 0; i < n; i++)
		if (!kid_known(t, now[i]))
			sc_forked_add(s, now[i], t->carrier);
	free(t->kids);
	t->kids = now;
	t->nkids = n;
}

void sc_thread_nets_scan(struct sc *s)
{
	for (struct sc_thread_net *t = s->thread_nets; t; t = t->next)
		kids_scan(s, t);
}

static void entry_free(struct sc_thread_net *t)
{
	free(t->kids);
	close(t->carrier);
	if (t->pidfd >= 0)
		close(t->pidfd);
	free(t);
}

void sc_thread_net_drop(struct sc *s, pid_t tid)
{
	for (struct sc_thread_net **pp = &s->thread_nets; *pp;
	     pp = &(*pp)->next) {
		struct sc_thread_net *t = *pp;

		if (t->tid == tid) {
			/* what it forked in its net stays there */
			kids_scan(s, t);
			*pp = t->next;
			entry_free(t);
			return;
		}
	}
}

/* Thread tid of tgid is in the net of carrier (taken); moved says it
 * moved there (what it forked before is in its process's net), rather
 * than being born there. */
static int entry_set(struct sc *s, pid_t tgid, pid_t tid, int carrier,
		     bool moved)
{
	struct sc_thread_net *t = entry_of(s, tid);

	if (t) {
		/* what it forked in the old net stays there */
		kids_scan(s, t);
		close(t->carrier);
		t->carrier = carrier;
		return 0;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		close(carrier);
		return -ENOMEM;
	}
	t->tgid = tgid;
	t->tid = tid;
	t->carrier = carrier;
	if (moved)
		t->kids = children_of(tgid, tid, &t->nkids);
	/* a process pidfd (before Linux 6.9) turns readable only when the
	 * whole process ended: the entry lives that long */
	t->pidfd = (int)syscall(SYS_pidfd_open, tid, PIDFD_THREAD);
	if (t->pidfd < 0)
		t->pidfd = sc_pidfd_of(tid);
	t->next = s->thread_nets;
	s->thread_nets = t;
	return 0;
}

int sc_net_place(struct sc *s, struct sc_call *c, int carrier)
{
	pid_t tid = (pid_t)c->n.pid, tgid = sc_tgid_of(tid);
	int own;

	if (sc_thread_count(tgid) > 1) {
		own = fcntl(carrier, F_DUPFD_CLOEXEC, 0);
		return own < 0 ? -errno : entry_set(s, tgid, tid, own, true);
	}
	sc_thread_net_drop(s, tid);
	return sc_place_carrier(s, c, carrier);
}

/* The threads of tgid now, sorted; NULL with *n 0 when none are told. */
static pid_t *threads_now(pid_t tgid, size_t *n)
{
	char path[64];
	struct dirent *d;
	pid_t *v = NULL, *nv;
	size_t cap = 0;
	DIR *dir;

	*n = 0;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)tgid);
	dir = opendir(path);
	if (!dir)
		return NULL;
	while ((d = readdir(dir))) {
		int tid = atoi(d->d_name);

		if (tid <= 0)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		v[(*n)++] = tid;
	}
	closedir(dir);
	return v;
}

static bool known(const struct sc_thread_birth *b, pid_t tid)
{
	for (size_t i = 0; i < b->nknown; i++)
		if (b->known[i] == tid)
			return true;
	return false;
}

static void birth_free(struct sc_thread_birth *b)
{
	close(b->carrier);
	free(b->known);
	free(b);
}

int sc_thread_birth(struct sc *s, struct sc_call *c)
{
	pid_t tid = (pid_t)c->n.pid;
	int carrier = sc_thread_net_of(s, tid);
	struct sc_thread_birth *b;

	if (carrier < 0)
		return 0;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->tgid = sc_tgid_of(tid);
	b->parent = tid;
	b->carrier = fcntl(carrier, F_DUPFD_CLOEXEC, 0);
	b->known = threads_now(b->tgid, &b->nknown);
	if (b->carrier < 0 || !b->known) {
		int err = b->carrier < 0 ? -errno : -ENOMEM;

		if (b->carrier >= 0)
			close(b->carrier);
		free(b->known);
		free(b);
		return err;
	}
	b->next = s->births;
	s->births = b;
	return 0;
}

/* The threads b's parent made: every thread not known before and with
 * no net of its own. */
static void birth_settle(struct sc *s, struct sc_thread_birth *b)
{
	size_t n;
	pid_t *now = threads_now(b->tgid, &n);

	for (size_t i = 0; now && i < n; i++) {
		int own;

		if (known(b, now[i]) || entry_of(s, now[i]))
			continue;
		own = fcntl(b->carrier, F_DUPFD_CLOEXEC, 0);
		if (own >= 0)
			entry_set(s, b->tgid, now[i], own, false);
	}
	free(now);
}

/* The clone3() is over once its parent or a thread it made traps. */
static void births_settle(struct sc *s, pid_t tgid, pid_t tid)
{
	struct sc_thread_birth **pp = &s->births;

	while (*pp) {
		struct sc_thread_birth *b = *pp;

		if (b->tgid != tgid || (tid != b->parent && known(b, tid))) {
			pp = &b->next;
			continue;
		}
		birth_settle(s, b);
		*pp = b->next;
		birth_free(b);
	}
}

/* The leader alone again: its net is the process's. */
static void leader_fold(struct sc *s, struct sc_call *c)
{
	struct sc_thread_net *t = entry_of(s, (pid_t)c->n.pid);

	if (!t || t->tgid != t->tid || sc_thread_count(t->tgid) != 1)
		return;
	if (sc_place_carrier(s, c, t->carrier) == 0)
		sc_thread_net_drop(s, t->tid);
}

void sc_thread_nets_settle(struct sc *s, struct sc_call *c)
{
	if (s->births)
		births_settle(s, sc_tgid_of((pid_t)c->n.pid), (pid_t)c->n.pid);
	if (s->thread_nets)
		leader_fold(s, c);
}

size_t sc_thread_nets_watch(struct sc *s, struct pollfd *pf, size_t cap)
{
	size_t n = 0;

	for (struct sc_thread_net *t = s->thread_nets; t && n < cap;
	     t = t->next)
		pf[n++] = (struct pollfd){ .fd = t->pidfd, .events = POLLIN };
	return n;
}

size_t sc_thread_nets_count(const struct sc *s)
{
	size_t n = 0;

	for (const struct sc_thread_net *t = s->thread_nets; t; t = t->next)
		n++;
	return n;
}

void sc_thread_nets_reap(struct sc *s, const struct pollfd *pf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct sc_thread_net **pp = &s->thread_nets;

		if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
			continue;
		while (*pp && (*pp)->pidfd != pf[i].fd)
			pp = &(*pp)->next;
		if (*pp) {
			struct sc_thread_net *t = *pp;

			*pp = t->next;
			entry_free(t);
		}
	}
}

void sc_thread_nets_free(struct sc *s)
{
	while (s->thread_nets) {
		struct sc_thread_net *t = s->thread_nets;

		s->thread_nets = t->next;
		entry_free(t);
	}
	while (s->births) {
		struct sc_thread_birth *b = s->births;

		s->births = b->next;
		birth_free(b);
	}
}
