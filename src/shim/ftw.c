// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nftw(), ftw() and their 64-bit names: glibc walks a tree with its own
 * opendir, readdir and fstatat, called inside libc where no preload
 * reaches, so a walk of /sys/class/net or /proc/sys/net would read the
 * kernel's.  The walk is made here again, as glibc's io/ftw.c makes it
 * (the order readdir gives, the paths and FTW fields it passes, the
 * flags' meaning), on the interposed calls, which serve the files of a
 * net and leave the rest to the kernel.  Every walk goes through here,
 * since any tree may hold one of ours (a walk of /sys).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shim/shim.h"

typedef int (*nftw_fn)(const char *, const struct stat *, int, struct FTW *);
typedef int (*ftw_fn)(const char *, const struct stat *, int);

struct walk {
	nftw_fn fn;   /* nftw's callback, or NULL */
	ftw_fn ffn;   /* ftw's */
	int flags;
	dev_t dev;    /* the start's, for FTW_MOUNT */
	/* The directories entered, unless FTW_PHYS: one reached again
	 * through a link is not walked twice (glibc's known_objects). */
	struct {
		dev_t dev;
		ino_t ino;
	} *seen;
	size_t nseen, capseen;
	char path[PATH_MAX];
	struct FTW ftw;
};

/* The callback's answer: 0 goes on; with FTW_ACTIONRETVAL the FTW_*
 * actions, else anything else stops the walk and is returned. */
static int call(struct walk *w, const struct stat *st, int type)
{
	return w->fn ? w->fn(w->path, st, type, &w->ftw)
		     : w->ffn(w->path, st, type);
}

static bool stop(const struct walk *w, int r)
{
	if (!(w->flags & FTW_ACTIONRETVAL))
		return r != 0;
	return r == FTW_STOP;
}

static int walk_entry(struct walk *w, int level);

/* find_object() and add_object(): true when st was entered before;
 * else it is noted (true too when that fails: nothing is walked). */
static bool seen_before(struct walk *w, const struct stat *st)
{
	for (size_t i = 0; i < w->nseen; i++)
		if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
			return true;
	if (w->nseen == w->capseen) {
		size_t cap = w->capseen ? w->capseen * 2 : 16;
		void *grown = realloc(w->seen, cap * sizeof(*w->seen));

		if (!grown)
			return true;
		w->seen = grown;
		w->capseen = cap;
	}
	w->seen[w->nseen].dev = st->st_dev;
	w->seen[w->nseen].ino = st->st_ino;
	w->nseen++;
	return false;
}

/* The directory at w->path (its stat in st): FTW_D first, or FTW_DP
 * after its entries with FTW_DEPTH; FTW_DNR when it cannot be read. */
static int walk_dir(struct walk *w, const struct stat *st, int level)
{
	size_t len = strlen(w->path), n = 0, cap = 0;
	char **names = NULL;
	struct dirent *de;
	DIR *d;
	int r = 0, base = w->ftw.base;

	if (!(w->flags & FTW_DEPTH)) {
		r = call(w, st, FTW_D);
		if (w->flags & FTW_ACTIONRETVAL) {
			if (r == FTW_SKIP_SUBTREE)
				return 0;
			if (r == FTW_SKIP_SIBLINGS || r == FTW_STOP)
				return r;
		} else if (r) {
			return r;
		}
	}
	/* with FTW_CHDIR the cwd is the directory holding this one */
	d = opendir((w->flags & FTW_CHDIR) ? w->path + base : w->path);
	if (!d)
		return call(w, st, FTW_DNR);
	/* read whole before descending: glibc too keeps the rest of a
	 * directory when it runs out of descriptors; the order is
	 * readdir's either way */
	while ((de = readdir(d))) {
		char **grown;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(names, cap * sizeof(*names));
			if (!grown)
				break;
			names = grown;
		}
		if (!(names[n] = strdup(de->d_name)))
			break;
		n++;
	}
	closedir(d);
	if ((w->flags & FTW_CHDIR) && chdir(w->path + base)) {
		r = -1;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		size_t at = len && w->path[len - 1] == '/' ? len : len + 1;
		size_t nl = strlen(names[i]);

		if (at + nl + 1 > sizeof(w->path)) {
			errno = ENAMETOOLONG;
			r = -1;
			break;
		}
		w->path[at - 1] = '/';
		memcpy(w->path + at, names[i], nl + 1);
		w->ftw.base = (int)at;
		w->ftw.level = level + 1;
		r = walk_entry(w, level + 1);
		w->path[len] = '\0';
		w->ftw.base = base;
		w->ftw.level = level;
		if ((w->flags & FTW_ACTIONRETVAL) && r == FTW_SKIP_SIBLINGS) {
			r = 0;
			break;
		}
		if (stop(w, r))
			break;
		r = 0;
	}
	if ((w->flags & FTW_CHDIR) && chdir("..") && !r)
		r = -1;
	if (!r && (w->flags & FTW_DEPTH))
		r = call(w, st, FTW_DP);
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return r;
}

