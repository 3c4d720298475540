// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * stat, access, readlink and getdents64 of the files of a net
 * (docs/seccomp.md, "Paths"): what the shim answers from its interposed
 * functions (src/shim/files.c), made from the daemon's FILE_OPEN with
 * O_PATH (a file's type, mode, size and a link's target) and, for a
 * directory the child opened, from the entries FILE_OPEN listed.  The
 * results are made as the shim makes them, by src/wire/file-stat.c;
 * what is the supervisor's own is reading and writing the child.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <unetlink/files.h>

#include "seccomp/sc-open.h"
#include "seccomp/sc-private.h"
#include "wire/file-path.h"
#include "wire/file-stat.h"
#include "wire/wire.h"
#include "seccomp/proc-status.h"

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif
#ifndef AT_EACCESS
#define AT_EACCESS 0x200
#endif
#ifndef AT_STATX_SYNC_TYPE
#define AT_STATX_SYNC_TYPE 0x6000
#endif

/* The flags each call knows: any other is the kernel's to refuse. */
#define SC_STAT_FLAGS (AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)
#define SC_STATX_FLAGS (SC_STAT_FLAGS | AT_STATX_SYNC_TYPE)
#define SC_ACCESS_FLAGS (AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)

/* The struct stat newfstatat fills is the C library's on the 64-bit
 * targets the filter knows (x86-64, arm64, riscv64). */
_Static_assert(sizeof(struct stat) == 144 || sizeof(struct stat) == 128,
	       "struct stat is the kernel's");

/*
 * FILE_OPEN with O_PATH of canon, followed through the trees' links
 * when follow: the type with the description in *wf, the final path in
 * canon and a link's target in target.  -EXDEV: not the model's file.
 */
static int model_lookup(struct sc *s, struct sc_call *c, char *canon,
			bool follow, struct unl_wire_file *wf, char *target)
{
	for (int hops = 0;; hops++) {
		int fd = -1;
		int type = sc_file_open(s, c, canon, O_PATH, wf, target, &fd);

		if (fd >= 0)
			close(fd);
		if (type != UNL_FILE_LNK || !follow)
			return type;
		if (hops == 8)
			return -ELOOP;
		if (!unl_file_resolve(canon, target, canon, PATH_MAX))
			return -ENOENT;
	}
}

/* What stat() shows of canon: 0, 1 when it is the kernel's, -errno. */
static int model_stat(struct sc *s, struct sc_call *c, const char *path,
		      bool follow, struct stat *st)
{
	char canon[PATH_MAX], target[PATH_MAX];
	struct unl_wire_file wf = { 0 };
	struct stat root;
	int ret;

	snprintf(canon, sizeof(canon), "%s", path);
	ret = model_lookup(s, c, canon, follow, &wf, target);
	if (ret == -EXDEV)
		return 1;
	if (ret < 0)
		return ret;
	unl_file_stat_fill(st, canon, ret, &wf, target,
			   stat(canon[1] == 's' ? "/sys" : "/proc", &root) == 0
				   ? root.st_dev
				   : 0);
	return 0;
}

static long put_result(struct sc *s, struct sc_call *c, uint64_t addr,
		       const void *buf, size_t len)
{
	if (!sc_id_valid(s, c))
		return -EINTR;
	return sc_mem_write(c, addr, buf, len) ? -EFAULT : 0;
}

static long put_stat(struct sc *s, struct sc_call *c, const struct stat *st,
		     uint64_t addr)
{
	return put_result(s, c, addr, st, sizeof(*st));
}

static long put_statx(struct sc *s, struct sc_call *c, const struct stat *st,
		      uint64_t addr)
{
	struct statx x;

	unl_file_statx_fill(&x, st);
	return put_result(s, c, addr, &x, sizeof(x));
}

/* The file of a net the child holds as fd (fstat, or a stat call with
 * AT_EMPTY_PATH and an empty path): its path in canon. */
