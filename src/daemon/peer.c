// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Who a client is, and what it may do: the struct unl_cred every request
 * of a control connection acts with.
 *
 * The kernel decides first.  A process's effective capabilities, as
 * Linux computes them through capset(), set*id() and execve() (the
 * bounding set), are read from /proc/PID/status, and trusted only while
 * the pidfd of the peer (SO_PEERPIDFD) says that process still lives, so
 * that a reused pid lends nothing.  They are read when a connection is
 * accepted (every exec makes a new one) and whenever the client says
 * they changed (UNL_OP_CRED), which it can use only to lower them: the
 * kernel's answer counts as far as what the thread said it held.
 *
 *   A process of the daemon's user namespace holds what the kernel
 *   says, as in Linux, where capabilities count in the namespace that
 *   owns the net (--admin root).
 *
 *   The daemon's policy adds emulated rights: the owner of a private
 *   daemon (--admin owner, what `unshare -rn` would give) and the listed
 *   uids and gids hold the admin set although the kernel gives them
 *   nothing.  In the daemon's namespace nothing can lower those: the
 *   kernel has nothing to take, and a capset() of empty sets is what
 *   iproute2 does at every start as a non-root user (drop_cap()).  A
 *   process that runs in a user namespace of its own (`unshare -r`, a
 *   rootless container) holds there what Linux would let it hold over a
 *   net that namespace owned: its emulated rights go no further, so
 *   that capset(), setuid() and the bounding set across exec lower them
 *   as they would, in it and in every process it starts.
 *
 * Everyone else gets nothing, so the core answers EPERM exactly where
 * Linux answers it to an unprivileged process.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/nsfs.h>

#include "daemon/daemon-private.h"

#ifndef SO_PEERPIDFD
#define SO_PEERPIDFD 77
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* CAP_NET_ADMIN: nl_allowed, SO_*BUFFORCE, most of rtnetlink.
 * CAP_NET_BROADCAST, CAP_NET_RAW: group and priority checks.
 * CAP_SYS_ADMIN, CAP_SETUID, CAP_SETGID: SCM_CREDENTIALS with another
 * pid, uid or gid. */
#define UD_ADMIN_CAPS                                                      \
	(UNL_CAP(CAP_NET_ADMIN) | UNL_CAP(CAP_NET_BROADCAST) |             \
	 UNL_CAP(CAP_NET_RAW) | UNL_CAP(CAP_SYS_ADMIN) |                   \
	 UNL_CAP(CAP_SETUID) | UNL_CAP(CAP_SETGID))

/* Everything: the maker of a user namespace, from its parent
 * (cap_capable()). */
#define UD_ALL_CAPS (~UINT64_C(0))

/* The uid_map of pid ("self" for ours) into buf; its length, or -1
 * when it cannot be read or does not fit. */
