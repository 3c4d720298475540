// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The conformance harness: runs each scenario against the real kernel and
 * against unetlink, each run in its own forked child with a timeout, and
 * compares the two transcripts.
 *
 *   conformance [--target kernel|unetlink|shim] [--shim CLI [--no-core]]
 *               [--timeout SEC] [-v] PATH...
 *
 * PATH is a .scn file or a directory of them.  With --target, one
 * transcript per scenario is printed instead of a comparison.  With
 * --shim (the path of the unetlink tool), every scenario is also compared
 * between the kernel and the shim target (backend_shim.c), and a second
 * summary line says how that went.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <unetlink/profile.h>

#include "backend.h"
#include "scenario.h"
#include "transcript.h"

#define UNPRIV_ID 65534
#define ADDR_BUF 128

/* The unetlink tool, for the shim target (--shim). */
static const char *shim_cli;

/* --- one run, inside the child ------------------------------------- */

struct run {
	struct conf_backend be;
	const struct scenario *sc;
	void **h;
	struct norm norm;
	struct transcript tr;
	size_t flushed;
	int out_fd;
	int expect_failures;
};

static void run_flush(struct run *r)
{
	while (r->flushed < r->tr.len) {
		ssize_t n = write(r->out_fd, r->tr.buf + r->flushed,
				  r->tr.len - r->flushed);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		r->flushed += (size_t)n;
	}
}

/* Learn every open socket's portid (getsockname has no side effect). */
static void run_refresh(struct run *r)
{
	for (size_t i = 0; i < r->sc->nsocks; i++) {
		struct sockaddr_nl nl = { 0 };
		socklen_t len = sizeof(nl);

		if (!r->norm.open[i])
			continue;
		if (r->be.ops->getsockname(&r->be, r->h[i],
					   (struct sockaddr *)&nl, &len) == 0) {
			r->norm.portid[i] = nl.nl_pid;
			r->norm.known[i] = nl.nl_pid != 0;
		}
	}
}

static uint32_t run_pidval(struct run *r, const struct pidval *pv)
{
	switch (pv->kind) {
	case PV_PROCPID:
		return (uint32_t)(r->norm.pid + pv->num);
	case PV_SOCK:
		run_refresh(r);
		return r->norm.portid[pv->sock] + (uint32_t)pv->num;
	case PV_NUM:
	default:
		return (uint32_t)pv->num;
	}
}

static void tr_ret(struct transcript *tr, long ret)
{
	if (ret < 0)
		tr_printf(tr, "  -> -1 %s\n", conf_errno_name((int)-ret));
	else
		tr_printf(tr, "  -> %ld\n", ret);
}

static void run_expect(struct run *r, const struct step *st, long ret)
{
	const struct expect *ex = &st->expect;
	bool ok;

	switch (ex->kind) {
	case EX_VALUE:
		ok = ret == ex->value;
		break;
	case EX_OK:
		ok = ret >= 0;
		break;
	case EX_ERR:
		ok = ret < 0;
		break;
	case EX_NONE:
	default:
		return;
	}
	if (ok)
		return;
	r->expect_failures++;
	tr_printf(&r->tr, "  EXPECT FAILED (line %d): wanted ", st->lineno);
	if (ex->kind == EX_OK)
		tr_printf(&r->tr, "success");
	else if (ex->kind == EX_ERR)
		tr_printf(&r->tr, "an error");
	else if (ex->value < 0)
		tr_printf(&r->tr, "%s", conf_errno_name((int)-ex->value));
	else
		tr_printf(&r->tr, "%ld", ex->value);
	tr_printf(&r->tr, "\n");
}

/* sockaddr_nl from a spec, in a zeroed buffer of ADDR_BUF bytes. */
static socklen_t run_addr(struct run *r, const struct addrspec *a,
			  uint8_t *buf)
{
	struct sockaddr_nl nl = { 0 };

	memset(buf, 0, ADDR_BUF);
	nl.nl_family = (sa_family_t)a->family;
	nl.nl_pid = run_pidval(r, &a->pid);
	nl.nl_groups = a->groups;
	memcpy(buf, &nl, sizeof(nl));
	if (a->len < 0)
		return sizeof(nl);
	return (socklen_t)(a->len > ADDR_BUF ? ADDR_BUF : a->len);
}

static int run_unpriv(struct run *r)
{
	if (setgroups(0, NULL) < 0 ||
	    setresgid(UNPRIV_ID, UNPRIV_ID, UNPRIV_ID) < 0 ||
	    setresuid(UNPRIV_ID, UNPRIV_ID, UNPRIV_ID) < 0)
		return -errno;
	if (r->be.ops->cred_changed)
		r->be.ops->cred_changed(&r->be);
	return 0;
}

/* libc's wrappers (the shim sees these calls); <sys/capability.h> is
 * libcap's. */
extern int capget(cap_user_header_t hdr, cap_user_data_t data);
extern int capset(cap_user_header_t hdr, const cap_user_data_t data);

/* dropcap CAP [eff], raisecap CAP: one capability out of the effective
 * set (and, unless eff, of the permitted and inheritable ones for good),
 * or back into it. */
static int run_cap(struct run *r, const struct step *st)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	uint32_t bit = 1u << (st->cap % 32);
	int i = st->cap / 32;

	if (st->cap < 0 || st->cap >= 64)
		return -EINVAL;
	memset(data, 0, sizeof(data));
	if (capget(&hdr, data) < 0)
		return -errno;
	if (st->kind == ST_RAISECAP) {
		data[i].effective |= bit;
	} else {
		data[i].effective &= ~bit;
		if (!st->cap_eff_only) {
			data[i].permitted &= ~bit;
			data[i].inheritable &= ~bit;
		}
	}
	if (capset(&hdr, data) < 0)
		return -errno;
	if (r->be.ops->cred_changed)
		r->be.ops->cred_changed(&r->be);
	return 0;
}

