// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The seccomp front end in pass-through mode (`unetlink record --kernel`
 * of a program no preload reaches: static, or Go; docs/record.md): the
 * program's netlink sockets are the kernel's, and every datagram it sends
 * to the kernel or receives is written down as the pass-through shim
 * writes it (src/shim/passthrough.c), one line per datagram, so the tool
 * makes the same recording of both.
 *
 * The filter traps socket(AF_NETLINK), the calls that move data and the
 * calls that copy a descriptor (dup, dup2, dup3, fcntl(F_DUPFD)) on a
 * descriptor of the reserved range, and every recvmsg() (a netlink
 * socket may come with SCM_RIGHTS: pt-recv.c).  socket() is made here,
 * in the caller's net (a thread of ours enters it when it is not ours),
 * and put in the range (SECCOMP_IOCTL_NOTIF_ADDFD): every later call on
 * it traps by its number, with no table here; so does a copy, which
 * dup() and F_DUPFD put in the range too.  Everything else (bind,
 * setsockopt, close ...) the kernel runs as the program's, untrapped.
 *
 * A send is read from the program's memory and written down, then let go
 * on (SECCOMP_USER_NOTIF_FLAG_CONTINUE): the kernel runs it as the
 * program, whose capabilities it checks.  A receive is looked at first:
 * the supervisor peeks (MSG_PEEK) at the head of the socket's queue
 * through its own copy of the descriptor (pidfd_getfd()), writes the
 * datagram down (as much of it as the program's buffer takes), and lets
 * the program's call go on, which takes that same datagram.  A receive
 * that would wait waits here, parked, until the socket has data (or the
 * program's call is gone: a signal interrupted it).  A program's own
 * peek is not written down: the receive that follows is.  recvmmsg(),
 * which may take several datagrams, is done here (pt-recv.c).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>

#include "core/vec.h"
#include "seccomp/pt-private.h"
#include "seccomp/sc-private.h"
#include "seccomp/seccomp.h"

#if defined(__x86_64__)
#define PT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define PT_ARCH AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define PT_ARCH AUDIT_ARCH_RISCV64
#endif

#if __BYTE_ORDER == __LITTLE_ENDIAN
#define PT_ARG_LO(i) offsetof(struct seccomp_data, args[i])
#else
#define PT_ARG_LO(i) (offsetof(struct seccomp_data, args[i]) + 4)
#endif

/* The calls that move a datagram or copy a descriptor, trapped on a
 * descriptor of the range (recvmsg() and recvmmsg() trap on any: a unix
 * socket's may bring a netlink socket). */
static const int range_calls[] = {
	__NR_sendto, __NR_sendmsg, __NR_sendmmsg, __NR_recvfrom,
	__NR_read, __NR_write, __NR_readv,
	__NR_writev, __NR_dup, __NR_dup3,
#ifdef __NR_dup2
	__NR_dup2,
#endif
};
#define N_RANGE (sizeof(range_calls) / sizeof(range_calls[0]))
/* The instructions of the filter but for its inherited sockets': two
 * each (pt_build()); with more than BPF_MAXINSNS allows, every call of
 * range_calls is trapped instead (the supervisor lets those on
 * descriptors of no netlink socket of before go on). */
#define PT_PROG_FIXED (3 + 5 + N_RANGE + 1 + 4 + 4 + 4 + 1)

static struct sock_filter pt_jeq(uint32_t k, size_t at, size_t to)
{
	return (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k,
					    (uint8_t)(to - at - 1), 0);
}

/*
 *   arch != ours          -> ALLOW
 *   nr == socket          -> arg0 == AF_NETLINK ? NOTIFY : ALLOW
 *   nr == recvmsg         -> NOTIFY
 *   nr == recvmmsg        -> NOTIFY
 *   nr == fcntl           -> arg1 is F_DUPFD(_CLOEXEC) ? (range) : ALLOW
 *   nr in range_calls     -> (range) base <= arg0 < base + RANGE, or
 *                                    arg0 is an inherited netlink
 *                                    socket's number ? NOTIFY : ALLOW
 *   else                  -> ALLOW
 * The inherited sockets come last, each a test and its NOTIFY, so no
 * jump crosses them (a jump reaches 255 instructions at most), however
 * many there are.  all (inh unused): every call of range_calls but on
 * chan -> NOTIFY (the child sends the listener over chan once the
 * filter is on; chan is close-on-exec, and no netlink socket of the
 * program can come to its number: socket(), SCM_RIGHTS and dup2() put
 * them in the range).
 */
static size_t pt_build(struct sock_filter *p, int base, const int *inh,
		       size_t n_inh, bool all, int chan)
{
	size_t n = 0, head = 0, socket_at, fcntl_at, range_at, notify_at;

#ifdef PT_ARCH
	head = 3;
	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, arch));
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		PT_ARCH, 1, 0);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW);
#endif
	socket_at = head + 5 + N_RANGE + 1;
	fcntl_at = socket_at + 4;
	range_at = fcntl_at + 4;
	notify_at = range_at + 2 + !all;
	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, nr));
	p[n] = pt_jeq(__NR_socket, n, socket_at);
	n++;
	p[n] = pt_jeq(__NR_recvmsg, n, notify_at);
	n++;
	p[n] = pt_jeq(__NR_recvmmsg, n, notify_at);
	n++;
	p[n] = pt_jeq(__NR_fcntl, n, fcntl_at);
	n++;
	for (size_t i = 0; i < N_RANGE; i++, n++)
		p[n] = pt_jeq((uint32_t)range_calls[i], n, range_at);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW);
	/* socket_at */
	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		PT_ARG_LO(0));
	p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		AF_NETLINK, 0, 1);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_USER_NOTIF);
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW);
	/* fcntl_at */
	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		PT_ARG_LO(1));
	p[n] = pt_jeq(F_DUPFD, n, range_at);
	n++;
	p[n] = pt_jeq(F_DUPFD_CLOEXEC, n, range_at);
	n++;
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW);
	/* range_at: out of the range, the inherited ones */
	p[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		PT_ARG_LO(0));
	if (all) {
		p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			(uint32_t)chan, 1, 0);
	} else {
		p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
			(uint32_t)base, 0, 2);
		p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
			(uint32_t)base + UNL_SC_RANGE, 1, 0);
	}
	/* notify_at */
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_USER_NOTIF);
	for (size_t i = 0; !all && i < n_inh; i++) {
		p[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			(uint32_t)inh[i], 0, 1);
		p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
			SECCOMP_RET_USER_NOTIF);
	}
	p[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW);
	return n;
}

