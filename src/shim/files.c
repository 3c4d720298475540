// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The files of a net (wire.h, "Files"): /proc/net, /sys/class/net,
 * /sys/devices/virtual/net and /proc/sys/net of the calling thread's
 * net, made by the daemon.  The shim only forwards: an open gets the
 * daemon's memfd (a snapshot), a write() to a file opened for writing
 * goes to the daemon at once, a directory is read from the entries the
 * daemon listed.  netns.c's path calls (open, fopen, opendir, stat,
 * access, readlink) ask shim_files_path() first.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <unetlink/files.h>

#include "shim/shim.h"
#include "wire/file-path.h"
#include "wire/file-stat.h"

/* ---- paths ------------------------------------------------------------- */

_Thread_local bool shim_path_of_process;

/* /proc/net (a link to self/net), /proc/self/net and /proc/PID/net are
 * the first thread's net; /proc/thread-self/net, /proc/sys/net and /sys
 * the calling thread's. */
static bool of_process(const char *path)
{
	return !strncmp(path, "/proc/", 6) &&
	       strncmp(path, "/proc/thread-self/", 18) &&
	       strncmp(path, "/proc/sys/", 10);
}

bool shim_files_path(const char *path, char *canon, size_t len)
{
	shim_path_of_process = of_process(path);
	return unl_file_path(path, getpid(), canon, len);
}

/* ---- requests ------------------------------------------------------------ */

struct file_ans {
	struct unl_wire_file wf;
	char target[PATH_MAX]; /* a link's */
	int fd;                /* the memfd, or -1 */
};

/* FILE_OPEN or FILE_WRITE in the calling thread's net: ret as the
 * reply has it. */
static int file_call(uint32_t op, int flags, const char *path,
		     const void *data, size_t len, struct file_ans *a)
{
	struct { struct unl_wire_file wf; char t[PATH_MAX]; } rep;
	/* the path was just classified by shim_files_path(), on this
	 * thread; a later call classifies its own */
	struct shim_nsref *r = op == UNL_OP_FILE_OPEN && shim_path_of_process
				       ? shim_ns_process()
				       : shim_ns_current();
	struct iovec iov = { (void *)data, len };
	struct shim_call c;
	/* a call that succeeds leaves errno alone, as the kernel's does
	 * (conntrack -C reports the errno of the netlink failure after
	 * its fallback has read nf_conntrack_count); the round trip's own
	 * EAGAINs must not show */
	int cs, ret, saved_errno = errno;

	shim_path_of_process = false;

	shim_call_init(&c, op, NULL);
	c.req.a0 = flags;
	c.head[0].iov_base = (void *)path;
	c.head[0].iov_len = strlen(path) + (op == UNL_OP_FILE_WRITE);
	c.iov = &iov;
	c.iovcnt = len ? 1 : 0;
	c.datalen = len;
	c.fd_in = shim_ns_fd(r);
	c.record = true;
	memset(&rep, 0, sizeof(rep));
	c.rbuf = &rep;
	c.rcap = sizeof(rep) - 1;
	c.nfds_want = a ? 1 : 0;
	c.fds_optional = true;
	shim_conn_lock(&cs);
	ret = shim_conn_call(&c);
	shim_conn_unlock(cs);
	shim_ns_put(r);
	errno = saved_errno;
	if (!a)
		return ret;
	a->fd = c.fds_out[0];
	if (ret > 0 && c.rgot < sizeof(rep.wf)) {
		if (a->fd >= 0)
			shim_real.close(a->fd);
		return -EPROTO;
	}
	if (ret > 0) {
		a->wf = rep.wf;
		memcpy(a->target, rep.t, sizeof(a->target));
	}
	return ret;
}

/* ---- descriptors the shim watches ---------------------------------------- */

/* Files opened for writing (their write()s go to the daemon) and files
 * whose read fails: few, so a list. */
struct watched {
	struct watched *next;
	int fd;
	int read_err;
	/* a directory of ours opened with open(): its entries are the
	 * memfd's; pos counts those getdents64() handed out */
	bool dir;
	long pos;
	char path[];
};

static pthread_mutex_t watched_lk = PTHREAD_MUTEX_INITIALIZER;
static struct watched *watched_list;
atomic_int shim_files_nwatched;

