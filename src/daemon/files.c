// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * FILE_OPEN and FILE_WRITE (wire.h, "Files"): the files of a net made
 * by the library (include/unetlink/files.h) and handed to the client as
 * a memfd, and the writes applied.  The shim and a future seccomp front
 * end only forward: every answer is made here.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/capability.h>

#include <unetlink/files.h>

#include "daemon/daemon-private.h"

/* The net of the passed handle, or the initial one. */
static struct ud_net *file_net(struct ud_conn *c, int *fds, int nfds,
			       int *err)
{
	*err = 0;
	if (nfds)
		return ud_net_of_passed(c->d, fds[0], err);
	return c->d->init;
}

/* A copy of the path the payload holds (NUL-terminated within it). */
static char *path_take(const unsigned char *p, size_t len)
{
	const unsigned char *nul = memchr(p, '\0', len);
	size_t n = nul ? (size_t)(nul - p) : len;
	char *s;

	if (!n || n >= 4096)
		return NULL;
	s = malloc(n + 1);
	if (!s)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* A memfd holding data, at offset 0: the descriptor or -errno. */
static int memfd_of(const char *data, size_t len)
{
	int fd = memfd_create("unetlink-file", MFD_CLOEXEC);
	size_t off = 0;

	if (fd < 0)
		return -errno;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0) {
			close(fd);
			return -EIO;
		}
		off += (size_t)w;
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* May c write the file at path of n (its credentials in n)? */
static int may_write(struct ud_net *n, struct ud_conn *c, const char *path)
{
	struct unl_cred cred;

	ud_cred_in_net(c, n, &cred);
	return unl_net_file_may_write(n->net, &cred, path);
}

/*
 * Opening for reading: the file's mode, as generic_permission() reads it
 * for a file root owns (procfs and sysfs files of a net): a file others
 * may not read (ip_tables_names' 0440, a 0600 sysctl) opens for root
 * there, taken as for writing (CAP_NET_ADMIN over the net), or for a
 * caller that overrides modes (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH).
 */
static int may_read(struct ud_net *n, struct ud_conn *c,
		    const struct unl_file *f)
{
	const uint64_t owner = UNL_CAP(CAP_NET_ADMIN) |
			       UNL_CAP(CAP_DAC_OVERRIDE) |
			       UNL_CAP(CAP_DAC_READ_SEARCH);
	struct unl_cred cred;

	if ((f->mode & 0004) || !(f->mode & 0444))
		return 0; /* others may; or write-only: open_check() */
	ud_cred_in_net(c, n, &cred);
	return cred.caps & owner ? 0 : -EACCES;
}

/* Opening: reading by the mode, writing by the mode and who may
 * (may_open()). */
static int open_check(struct ud_net *n, struct ud_conn *c, const char *path,
		      const struct unl_file *f, int flags)
{
	int err;

	if (flags & O_PATH)
		return 0;
	if ((flags & O_ACCMODE) != O_WRONLY) {
		err = may_read(n, c, f);
		if (err)
			return err;
	}
	if ((flags & O_ACCMODE) == O_RDONLY)
		return 0;
	return may_write(n, c, path);
}

static void reply_file(struct ud_conn *c, const struct unl_file *f,
		       int flags)
{
	unsigned char buf[sizeof(struct unl_wire_file) + 4096];
	struct unl_wire_file wf = { .type = f->type, .mode = f->mode,
				    .size = f->size,
				    .read_err = f->read_err };
	size_t len = sizeof(wf);
	int fd;

	memcpy(buf, &wf, sizeof(wf));
	if (f->type == UNL_FILE_LNK) {
		size_t n = f->len < 4096 ? f->len : 4095;

		memcpy(buf + len, f->data, n);
		len += n;
	}
	if (f->type == UNL_FILE_LNK || (flags & O_PATH)) {
		ud_reply(c, (int32_t)f->type, buf, len, NULL, 0);
		return;
	}
	fd = memfd_of(f->data, f->len);
	if (fd < 0) {
		ud_reply(c, fd, NULL, 0, NULL, 0);
		return;
	}
	ud_reply(c, (int32_t)f->type, buf, len, &fd, 1);
}

/* Is the directory holding path one of the net's? */
static bool parent_is_dir(struct ud_net *n, const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	struct unl_file f;
	bool is_dir;

	if (!slash || slash == path || (size_t)(slash - path) >= sizeof(dir))
		return false;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	if (unl_net_file_get(n->net, dir, &f))
		return false;
	/* /sys/class/net/DEV is a link to the device's directory */
	is_dir = f.type == UNL_FILE_DIR || f.type == UNL_FILE_LNK;
	unl_file_release(&f);
	return is_dir;
}

static void op_open(struct ud_conn *c, struct ud_net *n,
		    const struct unl_wire_req *req, const char *path)
{
	struct unl_file f;
	int err = unl_net_file_get(n->net, path, &f);

	/* a directory of /proc/sys/net the kernel lists: its entries of
	 * the caller's namespace with the model's (sysctl-dir.c); its
	 * stat too, as a front end's fstat of the listing asks for it */
	if (err == -EXDEV && (req->a0 & O_ACCMODE) == O_RDONLY)
		err = ud_sysctl_kernel_listing(n->net, path, c->cred.pid, &f);
	if (!err) {
		err = f.type == UNL_FILE_REG
			      ? open_check(n, c, path, &f, req->a0)
			      : 0;
		/* a directory opens read-only (EISDIR) */
		if (f.type == UNL_FILE_DIR && (req->a0 & O_ACCMODE) != O_RDONLY)
			err = -EISDIR;
		if (!err && !(req->a0 & O_PATH))
			ud_mib_kernel_sections(path, c->cred.pid, &f);
		if (!err)
			ud_procnet_kernel_entries(path, c->cred.pid, &f);
		if (!err)
			reply_file(c, &f, req->a0);
		unl_file_release(&f);
	}
	/* the kernel's file stands for reading only (a sysctl the model
	 * does not make: files.h) */
	if (err == -EXDEV && ((req->a0 & O_ACCMODE) != O_RDONLY ||
			      (req->a0 & O_TRUNC))) {
		int w = may_write(n, c, path);

		if (w != -EXDEV)
			err = w;
	}
	/* sysfs and procfs make no files: creating one in a directory
	 * that exists is refused (kernfs and proc have no create) */
	if (err == -ENOENT && (req->a0 & O_CREAT) && parent_is_dir(n, path))
		err = -EACCES;
	/* kernfs opens a write-only attribute (a bridge's flush) for
	 * writing alone */
	if (err == -EACCES && (req->a0 & O_ACCMODE) == O_WRONLY &&
	    !may_write(n, c, path)) {
		struct unl_file wo = { .type = UNL_FILE_REG, .mode = 0200,
				       .size = 4096 };

		reply_file(c, &wo, req->a0);
		return;
	}
	if (err)
		ud_reply(c, err, NULL, 0, NULL, 0);
}

static void op_write(struct ud_conn *c, struct ud_net *n, const char *path,
		     const unsigned char *p, size_t plen)
{
	size_t skip = strlen(path) + 1;
	struct unl_cred cred;
	int ret;

	if (skip > plen) {
		ud_reply(c, -EINVAL, NULL, 0, NULL, 0);
		return;
	}
	ud_cred_in_net(c, n, &cred);
	ret = unl_net_file_write(n->net, &cred, path, (const char *)p + skip,
				 plen - skip);
	ud_reply(c, ret, NULL, 0, NULL, 0);
}

void ud_file_op(struct ud_conn *c, const struct unl_wire_req *req,
		const unsigned char *payload, size_t plen, int *fds, int nfds)
{
	struct ud_net *n;
	char *path;
	int err;

	n = file_net(c, fds, nfds, &err);
	if (!n) {
		ud_reply(c, err, NULL, 0, NULL, 0);
		return;
	}
	path = path_take(payload, plen);
	if (!path) {
		ud_reply(c, -ENAMETOOLONG, NULL, 0, NULL, 0);
		return;
	}
	if (req->op == UNL_OP_FILE_OPEN)
		op_open(c, n, req, path);
	else
		op_write(c, n, path, payload, plen);
	free(path);
}
