// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The paths of a trapped child (docs/seccomp.md, "Paths"): open, openat
 * and openat2 trap for every path, statfs too.  The supervisor reads the
 * path and serves the few it must, as the shim does from its interposed
 * functions:
 *
 *   /run/netns/NAME, /var/run/netns/NAME   a handle of the named net
 *                                          (UNL_OP_NS_OPEN by name)
 *   /run/netns, /var/run/netns             the daemon's netns directory
 *   /proc/{self,thread-self,PID}/ns/net,   a handle of that process's
 *   /proc/PID/task/TID/ns/net              net (its carrier)
 *   /proc/net, /proc/sys/net, /sys/class/net, /sys/devices/virtual/net
 *                                          the daemon's file of the net
 *                                          (UNL_OP_FILE_OPEN)
 *
 * and lets every other open run in the kernel (CONTINUE).  A file of a
 * net opened for writing is installed in the reserved range, so that its
 * write() traps and becomes UNL_OP_FILE_WRITE.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <unetlink/files.h>

#include "seccomp/sc-open.h"
#include "seccomp/sc-private.h"
#include "wire/file-path.h"
#include "seccomp/proc-status.h"

#ifndef RESOLVE_IN_ROOT
#define RESOLVE_IN_ROOT 0x10
#endif

/* A file of a net the child holds in the reserved range: a directory
 * (its getdents64 and fstat are served), one opened for writing or one
 * whose read fails; known by its memfd's inode until files_sweep()
 * finds that no process holds it (a close() does not tell: the file
 * may have other numbers, in this process or in others). */
struct sc_file {
	dev_t dev;
	ino_t ino;
	int read_err;
	bool dir;
	bool writable;
	bool held; /* files_sweep(): some process holds it */
	int keep; /* our copy: the inode stays ours while we know it */
	struct sc_file *next;
	char path[]; /* canonical */
};

static struct sc_file *files;
/* How many, and how many make files_sweep() look for holders. */
static size_t nfiles, sweep_at = 64;

pid_t sc_tgid_of(pid_t pid)
{
	struct sc_proc_status st;

	return sc_proc_status(pid, &st) == 0 && st.tgid > 0 ? st.tgid : pid;
}

/* 0 when not told */
pid_t sc_ppid_of(pid_t pid)
{
	struct sc_proc_status st;

	return sc_proc_status(pid, &st) == 0 ? st.ppid : 0;
}

/* ---- the call's arguments ------------------------------------------------ */

/* The path at addr in the child, read a page at a time (a string may
 * end just before an unmapped page).  0, -EFAULT or -ENAMETOOLONG. */
int sc_read_path(const struct sc_call *c, uint64_t addr, char *buf,
		 size_t len)
{
	const uint64_t page = 4096;
	size_t got = 0;

	while (got < len) {
		size_t k = (size_t)(page - ((addr + got) % page));

		if (k > len - got)
			k = len - got;
		if (sc_mem_read(c, addr + got, buf + got, k) < 0) {
			if (k > 1) { /* a smaller page size: byte by byte */
				k = 1;
				if (sc_mem_read(c, addr + got, buf + got, 1))
					return -EFAULT;
			} else {
				return -EFAULT;
			}
		}
		if (memchr(buf + got, '\0', k))
			return 0;
		got += k;
	}
	return -ENAMETOOLONG;
}

struct sc_open {
	int dirfd;
	uint64_t path;
	int flags;
	mode_t mode;
	bool in_root; /* openat2 RESOLVE_IN_ROOT: the path is the dir's */
};

/* The arguments of open, openat or openat2.  0 or -errno. */
static int open_args(const struct sc_call *c, struct sc_open *o)
{
	const __u64 *a = c->n.data.args;

	memset(o, 0, sizeof(*o));
	o->dirfd = AT_FDCWD;
	switch (c->n.data.nr) {
#ifdef __NR_open
	case __NR_open:
		o->path = a[0];
		o->flags = (int)a[1];
		o->mode = (mode_t)a[2];
		return 0;
#endif
	case __NR_openat:
		o->dirfd = (int)a[0];
		o->path = a[1];
		o->flags = (int)a[2];
		o->mode = (mode_t)a[3];
		return 0;
	case __NR_openat2: {
		uint64_t how[3] = { 0 };
		size_t n = a[3] < sizeof(how) ? (size_t)a[3] : sizeof(how);

		if (n < 2 * sizeof(uint64_t) || sc_mem_read(c, a[2], how, n))
			return -EINVAL; /* the kernel's to refuse */
		o->dirfd = (int)a[0];
		o->path = a[1];
		o->flags = (int)how[0];
		o->mode = (mode_t)how[1];
		o->in_root = n == sizeof(how) && (how[2] & RESOLVE_IN_ROOT);
		return 0;
	}
	default:
		return -ENOSYS;
	}
}

