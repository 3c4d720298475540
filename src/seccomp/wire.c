// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The supervisor's end of a control connection (src/wire/wire.h):
 * records, and the call page for the requests it may carry (a send's
 * round trip then wakes nobody when the daemon is watching the page, and
 * only the daemon when it is not); one call at a time (the supervisor
 * has one thread).
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include "seccomp/seccomp.h"
#include "seccomp/proc-status.h"
#include "wire/cmsg.h"

#define SC_MAX_PAYLOAD (UNL_WIRE_MAX_RECORD - sizeof(struct unl_wire_req))

/* Whose ids the records carry (unl_sc_wire_set_ids), if set. */
static struct ucred ids;
static bool ids_set;

/* The call page of the connection, once unl_sc_wire_page() got one, and
 * the sequence number of the last call made on it. */
static struct unl_wire_call *page;
static uint32_t page_seq;

void unl_sc_wire_set_ids(pid_t pid, uid_t uid, gid_t gid)
{
	ids = (struct ucred){ .pid = pid, .uid = uid, .gid = gid };
	ids_set = true;
}

/*
 * Send one record, with SCM_CREDENTIALS of the child's ids when they are
 * set: the daemon takes each record's credentials as the client's
 * current real ids (ud_peer_update()), and without them the kernel
 * would put ours.  Any SCM_RIGHTS of m come first.
 */
static int send_record(int conn, struct msghdr *m)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int)) +
			 CMSG_SPACE(sizeof(struct ucred))];
	} cm;
	struct cmsghdr *h;
	ssize_t n;

	if (ids_set) {
		memset(&cm, 0, sizeof(cm));
		if (m->msg_controllen)
			memcpy(cm.buf, m->msg_control, m->msg_controllen);
		h = (struct cmsghdr *)(cm.buf + m->msg_controllen);
		h->cmsg_level = SOL_SOCKET;
		h->cmsg_type = SCM_CREDENTIALS;
		h->cmsg_len = CMSG_LEN(sizeof(ids));
		memcpy(CMSG_DATA(h), &ids, sizeof(ids));
		m->msg_control = cm.buf;
		m->msg_controllen += CMSG_SPACE(sizeof(ids));
	}
	do
		n = sendmsg(conn, m, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	/* The daemon reads every record counted before it runs a call of
	 * the page (wire.h): a CLOSE or CONSUME stays ahead of the next
	 * send, as the socket order would keep it. */
	if (page)
		__atomic_fetch_add(&page->records, 1, __ATOMIC_RELEASE);
	return 0;
}

/* Gather up to cap bytes of iov from *pos (iovec index, offset) into dst. */
static size_t gather(unsigned char *dst, size_t cap, const struct iovec *iov,
		     int iovcnt, int *idx, size_t *off)
{
	size_t got = 0;

	while (got < cap && *idx < iovcnt) {
		size_t left = iov[*idx].iov_len - *off;
		size_t k = left < cap - got ? left : cap - got;

		if (k)
			memcpy(dst + got,
			       (unsigned char *)iov[*idx].iov_base + *off, k);
		got += k;
		*off += k;
		if (*off == iov[*idx].iov_len) {
			(*idx)++;
			*off = 0;
		}
	}
	return got;
}

static size_t iov_len(const struct iovec *iov, int iovcnt)
{
	size_t t = 0;

	for (int i = 0; i < iovcnt; i++)
		t += iov[i].iov_len;
	return t;
}

/* The request and its payload: one record, continued in CONT records. */
static int send_request(int conn, struct unl_wire_req *req,
			const struct iovec *iov, int iovcnt, int fd_in)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm;
	unsigned char *rec = malloc(UNL_WIRE_MAX_RECORD);
	size_t total = iov_len(iov, iovcnt), sent = 0, off = 0;
	struct unl_wire_req cont = { .op = UNL_OP_CONT, .sock = req->sock };
	int idx = 0, err = 0;
	bool first = true;

	if (!rec)
		return -ENOMEM;
	do {
		struct unl_wire_req *h = first ? req : &cont;
		size_t k = gather(rec + sizeof(*h), SC_MAX_PAYLOAD, iov, iovcnt,
				  &idx, &off);
		struct iovec v = { rec, sizeof(*h) + k };
		struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1 };

		h->len = (uint32_t)k;
		memcpy(rec, h, sizeof(*h));
		if (first && fd_in >= 0) {
			memset(&cm, 0, sizeof(cm));
			cm.h.cmsg_level = SOL_SOCKET;
			cm.h.cmsg_type = SCM_RIGHTS;
			cm.h.cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(&cm.h), &fd_in, sizeof(int));
			m.msg_control = cm.buf;
			m.msg_controllen = sizeof(cm.buf);
		}
		err = send_record(conn, &m);
		sent += k;
		first = false;
	} while (!err && sent < total);
	free(rec);
	return err;
}

