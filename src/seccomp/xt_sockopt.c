// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * getsockopt() and setsockopt() of a legacy xtables option
 * (iptables-legacy's GET_INFO, GET_ENTRIES, SET_REPLACE ...;
 * unl_wire_xt_pf()) on a kernel socket of the child: the filter traps
 * netfilter's option numbers on any descriptor, and the tables are the
 * model's (UNL_OP_XT_GET, UNL_OP_XT_SET, as the shim asks them:
 * src/shim/xt_sockopt.c, a table larger than a record in CONT records
 * and answered in pieces, XT_MORE).  Never the kernel's: its tables are
 * the host's.  ebtables' (UNL_OP_EBT) point at more than optval holds:
 * the supervisor reads and writes what their replace names in the
 * child's memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "seccomp/sc-private.h"
#include "wire/ebt-shape.h"

int sc_xt_pf(struct sc_call *c, bool set)
{
	const __u64 *a = c->n.data.args;
	int domain, type;
	socklen_t l = sizeof(domain);

	if (c->fd < 0 ||
	    getsockopt(c->fd, SOL_SOCKET, SO_DOMAIN, &domain, &l) < 0)
		return -1;
	l = sizeof(type);
	if (getsockopt(c->fd, SOL_SOCKET, SO_TYPE, &type, &l) < 0)
		return -1;
	return unl_wire_xt_pf(domain, type, (int)a[1], (int)a[2], set);
}

/* One call to the daemon in the child's net; the first piece of the
 * answer in rbuf (rcap bytes of room), rep->len the whole answer's
 * length. */
static long xt_call(struct sc *s, struct sc_call *c, struct unl_wire_req *wreq,
		    const void *data, size_t n, void *rbuf, size_t rcap,
		    struct unl_wire_rep *rep)
{
	struct iovec v = { (void *)data, n };
	int net = -1;
	long ret;

	/* The thread may be gone (a signal): do not act for it. */
	if (!sc_id_valid(s, c))
		return -EINTR;
	ret = unl_sc_wire_call(s->conn, wreq, &v, 1, sc_net_of(s, c, &net),
			       rep, rbuf, rcap, NULL, 0);
	if (net >= 0)
		close(net);
	if (ret == 0)
		ret = rep->ret;
	/* a longer answer comes in pieces of UNL_WIRE_XT_MAX */
	if (ret >= 0 && rep->len > rcap && rcap != UNL_WIRE_XT_MAX)
		ret = -EPROTO;
	return ret;
}

/* The pieces of an answer of total bytes after the first got
 * (XT_MORE), into ans. */
static long xt_rest(struct sc *s, unsigned char *ans, uint32_t got,
		    uint32_t total)
{
	while (got < total) {
		struct unl_wire_req wreq = { .op = UNL_OP_XT_MORE,
					     .a0 = (int32_t)got };
		struct unl_wire_rep rep = { 0 };
		long ret;

		ret = unl_sc_wire_call(s->conn, &wreq, NULL, 0, -1, &rep,
				       ans + got, UNL_WIRE_XT_MAX, NULL, 0);
		if (ret == 0)
			ret = rep.ret;
		if (ret < 0)
			return ret;
		if (!rep.len || rep.len > UNL_WIRE_XT_MAX ||
		    rep.len > total - got)
			return -EPROTO;
		got += rep.len;
	}
	return 0;
}

/* The first piece of an answer in *buf (UNL_WIRE_XT_MAX of room), and
 * the rest when rep says there is more: *buf grown to hold it all. */
static long xt_whole(struct sc *s, unsigned char **buf,
		     const struct unl_wire_rep *rep)
{
	unsigned char *all;

	if (rep->len <= UNL_WIRE_XT_MAX)
		return 0;
	all = realloc(*buf, rep->len);
	if (!all)
		return -ENOMEM;
	*buf = all;
	return xt_rest(s, all, UNL_WIRE_XT_MAX, rep->len);
}

static long xt_get(struct sc *s, struct sc_call *c, int pf)
{
	const __u64 *a = c->n.data.args;
	struct unl_wire_req wreq = { .op = UNL_OP_XT_GET, .a0 = pf,
				     .a1 = (int)a[2] };
	struct unl_wire_rep rep = { 0 };
	unsigned char *buf;
	size_t n;
	int len;
	long ret;

	if (!a[4] || sc_mem_read(c, a[4], &len, sizeof(len)))
		return -EFAULT;
	n = len < 0 ? 0 : (size_t)len;
	if (n > UNL_WIRE_XT_GET_HEAD)
		n = UNL_WIRE_XT_GET_HEAD;
	buf = malloc(UNL_WIRE_XT_MAX);
	if (!buf)
		return -ENOMEM;
	ret = n && sc_mem_read(c, a[3], buf, n) ? -EFAULT : 0;
	wreq.a2 = len;
	if (!ret)
		ret = xt_call(s, c, &wreq, buf, n, buf, UNL_WIRE_XT_MAX, &rep);
	/* an answer never outgrows optval */
	if (ret >= 0 && rep.len > (uint32_t)(len < 0 ? 0 : len))
		ret = -EPROTO;
	if (ret >= 0)
		ret = xt_whole(s, &buf, &rep);
	if (ret >= 0 && rep.len && sc_id_valid(s, c) &&
	    sc_mem_write(c, a[3], buf, rep.len))
		ret = -EFAULT;
	/* IP_VS_SO_GET_VERSION's optlen: its string's length */
	if (ret >= 0 && unl_wire_xt_get_sets_len(pf, (int)a[2])) {
		len = (int)rep.len;
		if (sc_id_valid(s, c) && sc_mem_write(c, a[4], &len, sizeof(len)))
			ret = -EFAULT;
	}
	free(buf);
	return ret < 0 ? ret : 0;
}

