// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The supervisor's end of a control connection (src/wire/wire.h): plain
 * records, no call page, one call at a time (the supervisor has one
 * thread).
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "seccomp/seccomp.h"

#define SC_MAX_PAYLOAD (UNL_WIRE_MAX_RECORD - sizeof(struct unl_wire_req))

/* Whose ids the records carry (unl_sc_wire_set_ids), if set. */
static struct ucred ids;
static bool ids_set;

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
	return n < 0 ? -errno : 0;
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

static void take_fds(struct msghdr *m, int *fds, int nfds)
{
	for (struct cmsghdr *h = CMSG_FIRSTHDR(m); h; h = CMSG_NXTHDR(m, h)) {
		size_t n;

		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
			continue;
		n = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(h) + i * sizeof(int), sizeof(fd));
			if ((int)i < nfds && fds[i] < 0)
				fds[i] = fd;
			else
				close(fd);
		}
	}
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
	char path[64], line[256];
	unsigned int u, g;
	int t, found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (found < 3 && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Tgid: %d", &t) == 1) {
			*tgid = (pid_t)t;
			found++;
		} else if (sscanf(line, "Uid: %u", &u) == 1) {
			*uid = (uid_t)u;
			found++;
		} else if (sscanf(line, "Gid: %u", &g) == 1) {
			*gid = (gid_t)g;
			found++;
		}
	}
	fclose(f);
	return found == 3 ? 0 : -ESRCH;
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
	int err;

	act_sync(conn);
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
