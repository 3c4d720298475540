// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The namespace paths as calls that only look at them see them
 * (docs/seccomp.md, "Paths"): seccomp-nsfile.sh runs this under `unetlink
 * run --seccomp`, with a net bound at /run/netns/NAME, and in a kernel
 * `unshare -nm` with the same, and compares what it prints.
 *
 *   - access() and faccessat() of /proc/self/ns/net, /proc/thread-self/
 *     ns/net, /run/netns/NAME, /var/run/netns/NAME and a name bound to
 *     nothing, with each mode;
 *   - readlink() of each, at two buffer sizes: a net's link names the
 *     inode stat() shows ("net:[INODE]"), a bound name is no link;
 *   - fstat() (and fstatat(AT_EMPTY_PATH), statx(AT_EMPTY_PATH)) of a
 *     handle opened from each path: nsfs's file, the inode and device
 *     stat() of its path shows.
 *
 *   seccomp_nsfile NAME
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *err_name(int e)
{
	switch (e) {
	case 0: return "ok";
	case ENOENT: return "ENOENT";
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case EINVAL: return "EINVAL";
	case EROFS: return "EROFS";
	default: return strerror(e);
	}
}

static void accesses(const char *path)
{
	static const struct { int mode; const char *name; } m[] = {
		{ F_OK, "F" }, { R_OK, "R" }, { W_OK, "W" }, { X_OK, "X" },
		{ R_OK | W_OK, "RW" }, { R_OK | X_OK, "RX" },
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		printf("access %s %s: %s\n", path, m[i].name,
		       err_name(access(path, m[i].mode) ? errno : 0));
	printf("faccessat nofollow %s R: %s\n", path,
	       err_name(faccessat(AT_FDCWD, path, R_OK, AT_SYMLINK_NOFOLLOW)
				? errno : 0));
	printf("faccessat eaccess %s R: %s\n", path,
	       err_name(faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) ? errno
								     : 0));
}

/* The link's target, with the inode stat() shows spelled INODE. */
static void links(const char *path)
{
	char buf[64], want[64];
	struct stat st;
	ssize_t n;

	n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0) {
		printf("readlink %s: %s\n", path, err_name(errno));
		return;
	}
	buf[n] = '\0';
	if (stat(path, &st) == 0) {
		snprintf(want, sizeof(want), "net:[%llu]",
			 (unsigned long long)st.st_ino);
		if (!strcmp(buf, want))
			snprintf(buf, sizeof(buf), "net:[INODE]");
	}
	printf("readlink %s: %zd %s\n", path, n, buf);
	n = readlink(path, buf, 5);
	printf("readlink %s into 5: %zd %.*s\n", path, n, n > 0 ? (int)n : 0,
	       buf);
}

static void same(const char *what, const struct stat *a, const struct stat *b)
{
	printf("%s: mode %o size %lld nlink %lu uid %u inode %s device %s\n",
	       what, (unsigned int)a->st_mode, (long long)a->st_size,
	       (unsigned long)a->st_nlink, (unsigned int)a->st_uid,
	       a->st_ino == b->st_ino ? "same" : "other",
	       a->st_dev == b->st_dev ? "same" : "other");
}

static void handles(const char *path)
{
	struct stat by_path, st;
	struct statx x;
	int fd;

	if (stat(path, &by_path) < 0) {
		printf("stat %s: %s\n", path, err_name(errno));
		return;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		printf("open %s: %s\n", path, err_name(errno));
		return;
	}
	if (fstat(fd, &st) == 0)
		same("fstat", &st, &by_path);
	else
		printf("fstat: %s\n", err_name(errno));
	if (fstatat(fd, "", &st, AT_EMPTY_PATH) == 0)
		same("fstatat empty", &st, &by_path);
	else
		printf("fstatat empty: %s\n", err_name(errno));
	if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &x) == 0)
		printf("statx empty: mode %o inode %s\n", x.stx_mode,
		       x.stx_ino == by_path.st_ino ? "same" : "other");
	else
		printf("statx empty: %s\n", err_name(errno));
	close(fd);
}

static void one(const char *path)
{
	accesses(path);
	links(path);
	handles(path);
}

int main(int argc, char **argv)
{
	char run[256], var[256], none[256];
	struct stat self, bound;

	if (argc != 2) {
		fprintf(stderr, "usage: seccomp_nsfile NAME\n");
		return 2;
	}
	snprintf(run, sizeof(run), "/run/netns/%s", argv[1]);
	snprintf(var, sizeof(var), "/var/run/netns/%s", argv[1]);
	snprintf(none, sizeof(none), "/run/netns/%s-none", argv[1]);
	one("/proc/self/ns/net");
	one("/proc/thread-self/ns/net");
	one(run);
	one(var);
	one(none);
	/* a bound net is another than this process's */
	if (stat("/proc/self/ns/net", &self) == 0 && stat(run, &bound) == 0)
		printf("bound net is ours: %s\n",
		       self.st_ino == bound.st_ino ? "yes" : "no");
	return 0;
}