static long xt_set(struct sc *s, struct sc_call *c, int pf)
{
	const __u64 *a = c->n.data.args;
	uint32_t len = (uint32_t)a[4];
	/* all of optval that the option may read, in as many records as
	 * it takes */
	size_t n = len < UNL_WIRE_XT_SET_MAX ? len : UNL_WIRE_XT_SET_MAX;
	struct unl_wire_req wreq = { .op = UNL_OP_XT_SET, .a0 = pf,
				     .a1 = (int)a[2], .a2 = (int)len };
	struct unl_wire_rep rep = { 0 };
	unsigned char *buf = NULL, *rbuf = NULL;
	long ret = 0;

	buf = malloc(n ? n : 1);
	rbuf = malloc(UNL_WIRE_XT_MAX);
	if (!buf || !rbuf)
		ret = -ENOMEM;
	if (!ret && n && sc_mem_read(c, a[3], buf, n))
		ret = -EFAULT;
	if (!ret)
		ret = xt_call(s, c, &wreq, buf, n, rbuf, UNL_WIRE_XT_MAX,
			      &rep);
	if (ret >= 0)
		ret = xt_whole(s, &rbuf, &rep);
	/* SET_REPLACE's old counters where the replace's pointer said
	 * (the answer's first 8 bytes); a bad pointer is no error, as in
	 * __do_replace() */
	if (ret >= 0 && rep.len > sizeof(uint64_t) && sc_id_valid(s, c)) {
		uint64_t where;

		memcpy(&where, rbuf, sizeof(where));
		(void)sc_mem_write(c, where, rbuf + sizeof(where),
				   rep.len - sizeof(where));
	}
	free(buf);
	free(rbuf);
	return ret < 0 ? ret : 0;
}


/* ---- ebtables' options (UNL_OP_EBT) ---- */

/* The answer where the replace r says (src/shim/xt_sockopt.c's
 * ebt_put()). */
static long ebt_put(struct sc_call *c, int name, bool set,
		    const struct ebt_replace *r, const unsigned char *ans,
		    uint32_t alen)
{
	const __u64 *a = c->n.data.args;
	uint32_t ncnt;

	if (set) {
		if (alen)
			(void)sc_mem_write(c, (uint64_t)(uintptr_t)r->counters,
					   ans, alen);
		return 0;
	}
	if (name == EBT_SO_GET_INFO || name == EBT_SO_GET_INIT_INFO)
		return alen && sc_mem_write(c, a[3], ans, alen) ? -EFAULT : 0;
	if (alen < r->entries_size)
		return -EPROTO;
	ncnt = alen - r->entries_size;
	if (ncnt &&
	    sc_mem_write(c, (uint64_t)(uintptr_t)r->counters, ans, ncnt))
		return -EFAULT;
	if (r->entries_size &&
	    sc_mem_write(c, (uint64_t)(uintptr_t)r->entries, ans + ncnt,
			 r->entries_size))
		return -EFAULT;
	return 0;
}

static int child_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	return sc_mem_read(ctx, addr, buf, len);
}

static long ebt_sockopt(struct sc *s, struct sc_call *c, bool set)
{
	const __u64 *a = c->n.data.args;
	int name = (int)a[2];
	int32_t optlen;
	struct ebt_replace r;
	unsigned int flags = set ? UNL_WIRE_EBT_SET : 0;
	struct iovec v[2];
	struct unl_wire_req wreq = { .op = UNL_OP_EBT, .a0 = name };
	struct unl_wire_rep rep = { 0 };
	unsigned char *rbuf;
	int net = -1;
	long ret;

	if (set)
		optlen = (int32_t)a[4];
	else if (!a[4] || sc_mem_read(c, a[4], &optlen, sizeof(optlen)))
		return -EFAULT;
	ret = unl_wire_ebt_gather(name, optlen, set, a[3], child_read, c, &r,
				  v, &flags);
	if (ret < 0)
		return ret;
	wreq.a1 = optlen;
	wreq.a2 = (int32_t)flags;
	rbuf = malloc(UNL_WIRE_XT_MAX);
	if (!rbuf) {
		free(v[1].iov_base);
		return -ENOMEM;
	}
	/* The thread may be gone (a signal): do not act for it. */
	ret = sc_id_valid(s, c) ? 0 : -EINTR;
	if (!ret)
		ret = unl_sc_wire_call(s->conn, &wreq, v, 2,
				       sc_net_of(s, c, &net), &rep, rbuf,
				       UNL_WIRE_XT_MAX, NULL, 0);
	if (net >= 0)
		close(net);
	free(v[1].iov_base);
	if (ret == 0)
		ret = rep.ret;
	if (ret >= 0)
		ret = xt_whole(s, &rbuf, &rep);
	if (ret >= 0 && sc_id_valid(s, c))
		ret = ebt_put(c, name, set, &r, rbuf, rep.len);
	free(rbuf);
	return ret < 0 ? ret : 0;
}

long sc_xt_sockopt(struct sc *s, struct sc_call *c, int pf, bool set)
{
	if (unl_wire_is_ebt(pf, (int)c->n.data.args[2]))
		return ebt_sockopt(s, c, set);
	return set ? xt_set(s, c, pf) : xt_get(s, c, pf);
}