#define MAX_IOV 64

/* buf as iovecs of at most chunk bytes (0: one iovec); the last one takes
 * what is left beyond MAX_IOV. */
static int split_iov(uint8_t *buf, size_t len, size_t chunk,
		     struct iovec *iov)
{
	int n = 0;

	if (!chunk)
		chunk = len;
	do {
		size_t l = len < chunk || n == MAX_IOV - 1 ? len : chunk;

		iov[n].iov_base = buf;
		iov[n].iov_len = l;
		n++;
		buf += l;
		len -= l;
	} while (len);
	return n;
}

/* The datagram of a send step; the caller frees *out. */
static int run_payload(struct run *r, const struct step *st, uint8_t **out,
		       size_t *outlen)
{
	size_t len = 0, off = 0;
	uint8_t *buf;

	if (st->raw) {
		buf = malloc(st->raw_len ? st->raw_len : 1);
		if (!buf)
			return -ENOMEM;
		memcpy(buf, st->raw, st->raw_len);
		*out = buf;
		*outlen = st->raw_len;
		return 0;
	}
	for (size_t i = 0; i < st->nmsgs; i++)
		len += NLMSG_ALIGN(NLMSG_HDRLEN + st->msgs[i].data_len);
	buf = calloc(1, len ? len : 1);
	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < st->nmsgs; i++) {
		const struct msgspec *m = &st->msgs[i];
		struct nlmsghdr h = {
			.nlmsg_len = (uint32_t)(m->len >= 0 ? (size_t)m->len
							   : NLMSG_HDRLEN + m->data_len),
			.nlmsg_type = m->type,
			.nlmsg_flags = m->flags,
			.nlmsg_seq = m->seq,
			.nlmsg_pid = run_pidval(r, &m->pid),
		};

		memcpy(buf + off, &h, sizeof(h));
		if (m->data_len)
			memcpy(buf + off + NLMSG_HDRLEN, m->data, m->data_len);
		off += NLMSG_HDRLEN + m->data_len;
		/* Pad between messages, not after the last one. */
		if (i + 1 < st->nmsgs)
			off = NLMSG_ALIGN(off);
	}
	*out = buf;
	*outlen = off;
	return 0;
}

static long run_send(struct run *r, const struct step *st)
{
	uint8_t addr[ADDR_BUF], *payload = NULL;
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(struct ucred))];
	} ctl;
	struct iovec iov[MAX_IOV];
	struct msghdr msg = { 0 };
	size_t plen;
	socklen_t alen = 0;
	long ret = 0;
	int i, sent = 0, ignored = 0;

	ret = run_payload(r, st, &payload, &plen);
	if (ret < 0)
		return ret;
	if (st->addr.present)
		alen = run_addr(r, &st->addr, addr);
	msg.msg_iov = iov;
	msg.msg_iovlen = (size_t)split_iov(payload, plen, st->iovlen, iov);
	if (st->addr.present) {
		msg.msg_name = addr;
		msg.msg_namelen = alen;
	}
	if (st->cred) {
		struct cmsghdr *c;
		struct ucred uc = {
			.pid = (pid_t)run_pidval(r, &st->cred_pid),
			.uid = st->cred_uid >= 0 ? (uid_t)st->cred_uid : geteuid(),
			.gid = st->cred_gid >= 0 ? (gid_t)st->cred_gid : getegid(),
		};

		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_CREDENTIALS;
		c->cmsg_len = CMSG_LEN(sizeof(uc));
		memcpy(CMSG_DATA(c), &uc, sizeof(uc));
	}
	for (i = 0; i < st->repeat; i++) {
		if (st->use_sendto)
			ret = r->be.ops->sendto(&r->be, r->h[st->sock], payload,
						plen, st->flags,
						st->addr.present ? (struct sockaddr *)addr
								 : NULL,
						alen);
		else
			ret = r->be.ops->sendmsg(&r->be, r->h[st->sock], &msg,
						 st->flags);
		if (ret < 0 && ret == -st->ignore) {
			ignored++;
			continue;
		}
		if (ret < 0)
			break;
		sent++;
	}
	free(payload);
	if (st->repeat > 1)
		tr_printf(&r->tr, "  sent %d of %d\n", sent, st->repeat);
	if (ignored)
		tr_printf(&r->tr, "  %d times %s\n", ignored,
			  conf_errno_name(st->ignore));
	tr_ret(&r->tr, ret);
	return ret;
}

