// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * open.c: the paths of a trapped child (docs/seccomp.md, "Paths"), and
 * clone.c: clone() and clone3() with CLONE_NEWNET ("Nets").  Kept apart
 * from sc-private.h, which the send and receive paths share.
 */
#ifndef UNETLINK_SC_OPEN_H
#define UNETLINK_SC_OPEN_H

#include <stdbool.h>
#include <sys/types.h>

struct sc;
struct sc_call;

/* filter.c: does system call nr name a path the supervisor may serve? */
bool sc_is_path_call(int nr);

/* open(), openat(), openat2(): a namespace path or a file of a net
 * served, any other path CONTINUE. */
long sc_open(struct sc *s, struct sc_call *c);
/* statfs() of a namespace path: nsfs's; any other path CONTINUE. */
long sc_statfs(struct sc *s, struct sc_call *c);
/* read, readv, write, writev on a descriptor that is no socket of ours:
 * a file of a net opened for writing (FILE_WRITE) or whose read fails;
 * CONTINUE for any other. */
long sc_file_io(struct sc *s, struct sc_call *c);
/* At the end: what the files of a net left. */
void sc_files_free(void);

/* The process of thread tid, from /proc (tid itself when not told). */
pid_t sc_tgid_of(pid_t tid);

/* clone.c: clone() or clone3() with CLONE_NEWNET: the child gets a new
 * net of the daemon; any other clone CONTINUE. */
long sc_clone(struct sc *s, struct sc_call *c);
/* filter.c: does the filter trap system call nr as a clone? */
bool sc_is_clone_call(int nr);

/* netns.c: is fd a net handle of the daemon's? */
bool sc_is_handle(int fd);
/* netns.c: place the carrier src in c's process, over the one there. */
int sc_place_carrier(struct sc *s, struct sc_call *c, int src);

#endif
