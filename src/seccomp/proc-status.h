/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the supervisor learns of a thread from /proc/TID/status: its
 * process, parent, ids, thread count and signals.  One reader for all
 * (the trap's pidfd fallback, access(), the identity a record carries,
 * parked calls' signals).
 */
#ifndef UNL_SC_PROC_STATUS_H
#define UNL_SC_PROC_STATUS_H

#include <stdint.h>
#include <sys/types.h>

struct sc_proc_status {
	pid_t tgid, ppid;
	uid_t uid, euid;
	gid_t gid;
	int threads;
	uint64_t sig_pending, shared_pending, sig_blocked;
};

/* The fields of thread tid, 0; -errno when it is gone, -EIO when the
 * file lacks one of them. */
int sc_proc_status(pid_t tid, struct sc_proc_status *st);

#endif