static int watch(int fd, const char *path, int read_err, bool dir)
{
	size_t n = strlen(path) + 1;
	struct watched *w = malloc(sizeof(*w) + n);

	if (!w)
		return -ENOMEM;
	w->fd = fd;
	w->read_err = read_err;
	w->dir = dir;
	w->pos = 0;
	memcpy(w->path, path, n);
	pthread_mutex_lock(&watched_lk);
	w->next = watched_list;
	watched_list = w;
	atomic_fetch_add(&shim_files_nwatched, 1);
	pthread_mutex_unlock(&watched_lk);
	return 0;
}

/* The entry of fd, unlinked when take; NULL if none (lock held). */
static struct watched *watched_find(int fd, bool take)
{
	for (struct watched **pp = &watched_list; *pp; pp = &(*pp)->next) {
		struct watched *w = *pp;

		if (w->fd != fd)
			continue;
		if (take) {
			*pp = w->next;
			atomic_fetch_sub(&shim_files_nwatched, 1);
		}
		return w;
	}
	return NULL;
}

void shim_files_forget(int fd)
{
	struct watched *w;

	pthread_mutex_lock(&watched_lk);
	w = watched_find(fd, true);
	pthread_mutex_unlock(&watched_lk);
	free(w);
}

void shim_files_dup(int oldfd, int newfd)
{
	char path[PATH_MAX];
	struct watched *w;
	int read_err = 0;
	bool dir = false;

	shim_files_forget(newfd);
	pthread_mutex_lock(&watched_lk);
	w = watched_find(oldfd, false);
	if (w) {
		snprintf(path, sizeof(path), "%s", w->path);
		read_err = w->read_err;
		dir = w->dir;
	}
	pthread_mutex_unlock(&watched_lk);
	if (w)
		watch(newfd, path, read_err, dir);
}

/* What a program wrote into the memfd of a file opened for writing
 * past write() (glibc's stdio inside bash's builtins calls the system
 * call itself): applied once, when the descriptor is closed or
 * replaced.  write() through the shim leaves the memfd untouched, so
 * its offset tells. */
void shim_files_flush(int fd)
{
	char path[PATH_MAX], buf[4096];
	struct watched *w;
	bool ours;
	off_t off;
	ssize_t n;

	pthread_mutex_lock(&watched_lk);
	w = watched_find(fd, false);
	ours = w && !w->dir && w->path[0];
	if (ours)
		snprintf(path, sizeof(path), "%s", w->path);
	pthread_mutex_unlock(&watched_lk);
	if (!ours)
		return;
	off = (off_t)shim_sys(SYS_lseek, fd, 0, SEEK_CUR);
	if (off <= 0 || off > (off_t)sizeof(buf))
		return;
	n = (ssize_t)shim_sys(SYS_pread64, fd, buf, (size_t)off, 0);
	shim_sys(SYS_lseek, fd, 0, SEEK_SET);
	if (n > 0)
		file_call(UNL_OP_FILE_WRITE, 0, path, buf, (size_t)n, NULL);
}

/* xattrs of our files: none (sysfs and procfs show no labels here). */
ssize_t shim_files_xattr(const char *canon)
{
	struct stat st;
	int err = shim_files_stat(canon, true, &st);

	return err ? err : -ENODATA;
}

/* listxattr(): an empty list for a file that exists. */
ssize_t shim_files_listxattr(const char *canon)
{
	ssize_t r = shim_files_xattr(canon);

	return r == -ENODATA ? 0 : r;
}

/* write() on a watched descriptor: 1 with *ret (bytes or -errno) when
 * it was one, 0 otherwise. */
int shim_files_write(int fd, const void *buf, size_t len, ssize_t *ret)
{
	char path[PATH_MAX];
	struct watched *w;

	bool dir = false;

	pthread_mutex_lock(&watched_lk);
	w = watched_find(fd, false);
	if (w) {
		snprintf(path, sizeof(path), "%s", w->path);
		dir = w->dir;
	}
	pthread_mutex_unlock(&watched_lk);
	if (!w || !path[0])
		return 0;
	if (dir) {
		*ret = -EISDIR;
		return 1;
	}
	*ret = file_call(UNL_OP_FILE_WRITE, 0, path, buf, len, NULL);
	return 1;
}

/* read() on a watched descriptor whose read fails. */
int shim_files_read(int fd, ssize_t *ret)
{
	struct watched *w;
	int err = 0;

	pthread_mutex_lock(&watched_lk);
	w = watched_find(fd, false);
	if (w)
		err = w->dir ? EISDIR : w->read_err;
	pthread_mutex_unlock(&watched_lk);
	if (!err)
		return 0;
	*ret = -err;
	return 1;
}