/* What goes over chan first, with the listener: then n ints. */
struct pt_start_head {
	int base;
	uint32_t n_inherited;
};

static int send_all(int chan, const void *p, size_t len)
{
	const char *b = p;

	while (len) {
		ssize_t k = send(chan, b, len, MSG_NOSIGNAL);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		b += k;
		len -= (size_t)k;
	}
	return 0;
}

static int recv_all(int chan, void *p, size_t len)
{
	char *b = p;

	while (len) {
		ssize_t k = recv(chan, b, len, 0);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		if (k == 0)
			return -EPROTO;
		b += k;
		len -= (size_t)k;
	}
	return 0;
}

static int send_listener(int chan, int listener, int base, const int *inh,
			 size_t n_inh)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm;
	struct pt_start_head head = { .base = base,
				      .n_inherited = (uint32_t)n_inh };
	struct iovec v = { &head, sizeof(head) };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
			    .msg_control = cm.buf,
			    .msg_controllen = sizeof(cm.buf) };
	ssize_t k;

	memset(&cm, 0, sizeof(cm));
	cm.h.cmsg_level = SOL_SOCKET;
	cm.h.cmsg_type = SCM_RIGHTS;
	cm.h.cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(&cm.h), &listener, sizeof(int));
	do
		k = sendmsg(chan, &m, MSG_NOSIGNAL);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return -errno;
	if (k != (ssize_t)sizeof(head))
		return -EPROTO;
	return send_all(chan, inh, n_inh * sizeof(*inh));
}

/* Whether fd is a netlink socket the program will have from its start
 * (open, not close-on-exec) and out of the range (whose calls are
 * trapped anyway). */
static bool pt_inherits(int fd, int base)
{
	int fl = fcntl(fd, F_GETFD), domain = 0;
	socklen_t l = sizeof(domain);

	return (fd < base || fd >= base + UNL_SC_RANGE) && fl >= 0 &&
	       !(fl & FD_CLOEXEC) &&
	       !getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &l) &&
	       domain == AF_NETLINK;
}

static int pt_add(int **inh, size_t *n, size_t *cap, int fd)
{
	if (unl_vec_reserve(inh, cap, *n + 1, sizeof(**inh)))
		return -ENOMEM;
	(*inh)[(*n)++] = fd;
	return 0;
}

/* Those netlink sockets, however many, wherever their numbers are:
 * their numbers in *inh (malloc'd, the caller's).  How many, or -errno.
 * /proc/self/fd lists the open ones; without /proc, every number below
 * the soft RLIMIT_NOFILE is looked at. */
static ssize_t pt_inherited(int base, int **inh)
{
	DIR *dir = opendir("/proc/self/fd");
	size_t n = 0, cap = 0;
	int err = 0;

	*inh = NULL;
	if (dir) {
		struct dirent *de;

		while (!err && (de = readdir(dir))) {
			int fd = atoi(de->d_name);

			if (de->d_name[0] != '.' && fd != dirfd(dir) &&
			    pt_inherits(fd, base))
				err = pt_add(inh, &n, &cap, fd);
		}
		closedir(dir);
	} else {
		struct rlimit rl;

		if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur > INT_MAX)
			rl.rlim_cur = INT_MAX;
		for (int fd = 0; !err && fd < (int)rl.rlim_cur; fd++)
			if (pt_inherits(fd, base))
				err = pt_add(inh, &n, &cap, fd);
	}
	if (err) {
		free(*inh);
		*inh = NULL;
		return err;
	}
	return (ssize_t)n;
}