struct fds_taken {
	int *fds, nfds;
};

/* A descriptor for the caller's slot i, if free; any other is closed. */
static bool take_one(int fd, size_t i, void *arg)
{
	struct fds_taken *t = arg;

	if ((int)i < t->nfds && t->fds[i] < 0)
		t->fds[i] = fd;
	else
		close(fd);
	return false;
}

static void take_fds(struct msghdr *m, int *fds, int nfds)
{
	struct fds_taken t = { fds, nfds };

	unl_scm_each_fd(m, take_one, &t);
}

/* The next reply record, skipping wake-ups (wire.h). */
static int recv_reply(int conn, struct unl_wire_rep *rep, void *rbuf,
		      size_t rcap, int *fds, int nfds)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(4 * sizeof(int))];
	} cm;
	unsigned char *rec = malloc(UNL_WIRE_MAX_RECORD);
	size_t got;
	ssize_t n;

	if (!rec)
		return -ENOMEM;
	for (int i = 0; i < nfds; i++)
		fds[i] = -1;
	for (;;) {
		struct iovec v = { rec, UNL_WIRE_MAX_RECORD };
		struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
				    .msg_control = cm.buf,
				    .msg_controllen = sizeof(cm.buf) };

		do
			n = recvmsg(conn, &m, MSG_CMSG_CLOEXEC);
		while (n < 0 && errno == EINTR);
		if (n <= 0) {
			free(rec);
			return n < 0 ? -errno : -ECONNRESET;
		}
		take_fds(&m, fds, nfds);
		if ((size_t)n < sizeof(*rep))
			goto bad;
		memcpy(rep, rec, sizeof(*rep));
		if (rep->ret == UNL_WIRE_REP_WAKE && !rep->len)
			continue;
		/* The payload is what the record holds: rep->len says more
		 * than that for GETSOCKOPT (the optlen the core reports). */
		got = (size_t)n - sizeof(*rep);
		if (rbuf && rcap && got)
			memcpy(rbuf, rec + sizeof(*rep), got < rcap ? got : rcap);
		free(rec);
		return 0;
	}
bad:
	free(rec);
	for (int i = 0; i < nfds; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return -EPROTO;
}

/* ---- the call page ----------------------------------------------- */

/* How long to look at the page for the answer before sleeping, with a
 * second CPU to run the daemon (none without).  Shorter than the shim's
 * 50 us: the trap has put this thread to sleep and woken it already, and
 * on a busy machine a long spin only keeps the daemon from the CPU (a
 * send took 70 to 190 us with 50, 35 to 75 with 5, at a load of 7 on 2
 * CPUs; the same 8.5 to 9.5 with both on idle ones). */
