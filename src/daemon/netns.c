// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The daemon's world of nets, as the network namespaces of one machine
 * (net/core/net_namespace.c, fs/nsfs.c):
 *
 *   nets     the initial one, held by the daemon for its lifetime, and
 *            one per unshare(CLONE_NEWNET) or `ip netns add`, each from
 *            the daemon's kernel profile with a seed of its own (the
 *            core derives it from the net's id).  A net lives while
 *            something holds it (struct ud_net's refs): a name, a
 *            handle, a socket in it.  Then unl_net_free() tears it down.
 *   handles  what an open /proc/PID/ns/net is: one end of a
 *            SOCK_SEQPACKET pair whose other end we keep, bound to an
 *            abstract address that names the net (wire.h, "Nets and
 *            handles"); the hang-up of our end is the last copy
 *            closing.  A carrier is the net of the process holding it.
 *   names    the files of the netns directory (`ip netns`) bound to a
 *            net, as `ip netns add` bind-mounts /proc/self/ns/net on
 *            them.  The directory is ours: it lives beside the socket,
 *            the shim shows it as /run/netns and /var/run/netns, and it
 *            goes with the daemon (its names die with the nets).
 *
 * The world's resolver answers IFLA_NET_NS_PID/FD and NETNSA_PID/FD:
 * a pid's net is the one its carrier names (found among its
 * descriptors), else the initial net; a descriptor of the caller's is a
 * handle of ours or a bound file of the netns directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/magic.h>

#include <unetlink/profile.h>

#include "daemon/daemon-private.h"

/* ---- nets ---------------------------------------------------------- */

/* A new net of the world with one reference, the caller's. */
static int net_make(struct ud_daemon *d, struct ud_net **out)
{
	struct unl_net_config nc = { .profile = d->cfg->profile };
	struct ud_net *n = calloc(1, sizeof(*n));
	int err;

	if (!n)
		return -ENOMEM;
	err = unl_net_new_in(d->world, &nc, &n->net);
	if (err) {
		free(n);
		return err;
	}
	ud_replay_net_made(d, n);
	n->id = unl_net_id(n->net);
	n->refs = 1;
	n->prev = d->nets_tail;
	if (d->nets_tail)
		d->nets_tail->next = n;
	else
		d->nets = n;
	d->nets_tail = n;
	d->nnets++;
	ud_capture_net_made(d, n);
	ud_log(d, 2, "net %" PRIu64 " made", n->id);
	*out = n;
	return 0;
}

void ud_net_hold(struct ud_net *n)
{
	n->refs++;
}

/* Linux's put_net(): the last reference tears the net down. */
void ud_net_put(struct ud_daemon *d, struct ud_net *n)
{
	if (--n->refs)
		return;
	if (n->prev)
		n->prev->next = n->next;
	else
		d->nets = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		d->nets_tail = n->prev;
	d->nnets--;
	ud_log(d, 2, "net %" PRIu64 " freed", n->id);
	unl_net_free(n->net);
	free(n);
}

static bool capable(const struct ud_conn *c, int cap)
{
	return c->cred.caps & UNL_CAP(cap);
}

/* ---- handles -------------------------------------------------------- */

/* Give out a handle of n: *client_fd is the client's end (close-on-exec
 * until the client says otherwise). */
static int nsh_new(struct ud_daemon *d, struct ud_net *n, bool carrier,
		   int *client_fd)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ud_nsh *h = calloc(1, sizeof(*h));
	int sv[2] = { -1, -1 }, len, err;
	struct stat st;
	socklen_t l;

	if (!h)
		return -ENOMEM;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		goto fail_errno;
	len = snprintf(sa.sun_path + 1, sizeof(sa.sun_path) - 1,
		       UNL_NS_ADDR_PREFIX "%" PRIx64 "/%c/%d.%" PRIu64, n->id,
		       carrier ? 'c' : 'h', (int)getpid(), ++d->nsh_serial);
	if (bind(sv[0], (struct sockaddr *)&sa,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			     (size_t)len)) < 0 ||
	    fcntl(sv[0], F_SETFL, O_NONBLOCK) < 0)
		goto fail_errno;
	l = sizeof(h->cookie);
	if (getsockopt(sv[1], SOL_SOCKET, SO_COOKIE, &h->cookie, &l) < 0 ||
	    fstat(sv[1], &st) < 0)
		goto fail_errno;
	h->ino = st.st_ino;
	h->h.kind = UD_NSH;
	h->d = d;
	h->fd = sv[0];
	h->net = n;
	h->carrier = carrier;
	err = ud_map_put(&d->nsh_by_cookie, h->cookie, h);
	if (!err) {
		err = ud_map_put(&d->nsh_by_ino, h->ino, h);
		if (err)
			ud_map_del(&d->nsh_by_cookie, h->cookie);
	}
	if (!err) {
		err = ud_epoll_set(d, h->fd, &h->h, EPOLLRDHUP, true);
		if (err) {
			ud_map_del(&d->nsh_by_cookie, h->cookie);
			ud_map_del(&d->nsh_by_ino, h->ino);
		}
	}
	if (err)
		goto fail;
	h->next = d->nshs;
	if (d->nshs)
		d->nshs->prev = h;
	d->nshs = h;
	d->nnsh++;
	ud_net_hold(n);
	n->nhandles++;
	*client_fd = sv[1];
	return 0;

