// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Network namespaces as a program under the shim sees them.
 *
 * Each thread has a current net, as each task has its nsproxy in Linux:
 * a reference on a handle the daemon gave (wire.h, "Nets and handles"),
 * or none for the initial net.  The first thread's is the process's,
 * kept in a carrier handle that is inherited across fork and exec like
 * any descriptor (the program's close(), close_range(), dup2() and
 * F_SETFD leave it alone); after exec it is found among the inherited
 * descriptors.  As in Linux, a move changes the calling thread's net
 * alone: a first thread that moves while others run leaves them in
 * others_net; a thread made by pthread_create() starts in its maker's
 * net, a process forked in its forking thread's (the fork hooks).  A
 * socket is made in its creating thread's net: the handle travels with
 * CREATE.  No process can claim a net it holds no
 * handle to: the daemon checks each handle it is given.
 *
 *   unshare(CLONE_NEWNET)   a new net from the daemon (CAP_SYS_ADMIN in
 *                           its view); other flags go to the kernel
 *   setns(fd, 0|NEWNET)     fd a handle (or a pidfd): its net
 *   clone(CLONE_NEWNET)     the child starts in a new net
 *   syscall(SYS_clone3) with CLONE_NEWNET: the same (libc has no
 *                           clone3() of its own to interpose);
 *                           syscall(SYS_unshare), syscall(SYS_setns)
 *                           as unshare() and setns()
 *   open("/proc/PID/ns/net") and the other spellings: a plain handle
 *   stat(), fstat(), statx(), readlink() of those: the net's id as the
 *                           inode (what `ip netns identify` compares)
 *
 * /run/netns and /var/run/netns are the daemon's netns directory (beside
 * its socket): every call iproute2 makes on them is redirected there,
 * and `mount --bind` of a namespace onto one of its files, and umount2()
 * of it, bind and unbind the name in the daemon.  Opening a bound name
 * gives a handle.  After setns() moved the process, the mount namespace
 * `ip netns exec` and `ip -n` make is emulated: unshare(CLONE_NEWNS)
 * succeeds without one, and the remounts that follow (/ as a slave,
 * /sys, the /etc/netns binds) succeed without touching the host; other
 * mounts are refused with EPERM there.  An emulated mount namespace is
 * inherited across exec ($UNETLINK_MNTNS).
 *
 * What a preload cannot reach is in docs/conformance.md: raw system
 * calls (but syscall(SYS_clone3)), paths relative to a directory descriptor, libc's
 * internal opens (fopen()'s, scandir()'s).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <linux/nsfs.h>
#include <linux/openat2.h>
#include <linux/sched.h>

#include "shim/shim.h"
#include "wire/elf-kind.h"

#ifndef CLONE_NEWNET
#define CLONE_NEWNET 0x40000000
#endif
#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

#define ENV_MNTNS "UNETLINK_MNTNS"

/* ---- the net of each thread ----------------------------------------- */

struct shim_nsref {
	atomic_int refs;
	int fd;      /* the handle; the carrier for the process's */
	uint64_t id; /* the net's id */
};

static pthread_mutex_t ns_lk = PTHREAD_MUTEX_INITIALIZER;
static struct shim_nsref *proc_net; /* NULL: the initial net */
atomic_int shim_carrier_fd = -1;
/* A thread that moved alone (setns() or unshare() in a thread other
 * than the first) has a net of its own; the others follow the
 * process's. */
static _Thread_local struct shim_nsref *thr_net;
static _Thread_local bool thr_own;
/* The first thread moved while others ran: those that had no net of
 * their own stay in others_net (NULL: the initial net), as in Linux,
 * where setns() moves the calling thread alone; proc_net (the carrier,
 * which exec keeps) is the first thread's. */
static bool others_apart;
static struct shim_nsref *others_net;
/* The same reference as thread-specific data, whose destructor drops it
 * when the thread exits (the _Thread_local copy is the fast one). */
static pthread_key_t thr_key;
static pthread_once_t thr_key_once = PTHREAD_ONCE_INIT;
static bool thr_key_made;

/* The last namespace change of this process was a move to another net
 * (what `ip netns exec` does before unshare(CLONE_NEWNS)), and whether
 * the mount namespace is emulated. */
static atomic_bool net_moved;
static atomic_bool mnt_emulated;

/* The thread that ran our constructor (the first): a child forked
 * without the handlers has one thread, whose tid says nothing of which
 * thread of its parent it copies; its pthread_self() does. */
static pthread_t first_pthread;

static bool first_thread(void)
{
	return (pid_t)shim_sys(SYS_gettid) == getpid();
}

void shim_ns_put(struct shim_nsref *r)
{
	if (r && atomic_fetch_sub(&r->refs, 1) == 1) {
		shim_real.close(r->fd);
		free(r);
	}
}

static void thr_net_exit(void *p)
{
	thr_net = NULL;
	thr_own = false;
	shim_ns_put(p);
}

static void thr_key_make(void)
{
	thr_key_made = pthread_key_create(&thr_key, thr_net_exit) == 0;
}

/* This thread's own net becomes r (a reference the thread holds). */
static void thr_net_set(struct shim_nsref *r)
{
	pthread_once(&thr_key_once, thr_key_make);
	thr_net = r;
	thr_own = true;
	if (thr_key_made)
		pthread_setspecific(thr_key, r);
}

struct shim_nsref *shim_ns_current(void)
{
	struct shim_nsref *r;

	if (thr_own) {
		r = thr_net;
		if (r)
			atomic_fetch_add(&r->refs, 1);
		return r;
	}
	pthread_mutex_lock(&ns_lk);
	r = others_apart && !first_thread() ? others_net : proc_net;
	if (r)
		atomic_fetch_add(&r->refs, 1);
	pthread_mutex_unlock(&ns_lk);
	return r;
}

struct shim_nsref *shim_ns_process(void)
{
	struct shim_nsref *r;

	pthread_mutex_lock(&ns_lk);
	r = proc_net;
	if (r)
		atomic_fetch_add(&r->refs, 1);
	pthread_mutex_unlock(&ns_lk);
	return r;
}

