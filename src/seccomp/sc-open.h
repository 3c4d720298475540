// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * open.c: the paths of a trapped child (docs/seccomp.md, "Paths"), and
 * clone.c: clone() and clone3() with CLONE_NEWNET ("Nets").  Kept apart
 * from sc-private.h, which the send and receive paths share.
 */
#ifndef UNETLINK_SC_OPEN_H
#define UNETLINK_SC_OPEN_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

struct stat;
struct unl_wire_file;

struct sc;
struct sc_call;

/* ---- open.c: what a path is ---- */

enum sc_path_kind {
	SCP_OTHER,      /* the kernel's */
	SCP_NETNS_DIR,  /* /run/netns, or below a name of it */
	SCP_NETNS_NAME, /* /run/netns/NAME */
	SCP_NS_NET,     /* a process's /proc/.../ns/net */
	SCP_FILE,       /* a file of a net */
};

struct sc_path {
	enum sc_path_kind kind;
	const char *rest; /* SCP_NETNS_*: after "/run/netns" in abs */
	pid_t pid;        /* SCP_NS_NET: whose net (a thread or process) */
	bool slash;       /* spelled with a trailing slash: a directory */
	char abs[PATH_MAX];   /* the path, absolute and tidied */
	char canon[PATH_MAX]; /* SCP_FILE: as FILE_OPEN wants it */
};

/* The string at addr in the child (a path), read a page at a time: 0,
 * -EFAULT, or -ENAMETOOLONG when it does not fit in len. */
int sc_read_path(const struct sc_call *c, uint64_t addr, char *buf,
		 size_t len);
/* The path of call c (dirfd and the string at addr), classified: false
 * when it is the kernel's (or unreadable, which the kernel then
 * reports). */
bool sc_call_path(const struct sc *s, struct sc_call *c, int dirfd,
		  uint64_t addr, bool in_root, struct sc_path *p);
/* The daemon's file for a /run/netns path (the netns directory or what
 * is in it), in path; -ENOENT when there is no daemon directory. */
int sc_netns_dir_path(struct sc *s, const struct sc_path *p, char *path,
		      size_t len);
/* NS_OPEN, NS_QUERY, NS_BIND, NS_UNBIND: a0 = how, the name as payload
 * or fd_in; a new handle in *out (may be NULL), the net's id in *idp
 * (may be NULL).  0 or -errno. */
int sc_ns_call(struct sc *s, uint32_t op, int how, const char *name,
	       int fd_in, int *out, uint64_t *idp);
/* A new plain handle on the net of process (or thread) pid: 0 with the
 * handle in *out, 1 when pid is not ours (the kernel's file), -errno. */
int sc_handle_of_pid(struct sc *s, pid_t pid, int *out, uint64_t *idp);
/* Is /run/netns/NAME bound to a net?  0, -ENOENT, or -errno. */
int sc_netns_name_known(struct sc *s, const struct sc_path *p);

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
/* Every path call the filter traps (open, stat, access, readlink ...):
 * the one that serves it. */
long sc_path_call(struct sc *s, struct sc_call *c);
/* The canonical path (as FILE_OPEN wants it) of the file of a net that
 * c names by dirfd and the path at addr, and the path as the call
 * spells it, absolute and tidied but for a trailing slash kept (abs may
 * be NULL); false when it is not one. */
bool sc_file_path_of(const struct sc *s, struct sc_call *c, int dirfd,
		     uint64_t addr, char *canon, size_t len, char *abs,
		     size_t abslen);
/* stat() of a namespace path: /run/netns/NAME and /proc/.../ns/net of
 * a net of the daemon as nsfs shows it (the net's id as the inode, what
 * `ip netns identify` compares), /run/netns itself as the daemon's
 * netns directory.  0 with *st, 1 when the path is not one, -errno. */
int sc_ns_stat(struct sc *s, struct sc_call *c, int dirfd, uint64_t addr,
	       bool follow, struct stat *st);
/* A file of a net the child holds in the reserved range (fd: our copy
 * of its number): its canonical path, or NULL. */
const char *sc_file_known(int fd);
/* UNL_OP_FILE_OPEN of canon in c's net: the type (enum unl_file_type)
 * with the memfd in *fd (-1 for O_PATH or a link), the description in
 * *wf and a link's target (PATH_MAX) in target; or -errno. */