int unl_sc_pt_child_install(int chan)
{
	struct sock_filter *insns;
	struct sock_fprog prog;
	int base = unl_sc_own_range_base(), *inh, listener, err;
	ssize_t n_inh;
	bool all;

	if (base < 0)
		return base;
	n_inh = pt_inherited(base, &inh);
	if (n_inh < 0)
		return (int)n_inh;
	all = PT_PROG_FIXED + 2 * (size_t)n_inh > BPF_MAXINSNS;
	insns = calloc(PT_PROG_FIXED + (all ? 0 : 2 * (size_t)n_inh),
		       sizeof(*insns));
	if (!insns) {
		free(inh);
		return -ENOMEM;
	}
	prog.len = (unsigned short)pt_build(insns, base, inh, (size_t)n_inh,
					    all, chan);
	prog.filter = insns;
	/* no WAIT_KILLABLE_RECV: a signal interrupts a parked receive as
	 * it interrupts one in the kernel (it is only looked at here) */
	listener = unl_sc_install_listener(&prog, 0);
	free(insns);
	if (listener < 0) {
		free(inh);
		return listener;
	}
	err = send_listener(chan, listener, base, inh, (size_t)n_inh);
	close(listener);
	free(inh);
	return err;
}

int unl_sc_pt_parent_receive(int chan, struct unl_sc_pt_start *st)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm;
	struct pt_start_head head;
	struct iovec v = { &head, sizeof(head) };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
			    .msg_control = cm.buf,
			    .msg_controllen = sizeof(cm.buf) };
	struct cmsghdr *h;
	ssize_t n;
	int err;

	memset(st, 0, sizeof(*st));
	st->listener = -1;
	do
		n = recvmsg(chan, &m, MSG_CMSG_CLOEXEC | MSG_WAITALL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	h = CMSG_FIRSTHDR(&m);
	if (!h || h->cmsg_type != SCM_RIGHTS ||
	    h->cmsg_len != CMSG_LEN(sizeof(int)))
		return n == (ssize_t)sizeof(head) ? -EPROTO : -ECHILD;
	memcpy(&st->listener, CMSG_DATA(h), sizeof(int));
	st->base = head.base;
	st->n_inherited = head.n_inherited;
	st->inherited = calloc(st->n_inherited ? st->n_inherited : 1,
			       sizeof(int));
	err = n != (ssize_t)sizeof(head) ? -EPROTO
	      : !st->inherited	       ? -ENOMEM
				       : recv_all(chan, st->inherited,
						  st->n_inherited * sizeof(int));
	if (err) {
		close(st->listener);
		unl_sc_pt_start_free(st);
		return err;
	}
	return 0;
}

void unl_sc_pt_start_free(struct unl_sc_pt_start *st)
{
	free(st->inherited);
	st->inherited = NULL;
	st->n_inherited = 0;
}

/* ---- the supervisor ---- */

int64_t pt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int pt_answer(const struct pt *s, uint64_t id, long val, bool cont)
{
	struct seccomp_notif_resp r = { .id = id };

	if (cont)
		r.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	else if (val < 0)
		r.error = (int)val;
	else
		r.val = val;
	/* ENOENT: the call is gone (a signal, or its process died) */
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SEND, &r) < 0 &&
	    errno != ENOENT)
		return -errno;
	return 0;
}

bool pt_id_valid(const struct pt *s, uint64_t id)
{
	return ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

int pt_mem_read(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	struct iovec l = { buf, len }, r = { (void *)(uintptr_t)addr, len };

	if (!len)
		return 0;
	return process_vm_readv(pid, &l, 1, &r, 1, 0) == (ssize_t)len
		       ? 0 : -EFAULT;
}

int pt_mem_write(pid_t pid, uint64_t addr, const void *buf, size_t len)
{
	struct iovec l = { (void *)buf, len },
		     r = { (void *)(uintptr_t)addr, len };

	if (!len)
		return 0;
	return process_vm_writev(pid, &l, 1, &r, 1, 0) == (ssize_t)len
		       ? 0 : -EFAULT;
}

int pt_getfd(const struct seccomp_notif *n, int fd)
{
	int pidfd = sc_pidfd_of((pid_t)n->pid), copy;

	if (pidfd < 0)
		return pidfd;
	copy = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	if (copy < 0)
		copy = -errno;
	close(pidfd);
	return copy;
}

/* The process a thread belongs to (the pid the shim writes). */
static pid_t pt_tgid(pid_t tid)
{
	char path[64], line[256];
	pid_t tgid = tid;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	fp = fopen(path, "re");
	if (!fp)
		return tid;
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	fclose(fp);
	return tgid;
}

void pt_line(const struct pt *s, const struct seccomp_notif *n,
		    int sock, bool req, unsigned group,
		    const unsigned char *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	struct sockaddr_nl sa = { 0 };
	socklen_t salen = sizeof(sa);
	int protocol = 0;
	socklen_t plen = sizeof(protocol);
	char path[64], dir[16], *line;
	struct timespec ts;
	struct stat st;
	size_t k;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)n->pid);
	if (stat(path, &st) < 0)
		st.st_ino = 0;
	getsockname(sock, (struct sockaddr *)&sa, &salen);
	getsockopt(sock, SOL_SOCKET, SO_PROTOCOL, &protocol, &plen);
	if (req)
		snprintf(dir, sizeof(dir), "req");
	else if (group)
		snprintf(dir, sizeof(dir), "rx@%u", group);
	else
		snprintf(dir, sizeof(dir), "rx");
	line = malloc(128 + 2 * len);
	if (!line)
		return;
	k = (size_t)snprintf(line, 128, "%lld %s %d %llu %u %d ",
			     (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec,
			     dir, protocol, (unsigned long long)st.st_ino,
			     sa.nl_pid, (int)pt_tgid((pid_t)n->pid));
	for (size_t i = 0; i < len; i++) {
		line[k++] = hex[data[i] >> 4];
		line[k++] = hex[data[i] & 15];
	}
	line[k++] = '\n';
	if (write(s->out, line, k) < 0) {
		/* the program must not notice */
	}
	free(line);
}