static ssize_t uid_map_read(const char *pid, char *buf, size_t len)
{
	char path[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%.10s/uid_map", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len);
	close(fd);
	return n < (ssize_t)len ? n : -1;
}

/* What the daemon can learn of itself at start: whether /proc shows
 * capabilities (else uid 0 counts as holding the admin set, as before
 * capabilities were read), and its user namespace. */
void ud_peer_setup(struct ud_daemon *d)
{
	struct stat st;
	FILE *f = fopen("/proc/self/status", "re");
	char *line = NULL;
	size_t cap = 0;

	d->kcaps = false;
	if (f) {
		while (getline(&line, &cap, f) > 0)
			if (!strncmp(line, "CapEff:", 7))
				d->kcaps = true;
		free(line);
		fclose(f);
	}
	if (!d->kcaps)
		ud_log(d, 0, "/proc shows no capabilities: uid 0 is admin");
	d->userns_known = stat("/proc/self/ns/user", &st) == 0;
	if (d->userns_known) {
		ssize_t n = uid_map_read("self", d->uid_map,
					 sizeof(d->uid_map));

		d->userns_dev = st.st_dev;
		d->userns_ino = st.st_ino;
		d->uid_map_len = n > 0 ? (size_t)n : 0;
	}
	switch (d->cfg->admin) {
	case UNL_ADMIN_ROOT:
	case UNL_ADMIN_OWNER:
	case UNL_ADMIN_NONE:
		d->admin = d->cfg->admin;
		break;
	default:
		d->admin = d->cfg->shared ? UNL_ADMIN_ROOT : UNL_ADMIN_OWNER;
		break;
	}
}

static bool gid_listed(const struct ud_daemon *d, gid_t gid)
{
	for (size_t i = 0; i < d->cfg->n_admin_gids; i++)
		if (d->cfg->admin_gids[i] == gid)
			return true;
	return false;
}

/* A "Groups:" line of /proc/PID/status, after its tag. */
static bool groups_line_listed(const struct ud_daemon *d, const char *p)
{
	for (;;) {
		char *end;
		unsigned long g = strtoul(p, &end, 10);

		if (end == p)
			return false;
		if (gid_listed(d, (gid_t)g))
			return true;
		p = end;
	}
}

/* A pidfd that says its process is gone: SO_PEERPIDFD could not make
 * one any more. */
#define PIDFD_GONE (-2)

/* Is the process still the one the pidfd names?  (A pidfd becomes
 * readable when its process exits.)  Without a pidfd (-1) we cannot
 * tell and believe /proc. */
static bool pidfd_alive(int pidfd)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };

	if (pidfd == PIDFD_GONE)
		return false;
	return pidfd < 0 || poll(&p, 1, 0) == 0;
}

static int sockopt_pidfd(int fd)
{
	int pidfd = -1;
	socklen_t len = sizeof(pidfd);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERPIDFD, &pidfd, &len) < 0 ||
	    pidfd < 0)
		return -1;
	/* A descriptor the daemon keeps must not leak into what it might
	 * run. */
	fcntl(pidfd, F_SETFD, FD_CLOEXEC);
	return pidfd;
}

/* The pidfd of process pid of p now: the kept one, or for the process
 * that connected (pidfd_lazy) a new one from the connection, which
 * names that very process however late it is asked (PIDFD_GONE when it
 * cannot be made).  Give it back with pidfd_done(). */
static int pidfd_now(const struct ud_peer *p, pid_t pid)
{
	int fd;

	if (pid != p->origin_pid)
		return p->pidfd;
	if (!p->pidfd_lazy || p->origin_pidfd >= 0)
		return p->origin_pidfd;
	fd = sockopt_pidfd(p->conn_fd);
	return fd < 0 ? PIDFD_GONE : fd;
}

static void pidfd_done(const struct ud_peer *p, int fd)
{
	if (fd >= 0 && fd != p->pidfd && fd != p->origin_pidfd)
		close(fd);
}

/* What /proc/PID/status (or its thread tid's) says, and where the
 * process lives. */
struct proc_status {
	uint64_t cap_eff;
	bool has_caps;
	bool group_listed; /* a supplementary group is an admin group */
	bool our_userns;   /* it lives in the daemon's user namespace */
	dev_t userns_dev;  /* ... else its own, when it can be seen */
	ino_t userns_ino;
};

/*
 * Does pid live in the daemon's user namespace?  Its namespace link
 * says, when the daemon may look at it (PTRACE_MODE_READ: not a
 * non-dumpable process, nor another user's for an unprivileged daemon).
 * Else its uid_map, readable by all, must read as ours: a namespace of
 * its own maps differently, unless whoever made it could map ids as our
 * namespace does (root of ours).
 */
static bool in_our_userns(const struct ud_daemon *d, pid_t pid,
			  struct proc_status *ps)
{
	char path[64], map[sizeof(d->uid_map)];
	struct stat st;
	ssize_t n;

	if (!d->userns_known)
		return true;
	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	if (stat(path, &st) == 0) {
		ps->userns_dev = st.st_dev;
		ps->userns_ino = st.st_ino;
		return st.st_dev == d->userns_dev &&
		       st.st_ino == d->userns_ino;
	}
	snprintf(path, sizeof(path), "%d", (int)pid);
	n = uid_map_read(path, map, sizeof(map));
	return n > 0 && d->uid_map_len && (size_t)n == d->uid_map_len &&
	       !memcmp(map, d->uid_map, (size_t)n);
}