/* ---- relative paths -------------------------------------------------------- */

/* chdir() into a directory of ours that the kernel does not have (a
 * device of the model only) goes, for real, to a stand-in: the same path
 * below a directory of the user's in /tmp.  A child process inherits it
 * as it would the real one (a shell's `cd DIR && cat FILE`), and
 * relative paths and getcwd() there are read back as the path it stands
 * for. */
#define STANDIN_FMT "/tmp/unetlink-cwd-%u"

static size_t standin_root(char *buf, size_t len)
{
	int n = snprintf(buf, len, STANDIN_FMT, (unsigned int)getuid());

	return n < 0 || (size_t)n >= len ? 0 : (size_t)n;
}

/* The path a real directory stands for: itself, or what follows the
 * stand-in root. */
static const char *standin_of(const char *real)
{
	char root[64];
	size_t n = standin_root(root, sizeof(root));

	if (n && !strncmp(real, root, n) && real[n] == '/')
		return real + n;
	return real;
}

/* mkdir -p of the stand-in for canon, then chdir() there: 0 or -errno.
 * The root is the user's alone. */
static int standin_chdir(const char *canon)
{
	char path[PATH_MAX];
	struct stat st;
	size_t n = standin_root(path, sizeof(path));

	if (!n || n + strlen(canon) >= sizeof(path))
		return -ENAMETOOLONG;
	if (shim_sys(SYS_mkdirat, AT_FDCWD, path, 0700) && errno != EEXIST)
		return -errno;
	if (shim_sys(SYS_newfstatat, AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) ||
	    !S_ISDIR(st.st_mode) || st.st_uid != getuid())
		return -EACCES;
	memcpy(path + n, canon, strlen(canon) + 1);
	for (char *p = path + n + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		shim_sys(SYS_mkdirat, AT_FDCWD, path, 0755);
		*p = '/';
	}
	shim_sys(SYS_mkdirat, AT_FDCWD, path, 0755);
	return shim_sys(SYS_chdir, path) ? -errno : 0;
}

/* Is the real working directory in /proc, /sys or a stand-in (1), not
 * (0), or not known since the last chdir (-1)?  Spares a getcwd() per
 * relative path elsewhere. */
static atomic_int cwd_ours = -1;

static bool in_trees(const char *p)
{
	return !strncmp(p, "/proc/", 6) || !strncmp(p, "/sys/", 5) ||
	       !strcmp(p, "/proc") || !strcmp(p, "/sys");
}

/* The directory a relative path starts from, when it may be one of
 * ours: the working directory, or dirfd's. */
static bool base_of(int dirfd, char *base, size_t len)
{
	char link[64], real[PATH_MAX];
	ssize_t n;

	if (dirfd == AT_FDCWD) {
		const char *v;

		if (!atomic_load(&cwd_ours))
			return false;
		if (shim_sys(SYS_getcwd, real, sizeof(real)) < 0)
			return false;
		v = standin_of(real);
		atomic_store(&cwd_ours, in_trees(v) ? 1 : 0);
		snprintf(base, len, "%s", v);
		return in_trees(v);
	}
	pthread_mutex_lock(&watched_lk);
	{
		struct watched *w = watched_find(dirfd, false);

		if (w && w->dir)
			snprintf(base, len, "%s", w->path);
		pthread_mutex_unlock(&watched_lk);
		if (w && w->dir)
			return true;
	}
	snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
	n = shim_sys(SYS_readlinkat, AT_FDCWD, link, real, sizeof(real) - 1);
	if (n <= 0)
		return false;
	real[n] = '\0';
	snprintf(base, len, "%s", standin_of(real));
	return in_trees(base);
}

bool shim_files_path_at(int dirfd, const char *path, char *canon, size_t len)
{
	char base[PATH_MAX], joined[PATH_MAX];
	int n;

	if (!path || !*path)
		return false;
	if (path[0] == '/')
		return shim_files_path(path, canon, len);
	if (!base_of(dirfd, base, sizeof(base)))
		return false;
	n = snprintf(joined, sizeof(joined), "%s/%s", base, path);
	if (n < 0 || (size_t)n >= sizeof(joined))
		return false;
	return shim_files_path(joined, canon, len);
}