/* ---- socket() ---- */

struct pt_mksock {
	int netns, domain, type, protocol, fd, err;
};

static void *pt_mksock_in(void *arg)
{
	struct pt_mksock *m = arg;

	if (setns(m->netns, CLONE_NEWNET) < 0) {
		m->err = -errno;
		return NULL;
	}
	m->fd = socket(m->domain, m->type, m->protocol);
	m->err = m->fd < 0 ? -errno : 0;
	return NULL;
}

/* A socket in the net of thread tid: ours when it is the same, else
 * made by a thread of ours that enters it. */
static int pt_socket_in(pid_t tid, int domain, int type, int protocol)
{
	struct pt_mksock m = { .domain = domain, .type = type,
			       .protocol = protocol, .fd = -1 };
	struct stat mine, theirs;
	char path[64];
	pthread_t t;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)tid);
	if (stat("/proc/self/ns/net", &mine) == 0 && stat(path, &theirs) == 0 &&
	    mine.st_ino == theirs.st_ino && mine.st_dev == theirs.st_dev) {
		fd = socket(domain, type, protocol);
		return fd < 0 ? -errno : fd;
	}
	m.netns = open(path, O_RDONLY | O_CLOEXEC);
	if (m.netns < 0)
		return -errno;
	if (pthread_create(&t, NULL, pt_mksock_in, &m)) {
		close(m.netns);
		return -EAGAIN;
	}
	pthread_join(t, NULL);
	close(m.netns);
	return m.err ? m.err : m.fd;
}

/* fd installed in the caller at number to (SETFD), or at its lowest
 * free number (to < 0); with SEND, the call answered with the number. */
static int pt_addfd(const struct pt *s, const struct seccomp_notif *n, int fd,
		    int to, bool cloexec, bool send)
{
	struct seccomp_notif_addfd add = { .id = n->id,
					   .srcfd = (uint32_t)fd,
					   .newfd_flags = cloexec ? O_CLOEXEC
								  : 0 };
	int got;

	if (to >= 0) {
		add.flags |= SECCOMP_ADDFD_FLAG_SETFD;
		add.newfd = (uint32_t)to;
	}
	if (send)
		add.flags |= SECCOMP_ADDFD_FLAG_SEND;
	got = ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ADDFD, &add);
	return got < 0 ? -errno : got;
}

/* With send, the call is answered (or gone: ENOENT) when it returns
 * a number. */
static int pt_install_send(const struct pt *s, const struct seccomp_notif *n,
			   int fd, bool range, int min, bool cloexec, bool send)
{
	if (!range)
		return pt_addfd(s, n, fd, -1, cloexec, send);
	/* the first number of the range from min the caller has free */
	for (int to = min > s->base ? min : s->base;
	     to < s->base + UNL_SC_RANGE; to++) {
		int probe = pt_getfd(n, to);

		if (probe >= 0) {
			close(probe);
			continue;
		}
		if (probe != -EBADF)
			return probe;
		return pt_addfd(s, n, fd, to, cloexec, send);
	}
	return -EMFILE;
}

int pt_install(const struct pt *s, const struct seccomp_notif *n, int fd,
	       bool range, int min, bool cloexec)
{
	return pt_install_send(s, n, fd, range, min, cloexec, false);
}

/* socket(AF_NETLINK, ...): made here and put at a free number of the
 * range, the call answered with it. */
static int pt_socket(struct pt *s, const struct seccomp_notif *n)
{
	int type = (int)n->data.args[1];
	int sock = pt_socket_in((pid_t)n->pid, (int)n->data.args[0],
				type | SOCK_CLOEXEC, (int)n->data.args[2]);
	int got;

	if (sock < 0)
		return pt_answer(s, n->id, sock, false);
	got = pt_install_send(s, n, sock, true, 0, type & SOCK_CLOEXEC, true);
	close(sock);
	/* ENOENT: the call went away meanwhile; else it is answered */
	if (got < 0 && got != -ENOENT)
		return pt_answer(s, n->id, got, false);
	return 0;
}

/* ---- copies ---- */