/* One recvmsg; prints everything it returned. */
static long run_recv_one(struct run *r, const struct step *st)
{
	uint8_t name[ADDR_BUF];
	uint8_t *buf, *ctl = NULL;
	struct iovec iov[MAX_IOV];
	struct msghdr msg = { 0 };
	char fl[160];
	long ret;

	buf = calloc(1, st->bufsize ? st->bufsize : 1);
	if (st->ctrllen)
		ctl = calloc(1, st->ctrllen);
	if (!buf || (st->ctrllen && !ctl)) {
		free(buf);
		free(ctl);
		return -ENOMEM;
	}
	memset(name, 0, sizeof(name));
	msg.msg_iov = iov;
	msg.msg_iovlen = (size_t)split_iov(buf, st->bufsize, st->iovlen, iov);
	if (st->namelen >= 0) {
		msg.msg_name = name;
		msg.msg_namelen = (socklen_t)st->namelen;
	}
	msg.msg_control = ctl;
	msg.msg_controllen = st->ctrllen;
	ret = r->be.ops->recvmsg(&r->be, r->h[st->sock], &msg, st->flags);
	run_refresh(r);
	tr_ret(&r->tr, ret);
	if (ret >= 0) {
		size_t got = (size_t)ret < st->bufsize ? (size_t)ret : st->bufsize;

		conf_msg_flags_str(msg.msg_flags, fl, sizeof(fl));
		tr_printf(&r->tr, "  msg_flags=%s namelen=%u controllen=%zu\n",
			  fl, msg.msg_namelen, (size_t)msg.msg_controllen);
		if (msg.msg_name && msg.msg_namelen) {
			size_t nl = msg.msg_namelen < (socklen_t)st->namelen
					    ? msg.msg_namelen
					    : (size_t)st->namelen;

			tr_printf(&r->tr, "  name ");
			tr_sockaddr(&r->tr, &r->norm, name, nl);
			tr_printf(&r->tr, "\n");
		}
		if (msg.msg_controllen > st->ctrllen)
			msg.msg_controllen = st->ctrllen;
		tr_cmsgs(&r->tr, &r->norm, &msg);
		if (st->mask_len && st->mask_off < got)
			memset(buf + st->mask_off, 0,
			       st->mask_len < got - st->mask_off
				       ? st->mask_len
				       : got - st->mask_off);
		tr_nlmsgs(&r->tr, &r->norm, buf, got);
	}
	free(buf);
	free(ctl);
	return ret;
}

/* Receive until EAGAIN, summarising runs of successful receives. */
static long run_drain(struct run *r, const struct step *st)
{
	size_t cap = st->bufsize ? st->bufsize : 1;
	uint8_t *buf = malloc(cap);
	unsigned int msgs = 0, errors = 0;
	unsigned long bytes = 0;
	long ret = 0;

	if (!buf)
		return -ENOMEM;
	tr_printf(&r->tr, "  drained");
	for (int i = 0; i < 100000; i++) {
		struct iovec iov = { .iov_base = buf, .iov_len = st->bufsize };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

		ret = r->be.ops->recvmsg(&r->be, r->h[st->sock], &msg,
					 st->flags | MSG_DONTWAIT);
		if (ret >= 0) {
			msgs++;
			bytes += (unsigned long)ret;
			continue;
		}
		if (msgs)
			tr_printf(&r->tr, " %u msgs %lu bytes;", msgs, bytes);
		msgs = 0;
		bytes = 0;
		tr_printf(&r->tr, " %s", conf_errno_name((int)-ret));
		if (ret == -EAGAIN || ++errors == 3)
			break;
		tr_printf(&r->tr, ";");
	}
	if (msgs)
		tr_printf(&r->tr, " %u msgs %lu bytes (stopped)", msgs, bytes);
	tr_printf(&r->tr, "\n");
	free(buf);
	return ret;
}

static long run_sockopt(struct run *r, const struct step *st)
{
	void *sk = r->h[st->sock];
	long ret;

	if (st->kind == ST_SETSOCKOPT) {
		struct sock_fprog fp = { .len = (unsigned short)st->bpf_len,
					 .filter = st->bpf };
		const void *val = NULL;
		uint8_t *tmp = NULL;
		size_t len = 0;

		if (st->ovkind == OV_BPF) {
			val = &fp;
			len = sizeof(fp);
		} else if (st->ovkind == OV_BYTES) {
			len = st->optval_len;
			/* A longer optlen than the value reads zeros. */
			if (st->optlen > (long)len) {
				tmp = calloc(1, (size_t)st->optlen);
				if (!tmp)
					return -ENOMEM;
				if (len)
					memcpy(tmp, st->optval, len);
				val = tmp;
			} else {
				val = st->optval ? st->optval : (const void *)"";
			}
		}
		ret = r->be.ops->setsockopt(&r->be, sk, st->level, st->optname,
					    val, (socklen_t)(st->optlen >= 0 ? (size_t)st->optlen
										: len));
		free(tmp);
		tr_ret(&r->tr, ret);
	} else {
		uint8_t val[512];
		socklen_t in = (socklen_t)(st->len >= 0 ? st->len : 4), out;
		int iv;

		if (in > sizeof(val))
			in = sizeof(val);
		memset(val, 0, sizeof(val));
		out = in;
		ret = r->be.ops->getsockopt(&r->be, sk, st->level, st->optname,
					    val, &out);
		tr_ret(&r->tr, ret);
		if (ret >= 0) {
			tr_printf(&r->tr, "  optlen=%u value=", out);
			tr_hex(&r->tr, val, out < in ? out : in);
			if (out == 4) {
				memcpy(&iv, val, 4);
				tr_printf(&r->tr, " (%d)", iv);
			}
			tr_printf(&r->tr, "\n");
		}
	}
	return ret;
}