SHIM_EXPORT int chdir(const char *path)
{
	char canon[PATH_MAX];
	struct stat st;
	long r;

	shim_real_ensure();
	if (shim_files_path_at(AT_FDCWD, path, canon, sizeof(canon))) {
		int err = shim_files_stat(canon, true, &st);

		if (err != -EXDEV) {
			if (!err && !S_ISDIR(st.st_mode))
				err = -ENOTDIR;
			/* the kernel's own directory when it has one */
			if (!err && shim_sys(SYS_chdir, path))
				err = standin_chdir(canon);
			atomic_store(&cwd_ours, -1);
			return (int)shim_ret(err);
		}
	}
	r = shim_sys(SYS_chdir, path);
	atomic_store(&cwd_ours, -1);
	return (int)r;
}

SHIM_EXPORT int fchdir(int fd)
{
	char base[PATH_MAX];
	struct watched *w;
	bool ours = false;

	pthread_mutex_lock(&watched_lk);
	w = watched_find(fd, false);
	if (w && w->dir) {
		snprintf(base, sizeof(base), "%s", w->path);
		ours = true;
	}
	pthread_mutex_unlock(&watched_lk);
	atomic_store(&cwd_ours, -1);
	if (ours)
		return (int)shim_ret(shim_sys(SYS_chdir, base) ? standin_chdir(base)
							     : 0);
	return (int)shim_sys(SYS_fchdir, fd);
}

/* getcwd() in a stand-in: the directory it stands for. */
SHIM_EXPORT char *getcwd(char *buf, size_t size)
{
	char real[PATH_MAX];
	const char *v;
	size_t n;

	if (shim_sys(SYS_getcwd, real, sizeof(real)) < 0)
		return NULL;
	/* "(unreachable)/...": glibc's ENOENT */
	if (real[0] != '/') {
		errno = ENOENT;
		return NULL;
	}
	v = standin_of(real);
	n = strlen(v) + 1;
	if (!buf) {
		buf = malloc(size > n ? size : n);
		if (!buf) {
			errno = ENOMEM;
			return NULL;
		}
	} else if (size < n) {
		errno = size ? ERANGE : EINVAL;
		return NULL;
	}
	memcpy(buf, v, n);
	return buf;
}

/* ---- open ------------------------------------------------------------------ */

/* open() of one of our paths: the descriptor or -errno. */
int shim_files_open(const char *canon, int flags)
{
	struct file_ans a;
	int ret, fd;

	/* O_PATH: a descriptor of the file all the same (the daemon's
	 * O_PATH asks for no descriptor) */
	flags &= ~O_PATH;
	ret = file_call(UNL_OP_FILE_OPEN, flags, canon, NULL, 0, &a);

	if (ret < 0)
		return ret;
	if (ret == UNL_FILE_LNK) {
		/* sysfs' class links: open what they lead to */
		char next[PATH_MAX];

		if (!shim_files_resolve(canon, a.target, next, sizeof(next)))
			return -ENOENT;
		return shim_files_open(next, flags);
	}
	if (a.fd < 0)
		return -EPROTO;
	/* a directory opened with open() is the memfd of its entries,
	 * known by its path: getdents64(), fdopendir(), openat() and
	 * fchdir() on it are served here */
	fd = a.fd;
	if ((flags & O_DIRECTORY) && ret != UNL_FILE_DIR) {
		shim_real.close(fd);
		return -ENOTDIR;
	}
	if (!(flags & O_CLOEXEC))
		shim_real.fcntl(fd, F_SETFD, 0);
	if (ret == UNL_FILE_DIR) {
		if (watch(fd, canon, 0, true)) {
			shim_real.close(fd);
			return -ENOMEM;
		}
	} else if ((flags & O_ACCMODE) != O_RDONLY || a.wf.read_err) {
		if (watch(fd, (flags & O_ACCMODE) != O_RDONLY ? canon : "",
			  a.wf.read_err, false)) {
			shim_real.close(fd);
			return -ENOMEM;
		}
	}
	return fd;
}

bool shim_files_resolve(const char *link, const char *target, char *out,
			size_t len)
{
	return unl_file_resolve(link, target, out, len);
}

/* ---- stat ------------------------------------------------------------------ */

/* What stat() shows of one of our paths: 0, or -errno. */
int shim_files_stat(const char *canon, bool follow, struct stat *st)
{
	struct file_ans a;
	struct stat root;
	int ret = file_call(UNL_OP_FILE_OPEN, O_PATH, canon, NULL, 0, &a);

	if (ret < 0)
		return ret;
	if (a.fd >= 0)
		shim_real.close(a.fd);
	if (ret == UNL_FILE_LNK && follow) {
		char next[PATH_MAX];

		if (!shim_files_resolve(canon, a.target, next, sizeof(next)))
			return -ENOENT;
		return shim_files_stat(next, false, st);
	}
	unl_file_stat_fill(st, canon, ret, &a.wf, a.target,
			   shim_sys(SYS_newfstatat, AT_FDCWD,
				    canon[1] == 's' ? "/sys" : "/proc", &root,
				    0) == 0
				   ? root.st_dev
				   : 0);
	return 0;
}