/* 0, or -errno when it cannot be read or belongs to another process
 * than pidfd's. */
static int proc_status_read(const struct ud_daemon *d, pid_t pid, pid_t tid,
			    int pidfd, struct proc_status *st)
{
	char path[64], *line = NULL;
	size_t cap = 0;
	FILE *f;

	memset(st, 0, sizeof(*st));
	st->our_userns = true;
	if (pid <= 0)
		return -ESRCH;
	if (tid > 0)
		snprintf(path, sizeof(path), "/proc/%d/task/%d/status",
			 (int)pid, (int)tid);
	else
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		if (!strncmp(line, "CapEff:", 7)) {
			st->cap_eff = strtoull(line + 7, NULL, 16);
			st->has_caps = true;
		} else if (!strncmp(line, "Groups:", 7)) {
			st->group_listed = groups_line_listed(d, line + 7);
		}
	}
	free(line);
	fclose(f);
	st->our_userns = in_our_userns(d, pid, st);
	/* Checked after the fact: a pid reused meanwhile told us of
	 * another process. */
	if (!pidfd_alive(pidfd)) {
		memset(st, 0, sizeof(*st));
		st->our_userns = true;
		return -ESRCH;
	}
	return 0;
}

static bool uid_listed(const struct ud_daemon *d, uid_t uid)
{
	for (size_t i = 0; i < d->cfg->n_admin_uids; i++)
		if (d->cfg->admin_uids[i] == uid)
			return true;
	return false;
}

/* Supplementary groups as they were at connect time (SO_PEERGROUPS). */
static bool peer_groups_listed(const struct ud_daemon *d, int fd, bool *known)
{
	gid_t small[64], *groups = small;
	socklen_t len = sizeof(small);
	bool found = false;

	*known = false;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) < 0) {
		if (errno != ERANGE)
			return false;
		/* len now says how much is needed. */
		groups = malloc(len);
		if (!groups ||
		    getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) < 0) {
			free(groups);
			return false;
		}
	}
	*known = true;
	for (size_t i = 0; i < len / sizeof(gid_t); i++)
		if (gid_listed(d, groups[i]))
			found = true;
	if (groups != small)
		free(groups);
	return found;
}

/*
 * The rights the policy grants p: the listed ids, and the owner of a
 * private daemon unless that is root, whose rights the kernel tells.
 * fd >= 0: the connection, for the groups of connect time; else st's
 * (the groups now).
 */
static uint64_t granted(const struct ud_daemon *d, const struct ud_peer *p,
			int fd, const struct proc_status *st)
{
	bool known = false;

	if (p->uid == 0 && !d->kcaps)
		return d->admin == UNL_ADMIN_NONE ? 0 : UD_ADMIN_CAPS;
	if (d->admin == UNL_ADMIN_OWNER && p->uid != 0 &&
	    p->uid == d->owner_uid)
		return UD_ADMIN_CAPS;
	if (uid_listed(d, p->uid))
		return UD_ADMIN_CAPS;
	if (!d->cfg->n_admin_gids)
		return 0;
	if (gid_listed(d, p->gid))
		return UD_ADMIN_CAPS;
	if (fd >= 0 && peer_groups_listed(d, fd, &known))
		return UD_ADMIN_CAPS;
	return !known && st->group_listed ? UD_ADMIN_CAPS : 0;
}

/* Does process pid's user namespace descend from the daemon's?  Walked
 * up with NS_GET_PARENT, which refuses to leave the daemon's scope: an
 * ancestor's or a sibling's namespace is not told apart (false). */
static bool userns_below_daemon(const struct ud_daemon *d, pid_t pid)
{
	char path[64];
	struct stat st;
	bool below = false;
	int fd, parent;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	for (int depth = 0; fd >= 0 && depth < 33; depth++) {
		parent = ioctl(fd, NS_GET_PARENT);
		close(fd);
		fd = parent;
		if (fd < 0 || fstat(fd, &st) < 0)
			break;
		if (st.st_dev == d->userns_dev && st.st_ino == d->userns_ino) {
			below = true;
			break;
		}
	}
	if (fd >= 0)
		close(fd);
	return below;
}