static bool held_file(struct sc_call *c, int fd, char *canon)
{
	int copy = sc_getfd(c, fd);
	const char *known = copy >= 0 ? sc_file_known(copy) : NULL;

	if (known)
		snprintf(canon, PATH_MAX, "%s", known);
	if (copy >= 0)
		close(copy);
	return known != NULL;
}

/* The path a stat call names, as a file of a net: 1 with canon (and
 * the absolute spelling in abs), 0 when it is the kernel's.  The empty
 * path with AT_EMPTY_PATH is dirfd itself. */
static int stat_path(struct sc *s, struct sc_call *c, int dirfd,
		     uint64_t addr, int flags, char *canon, char *abs)
{
	char first;

	abs[0] = '\0';
	if ((flags & AT_EMPTY_PATH) && sc_mem_read(c, addr, &first, 1) == 0 &&
	    !first)
		return dirfd != AT_FDCWD && held_file(c, dirfd, canon);
	return sc_file_path_of(s, c, dirfd, addr, canon, PATH_MAX, abs,
			       PATH_MAX);
}

/* The handle of a net the child holds as fd, as nsfs's file: 0 with
 * st, 1 when fd is not one, -errno. */
static int held_handle(struct sc *s, struct sc_call *c, int fd,
		       struct stat *st)
{
	int copy = sc_getfd(c, fd), err;

	if (copy < 0)
		return 1;
	err = sc_handle_stat(s, copy, st);
	close(copy);
	return err;
}

/* Is the path at addr empty, with AT_EMPTY_PATH: the call is about
 * dirfd itself? */
static bool empty_path(struct sc_call *c, uint64_t addr, int flags)
{
	char first;

	return (flags & AT_EMPTY_PATH) &&
	       sc_mem_read(c, addr, &first, 1) == 0 && !first;
}

long sc_fstat_handle(struct sc *s, struct sc_call *c, uint64_t addr)
{
	struct stat st;
	int err = c->fd >= 0 ? sc_handle_stat(s, c->fd, &st) : 1;

	if (err)
		return err > 0 ? SC_CONTINUE : err;
	return put_stat(s, c, &st, addr);
}

long sc_fstat(struct sc *s, struct sc_call *c, const char *canon,
	      uint64_t addr)
{
	struct stat st;
	int err = model_stat(s, c, canon, false, &st);

	if (err)
		return err > 0 ? SC_CONTINUE : err;
	return put_stat(s, c, &st, addr);
}