int shim_files_statx(const char *canon, bool follow, struct statx *stx)
{
	struct stat st;
	int err = shim_files_stat(canon, follow, &st);

	if (err)
		return err;
	unl_file_statx_fill(stx, &st);
	return 0;
}

/* access(): existence, then the mode bits as root's files have them
 * (the daemon judges writes when they come). */
int shim_files_access(const char *canon, int mode)
{
	struct stat st;
	int err = shim_files_stat(canon, true, &st);

	if (err)
		return err;
	if ((mode & W_OK) && !(st.st_mode & 0200))
		return -EACCES;
	if ((mode & X_OK) && !S_ISDIR(st.st_mode))
		return -EACCES;
	return 0;
}

ssize_t shim_files_readlink(const char *canon, char *out, size_t len)
{
	struct file_ans a;
	int ret = file_call(UNL_OP_FILE_OPEN, O_PATH, canon, NULL, 0, &a);
	size_t n;

	if (ret < 0)
		return ret;
	if (a.fd >= 0)
		shim_real.close(a.fd);
	if (ret != UNL_FILE_LNK)
		return -EINVAL;
	n = strlen(a.target);
	if (n > len)
		n = len;
	memcpy(out, a.target, n);
	return (ssize_t)n;
}

/* ---- stdio ------------------------------------------------------------------- */