/*
 * dup() and fcntl(F_DUPFD, F_DUPFD_CLOEXEC) of a netlink socket: the
 * copy goes to the range (from F_DUPFD's least number), where its calls
 * trap and are written down; a least number above the range is the
 * kernel's.  dup2() and dup3() to another number of the range are the
 * kernel's; to a number below it, where no call would trap, they are
 * refused with EBUSY, as the daemon's seccomp front end refuses them
 * (docs/conformance.md).  Bad arguments are the kernel's to refuse.
 */
static int pt_dup(struct pt *s, const struct seccomp_notif *n, int sock)
{
	const __u64 *a = n->data.args;
	int min = 0, to = (int)a[1], got;
	bool cloexec = false;

	switch (n->data.nr) {
	case __NR_fcntl:
		min = (int)a[2];
		cloexec = (int)a[1] == F_DUPFD_CLOEXEC;
		if (min < 0 || min >= s->base + UNL_SC_RANGE)
			return pt_answer(s, n->id, 0, true);
		/* fall through */
	case __NR_dup:
		got = pt_install_send(s, n, sock, true, min, cloexec, true);
		if (got < 0 && got != -ENOENT)
			return pt_answer(s, n->id, got, false);
		return 0;
	}
	if (to < 0 || (int)a[0] == to ||
	    to >= s->base ||
	    (n->data.nr == __NR_dup3 && ((int)a[2] & ~O_CLOEXEC)))
		return pt_answer(s, n->id, 0, true);
	return pt_answer(s, n->id, -EBUSY, false);
}

/* ---- sends ---- */

/* The iovecs of the caller at addr, gathered: 0, or -errno. */
static int pt_gather(pid_t pid, uint64_t addr, uint64_t cnt,
		     unsigned char **out, size_t *len)
{
	struct iovec *v = NULL, l;
	size_t total = 0;
	int err = 0;

	*out = NULL;
	*len = 0;
	if (cnt > UIO_MAXIOV)
		return -EMSGSIZE;
	if (cnt) {
		v = calloc(cnt, sizeof(*v));
		if (!v)
			return -ENOMEM;
		err = pt_mem_read(pid, addr, v, cnt * sizeof(*v));
	}
	for (size_t i = 0; !err && i < cnt; i++)
		total += v[i].iov_len;
	if (!err && total > (1u << 26))
		err = -EMSGSIZE;
	if (!err) {
		*out = malloc(total ? total : 1);
		err = *out ? 0 : -ENOMEM;
	}
	if (!err && total) {
		l = (struct iovec){ *out, total };
		if (process_vm_readv(pid, &l, 1, v, cnt, 0) != (ssize_t)total)
			err = -EFAULT;
	}
	free(v);
	if (err) {
		free(*out);
		*out = NULL;
	} else {
		*len = total;
	}
	return err;
}

/* A destination other than the kernel (a port id) is no request. */
static bool pt_to_kernel(pid_t pid, uint64_t addr, uint64_t alen)
{
	struct sockaddr_nl nl;

	if (!addr || alen < sizeof(nl) || pt_mem_read(pid, addr, &nl, sizeof(nl)))
		return true;
	return nl.nl_pid == 0;
}

/* One struct msghdr of the caller, its datagram written down. */
static void pt_send_msg(struct pt *s, const struct seccomp_notif *n, int sock,
			uint64_t addr)
{
	pid_t pid = (pid_t)n->pid;
	struct msghdr m;
	unsigned char *data;
	size_t len;

	if (pt_mem_read(pid, addr, &m, sizeof(m)) ||
	    !pt_to_kernel(pid, (uint64_t)(uintptr_t)m.msg_name, m.msg_namelen) ||
	    pt_gather(pid, (uint64_t)(uintptr_t)m.msg_iov, m.msg_iovlen, &data,
		      &len))
		return;
	pt_line(s, n, sock, true, 0, data, len);
	free(data);
}

static void pt_send(struct pt *s, const struct seccomp_notif *n, int sock)
{
	const __u64 *a = n->data.args;
	pid_t pid = (pid_t)n->pid;
	unsigned char *data = NULL;
	size_t len = 0;

	switch (n->data.nr) {
	case __NR_sendto:
	case __NR_write:
		if (n->data.nr == __NR_sendto && !pt_to_kernel(pid, a[4], a[5]))
			return;
		len = a[2] < (1u << 26) ? (size_t)a[2] : 0;
		data = malloc(len ? len : 1);
		if (!data || pt_mem_read(pid, a[1], data, len)) {
			free(data);
			return;
		}
		break;
	case __NR_writev:
		if (pt_gather(pid, a[1], a[2], &data, &len))
			return;
		break;
	case __NR_sendmsg:
		pt_send_msg(s, n, sock, a[1]);
		return;
	case __NR_sendmmsg:
		for (uint64_t i = 0; i < a[2] && i < UIO_MAXIOV; i++)
			pt_send_msg(s, n, sock, a[1] + i * sizeof(struct mmsghdr));
		return;
	}
	pt_line(s, n, sock, true, 0, data, len);
	free(data);
}

/* ---- receives ---- */