/*
 * Recompute cred->caps from what the kernel says now.  What the kernel
 * lets the process hold (up to what it last said it held) counts over
 * the daemon's net when it lives in the daemon's user namespace; else it
 * is what the process could hold over a net of its own namespace, and
 * bounds what the policy grants.  fd as for granted().
 */
static void peer_assess(struct ud_daemon *d, struct ud_peer *p, int fd,
			struct unl_cred *cred)
{
	struct proc_status st;
	uint64_t kernel, policy;
	int pidfd = pidfd_now(p, p->pid);

	/* A thread that exited: its process's first thread then. */
	if (proc_status_read(d, p->pid, p->tid, pidfd, &st) < 0 &&
	    p->tid > 0)
		proc_status_read(d, p->pid, 0, pidfd, &st);
	pidfd_done(p, pidfd);
	kernel = d->kcaps && st.has_caps ? st.cap_eff & p->claimed : 0;
	policy = granted(d, p, fd, &st);
	if (!st.our_userns)
		policy &= kernel;
	cred->caps = policy;
	if (st.our_userns && d->admin != UNL_ADMIN_NONE)
		cred->caps |= kernel;
	/* over the nets its own namespace made, what the kernel gives it
	 * there, whatever the policy (as Linux gives anyone who may make
	 * a user namespace) */
	p->userns_dev = st.our_userns ? 0 : st.userns_dev;
	p->userns_ino = st.our_userns ? 0 : st.userns_ino;
	p->own_caps = p->userns_ino ? kernel : 0;
	p->userns_below = p->userns_ino && d->userns_known &&
			  userns_below_daemon(d, p->pid);
}

void ud_net_owner_set(struct ud_conn *c, struct ud_net *n)
{
	const struct ud_daemon *d = c->d;
	char path[64];
	int fd, parent;

	n->owner_dev = c->peer.userns_dev;
	n->owner_ino = c->peer.userns_ino;
	n->n_up = 0;
	n->up_to_daemon = false;
	if (!n->owner_ino)
		return;
	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)c->peer.pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ioctl(fd, NS_GET_OWNER_UID, &n->owner_maker_uid);
	/* up to the daemon's own (NS_GET_PARENT refuses to go above it) */
	while (n->n_up < UD_USERNS_UP_MAX &&
	       (parent = ioctl(fd, NS_GET_PARENT)) >= 0) {
		struct ud_userns_up *u = &n->up[n->n_up];
		struct stat st;
		uid_t maker = (uid_t)-1;

		ioctl(parent, NS_GET_OWNER_UID, &maker);
		close(fd);
		fd = parent;
		if (fstat(fd, &st) < 0)
			break;
		if (st.st_dev == d->userns_dev && st.st_ino == d->userns_ino) {
			n->up_to_daemon = true;
			break;
		}
		u->dev = st.st_dev;
		u->ino = st.st_ino;
		u->maker_uid = (uint32_t)maker;
		n->n_up++;
	}
	close(fd);
}

/*
 * Linux's cap_capable() over net->user_ns: the caller's capabilities
 * count where its own namespace is the owner or one of the owner's
 * ancestors, and a caller whose namespace is the parent of one of them
 * and whose euid made it has every capability there.  c's namespace is
 * its own (peer.userns_*) or the daemon's (0), whose capabilities are
 * c->cred's.  A caller in a namespace below the daemon's holds nothing
 * over any other net: the daemon's own nets are its namespace's (the
 * one `unetlink run` started in), which the policy's rights are about.
 * A caller in a namespace the daemon cannot place (an ancestor's or a
 * sibling's) keeps what the policy gives it (docs/conformance.md).
 */
void ud_cred_in_net(const struct ud_conn *c, const struct ud_net *n,
		    struct unl_cred *out)
{
	const struct ud_peer *p = &c->peer;
	uint32_t maker;