static long run_step(struct run *r, const struct step *st)
{
	void *sk = st->sock >= 0 ? r->h[st->sock] : NULL;
	uint8_t addr[ADDR_BUF];
	socklen_t alen;
	long ret = 0;
	char tmp[64];

	if (st->kind != ST_SOCKET && st->kind != ST_UNPRIV &&
	    st->kind != ST_DROPCAP && st->kind != ST_RAISECAP &&
	    st->kind != ST_NETNS && !r->norm.open[st->sock]) {
		tr_printf(&r->tr, "  harness: socket %s is not open\n",
			  r->sc->socks[st->sock]);
		r->expect_failures++;
		return -EBADF;
	}
	switch (st->kind) {
	case ST_SOCKET:
		if (r->norm.open[st->sock]) {
			tr_printf(&r->tr, "  harness: socket %s already open\n",
				  r->sc->socks[st->sock]);
			r->expect_failures++;
			return -EBUSY;
		}
		ret = r->be.ops->socket(&r->be, st->type, st->protocol, &sk);
		if (ret == 0) {
			r->h[st->sock] = sk;
			r->norm.open[st->sock] = true;
			r->norm.known[st->sock] = false;
			r->norm.protocol[st->sock] = st->protocol;
		}
		tr_ret(&r->tr, ret);
		break;
	case ST_CLOSE:
		run_refresh(r);
		ret = r->be.ops->close(&r->be, sk);
		r->norm.open[st->sock] = false;
		r->h[st->sock] = NULL;
		tr_ret(&r->tr, ret);
		break;
	case ST_UNPRIV:
		ret = run_unpriv(r);
		tr_ret(&r->tr, ret);
		break;
	case ST_DROPCAP:
	case ST_RAISECAP:
		ret = run_cap(r, st);
		tr_ret(&r->tr, ret);
		break;
	case ST_NETNS:
		ret = r->be.ops->netns(&r->be, st->ns_make, st->ns_idx);
		tr_ret(&r->tr, ret);
		break;
	case ST_BIND:
	case ST_CONNECT:
		alen = run_addr(r, &st->addr, addr);
		ret = (st->kind == ST_BIND ? r->be.ops->bind : r->be.ops->connect)(
			&r->be, sk, (struct sockaddr *)addr, alen);
		run_refresh(r);
		tr_ret(&r->tr, ret);
		break;
	case ST_GETSOCKNAME:
	case ST_GETPEERNAME:
		memset(addr, 0, sizeof(addr));
		alen = (socklen_t)(st->len >= 0 ? st->len : (long)sizeof(struct sockaddr_nl));
		if (alen > ADDR_BUF)
			alen = ADDR_BUF;
		{
			socklen_t in = alen;

			ret = (st->kind == ST_GETSOCKNAME ? r->be.ops->getsockname
							  : r->be.ops->getpeername)(
				&r->be, sk, (struct sockaddr *)addr, &alen);
			run_refresh(r);
			tr_ret(&r->tr, ret);
			if (ret >= 0) {
				tr_printf(&r->tr, "  addrlen=%u ", alen);
				tr_sockaddr(&r->tr, &r->norm, addr,
					    alen < in ? alen : in);
				tr_printf(&r->tr, "\n");
			}
		}
		break;
	case ST_SETSOCKOPT:
	case ST_GETSOCKOPT:
		ret = run_sockopt(r, st);
		break;
	case ST_SEND:
		ret = run_send(r, st);
		run_refresh(r);
		break;
	case ST_RECV:
		for (int i = 0; i < st->repeat; i++)
			ret = run_recv_one(r, st);
		break;
	case ST_DRAIN:
		ret = run_drain(r, st);
		break;
	case ST_POLL:
		ret = r->be.ops->poll(&r->be, sk, st->events, st->timeout);
		if (ret < 0) {
			tr_ret(&r->tr, ret);
		} else {
			conf_poll_str((int)ret & (POLLIN | POLLPRI | POLLOUT | POLLERR |
						  POLLHUP | POLLNVAL),
				      tmp, sizeof(tmp));
			tr_printf(&r->tr, "  -> revents=%s\n", tmp);
		}
		break;
	}
	return ret;
}

static int child_steps(const struct scenario *sc,
		       const struct conf_backend_ops *ops, int out_fd);

/* The body of the child: every step, the transcript streamed to out_fd,
 * then a status line.  A process whose pid is a portid the scenario
 * names by number (pids wrap at pid_max: 32768 on many machines) would
 * print that portid as PID where another run prints the number, so it
 * leaves the run to a child of its own, whose pid differs. */
static int child_main(const struct scenario *sc,
		      const struct conf_backend_ops *ops, int out_fd)
{
	int status;
	pid_t pid;

	if (!scenario_names_pid(sc, getpid()))
		return child_steps(sc, ops, out_fd);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(child_main(sc, ops, out_fd) < 0 ? 2 : 0);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -ECHILD;
}

static int child_steps(const struct scenario *sc,
		       const struct conf_backend_ops *ops, int out_fd)
{
	struct run r = { .be = { .ops = ops }, .sc = sc, .out_fd = out_fd };
	const char *why = NULL;
	size_t n = sc->nsocks ? sc->nsocks : 1;
	int ret;

	r.h = calloc(n, sizeof(*r.h));
	r.norm.portid = calloc(n, sizeof(*r.norm.portid));
	r.norm.known = calloc(n, sizeof(*r.norm.known));
	r.norm.open = calloc(n, sizeof(*r.norm.open));
	r.norm.protocol = calloc(n, sizeof(*r.norm.protocol));
	r.norm.names = (const char *const *)sc->socks;
	r.norm.nsocks = sc->nsocks;
	r.norm.pid = getpid();
	if (!r.h || !r.norm.portid || !r.norm.known || !r.norm.open ||
	    !r.norm.protocol) {
		ret = -ENOMEM;
		goto out;
	}
	ret = ops->open(&r.be, &why);
	if (ret == 1) {
		tr_printf(&r.tr, "#skip %s\n", why);
		run_flush(&r);
		ret = 0;
		goto out;
	}
	if (ret < 0) {
		tr_printf(&r.tr, "harness: %s open failed: %s\n", ops->name,
			  conf_errno_name(-ret));
	} else {
		for (size_t i = 0; i < sc->nsteps; i++) {
			const struct step *st = &sc->steps[i];
			long sret;

			tr_printf(&r.tr, "L%d: %s\n", st->lineno, st->text);
			/* A step that hangs or crashes still names itself. */
			run_flush(&r);
			r.norm.ctx = st->sock;
			sret = run_step(&r, st);
			run_expect(&r, st, sret);
			run_flush(&r);
		}
		for (size_t i = 0; i < sc->nsocks; i++)
			if (r.norm.open[i])
				ops->close(&r.be, r.h[i]);
		ops->fini(&r.be);
	}
	tr_printf(&r.tr, "#end expect_failures=%d\n", r.expect_failures);
	run_flush(&r);
	ret = 0;
out:
	tr_free(&r.tr);
	free(r.h);
	free(r.norm.portid);
	free(r.norm.known);
	free(r.norm.open);
	free(r.norm.protocol);
	return ret;
}

