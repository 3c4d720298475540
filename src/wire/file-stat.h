// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What stat(), statx() and a directory listing show of the files of a
 * net, made from FILE_OPEN's answer (wire.h, "Files"): shared by both
 * front ends, each of which asks the daemon and hands the result to its
 * caller its own way (the shim from its interposed functions, the
 * seccomp supervisor into the child's memory).
 */
#ifndef UNETLINK_WIRE_FILE_STAT_H
#define UNETLINK_WIRE_FILE_STAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

struct unl_wire_file;

/* An inode number per path (and per entry name of a directory, when
 * name is not NULL), as each file has its own. */
ino_t unl_file_ino(const char *canon, const char *name);

/*
 * What stat() shows of canon, a file of type (UNL_FILE_*) with wf's mode
 * and size and, for a link, target: root's, the device dev (that of /sys
 * or /proc, which the caller looks up), the time of the call as its
 * times; a link's size is its target's length in procfs, 0 in sysfs.
 */
void unl_file_stat_fill(struct stat *st, const char *canon, int type,
			const struct unl_wire_file *wf, const char *target,
			dev_t dev);

/* The same as statx() gives it (STATX_BASIC_STATS). */
void unl_file_statx_fill(struct statx *x, const struct stat *st);

/* The whole of fd (a memfd of the daemon's) from offset 0, with a NUL
 * after it: malloc'ed, the caller frees it; NULL when out of memory. */
char *unl_file_read_all(int fd, size_t *len);

/* The next entry of a directory's listing (data, len: FILE_OPEN's memfd
 * of a directory, records of a type byte and a NUL-terminated name)
 * from *pos on: its type and name, *pos moved past it; false at the
 * end.  "." and ".." are not in the listing. */
bool unl_file_dir_next(const char *data, size_t len, size_t *pos,
		       unsigned char *type, const char **name);

#endif
