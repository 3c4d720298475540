// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The files of a net (include/unetlink/files.h): which tree a path
 * belongs to, the text each file is written into, and the locking
 * around a read or a write.  procfs.c makes /proc/net, sysfs.c
 * /sys/devices/virtual/net and /sys/class/net, sysctl.c /proc/sys/net.
 *
 * Each read is made whole when the file is opened, under the net's
 * lock: a snapshot, as a seq_file read in one go or a sysfs attribute
 * (one show() per open) is one.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/capability.h>

#include <unetlink/files.h>

#include "core/internal.h"
#include "proto/route/route-private.h"

const char *rtnl_path_after(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(path, prefix, n))
		return NULL;
	if (path[n] == '/')
		return path + n + 1;
	return path[n] ? NULL : path + n;
}

int rtnl_file_begin(struct rtnl_file_out *o, int type,
		    unsigned int mode)
{
	o->f->type = (enum unl_file_type)type;
	o->f->mode = mode;
	o->f->size = 0;
	o->f->data = NULL;
	o->f->len = 0;
	o->out = open_memstream(&o->f->data, &o->f->len);
	return o->out ? 0 : -ENOMEM;
}

void rtnl_dir_add(struct rtnl_file_out *o, unsigned char dtype,
		  const char *name)
{
	fputc(dtype, o->out);
	fputs(name, o->out);
	fputc('\0', o->out);
}

/* Close the stream; -ENOMEM when it could not hold everything. */
static int file_end(struct rtnl_file_out *o, int err)
{
	if (fclose(o->out) && !err)
		err = -ENOMEM;
	if (err) {
		free(o->f->data);
		o->f->data = NULL;
		o->f->len = 0;
	}
	return err;
}

static int file_get_locked(struct rtnl_net *rn, const char *path,
			   struct rtnl_file_out *o)
{
	const char *rest;

	if ((rest = rtnl_path_after(path, "/proc/net"))) {
		/* the files the protocols made, then route's own */
		int err = nl_procnet_get(rn->net, rest, o->f);

		return err != -EXDEV ? err : rtnl_procfs_get(rn, rest, o);
	}
	if ((rest = rtnl_path_after(path, "/sys/class/net")))
		return rtnl_sysfs_class_get(rn, rest, o);
	if ((rest = rtnl_path_after(path, "/sys/devices/virtual/net")))
		return rtnl_sysfs_get(rn, rest, o);
	if ((rest = rtnl_path_after(path, "/proc/sys/net"))) {
		/* the tables the protocols registered, then route's own */
		int err = nl_sysctl_get(rn->net, rest, o->f);

		return err != -EXDEV ? err : rtnl_sysctl_get(rn, rest, o);
	}
	return -EXDEV;
}

/* The files below a link of /sys/class/net are the device's own: one
 * spelling for them, /sys/devices/virtual/net/DEV/... */
static const char *canon_path(const char *path, char *buf, size_t len)
{
	const char *rest = rtnl_path_after(path, "/sys/class/net");
	int n;

	if (!rest || !strchr(rest, '/'))
		return path;
	n = snprintf(buf, len, "/sys/devices/virtual/net/%s", rest);
	return n < 0 || (size_t)n >= len ? path : buf;
}

int unl_net_file_get(struct unl_net *net, const char *path,
		     struct unl_file *f)
{
	struct rtnl_file_out o = { .f = f };
	struct rtnl_net *rn;
	int err;

	char buf[4096];

	memset(f, 0, sizeof(*f));
	if (!net || !path)
		return -EINVAL;
	path = canon_path(path, buf, sizeof(buf));
	unl_net_lock(net);
	rn = rtnl_net_of(net);
	err = rn ? file_get_locked(rn, path, &o) : -ENOMEM;
	unl_net_unlock(net);
	/* a show() that refused after the file was made: the open
	 * succeeds, its read fails */
	if (o.out && err < 0 && err != -ENOMEM) {
		f->read_err = -err;
		err = 0;
	}
	if (o.out)
		err = file_end(&o, err);
	return err;
}

int unl_net_file_model_dirs(struct unl_net *net, const char *path,
			    struct unl_file *f)
{
	struct rtnl_file_out o = { .f = f };
	const char *rest;
	struct rtnl_net *rn;
	char *data = NULL;
	size_t len = 0;
	int err = 0;

	if (!net || !path || !(rest = rtnl_path_after(path, "/proc/sys/net")))
		return 0;
	o.out = open_memstream(&data, &len);
	if (!o.out)
		return -ENOMEM;
	unl_net_lock(net);
	rn = rtnl_net_of(net);
	/* the protocols' tables, then route's own (IPVS's) */
	nl_sysctl_subdirs(net, rest, o.out);
	if (rn && !strcmp(rest, "ipv4") && rtnl_ipvs_offered(rn))
		rtnl_dir_add(&o, DT_DIR, "vs");
	unl_net_unlock(net);
	if (fclose(o.out) || (len && !data))
		err = -ENOMEM;
	if (!err && len) {
		char *all = realloc(f->data, f->len + len);

		if (!all) {
			err = -ENOMEM;
		} else {
			memcpy(all + f->len, data, len);
			f->data = all;
			f->len += len;
		}
	}
	free(data);
	return err;
}

