// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Which paths are the files of a net (wire.h, "Files"), spelled as
 * FILE_OPEN wants them: shared by both front ends, each of which reads
 * the path from its caller (the shim from its arguments, the seccomp
 * supervisor from the child's memory).
 */
#ifndef UNETLINK_WIRE_FILE_PATH_H
#define UNETLINK_WIRE_FILE_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* An absolute path, tidied (no "//", ".", ".."), when it lies in one of
 * the trees FILE_OPEN serves: /proc/net (and /proc/self/net,
 * /proc/thread-self/net, /proc/SELF/net of process self), /sys/class/net,
 * /sys/devices/virtual/net and the per-net parts of /proc/sys/net.  The
 * canonical path in canon; false when not one of them (or too long). */
bool unl_file_path(const char *path, pid_t self, char *canon, size_t len);

/* path without repeated or trailing slashes, "." components dropped
 * and ".." taking the one before off (as spelled: the trees' only links
 * lead into one another, and ls asks for DIR/. and DIR/..).  false when
 * it does not fit. */
bool unl_file_tidy(const char *path, char *canon, size_t len);

/* The target of a link of those trees made absolute against the link's
 * directory, its leading "../" taken off.  false when it does not fit. */
bool unl_file_resolve(const char *link, const char *target, char *out,
		      size_t len);

#endif
