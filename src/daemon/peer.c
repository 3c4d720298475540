// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Who a client is: SO_PEERCRED of its control connection, mapped to the
 * core's struct unl_cred.  Admins get the capabilities Linux gives root
 * that netlink looks at; everyone else gets none, so the core answers
 * EPERM exactly where Linux answers it to an unprivileged process.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/capability.h>

#include "daemon/daemon-private.h"

/* CAP_NET_ADMIN: nl_allowed, SO_*BUFFORCE, most of rtnetlink.
 * CAP_NET_BROADCAST, CAP_NET_RAW: group and priority checks.
 * CAP_SYS_ADMIN, CAP_SETUID, CAP_SETGID: SCM_CREDENTIALS with another
 * pid, uid or gid. */
#define UD_ADMIN_CAPS                                                      \
	(UNL_CAP(CAP_NET_ADMIN) | UNL_CAP(CAP_NET_BROADCAST) |             \
	 UNL_CAP(CAP_NET_RAW) | UNL_CAP(CAP_SYS_ADMIN) |                   \
	 UNL_CAP(CAP_SETUID) | UNL_CAP(CAP_SETGID))

static bool gid_listed(const struct ud_daemon *d, gid_t gid)
{
	for (size_t i = 0; i < d->cfg->n_admin_gids; i++)
		if (d->cfg->admin_gids[i] == gid)
			return true;
	return false;
}

/* Supplementary groups from /proc/PID/status, for kernels before
 * SO_PEERGROUPS (4.13).  Racy against pid reuse, so only a fallback. */
static bool proc_groups_listed(const struct ud_daemon *d, pid_t pid)
{
	char path[64], line[4096];
	bool found = false;
	FILE *f;

	if (pid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *p = line + 7, *end;

		if (strncmp(line, "Groups:", 7))
			continue;
		for (;;) {
			unsigned long g = strtoul(p, &end, 10);

			if (end == p)
				break;
			if (gid_listed(d, (gid_t)g))
				found = true;
			p = end;
		}
		break;
	}
	fclose(f);
	return found;
}

static bool groups_listed(const struct ud_daemon *d, int fd, pid_t pid)
{
	gid_t small[64], *groups = small;
	socklen_t len = sizeof(small);
	bool found = false;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) < 0) {
		if (errno != ERANGE)
			return proc_groups_listed(d, pid);
		/* len now says how much is needed. */
		groups = malloc(len);
		if (!groups ||
		    getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) < 0) {
			free(groups);
			return proc_groups_listed(d, pid);
		}
	}
	for (size_t i = 0; i < len / sizeof(gid_t); i++)
		if (gid_listed(d, groups[i]))
			found = true;
	if (groups != small)
		free(groups);
	return found;
}

/* fd < 0: the groups as they are now (/proc), not at connect time. */
static bool is_admin(const struct ud_daemon *d, int fd, const struct ucred *uc)
{
	const struct unl_daemon_config *cfg = d->cfg;

	if (uc->uid == 0)
		return true;
	if (!cfg->shared && uc->uid == d->owner_uid)
		return true;
	for (size_t i = 0; i < cfg->n_admin_uids; i++)
		if (cfg->admin_uids[i] == uc->uid)
			return true;
	if (!cfg->n_admin_gids)
		return false;
	if (gid_listed(d, uc->gid))
		return true;
	return fd >= 0 ? groups_listed(d, fd, uc->pid)
		       : proc_groups_listed(d, uc->pid);
}

/* The credentials every request on connection fd acts with.  0 or
 * -errno. */
int ud_peer_cred(const struct ud_daemon *d, int fd, struct unl_cred *cred)
{
	struct ucred uc;
	socklen_t len = sizeof(uc);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) < 0)
		return -errno;
	memset(cred, 0, sizeof(*cred));
	cred->pid = uc.pid;
	cred->uid = uc.uid;
	cred->gid = uc.gid;
	cred->caps = is_admin(d, fd, &uc) ? UD_ADMIN_CAPS : 0;
	return 0;
}

/*
 * The client changed identity since it connected (a root process that
 * called setresuid(), the conformance harness's `unpriv`): SO_PEERCRED
 * still says who connected, so each request's SCM_CREDENTIALS (the kernel
 * adds them, SO_PASSCRED being set on our end) is compared with the first
 * one seen.  Those carry the real uid and gid, so only a change counts: a
 * set-uid program (real uid a user, effective 0) keeps the rights it
 * connected with, while one that gave up root loses them.
 */
void ud_peer_update(const struct ud_daemon *d, struct ud_peer_base *base,
		    struct unl_cred *cred, const struct ucred *uc)
{
	if (!base->valid) {
		base->valid = true;
		base->uid = uc->uid;
		base->gid = uc->gid;
		return;
	}
	if (uc->uid == base->uid && uc->gid == base->gid)
		return;
	base->uid = uc->uid;
	base->gid = uc->gid;
	cred->uid = uc->uid;
	cred->gid = uc->gid;
	cred->caps = is_admin(d, -1, uc) ? UD_ADMIN_CAPS : 0;
	ud_log(d, 2, "pid %d is now uid %u gid %u%s", cred->pid, cred->uid,
	       cred->gid, cred->caps ? " (admin)" : "");
}