/* The flags of a receive, and how much its buffer takes. */
static int pt_recv_shape(const struct seccomp_notif *n, int *flags,
			 size_t *room)
{
	const __u64 *a = n->data.args;
	pid_t pid = (pid_t)n->pid;
	struct msghdr m;
	struct iovec *v;

	*flags = 0;
	switch (n->data.nr) {
	case __NR_recvfrom:
		*flags = (int)a[3];
		/* fall through */
	case __NR_read:
		*room = (size_t)a[2];
		return 0;
	case __NR_readv:
		m.msg_iov = (void *)(uintptr_t)a[1];
		m.msg_iovlen = (size_t)a[2];
		break;
	case __NR_recvmsg:
		*flags = (int)a[2];
		if (pt_mem_read(pid, a[1], &m, sizeof(m)))
			return -EFAULT;
		break;
	default:
		return -EOPNOTSUPP;
	}
	*room = 0;
	if (m.msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	v = calloc(m.msg_iovlen ? m.msg_iovlen : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (pt_mem_read(pid, (uint64_t)(uintptr_t)m.msg_iov, v,
			m.msg_iovlen * sizeof(*v))) {
		free(v);
		return -EFAULT;
	}
	for (size_t i = 0; i < m.msg_iovlen; i++)
		*room += v[i].iov_len;
	free(v);
	return 0;
}

/* The group of a notification: nl_groups' lowest bit, or the
 * NETLINK_PKTINFO control message's. */
unsigned pt_group_of(const struct sockaddr_nl *from, struct msghdr *m)
{
	unsigned group = 0;

	if (from->nl_groups)
		group = (unsigned)__builtin_ffs((int)from->nl_groups);
	for (struct cmsghdr *h = m->msg_controllen ? CMSG_FIRSTHDR(m) : NULL; h;
	     h = CMSG_NXTHDR(m, h))
		if (h->cmsg_level == SOL_NETLINK &&
		    h->cmsg_type == NETLINK_PKTINFO &&
		    h->cmsg_len >= CMSG_LEN(sizeof(struct nl_pktinfo))) {
			struct nl_pktinfo pi;

			memcpy(&pi, CMSG_DATA(h), sizeof(pi));
			group = pi.group;
		}
	return group;
}

bool pt_pktinfo_on(int sock)
{
	int on = 0;
	socklen_t len = sizeof(on);

	return getsockopt(sock, SOL_NETLINK, NETLINK_PKTINFO, &on, &len) == 0 &&
	       on;
}

void pt_pktinfo(int sock, bool on)
{
	int v = on;

	setsockopt(sock, SOL_NETLINK, NETLINK_PKTINFO, &v, sizeof(v));
}

bool pt_high_groups(int sock)
{
	uint32_t words[64] = { 0 };
	socklen_t len = sizeof(words);

	if (getsockopt(sock, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, words,
		       &len) < 0)
		return false;
	if (len > sizeof(words))
		len = sizeof(words);
	for (size_t i = 1; i < len / sizeof(words[0]); i++)
		if (words[i])
			return true;
	return false;
}

bool pt_blocking(int sock, int flags)
{
	int fl = fcntl(sock, F_GETFL);

	return !(flags & MSG_DONTWAIT) && fl >= 0 && !(fl & O_NONBLOCK);
}

/*
 * The datagram at the head of sock's queue written down, up to room
 * bytes: 0, -EAGAIN when there is none yet, or -errno.  A group above 32
 * is in no address: on a socket that joined one, and whose program did
 * not turn NETLINK_PKTINFO on itself, it is turned on for this peek
 * only, so that the program's own receive, which follows, gets no
 * control message it did not ask for.
 */
static int pt_peek(struct pt *s, const struct seccomp_notif *n, int sock,
		   size_t room)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(struct nl_pktinfo))];
	} cm;
	struct sockaddr_nl from = { 0 };
	unsigned char *buf;
	struct iovec v;
	struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof(from),
			    .msg_iov = &v, .msg_iovlen = 1 };
	bool pktinfo = pt_pktinfo_on(sock), hide;
	ssize_t len;
	int err;
	struct pollfd pf = { .fd = sock, .events = POLLIN };

	/* a pending error (an overrun's ENOBUFS) is the program's to
	 * receive: a peek would take it (sock_error()), poll() does not */
	if (poll(&pf, 1, 0) == 1 && (pf.revents & POLLERR))
		return -ENOBUFS;
	len = recv(sock, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
	if (len < 0)
		return -errno;
	buf = malloc(len ? (size_t)len : 1);
	if (!buf)
		return -ENOMEM;
	v = (struct iovec){ buf, (size_t)len };
	hide = !pktinfo && pt_high_groups(sock);
	if (pktinfo || hide) {
		m.msg_control = cm.buf;
		m.msg_controllen = sizeof(cm.buf);
	}
	if (hide)
		pt_pktinfo(sock, true);
	len = recvmsg(sock, &m, MSG_PEEK | MSG_DONTWAIT);
	err = len < 0 ? -errno : 0;
	if (hide)
		pt_pktinfo(sock, false);
	if (err) {
		free(buf);
		return err;
	}
	if (!m.msg_control)
		m.msg_controllen = 0;
	pt_line(s, n, sock, false, pt_group_of(&from, &m), buf,
		(size_t)len < room ? (size_t)len : room);
	free(buf);
	return 0;
}


