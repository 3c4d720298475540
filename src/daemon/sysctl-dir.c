// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The listing of a directory of /proc/sys/net the model does not make
 * (the library answers -EXDEV): the kernel's entries, as the requesting
 * process sees them, merged with the model's.  A front end that read
 * the kernel's directory itself would miss what only the model makes
 * (IPVS's /proc/sys/net/ipv4/vs, conntrack's /proc/sys/net/netfilter on
 * a host without those modules), so `ls` and `sysctl -a` would not see
 * them although a path to them opens.
 *
 * /proc/sys/net shows the net namespace of the process that looks up
 * the path, not of whoever mounted /proc: the entries are read by a
 * child that enters the requester's namespace (as sockdiag.c's
 * sock_diag socket is made), only with system calls (the daemon may
 * have threads).  A kernel entry the model says is missing (a sysctl
 * of a protocol its profile lacks: -ENOENT) is left out; each name is
 * listed once, the kernel's in its order, then the model's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <unetlink/files.h>

#include "daemon/daemon-private.h"

/* The child: enters netns (unless -1), lists dir into out as its
 * getdents64 records; exits 0, or 2 when dir is no directory there. */
static void __attribute__((noreturn))
list_in(int netns, const char *dir, int out)
{
	static char buf[32768];
	long n;
	int fd;

	if (netns >= 0 && setns(netns, CLONE_NEWNET))
		_exit(5);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		_exit(2);
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));

			if (w <= 0)
				_exit(4);
			off += w;
		}
	}
	_exit(n < 0 ? 4 : 0);
}

/* pid's namespace file when it is not the daemon's (for the child to
 * enter), else -1; -2 when pid is gone. */
static int netns_to_enter(pid_t pid)
{
	char path[64];
	struct stat a, b;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	if (pid <= 0 || stat(path, &a))
		return -2;
	if (!stat("/proc/self/ns/net", &b) && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -2 : fd;
}

/* The getdents64 records of path in pid's namespace (malloc'd, *len
 * bytes), or NULL when the kernel has no directory there. */
static char *kernel_records(const char *path, pid_t pid, size_t *len)
{
	char chunk[4096], *data = NULL;
	int p[2], netns = netns_to_enter(pid), st = 0;
	FILE *mem;
	ssize_t r;
	pid_t child;

	*len = 0;
	if (netns == -2 || pipe2(p, O_CLOEXEC)) {
		if (netns >= 0)
			close(netns);
		return NULL;
	}
	child = fork();
	if (child == 0) {
		close(p[0]);
		list_in(netns, path, p[1]);
	}
	close(p[1]);
	if (netns >= 0)
		close(netns);
	mem = child < 0 ? NULL : open_memstream(&data, len);
	while ((r = read(p[0], chunk, sizeof(chunk))) > 0 ||
	       (r < 0 && errno == EINTR))
		if (r > 0 && mem)
			fwrite(chunk, 1, (size_t)r, mem);
	close(p[0]);
	if (mem)
		fclose(mem);
	while (child > 0 && waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
	if (child < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		free(data);
		*len = 0;
		return NULL;
	}
	return data;
}

/* Does the listing f name name? */
static bool listed(const struct unl_file *f, const char *name)
{
	for (size_t at = 0; at < f->len;) {
		const char *e = f->data + at + 1;

		if (!strcmp(e, name))
			return true;
		at += strlen(e) + 2;
	}
	return false;
}

/* Does the net have path: the model makes it, or leaves it to the
 * kernel (-EXDEV), rather than saying it is missing? */
static bool net_has(struct unl_net *net, const char *dir, const char *name)
{
	char path[4096];
	struct unl_file f;
	int err;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		return false;
	err = unl_net_file_get(net, path, &f);
	if (!err)
		unl_file_release(&f);
	return err != -ENOENT;
}

/* A getdents64 record, as the kernel writes it. */
struct kernel_dirent {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* The kernel's entries of records (no "." or ".."), those net has. */
static int add_kernel(struct unl_file *f, struct unl_net *net,
		      const char *path, const char *rec, size_t len)
{
	size_t at = 0;

	const size_t head = offsetof(struct kernel_dirent, name);

	while (at + head < len) {
		const struct kernel_dirent *d = (const void *)(rec + at);

		if (d->reclen <= head || d->reclen > len - at)
			break;
		at += d->reclen;
		if (!strcmp(d->name, ".") || !strcmp(d->name, ".."))
			continue;
		if (net_has(net, path, d->name) &&
		    ud_listing_add(f, d->type, d->name))
			return -ENOMEM;
	}
	return 0;
}

/* The model's directories the kernel's listing lacks. */
static int add_model(struct unl_file *f, struct unl_net *net,
		     const char *path)
{
	struct unl_file m = { 0 };
	int err = unl_net_file_model_dirs(net, path, &m);

	for (size_t at = 0; !err && at < m.len;) {
		const char *name = m.data + at + 1;

		if (!listed(f, name))
			err = ud_listing_add(f, (unsigned char)m.data[at], name);
		at += strlen(name) + 2;
	}
	free(m.data);
	return err;
}

int ud_sysctl_kernel_listing(struct unl_net *net, const char *path,
			     pid_t pid, struct unl_file *f)
{
	static const char top[] = "/proc/sys/net";
	struct stat st;
	size_t len;
	char *rec;
	int err;

	if (strncmp(path, top, sizeof(top) - 1) ||
	    (path[sizeof(top) - 1] && path[sizeof(top) - 1] != '/'))
		return -EXDEV;
	/* a file in the daemon's namespace is one in every namespace
	 * (only directories, a device's, come and go): no child for
	 * each of `sysctl -a`'s reads */
	if (!stat(path, &st) && !S_ISDIR(st.st_mode))
		return -EXDEV;
	rec = kernel_records(path, pid, &len);
	if (!rec)
		return -EXDEV;
	memset(f, 0, sizeof(*f));
	f->type = UNL_FILE_DIR;
	f->mode = 0555;
	err = add_kernel(f, net, path, rec, len);
	if (!err)
		err = add_model(f, net, path);
	free(rec);
	if (err) {
		unl_file_release(f);
		memset(f, 0, sizeof(*f));
	}
	return err;
}