/* --- the parent ---------------------------------------------------- */

struct result {
	char *text; /* the transcript, without the status lines */
	char *skip; /* the reason when skipped */
	int expect_failures;
	bool broken; /* crashed, timed out, or exited abnormally */
};

static void result_free(struct result *res)
{
	free(res->text);
	free(res->skip);
	memset(res, 0, sizeof(*res));
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The shim target's child (never returns): a fresh directory, then this
 * program again under `unetlink run`, which starts a daemon of its own
 * there (--shared: the scenario may drop to uid 65534 and must still
 * reach it) and preloads the shim; the transcript goes to out_fd.  Its
 * own process group, so that a timeout kills the command too.
 */
static void __attribute__((noreturn))
exec_shim_child(const struct scenario *sc, int out_fd)
{
	char dir[] = "/tmp/unetlink-conf.XXXXXX", sock[64], fdstr[16];
	char self[4096];
	const char *asan = getenv("ASAN_OPTIONS");
	char *asan_opts = NULL;
	struct dirent *de;
	ssize_t n;
	DIR *d;
	pid_t pid;
	int status = 0;

	setpgid(0, 0);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0 || !mkdtemp(dir) || chmod(dir, 0755) < 0) {
		dprintf(out_fd, "harness: shim child setup: %s\n", strerror(errno));
		_exit(2);
	}
	self[n] = '\0';
	snprintf(sock, sizeof(sock), "%s/socket", dir);
	snprintf(fdstr, sizeof(fdstr), "%d", out_fd);
	/* An instrumented harness would refuse to start with the
	 * uninstrumented shim first in its library list. */
	if (asprintf(&asan_opts, "%s%sverify_asan_link_order=0", asan ? asan : "",
		     asan && *asan ? ":" : "") < 0 ||
	    setenv("ASAN_OPTIONS", asan_opts, 1) < 0)
		_exit(2);
	free(asan_opts);
	fcntl(out_fd, F_SETFD, 0);
	pid = fork();
	if (pid == 0) {
		/* $UNETLINK_CONF_FRONTEND=--seccomp: the seccomp front end
		 * instead of the shim (docs/seccomp.md), a fourth target. */
		const char *fe = getenv("UNETLINK_CONF_FRONTEND");

		execl(shim_cli, shim_cli, "run", "--shared", "--socket", sock,
		      fe && *fe ? fe : "--preload", "--", self, "--shim-child",
		      fdstr, sc->path, (char *)NULL);
		dprintf(out_fd, "harness: cannot run %s: %s\n", shim_cli,
			strerror(errno));
		_exit(2);
	}
	close(out_fd);
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* Whatever the daemon left: its socket, its lock file. */
	d = opendir(dir);
	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(dirfd(d), de->d_name, 0);
	if (d)
		closedir(d);
	rmdir(dir);
	_exit(pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : 2);
}