fail_errno:
	err = -errno;
fail:
	if (sv[0] >= 0)
		close(sv[0]);
	if (sv[1] >= 0)
		close(sv[1]);
	free(h);
	return err;
}

int ud_nsh_give(struct ud_daemon *d, struct ud_net *n, int *client_fd)
{
	return nsh_new(d, n, false, client_fd);
}

/* The last copy of the client's end closed: the net loses a holder. */
static void nsh_close(struct ud_nsh *h)
{
	struct ud_daemon *d = h->d;

	if (h->closed)
		return;
	h->closed = true;
	epoll_ctl(d->epfd, EPOLL_CTL_DEL, h->fd, NULL);
	close(h->fd);
	h->fd = -1;
	ud_map_del(&d->nsh_by_cookie, h->cookie);
	ud_map_del(&d->nsh_by_ino, h->ino);
	if (h->prev)
		h->prev->next = h->next;
	else
		d->nshs = h->next;
	if (h->next)
		h->next->prev = h->prev;
	d->nnsh--;
	if (!d->nconns && !d->nserved && !d->nnsh)
		d->idle_since_ns = ud_now_ns();
	h->net->nhandles--;
	ud_net_put(d, h->net);
	h->net = NULL;
	h->grave = d->grave_nsh;
	d->grave_nsh = h;
}

void ud_nsh_event(struct ud_nsh *h, uint32_t events)
{
	if (events & (EPOLLHUP | EPOLLRDHUP | EPOLLERR))
		nsh_close(h);
}

void ud_nsh_free(struct ud_nsh *h)
{
	free(h);
}

struct ud_net *ud_net_of_passed(struct ud_daemon *d, int fd, int *err)
{
	uint64_t cookie = 0;
	socklen_t l = sizeof(cookie);
	struct ud_nsh *h = NULL;

	/* The socket, not the descriptor, has the cookie: a dup, or a copy
	 * inherited or passed on, finds the same handle. */
	if (getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &l) == 0 && cookie)
		h = ud_map_get(&d->nsh_by_cookie, cookie);
	close(fd);
	if (!h || h->closed) {
		/* setns() on a descriptor that is no namespace's */
		*err = -EINVAL;
		return NULL;
	}
	return h->net;
}

/* ---- whose net ---------------------------------------------------- */

/*
 * The net of process pid: the one its carrier names, found among its
 * descriptors as /proc shows them (socket:[INODE]); a process holding
 * none (it never moved, or it is no client of ours) is in the initial
 * net, as every process of the machine is in Linux's until it moves.
 * NULL with -ESRCH when there is no such process.
 */
static struct ud_net *pid_net(struct ud_daemon *d, pid_t pid, int *err)
{
	struct ud_net *found = NULL;
	struct dirent *e;
	char path[64];
	DIR *dir;

	if (pid <= 0) {
		*err = -ESRCH;
		return NULL;
	}
	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	dir = opendir(path);
	if (!dir) {
		if (errno == ENOENT) {
			*err = -ESRCH;
			return NULL;
		}
		/* Not ours to look at (another user's): it holds no
		 * carrier it could have had from us. */
		return d->init;
	}
	while (!found && (e = readdir(dir))) {
		char link[64];
		unsigned long long ino;
		struct ud_nsh *h;
		ssize_t k = readlinkat(dirfd(dir), e->d_name, link,
				       sizeof(link) - 1);

		if (k <= 0)
			continue;
		link[k] = '\0';
		if (sscanf(link, "socket:[%llu]", &ino) != 1 || !ino)
			continue;
		h = ud_map_get(&d->nsh_by_ino, ino);
		if (h && h->carrier && !h->closed)
			found = h->net;
	}
	closedir(dir);
	return found ? found : d->init;
}