static struct sc_file *file_of(int fd);

/* A directory of a net the child holds as dirfd: its path in dir. */
static bool known_dir(const struct sc_call *c, int dirfd, char *dir,
		      size_t len)
{
	int fd = sc_getfd(c, dirfd);
	struct sc_file *f = fd >= 0 ? file_of(fd) : NULL;

	if (fd >= 0)
		close(fd);
	if (!f || !f->dir)
		return false;
	snprintf(dir, len, "%s", f->path);
	return true;
}

/*
 * The absolute, tidied path a call names: a relative one joined to the
 * calling thread's working directory or to its dirfd's path (both as
 * /proc shows them).  false when it cannot be told: the kernel judges.
 */
static bool absolute(const struct sc_call *c, int dirfd, const char *path,
		     char *out, size_t len)
{
	char link[64], dir[PATH_MAX], joined[2 * PATH_MAX];
	ssize_t n;

	if (path[0] == '/')
		return unl_file_tidy(path, out, len);
	if (!path[0])
		return false;
	if (dirfd == AT_FDCWD)
		snprintf(link, sizeof(link), "/proc/%d/cwd", (int)c->n.pid);
	else
		snprintf(link, sizeof(link), "/proc/%d/fd/%d", (int)c->n.pid,
			 dirfd);
	n = readlink(link, dir, sizeof(dir) - 1);
	if (n <= 0 || dir[0] != '/')
		return false;
	dir[n] = '\0';
	if (!strncmp(dir, "/memfd:", 7) && !known_dir(c, dirfd, dir, sizeof(dir)))
		return false;
	snprintf(joined, sizeof(joined), "%s/%s", dir, path);
	return unl_file_tidy(joined, out, len);
}

/* ---- what a path is ---------------------------------------------------- */

static const char *prefix(const char *p, const char *pre)
{
	size_t n = strlen(pre);

	if (strncmp(p, pre, n) || (p[n] && p[n] != '/'))
		return NULL;
	return p + n;
}

/* "/proc/self/ns/net" and its kin: the pid (thread or process) whose
 * net it is, or 0 when p is not one. */
static pid_t ns_net_pid(const struct sc_call *c, const char *p)
{
	const char *r;
	char *end;
	long pid, tid;

	if (!(r = prefix(p, "/proc")) || !*r)
		return 0;
	r++;
	if (!strncmp(r, "self/", 5)) {
		pid = sc_tgid_of((pid_t)c->n.pid);
		r += 4;
	} else if (!strncmp(r, "thread-self/", 12)) {
		pid = (pid_t)c->n.pid;
		r += 11;
	} else if (*r >= '1' && *r <= '9') {
		pid = strtol(r, &end, 10);
		r = end;
	} else {
		return 0;
	}
	if (!strncmp(r, "/task/", 6) && r[6] >= '1' && r[6] <= '9') {
		tid = strtol(r + 6, &end, 10);
		pid = tid;
		r = end;
	}
	return strcmp(r, "/ns/net") ? 0 : (pid_t)pid;
}

/* Whose net a file of /proc names: /proc/thread-self/net the calling
 * thread's, /proc/net (a link to self/net), /proc/self/net and
 * /proc/PID/net its leader's; /proc/sys/net and /sys the calling
 * thread's (0). */
static pid_t file_net_tid(const struct sc_call *c, const char *abs)
{
	if (prefix(abs, "/proc/thread-self") || prefix(abs, "/proc/sys") ||
	    !prefix(abs, "/proc"))
		return 0;
	return sc_tgid_of((pid_t)c->n.pid);
}

static void classify(const struct sc *s, const struct sc_call *c,
		     struct sc_path *p)
{
	const char *abs = p->abs, *r;