	*out = c->cred;
	if (!n)
		return;
	/* from here on, a caller below the daemon's namespace that is not
	 * told it holds something holds nothing (cap_capable()) */
	if (p->userns_below)
		out->caps = 0;
	if (!n->owner_ino)
		return;
	if (n->owner_ino == p->userns_ino && n->owner_dev == p->userns_dev) {
		out->caps = p->own_caps;
		return;
	}
	maker = n->owner_maker_uid;
	for (unsigned int i = 0; i <= n->n_up; i++) {
		bool daemons = i == n->n_up;
		bool here = daemons ? !p->userns_ino
				    : n->up[i].ino == p->userns_ino &&
					      n->up[i].dev == p->userns_dev;

		if (daemons && !n->up_to_daemon)
			return; /* not below the daemon's, as far as seen */
		if (!here) {
			if (!daemons)
				maker = n->up[i].maker_uid;
			continue;
		}
		/* the namespace below this one was made by the caller */
		if (maker == c->cred.uid)
			out->caps = UD_ALL_CAPS;
		else if (!daemons)
			out->caps = p->own_caps;
		return;
	}
}

bool ud_capable(const struct ud_conn *c, const struct ud_net *n, int cap)
{
	struct unl_cred cred;

	if (!n && c->peer.userns_ino)
		return c->peer.own_caps & UNL_CAP(cap);
	ud_cred_in_net(c, n, &cred);
	return cred.caps & UNL_CAP(cap);
}

/* ---- connections -------------------------------------------------- */

/* The peer's pidfd: SO_PEERPIDFD names the very process that connected
 * (Linux 6.5); before that, pidfd_open() on its pid, which a process
 * that exits at once could lend to another. */
static int peer_pidfd(int fd, pid_t pid)
{
	int pidfd = sockopt_pidfd(fd);

	if (pidfd >= 0)
		return pidfd;
	if (pid <= 0)
		return -1;
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd >= 0)
		fcntl(pidfd, F_SETFD, FD_CLOEXEC);
	return pidfd;
}

/* The credentials every request on connection fd acts with.  0 or
 * -errno; on success p owns a pidfd (ud_peer_fini). */
int ud_peer_init(struct ud_daemon *d, int fd, struct ud_peer *p,
		 struct unl_cred *cred)
{
	struct ucred uc;
	socklen_t len = sizeof(uc);

	memset(p, 0, sizeof(*p));
	p->pidfd = -1;
	p->origin_pidfd = -1;
	p->conn_fd = fd;
	p->claimed = ~UINT64_C(0);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) < 0)
		return -errno;
	p->pid = uc.pid;
	p->uid = uc.uid;
	p->gid = uc.gid;
	p->origin_pid = p->pid;
	p->pidfd = sockopt_pidfd(fd);
	/* Where the connection gives the pidfd again (SO_PEERPIDFD, Linux
	 * 6.5), it is not kept past this first look: a connection costs
	 * two descriptors instead of three (RLIMIT_NOFILE, issue 18's
	 * 10,000 clients). */
	p->pidfd_lazy = p->pidfd >= 0;
	if (p->pidfd < 0)
		p->pidfd = peer_pidfd(fd, uc.pid);
	p->origin_pidfd = p->pidfd;
	memset(cred, 0, sizeof(*cred));
	cred->pid = uc.pid;
	cred->uid = uc.uid;
	cred->gid = uc.gid;
	peer_assess(d, p, fd, cred);
	p->origin_uid = p->uid;
	p->origin_gid = p->gid;
	p->origin_caps = cred->caps;
	if (p->pidfd_lazy) {
		close(p->pidfd);
		p->pidfd = -1;
		p->origin_pidfd = -1;
	}
	return 0;
}

void ud_peer_fini(struct ud_peer *p)
{
	if (p->pidfd >= 0 && p->pidfd != p->origin_pidfd)
		close(p->pidfd);
	if (p->origin_pidfd >= 0)
		close(p->origin_pidfd);
	p->pidfd = -1;
	p->origin_pidfd = -1;
}

/* ---- acting for a process of the tree (UNL_OP_ACT_FOR) ------------- */

/* The four ids (real, effective, saved, fs) of a "Uid:" or "Gid:" line
 * of /proc/PID/status (of its thread tid when > 0).  0 or -errno. */