/* ---- names of the netns directory ---------------------------------- */

/* A name as `ip netns` accepts it (invalid_name() there): one path
 * component.  Copied, NUL-terminated, into buf (NAME_MAX + 1). */
static int name_take(const unsigned char *p, size_t len, char *buf)
{
	if (!len || len > NAME_MAX || memchr(p, '/', len) ||
	    memchr(p, '\0', len))
		return -EINVAL;
	memcpy(buf, p, len);
	buf[len] = '\0';
	if (!strcmp(buf, ".") || !strcmp(buf, ".."))
		return -EINVAL;
	return 0;
}

static int name_path(const struct ud_daemon *d, const char *name, char *buf,
		     size_t len)
{
	int n;

	if (!d->netns_dir[0])
		return -ENOENT;
	n = snprintf(buf, len, "%s/%s", d->netns_dir, name);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* FNV-1a: the key of a name in d->names_by_name (0 means empty there). */
static uint64_t name_key(const char *name)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * UINT64_C(0x100000001b3);
	return h ? h : 1;
}

/* The names of one key form a chain from the map's entry, linked
 * through the member at off. */
static struct ud_nsname **chain_of(struct ud_nsname *nm, size_t off)
{
	return (struct ud_nsname **)((char *)nm + off);
}

static int chain_add(struct ud_map *m, uint64_t key, struct ud_nsname *nm,
		     size_t off)
{
	*chain_of(nm, off) = ud_map_get(m, key);
	return ud_map_put(m, key, nm);
}

static void chain_del(struct ud_map *m, uint64_t key, struct ud_nsname *nm,
		      size_t off)
{
	struct ud_nsname *p = ud_map_get(m, key), *next = *chain_of(nm, off);

	if (p == nm) {
		/* replacing a key's value never fails */
		if (next)
			ud_map_put(m, key, next);
		else
			ud_map_del(m, key);
		return;
	}
	for (; p; p = *chain_of(p, off))
		if (*chain_of(p, off) == nm) {
			*chain_of(p, off) = next;
			return;
		}
}

static void name_unbind(struct ud_daemon *d, struct ud_nsname *nm)
{
	struct ud_net *n = nm->net;

	chain_del(&d->names_by_name, nm->name_key, nm,
		  offsetof(struct ud_nsname, name_chain));
	chain_del(&d->names_by_ino, (uint64_t)nm->ino, nm,
		  offsetof(struct ud_nsname, ino_chain));
	if (nm->prev)
		nm->prev->next = nm->next;
	else
		d->names = nm->next;
	if (nm->next)
		nm->next->prev = nm->prev;
	else
		d->names_tail = nm->prev;
	if (nm->net_prev)
		nm->net_prev->net_next = nm->net_next;
	else
		n->names = nm->net_next;
	if (nm->net_next)
		nm->net_next->net_prev = nm->net_prev;
	else
		n->names_tail = nm->net_prev;
	free(nm);
	ud_net_put(d, n);
}

/* The binding of name, if its file is still the one it was bound on
 * (a file removed or replaced behind our back drops it). */
static struct ud_nsname *name_find(struct ud_daemon *d, const char *name)
{
	uint64_t key = name_key(name);
	struct ud_nsname *nm = ud_map_get(&d->names_by_name, key);
	char path[PATH_MAX];
	struct stat st;

	while (nm && strcmp(nm->name, name))
		nm = nm->name_chain;
	if (!nm)
		return NULL;
	if (name_path(d, name, path, sizeof(path)) == 0 &&
	    lstat(path, &st) == 0 && st.st_dev == nm->dev &&
	    st.st_ino == nm->ino)
		return nm;
	name_unbind(d, nm);
	return NULL;
}

/* The binding on the file (dev, ino), if any. */
static struct ud_nsname *name_of_file(struct ud_daemon *d, dev_t dev,
				      ino_t ino)
{
	struct ud_nsname *nm = ud_map_get(&d->names_by_ino, (uint64_t)ino);

	while (nm && (nm->dev != dev || nm->ino != ino))
		nm = nm->ino_chain;
	return nm;
}