/* The writable files, by tree; the administrator of the net only, as
 * net_ctl_permissions() and the sysfs stores (netdev_store()) have it. */
static int may_write_locked(struct rtnl_net *rn, const char *path,
			    const struct unl_cred *who)
{
	const char *rest;
	bool writable;

	if ((rest = rtnl_path_after(path, "/sys/devices/virtual/net")))
		writable = rtnl_sysfs_writable(rn, rest);
	else if ((rest = rtnl_path_after(path, "/proc/sys/net"))) {
		int w = nl_sysctl_writable(rn->net, rest);

		if (w < 0 && w != -EXDEV)
			return w;
		writable = w == -EXDEV ? rtnl_sysctl_writable(rn, rest) : w;
	}
	else if ((rest = rtnl_path_after(path, "/proc/net"))) {
		int w = nl_procnet_writable(rn->net, rest);

		writable = w > 0;
	}
	else if ((rest = rtnl_path_after(path, "/sys/class/net")))
		writable = rtnl_sysfs_class_writable(rn, rest);
	else
		return -EXDEV;
	if (!writable)
		return -EACCES;
	return who && (who->caps & UNL_CAP(CAP_NET_ADMIN)) ? 0 : -EPERM;
}

int unl_net_file_may_write(struct unl_net *net, const struct unl_cred *who,
			   const char *path)
{
	struct unl_file f;
	char buf[4096];
	int err = unl_net_file_get(net, path, &f);

	/* a sysctl the model does not make is read from the kernel's
	 * file; writing it would change the kernel's namespace: refused
	 * (docs/conformance.md) */
	if (err == -EXDEV && rtnl_path_after(path, "/proc/sys/net"))
		return -EOPNOTSUPP;
	/* a write-only file (a sysfs flush) refuses only its reading */
	if (err && err != -EACCES)
		return err;
	path = canon_path(path, buf, sizeof(buf));
	unl_file_release(&f);
	unl_net_lock(net);
	err = may_write_locked(rtnl_net_of(net), path, who);
	unl_net_unlock(net);
	/* the open fails on the file's mode: the owner, root, may write */
	return err == -EPERM ? -EACCES : err;
}

/* The value written, as a C string without the newline echo adds. */
static char *value_dup(const char *buf, size_t len)
{
	char *s = malloc(len + 1);

	if (!s)
		return NULL;
	memcpy(s, buf, len);
	s[len] = '\0';
	return s;
}

static int write_locked(struct rtnl_net *rn, const struct unl_cred *who,
			const char *path, const char *val)
{
	const char *rest;

	if ((rest = rtnl_path_after(path, "/sys/devices/virtual/net")))
		return rtnl_sysfs_write(rn, who, rest, val);
	if ((rest = rtnl_path_after(path, "/proc/net")))
		return nl_procnet_write(rn->net, rest, val, strlen(val));
	if ((rest = rtnl_path_after(path, "/sys/class/net")))
		return rtnl_sysfs_class_write(rn, who, rest, val);
	if ((rest = rtnl_path_after(path, "/proc/sys/net"))) {
		int err = nl_sysctl_write(rn->net, rest, val);

		return err != -EXDEV ? err : rtnl_sysctl_write(rn, rest, val);
	}
	return -EXDEV;
}

int unl_net_file_write(struct unl_net *net, const struct unl_cred *who,
		       const char *path, const char *buf, size_t len)
{
	struct rtnl_net *rn;
	char *val, pbuf[4096];
	int err;

	if (!net || !path || (!buf && len))
		return -EINVAL;
	path = canon_path(path, pbuf, sizeof(pbuf));
	if (len > 4096)
		return -EINVAL;
	val = value_dup(buf, len);
	if (!val)
		return -ENOMEM;
	unl_net_lock(net);
	/* the writer is `current` for what the store does (its requests'
	 * capability checks) */
	net->world->current = who;
	rn = rtnl_net_of(net);
	err = rn ? may_write_locked(rn, path, who) : -ENOMEM;
	if (!err) {
		err = write_locked(rn, who, path, val);
		rtnl_deferred_run(rn);
	}
	unl_net_unlock(net);
	free(val);
	return err ? err : (int)len;
}

void unl_file_release(struct unl_file *f)
{
	if (!f)
		return;
	free(f->data);
	f->data = NULL;
	f->len = 0;
}

/* kstrtoint()-like: an integer with an optional trailing newline, as
 * proc_dointvec() and the sysfs stores take it. */
int rtnl_parse_long(const char *s, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 0);
	if (end == s || errno)
		return -EINVAL;
	if (*end == '\n')
		end++;
	return *end ? -EINVAL : 0;
}