static ssize_t cookie_write(void *cookie, const char *buf, size_t len)
{
	int fd = (int)(intptr_t)cookie;
	ssize_t r;

	if (!shim_files_write(fd, buf, len, &r))
		return shim_real.write(fd, buf, len);
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

static ssize_t cookie_read(void *cookie, char *buf, size_t len)
{
	int fd = (int)(intptr_t)cookie;
	ssize_t r;

	if (shim_files_read(fd, &r)) {
		errno = (int)-r;
		return -1;
	}
	return shim_real.read(fd, buf, len);
}

/* fseek(), rewind() and ftell(): the file is a memfd, or a pipe that
 * refuses as a pipe does (ESPIPE). */
static int cookie_seek(void *cookie, off64_t *pos, int whence)
{
	int fd = (int)(intptr_t)cookie;
	off64_t r = (off64_t)shim_sys(SYS_lseek, fd, (long)*pos, whence);

	if (r < 0)
		return -1;
	*pos = r;
	return 0;
}

static int cookie_close(void *cookie)
{
	int fd = (int)(intptr_t)cookie;

	shim_files_forget(fd);
	return shim_real.close(fd);
}

/* fopen(): stdio's own read and write would bypass the shim, so the
 * stream goes through ours. */
FILE *shim_files_fopen(const char *canon, const char *mode)
{
	cookie_io_functions_t io = { .read = cookie_read,
				     .write = cookie_write,
				     .seek = cookie_seek,
				     .close = cookie_close };
	int flags = strchr(mode, '+') ? O_RDWR
		    : mode[0] == 'r' ? O_RDONLY
				     : O_WRONLY;
	int fd = shim_files_open(canon, flags | O_CLOEXEC);
	FILE *f;

	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	f = fopencookie((void *)(intptr_t)fd, mode, io);
	if (!f) {
		shim_files_forget(fd);
		shim_real.close(fd);
	}
	return f;
}

/* ---- directories -------------------------------------------------------------- */

#define SHIM_DIR_MAGIC 0x756e6c64u

/* A DIR of ours: the entries the daemon listed, with . and .. first. */
struct shim_dir {
	uint32_t magic;
	struct shim_dir *next;
	int fd; /* the memfd the entries came in, for dirfd() */
	char *data;
	size_t len, pos;
	long index;
	struct dirent ent;
	struct dirent64 ent64;
};

static pthread_mutex_t dirs_lk = PTHREAD_MUTEX_INITIALIZER;
static struct shim_dir *dirs;
static atomic_int ndirs;

static bool dir_ours(void *d)
{
	bool found = false;

	if (!atomic_load(&ndirs))
		return false;
	pthread_mutex_lock(&dirs_lk);
	for (struct shim_dir *p = dirs; p; p = p->next)
		if ((void *)p == d)
			found = true;
	pthread_mutex_unlock(&dirs_lk);
	return found;
}

void *shim_files_opendir(const char *canon)
{
	struct shim_dir *d;
	int fd = shim_files_open(canon, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (d)
		d->data = unl_file_read_all(fd, &d->len);
	if (!d || !d->data) {
		free(d);
		shim_real.close(fd);
		errno = ENOMEM;
		return NULL;
	}
	d->magic = SHIM_DIR_MAGIC;
	d->fd = fd;
	pthread_mutex_lock(&dirs_lk);
	d->next = dirs;
	dirs = d;
	atomic_fetch_add(&ndirs, 1);
	pthread_mutex_unlock(&dirs_lk);
	return d;
}

/* The next entry: its type and name; false at the end. */
static bool dir_next(struct shim_dir *d, unsigned char *type,
		     const char **name)
{
	if (d->index < 2) {
		*type = DT_DIR;
		*name = d->index ? ".." : ".";
		d->index++;
		return true;
	}
	if (!unl_file_dir_next(d->data, d->len, &d->pos, type, name))
		return false;
	d->index++;
	return true;
}

static struct dirent *dir_read(struct shim_dir *d)
{
	unsigned char type;
	const char *name;

	if (!dir_next(d, &type, &name))
		return NULL;
	memset(&d->ent, 0, sizeof(d->ent));
	d->ent.d_ino = (ino_t)d->index;
	d->ent.d_off = d->index;
	d->ent.d_type = type;
	d->ent.d_reclen = sizeof(d->ent);
	snprintf(d->ent.d_name, sizeof(d->ent.d_name), "%s", name);
	return &d->ent;
}

/* The C library's own, looked up once per function. */
#define REAL(ret_t, name, ...)                                             \
	({                                                                 \
		static ret_t (*_Atomic fn_)(__VA_ARGS__);                  \
		ret_t (*f_)(__VA_ARGS__) = fn_; /* one atomic load */      \
		if (!f_)                                                   \
			fn_ = f_ = (ret_t(*)(__VA_ARGS__))dlsym(RTLD_NEXT,  \
								name);     \
		f_;                                                        \
	})

/* realpath() of one of our paths: glibc resolves links with its own
 * readlink(), which the shim does not see.  /sys/class/net/DEV/... is
 * the device's directory, the links of the model followed, /proc/net
 * the process's own. */
SHIM_EXPORT char *realpath(const char *path, char *resolved)
{
	char canon[PATH_MAX], next[PATH_MAX], out[PATH_MAX + 64];
	static const char cls[] = "/sys/class/net/";
	struct file_ans a;
	int ret = -EXDEV;

	shim_real_ensure();
	if (path && shim_files_path_at(AT_FDCWD, path, canon, sizeof(canon))) {
		/* below a class link: the device's own directory */
		if (!strncmp(canon, cls, sizeof(cls) - 1) &&
		    strchr(canon + sizeof(cls) - 1, '/') &&
		    (size_t)snprintf(next, sizeof(next),
				     "/sys/devices/virtual/net/%s",
				     canon + sizeof(cls) - 1) < sizeof(next))
			memcpy(canon, next, strlen(next) + 1);
		for (int hops = 0; hops < 8; hops++) {
			ret = file_call(UNL_OP_FILE_OPEN, O_PATH, canon, NULL, 0,
					&a);
			if (ret >= 0 && a.fd >= 0)
				shim_real.close(a.fd);
			if (ret != UNL_FILE_LNK)
				break;
			if (!shim_files_resolve(canon, a.target, next,
						sizeof(next))) {
				ret = -ENOENT;
				break;
			}
			snprintf(canon, sizeof(canon), "%s", next);
		}
	}
	if (ret == -EXDEV)
		return REAL(char *, "realpath", const char *, char *)(path,
								 resolved);
	if (ret < 0) {
		errno = ret == UNL_FILE_LNK ? ELOOP : -ret;
		return NULL;
	}
	if (!strncmp(canon, cls, sizeof(cls) - 1) &&
	    strchr(canon + sizeof(cls) - 1, '/'))
		snprintf(out, sizeof(out), "/sys/devices/virtual/net/%s",
			 canon + sizeof(cls) - 1);
	else if (!strncmp(canon, "/proc/net", 9) &&
		 (!canon[9] || canon[9] == '/'))
		snprintf(out, sizeof(out), "/proc/%d/net%s", (int)getpid(),
			 canon + 9);
	else
		snprintf(out, sizeof(out), "%s", canon);
	if (strlen(out) >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	if (!resolved && !(resolved = malloc(PATH_MAX))) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(resolved, out, strlen(out) + 1);
	return resolved;
}

SHIM_EXPORT struct dirent *readdir(DIR *dir)
{
	if (dir_ours(dir))
		return dir_read((struct shim_dir *)dir);
	return REAL(struct dirent *, "readdir", DIR *)(dir);
}

SHIM_EXPORT struct dirent64 *readdir64(DIR *dir)
{
	struct shim_dir *d = (struct shim_dir *)dir;
	struct dirent *e;

	if (!dir_ours(dir))
		return REAL(struct dirent64 *, "readdir64", DIR *)(dir);
	e = dir_read(d);
	if (!e)
		return NULL;
	_Static_assert(sizeof(struct dirent) == sizeof(struct dirent64),
		       "one dirent on 64-bit targets");
	memcpy(&d->ent64, e, sizeof(d->ent64));
	return &d->ent64;
}

/* A directory of ours opened by descriptor: the entries its memfd
 * holds, the descriptor kept for dirfd() and closed with it. */
static struct shim_dir *dir_of_fd(int fd)
{
	struct shim_dir *d = calloc(1, sizeof(*d));

	if (d)
		d->data = unl_file_read_all(fd, &d->len);
	if (!d || !d->data) {
		free(d);
		return NULL;
	}
	d->magic = SHIM_DIR_MAGIC;
	d->fd = fd;
	pthread_mutex_lock(&dirs_lk);
	d->next = dirs;
	dirs = d;
	atomic_fetch_add(&ndirs, 1);
	pthread_mutex_unlock(&dirs_lk);
	return d;
}

/* Is fd a directory of ours (open() of one)? */
static bool fd_is_dir(int fd, long *pos)
{
	struct watched *w;
	bool dir;

	if (!atomic_load_explicit(&shim_files_nwatched, memory_order_relaxed))
		return false;
	pthread_mutex_lock(&watched_lk);
	w = watched_find(fd, false);
	dir = w && w->dir;
	if (dir && pos)
		*pos = w->pos;
	pthread_mutex_unlock(&watched_lk);
	return dir;
}

/* fstat() of a directory of ours opened with open(): the directory's,
 * not its memfd's. */
bool shim_files_fd_stat(int fd, struct stat *st)
{
	char path[PATH_MAX];
	struct watched *w;
	bool dir = false;

	if (!atomic_load_explicit(&shim_files_nwatched, memory_order_relaxed))
		return false;
	pthread_mutex_lock(&watched_lk);
	w = watched_find(fd, false);
	if (w && w->dir) {
		snprintf(path, sizeof(path), "%s", w->path);
		dir = true;
	}
	pthread_mutex_unlock(&watched_lk);
	return dir && !shim_files_stat(path, true, st);
}

SHIM_EXPORT DIR *fdopendir(int fd)
{
	struct shim_dir *d;

	if (!fd_is_dir(fd, NULL))
		return REAL(DIR *, "fdopendir", int)(fd);
	d = dir_of_fd(fd);
	if (!d)
		errno = ENOMEM;
	return (DIR *)d;
}

/* struct linux_dirent64 */
struct shim_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* getdents64() of a directory of ours: ".", ".." and the entries, from
 * where the last call stopped (EINVAL when the first does not fit). */
SHIM_EXPORT ssize_t getdents64(int fd, void *buf, size_t n)
{
	struct shim_dir tmp = { 0 };
	size_t off = 0;
	long pos, idx;

	if (!fd_is_dir(fd, &pos))
		return REAL(ssize_t, "getdents64", int, void *, size_t)(fd, buf,
									n);
	tmp.data = unl_file_read_all(fd, &tmp.len);
	if (!tmp.data) {
		errno = ENOMEM;
		return -1;
	}
	for (idx = 0;; idx++) {
		unsigned char type;
		const char *name;
		struct shim_dirent64 *e;
		size_t rec;

		if (!dir_next(&tmp, &type, &name))
			break;
		if (idx < pos)
			continue;
		rec = (offsetof(struct shim_dirent64, d_name) + strlen(name) +
		       1 + 7) & ~(size_t)7;
		if (off + rec > n) {
			if (!off) {
				free(tmp.data);
				errno = EINVAL;
				return -1;
			}
			break;
		}
		e = (struct shim_dirent64 *)((char *)buf + off);
		memset(e, 0, rec);
		e->d_ino = (uint64_t)idx + 1;
		e->d_off = idx + 1;
		e->d_reclen = (unsigned short)rec;
		e->d_type = type;
		memcpy(e->d_name, name, strlen(name) + 1);
		off += rec;
	}
	free(tmp.data);
	pthread_mutex_lock(&watched_lk);
	{
		struct watched *w = watched_find(fd, false);

		if (w)
			w->pos = idx;
	}
	pthread_mutex_unlock(&watched_lk);
	return (ssize_t)off;
}

/* scandir() of a directory of ours: glibc's opens it with its own
 * opendir(), which the shim does not see.  NULL namelist entries are
 * never returned; -1 with errno as scandir() sets it. */
typedef int (*scan_sel)(const struct dirent *);
typedef int (*scan_cmp)(const struct dirent **, const struct dirent **);

static int scan_ours(const char *canon, struct dirent ***out, scan_sel sel,
		     scan_cmp cmp)
{
	struct shim_dir *d = shim_files_opendir(canon);
	struct dirent **v = NULL, *e;
	size_t n = 0, cap = 0;

	if (!d)
		return -1;
	while ((e = dir_read(d))) {
		struct dirent *copy;

		if (sel && !sel(e))
			continue;
		if (n == cap) {
			struct dirent **nv = realloc(v, (cap = cap ? 2 * cap : 16) *
							       sizeof(*v));

			if (!nv)
				goto nomem;
			v = nv;
		}
		copy = malloc(sizeof(*copy));
		if (!copy)
			goto nomem;
		memcpy(copy, e, sizeof(*copy));
		v[n++] = copy;
	}
	closedir((DIR *)d);
	if (cmp && n)
		qsort(v, n, sizeof(*v),
		      (int (*)(const void *, const void *))cmp);
	*out = v;
	return (int)n;
nomem:
	while (n)
		free(v[--n]);
	free(v);
	closedir((DIR *)d);
	errno = ENOMEM;
	return -1;
}

SHIM_EXPORT int scandir(const char *dir, struct dirent ***namelist,
			scan_sel sel, scan_cmp cmp)
{
	char canon[PATH_MAX];

	shim_real_ensure();
	if (shim_files_path_at(AT_FDCWD, dir, canon, sizeof(canon))) {
		struct stat st;
		int err = shim_files_stat(canon, true, &st);

		if (err != -EXDEV) {
			if (err) {
				errno = -err;
				return -1;
			}
			return scan_ours(canon, namelist, sel, cmp);
		}
	}
	return REAL(int, "scandir", const char *, struct dirent ***, scan_sel,
		    scan_cmp)(dir, namelist, sel, cmp);
}

_Static_assert(sizeof(struct dirent) == sizeof(struct dirent64),
	       "scandir64() is scandir() on 64-bit targets");

SHIM_EXPORT int scandir64(const char *dir, struct dirent64 ***namelist,
			  int (*sel)(const struct dirent64 *),
			  int (*cmp)(const struct dirent64 **,
				     const struct dirent64 **))
{
	return scandir(dir, (struct dirent ***)namelist, (scan_sel)sel,
		       (scan_cmp)cmp);
}

SHIM_EXPORT int closedir(DIR *dir)
{
	struct shim_dir *d = (struct shim_dir *)dir;

	if (!dir_ours(dir))
		return REAL(int, "closedir", DIR *)(dir);
	shim_files_forget(d->fd);
	pthread_mutex_lock(&dirs_lk);
	for (struct shim_dir **pp = &dirs; *pp; pp = &(*pp)->next)
		if (*pp == d) {
			*pp = d->next;
			atomic_fetch_sub(&ndirs, 1);
			break;
		}
	pthread_mutex_unlock(&dirs_lk);
	shim_real.close(d->fd);
	free(d->data);
	free(d);
	return 0;
}

SHIM_EXPORT int dirfd(DIR *dir)
{
	if (dir_ours(dir))
		return ((struct shim_dir *)dir)->fd;
	return REAL(int, "dirfd", DIR *)(dir);
}

SHIM_EXPORT void rewinddir(DIR *dir)
{
	struct shim_dir *d = (struct shim_dir *)dir;

	if (!dir_ours(dir)) {
		REAL(void, "rewinddir", DIR *)(dir);
		return;
	}
	d->pos = 0;
	d->index = 0;
}