/* stat and its kin: where the result goes, whether it is a statx. */
static long stat_call(struct sc *s, struct sc_call *c, int dirfd,
		      uint64_t path, int flags, uint64_t out, bool x)
{
	char canon[PATH_MAX], abs[PATH_MAX];
	bool follow = !(flags & AT_SYMLINK_NOFOLLOW);
	struct stat st;
	size_t n;
	int err;

	if (flags & ~(x ? SC_STATX_FLAGS : SC_STAT_FLAGS) ||
	    (x && (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE))
		return SC_CONTINUE;
	if (!stat_path(s, c, dirfd, path, flags, canon, abs)) {
		if (dirfd != AT_FDCWD && empty_path(c, path, flags))
			err = held_handle(s, c, dirfd, &st);
		else
			err = sc_ns_stat(s, c, dirfd, path, follow, &st);
		if (err)
			return err > 0 ? SC_CONTINUE : err;
		return x ? put_statx(s, c, &st, out) : put_stat(s, c, &st, out);
	}
	/* /proc/net itself is a link to self/net: the kernel's is right */
	if (!follow && !strcmp(abs, "/proc/net"))
		return SC_CONTINUE;
	/* "DEV/" is the directory a link leads to, as the kernel has it */
	n = strlen(abs);
	if (n > 1 && abs[n - 1] == '/')
		follow = true;
	err = model_stat(s, c, canon, follow, &st);
	if (err)
		return err > 0 ? SC_CONTINUE : err;
	if (n > 1 && abs[n - 1] == '/' && !S_ISDIR(st.st_mode))
		return -ENOTDIR;
	return x ? put_statx(s, c, &st, out) : put_stat(s, c, &st, out);
}

/* The ids access() judges by: the real ones, or with AT_EACCESS the
 * effective ones (/proc/TID/status). */
static uid_t caller_uid(pid_t tid, bool effective)
{
	struct sc_proc_status st;

	if (sc_proc_status(tid, &st) < 0)
		return 0;
	return effective ? st.euid : st.uid;
}

/*
 * access(): existence, then the mode bits.  The files are root's; root
 * may write any of sysfs and /proc/net (the kernel's DAC override) but
 * a sysctl only by its mode, and may search or run only what has an x
 * bit; anyone else has the bits for others.
 */
static long access_call(struct sc *s, struct sc_call *c, int dirfd,
			uint64_t path, int mode, int flags)
{
	char canon[PATH_MAX], abs[PATH_MAX];
	unsigned int bits;
	struct stat st;
	size_t n;
	int err;

	if ((mode & ~(R_OK | W_OK | X_OK)) || (flags & ~SC_ACCESS_FLAGS))
		return SC_CONTINUE; /* the kernel's EINVAL */
	if (!stat_path(s, c, dirfd, path, flags, canon, abs)) {
		err = sc_ns_access(s, c, dirfd, path, mode, flags);
		return err > 0 ? SC_CONTINUE : err;
	}
	n = strlen(abs);
	err = model_stat(s, c, canon,
			 !(flags & AT_SYMLINK_NOFOLLOW) || (n > 1 && abs[n - 1] == '/'),
			 &st);
	if (err)
		return err > 0 ? SC_CONTINUE : err;
	if (n > 1 && abs[n - 1] == '/' && !S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (caller_uid((pid_t)c->n.pid, flags & AT_EACCESS) != 0)
		bits = st.st_mode & 07;
	else
		bits = R_OK | ((st.st_mode & 0111) ? X_OK : 0) |
		       (strncmp(canon, "/proc/sys/", 10) || (st.st_mode & 0200)
				? W_OK
				: 0);
	return ((unsigned int)mode & ~bits) ? -EACCES : 0;
}

static long readlink_call(struct sc *s, struct sc_call *c, int dirfd,
			  uint64_t path, uint64_t buf, long size)
{
	char canon[PATH_MAX], abs[PATH_MAX], target[PATH_MAX];
	struct unl_wire_file wf;
	bool slash;
	size_t n;
	int type;

	if (size <= 0)
		return SC_CONTINUE; /* the kernel's EINVAL, before the path */
	if (!stat_path(s, c, dirfd, path, 0, canon, abs)) {
		int err = sc_ns_readlink(s, c, dirfd, path, target,
					 sizeof(target));

		if (err)
			return err > 0 ? SC_CONTINUE : err;
		n = strlen(target);
		if (n > (size_t)size)
			n = (size_t)size;
		return put_result(s, c, buf, target, n) ?: (long)n;
	}
	if (!strcmp(abs, "/proc/net"))
		return SC_CONTINUE;
	if (size <= 0)
		return -EINVAL;
	/* "DEV/" is what the link leads to: no link */
	slash = abs[0] && abs[1] && abs[strlen(abs) - 1] == '/';
	type = model_lookup(s, c, canon, slash, &wf, target);
	if (slash && type >= 0)
		return type == UNL_FILE_DIR ? -EINVAL : -ENOTDIR;
	if (type == -EXDEV)
		return SC_CONTINUE;
	if (type < 0)
		return type;
	if (type != UNL_FILE_LNK)
		return -EINVAL;
	n = strlen(target);
	if (n > (size_t)size)
		n = (size_t)size;
	return put_result(s, c, buf, target, n) ?: (long)n;
}

long sc_stat_call(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;

	switch (c->n.data.nr) {
#ifdef __NR_stat
	case __NR_stat:
		return stat_call(s, c, AT_FDCWD, a[0], 0, a[1], false);
	case __NR_lstat:
		return stat_call(s, c, AT_FDCWD, a[0], AT_SYMLINK_NOFOLLOW,
				 a[1], false);
#endif
	case __NR_newfstatat:
		return stat_call(s, c, (int)a[0], a[1], (int)a[3], a[2], false);
	case __NR_statx:
		return stat_call(s, c, (int)a[0], a[1], (int)a[2], a[4], true);
#ifdef __NR_access
	case __NR_access:
		return access_call(s, c, AT_FDCWD, a[0], (int)a[1], 0);
#endif
	case __NR_faccessat:
		return access_call(s, c, (int)a[0], a[1], (int)a[2], 0);
	case __NR_faccessat2:
		return access_call(s, c, (int)a[0], a[1], (int)a[2],
				   (int)a[3]);
#ifdef __NR_readlink
	case __NR_readlink:
		return readlink_call(s, c, AT_FDCWD, a[0], a[1], (long)a[2]);
#endif
	case __NR_readlinkat:
		return readlink_call(s, c, (int)a[0], a[1], a[2], (long)a[3]);
	default:
		return SC_CONTINUE;
	}
}

/* ---- getdents64 ------------------------------------------------------- */

/* The kernel's record (include/linux/dirent.h). */
struct sc_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};

/* One record at out + *pos: false when it does not fit in cap. */
static bool put_dirent(char *out, size_t *pos, size_t cap, uint64_t ino,
		       long next, unsigned char type, const char *name)
{
	size_t n = strlen(name);
	size_t reclen = (offsetof(struct sc_dirent64, d_name) + n + 1 + 7) &
			~(size_t)7;
	struct sc_dirent64 *d = (struct sc_dirent64 *)(out + *pos);

	if (*pos + reclen > cap)
		return false;
	memset(d, 0, reclen);
	d->d_ino = ino;
	d->d_off = next;
	d->d_reclen = (uint16_t)reclen;
	d->d_type = type;
	memcpy(d->d_name, name, n);
	*pos += reclen;
	return true;
}

/*
 * The entries of the directory, "." and ".." first as sysfs and procfs
 * list them, from entry index (the description's file offset, which
 * the child's lseek() moves natively; index k is the k-th entry) on.
 */
long sc_getdents(struct sc *s, struct sc_call *c, const char *canon)
{
	size_t cap = c->n.data.args[2] < (1u << 20) ? (size_t)c->n.data.args[2]
						     : (1u << 20);
	off_t index = lseek(c->fd, 0, SEEK_CUR);
	size_t len = 0, pos = 0, at = 0;
	char parent[PATH_MAX], *data, *out;
	bool full = false;
	long k = 0;
	long ret;

	if (index < 0)
		return -errno;
	snprintf(parent, sizeof(parent), "%s", canon);
	*(strrchr(parent, '/') ?: parent) = '\0';
	data = unl_file_read_all(c->fd, &len);
	out = calloc(1, cap ? cap : 1);
	if (!data || !out) {
		free(data);
		free(out);
		return -ENOMEM;
	}
	for (;; k++) {
		unsigned char type = DT_DIR;
		const char *name = k == 0 ? "." : "..";
		uint64_t ino = unl_file_ino(k == 0 ? canon : parent, NULL);

		if (k >= 2) {
			if (!unl_file_dir_next(data, len, &at, &type, &name))
				break;
			ino = unl_file_ino(canon, name);
		}
		if (k < index)
			continue;
		if (!put_dirent(out, &pos, cap, ino, k + 1, type, name)) {
			full = true;
			break;
		}
	}
	if (!pos)
		ret = full ? -EINVAL : 0; /* too small a buffer, or the end */
	else
		ret = put_result(s, c, c->n.data.args[1], out, pos) ?: (long)pos;
	/* the next call starts at the first entry not given */
	if (ret > 0)
		lseek(c->fd, (off_t)k, SEEK_SET);
	free(data);
	free(out);
	return ret;
}