static int run_child(const struct scenario *sc,
		     const struct conf_backend_ops *ops, double timeout,
		     struct result *res)
{
	struct transcript out = { 0 };
	double deadline = now_s() + timeout;
	bool timed_out = false;
	int fds[2], status = 0;
	char buf[4096], *end;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -errno;
	}
	if (pid == 0) {
		close(fds[0]);
		signal(SIGPIPE, SIG_IGN);
		if (ops == &conf_backend_shim)
			exec_shim_child(sc, fds[1]);
		exit(child_main(sc, ops, fds[1]) < 0 ? 2 : 0);
	}
	close(fds[1]);
	for (;;) {
		struct pollfd p = { .fd = fds[0], .events = POLLIN };
		double left = deadline - now_s();
		ssize_t n;
		int pr;

		if (left <= 0) {
			timed_out = true;
			break;
		}
		pr = poll(&p, 1, (int)(left * 1000) + 1);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			continue;
		n = read(fds[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		tr_printf(&out, "%.*s", (int)n, buf);
	}
	close(fds[0]);
	if (timed_out)
		kill(ops == &conf_backend_shim ? -pid : pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	tr_printf(&out, "%s", "");
	if (out.oom) {
		tr_free(&out);
		return -ENOMEM;
	}
	if (!strncmp(out.buf, "#skip ", 6)) {
		res->skip = strndup(out.buf + 6, strcspn(out.buf + 6, "\n"));
		tr_free(&out);
		return res->skip ? 0 : -ENOMEM;
	}
	end = strstr(out.buf, "#end expect_failures=");
	if (end) {
		res->expect_failures = atoi(end + 21);
		*end = '\0';
		out.len = (size_t)(end - out.buf);
	}
	if (timed_out) {
		tr_printf(&out, "TIMEOUT after %.0f s\n", timeout);
		res->broken = true;
	} else if (WIFSIGNALED(status)) {
		tr_printf(&out, "CRASHED: signal %d (%s)\n", WTERMSIG(status),
			  strsignal(WTERMSIG(status)));
		res->broken = true;
	} else if (!end || WEXITSTATUS(status)) {
		tr_printf(&out, "EXITED: status %d%s\n", WEXITSTATUS(status),
			  end ? "" : " without finishing");
		res->broken = true;
	}
	if (out.oom) {
		tr_free(&out);
		return -ENOMEM;
	}
	res->text = out.buf;
	return 0;
}

/* The next line of s (without its newline) in line and len; NULL at end. */
static const char *next_line(const char *s, const char **line, size_t *len)
{
	if (!s || !*s)
		return NULL;
	*line = s;
	*len = strcspn(s, "\n");
	return s[*len] ? s + *len + 1 : s + *len;
}

/* Print the first step whose output differs, as -kernel/+unetlink. */
static void print_first_diff(const char *a, const char *b, const char *na,
			     const char *nb)
{
	const char *la = NULL, *lb = NULL, *step = NULL, *pa = a, *pb = b;
	size_t lena = 0, lenb = 0, steplen = 0;
	const char *blk_a, *blk_b;

	/* Find the first differing line and the step it belongs to. */
	for (;;) {
		const char *xa = next_line(pa, &la, &lena);
		const char *xb = next_line(pb, &lb, &lenb);

		if (!xa || !xb || lena != lenb || memcmp(la, lb, lena))
			break;
		if (la[0] == 'L') {
			step = la;
			steplen = lena;
		}
		pa = xa;
		pb = xb;
	}
	printf("  --- %s\n  +++ %s\n", na, nb);
	blk_a = pa;
	blk_b = pb;
	if (step)
		printf("   %.*s\n", (int)steplen, step);
	/* Both sides up to the next step line (or 12 lines). */
	for (int i = 0; i < 12; i++) {
		const char *xa = next_line(blk_a, &la, &lena);

		if (!xa || (i && la[0] == 'L'))
			break;
		printf("  -%.*s\n", (int)lena, la);
		blk_a = xa;
	}
	for (int i = 0; i < 12; i++) {
		const char *xb = next_line(blk_b, &lb, &lenb);

		if (!xb || (i && lb[0] == 'L'))
			break;
		printf("  +%.*s\n", (int)lenb, lb);
		blk_b = xb;
	}
}

/* A link kind or feature: what the host kernel's profile says. */
static int check_profile_requirement(const struct requirement *r, char *why,
				     size_t len)
{
	struct unl_profile *host;
	bool has;

	if (unl_profile_host(&host)) {
		snprintf(why, len, "cannot probe the host kernel");
		return 1;
	}
	has = unl_profile_has(host, (enum unl_profile_class)r->pclass,
			      r->name);
	unl_profile_unref(host);
	if (has)
		return 0;
	snprintf(why, len, "host kernel lacks %s %s",
		 r->pclass == UNL_PROFILE_LINK ? "link kind" : "feature",
		 r->name);
	return 1;
}

/* A kernel version: the running kernel's release is at least it. */
static int check_kernel_requirement(const struct requirement *r, char *why,
				    size_t len)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2) {
		snprintf(why, len, "cannot read the host kernel's release");
		return 1;
	}
	if (major > r->kernel_major ||
	    (major == r->kernel_major && minor >= r->kernel_minor))
		return 0;
	snprintf(why, len, "host kernel %d.%d is older than %d.%d", major,
		 minor, r->kernel_major, r->kernel_minor);
	return 1;
}

/* 0 when the host meets every requirement, else 1 with the reason. */
static int check_requirements(const struct scenario *sc, char *why,
			      size_t len)
{
	for (size_t i = 0; i < sc->nreqs; i++) {
		char path[256], val[64] = "";
		FILE *f;

		if (sc->reqs[i].kernel_major) {
			if (check_kernel_requirement(&sc->reqs[i], why, len))
				return 1;
			continue;
		}
		if (sc->reqs[i].name) {
			if (check_profile_requirement(&sc->reqs[i], why, len))
				return 1;
			continue;
		}

		snprintf(path, sizeof(path), "/proc/sys/%s", sc->reqs[i].sysctl);
		for (char *c = path + 10; *c; c++)
			if (*c == '.')
				*c = '/';
		f = fopen(path, "r");
		if (f) {
			if (!fgets(val, sizeof(val), f))
				val[0] = '\0';
			fclose(f);
		}
		val[strcspn(val, "\n")] = '\0';
		if (strcmp(val, sc->reqs[i].value)) {
			snprintf(why, len, "needs %s=%s, host has %s",
				 sc->reqs[i].sysctl, sc->reqs[i].value,
				 f ? val : "none");
			return 1;
		}
	}
	return 0;
}

enum outcome { OC_IDENTICAL, OC_DIFFER, OC_SKIP };

struct options {
	const struct conf_backend_ops *target;
	double timeout;
	bool verbose;
};

/*
 * Under another front end than the shim ($UNETLINK_CONF_FRONTEND), the
 * scenarios named in $UNETLINK_CONF_KNOWN_DIFF (separated by spaces) are
 * skipped, and said to be: what that front end does not do yet, listed
 * where the test is defined (tests/conformance/meson.build).
 */