	p->kind = SCP_OTHER;
	if ((r = prefix(abs, "/run/netns")) ||
	    (r = prefix(abs, "/var/run/netns"))) {
		p->rest = r;
		p->kind = r[0] && !strchr(r + 1, '/') ? SCP_NETNS_NAME
						      : SCP_NETNS_DIR;
		return;
	}
	if (strncmp(abs, "/proc/", 6) && strncmp(abs, "/sys/", 5))
		return;
	if ((p->pid = ns_net_pid(c, abs)) > 0) {
		p->kind = SCP_NS_NET;
		return;
	}
	if (unl_file_path(abs, sc_tgid_of((pid_t)c->n.pid), p->canon,
			  sizeof(p->canon))) {
		p->kind = SCP_FILE;
		p->pid = file_net_tid(c, abs);
	}
	(void)s;
}

/* The path of call c, classified: false when it is the kernel's (or
 * unreadable, which the kernel then reports). */
bool sc_call_path(const struct sc *s, struct sc_call *c,
		      int dirfd, uint64_t addr, bool in_root, struct sc_path *p)
{
	char path[PATH_MAX];

	if (sc_read_path(c, addr, path, sizeof(path)) < 0)
		return false;
	p->slash = path[0] && path[strlen(path) - 1] == '/';
	/* the usual case, answered at once */
	if (path[0] == '/' && strncmp(path, "/proc/", 6) &&
	    strncmp(path, "/sys/", 5) && strncmp(path, "/run/", 5) &&
	    strncmp(path, "/var/", 5) && strncmp(path, "//", 2))
		return false;
	if ((in_root && dirfd != AT_FDCWD) ||
	    !absolute(c, dirfd, path, p->abs, sizeof(p->abs)))
		return false;
	classify(s, c, p);
	c->net_tid = p->kind == SCP_FILE ? p->pid : 0;
	return p->kind != SCP_OTHER;
}

/* ---- answers ------------------------------------------------------------- */

/* Install src as the call's result at the lowest free number, as open()
 * gives. */
static long install_lowest(struct sc *s, struct sc_call *c, int src,
			   bool cloexec)
{
	struct seccomp_notif_addfd a = {
		.id = c->n.id,
		.flags = SECCOMP_ADDFD_FLAG_SEND,
		.srcfd = (__u32)src,
		.newfd_flags = cloexec ? O_CLOEXEC : 0,
	};

	if (!sc_id_valid(s, c))
		return -EINTR;
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ADDFD, &a) < 0)
		return -errno;
	return SC_ANSWERED;
}

/* The daemon's netns directory: "netns" beside the socket the control
 * connection reached. */