static int64_t spin_ns(void)
{
	static int64_t v = -1;

	if (v < 0)
		v = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? UNL_WIRE_SPIN_ALONE_NS
						      : 0;
	return v;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* May this call go through the page?  (The ops the daemon's call.c
 * takes there: no descriptors either way, one record's payload.) */
static bool page_takes(const struct unl_wire_req *req, size_t total,
		       int fd_in, int nfds)
{
	return page && fd_in < 0 && !nfds && total <= SC_MAX_PAYLOAD &&
	       unl_wire_call_op_ok(req);
}

static bool page_answered(void)
{
	return __atomic_load_n(&page->rep_seq, __ATOMIC_ACQUIRE) == page_seq;
}

/* Read what the daemon wrote to the connection while we waited on the
 * page: wake-ups only.  0 or -errno. */
static int page_drain(int conn)
{
	for (;;) {
		struct unl_wire_rep rep;
		ssize_t r = recv(conn, &rep, sizeof(rep), MSG_DONTWAIT);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN)
			return 0;
		if (r <= 0)
			return r < 0 ? -errno : -ECONNRESET;
		if (r != (ssize_t)sizeof(rep) || rep.ret != UNL_WIRE_REP_WAKE)
			return -EPROTO;
	}
}

/* The page's protocol (wire.h, "The call page"), the client's half. */
static int page_call(int conn, struct unl_wire_req *req,
		     const struct iovec *iov, int iovcnt, size_t total,
		     struct unl_wire_rep *rep, void *rbuf, size_t rcap)
{
	size_t off = 0, n;
	bool kicked = false;
	int idx = 0, err;

	gather(page->data, total, iov, iovcnt, &idx, &off);
	memcpy(&page->req, req, sizeof(*req));
	page->req.len = (uint32_t)total;
	if (!++page_seq)
		page_seq = 1;
	__atomic_store_n(&page->req_seq, page_seq, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&page->watched, __ATOMIC_RELAXED)) {
		struct unl_wire_req kick = { .op = UNL_OP_KICK };

		/* The daemon sleeps: the KICK wakes it, often on this very
		 * CPU (the trap ran us on the child's), so a spin here would
		 * only keep it from running.  Sleep at once. */
		err = unl_sc_wire_post(conn, &kick, NULL, 0);
		if (err)
			return err;
		kicked = true;
	}
	if (!kicked && spin_ns() > 0) {
		int64_t start = now_ns(), t;
		unsigned int k = 0;

		while (!page_answered()) {
			unl_wire_relax();
			if ((++k & 15) ||
			    (t = now_ns()) < start + UNL_WIRE_SPIN_ALONE_NS)
				continue;
			if (t >= start + spin_ns())
				break;
			/* The daemon may wait for this very CPU. */
			sched_yield();
		}
	}
	while (!page_answered()) {
		struct pollfd pfd = { .fd = conn, .events = POLLIN };

		__atomic_store_n(&page->waiting, 1, __ATOMIC_RELAXED);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (page_answered())
			break;
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			return -errno;
		err = page_drain(conn);
		if (err)
			return err;
	}
	__atomic_store_n(&page->waiting, 0, __ATOMIC_RELAXED);
	memcpy(rep, &page->rep, sizeof(*rep));
	/* As from a record: for GETSOCKOPT rep->len is the optlen the core
	 * reports, and the payload what of it fit the asked length. */
	n = rep->len < UNL_WIRE_MAX_RECORD ? rep->len : UNL_WIRE_MAX_RECORD;
	if (rbuf && rcap && n)
		memcpy(rbuf, page->rdata, n < rcap ? n : rcap);
	return 0;
}

int unl_sc_wire_page(int conn)
{
	struct unl_wire_req req = { .op = UNL_OP_HELLO,
				    .a0 = (int32_t)UNL_WIRE_MAGIC,
				    .a1 = UNL_WIRE_VERSION, .a2 = 1 };
	struct unl_wire_rep rep;
	struct unl_wire_call *p;
	struct stat st;
	int memfd, err;

	if (page)
		return 0;
	err = unl_sc_wire_call(conn, &req, NULL, 0, -1, &rep, NULL, 0, &memfd,
			       1);
	if (err)
		return err;
	if (rep.ret < 0 || memfd < 0) {
		if (memfd >= 0)
			close(memfd);
		return rep.ret < 0 ? rep.ret : -ENOMEM;
	}
	if (fstat(memfd, &st) < 0 || st.st_size < (off_t)sizeof(*p)) {
		close(memfd);
		return -EPROTO;
	}
	p = mmap(NULL, sizeof(*p), PROT_READ | PROT_WRITE, MAP_SHARED, memfd,
		 0);
	close(memfd);
	if (p == MAP_FAILED)
		return -errno;
	if (p->magic != UNL_WIRE_MAGIC || p->cap != UNL_WIRE_MAX_RECORD) {
		munmap(p, sizeof(*p));
		return -EPROTO;
	}
	page = p;
	return 0;
}