/* How many threads this process has (/proc/self/task), 0 when not told. */
static int thread_count(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

int shim_ns_fd(const struct shim_nsref *r)
{
	return r ? r->fd : -1;
}

/* Make handle fd (close-on-exec, ours) the net of this thread, or of
 * the process (then it is the carrier, and crosses exec). */
static int ns_install(int fd, uint64_t id, bool process)
{
	struct shim_nsref *r = malloc(sizeof(*r)), *old;

	if (!r || (process && shim_real.fcntl(fd, F_SETFD, 0) < 0)) {
		int err = r ? -errno : -ENOMEM;

		free(r);
		shim_real.close(fd);
		return err;
	}
	atomic_init(&r->refs, 1);
	r->fd = fd;
	r->id = id;
	if (process) {
		bool alone = thread_count() <= 1;

		pthread_mutex_lock(&ns_lk);
		old = proc_net;
		proc_net = r;
		atomic_store(&shim_carrier_fd, fd);
		/* the other threads stay where they are */
		if (!alone && !others_apart) {
			others_apart = true;
			others_net = old;
			old = NULL;
			/* no longer the carrier: exec must not find it */
			if (others_net)
				shim_real.fcntl(others_net->fd, F_SETFD,
						FD_CLOEXEC);
		} else if (alone && others_apart) {
			others_apart = false;
			shim_ns_put(others_net);
			others_net = NULL;
		}
		pthread_mutex_unlock(&ns_lk);
	} else {
		old = thr_own ? thr_net : NULL;
		thr_net_set(r);
	}
	shim_ns_put(old);
	return 0;
}

void shim_ns_carrier_evict(int fd)
{
	int moved;

	if (fd < 0 || fd != atomic_load(&shim_carrier_fd))
		return;
	pthread_mutex_lock(&ns_lk);
	if (proc_net && proc_net->fd == fd) {
		/* F_DUPFD: not close-on-exec, as a carrier must be */
		moved = shim_real.fcntl(fd, F_DUPFD, 3);
		if (moved >= 0) {
			proc_net->fd = moved;
			atomic_store(&shim_carrier_fd, moved);
		}
	}
	pthread_mutex_unlock(&ns_lk);
}

/* ---- handles ---------------------------------------------------------- */

/* Is fd a handle of the daemon's?  Its net's id and kind, from the
 * address of the daemon's end (wire.h). */
static bool handle_of(int fd, uint64_t *id, bool *carrier)
{
	const size_t plen = sizeof(UNL_NS_ADDR_PREFIX) - 1;
	struct sockaddr_un sa;
	socklen_t l = sizeof(sa);
	char name[sizeof(sa.sun_path)], *end;
	size_t n;

	memset(&sa, 0, sizeof(sa));
	if (shim_real.getpeername(fd, (struct sockaddr *)&sa, &l) < 0 ||
	    sa.sun_family != AF_UNIX || l <= offsetof(struct sockaddr_un,
						       sun_path) + 1)
		return false;
	n = l - offsetof(struct sockaddr_un, sun_path) - 1;
	if (sa.sun_path[0] != '\0' || n <= plen ||
	    memcmp(sa.sun_path + 1, UNL_NS_ADDR_PREFIX, plen))
		return false;
	memcpy(name, sa.sun_path + 1, n);
	name[n] = '\0';
	errno = 0;
	*id = strtoull(name + plen, &end, 16);
	if (end == name + plen || *end != '/' ||
	    (end[1] != 'c' && end[1] != 'h') || end[2] != '/')
		return false;
	*carrier = end[1] == 'c';
	return true;
}

bool shim_ns_inherited(int fd)
{
	uint64_t id;
	bool carrier;
	int cloexec;

	if (!handle_of(fd, &id, &carrier))
		return false;
	cloexec = shim_real.fcntl(fd, F_GETFD);
	/* The first carrier is the process's net; it came across exec, so
	 * it is not close-on-exec. */
	pthread_mutex_lock(&ns_lk);
	if (carrier && !proc_net && cloexec >= 0 && !(cloexec & FD_CLOEXEC)) {
		struct shim_nsref *r = malloc(sizeof(*r));

		if (r) {
			atomic_init(&r->refs, 1);
			r->fd = fd;
			r->id = id;
			proc_net = r;
			atomic_store(&shim_carrier_fd, fd);
		}
	}
	pthread_mutex_unlock(&ns_lk);
	return true;
}

void shim_ns_init(void)
{
	const char *e = getenv(ENV_MNTNS);

	first_pthread = pthread_self();
	if (e && *e)
		atomic_store(&mnt_emulated, true);
}

/* ---- requests ----------------------------------------------------------- */

/*
 * One NS op (wire.h): a0, a1, a name as payload (or NULL), a handle to
 * pass (or -1).  *id gets the net's id; *fd_out, when asked for, the
 * handle given (close-on-exec).  0 or -errno.
 */
static int ns_call(uint32_t op, int a0, int a1, const char *name, int fd_in,
		   uint64_t *id, int *fd_out)
{
	struct shim_call c;
	uint64_t v = 0;
	int cs, ret;

	shim_call_init(&c, op, NULL);
	c.req.a0 = a0;
	c.req.a1 = a1;
	if (name) {
		c.head[0].iov_base = (void *)name;
		c.head[0].iov_len = strlen(name);
	}
	c.fd_in = fd_in;
	c.record = true;
	c.rbuf = &v;
	c.rcap = sizeof(v);
	if (fd_out)
		c.nfds_want = 1;
	shim_conn_lock(&cs);
	ret = shim_conn_call(&c);
	shim_conn_unlock(cs);
	if (ret < 0)
		return ret;
	if (id && c.rgot != sizeof(v)) {
		if (c.fds_out[0] >= 0)
			shim_real.close(c.fds_out[0]);
		return -EPROTO;
	}
	if (id)
		*id = v;
	if (fd_out)
		*fd_out = c.fds_out[0];
	return 0;
}

/* The initial net's id, asked once per daemon connection. */
static uint64_t init_id(void)
{
	static _Atomic uint64_t id;
	static _Atomic uint64_t gen;
	uint64_t v = atomic_load(&id);

	if (v && atomic_load(&gen) == shim_conn_gen())
		return v;
	if (ns_call(UNL_OP_NS_QUERY, UNL_NS_BY_HANDLE, 0, NULL, -1, &v,
		    NULL) < 0)
		return 0;
	atomic_store(&id, v);
	atomic_store(&gen, shim_conn_gen());
	return v;
}

/* The id of this process's net (thread: this thread's). */
static uint64_t own_id(bool thread)
{
	struct shim_nsref *r = thread ? shim_ns_current() : NULL;
	uint64_t v;

	if (!thread) {
		pthread_mutex_lock(&ns_lk);
		r = proc_net;
		if (r)
			atomic_fetch_add(&r->refs, 1);
		pthread_mutex_unlock(&ns_lk);
	}
	v = r ? r->id : init_id();
	shim_ns_put(r);
	return v;
}

/* Move this thread (the process, from its first thread) to the net of
 * handle fd: a new handle of the right kind from the daemon. */
static int ns_enter(int fd)
{
	bool process = first_thread();
	uint64_t id;
	int nfd, err;

	err = ns_call(UNL_OP_NS_SETNS, process, 0, NULL, fd, &id, &nfd);
	if (err)
		return err;
	err = ns_install(nfd, id, process);
	if (!err)
		atomic_store(&net_moved, true);
	return err;
}

/* ---- the paths of namespaces ----------------------------------------- */

enum nsp_kind {
	NSP_NONE,
	NSP_SELF,   /* /proc/self/ns/net: the process's net */
	NSP_THREAD, /* /proc/thread-self/ns/net: this thread's */
	NSP_PID,    /* /proc/PID/ns/net */
	NSP_DIR,    /* /run/netns, /var/run/netns */
	NSP_ENTRY,  /* anything below them */
};

struct nspath {
	enum nsp_kind kind;
	pid_t pid;
	const char *rest; /* DIR, ENTRY: what follows the directory */
	const char *name; /* ENTRY: a single component, else NULL */
};

static const char *after(const char *p, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(p, prefix, n) ? NULL : p + n;
}

/* What path names, with as little work as possible for every other
 * path (each open() of the program comes through here). */
static enum nsp_kind classify(const char *path, struct nspath *np)
{
	const char *p;

	memset(np, 0, sizeof(*np));
	if (!path || path[0] != '/')
		return NSP_NONE;
	if (path[1] == 'p' && (p = after(path, "/proc/"))) {
		char *end;
		long pid;

		if (!strcmp(p, "self/ns/net"))
			return np->kind = NSP_SELF;
		if (!strcmp(p, "thread-self/ns/net"))
			return np->kind = NSP_THREAD;
		if (*p < '1' || *p > '9')
			return NSP_NONE;
		pid = strtol(p, &end, 10);
		if (strcmp(end, "/ns/net") || pid > INT32_MAX)
			return NSP_NONE;
		np->pid = (pid_t)pid;
		return np->kind = pid == getpid() ? NSP_SELF : NSP_PID;
	}
	if (path[1] == 'r')
		p = after(path, "/run/netns");
	else if (path[1] == 'v')
		p = after(path, "/var/run/netns");
	else
		return NSP_NONE;
	if (!p || (*p && *p != '/'))
		return NSP_NONE;
	np->rest = p;
	while (*p == '/')
		p++;
	if (!*p)
		return np->kind = NSP_DIR;
	if (!strchr(p, '/') && strcmp(p, ".") && strcmp(p, ".."))
		np->name = p;
	return np->kind = NSP_ENTRY;
}

/* The daemon's netns directory, once. */
static char netns_dir[PATH_MAX];
static pthread_once_t netns_once = PTHREAD_ONCE_INIT;

static void netns_dir_init(void)
{
	if (unl_wire_netns_dir(netns_dir, sizeof(netns_dir)) < 0)
		netns_dir[0] = '\0';
}

/* The path a call on a DIR or ENTRY path uses instead, in buf; NULL
 * when there is none (a socket path too long): the call then fails,
 * rather than reach the host's directory. */
static const char *redirect(const struct nspath *np, char *buf, size_t len)
{
	int n;

	pthread_once(&netns_once, netns_dir_init);
	if (!netns_dir[0])
		return NULL;
	n = snprintf(buf, len, "%s%s", netns_dir, np->rest);
	return n < 0 || (size_t)n >= len ? NULL : buf;
}

/* The net an ns/net path names: 0 and *id, or -errno. */
static int proc_net_id(const struct nspath *np, uint64_t *id)
{
	switch (np->kind) {
	case NSP_SELF:
		*id = own_id(false);
		return *id ? 0 : -ECONNREFUSED;
	case NSP_THREAD:
		*id = own_id(true);
		return *id ? 0 : -ECONNREFUSED;
	case NSP_PID:
		return ns_call(UNL_OP_NS_QUERY, UNL_NS_BY_PID, np->pid, NULL,
			       -1, id, NULL);
	default:
		return -EINVAL;
	}
}

/* ---- opening ------------------------------------------------------------ */

/* A handle of the net an ns/net path names; the kernel checks first
 * whether we may open that process's (ptrace access). */
static int open_proc_net(const struct nspath *np, const char *path, int flags)
{
	struct shim_nsref *r = NULL;
	int fd, err;
	uint64_t id;

	if (np->kind == NSP_PID) {
		fd = shim_real.open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		shim_real.close(fd);
		err = ns_call(UNL_OP_NS_OPEN, UNL_NS_BY_PID, np->pid, NULL, -1,
			      &id, &fd);
	} else {
		if (np->kind == NSP_THREAD) {
			r = shim_ns_current();
		} else {
			pthread_mutex_lock(&ns_lk);
			r = proc_net;
			if (r)
				atomic_fetch_add(&r->refs, 1);
			pthread_mutex_unlock(&ns_lk);
		}
		err = ns_call(UNL_OP_NS_OPEN, UNL_NS_BY_HANDLE, 0, NULL,
			      shim_ns_fd(r), &id, &fd);
		shim_ns_put(r);
	}
	if (err)
		return err;
	if (!(flags & O_CLOEXEC))
		shim_real.fcntl(fd, F_SETFD, 0);
	return fd;
}

/* A name of the directory bound to a net opens as a handle of it. */
static int open_name(const struct nspath *np, int flags)
{
	uint64_t id;
	int fd, err;

	if (!np->name || (flags & (O_CREAT | O_PATH | O_DIRECTORY)))
		return -ENOENT;
	err = ns_call(UNL_OP_NS_OPEN, UNL_NS_BY_NAME, 0, np->name, -1, &id,
		      &fd);
	if (err)
		return err;
	if (!(flags & O_CLOEXEC))
		shim_real.fcntl(fd, F_SETFD, 0);
	return fd;
}

typedef int (*openat_fn)(int, const char *, int, ...);

/* open() and openat() of every spelling.  real is called with
 * (dirfd, path, flags, mode). */
static int open_common(openat_fn real, int dirfd, const char *path,
		       int flags, mode_t mode)
{
	char buf[PATH_MAX];
	struct nspath np;
	const char *p;
	int fd;

	if (shim_files_path_at(dirfd, path, buf, sizeof(buf))) {
		fd = shim_files_open(buf, flags);
		/* -EXDEV: a file the model does not make */
		if (fd != -EXDEV)
			return (int)shim_ret(fd);
	}
	switch (classify(path, &np)) {
	case NSP_NONE:
		break;
	case NSP_SELF:
	case NSP_THREAD:
	case NSP_PID:
		/* O_PATH gives no file that setns() takes, in Linux too */
		if (flags & O_PATH)
			break;
		return (int)shim_ret(open_proc_net(&np, path, flags));
	case NSP_DIR:
	case NSP_ENTRY:
		p = redirect(&np, buf, sizeof(buf));
		if (!p)
			return (int)shim_ret(-ENAMETOOLONG);
		fd = open_name(&np, flags);
		if (fd >= 0 || fd != -ENOENT)
			return (int)shim_ret(fd);
		return real(dirfd, p, flags, mode);
	}
	return real(dirfd, path, flags, mode);
}

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE
		       ? (mode_t)va_arg(ap, int)
		       : 0;
}