static int netns_dir(const struct sc *s, char *buf, size_t len)
{
	struct sockaddr_un sa;
	socklen_t l = sizeof(sa);
	const char *slash;
	int n;

	memset(&sa, 0, sizeof(sa));
	if (getpeername(s->conn, (struct sockaddr *)&sa, &l) < 0)
		return -errno;
	if (l <= offsetof(struct sockaddr_un, sun_path) || sa.sun_path[0] != '/')
		return -ENOENT;
	sa.sun_path[sizeof(sa.sun_path) - 1] = '\0';
	slash = strrchr(sa.sun_path, '/');
	n = snprintf(buf, len, "%.*s/netns", (int)(slash - sa.sun_path),
		     sa.sun_path);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* NS_OPEN or NS_QUERY: a0 = how, the name as payload or fd_in; the new
 * handle in *out (NS_OPEN), the net's id in *idp (may be NULL).  0 or
 * -errno. */
int sc_ns_call(struct sc *s, uint32_t op, int how, const char *name,
		   int fd_in, int *out, uint64_t *idp)
{
	struct unl_wire_req req = { .op = op, .a0 = (uint32_t)how };
	struct iovec v = { (void *)name, name ? strlen(name) : 0 };
	struct unl_wire_rep rep;
	uint64_t id;
	int fd = -1, err;

	id = 0;
	err = unl_sc_wire_call(s->conn, &req, &v, name ? 1 : 0, fd_in, &rep,
			       &id, sizeof(id), out ? &fd : NULL, out ? 1 : 0);
	if (err)
		return err;
	if (idp)
		*idp = id;
	if (rep.ret < 0 || !out) {
		if (fd >= 0)
			close(fd);
		return rep.ret < 0 ? rep.ret : 0;
	}
	if (fd < 0)
		return -EPROTO;
	*out = fd;
	return 0;
}

/* Is pid (a thread or a process) the command or one of its
 * descendants, so in a net of the daemon? */
static bool in_tree(const struct sc *s, pid_t pid)
{
	for (int depth = 0; pid > 1 && depth < 4096; depth++) {
		pid = sc_tgid_of(pid);
		if (pid == s->child)
			return true;
		pid = sc_ppid_of(pid);
	}
	return false;
}

/* A new plain handle on the net of process (or thread) pid: its
 * carrier's net, or the net `run` gave when it holds none.  0 with the
 * handle in *out, 1 when pid is not ours (the kernel's file), -errno. */
int sc_handle_of_pid(struct sc *s, pid_t pid, int *out, uint64_t *idp)
{
	int pidfd, carrier = sc_thread_net_of(s, pid), err;

	/* a thread's own net (thread-net.c) */
	if (carrier >= 0)
		return sc_ns_call(s, UNL_OP_NS_OPEN, UNL_NS_BY_HANDLE, NULL,
				  carrier, out, idp);
	pidfd = sc_pidfd_of(pid);
	if (pidfd >= 0) {
		carrier = (int)syscall(SYS_pidfd_getfd, pidfd,
				       sc_carrier_slot(s), 0);
		close(pidfd);
	}
	if (carrier >= 0 && !sc_is_handle(carrier)) {
		close(carrier);
		carrier = -1;
	}
	if (carrier < 0 && !in_tree(s, pid))
		return 1;
	err = sc_ns_call(s, UNL_OP_NS_OPEN, UNL_NS_BY_HANDLE, NULL,
		      carrier >= 0 ? carrier : s->net_fd, out, idp);
	if (carrier >= 0)
		close(carrier);
	return err;
}

/* A file of the daemon's netns directory, opened by the supervisor for
 * the child (the same user: `run` and its command). */
static long open_in_netns_dir(struct sc *s, struct sc_call *c,
			      const struct sc_path *p, const struct sc_open *o)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	long ret;
	int fd;

	if (netns_dir(s, dir, sizeof(dir)) < 0)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s%s", dir, p->rest);
	fd = open(path, o->flags | O_CLOEXEC, o->mode);
	if (fd < 0)
		return -errno;
	ret = install_lowest(s, c, fd, o->flags & O_CLOEXEC);
	close(fd);
	return ret;
}

static void file_forget(struct sc_file *f);