static bool known_diff(const char *name)
{
	const char *fe = getenv("UNETLINK_CONF_FRONTEND");
	const char *l = getenv("UNETLINK_CONF_KNOWN_DIFF");
	size_t n = strlen(name);

	if (!fe || !*fe || !l)
		return false;
	for (const char *p = strstr(l, name); p; p = strstr(p + 1, name))
		if ((p == l || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

/* Kernel against `other` (unetlink, or the shim); lines about the shim
 * are tagged "(shim)". */
static enum outcome run_scenario(const char *path, const struct options *o,
				 const struct conf_backend_ops *other,
				 int *failures)
{
	const struct conf_backend_ops *both[] = { &conf_backend_kernel, other };
	const char *tag = other == &conf_backend_shim ? " (shim)" : "";
	struct result res[2] = { 0 };
	struct scenario sc;
	char err[512];
	enum outcome oc;
	int ret;

	ret = scenario_load(path, &sc, err, sizeof(err));
	if (ret < 0) {
		printf("DIFFER %s (cannot load: %s)\n", path, err);
		(*failures)++;
		return OC_DIFFER;
	}
	if (check_requirements(&sc, err, sizeof(err))) {
		printf("skip %s%s (%s)\n", sc.name, tag, err);
		scenario_free(&sc);
		return OC_SKIP;
	}
	if ((other == &conf_backend_shim || o->target == &conf_backend_shim) &&
	    known_diff(sc.name)) {
		printf("skip %s (shim) (known to differ under %s: "
		       "$UNETLINK_CONF_KNOWN_DIFF)\n", sc.name,
		       getenv("UNETLINK_CONF_FRONTEND"));
		scenario_free(&sc);
		return OC_SKIP;
	}
	if (sc.shim_skip && (other == &conf_backend_shim ||
			     o->target == &conf_backend_shim)) {
		printf("skip %s (shim) (skip-for-shim: %s)\n", sc.name,
		       sc.shim_skip);
		scenario_free(&sc);
		return OC_SKIP;
	}
	if (o->target) {
		ret = run_child(&sc, o->target, o->timeout, &res[0]);
		if (ret < 0) {
			printf("DIFFER %s (harness: %s)\n", sc.name, strerror(-ret));
			oc = OC_DIFFER;
		} else if (res[0].skip) {
			printf("skip %s (%s)\n", sc.name, res[0].skip);
			oc = OC_SKIP;
		} else {
			printf("=== %s [%s]\n%s", sc.name, o->target->name,
			       res[0].text);
			if (res[0].expect_failures || res[0].broken) {
				printf("FAIL %s: %d expect failures%s\n", sc.name,
				       res[0].expect_failures,
				       res[0].broken ? ", run broken" : "");
				(*failures)++;
			}
			oc = OC_IDENTICAL;
		}
		result_free(&res[0]);
		scenario_free(&sc);
		return oc;
	}

	for (int i = 0; i < 2; i++) {
		ret = run_child(&sc, both[i], o->timeout, &res[i]);
		if (ret < 0) {
			printf("DIFFER %s%s (harness: %s)\n", sc.name, tag,
			       strerror(-ret));
			(*failures)++;
			oc = OC_DIFFER;
			goto out;
		}
		/* The kernel decides whether the scenario can run here. */
		if (res[i].skip) {
			printf("skip %s%s (%s: %s)\n", sc.name, tag,
			       both[i]->name, res[i].skip);
			oc = OC_SKIP;
			goto out;
		}
	}
	if (strcmp(res[0].text, res[1].text) == 0 && !res[0].broken) {
		printf("ok %s%s\n", sc.name, tag);
		oc = OC_IDENTICAL;
	} else if (strcmp(res[0].text, res[1].text) == 0) {
		/* Identical, but neither run finished: a harness problem or a
		 * scenario that blocks. */
		size_t len = strlen(res[0].text);
		const char *last = res[0].text + len;

		while (last > res[0].text && last[-1] == '\n')
			last--;
		while (last > res[0].text && last[-1] != '\n')
			last--;
		printf("DIFFER %s%s (both runs broken: %.*s)\n", sc.name, tag,
		       (int)strcspn(last, "\n"), last);
		if (o->verbose)
			printf("%s", res[0].text);
		(*failures)++;
		oc = OC_DIFFER;
	} else {
		printf("DIFFER %s%s\n", sc.name, tag);
		print_first_diff(res[0].text, res[1].text, "kernel", other->name);
		if (o->verbose)
			printf("=== kernel\n%s=== %s\n%s", res[0].text,
			       other->name, res[1].text);
		(*failures)++;
		oc = OC_DIFFER;
	}
	for (int i = 0; i < 2; i++) {
		const char *l, *s = res[i].text;
		size_t len;

		if (!res[i].expect_failures)
			continue;
		printf("  %d expect failures against %s:\n",
		       res[i].expect_failures, both[i]->name);
		for (s = next_line(s, &l, &len); s; s = next_line(s, &l, &len))
			if (len > 8 && strstr(l, "EXPECT FAILED") &&
			    strstr(l, "EXPECT FAILED") < l + len)
				printf("  %.*s\n", (int)len, l);
		(*failures)++;
	}
out:
	result_free(&res[0]);
	result_free(&res[1]);
	scenario_free(&sc);
	return oc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append path, or the *.scn files of the directory path, sorted. */
static int collect(const char *path, char ***list, size_t *n)
{
	struct stat stbuf;
	struct dirent *de;
	size_t first = *n;
	DIR *d;
	char **l;

	if (stat(path, &stbuf) < 0)
		return -errno;
	if (!S_ISDIR(stbuf.st_mode)) {
		l = realloc(*list, (*n + 1) * sizeof(*l));
		if (!l)
			return -ENOMEM;
		*list = l;
		l[*n] = strdup(path);
		if (!l[*n])
			return -ENOMEM;
		(*n)++;
		return 0;
	}
	d = opendir(path);
	if (!d)
		return -errno;
	for (de = readdir(d); de; de = readdir(d)) {
		size_t len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 4, ".scn"))
			continue;
		l = realloc(*list, (*n + 1) * sizeof(*l));
		if (!l) {
			closedir(d);
			return -ENOMEM;
		}
		*list = l;
		if (asprintf(&l[*n], "%s/%s", path, de->d_name) < 0) {
			closedir(d);
			return -ENOMEM;
		}
		(*n)++;
	}
	closedir(d);
	qsort(*list + first, *n - first, sizeof(**list), cmp_str);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: conformance [--target kernel|unetlink|shim] "
		"[--shim CLI [--no-core]] [--timeout SEC] [-v] PATH...\n");
}

/*
 * Can the shim target run here?  `unetlink run true` must work (the tool,
 * the shim library and a daemon it can start).  0, or 1 with the tool's
 * complaint in why.
 */
static int shim_probe(char *why, size_t len)
{
	int fds[2], status = 0;
	ssize_t n = 0, r;
	pid_t pid;

	if (access(shim_cli, X_OK) < 0) {
		snprintf(why, len, "%s: %s", shim_cli, strerror(errno));
		return 1;
	}
	if (pipe2(fds, O_CLOEXEC) < 0)
		return 1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		execl(shim_cli, shim_cli, "run", "--private", "true", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while (pid > 0 && (size_t)n < len - 1) {
		r = read(fds[0], why + n, len - 1 - (size_t)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += r;
	}
	close(fds[0]);
	why[n] = '\0';
	why[strcspn(why, "\n")] = '\0';
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (!why[0])
		snprintf(why, len, "'%s run true' failed", shim_cli);
	return 1;
}

int main(int argc, char **argv)
{
	struct options o = { .timeout = 10 };
	const struct conf_backend_ops *others[2];
	char **list = NULL, why[512];
	size_t n = 0, nothers = 0;
	int failures = 0, counts[2][3] = { { 0 } }, ret = 0;
	bool core = true, all_skipped = true;

	/* Re-executed under `unetlink run` for the shim target. */
	if (argc == 4 && !strcmp(argv[1], "--shim-child")) {
		struct scenario sc;

		if (scenario_load(argv[3], &sc, why, sizeof(why)) < 0) {
			dprintf(atoi(argv[2]), "harness: %s\n", why);
			return 2;
		}
		signal(SIGPIPE, SIG_IGN);
		ret = child_main(&sc, &conf_backend_shim, atoi(argv[2]));
		scenario_free(&sc);
		return ret < 0 ? 2 : 0;
	}

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--target") && i + 1 < argc) {
			i++;
			if (!strcmp(argv[i], "kernel"))
				o.target = &conf_backend_kernel;
			else if (!strcmp(argv[i], "unetlink"))
				o.target = &conf_backend_unetlink;
			else if (!strcmp(argv[i], "shim"))
				o.target = &conf_backend_shim;
			else {
				usage();
				return 2;
			}
		} else if (!strcmp(argv[i], "--shim") && i + 1 < argc) {
			shim_cli = argv[++i];
		} else if (!strcmp(argv[i], "--no-core")) {
			core = false;
		} else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
			o.timeout = atof(argv[++i]);
		} else if (!strcmp(argv[i], "-v")) {
			o.verbose = true;
		} else if (argv[i][0] == '-') {
			usage();
			return 2;
		} else {
			ret = collect(argv[i], &list, &n);
			if (ret < 0) {
				fprintf(stderr, "conformance: %s: %s\n", argv[i],
					strerror(-ret));
				break;
			}
		}
	}
	if (ret == 0 && (n == 0 || (!core && !shim_cli) ||
			 (o.target == &conf_backend_shim && !shim_cli))) {
		usage();
		ret = -EINVAL;
	}
	if (core)
		others[nothers++] = &conf_backend_unetlink;
	if (shim_cli && !o.target)
		others[nothers++] = &conf_backend_shim;
	if (o.target) {
		for (size_t i = 0; ret == 0 && i < n; i++)
			counts[0][run_scenario(list[i], &o, NULL, &failures)]++;
	}
	for (size_t t = 0; ret == 0 && !o.target && t < nothers; t++) {
		if (others[t] == &conf_backend_shim && shim_probe(why, sizeof(why))) {
			printf("skip every scenario (shim): %s\n", why);
			counts[t][OC_SKIP] = (int)n;
			continue;
		}
		for (size_t i = 0; i < n; i++)
			counts[t][run_scenario(list[i], &o, others[t], &failures)]++;
	}
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
	if (ret < 0)
		return 2;
	if (o.target) {
		printf("conformance [%s]: %zu scenarios, %d ran, %d skipped, "
		       "%d failed\n",
		       o.target->name, n, counts[0][OC_IDENTICAL],
		       counts[0][OC_SKIP], failures);
		all_skipped = counts[0][OC_SKIP] == (int)n;
	}
	for (size_t t = 0; !o.target && t < nothers; t++) {
		printf("conformance%s: %zu scenarios, %d identical, %d differ, "
		       "%d skipped\n",
		       others[t] == &conf_backend_shim ? "(shim)" : "", n,
		       counts[t][OC_IDENTICAL], counts[t][OC_DIFFER],
		       counts[t][OC_SKIP]);
		if (counts[t][OC_SKIP] != (int)n)
			all_skipped = false;
	}
	if (failures)
		return 1;
	/* Nothing could run here: tell meson "skipped", not "passed". */
	return all_skipped ? 77 : 0;
}
