// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The netns directory's changes by a trapped child (docs/seccomp.md,
 * "Paths"): mkdir, rmdir, unlink, mount and umount2 of /run/netns and
 * /var/run/netns, which `ip netns add` and `ip netns delete` make.  As
 * the shim does from its interposed functions (src/shim/netns.c), they
 * act on the daemon's netns directory instead, and `mount --bind` of a
 * net onto a name there, and its umount2(), bind and unbind the name in
 * the daemon.  Every other path is the kernel's (CONTINUE).
 *
 * `ip netns exec` and `ip -n` move to a net, then unshare(CLONE_NEWNS)
 * and remount / as a slave and /sys for the new net.  After a move, as
 * in the shim, the mount namespace is emulated instead: the unshare
 * succeeds without one, and the remounts that follow succeed without
 * touching the host; other mounts are refused with EPERM there.  A
 * process and its descendants are emulated once it asked (a forked
 * child shares its parent's mount namespace).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "seccomp/sc-open.h"
#include "seccomp/sc-private.h"

#define MS_PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

/* ---- the emulated mount namespaces ---- */

/* The processes that asked for a mount namespace after a move, whose
 * descendants share it. */
static struct {
	pid_t *v;
	size_t n, cap;
} emulated;

/* A process of the list still running with that number (a dead one's
 * number may come back for another: dropped when one is added). */
static bool alive(pid_t pid)
{
	return kill(pid, 0) == 0 || errno == EPERM;
}

static bool mnt_emulated(pid_t pid)
{
	for (int depth = 0; pid > 1 && depth < 4096; depth++) {
		for (size_t i = 0; i < emulated.n; i++)
			if (emulated.v[i] == pid)
				return true;
		pid = sc_ppid_of(pid);
	}
	return false;
}

static int mnt_emulate(pid_t pid)
{
	size_t k = 0;

	for (size_t i = 0; i < emulated.n; i++)
		if (alive(emulated.v[i]))
			emulated.v[k++] = emulated.v[i];
	emulated.n = k;
	if (emulated.n == emulated.cap) {
		size_t cap = emulated.cap ? 2 * emulated.cap : 8;
		pid_t *v = realloc(emulated.v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		emulated.v = v;
		emulated.cap = cap;
	}
	emulated.v[emulated.n++] = pid;
	return 0;
}

void sc_nsdir_free(void)
{
	free(emulated.v);
	emulated.v = NULL;
	emulated.n = emulated.cap = 0;
}

/* Has process pid moved to another net of the daemon (a carrier)? */
static bool net_moved(struct sc *s, pid_t pid)
{
	int pidfd = sc_pidfd_of(pid), carrier = -1;
	bool moved;

	if (pidfd >= 0) {
		carrier = (int)syscall(SYS_pidfd_getfd, pidfd,
				       sc_carrier_slot(s), 0);
		close(pidfd);
	}
	moved = carrier >= 0 && sc_is_handle(carrier);
	if (carrier >= 0)
		close(carrier);
	return moved;
}

long sc_unshare_mnt(struct sc *s, struct sc_call *c)
{
	pid_t pid = sc_tgid_of((pid_t)c->n.pid);

	if (!mnt_emulated(pid) && !net_moved(s, pid))
		return SC_CONTINUE;
	return mnt_emulated(pid) ? 0 : mnt_emulate(pid);
}

/* A mount in an emulated mount namespace: what `ip netns exec` does
 * there succeeds and changes nothing; anything else would change the
 * host's mounts, and is refused. */
static long emulated_mount(struct sc_call *c)
{
	unsigned long flags = (unsigned long)c->n.data.args[3];
	char fstype[16] = "", target[8] = "";

	if (flags & (MS_PROPAGATION | MS_BIND | MS_REMOUNT))
		return 0;
	if (!c->n.data.args[2] ||
	    sc_read_path(c, c->n.data.args[2], fstype, sizeof(fstype)))
		fstype[0] = '\0';
	if (!c->n.data.args[1] ||
	    sc_read_path(c, c->n.data.args[1], target, sizeof(target)))
		target[0] = '\0';
	return !strcmp(fstype, "sysfs") && !strcmp(target, "/sys") ? 0
								 : -EPERM;
}

/* ---- the netns directory ---- */

/* The daemon's file for the call's /run/netns path, in path; 1 when the
 * path is not one of the netns directory, -errno. */
static int nsdir_path(struct sc *s, struct sc_call *c, int dirfd,
		      uint64_t addr, struct sc_path *p, char *path, size_t len)
{
	if (!sc_call_path(s, c, dirfd, addr, false, p) ||
	    (p->kind != SCP_NETNS_DIR && p->kind != SCP_NETNS_NAME))
		return 1;
	return sc_netns_dir_path(s, p, path, len);
}

static long nsdir_mkdir(struct sc *s, struct sc_call *c, int dirfd,
			uint64_t addr, mode_t mode)
{
	char path[PATH_MAX + 64];
	struct sc_path p;
	int err = nsdir_path(s, c, dirfd, addr, &p, path, sizeof(path));

	if (err)
		return err == 1 ? SC_CONTINUE : err;
	return mkdir(path, mode) ? -errno : 0;
}

/* unlink() of a name bound to a net: EBUSY, as for a mount point (`ip
 * netns delete` unmounts first); may_delete() comes first, EACCES to
 * whoever may not write the directory. */
static long nsdir_unlink(struct sc *s, struct sc_call *c, int dirfd,
			 uint64_t addr, int flags)
{
	char path[PATH_MAX + 64], dir[PATH_MAX + 64];
	struct sc_path p;
	int err = nsdir_path(s, c, dirfd, addr, &p, path, sizeof(path));

	if (err)
		return err == 1 ? SC_CONTINUE : err;
	if (p.kind == SCP_NETNS_NAME && !(flags & AT_REMOVEDIR) &&
	    sc_netns_name_known(s, &p) == 0) {
		snprintf(dir, sizeof(dir), "%s", path);
		*strrchr(dir, '/') = '\0';
		return faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS)
			       ? -EACCES
			       : -EBUSY;
	}
	return unlinkat(AT_FDCWD, path, flags) ? -errno : 0;
}

/* The net that src names (its /proc/.../ns/net, or a bound name): a new
 * handle in *fd, or -errno. */
static int nsdir_source(struct sc *s, struct sc_call *c, uint64_t addr,
			int *fd)
{
	struct sc_path p;
	int err;

	if (!sc_call_path(s, c, AT_FDCWD, addr, false, &p))
		return -EINVAL;
	if (p.kind == SCP_NETNS_NAME)
		return sc_ns_call(s, UNL_OP_NS_OPEN, UNL_NS_BY_NAME, p.rest + 1,
				  -1, fd, NULL);
	if (p.kind != SCP_NS_NET)
		return -EINVAL;
	err = sc_handle_of_pid(s, p.pid, fd, NULL);
	return err == 1 ? -EINVAL : err;
}

/* mount(SRC, TARGET, FSTYPE, FLAGS): making the directory a shared
 * mount point only asks whether the caller may mount (it is the
 * daemon's); a bind of a net onto a name binds the name. */
static long nsdir_mount(struct sc *s, struct sc_call *c)
{
	unsigned long flags = (unsigned long)c->n.data.args[3];
	struct sc_path p;
	int fd = -1, err;

	if (!sc_call_path(s, c, AT_FDCWD, c->n.data.args[1], false, &p) ||
	    (p.kind != SCP_NETNS_DIR && p.kind != SCP_NETNS_NAME))
		return mnt_emulated(sc_tgid_of((pid_t)c->n.pid))
			       ? emulated_mount(c)
			       : SC_CONTINUE;
	if (p.kind == SCP_NETNS_DIR || !(flags & MS_BIND) ||
	    (flags & MS_REMOUNT)) {
		err = sc_ns_call(s, UNL_OP_NS_BIND, 0, NULL, -1, NULL, NULL);
		if (err || p.kind == SCP_NETNS_DIR ||
		    (flags & (MS_PROPAGATION | MS_REMOUNT)))
			return err;
		return -EINVAL;
	}
	err = nsdir_source(s, c, c->n.data.args[0], &fd);
	if (err)
		return err;
	err = sc_ns_call(s, UNL_OP_NS_BIND, UNL_NS_BY_HANDLE, p.rest + 1, fd,
			 NULL, NULL);
	close(fd);
	return err;
}

/* umount2(TARGET): the directory is no mount point (EINVAL, or EPERM
 * for whoever may not unmount); a name is unbound. */
static long nsdir_umount(struct sc *s, struct sc_call *c)
{
	struct sc_path p;

	if (!sc_call_path(s, c, AT_FDCWD, c->n.data.args[0], false, &p) ||
	    (p.kind != SCP_NETNS_DIR && p.kind != SCP_NETNS_NAME))
		return mnt_emulated(sc_tgid_of((pid_t)c->n.pid)) ? 0
								 : SC_CONTINUE;
	if (p.kind == SCP_NETNS_DIR)
		return sc_ns_call(s, UNL_OP_NS_UNBIND, 0, NULL, -1, NULL,
				  NULL) < 0
			       ? -EPERM
			       : -EINVAL;
	return sc_ns_call(s, UNL_OP_NS_UNBIND, 0, p.rest + 1, -1, NULL, NULL);
}

long sc_nsdir_call(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;

	switch (c->n.data.nr) {
#ifdef __NR_mkdir
	case __NR_mkdir:
		return nsdir_mkdir(s, c, AT_FDCWD, a[0], (mode_t)a[1]);
	case __NR_rmdir:
		return nsdir_unlink(s, c, AT_FDCWD, a[0], AT_REMOVEDIR);
	case __NR_unlink:
		return nsdir_unlink(s, c, AT_FDCWD, a[0], 0);
#endif
	case __NR_mkdirat:
		return nsdir_mkdir(s, c, (int)a[0], a[1], (mode_t)a[2]);
	case __NR_unlinkat:
		return nsdir_unlink(s, c, (int)a[0], a[1], (int)a[2]);
	case __NR_mount:
		return nsdir_mount(s, c);
	case __NR_umount2:
		return nsdir_umount(s, c);
	default:
		return SC_CONTINUE;
	}
}