/* One entry: stat'ed (lstat with FTW_PHYS), then as its type says. */
static int walk_entry(struct walk *w, int level)
{
	struct stat st;
	/* with FTW_CHDIR the entry is looked up from its directory */
	const char *name = (w->flags & FTW_CHDIR) ? w->path + w->ftw.base
						  : w->path;
	int err = (w->flags & FTW_PHYS) ? lstat(name, &st) : stat(name, &st);

	if (err) {
		struct stat lst;

		if (!(w->flags & FTW_PHYS) && errno == ENOENT &&
		    !lstat(name, &lst) && S_ISLNK(lst.st_mode))
			return call(w, &lst, FTW_SLN);
		return call(w, &st, FTW_NS);
	}
	if ((w->flags & FTW_MOUNT) && st.st_dev != w->dev)
		return 0;
	if (S_ISDIR(st.st_mode))
		return (w->flags & FTW_PHYS) || !seen_before(w, &st)
			       ? walk_dir(w, &st, level)
			       : 0;
	if (S_ISLNK(st.st_mode))
		return call(w, &st, FTW_SL);
	return call(w, &st, FTW_F);
}

/* ftw_startup(): trailing slashes off, FTW_CHDIR from the start's
 * directory, the cwd given back at the end. */
static int walk(const char *dir, nftw_fn fn, ftw_fn ffn, int flags)
{
	struct walk w = { .fn = fn, .ffn = ffn, .flags = flags };
	size_t len;
	struct stat st;
	char *slash;
	int cwd = -1, r;

	if (!dir || !*dir) {
		errno = ENOENT;
		return -1;
	}
	len = strlen(dir);
	if (len >= sizeof(w.path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(w.path, dir, len + 1);
	while (len > 1 && w.path[len - 1] == '/')
		w.path[--len] = '\0';
	slash = strrchr(w.path, '/');
	w.ftw.base = slash ? (int)(slash - w.path + 1) : 0;
	if ((flags & FTW_MOUNT) &&
	    ((flags & FTW_PHYS) ? lstat(w.path, &st) : stat(w.path, &st)) == 0)
		w.dev = st.st_dev;
	if (flags & FTW_CHDIR) {
		cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cwd < 0)
			return -1;
		if (w.ftw.base > 0) {
			char up[PATH_MAX];

			memcpy(up, w.path, (size_t)w.ftw.base);
			up[w.ftw.base] = '\0';
			if (chdir(up)) {
				close(cwd);
				return -1;
			}
		}
	}
	r = walk_entry(&w, 0);
	free(w.seen);
	if (cwd >= 0) {
		int e = errno;

		if (fchdir(cwd) && !r)
			r = -1;
		close(cwd);
		errno = e;
	}
	if ((flags & FTW_ACTIONRETVAL) &&
	    (r == FTW_SKIP_SUBTREE || r == FTW_SKIP_SIBLINGS))
		r = 0;
	return r;
}

SHIM_EXPORT int nftw(const char *dir, nftw_fn fn, int nopenfd, int flags);
SHIM_EXPORT int nftw64(const char *dir, __nftw64_func_t fn, int nopenfd,
			int flags);
SHIM_EXPORT int ftw(const char *dir, ftw_fn fn, int nopenfd);
SHIM_EXPORT int ftw64(const char *dir, __ftw64_func_t fn, int nopenfd);

/* nopenfd bounds glibc's descriptors; each directory here is read whole
 * and closed, one at a time. */
SHIM_EXPORT int nftw(const char *dir, nftw_fn fn, int nopenfd, int flags)
{
	(void)nopenfd;
	shim_real_ensure();
	if (flags & ~(FTW_PHYS | FTW_MOUNT | FTW_CHDIR | FTW_DEPTH |
		      FTW_ACTIONRETVAL)) {
		errno = EINVAL;
		return -1;
	}
	return walk(dir, fn, NULL, flags);
}

/* struct stat64 is struct stat on 64-bit targets, where the shim runs */
SHIM_EXPORT int nftw64(const char *dir, __nftw64_func_t fn, int nopenfd,
		       int flags)
{
	return nftw(dir, (nftw_fn)(void (*)(void))fn, nopenfd, flags);
}

SHIM_EXPORT int ftw(const char *dir, ftw_fn fn, int nopenfd)
{
	(void)nopenfd;
	shim_real_ensure();
	return walk(dir, NULL, fn, 0);
}

SHIM_EXPORT int ftw64(const char *dir, __ftw64_func_t fn, int nopenfd)
{
	return ftw(dir, (ftw_fn)(void (*)(void))fn, nopenfd);
}