/* A call that waits for its socket: kept, with our copy of the socket,
 * until it has data; its SO_RCVTIMEO ends the wait as it would have
 * ended the program's. */
static int pt_park(struct pt *s, struct pt_call *c)
{
	if (s->n_parked == s->cap_parked) {
		size_t cap = s->cap_parked ? 2 * s->cap_parked : 8;
		struct pt_call *v = realloc(s->parked, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->parked = v;
		s->cap_parked = cap;
	}
	s->parked[s->n_parked++] = *c;
	return 0;
}

/* (Re)start the wait's SO_RCVTIMEO, when it has none running. */
static void pt_arm(struct pt_call *c)
{
	struct timeval tv;
	socklen_t len = sizeof(tv);

	if (!c->deadline &&
	    getsockopt(c->sock, SOL_SOCKET, SO_RCVTIMEO, &tv, &len) == 0 &&
	    (tv.tv_sec || tv.tv_usec))
		c->deadline = pt_now() + (int64_t)tv.tv_sec * 1000000000 +
			      (int64_t)tv.tv_usec * 1000;
}

/* A receive on a netlink socket of the range: its datagram written
 * down and the call let go on, or PT_PARKED until there is one. */
static int pt_recv(struct pt *s, struct pt_call *c)
{
	size_t room;
	int flags;

	if (pt_recv_shape(&c->n, &flags, &room) || (flags & MSG_PEEK))
		return pt_answer(s, c->n.id, 0, true);
	if (pt_peek(s, &c->n, c->sock, room) == -EAGAIN &&
	    pt_blocking(c->sock, flags))
		return PT_PARKED;
	return pt_answer(s, c->n.id, 0, true);
}

static bool pt_is_send(int nr)
{
	return nr == __NR_sendto || nr == __NR_sendmsg ||
	       nr == __NR_sendmmsg || nr == __NR_write || nr == __NR_writev;
}

static bool pt_is_copy(int nr)
{
	return nr == __NR_dup || nr == __NR_fcntl || nr == __NR_dup3
#ifdef __NR_dup2
	       || nr == __NR_dup2
#endif
		;
}

/* Is fd the number of a netlink socket the program had from before? */
static bool pt_is_inherited(const struct pt *s, int fd)
{
	for (size_t i = 0; i < s->n_inherited; i++)
		if (s->inherited[i] == fd)
			return true;
	return false;
}

/* A call on c's socket (fresh, or parked and woken): 0 (answered, let go
 * on, or gone), PT_PARKED, or -errno. */
static int pt_on_sock(struct pt *s, struct pt_call *c)
{
	int fd = (int)c->n.data.args[0], domain = 0;
	socklen_t dlen = sizeof(domain);

	if (getsockopt(c->sock, SOL_SOCKET, SO_DOMAIN, &domain, &dlen) < 0)
		return pt_answer(s, c->n.id, 0, true);
	/* recvmsg() and recvmmsg() trap on every descriptor: a unix
	 * socket's may bring a netlink socket */
	if (domain == AF_UNIX && c->n.data.nr == __NR_recvmsg)
		return pt_scm(s, c);
	if (domain == AF_UNIX && c->n.data.nr == __NR_recvmmsg)
		return pt_scm_mmsg(s, c);
	/* no netlink socket (dup2() put a file in the range, or an
	 * inherited socket's number was used again), or a netlink socket
	 * neither in the range nor from before (whose sends no filter
	 * traps): the kernel's */
	if (domain != AF_NETLINK ||
	    ((fd < s->base || fd >= s->base + UNL_SC_RANGE) &&
	     !pt_is_inherited(s, fd)))
		return pt_answer(s, c->n.id, 0, true);
	if (pt_is_copy(c->n.data.nr))
		return pt_dup(s, &c->n, c->sock);
	if (pt_is_send(c->n.data.nr)) {
		pt_send(s, &c->n, c->sock);
		return pt_answer(s, c->n.id, 0, true);
	}
	if (c->n.data.nr == __NR_recvmmsg)
		return pt_mmsg(s, c);
	return pt_recv(s, c);
}

/* A recvmsg() or recvmmsg() out of the range (and no netlink socket of
 * before) with no room for a descriptor: it can bring no netlink
 * socket, and is the kernel's without a look at its socket. */
static bool pt_brings_none(const struct pt *s, const struct seccomp_notif *n)
{
	int fd = (int)n->data.args[0];
	struct msghdr m;

	if ((n->data.nr != __NR_recvmsg && n->data.nr != __NR_recvmmsg) ||
	    (fd >= s->base && fd < s->base + UNL_SC_RANGE) ||
	    pt_is_inherited(s, fd))
		return false;
	if (n->data.nr == __NR_recvmmsg)
		return !pt_mmsg_has_control((pid_t)n->pid, n->data.args[1],
					    (unsigned)n->data.args[2]);
	return pt_mem_read((pid_t)n->pid, n->data.args[1], &m, sizeof(m)) ||
	       !m.msg_control || m.msg_controllen < CMSG_LEN(sizeof(int));
}

static int pt_handle(struct pt *s, const struct seccomp_notif *n)
{
	struct pt_call c = { .n = *n };
	int err;

	if (s->n_held && pt_claim(s, n, &err))
		return err;
	if (n->data.nr == __NR_socket)
		return pt_socket(s, n);
	if (pt_brings_none(s, n))
		return pt_answer(s, n->id, 0, true);
	c.sock = pt_getfd(n, (int)n->data.args[0]);
	/* not open: the kernel's to answer */
	if (c.sock < 0 || !pt_id_valid(s, n->id)) {
		if (c.sock >= 0)
			close(c.sock);
		return pt_answer(s, n->id, 0, true);
	}
	err = pt_on_sock(s, &c);
	if (err == PT_PARKED) {
		pt_arm(&c);
		err = pt_park(s, &c);
		if (!err)
			return 0;
		err = pt_answer(s, n->id, 0, true);
	}
	pt_call_free(&c);
	close(c.sock);
	return err;
}

/* The parked call i is settled (answered, or gone): out of the list. */
static void pt_unpark(struct pt *s, size_t i)
{
	pt_call_free(&s->parked[i]);
	close(s->parked[i].sock);
	s->parked[i] = s->parked[--s->n_parked];
}

/* Data came for parked call i, or its wait may have ended. */
static int pt_wake(struct pt *s, size_t i, bool readable)
{
	struct pt_call *c = &s->parked[i];
	int err;

	if (!pt_id_valid(s, c->n.id)) {
		pt_hold(s, c);
		pt_unpark(s, i);
		return 0;
	}
	if (readable) {
		err = pt_on_sock(s, c);
		if (err == PT_PARKED) {
			pt_arm(c);
			return 0;
		}
	} else if (c->deadline && pt_now() >= c->deadline) {
		/* a recvmmsg() that took some answers with them */
		err = c->n.data.nr == __NR_recvmmsg
			      ? pt_mmsg_end(s, c)
			      : pt_answer(s, c->n.id, -EAGAIN, false);
	} else {
		return 0;
	}
	pt_unpark(s, i);
	return err;
}

/* How long the loop may sleep: until the first receive timeout ends,
 * at most the sweep for receives a signal took away; no parked receive,
 * for ever. */
static int pt_timeout(const struct pt *s)
{
	int64_t now = pt_now(), ms = SC_SWEEP_MS;

	if (!s->n_parked)
		return -1;
	for (size_t i = 0; i < s->n_parked; i++)
		if (s->parked[i].deadline) {
			int64_t left = (s->parked[i].deadline - now + 999999) /
				       1000000;

			if (left < ms)
				ms = left < 0 ? 0 : left;
		}
	return (int)ms;
}

int unl_sc_pt_serve(const struct unl_sc_pt_start *st, int out, pid_t child)
{
	int listener = st->listener;
	struct pt s = { .listener = listener, .base = st->base, .out = out,
			.inherited = st->inherited,
			.n_inherited = st->n_inherited };
	/* the command's end ends the recording, as with the shim, even
	 * when it left a process behind */
	int child_fd = (int)syscall(SYS_pidfd_open, child, 0);
	struct pollfd *pf = NULL;
	int err = 0;

	while (!err) {
		size_t np = 2 + s.n_parked;
		struct pollfd *npf = realloc(pf, np * sizeof(*pf));
		int r;

		if (!npf) {
			err = -ENOMEM;
			break;
		}
		pf = npf;
		pf[0] = (struct pollfd){ .fd = listener, .events = POLLIN };
		for (size_t i = 0; i < s.n_parked; i++)
			pf[1 + i] = (struct pollfd){ .fd = s.parked[i].sock,
						     .events = POLLIN };
		pf[np - 1] = (struct pollfd){ .fd = child_fd, .events = POLLIN };
		r = poll(pf, np, pt_timeout(&s));
		if (r < 0) {
			if (errno != EINTR)
				err = -errno;
			continue;
		}
		/* last first: unparking moves the last into its place */
		for (size_t i = s.n_parked; !err && i-- > 0;)
			err = pt_wake(&s, i, pf[1 + i].revents != 0);
		if (pf[0].revents & POLLIN) {
			struct seccomp_notif n;

			memset(&n, 0, sizeof(n));
			if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &n) < 0) {
				if (errno != ENOENT && errno != EINTR)
					err = -errno;
				continue;
			}
			err = pt_handle(&s, &n);
		} else if (pf[0].revents & (POLLHUP | POLLERR) ||
			   pf[np - 1].revents) {
			break; /* no process of the tree is left, or the
				  command is gone */
		}
	}
	if (child_fd >= 0)
		close(child_fd);
	while (s.n_parked)
		pt_unpark(&s, 0);
	pt_held_free(&s);
	free(s.parked);
	free(pf);
	return err;
}