/* Into the indexes and the lists, at their ends. */
static int name_link(struct ud_daemon *d, struct ud_nsname *nm)
{
	struct ud_net *n = nm->net;
	int err;

	nm->name_key = name_key(nm->name);
	err = chain_add(&d->names_by_name, nm->name_key, nm,
			offsetof(struct ud_nsname, name_chain));
	if (err)
		return err;
	/* an inode 0 no file has: keep it out of the map */
	err = nm->ino ? chain_add(&d->names_by_ino, (uint64_t)nm->ino, nm,
				  offsetof(struct ud_nsname, ino_chain))
		      : 0;
	if (err) {
		chain_del(&d->names_by_name, nm->name_key, nm,
			  offsetof(struct ud_nsname, name_chain));
		return err;
	}
	nm->next = NULL;
	nm->prev = d->names_tail;
	if (d->names_tail)
		d->names_tail->next = nm;
	else
		d->names = nm;
	d->names_tail = nm;
	nm->net_next = NULL;
	nm->net_prev = n->names_tail;
	if (n->names_tail)
		n->names_tail->net_next = nm;
	else
		n->names = nm;
	n->names_tail = nm;
	return 0;
}

/* Bind name (an existing regular file of the directory) to n, over any
 * earlier binding, as a mount over a mount hides it. */