static int proc_ids(pid_t pid, pid_t tid, const char *tag, uint32_t ids[4])
{
	char path[64], *line = NULL;
	size_t cap = 0, n = strlen(tag);
	int found = 0;
	FILE *f;

	if (tid > 0)
		snprintf(path, sizeof(path), "/proc/%d/task/%d/status",
			 (int)pid, (int)tid);
	else
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -ESRCH;
	while (!found && getline(&line, &cap, f) > 0)
		if (!strncmp(line, tag, n))
			found = sscanf(line + n, "%u %u %u %u", &ids[0], &ids[1],
				       &ids[2], &ids[3]) == 4;
	free(line);
	fclose(f);
	return found ? 0 : -ESRCH;
}

/* The parent of pid, from /proc (0 when gone or not told). */
static pid_t parent_of(pid_t pid)
{
	char path[64], *line = NULL;
	size_t cap = 0;
	long ppid = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (getline(&line, &cap, f) > 0)
		if (!strncmp(line, "PPid:", 5)) {
			ppid = strtol(line + 5, NULL, 10);
			break;
		}
	free(line);
	fclose(f);
	return (pid_t)ppid;
}

/* When pid started, in clock ticks after boot (/proc/PID/stat's 22nd
 * field), 0 when gone or not told. */
static unsigned long long start_of(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long t = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	/* the name may hold anything: the fields start after its last ')' */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
				"%*u %*u %*d %*d %*d %*d %*d %*d %llu", &t) != 1)
		return 0;
	return t;
}

/*
 * Is pid below origin?  Its parents are walked up.  A process origin
 * made with CLONE_PARENT (a bare clone(), docs/seccomp.md) is its
 * sibling, a child of origin's parent, which /proc cannot tell from any
 * other child that parent made: a shell's next command, or with init
 * as the parent every process started since.  So a sibling (a process
 * whose parent is origin's, started no earlier than origin, the daemon
 * itself aside) counts only when the record asking was written by that
 * parent (sender, from SCM_CREDENTIALS, which the kernel checks): the
 * seccomp supervisor, which started origin and holds its connection,
 * and whose children are the ones it made or origin's CLONE_PARENT
 * ones.  The ids and rights act_for() grants stay bounded by origin's
 * whatever it names.
 */
static bool descends_from(pid_t pid, pid_t origin, pid_t sender)
{
	pid_t above = parent_of(origin);
	unsigned long long born = 0;
	bool siblings = sender > 0 && above > 0 && sender == above;

	for (int depth = 0; pid > 1 && depth < 1024; depth++) {
		pid_t parent = parent_of(pid);

		if (parent == origin)
			return true;
		if (siblings && parent == above && pid != getpid()) {
			if (!born)
				born = start_of(origin);
			if (born && start_of(pid) >= born)
				return true;
		}
		pid = parent;
	}
	return false;
}

/* Ids a descendant may hold: its origin's, or any when the origin could
 * set ids (it could have become anyone itself). */
static bool ids_allowed(const uint32_t ids[4], uint32_t origin, bool any)
{
	for (int i = 0; i < 4; i++)
		if (!any && ids[i] != origin)
			return false;
	return true;
}

/*
 * The connection acts for process pid from now on.  Only the process
 * that connected and its descendants may be named, with the ids of the
 * one that connected unless it could set ids, and never with more
 * rights than it connected with: the tree's credentials, each process
 * its own, as if each had connected itself.
 */
/* Is the process that connected still alive?  Its pid, which the walk
 * compares with, is then not another process's. */
static bool origin_alive(const struct ud_peer *p)
{
	int fd = pidfd_now(p, p->origin_pid);
	bool alive = pidfd_alive(fd);

	pidfd_done(p, fd);
	return alive;
}

int ud_peer_act_for(struct ud_daemon *d, struct ud_peer *p,
		    struct unl_cred *cred, pid_t pid, pid_t tid, pid_t sender)
{
	bool origin = pid == p->origin_pid;
	uint32_t uids[4], gids[4];
	struct unl_cred nc;
	struct ud_peer np;
	int pidfd, err;