/* Every process's descriptors that are one of ours mark it held. */
static void mark_held(int pid_dir)
{
	int fdd = openat(pid_dir, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fdd >= 0 ? fdopendir(fdd) : NULL;
	struct dirent *e;
	struct stat st;

	if (!d) {
		if (fdd >= 0)
			close(fdd);
		return;
	}
	while ((e = readdir(d))) {
		char link[64];
		ssize_t n;

		/* the name first (src/daemon/files.c names its memfds so):
		 * a stat could wait on a FUSE file */
		if (e->d_name[0] == '.')
			continue;
		n = readlinkat(fdd, e->d_name, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (strncmp(link, "/memfd:unetlink-file", 20) ||
		    fstatat(fdd, e->d_name, &st, 0) < 0)
			continue;
		for (struct sc_file *f = files; f; f = f->next)
			if (f->dev == st.st_dev && f->ino == st.st_ino)
				f->held = true;
	}
	closedir(d);
}

/*
 * Once the list has doubled, the files no process holds any more (but
 * the supervisor) are forgotten.  Every readable /proc/PID/fd is
 * looked at, since a file may have been inherited anywhere in the tree.
 */
static void files_sweep(void)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	struct sc_file *f, *next;

	if (!proc)
		return;
	for (f = files; f; f = f->next)
		f->held = false;
	while ((e = readdir(proc))) {
		int pd;

		if (e->d_name[0] < '1' || e->d_name[0] > '9' ||
		    atoi(e->d_name) == getpid())
			continue;
		pd = openat(dirfd(proc), e->d_name,
			    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pd >= 0) {
			mark_held(pd);
			close(pd);
		}
	}
	closedir(proc);
	for (f = files; f; f = next) {
		next = f->next;
		if (!f->held)
			file_forget(f);
	}
	sweep_at = nfiles * 2 > 64 ? nfiles * 2 : 64;
}

static void file_remember(int fd, const char *path, int read_err, bool dir,
			  bool writable)
{
	size_t n = strlen(path) + 1;
	struct sc_file *f = malloc(sizeof(*f) + n);
	struct stat st;

	if (!f || fstat(fd, &st) < 0) {
		free(f);
		return;
	}
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	f->read_err = read_err;
	f->dir = dir;
	f->writable = writable;
	f->keep = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	memcpy(f->path, path, n);
	/* before this one joins: the child holds it only once installed */
	if (nfiles + 1 >= sweep_at)
		files_sweep();
	f->next = files;
	files = f;
	nfiles++;
}

/* FILE_OPEN of canon in the caller's net: its type (>= 0) with the
 * memfd in *fd and the file's description in *wf, the link's target in
 * target, or -errno. */
int sc_file_open(struct sc *s, struct sc_call *c, const char *canon,
		     int flags, struct unl_wire_file *wf, char *target,
		     int *fd)
{
	struct { struct unl_wire_file wf; char t[PATH_MAX]; } rep;
	struct unl_wire_req req = { .op = UNL_OP_FILE_OPEN,
				    .a0 = (uint32_t)flags };
	struct iovec v = { (void *)canon, strlen(canon) };
	struct unl_wire_rep h;
	int net, err;

	*fd = -1;
	memset(&rep, 0, sizeof(rep));
	err = unl_sc_wire_call(s->conn, &req, &v, 1, sc_net_of(s, c, &net),
			       &h, &rep, sizeof(rep) - 1, fd, 1);
	if (net >= 0)
		close(net);
	if (err)
		return err;
	if (h.ret >= 0 && h.len < sizeof(rep.wf))
		h.ret = -EPROTO;
	if (h.ret < 0) {
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		return h.ret;
	}
	*wf = rep.wf;
	snprintf(target, PATH_MAX, "%s", rep.t);
	return h.ret;
}

/* open() of a file of a net: the daemon's memfd, followed through the
 * trees' links. */
static long open_file(struct sc *s, struct sc_call *c, const char *canon,
		      const struct sc_open *o)
{
	char path[PATH_MAX], target[PATH_MAX];
	int flags = o->flags & ~O_PATH, fd = -1, type;
	struct unl_wire_file wf = { 0 };
	bool writing = (flags & O_ACCMODE) != O_RDONLY;
	long ret;

	snprintf(path, sizeof(path), "%s", canon);
	for (int hops = 0;; hops++) {
		type = sc_file_open(s, c, path, flags, &wf, target, &fd);
		if (type != UNL_FILE_LNK)
			break;
		if (fd >= 0)
			close(fd);
		if (hops == 8)
			return -ELOOP;
		if (!unl_file_resolve(path, target, path, sizeof(path)))
			return -ENOENT;
	}
	if (type == -EXDEV)
		return SC_CONTINUE; /* not the model's: the real one stands */
	if (type < 0)
		return type;
	if (fd < 0)
		return -EPROTO;
	if ((flags & O_DIRECTORY) && type != UNL_FILE_DIR) {
		close(fd);
		return -ENOTDIR;
	}
	/* in the range, so that the calls on it trap: a directory's
	 * getdents64 and fstat, a write, a read that fails */
	if (writing || wf.read_err || type == UNL_FILE_DIR) {
		file_remember(fd, path, wf.read_err, type == UNL_FILE_DIR,
			      writing);
		ret = sc_id_valid(s, c)
			      ? sc_child_install(s, c, fd, s->base,
						 flags & O_CLOEXEC)
			      : -EINTR;
	} else {
		ret = install_lowest(s, c, fd, flags & O_CLOEXEC);
	}
	close(fd);
	return ret;
}

long sc_open(struct sc *s, struct sc_call *c)
{
	struct sc_path p;
	struct sc_open o;
	int fd = -1, err;
	long ret;

	if (open_args(c, &o) < 0 ||
	    !sc_call_path(s, c, o.dirfd, o.path, o.in_root, &p))
		return SC_CONTINUE;
	switch (p.kind) {
	case SCP_NETNS_NAME:
		err = sc_ns_call(s, UNL_OP_NS_OPEN, UNL_NS_BY_NAME, p.rest + 1,
			      -1, &fd, NULL);
		if (err == -ENOENT)
			return open_in_netns_dir(s, c, &p, &o);
		if (err)
			return err;
		/* a name bound is a file there (`ip netns add` twice) */
		if ((o.flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
			close(fd);
			return -EEXIST;
		}
		if (o.flags & O_DIRECTORY) {
			close(fd);
			return -ENOTDIR;
		}
		break;
	case SCP_NETNS_DIR:
		return open_in_netns_dir(s, c, &p, &o);
	case SCP_NS_NET:
		err = sc_handle_of_pid(s, p.pid, &fd, NULL);
		if (err == 1)
			return SC_CONTINUE;
		if (err)
			return err;
		break;
	case SCP_FILE:
		return open_file(s, c, p.canon, &o);
	default:
		return SC_CONTINUE;
	}
	/* A handle goes into the range, so that its fstat() traps and
	 * shows nsfs's file (docs/conformance.md). */
	if (!sc_id_valid(s, c))
		ret = -EINTR;
	else
		ret = sc_child_install(s, c, fd, s->base, o.flags & O_CLOEXEC);
	close(fd);
	return ret;
}

/* A namespace file as nsfs shows it: root's, read-only, empty, the
 * net's id as its inode, on the device of the supervisor's own. */
static int ns_file_stat(uint64_t id, struct stat *st)
{
	if (stat("/proc/self/ns/net", st) < 0)
		return -errno;
	st->st_ino = (ino_t)id;
	st->st_mode = S_IFREG | 0444;
	st->st_nlink = 1;
	st->st_uid = 0;
	st->st_gid = 0;
	st->st_size = 0;
	st->st_blocks = 0;
	return 0;
}

int sc_ns_stat(struct sc *s, struct sc_call *c, int dirfd, uint64_t addr,
	       bool follow, struct stat *st)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	struct sc_path p;
	uint64_t id = 0;
	int fd = -1, err;

	if (!sc_call_path(s, c, dirfd, addr, false, &p))
		return 1;
	switch (p.kind) {
	case SCP_NS_NET:
		/* the link itself is the kernel's */
		if (!follow)
			return 1;
		err = sc_handle_of_pid(s, p.pid, &fd, &id);
		if (err)
			return err == 1 ? 1 : err;
		close(fd);
		return ns_file_stat(id, st);
	case SCP_NETNS_NAME:
		err = sc_ns_call(s, UNL_OP_NS_QUERY, UNL_NS_BY_NAME, p.rest + 1,
			      -1, NULL, &id);
		if (!err)
			return ns_file_stat(id, st);
		if (err != -ENOENT)
			return err;
		/* the file of the netns directory, or none */
		__attribute__((fallthrough));
	case SCP_NETNS_DIR:
		if (netns_dir(s, dir, sizeof(dir)) < 0)
			return -ENOENT;
		snprintf(path, sizeof(path), "%s%s", dir, p.rest);
		return (follow ? stat(path, st) : lstat(path, st)) < 0 ? -errno
									: 0;
	default:
		return 1;
	}
}

/* The daemon's file for a /run/netns path that names no net: the
 * netns directory or what is in it, in path. */
int sc_netns_dir_path(struct sc *s, const struct sc_path *p, char *path,
			  size_t len)
{
	char dir[PATH_MAX];

	if (netns_dir(s, dir, sizeof(dir)) < 0)
		return -ENOENT;
	snprintf(path, len, "%s%s", dir, p->rest);
	return 0;
}

/* Is the handle of a net of /run/netns/NAME one the daemon knows?  0,
 * -ENOENT (a file of the netns directory, or none), or -errno. */
int sc_netns_name_known(struct sc *s, const struct sc_path *p)
{
	return sc_ns_call(s, UNL_OP_NS_QUERY, UNL_NS_BY_NAME, p->rest + 1, -1,
		       NULL, NULL);
}

int sc_ns_access(struct sc *s, struct sc_call *c, int dirfd, uint64_t addr,
		 int mode, int flags)
{
	char path[PATH_MAX + 64];
	struct sc_path p;
	int err;

	if (!sc_call_path(s, c, dirfd, addr, false, &p))
		return 1;
	switch (p.kind) {
	case SCP_NETNS_NAME:
		err = sc_netns_name_known(s, &p);
		if (err != -ENOENT) {
			if (err)
				return err;
			/* nsfs: immutable (EPERM for writing, before any
			 * other test), 0444 (no one may run it) */
			if (mode & W_OK)
				return -EPERM;
			return (mode & X_OK) ? -EACCES : 0;
		}
		__attribute__((fallthrough));
	case SCP_NETNS_DIR:
		if (sc_netns_dir_path(s, &p, path, sizeof(path)) < 0)
			return -ENOENT;
		return faccessat(AT_FDCWD, path, mode,
				 flags & (AT_EACCESS | AT_SYMLINK_NOFOLLOW))
			       ? -errno
			       : 0;
	default:
		/* /proc/.../ns/net: the kernel's file has nsfs's modes */
		return 1;
	}
}

int sc_ns_readlink(struct sc *s, struct sc_call *c, int dirfd, uint64_t addr,
		   char *target, size_t cap)
{
	char path[PATH_MAX + 64];
	struct sc_path p;
	uint64_t id = 0;
	ssize_t n;
	int fd = -1, err;

	if (!sc_call_path(s, c, dirfd, addr, false, &p))
		return 1;
	switch (p.kind) {
	case SCP_NS_NET:
		/* proc_ns_readlink(): "net:[INODE]", the inode stat shows */
		err = sc_handle_of_pid(s, p.pid, &fd, &id);
		if (err)
			return err;
		close(fd);
		snprintf(target, cap, "net:[%llu]", (unsigned long long)id);
		return 0;
	case SCP_NETNS_NAME:
		err = sc_netns_name_known(s, &p);
		if (!err)
			return -EINVAL; /* a bind mount of nsfs's file */
		if (err != -ENOENT)
			return err;
		__attribute__((fallthrough));
	case SCP_NETNS_DIR:
		if (sc_netns_dir_path(s, &p, path, sizeof(path)) < 0)
			return -ENOENT;
		n = readlink(path, target, cap - 1);
		if (n < 0)
			return -errno;
		target[n] = '\0';
		return 0;
	default:
		return 1;
	}
}

int sc_handle_stat(struct sc *s, int handle, struct stat *st)
{
	uint64_t id = 0;
	int fd = -1, err;

	if (!sc_is_handle(handle))
		return 1;
	err = sc_ns_call(s, UNL_OP_NS_OPEN, UNL_NS_BY_HANDLE, NULL, handle, &fd,
		      &id);
	if (err)
		return err;
	close(fd);
	return ns_file_stat(id, st);
}

bool sc_file_path_of(const struct sc *s, struct sc_call *c, int dirfd,
		     uint64_t addr, char *canon, size_t len, char *abs,
		     size_t abslen)
{
	struct sc_path p;

	if (!sc_call_path(s, c, dirfd, addr, false, &p) || p.kind != SCP_FILE)
		return false;
	snprintf(canon, len, "%s", p.canon);
	if (abs)
		snprintf(abs, abslen, "%s%s", p.abs, p.slash ? "/" : "");
	return true;
}

const char *sc_file_known(int fd)
{
	struct sc_file *f = file_of(fd);

	return f ? f->path : NULL;
}

long sc_path_call(struct sc *s, struct sc_call *c)
{
	switch (c->n.data.nr) {
#ifdef __NR_open
	case __NR_open:
#endif
	case __NR_openat:
	case __NR_openat2:
		return sc_open(s, c);
	case __NR_statfs:
		return sc_statfs(s, c);
#ifdef __NR_mkdir
	case __NR_mkdir:
	case __NR_rmdir:
	case __NR_unlink:
#endif
	case __NR_mkdirat:
	case __NR_unlinkat:
	case __NR_mount:
	case __NR_umount2:
		return sc_nsdir_call(s, c);
	default:
		return sc_stat_call(s, c);
	}
}

/* statfs() of a namespace path: nsfs's, as the kernel's files of a net
 * report (a CNI plugin checks it before it opens the path). */
long sc_statfs(struct sc *s, struct sc_call *c)
{
	struct statfs st;
	struct sc_path p;
	int fd = -1, err;

	if (!sc_call_path(s, c, AT_FDCWD, c->n.data.args[0], false, &p))
		return SC_CONTINUE;
	if (p.kind == SCP_NETNS_NAME) {
		err = sc_ns_call(s, UNL_OP_NS_QUERY, UNL_NS_BY_NAME, p.rest + 1,
			      -1, NULL, NULL);
		if (err == -ENOENT)
			return SC_CONTINUE; /* a file there, or none */
		if (err)
			return err;
	} else if (p.kind == SCP_NS_NET) {
		err = sc_handle_of_pid(s, p.pid, &fd, NULL);
		if (err == 1)
			return SC_CONTINUE;
		if (err)
			return err;
		close(fd);
	} else {
		return SC_CONTINUE; /* procfs and sysfs say it themselves */
	}
	if (statfs("/proc/self/ns/net", &st) < 0)
		return -errno;
	if (!sc_id_valid(s, c))
		return -EINTR;
	return sc_mem_write(c, c->n.data.args[1], &st, sizeof(st)) ? -EFAULT
								    : 0;
}

/* ---- I/O on a file of a net ----------------------------------------------- */

static void file_forget(struct sc_file *f)
{
	for (struct sc_file **pp = &files; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			if (f->keep >= 0)
				close(f->keep);
			free(f);
			nfiles--;
			return;
		}
}

static struct sc_file *file_of(int fd)
{
	struct stat st;

	if (!files || fstat(fd, &st) < 0)
		return NULL;
	for (struct sc_file *f = files; f; f = f->next)
		if (f->dev == st.st_dev && f->ino == st.st_ino)
			return f;
	return NULL;
}

long sc_file_io(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	struct sc_file *f;
	struct unl_wire_req req = { .op = UNL_OP_FILE_WRITE };
	struct unl_wire_rep rep;
	struct iovec *iov = NULL, v[2];
	unsigned char *data = NULL;
	size_t total;
	int err, net;

	if (c->n.data.nr == __NR_ioctl)
		return sc_tun_ioctl(s, c);
	f = c->fd >= 0 ? file_of(c->fd) : NULL;
#ifdef __NR_fstat
	if (!f && c->n.data.nr == __NR_fstat)
		return sc_fstat_handle(s, c, c->n.data.args[1]);
#endif
	if (!f)
		return SC_CONTINUE;
	switch (c->n.data.nr) {
	case __NR_dup:
	case __NR_fcntl:
		return sc_dup(s, c);
#ifdef __NR_dup2
	case __NR_dup2:
#endif
	case __NR_dup3:
		return sc_dup_to(s, c);
	case __NR_getdents64:
		return f->dir ? sc_getdents(s, c, f->path) : -ENOTDIR;
#ifdef __NR_fstat
	case __NR_fstat:
		return sc_fstat(s, c, f->path, c->n.data.args[1]);
#endif
	case __NR_read:
	case __NR_readv:
		if (f->dir)
			return -EISDIR;
		return f->read_err ? -f->read_err : SC_CONTINUE;
	case __NR_write:
		total = (size_t)a[2];
		if (total > SC_MAX_PAYLOAD - PATH_MAX)
			total = SC_MAX_PAYLOAD - PATH_MAX;
		data = malloc(total ? total : 1);
		if (!data)
			return -ENOMEM;
		if (sc_mem_read(c, a[1], data, total)) {
			free(data);
			return -EFAULT;
		}
		break;
	case __NR_writev:
		err = sc_iov_fetch(c, a[1], a[2], &iov, &total);
		if (!err && total > SC_MAX_PAYLOAD - PATH_MAX)
			total = SC_MAX_PAYLOAD - PATH_MAX;
		if (!err)
			err = sc_iov_read(c, iov, (size_t)a[2], total, &data);
		free(iov);
		if (err) {
			free(data);
			return err;
		}
		break;
	default:
		return SC_CONTINUE;
	}
	if (!f->writable) { /* opened for reading only */
		free(data);
		return -EBADF;
	}
	v[0] = (struct iovec){ f->path, strlen(f->path) + 1 };
	v[1] = (struct iovec){ data, total };
	err = sc_id_valid(s, c) ? 0 : -EINTR;
	if (!err)
		err = unl_sc_wire_call(s->conn, &req, v, 2,
				       sc_net_of(s, c, &net), &rep, NULL, 0,
				       NULL, 0);
	else
		net = -1;
	if (net >= 0)
		close(net);
	free(data);
	return err ? err : rep.ret;
}

void sc_files_free(void)
{
	while (files) {
		struct sc_file *f = files;

		files = f->next;
		if (f->keep >= 0)
			close(f->keep);
		free(f);
	}
	nfiles = 0;
}
