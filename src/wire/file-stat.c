// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * stat() and listings of the files of a net, for both front ends
 * (file-stat.h).  Only calls that neither front end interposes or traps
 * on the way: pread() of a memfd, clock_gettime().
 */
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <unetlink/files.h>

#include "wire/file-stat.h"
#include "wire/wire.h"

ino_t unl_file_ino(const char *canon, const char *name)
{
	ino_t ino = 0;

	for (const char *p = canon; *p; p++)
		ino = ino * 31 + (unsigned char)*p;
	if (name) {
		ino = ino * 31 + '/';
		for (const char *p = name; *p; p++)
			ino = ino * 31 + (unsigned char)*p;
	}
	return ino;
}

void unl_file_stat_fill(struct stat *st, const char *canon, int type,
			const struct unl_wire_file *wf, const char *target,
			dev_t dev)
{
	unsigned int fmt = type == UNL_FILE_DIR ? S_IFDIR
			   : type == UNL_FILE_LNK ? S_IFLNK
						  : S_IFREG;

	memset(st, 0, sizeof(*st));
	st->st_dev = dev;
	st->st_ino = unl_file_ino(canon, NULL);
	st->st_mode = fmt | (wf->mode & 07777);
	st->st_nlink = fmt == S_IFDIR ? 2 : 1;
	st->st_size = fmt != S_IFLNK ? (off_t)wf->size
		      : canon[1] == 's' ? 0
					: (off_t)strlen(target);
	st->st_blksize = 4096;
	clock_gettime(CLOCK_REALTIME, &st->st_mtim);
	st->st_atim = st->st_ctim = st->st_mtim;
}

void unl_file_statx_fill(struct statx *x, const struct stat *st)
{
	memset(x, 0, sizeof(*x));
	x->stx_mask = STATX_BASIC_STATS;
	x->stx_blksize = (uint32_t)st->st_blksize;
	x->stx_nlink = (uint32_t)st->st_nlink;
	x->stx_mode = (uint16_t)st->st_mode;
	x->stx_ino = st->st_ino;
	x->stx_size = (uint64_t)st->st_size;
	x->stx_dev_major = major(st->st_dev);
	x->stx_dev_minor = minor(st->st_dev);
	x->stx_atime.tv_sec = x->stx_mtime.tv_sec = x->stx_ctime.tv_sec =
		st->st_mtim.tv_sec;
	x->stx_atime.tv_nsec = x->stx_mtime.tv_nsec = x->stx_ctime.tv_nsec =
		(uint32_t)st->st_mtim.tv_nsec;
}

char *unl_file_read_all(int fd, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);

	while (buf) {
		ssize_t r = pread(fd, buf + n, cap - n, (off_t)n);

		if (r <= 0)
			break;
		n += (size_t)r;
		if (n == cap) {
			char *b = realloc(buf, (cap *= 2) + 1);

			if (!b) {
				free(buf);
				return NULL;
			}
			buf = b;
		}
	}
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

bool unl_file_dir_next(const char *data, size_t len, size_t *pos,
		       unsigned char *type, const char **name)
{
	if (*pos + 1 >= len)
		return false;
	*type = (unsigned char)data[*pos];
	*name = data + *pos + 1;
	*pos += strlen(*name) + 2;
	return true;
}
