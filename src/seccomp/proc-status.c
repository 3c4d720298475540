// SPDX-License-Identifier: LGPL-2.1-or-later
/* /proc/TID/status for the supervisor (proc-status.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "seccomp/proc-status.h"

int sc_proc_status(pid_t tid, struct sc_proc_status *st)
{
	char path[64], line[256];
	unsigned long long v;
	unsigned int a, b;
	int n, found = 0;
	FILE *f;

	memset(st, 0, sizeof(*st));
	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Tgid: %d", &n) == 1)
			st->tgid = (pid_t)n, found++;
		else if (sscanf(line, "PPid: %d", &n) == 1)
			st->ppid = (pid_t)n, found++;
		else if (sscanf(line, "Uid: %u %u", &a, &b) == 2)
			st->uid = (uid_t)a, st->euid = (uid_t)b, found++;
		else if (sscanf(line, "Gid: %u", &a) == 1)
			st->gid = (gid_t)a, found++;
		else if (sscanf(line, "Threads: %d", &n) == 1)
			st->threads = n, found++;
		else if (sscanf(line, "SigPnd: %llx", &v) == 1)
			st->sig_pending = v, found++;
		else if (sscanf(line, "ShdPnd: %llx", &v) == 1)
			st->shared_pending = v, found++;
		else if (sscanf(line, "SigBlk: %llx", &v) == 1)
			st->sig_blocked = v, found++;
	}
	fclose(f);
	return found == 8 ? 0 : -EIO;
}
