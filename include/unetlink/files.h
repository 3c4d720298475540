/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unetlink: the files a network namespace shows outside netlink.
 *
 * Linux describes a namespace in files too: /proc/net/dev, route,
 * if_inet6, arp ...; the devices under /sys/class/net and
 * /sys/devices/virtual/net; the sysctls under /proc/sys/net.  Programs
 * read them (psutil, ifconfig, ip maddr) and write some (echo 1 >
 * forwarding).  These functions make those files from the model of a
 * net and apply the writes Linux accepts, with their effects and
 * events: a snapshot per call, as a read of a seq_file or a sysfs
 * attribute is one.
 *
 * Paths are absolute and canonical: "/proc/net/X" (the caller maps
 * /proc/self/net and /proc/thread-self/net there) and
 * "/sys/devices/virtual/net/DEV/X" for a device's files (the links of
 * /sys/class/net lead there).
 */
#ifndef UNETLINK_FILES_H
#define UNETLINK_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unetlink/net.h>

#ifdef __cplusplus
extern "C" {
#endif

enum unl_file_type {
	UNL_FILE_REG = 1, /* data: the contents */
	UNL_FILE_DIR,     /* data: entries, each a d_type byte (DT_*) then
			     a NUL-terminated name */
	UNL_FILE_LNK,     /* data: the target, NUL-terminated */
};

struct unl_file {
	enum unl_file_type type;
	unsigned int mode; /* permission bits, as Linux shows them */
	/* What stat() gives as the size: 4096 for sysfs attributes, 0 for
	 * procfs files and sysctls (their length is unknown to stat). */
	uint64_t size;
	char *data;  /* malloc'd: unl_file_release() */
	size_t len;
	/* A file that opens but whose read fails (a sysfs show() that
	 * refuses: carrier of a device that is down): the errno. */
	int read_err;
};

/*
 * The file at path in net, made now: 0 with *f filled (release it), or
 * -ENOENT (no such file in this net, as Linux answers), -EXDEV (a path
 * of these trees the model does not make: the host's file stands),
 * -ENOMEM.
 */
UNL_EXPORT int unl_net_file_get(struct unl_net *net, const char *path,
				struct unl_file *f);

/*
 * Whether path is a file of /proc/net that is the kernel's own in every
 * net: a table of real sockets (tcp, unix, packet ...) or of the
 * machine (softnet_stat, psched).  unl_net_file_get() answers -EXDEV
 * for it and leaves it out of /proc/net's listing: a front end that
 * lists /proc/net adds those of them the program's namespace has.
 */
UNL_EXPORT bool unl_net_file_is_kernel(const char *path);

/*
 * The directories the model makes inside a directory of /proc/sys/net
 * whose listing is the kernel's (unl_net_file_get() answers -EXDEV for
 * it): /proc/sys/net/ipv4/vs, /proc/sys/net/netfilter.  Appended to the
 * listing f (entries d_type, name, NUL); a front end that lists such a
 * directory shows the kernel's entries of the program's namespace, then
 * these.  0, or -ENOMEM.
 */
UNL_EXPORT int unl_net_file_model_dirs(struct unl_net *net, const char *path,
				       struct unl_file *f);

/*
 * May who open path for writing?  0, -EACCES (a file nobody writes, or
 * not an administrator of the net), -ENOENT, -EXDEV as above;
 * -EOPNOTSUPP for a sysctl of /proc/sys/net the model does not make
 * (its kernel file may be read, never written).
 */
UNL_EXPORT int unl_net_file_may_write(struct unl_net *net,
				      const struct unl_cred *who,
				      const char *path);

/*
 * One write() of buf to path at offset 0, applied as Linux applies it
 * (a sysctl's proc_handler, a sysfs attribute's store): len on success,
 * or -errno (-EINVAL for a value Linux refuses, -EPERM without
 * CAP_NET_ADMIN, -EOPNOTSUPP for an entry whose effects the model does
 * not have: docs/conformance.md).
 */
UNL_EXPORT int unl_net_file_write(struct unl_net *net,
				  const struct unl_cred *who, const char *path,
				  const char *buf, size_t len);

UNL_EXPORT void unl_file_release(struct unl_file *f);

#ifdef __cplusplus
}
#endif

#endif