/*
 * Whom the records act for (UNL_OP_ACT_FOR): every process of the tree
 * is served on the command's connection, and the daemon judges each
 * request by the process it names last.  Told only when the caller's
 * process differs from the last one told, just before a record goes.
 */
static pid_t act_tid;        /* the thread whose call is served */
static pid_t act_seen = -1;  /* the last thread looked up */
static pid_t acting;         /* the process the daemon acts for */
static pid_t act_origin;     /* the command: the connection's own */
static pid_t act_cred_tid;   /* a thread whose ids or caps changed */

void unl_sc_wire_act_init(pid_t child)
{
	act_origin = acting = child;
}

void unl_sc_wire_act_for(pid_t tid)
{
	act_tid = tid;
}

void unl_sc_wire_act_stale(pid_t tid)
{
	acting = 0;
	act_seen = -1;
	act_cred_tid = tid;
}

/* Tgid, real uid and gid of thread tid, from /proc.  0 or -errno. */
static int thread_of(pid_t tid, pid_t *tgid, uid_t *uid, gid_t *gid)
{
	struct sc_proc_status st;

	if (sc_proc_status(tid, &st) < 0)
		return -ESRCH;
	*tgid = st.tgid;
	*uid = st.uid;
	*gid = st.gid;
	return 0;
}

static int act_call(int conn, pid_t tgid, pid_t tid)
{
	struct unl_wire_req req = { .op = UNL_OP_ACT_FOR, .a0 = tgid,
				    .a1 = tid };
	struct unl_wire_rep rep;
	int err = send_request(conn, &req, NULL, 0, -1);

	if (!err)
		err = recv_reply(conn, &rep, NULL, 0, NULL, 0);
	return err ? err : rep.ret;
}

/* Before a record goes: the daemon acts for the caller's process.  A
 * process it refuses (one that left the tree) is served as the
 * command, as before there was this op. */
static void act_sync(int conn)
{
	pid_t tgid = 0, tid;
	uid_t uid = 0;
	gid_t gid = 0;

	if (!act_tid || act_tid == act_seen)
		return;
	act_seen = act_tid;
	if (thread_of(act_tid, &tgid, &uid, &gid) < 0 || tgid == acting)
		return;
	/* the thread that changed its capabilities, if it is this
	 * process's: its own count (as UNL_OP_CRED has it) */
	tid = 0;
	if (act_cred_tid) {
		pid_t ct = 0;
		uid_t cu;
		gid_t cg;

		if (thread_of(act_cred_tid, &ct, &cu, &cg) == 0 && ct == tgid)
			tid = act_cred_tid;
	}
	if (act_call(conn, tgid, tid) == 0) {
		acting = tgid;
		unl_sc_wire_set_ids(getpid(), uid, gid);
	} else if (acting != act_origin &&
		   thread_of(act_origin, &tgid, &uid, &gid) == 0 &&
		   act_call(conn, act_origin, 0) == 0) {
		acting = act_origin;
		unl_sc_wire_set_ids(getpid(), uid, gid);
	}
}

int unl_sc_wire_call(int conn, struct unl_wire_req *req,
		     const struct iovec *iov, int iovcnt, int fd_in,
		     struct unl_wire_rep *rep, void *rbuf, size_t rcap,
		     int *fds, int nfds)
{
	size_t total = iov_len(iov, iovcnt);
	int err;

	/* A page call acts for the process ACT_FOR named, as a record
	 * does: that record is counted, so the daemon reads it first. */
	act_sync(conn);
	if (page_takes(req, total, fd_in, nfds))
		return page_call(conn, req, iov, iovcnt, total, rep, rbuf,
				 rcap);
	err = send_request(conn, req, iov, iovcnt, fd_in);
	if (err)
		return err;
	return recv_reply(conn, rep, rbuf, rcap, fds, nfds);
}

int unl_sc_wire_post(int conn, struct unl_wire_req *req, const void *data,
		     size_t len)
{
	struct iovec v = { (void *)data, len };

	act_sync(conn);
	return send_request(conn, req, &v, data ? 1 : 0, -1);
}