	if (pid <= 0 || tid < 0)
		return -EINVAL;
	pidfd = origin ? pidfd_now(p, pid)
		       : (int)syscall(SYS_pidfd_open, pid, 0);
	if (!origin && pidfd < 0)
		return -ESRCH;
	/* checked after the walk: a process that died meanwhile may have
	 * left its pid to another */
	if (!origin && (!descends_from(pid, p->origin_pid, sender) ||
			!origin_alive(p))) {
		close(pidfd);
		return -EPERM;
	}
	err = proc_ids(pid, tid, "Uid:", uids);
	if (!err)
		err = proc_ids(pid, tid, "Gid:", gids);
	if (!err && !pidfd_alive(pidfd))
		err = -ESRCH;
	if (!err && (!ids_allowed(uids, p->origin_uid,
				  p->origin_caps & UNL_CAP(CAP_SETUID)) ||
		     !ids_allowed(gids, p->origin_gid,
				  p->origin_caps & UNL_CAP(CAP_SETGID))))
		err = -EPERM;
	if (origin && p->pidfd_lazy) {
		/* asked again when needed */
		if (pidfd >= 0)
			close(pidfd);
		pidfd = -1;
	}
	if (err) {
		if (!origin)
			close(pidfd);
		return err;
	}
	if (pidfd >= 0)
		fcntl(pidfd, F_SETFD, FD_CLOEXEC);
	np = *p;
	np.pid = pid;
	np.tid = tid > 0 && tid != pid ? tid : 0;
	np.pidfd = pidfd;
	np.uid = uids[0];
	np.gid = gids[0];
	np.base_valid = false;
	np.claimed = ~UINT64_C(0);
	memset(&nc, 0, sizeof(nc));
	nc.pid = pid;
	nc.uid = uids[0];
	nc.gid = gids[0];
	peer_assess(d, &np, -1, &nc);
	nc.caps &= p->origin_caps;
	if (p->pidfd >= 0 && p->pidfd != p->origin_pidfd)
		close(p->pidfd);
	*p = np;
	*cred = nc;
	ud_log(d, 2, "connection of pid %d acts for pid %d (uid %u)",
	       p->origin_pid, pid, nc.uid);
	return 0;
}

/*
 * The client changed identity since it connected (a root process that
 * called setresuid(), the conformance harness's `unpriv`): SO_PEERCRED
 * still says who connected, so each request's SCM_CREDENTIALS (the kernel
 * adds them, SO_PASSCRED being set on our end) is compared with the first
 * one seen.  Those carry the real uid and gid, so only a change counts: a
 * set-uid program (real uid a user, effective 0) keeps the rights it
 * connected with, while one that gave up root loses them.
 */
void ud_peer_update(struct ud_daemon *d, struct ud_peer *p,
		    struct unl_cred *cred, const struct ucred *uc)
{
	if (!p->base_valid) {
		p->base_valid = true;
		p->base_uid = uc->uid;
		p->base_gid = uc->gid;
		return;
	}
	if (uc->uid == p->base_uid && uc->gid == p->base_gid)
		return;
	p->base_uid = uc->uid;
	p->base_gid = uc->gid;
	p->uid = uc->uid;
	p->gid = uc->gid;
	cred->uid = uc->uid;
	cred->gid = uc->gid;
	peer_assess(d, p, -1, cred);
	ud_log(d, 2, "pid %d is now uid %u gid %u%s", cred->pid, cred->uid,
	       cred->gid, cred->caps ? " (privileged)" : "");
}

/*
 * UNL_OP_CRED: the client's capabilities changed (capset(), set*id()).
 * The kernel is asked again, for the thread that changed them, and its
 * answer counts only as far as the thread said it held when it sent the
 * record: a request sent after a drop is never answered with rights the
 * thread has taken back since, while the daemon was not looking.
 */
void ud_peer_report(struct ud_daemon *d, struct ud_peer *p,
		    struct unl_cred *cred, const struct unl_wire_cred *wc)
{
	p->tid = wc->tid > 0 && wc->tid != p->pid ? wc->tid : 0;
	p->claimed = wc->effective;
	peer_assess(d, p, -1, cred);
	ud_log(d, 2, "pid %d capabilities changed: %#llx", cred->pid,
	       (unsigned long long)cred->caps);
}