static int name_bind(struct ud_daemon *d, const char *name, struct ud_net *n)
{
	struct ud_nsname *old = name_find(d, name), *nm;
	char path[PATH_MAX];
	struct stat st;
	int err = name_path(d, name, path, sizeof(path));

	if (err)
		return err;
	if (lstat(path, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	nm = calloc(1, sizeof(*nm) + strlen(name) + 1);
	if (!nm)
		return -ENOMEM;
	/* hold n first: the old binding may be its last holder */
	ud_net_hold(n);
	if (old)
		name_unbind(d, old);
	strcpy(nm->name, name);
	nm->net = n;
	nm->dev = st.st_dev;
	nm->ino = st.st_ino;
	/* In binding order, which `unetlink netns list` keeps. */
	err = name_link(d, nm);
	if (err) {
		free(nm);
		ud_net_put(d, n);
	}
	return err;
}

static void netns_dir_remove(struct ud_daemon *d)
{
	struct dirent *e;
	DIR *dir;

	if (!d->netns_dir[0])
		return;
	dir = opendir(d->netns_dir);
	while (dir && (e = readdir(dir)))
		if (e->d_type == DT_REG || e->d_type == DT_UNKNOWN)
			unlinkat(dirfd(dir), e->d_name, 0);
	if (dir)
		closedir(dir);
	rmdir(d->netns_dir);
}

/* The directory's path, beside the socket.  It does not exist until a
 * name is made (`ip netns add` makes it, as it makes /run/netns on a
 * fresh machine; a program that finds no directory, such as `ip
 * monitor` resolving nsids, looks again later).  A dead daemon's
 * directory is removed: its names named nets that are gone. */
static int netns_dir_setup(struct ud_daemon *d)
{
	const char *slash = strrchr(d->path, '/');
	struct stat st;
	int n;

	if (!d->path[0])
		return 0;
	n = slash ? snprintf(d->netns_dir, sizeof(d->netns_dir), "%.*s/netns",
			     (int)(slash - d->path), d->path)
		  : snprintf(d->netns_dir, sizeof(d->netns_dir), "netns");
	if (n < 0 || (size_t)n >= sizeof(d->netns_dir)) {
		d->netns_dir[0] = '\0';
		return -ENAMETOOLONG;
	}
	if (lstat(d->netns_dir, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid()) {
		ud_log(d, 0, "%s: not a directory of ours: no netns names",
		       d->netns_dir);
		d->netns_dir[0] = '\0';
		return 0;
	}
	netns_dir_remove(d);
	return 0;
}

/* The directory, for a name the daemon makes itself. */
static int netns_dir_make(struct ud_daemon *d)
{
	if (!d->netns_dir[0])
		return -ENOENT;
	if (mkdir(d->netns_dir, 0755) == 0)
		return chmod(d->netns_dir, 0755) < 0 ? -errno : 0;
	return errno == EEXIST ? 0 : -errno;
}

/* ---- the world's resolver ----------------------------------------- */

/* cgroupstats_build()'s test of the caller's descriptor at path (st):
 * 0 for a directory of a cgroup v1 hierarchy, else -EINVAL. */
static int cgroup_v1_dir(const char *path, const struct stat *st)
{
	struct statfs sfs;

	if (!S_ISDIR(st->st_mode) || statfs(path, &sfs) < 0 ||
	    sfs.f_type != CGROUP_SUPER_MAGIC)
		return -EINVAL;
	return 0;
}

/* get_net_ns_by_pid() and get_net_ns_by_fd() for a request of who, and
 * what kind of file one of its descriptors is (CGROUPSTATS_CMD_GET's
 * cgroup directory, handshake's socket). */
static struct unl_net *resolve(struct unl_world *w, const struct unl_cred *who,
			       int kind, uint32_t value, int *err, void *user)
{
	struct ud_daemon *d = user;
	struct ud_net *n;
	struct ud_nsh *h;
	char path[64];
	struct stat st;

	(void)w;
	if (kind == UNL_NETNS_BY_PID) {
		n = pid_net(d, (pid_t)value, err);
		return n ? n->net : NULL;
	}
	/* A descriptor of the caller's: it waits for our answer, so its
	 * table holds still. */
	snprintf(path, sizeof(path), "/proc/%d/fd/%u", (int)who->pid, value);
	if (who->pid <= 0 || value > INT32_MAX || stat(path, &st) < 0) {
		*err = -EBADF;
		return NULL;
	}
	if (kind == UNL_CGROUP_BY_FD) {
		*err = cgroup_v1_dir(path, &st);
		return NULL;
	}
	if (kind == UNL_SOCKET_BY_FD) {
		*err = S_ISSOCK(st.st_mode) ? 0 : -ENOTSOCK;
		return NULL;
	}
	if (S_ISSOCK(st.st_mode)) {
		h = ud_map_get(&d->nsh_by_ino, st.st_ino);
		if (h && !h->closed)
			return h->net->net;
	}
	if (S_ISREG(st.st_mode)) {
		struct ud_nsname *nm = name_of_file(d, st.st_dev, st.st_ino);

		if (nm)
			return nm->net->net;
	}
	*err = -EINVAL;
	return NULL;
}

/* ---- set up and tear down ----------------------------------------- */

int ud_nets_setup(struct ud_daemon *d)
{
	int err = unl_world_new(&d->world);

	if (err)
		return err;
	if (d->cfg->replay_path) {
		err = ud_replay_load(d, d->cfg->replay_path);
		if (err)
			return err;
	}
	err = net_make(d, &d->init);
	if (err)
		return err;
	d->net = d->init->net;
	unl_world_set_resolver(d->world, resolve, d);
	ud_fault_setup(d);
	ud_sockdiag_init(d);
	return 0;
}

int ud_nets_listening(struct ud_daemon *d)
{
	return netns_dir_setup(d);
}

void ud_nets_teardown(struct ud_daemon *d)
{
	while (d->nshs)
		nsh_close(d->nshs);
	while (d->names)
		name_unbind(d, d->names);
	netns_dir_remove(d);
	if (d->init) {
		d->net = NULL;
		ud_net_put(d, d->init);
		d->init = NULL;
	}
	/* Nothing else may hold one now; whatever does is a leak the
	 * world's end takes care of. */
	while (d->nets) {
		struct ud_net *n = d->nets;

		ud_log(d, 0, "net %" PRIu64 " still held at exit", n->id);
		n->refs = 1;
		ud_net_put(d, n);
	}
	unl_world_free(d->world);
	d->world = NULL;
	ud_map_free(&d->nsh_by_cookie);
	ud_map_free(&d->nsh_by_ino);
	ud_map_free(&d->names_by_name);
	ud_map_free(&d->names_by_ino);
}

/* ---- the NS ops ----------------------------------------------------- */

/* A reply naming net n, with the client's end of a handle (or none). */
static void reply_net(struct ud_conn *c, struct ud_net *n, int fd)
{
	uint64_t id = n->id;

	ud_reply(c, 0, &id, sizeof(id), fd >= 0 ? &fd : NULL, fd >= 0);
}

/* The net a0 names (NS_OPEN, NS_BIND, NS_QUERY); consumes the passed
 * descriptor. */
static struct ud_net *source(struct ud_conn *c, const struct unl_wire_req *req,
			     const char *name, int fd, int *err)
{
	struct ud_daemon *d = c->d;
	struct ud_nsname *nm;

	switch (req->a0) {
	case UNL_NS_BY_HANDLE:
		if (fd < 0)
			return d->init;
		return ud_net_of_passed(d, fd, err);
	case UNL_NS_BY_PID:
		return pid_net(d, (pid_t)req->a1, err);
	case UNL_NS_BY_NAME:
		nm = name && *name ? name_find(d, name) : NULL;
		if (!nm) {
			*err = -ENOENT;
			return NULL;
		}
		return nm->net;
	}
	*err = -EINVAL;
	return NULL;
}

/* NS_OPEN, NS_SETNS, NS_UNSHARE: a handle for the client. */
static void op_handle(struct ud_conn *c, const struct unl_wire_req *req,
		      const char *name, int fd)
{
	struct ud_daemon *d = c->d;
	struct ud_net *n = NULL, *made = NULL;
	int err = 0, cfd = -1;

	switch (req->op) {
	case UNL_OP_NS_OPEN:
		n = source(c, req, name, fd, &err);
		break;
	case UNL_OP_NS_SETNS:
		/* netns_install(): CAP_SYS_ADMIN over the net's user
		 * namespace and the caller's own */
		n = fd >= 0 ? ud_net_of_passed(d, fd, &err) : NULL;
		if (fd < 0)
			err = -EBADF;
		if (n && !(ud_capable(c, n, CAP_SYS_ADMIN) &&
			   ud_capable(c, NULL, CAP_SYS_ADMIN))) {
			n = NULL;
			err = -EPERM;
		}
		break;
	case UNL_OP_NS_UNSHARE:
		if (fd >= 0)
			close(fd);
		/* CAP_SYS_ADMIN in the caller's user namespace, which
		 * owns the new net (copy_net_ns()) */
		if (!ud_capable(c, NULL, CAP_SYS_ADMIN))
			err = -EPERM;
		else
			err = net_make(d, &made);
		if (made)
			ud_net_owner_set(c, made);
		n = made;
		break;
	}
	if (n)
		err = nsh_new(d, n, req->op != UNL_OP_NS_OPEN && req->a0 == 1,
			      &cfd);
	if (err)
		ud_reply(c, err, NULL, 0, NULL, 0);
	else
		reply_net(c, n, cfd);
	if (made)
		ud_net_put(d, made); /* the handle holds it now, if any */
}

static void op_bind(struct ud_conn *c, const struct unl_wire_req *req,
		    const char *name, int fd)
{
	struct ud_net *n;
	int err = 0;

	if (!capable(c, CAP_SYS_ADMIN)) {
		if (fd >= 0)
			close(fd);
		ud_reply(c, -EPERM, NULL, 0, NULL, 0);
		return;
	}
	n = req->a0 == UNL_NS_BY_NAME ? NULL : source(c, req, NULL, fd, &err);
	if (n)
		err = name_bind(c->d, name, n);
	else if (!err)
		err = -EINVAL;
	if (err)
		ud_reply(c, err, NULL, 0, NULL, 0);
	else
		reply_net(c, n, -1);
}

/* `ip netns add` and `ip netns delete` in one step each (the tool). */
static int name_add(struct ud_daemon *d, const char *name, struct ud_net **np)
{
	char path[PATH_MAX];
	struct ud_net *n;
	int fd, err = name_path(d, name, path, sizeof(path));

	if (!err)
		err = netns_dir_make(d);
	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	close(fd);
	err = net_make(d, &n);
	if (!err) {
		err = name_bind(d, name, n);
		ud_net_put(d, n);
	}
	if (err) {
		unlink(path);
		return err;
	}
	*np = n;
	return 0;
}

static int name_del(struct ud_daemon *d, const char *name)
{
	struct ud_nsname *nm = name_find(d, name);
	char path[PATH_MAX];
	int err = name_path(d, name, path, sizeof(path));

	if (err)
		return err;
	if (nm)
		name_unbind(d, nm);
	return unlink(path) < 0 ? -errno : 0;
}

static void op_name(struct ud_conn *c, const struct unl_wire_req *req,
		    const char *name)
{
	struct ud_daemon *d = c->d;
	struct ud_nsname *nm;
	struct ud_net *n = NULL;
	int err = 0;

	switch (req->op) {
	case UNL_OP_NS_UNBIND:
		/* umount2() of a file nothing is mounted on: EINVAL */
		if (!capable(c, CAP_SYS_ADMIN))
			err = -EPERM;
		else if (!(nm = name_find(d, name)))
			err = -EINVAL;
		else
			name_unbind(d, nm);
		ud_reply(c, err, NULL, 0, NULL, 0);
		return;
	case UNL_OP_NS_ADD:
		err = capable(c, CAP_SYS_ADMIN) ? name_add(d, name, &n) : -EPERM;
		break;
	case UNL_OP_NS_DEL:
		err = capable(c, CAP_SYS_ADMIN) ? name_del(d, name) : -EPERM;
		if (!err) {
			ud_reply(c, 0, NULL, 0, NULL, 0);
			return;
		}
		break;
	}
	if (err)
		ud_reply(c, err, NULL, 0, NULL, 0);
	else
		reply_net(c, n, -1);
}

void ud_ns_op(struct ud_conn *c, const struct unl_wire_req *req,
	      const unsigned char *payload, size_t plen, int *fds, int nfds)
{
	char name[NAME_MAX + 1] = "";
	bool mounts = req->op == UNL_OP_NS_BIND || req->op == UNL_OP_NS_UNBIND;
	bool named = mounts || req->op == UNL_OP_NS_ADD ||
		     req->op == UNL_OP_NS_DEL || req->a0 == UNL_NS_BY_NAME;
	int fd = nfds ? fds[0] : -1, err;

	for (int i = 1; i < nfds; i++)
		close(fds[i]);
	if (req->op == UNL_OP_NS_LIST) {
		if (fd >= 0)
			close(fd);
		ud_reply_pages(c, req, &c->nslist,
			       sizeof(struct unl_wire_nsinfo), ud_ns_snapshot);
		return;
	}
	/* may_mount() comes before anything else; with no name, that is
	 * all the caller asks (a mount on the directory itself) */
	if (mounts && (!plen || !capable(c, CAP_SYS_ADMIN))) {
		if (fd >= 0)
			close(fd);
		ud_reply(c, capable(c, CAP_SYS_ADMIN) ? 0 : -EPERM, NULL, 0,
			 NULL, 0);
		return;
	}
	if (named && req->op != UNL_OP_NS_SETNS &&
	    req->op != UNL_OP_NS_UNSHARE) {
		err = name_take(payload, plen, name);
		if (err) {
			if (fd >= 0)
				close(fd);
			ud_reply(c, err, NULL, 0, NULL, 0);
			return;
		}
	}
	switch (req->op) {
	case UNL_OP_NS_OPEN:
	case UNL_OP_NS_SETNS:
	case UNL_OP_NS_UNSHARE:
		op_handle(c, req, name, fd);
		return;
	case UNL_OP_NS_BIND:
		op_bind(c, req, name, fd);
		return;
	}
	if (fd >= 0)
		close(fd);
	if (req->op == UNL_OP_NS_QUERY) {
		struct ud_net *n = source(c, req, name, -1, &err);

		if (n)
			reply_net(c, n, -1);
		else
			ud_reply(c, err, NULL, 0, NULL, 0);
		return;
	}
	op_name(c, req, name);
}

/* ---- listing -------------------------------------------------------- */

int ud_ns_snapshot(struct ud_daemon *d, struct ud_pages *pg)
{
	struct unl_wire_nsinfo *v = NULL;
	size_t cnt = 0, cap = 0;

	for (struct ud_net *net = d->nets; net; net = net->next) {
		bool named = false;
		struct ud_nsname *nm = net->names;

		/* one entry per name, or one for a net without */
		for (;;) {
			if (!nm && named)
				break;
			if (cnt == cap) {
				size_t ncap = cap ? cap * 2 : 16;
				struct unl_wire_nsinfo *p =
					realloc(v, ncap * sizeof(*p));

				if (!p) {
					free(v);
					return -ENOMEM;
				}
				v = p;
				cap = ncap;
			}
			memset(&v[cnt], 0, sizeof(v[cnt]));
			v[cnt].id = net->id;
			v[cnt].flags = net == d->init ? UNL_NSINFO_INITIAL : 0;
			v[cnt].sockets = net->nsocks;
			v[cnt].handles = net->nhandles;
			if (nm)
				snprintf(v[cnt].name, sizeof(v[cnt].name), "%s",
					 nm->name);
			cnt++;
			named = true;
			if (!nm)
				break;
			nm = nm->net_next;
		}
	}
	pg->items = v;
	pg->n = cnt;
	return 0;
}