int sc_file_open(struct sc *s, struct sc_call *c, const char *canon,
		 int flags, struct unl_wire_file *wf, char *target, int *fd);
/* tun.c: an ioctl of the tun driver's on the kernel's /dev/net/tun
 * (the daemon's tun file takes its place) or on a tun file of the
 * daemon: UNL_OP_TUN_IOCTL; any other CONTINUE. */
long sc_tun_ioctl(struct sc *s, struct sc_call *c);
/* sock.c: dup() or fcntl(F_DUPFD, F_DUPFD_CLOEXEC) of a descriptor of
 * the range (a netlink socket, a file of a net): the copy in the range
 * too; any other fcntl CONTINUE. */
long sc_dup(struct sc *s, struct sc_call *c);
/* sock.c: dup2() or dup3() of one of ours: a copy out of the range is
 * refused (EBUSY), any other CONTINUE. */
long sc_dup_to(struct sc *s, struct sc_call *c);
/* nsdir.c: mkdir, rmdir, unlink, mount and umount2 of the netns
 * directory (the daemon's in its place); the mounts of an emulated
 * mount namespace; any other path CONTINUE. */
long sc_nsdir_call(struct sc *s, struct sc_call *c);
/* nsdir.c: unshare(CLONE_NEWNS) of a process that moved to another net
 * of the daemon (`ip netns exec`, `ip -n`): its mount namespace is
 * emulated, 0; any other CONTINUE. */
long sc_unshare_mnt(struct sc *s, struct sc_call *c);
/* nsdir.c: the emulated mount namespaces go. */
void sc_nsdir_free(void);
/* At the end: what the files of a net left. */
void sc_files_free(void);

/* stat.c: stat, lstat, newfstatat, statx, access, faccessat,
 * faccessat2, readlink and readlinkat of a file of a net: the model's
 * answer; any other path CONTINUE. */
long sc_stat_call(struct sc *s, struct sc_call *c);
/* stat.c: fstat of a file of a net the child holds (canon), into the
 * struct stat at addr. */
long sc_fstat(struct sc *s, struct sc_call *c, const char *canon,
	      uint64_t addr);
/* stat.c: getdents64 of a directory of a net the child holds (canon):
 * its entries from the file offset on, which counts entries. */
long sc_getdents(struct sc *s, struct sc_call *c, const char *canon);

/* The process of thread tid, from /proc (tid itself when not told). */
pid_t sc_tgid_of(pid_t tid);
/* The parent of process pid, from /proc (0 when not told). */
pid_t sc_ppid_of(pid_t pid);

/* clone.c: clone() or clone3() with CLONE_NEWNET: the child gets a new
 * net of the daemon; any other clone CONTINUE. */
long sc_clone(struct sc *s, struct sc_call *c);
/* filter.c: does the filter trap system call nr as a clone? */
bool sc_is_clone_call(int nr);
/* Is nr a call about a descriptor (the filter's fd calls, ioctl)? */
bool sc_is_fd_call(int nr);

/* netns.c: is fd a net handle of the daemon's? */
bool sc_is_handle(int fd);
/* netns.c: place the carrier src in c's process, over the one there. */
int sc_place_carrier(struct sc *s, struct sc_call *c, int src);

/* access() and faccessat() of a namespace path as Linux answers it: 0
 * or -errno, 1 when the kernel's file answers right (not ours). */
int sc_ns_access(struct sc *s, struct sc_call *c, int dirfd, uint64_t addr,
		 int mode, int flags);
/* readlink() of a namespace path: 0 with the link's target in target
 * (of cap bytes), -errno, or 1 when it is the kernel's. */
int sc_ns_readlink(struct sc *s, struct sc_call *c, int dirfd, uint64_t addr,
		   char *target, size_t cap);
/* fstat() of a handle of a net (our copy): nsfs's file, as stat() of
 * its path shows it; 1 when handle is not one. */
int sc_handle_stat(struct sc *s, int handle, struct stat *st);
/* fstat() of a descriptor of the range that is a handle of a net:
 * answered, or SC_CONTINUE. */
long sc_fstat_handle(struct sc *s, struct sc_call *c, uint64_t addr);

#endif