/* The plain open()s, as openat(AT_FDCWD, ...). */
static int real_open_at(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = (mode_t)va_arg(ap, int);
	va_end(ap);
	if (dirfd == AT_FDCWD && shim_real.open)
		return shim_real.open(path, flags, mode);
	return shim_real.openat(dirfd, path, flags, mode);
}

SHIM_EXPORT int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	shim_real_ensure();
	return open_common(real_open_at, AT_FDCWD, path, flags, mode);
}

SHIM_EXPORT int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	shim_real_ensure();
	/* O_LARGEFILE is what open64() adds; on 64-bit targets it is 0 or
	 * implied */
	return open_common(real_open_at, AT_FDCWD, path, flags | O_LARGEFILE,
			   mode);
}

SHIM_EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	shim_real_ensure();
	return open_common(shim_real.openat, dirfd, path, flags, mode);
}

SHIM_EXPORT int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	shim_real_ensure();
	return open_common(shim_real.openat, dirfd, path, flags | O_LARGEFILE,
			   mode);
}

SHIM_EXPORT int creat(const char *path, mode_t mode)
{
	return open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

SHIM_EXPORT int creat64(const char *path, mode_t mode)
{
	return open64(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* The _FORTIFY_SOURCE entry points: glibc's refuse O_CREAT without a
 * mode.  Declared by <bits/fcntl2.h> only under _FORTIFY_SOURCE. */
extern void __chk_fail(void) __attribute__((noreturn));
SHIM_EXPORT int __open_2(const char *path, int flags);
SHIM_EXPORT int __open64_2(const char *path, int flags);
SHIM_EXPORT int __openat_2(int dirfd, const char *path, int flags);
SHIM_EXPORT int __openat64_2(int dirfd, const char *path, int flags);

static void open_2_check(int flags)
{
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		__chk_fail();
}

SHIM_EXPORT int __open_2(const char *path, int flags)
{
	open_2_check(flags);
	return open(path, flags);
}

SHIM_EXPORT int __open64_2(const char *path, int flags)
{
	open_2_check(flags);
	return open64(path, flags);
}

SHIM_EXPORT int __openat_2(int dirfd, const char *path, int flags)
{
	open_2_check(flags);
	return openat(dirfd, path, flags);
}

SHIM_EXPORT int __openat64_2(int dirfd, const char *path, int flags)
{
	open_2_check(flags);
	return openat64(dirfd, path, flags);
}

/* The directory and its entries only: a namespace through stdio is
 * of no use, and fopen() opens with libc's own open. */
static const char *path_only(const char *path, char *buf, size_t len,
			     int *err)
{
	struct nspath np;
	enum nsp_kind k = classify(path, &np);

	*err = 0;
	if (k != NSP_DIR && k != NSP_ENTRY)
		return path;
	path = redirect(&np, buf, len);
	if (!path)
		*err = -ENAMETOOLONG;
	return path;
}

#define PATH_CALL(ret_t, real_call, fail)                                  \
	do {                                                               \
		char buf_[PATH_MAX];                                       \
		int err_;                                                  \
		const char *p_ = path_only(path, buf_, sizeof(buf_), &err_); \
		if (!p_) {                                                 \
			errno = -err_;                                     \
			return fail;                                       \
		}                                                          \
		path = p_;                                                 \
		return (ret_t)(real_call);                                 \
	} while (0)

/* One of the files of a net (files.c), canon its canonical path: the
 * answer of expr (-errno for an error) is returned unless it is -EXDEV,
 * a file the model does not make, which the real call then serves. */
#define FILES_CALL(ret_t, expr) FILES_CALL_AT(AT_FDCWD, ret_t, expr)
#define FILES_CALL_AT(dfd, ret_t, expr)                                    \
	do {                                                               \
		char fbuf_[PATH_MAX];                                      \
		if (shim_files_path_at(dfd, path, fbuf_, sizeof(fbuf_))) { \
			const char *canon = fbuf_;                         \
			ssize_t r_ = (expr);                               \
			if (r_ != -EXDEV)                                  \
				return (ret_t)shim_ret(r_);                \
		}                                                          \
	} while (0)

/* The same for the calls that return a pointer (NULL and errno). */
#define FILES_CALL_PTR(ret_t, expr)                                        \
	do {                                                               \
		char fbuf_[PATH_MAX];                                      \
		if (shim_files_path_at(AT_FDCWD, path, fbuf_,              \
				       sizeof(fbuf_))) {                   \
			const char *canon = fbuf_;                         \
			ret_t r_ = (expr);                                 \
			if (r_ || errno != EXDEV)                          \
				return r_;                                 \
		}                                                          \
	} while (0)

SHIM_EXPORT FILE *fopen(const char *path, const char *mode)
{
	shim_real_ensure();
	FILES_CALL_PTR(FILE *, shim_files_fopen(canon, mode));
	PATH_CALL(FILE *, shim_real.fopen(path, mode), NULL);
}

SHIM_EXPORT FILE *fopen64(const char *path, const char *mode)
{
	shim_real_ensure();
	FILES_CALL_PTR(FILE *, shim_files_fopen(canon, mode));
	PATH_CALL(FILE *, shim_real.fopen64(path, mode), NULL);
}

SHIM_EXPORT DIR *opendir(const char *path)
{
	shim_real_ensure();
	FILES_CALL_PTR(DIR *, (DIR *)shim_files_opendir(canon));
	/* glibc's opendir() opens with its own openat(): not ours */
	PATH_CALL(DIR *, shim_real.opendir(path), NULL);
}

SHIM_EXPORT int mkdir(const char *path, mode_t mode)
{
	shim_real_ensure();
	PATH_CALL(int, shim_real.mkdir(path, mode), -1);
}

SHIM_EXPORT int mkdirat(int dirfd, const char *path, mode_t mode)
{
	shim_real_ensure();
	PATH_CALL(int, shim_real.mkdirat(dirfd, path, mode), -1);
}

SHIM_EXPORT int rmdir(const char *path)
{
	shim_real_ensure();
	PATH_CALL(int, shim_real.rmdir(path), -1);
}

SHIM_EXPORT int access(const char *path, int mode)
{
	shim_real_ensure();
	FILES_CALL(int, shim_files_access(canon, mode));
	PATH_CALL(int, shim_real.access(path, mode), -1);
}

SHIM_EXPORT int faccessat(int dirfd, const char *path, int mode, int flags)
{
	shim_real_ensure();
	FILES_CALL_AT(dirfd, int, shim_files_access(canon, mode));
	PATH_CALL(int, shim_real.faccessat(dirfd, path, mode, flags), -1);
}

/* ls -l asks for extended attributes (SELinux labels, ACLs) */
SHIM_EXPORT ssize_t getxattr(const char *path, const char *name, void *value,
			     size_t size)
{
	shim_real_ensure();
	FILES_CALL(ssize_t, shim_files_xattr(canon));
	PATH_CALL(ssize_t, shim_real.getxattr(path, name, value, size), -1);
}

SHIM_EXPORT ssize_t lgetxattr(const char *path, const char *name, void *value,
			      size_t size)
{
	shim_real_ensure();
	FILES_CALL(ssize_t, shim_files_xattr(canon));
	PATH_CALL(ssize_t, shim_real.lgetxattr(path, name, value, size), -1);
}

SHIM_EXPORT ssize_t listxattr(const char *path, char *list, size_t size)
{
	shim_real_ensure();
	FILES_CALL(ssize_t, shim_files_listxattr(canon));
	PATH_CALL(ssize_t, shim_real.listxattr(path, list, size), -1);
}

SHIM_EXPORT ssize_t llistxattr(const char *path, char *list, size_t size)
{
	shim_real_ensure();
	FILES_CALL(ssize_t, shim_files_listxattr(canon));
	PATH_CALL(ssize_t, shim_real.llistxattr(path, list, size), -1);
}

SHIM_EXPORT int inotify_add_watch(int fd, const char *path, uint32_t mask)
{
	shim_real_ensure();
	PATH_CALL(int, shim_real.inotify_add_watch(fd, path, mask), -1);
}

/* May we remove entries of the directory of path? */
static bool dir_writable(const char *path)
{
	char dir[PATH_MAX];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return true;
	*slash = '\0';
	return shim_real.faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) == 0;
}

/* unlink() of a name bound to a net: EBUSY, as for a mount point in
 * Linux (`ip netns delete` unmounts first). */
static int unlink_common(int dirfd, const char *path, int flags)
{
	char buf[PATH_MAX];
	struct nspath np;
	const char *p = path;
	uint64_t id;

	if (classify(path, &np) >= NSP_DIR) {
		p = redirect(&np, buf, sizeof(buf));
		if (!p)
			return (int)shim_ret(-ENAMETOOLONG);
		/* may_delete() comes first: EACCES to whoever may not */
		if (np.name && !(flags & AT_REMOVEDIR) &&
		    ns_call(UNL_OP_NS_QUERY, UNL_NS_BY_NAME, 0, np.name, -1,
			    &id, NULL) == 0)
			return (int)shim_ret(dir_writable(p) ? -EBUSY
							     : -EACCES);
	}
	if (dirfd == AT_FDCWD && !flags)
		return shim_real.unlink(p);
	return shim_real.unlinkat(dirfd, p, flags);
}

SHIM_EXPORT int unlink(const char *path)
{
	shim_real_ensure();
	return unlink_common(AT_FDCWD, path, 0);
}

SHIM_EXPORT int unlinkat(int dirfd, const char *path, int flags)
{
	shim_real_ensure();
	return unlink_common(dirfd, path, flags);
}

/* ---- stat --------------------------------------------------------------- */

/* The device of namespace files (nsfs), as the kernel reports it. */
static dev_t nsfs_dev(void)
{
	static _Atomic dev_t dev;
	static atomic_bool known;
	struct stat st;

	if (!atomic_load(&known)) {
		if (shim_sys(SYS_newfstatat, AT_FDCWD, "/proc/self/ns/net", &st,
			    0) == 0)
			atomic_store(&dev, st.st_dev);
		atomic_store(&known, true);
	}
	return atomic_load(&dev);
}

/* A namespace file as fs/nsfs.c makes it: read-only, root's, empty,
 * the namespace's inode number. */
static void fill_stat(struct stat *st, uint64_t id)
{
	st->st_dev = nsfs_dev();
	st->st_ino = (ino_t)id;
	st->st_mode = S_IFREG | 0444;
	st->st_nlink = 1;
	st->st_uid = 0;
	st->st_gid = 0;
	st->st_rdev = 0;
	st->st_size = 0;
	st->st_blocks = 0;
	st->st_blksize = 4096;
}

static void fill_statx(struct statx *stx, uint64_t id)
{
	dev_t dev = nsfs_dev();

	stx->stx_dev_major = major(dev);
	stx->stx_dev_minor = minor(dev);
	stx->stx_ino = id;
	stx->stx_mode = S_IFREG | 0444;
	stx->stx_nlink = 1;
	stx->stx_uid = 0;
	stx->stx_gid = 0;
	stx->stx_rdev_major = 0;
	stx->stx_rdev_minor = 0;
	stx->stx_size = 0;
	stx->stx_blocks = 0;
	stx->stx_blksize = 4096;
}

/* What a stat of the path shows of a net: 0 and *id; -1 when the real
 * answer stands. */
static int path_id(const struct nspath *np, bool follow, uint64_t *id)
{
	switch (np->kind) {
	case NSP_SELF:
	case NSP_THREAD:
	case NSP_PID:
		/* the link itself is a link */
		if (!follow)
			return -1;
		return proc_net_id(np, id) == 0 ? 0 : -1;
	case NSP_ENTRY:
		/* a file bound to a net shows the namespace over it */
		if (!np->name)
			return -1;
		return ns_call(UNL_OP_NS_QUERY, UNL_NS_BY_NAME, 0, np->name,
			       -1, id, NULL) == 0
			       ? 0
			       : -1;
	default:
		return -1;
	}
}

static int real_fstatat(int dirfd, const char *path, struct stat *st,
			int flags)
{
	if (shim_real.fstatat)
		return shim_real.fstatat(dirfd, path, st, flags);
	return (int)shim_sys(SYS_newfstatat, dirfd, path, st, flags);
}

static int real_fstat(int fd, struct stat *st)
{
	if (shim_real.fstat)
		return shim_real.fstat(fd, st);
	return (int)shim_sys(SYS_fstat, fd, st);
}

/* A socket that is a handle shows the namespace. */
static bool trailing_slash(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	return n > 1 && path[n - 1] == '/';
}

static void fd_fix(int fd, struct stat *st)
{
	uint64_t id;
	bool carrier;

	if (S_ISSOCK(st->st_mode) && handle_of(fd, &id, &carrier))
		fill_stat(st, id);
	else if (S_ISREG(st->st_mode))
		shim_files_fd_stat(fd, st);
}

static int stat_at(int dirfd, const char *path, struct stat *st, int flags)
{
	char buf[PATH_MAX];
	struct nspath np;
	const char *p = path;
	uint64_t id;
	int r;

	shim_real_ensure();
	if ((flags & AT_EMPTY_PATH) && path && !*path) {
		r = real_fstatat(dirfd, path, st, flags);
		if (r == 0)
			fd_fix(dirfd, st);
		return r;
	}
	/* a trailing slash follows a link, as path resolution does */
	FILES_CALL_AT(dirfd, int,
		      shim_files_stat(canon,
				      !(flags & AT_SYMLINK_NOFOLLOW) ||
					      trailing_slash(path),
				      st));
	if (classify(path, &np) == NSP_NONE)
		return real_fstatat(dirfd, path, st, flags);
	if (np.kind >= NSP_DIR) {
		p = redirect(&np, buf, sizeof(buf));
		if (!p)
			return (int)shim_ret(-ENAMETOOLONG);
	}
	r = real_fstatat(dirfd, p, st, flags);
	if (r == 0 && (np.kind < NSP_DIR || S_ISREG(st->st_mode)) &&
	    path_id(&np, !(flags & AT_SYMLINK_NOFOLLOW), &id) == 0)
		fill_stat(st, id);
	return r;
}

SHIM_EXPORT int stat(const char *path, struct stat *st)
{
	return stat_at(AT_FDCWD, path, st, 0);
}

SHIM_EXPORT int lstat(const char *path, struct stat *st)
{
	return stat_at(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

SHIM_EXPORT int fstatat(int dirfd, const char *path, struct stat *st,
			int flags)
{
	return stat_at(dirfd, path, st, flags);
}

SHIM_EXPORT int fstat(int fd, struct stat *st)
{
	int r;

	shim_real_ensure();
	r = real_fstat(fd, st);
	if (r == 0)
		fd_fix(fd, st);
	return r;
}

/* The 64-bit spellings are the same calls on the targets where the two
 * structs are one (every 64-bit one). */
#if defined(__LP64__)
_Static_assert(sizeof(struct stat) == sizeof(struct stat64),
	       "struct stat64 is struct stat");

SHIM_EXPORT int stat64(const char *path, struct stat64 *st)
{
	return stat_at(AT_FDCWD, path, (struct stat *)st, 0);
}

SHIM_EXPORT int lstat64(const char *path, struct stat64 *st)
{
	return stat_at(AT_FDCWD, path, (struct stat *)st, AT_SYMLINK_NOFOLLOW);
}

SHIM_EXPORT int fstatat64(int dirfd, const char *path, struct stat64 *st,
			  int flags)
{
	return stat_at(dirfd, path, (struct stat *)st, flags);
}

SHIM_EXPORT int fstat64(int fd, struct stat64 *st)
{
	return fstat(fd, (struct stat *)st);
}

/* What programs built against a C library before 2.33 call (no header
 * declares them any more). */
SHIM_EXPORT int __xstat(int ver, const char *path, struct stat *st);
SHIM_EXPORT int __xstat64(int ver, const char *path, struct stat64 *st);
SHIM_EXPORT int __lxstat(int ver, const char *path, struct stat *st);
SHIM_EXPORT int __lxstat64(int ver, const char *path, struct stat64 *st);
SHIM_EXPORT int __fxstat(int ver, int fd, struct stat *st);
SHIM_EXPORT int __fxstat64(int ver, int fd, struct stat64 *st);
SHIM_EXPORT int __fxstatat(int ver, int dirfd, const char *path,
			   struct stat *st, int flags);
SHIM_EXPORT int __fxstatat64(int ver, int dirfd, const char *path,
			     struct stat64 *st, int flags);

SHIM_EXPORT int __xstat(int ver, const char *path, struct stat *st)
{
	(void)ver;
	return stat_at(AT_FDCWD, path, st, 0);
}

SHIM_EXPORT int __xstat64(int ver, const char *path, struct stat64 *st)
{
	(void)ver;
	return stat_at(AT_FDCWD, path, (struct stat *)st, 0);
}

SHIM_EXPORT int __lxstat(int ver, const char *path, struct stat *st)
{
	(void)ver;
	return stat_at(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

SHIM_EXPORT int __lxstat64(int ver, const char *path, struct stat64 *st)
{
	(void)ver;
	return stat_at(AT_FDCWD, path, (struct stat *)st, AT_SYMLINK_NOFOLLOW);
}

SHIM_EXPORT int __fxstat(int ver, int fd, struct stat *st)
{
	(void)ver;
	return fstat(fd, st);
}

SHIM_EXPORT int __fxstat64(int ver, int fd, struct stat64 *st)
{
	(void)ver;
	return fstat(fd, (struct stat *)st);
}

SHIM_EXPORT int __fxstatat(int ver, int dirfd, const char *path,
			   struct stat *st, int flags)
{
	(void)ver;
	return stat_at(dirfd, path, st, flags);
}

SHIM_EXPORT int __fxstatat64(int ver, int dirfd, const char *path,
			     struct stat64 *st, int flags)
{
	(void)ver;
	return stat_at(dirfd, path, (struct stat *)st, flags);
}
#endif

SHIM_EXPORT int statx(int dirfd, const char *path, int flags,
		      unsigned int mask, struct statx *stx)
{
	char buf[PATH_MAX];
	struct nspath np;
	const char *p = path;
	uint64_t id;
	bool carrier;
	int r;

	shim_real_ensure();
#define REAL_STATX(P)                                                     \
	(shim_real.statx ? shim_real.statx(dirfd, P, flags, mask, stx)     \
			 : (int)shim_sys(SYS_statx, dirfd, P, flags, mask, stx))
	if ((flags & AT_EMPTY_PATH) && !*path) {
		r = REAL_STATX(path);
		if (r == 0 && S_ISSOCK(stx->stx_mode) &&
		    handle_of(dirfd, &id, &carrier))
			fill_statx(stx, id);
		return r;
	}
	FILES_CALL_AT(dirfd, int,
		      shim_files_statx(canon,
				       !(flags & AT_SYMLINK_NOFOLLOW) ||
					       trailing_slash(path),
				       stx));
	if (classify(path, &np) == NSP_NONE)
		return REAL_STATX(path);
	if (np.kind >= NSP_DIR) {
		p = redirect(&np, buf, sizeof(buf));
		if (!p)
			return (int)shim_ret(-ENAMETOOLONG);
	}
	r = REAL_STATX(p);
	if (r == 0 && (np.kind < NSP_DIR || S_ISREG(stx->stx_mode)) &&
	    path_id(&np, !(flags & AT_SYMLINK_NOFOLLOW), &id) == 0)
		fill_statx(stx, id);
	return r;
#undef REAL_STATX
}

/* readlink() of an ns/net link: "net:[ID]", as proc_ns_readlink(). */
static ssize_t readlink_common(int dirfd, const char *path, char *out,
			       size_t len)
{
	char buf[PATH_MAX], text[48];
	struct nspath np;
	const char *p = path;
	uint64_t id;
	ssize_t r;
	size_t n;

	FILES_CALL_AT(dirfd, ssize_t, shim_files_readlink(canon, out, len));
	switch (classify(path, &np)) {
	case NSP_NONE:
		break;
	case NSP_DIR:
	case NSP_ENTRY:
		p = redirect(&np, buf, sizeof(buf));
		if (!p)
			return shim_ret(-ENAMETOOLONG);
		break;
	default:
		r = shim_real.readlinkat(dirfd, path, text, sizeof(text));
		if (r < 0)
			return r;
		if (proc_net_id(&np, &id) < 0)
			break;
		n = (size_t)snprintf(text, sizeof(text), "net:[%llu]",
				     (unsigned long long)id);
		if (n > len)
			n = len;
		memcpy(out, text, n);
		return (ssize_t)n;
	}
	return shim_real.readlinkat(dirfd, p, out, len);
}

SHIM_EXPORT ssize_t readlink(const char *path, char *buf, size_t len)
{
	shim_real_ensure();
	return readlink_common(AT_FDCWD, path, buf, len);
}

SHIM_EXPORT ssize_t readlinkat(int dirfd, const char *path, char *buf,
			       size_t len)
{
	shim_real_ensure();
	return readlink_common(dirfd, path, buf, len);
}

/* ioctl(NS_GET_NSTYPE) on a handle: a network namespace.  1 when fd is
 * no handle or req no such request. */
int shim_ns_ioctl(int fd, unsigned long req, void *arg)
{
	uint64_t id;
	bool carrier;

	(void)arg;
	if (_IOC_TYPE(req) != NSIO || !handle_of(fd, &id, &carrier))
		return 1;
	if (req == NS_GET_NSTYPE)
		return CLONE_NEWNET;
	/* NS_GET_USERNS, NS_GET_PARENT, NS_GET_OWNER_UID: one user
	 * namespace owns every net, and it is not the kernel's */
	return -ENOTTY;
}

/* ---- namespaces --------------------------------------------------------- */

/* The pid a pidfd names (its fdinfo's "Pid:"), or 0 when fd is none. */
static pid_t pidfd_pid(int fd)
{
	char path[64], link[32], line[128];
	ssize_t k;
	FILE *f;
	int pid = 0;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	k = shim_real.readlink(path, link, sizeof(link) - 1);
	if (k <= 0)
		return 0;
	link[k] = '\0';
	if (strcmp(link, "anon_inode:[pidfd]"))
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = shim_real.fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Pid: %d", &pid) == 1)
			break;
	if (f)
		fclose(f);
	return pid > 0 ? pid : 0;
}

SHIM_EXPORT int setns(int fd, int nstype)
{
	uint64_t id;
	bool carrier;
	pid_t pid;
	int h, err;

	shim_real_ensure();
	if (handle_of(fd, &id, &carrier)) {
		/* nstype must name what fd is, or be 0 */
		if (nstype && nstype != CLONE_NEWNET)
			return (int)shim_ret(-EINVAL);
		if (shim_in_shared_child())
			return (int)shim_ret(-EINVAL);
		return (int)shim_ret(ns_enter(fd));
	}
	/* setns(pidfd, flags): the net part is ours, the rest the
	 * kernel's */
	if (!(nstype & CLONE_NEWNET) || !(pid = pidfd_pid(fd)))
		return shim_real.setns(fd, nstype);
	if (shim_in_shared_child())
		return (int)shim_ret(-EINVAL);
	err = ns_call(UNL_OP_NS_OPEN, UNL_NS_BY_PID, pid, NULL, -1, &id, &h);
	if (err)
		return (int)shim_ret(err);
	if (nstype & ~CLONE_NEWNET &&
	    shim_real.setns(fd, nstype & ~CLONE_NEWNET) < 0) {
		err = -errno;
		shim_real.close(h);
		return (int)shim_ret(err);
	}
	err = ns_enter(h);
	shim_real.close(h);
	return (int)shim_ret(err);
}

/* A new net for this thread (or the process): NS_UNSHARE. */
static int ns_new(bool process, uint64_t *id, int *fd)
{
	return ns_call(UNL_OP_NS_UNSHARE, process, 0, NULL, -1, id, fd);
}

/* unshare(CLONE_NEWNS) right after a move to another net, as `ip
 * netns exec` and `ip -n` do, only serves the net: no mount namespace
 * is made, and the mounts that follow are emulated. */
static void mnt_emulate(void)
{
	atomic_store(&mnt_emulated, true);
	/* across exec too; the program is single-threaded here */
	setenv(ENV_MNTNS, "1", 1);
}

SHIM_EXPORT int unshare(int flags)
{
	bool process, user_first;
	int rest = flags & ~CLONE_NEWNET, fd, err;
	uint64_t id;

	shim_real_ensure();
	if (flags == CLONE_NEWNS &&
	    (atomic_load(&net_moved) || atomic_load(&mnt_emulated))) {
		mnt_emulate();
		return 0;
	}
	if (!(flags & CLONE_NEWNET))
		return shim_real.unshare(flags);
	if (shim_in_shared_child())
		return (int)shim_ret(-EINVAL);
	/* With a new user namespace, the new net is that namespace's: the
	 * daemon judges the caller in it (`unshare -rn`). */
	user_first = rest & CLONE_NEWUSER;
	if (user_first) {
		if (shim_real.unshare(rest) < 0)
			return -1;
		shim_conn_cred_changed(false);
	}
	process = first_thread();
	err = ns_new(process, &id, &fd);
	if (err)
		return (int)shim_ret(err);
	if (rest && !user_first && shim_real.unshare(rest) < 0) {
		err = -errno;
		shim_real.close(fd); /* the new net goes with it */
		return (int)shim_ret(err);
	}
	err = ns_install(fd, id, process);
	if (!err)
		atomic_store(&net_moved, true);
	return (int)shim_ret(err);
}

/* clone(CLONE_NEWNET): the child starts in a net made for it.  Only a
 * child with memory and descriptors of its own (a fork): one sharing
 * ours could not hold a net apart from us. */
struct clone_start {
	int (*fn)(void *);
	void *arg;
	int fd;
	uint64_t id;
};

static int clone_child(void *p)
{
	struct clone_start s = *(struct clone_start *)p;

	/* no atfork handler ran: we are a fork child all the same */
	shim_table_clone_child();
	if (ns_install(s.fd, s.id, true) < 0)
		_exit(127);
	atomic_store(&net_moved, true);
	return s.fn(s.arg);
}

SHIM_EXPORT int clone(int (*fn)(void *), void *stack, int flags, void *arg,
		      ...)
{
	struct clone_start *s;
	pid_t *ptid, *ctid;
	void *tls;
	va_list ap;
	int r, err;

	va_start(ap, arg);
	ptid = va_arg(ap, pid_t *);
	tls = va_arg(ap, void *);
	ctid = va_arg(ap, pid_t *);
	va_end(ap);
	shim_real_ensure();
	if (!(flags & CLONE_NEWNET))
		return shim_real.clone(fn, stack, flags, arg, ptid, tls, ctid);
	if (flags & (CLONE_VM | CLONE_FILES | CLONE_THREAD) ||
	    shim_in_shared_child())
		return (int)shim_ret(-EINVAL);
	s = malloc(sizeof(*s));
	if (!s)
		return (int)shim_ret(-ENOMEM);
	s->fn = fn;
	s->arg = arg;
	err = ns_new(true, &s->id, &s->fd);
	if (err) {
		free(s);
		return (int)shim_ret(err);
	}
	r = shim_real.clone(clone_child, stack, flags & ~CLONE_NEWNET, s,
			    ptid, tls, ctid);
	err = errno;
	/* the child has its copy */
	shim_real.close(s->fd);
	free(s);
	errno = err;
	return r;
}

/* clone3() with CLONE_NEWNET, as clone() above: a fork-like child only
 * (no shared memory or descriptors, no stack of its own to return on),
 * which gets a net made for it.  Everything else goes to the kernel. */
static long clone3_newnet(struct clone_args *args, size_t size)
{
	struct clone_args a = { 0 };
	uint64_t id;
	long r;
	int fd, err;

	if (args->flags & (CLONE_VM | CLONE_FILES | CLONE_THREAD) ||
	    args->stack || shim_in_shared_child())
		return shim_ret(-EINVAL);
	memcpy(&a, args, size < sizeof(a) ? size : sizeof(a));
	a.flags &= ~(uint64_t)CLONE_NEWNET;
	err = ns_new(true, &id, &fd);
	if (err)
		return shim_ret(err);
	r = shim_real.syscall(SYS_clone3, &a,
			      size < sizeof(a) ? size : sizeof(a));
	if (r == 0) {
		/* no atfork handler ran: we are a fork child all the same */
		shim_table_clone_child();
		if (ns_install(fd, id, true) < 0)
			_exit(127);
		atomic_store(&net_moved, true);
		return 0;
	}
	err = errno;
	shim_real.close(fd); /* the child has its copy */
	errno = err;
	return r;
}

/* openat2() (glibc has no wrapper: syscall() it is): a path of a net
 * is opened as openat() opens it, unless the resolution is confined to
 * the directory (RESOLVE_BENEATH, RESOLVE_IN_ROOT), which the kernel
 * does; everything else, and a malformed how, goes to the kernel. */
static long openat2_call(int dirfd, const char *path, const struct open_how *how,
			 size_t size)
{
	char buf[PATH_MAX];

	if (how && size >= sizeof(struct open_how) && path &&
	    !(how->resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) &&
	    how->flags <= UINT32_MAX &&
	    shim_files_path_at(dirfd, path, buf, sizeof(buf))) {
		int fd = shim_files_open(buf, (int)how->flags);

		if (fd != -EXDEV)
			return shim_ret(fd);
	}
	return shim_real.syscall(SYS_openat2, dirfd, path, how, size);
}

/* The file calls a program makes through syscall() (a Go-like runtime
 * in C, Python's os.scandir fallbacks, hand-rolled directory readers):
 * the interposed functions serve the files of a net and hand the rest
 * to the kernel as libc would. */
static bool file_syscall(long nr, const long *a, long *ret)
{
	switch (nr) {
#ifdef SYS_open
	case SYS_open:
		*ret = open((const char *)a[0], (int)a[1], (mode_t)a[2]);
		return true;
#endif
	case SYS_openat:
		*ret = openat((int)a[0], (const char *)a[1], (int)a[2],
			      (mode_t)a[3]);
		return true;
	case SYS_openat2:
		*ret = openat2_call((int)a[0], (const char *)a[1],
				    (const struct open_how *)a[2], (size_t)a[3]);
		return true;
	case SYS_getdents64:
		*ret = getdents64((int)a[0], (void *)a[1], (size_t)a[2]);
		return true;
	case SYS_statx:
		*ret = statx((int)a[0], (const char *)a[1], (int)a[2],
			     (unsigned int)a[3], (struct statx *)a[4]);
		return true;
	case SYS_readlinkat:
		*ret = readlinkat((int)a[0], (const char *)a[1], (char *)a[2],
				  (size_t)a[3]);
		return true;
	case SYS_faccessat:
		*ret = faccessat((int)a[0], (const char *)a[1], (int)a[2], 0);
		return true;
#if defined(__x86_64__)
	/* the kernel's struct stat is glibc's here */
	case SYS_newfstatat:
		*ret = fstatat((int)a[0], (const char *)a[1], (struct stat *)a[2],
			       (int)a[3]);
		return true;
#endif
#ifdef SYS_faccessat2
	case SYS_faccessat2:
		*ret = faccessat((int)a[0], (const char *)a[1], (int)a[2],
				 (int)a[3]);
		return true;
#endif
	}
	return false;
}

/* syscall(): SYS_clone3 with CLONE_NEWNET, SYS_unshare and SYS_setns
 * are ours (pyroute2 calls setns this way, through ctypes: dlsym.c), and
 * the file calls of file_syscall().  The six arguments are read
 * whatever the call takes, as libc's syscall() passes them on. */
static void six_args(va_list ap, long a[6])
{
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
}

long shim_sys(long nr, ...)
{
	long a[6];
	va_list ap;

	va_start(ap, nr);
	six_args(ap, a);
	va_end(ap);
	shim_real_ensure();
	return shim_real.syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

SHIM_EXPORT long syscall(long nr, ...)
{
	long ret;
	long a[6];
	va_list ap;

	va_start(ap, nr);
	six_args(ap, a);
	va_end(ap);
	shim_real_ensure();
	if (nr == SYS_setns)
		return setns((int)a[0], (int)a[1]);
	if (nr == SYS_unshare)
		return unshare((int)a[0]);
	if (nr == SYS_clone3 && a[0] &&
	    (size_t)a[1] >= CLONE_ARGS_SIZE_VER0 &&
	    (((struct clone_args *)a[0])->flags & CLONE_NEWNET))
		return clone3_newnet((struct clone_args *)a[0], (size_t)a[1]);
	if (file_syscall(nr, a, &ret))
		return ret;
	return shim_real.syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* A thread starts in the net of the thread that made it. */
struct thread_start {
	void *(*fn)(void *);
	void *arg;
	struct shim_nsref *net;
};

static void *thread_start(void *p)
{
	struct thread_start s = *(struct thread_start *)p;

	free(p);
	thr_net_set(s.net);
	return s.fn(s.arg);
}

SHIM_EXPORT int pthread_create(pthread_t *t, const pthread_attr_t *attr,
			       void *(*fn)(void *), void *arg)
{
	struct thread_start *s;
	int r;

	shim_real_ensure();
	/* a new thread without a net of its own follows others_net */
	if (!thr_own && !(others_apart && first_thread()))
		return shim_real.pthread_create(t, attr, fn, arg);
	s = malloc(sizeof(*s));
	if (!s)
		return EAGAIN;
	s->fn = fn;
	s->arg = arg;
	s->net = shim_ns_current();
	r = shim_real.pthread_create(t, attr, thread_start, s);
	if (r) {
		shim_ns_put(s->net);
		free(s);
	}
	return r;
}

/* ---- fork ------------------------------------------------------------- */

/* A process forked by a thread whose net is not the carrier's starts in
 * that thread's net, and keeps it across exec: it becomes the child's
 * carrier. */
static _Thread_local bool fork_apart;
static _Thread_local struct shim_nsref *fork_net;

void shim_ns_fork_prepare(void)
{
	fork_apart = thr_own || (others_apart && !first_thread());
	fork_net = fork_apart ? shim_ns_current() : NULL;
}

void shim_ns_fork_unseen(void)
{
	bool was_first = pthread_equal(pthread_self(), first_pthread);

	/* another thread of the parent may have held it */
	pthread_mutex_init(&ns_lk, NULL);
	fork_apart = thr_own || (others_apart && !was_first);
	fork_net = NULL;
	if (thr_own)
		fork_net = thr_net;
	else if (fork_apart)
		fork_net = others_net;
	if (fork_net)
		atomic_fetch_add(&fork_net->refs, 1);
}

void shim_ns_fork_parent(void)
{
	shim_ns_put(fork_net);
	fork_net = NULL;
	fork_apart = false;
}

void shim_ns_fork_child(void)
{
	struct shim_nsref *old;
	uint64_t id;
	int fd;

	/* the other threads are not in the child */
	others_apart = false;
	shim_ns_put(others_net);
	others_net = NULL;
	if (!fork_apart)
		return;
	fork_apart = false;
	if (!fork_net) { /* the initial net: no carrier */
		old = proc_net;
		proc_net = NULL;
		atomic_store(&shim_carrier_fd, -1);
		shim_ns_put(old);
	} else if (ns_call(UNL_OP_NS_SETNS, 1, 0, NULL, fork_net->fd, &id,
			   &fd) == 0) {
		ns_install(fd, id, true);
	}
	shim_ns_put(fork_net);
	fork_net = NULL;
	if (thr_own) {
		old = thr_net;
		thr_net = NULL;
		thr_own = false;
		if (thr_key_made)
			pthread_setspecific(thr_key, NULL);
		shim_ns_put(old);
	}
}

/* ---- exec ------------------------------------------------------------- */

/* The net this thread is in when it is not the carrier's (a reference),
 * else NULL with *apart false.  A vfork() child runs on its parent
 * thread's memory: pthread_self() and the thread-local state are that
 * thread's, its tid is not. */
static struct shim_nsref *apart_net(bool *apart)
{
	struct shim_nsref *r = NULL;

	*apart = thr_own ||
		 (others_apart && !pthread_equal(pthread_self(), first_pthread));
	if (!*apart)
		return NULL;
	pthread_mutex_lock(&ns_lk);
	r = thr_own ? thr_net : others_net;
	if (r)
		atomic_fetch_add(&r->refs, 1);
	pthread_mutex_unlock(&ns_lk);
	return r;
}

void shim_ns_exec_swap(struct shim_exec_swap *x)
{
	struct shim_nsref *net;
	uint64_t id;
	bool apart;

	x->carrier = -1;
	x->proc_fd = -1;
	net = apart_net(&apart);
	if (!apart)
		return;
	/* a vfork() child uses its parent's connection, never makes one */
	if (net && ((shim_in_shared_child() && !shim_conn_up()) ||
		    ns_call(UNL_OP_NS_SETNS, 1, 0, NULL, net->fd, &id,
			    &x->carrier) != 0 ||
		    shim_real.fcntl(x->carrier, F_SETFD, 0) < 0)) {
		if (x->carrier >= 0)
			shim_real.close(x->carrier);
		x->carrier = -1;
		shim_ns_put(net);
		return;
	}
	shim_ns_put(net);
	x->proc_fd = atomic_load(&shim_carrier_fd);
	if (x->proc_fd >= 0 &&
	    shim_real.fcntl(x->proc_fd, F_SETFD, FD_CLOEXEC) < 0)
		x->proc_fd = -1;
}

void shim_ns_exec_undo(struct shim_exec_swap *x)
{
	int err = errno;

	if (x->carrier >= 0)
		shim_real.close(x->carrier);
	if (x->proc_fd >= 0)
		shim_real.fcntl(x->proc_fd, F_SETFD, 0);
	x->carrier = x->proc_fd = -1;
	errno = err;
}

/* ---- posix_spawn ------------------------------------------------------ */

typedef int (*spawn_fn)(pid_t *, const char *,
			const posix_spawn_file_actions_t *,
			const posix_spawnattr_t *, char *const[],
			char *const[]);

/*
 * posix_spawn() from a thread whose net is not the carrier's: its child
 * shares our memory until it execs, and no atfork handler runs in it.
 * Without file actions of the caller's, ours put a carrier of the
 * thread's net where the process's carrier is (or make it the only one,
 * or close the carrier for the initial net), so that the new program is
 * in the thread's net.  With the caller's own actions, which cannot be
 * extended, the child gets the process's net (docs/conformance.md).
 */
static int spawn_common(spawn_fn real, pid_t *pid, const char *path,
			const posix_spawn_file_actions_t *fa,
			const posix_spawnattr_t *attr, char *const argv[],
			char *const envp[])
{
	posix_spawn_file_actions_t mine;
	struct shim_nsref *net;
	int carrier = -1, proc_fd, r;
	uint64_t id;

	if (!(thr_own || (others_apart && !first_thread())))
		return real(pid, path, fa, attr, argv, envp);
	if (fa) {
		/* The caller's actions cannot be extended: the swap is made in
		 * our own table while the child is made (it has exec'd when
		 * posix_spawn() returns) */
		struct shim_exec_swap x;

		shim_ns_exec_swap(&x);
		r = real(pid, path, fa, attr, argv, envp);
		shim_ns_exec_undo(&x);
		return r;
	}
	net = shim_ns_current();
	proc_fd = atomic_load(&shim_carrier_fd);
	if ((net && ns_call(UNL_OP_NS_SETNS, 1, 0, NULL, net->fd, &id,
			    &carrier) != 0) ||
	    (!net && proc_fd < 0) || posix_spawn_file_actions_init(&mine)) {
		shim_ns_put(net);
		if (carrier >= 0)
			shim_real.close(carrier);
		return real(pid, path, fa, attr, argv, envp);
	}
	/* dup2() onto itself clears close-on-exec (POSIX.1-2024) */
	if (carrier >= 0)
		posix_spawn_file_actions_adddup2(&mine, carrier,
						 proc_fd >= 0 ? proc_fd : carrier);
	else
		posix_spawn_file_actions_addclose(&mine, proc_fd);
	r = real(pid, path, &mine, attr, argv, envp);
	posix_spawn_file_actions_destroy(&mine);
	if (carrier >= 0)
		shim_real.close(carrier);
	shim_ns_put(net);
	return r;
}

/* posix_spawn() of a program the shim cannot serve: as exec() of one
 * (exec.c), the tool spawned on it, or ENOEXEC for a 32-bit one. */
static int spawn_unserved(spawn_fn real, pid_t *pid, const char *file,
			  bool search, const posix_spawn_file_actions_t *fa,
			  const posix_spawnattr_t *attr, char *const argv[],
			  char *const envp[])
{
	char path[PATH_MAX], **args;
	int kind = shim_exec_kind(file, search, path, sizeof(path)), r;

	if (kind == UNL_ELF_32BIT)
		return ENOEXEC;
	if (kind != UNL_ELF_RAW)
		return spawn_common(real, pid, file, fa, attr, argv, envp);
	args = shim_exec_tool_argv(path, argv);
	if (!args)
		return ENOMEM;
	r = spawn_common(shim_real.posix_spawn, pid, args[0], fa, attr, args,
			 envp);
	free(args);
	return r;
}

SHIM_EXPORT int posix_spawn(pid_t *pid, const char *path,
			    const posix_spawn_file_actions_t *fa,
			    const posix_spawnattr_t *attr, char *const argv[],
			    char *const envp[])
{
	shim_real_ensure();
	return spawn_unserved(shim_real.posix_spawn, pid, path, false, fa,
			      attr, argv, envp);
}

SHIM_EXPORT int posix_spawnp(pid_t *pid, const char *file,
			     const posix_spawn_file_actions_t *fa,
			     const posix_spawnattr_t *attr, char *const argv[],
			     char *const envp[])
{
	shim_real_ensure();
	return spawn_unserved(shim_real.posix_spawnp, pid, file, true, fa,
			      attr, argv, envp);
}

/* ---- mounts ------------------------------------------------------------- */

#define MS_PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

/* mount --bind SRC NAME: src is whatever names a net (its handle is
 * what we open it as). */
static int bind_name(const char *name, const char *src)
{
	uint64_t id;
	bool carrier;
	int fd, err;

	fd = src ? open(src, O_RDONLY | O_CLOEXEC) : -1;
	if (fd < 0)
		return src ? -errno : -EFAULT;
	if (!handle_of(fd, &id, &carrier)) {
		shim_real.close(fd);
		return -EINVAL;
	}
	err = ns_call(UNL_OP_NS_BIND, UNL_NS_BY_HANDLE, 0, name, fd, &id,
		      NULL);
	shim_real.close(fd);
	return err;
}

/* In an emulated mount namespace: what `ip netns exec` does there
 * succeeds and changes nothing; anything else would change the host's
 * mounts, and is refused. */
static int mount_emulated(const char *target, const char *fstype,
			  unsigned long flags)
{
	if (flags & (MS_PROPAGATION | MS_BIND | MS_REMOUNT))
		return 0;
	if (fstype && !strcmp(fstype, "sysfs") && target &&
	    !strcmp(target, "/sys"))
		return 0;
	return -EPERM;
}

SHIM_EXPORT int mount(const char *src, const char *target, const char *fstype,
		      unsigned long flags, const void *data)
{
	struct nspath np;

	shim_real_ensure();
	switch (classify(target, &np)) {
	case NSP_DIR:
		/* making it a shared mount point: it is the daemon's, and
		 * only whether the caller may mount is left to ask */
		return (int)shim_ret(ns_call(UNL_OP_NS_BIND, 0, 0, NULL, -1,
					     NULL, NULL));
	case NSP_ENTRY:
		if (!(flags & MS_BIND) || (flags & MS_REMOUNT) || !np.name) {
			int err = ns_call(UNL_OP_NS_BIND, 0, 0, NULL, -1, NULL,
					  NULL);

			if (err || (flags & (MS_PROPAGATION | MS_REMOUNT)))
				return (int)shim_ret(err);
			return (int)shim_ret(-EINVAL);
		}
		return (int)shim_ret(bind_name(np.name, src));
	default:
		break;
	}
	if (atomic_load(&mnt_emulated))
		return (int)shim_ret(mount_emulated(target, fstype, flags));
	return shim_real.mount(src, target, fstype, flags, data);
}

static int umount_common(const char *target, int flags)
{
	struct nspath np;

	switch (classify(target, &np)) {
	case NSP_DIR:
		/* not a mount point, for whoever may unmount */
		if (ns_call(UNL_OP_NS_UNBIND, 0, 0, NULL, -1, NULL, NULL) < 0)
			return (int)shim_ret(-EPERM);
		return (int)shim_ret(-EINVAL);
	case NSP_ENTRY:
		if (!np.name)
			return (int)shim_ret(-EINVAL);
		return (int)shim_ret(ns_call(UNL_OP_NS_UNBIND, 0, 0, np.name,
					     -1, NULL, NULL));
	default:
		break;
	}
	if (atomic_load(&mnt_emulated))
		return 0;
	return flags < 0 ? shim_real.umount(target)
			 : shim_real.umount2(target, flags);
}

SHIM_EXPORT int umount(const char *target)
{
	shim_real_ensure();
	return umount_common(target, -1);
}

SHIM_EXPORT int umount2(const char *target, int flags)
{
	shim_real_ensure();
	if (flags < 0)
		return (int)shim_ret(-EINVAL);
	return umount_common(target, flags);
}
