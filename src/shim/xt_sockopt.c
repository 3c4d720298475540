// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The legacy xtables options (iptables-legacy's GET_INFO, GET_ENTRIES,
 * SET_REPLACE ...; unl_wire_xt_pf()) on a kernel socket of the
 * program: the tables are the model's, so the request goes to the
 * daemon (UNL_OP_XT_GET, UNL_OP_XT_SET) and is answered from the
 * calling thread's net.  Never the kernel's: its tables are the
 * host's.  A table larger than a record goes in CONT records, and comes
 * back in pieces (XT_MORE), under one hold of the connection lock.
 * ebtables' options (UNL_OP_EBT) point at more than optval holds: the
 * shim reads and writes what their replace names.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "shim/shim.h"
#include "wire/ebt-shape.h"

_Static_assert(UNL_WIRE_XT_MAX + sizeof(struct unl_wire_rep) <=
		       UNL_WIRE_MAX_RECORD,
	       "a piece of an answer fits one reply record");

int shim_xt_pf(int fd, int level, int name, bool set)
{
	int domain, type;
	socklen_t l = sizeof(domain);

	/* only the levels and names of the options: one look, no call,
	 * for every other getsockopt and setsockopt */
	if (unl_wire_xt_pf(10, 1, level, name, set) < 0)
		return -1;
	if (shim_real.getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &l) < 0)
		return -1;
	l = sizeof(type);
	if (shim_real.getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &l) < 0)
		return -1;
	return unl_wire_xt_pf(domain, type, level, name, set);
}

/* One XT_GET or XT_SET (connection lock held): the first piece of the
 * answer in rbuf (rcap bytes of room); c->rlen says how long the whole
 * answer is. */
static int xt_call(struct shim_call *c, struct shim_nsref *net, int op,
		   int pf, int name, int len, const void *data, size_t n,
		   void *rbuf, size_t rcap)
{
	struct iovec v = { (void *)data, n };

	shim_call_init(c, op, NULL);
	c->req.a0 = pf;
	c->req.a1 = name;
	c->req.a2 = len;
	c->iov = &v;
	c->iovcnt = 1;
	c->datalen = n;
	c->fd_in = shim_ns_fd(net);
	c->record = true;
	c->rbuf = rbuf;
	c->rcap = rcap;
	/* a table of 512 MiB takes the daemon more than a usual call */
	c->timeout_ms = -1;
	return shim_conn_call(c);
}

/* The pieces of an answer after the first (XT_MORE; connection lock
 * held), each passed to put at its offset. */
static int xt_rest(uint32_t got, uint32_t total, void *rbuf,
		   void (*put)(void *arg, size_t off, const void *p, size_t n),
		   void *arg)
{
	while (got < total) {
		struct shim_call m;
		int ret;

		shim_call_init(&m, UNL_OP_XT_MORE, NULL);
		m.req.a0 = (int32_t)got;
		m.record = true;
		m.rbuf = rbuf;
		m.rcap = UNL_WIRE_XT_MAX;
		m.timeout_ms = -1;
		ret = shim_conn_call(&m);
		if (ret < 0)
			return ret;
		if (m.rgot != m.rlen || !m.rgot || m.rgot > total - got)
			return -EPROTO;
		put(arg, got, rbuf, m.rgot);
		got += (uint32_t)m.rgot;
	}
	return 0;
}

static void put_at(void *arg, size_t off, const void *p, size_t n)
{
	memcpy((unsigned char *)arg + off, p, n);
}

int shim_xt_getsockopt(int pf, int name, void *val, socklen_t *len)
{
	struct shim_nsref *net;
	struct shim_call c;
	unsigned char *buf;
	size_t n, room;
	int ret, cs;

	if (!len)
		return -EFAULT;
	/* what the option reads first: at most its head */
	n = (int)*len < 0 ? 0 : *len;
	room = n < UNL_WIRE_XT_MAX ? n : UNL_WIRE_XT_MAX;
	if (n > UNL_WIRE_XT_GET_HEAD)
		n = UNL_WIRE_XT_GET_HEAD;
	if (n && !val)
		return -EFAULT;
	buf = malloc(room ? room : 1);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, val, n);
	net = shim_ns_current();
	shim_conn_lock(&cs);
	ret = xt_call(&c, net, UNL_OP_XT_GET, pf, name, (int)*len, buf, n,
		      buf, room);
	/* an answer never outgrows optval */
	if (ret >= 0 && (c.rgot > c.rlen || c.rlen > (uint32_t)(int)*len ||
			 (c.rgot < c.rlen && c.rgot != UNL_WIRE_XT_MAX)))
		ret = -EPROTO;
	if (ret >= 0) {
		memcpy(val, buf, c.rgot);
		ret = xt_rest((uint32_t)c.rgot, c.rlen, buf, put_at, val);
	}
	if (ret >= 0 && unl_wire_xt_get_sets_len(pf, name))
		*len = (socklen_t)c.rlen;
	shim_conn_unlock(cs);
	shim_ns_put(net);
	free(buf);
	return ret < 0 ? ret : 0;
}

/* copy_to_user() of the old counters where the replace's pointer
 * said (the first 8 bytes of the answer): a bad pointer is no error
 * (the new table is in place), as in __do_replace() */
static void put_counters(const unsigned char *ans, size_t n)
{
	uint64_t where;
	struct iovec from, to;

	if (n <= sizeof(where))
		return;
	memcpy(&where, ans, sizeof(where));
	from = (struct iovec){ (void *)(ans + sizeof(where)),
			       n - sizeof(where) };
	to = (struct iovec){ (void *)(uintptr_t)where, n - sizeof(where) };
	(void)process_vm_writev(getpid(), &from, 1, &to, 1, 0);
}

int shim_xt_setsockopt(int pf, int name, const void *val, socklen_t len)
{
	struct shim_nsref *net;
	struct shim_call c;
	unsigned char *rbuf, *ans = NULL;
	size_t n = len < UNL_WIRE_XT_SET_MAX ? len : UNL_WIRE_XT_SET_MAX;
	int ret, cs;

	if (len && !val)
		return -EFAULT;
	rbuf = malloc(UNL_WIRE_XT_MAX);
	if (!rbuf)
		return -ENOMEM;
	net = shim_ns_current();
	shim_conn_lock(&cs);
	/* all of optval that the option may read, in as many records as
	 * it takes */
	ret = xt_call(&c, net, UNL_OP_XT_SET, pf, name, (int)len, val, n,
		      rbuf, UNL_WIRE_XT_MAX);
	if (ret >= 0 && (c.rgot > c.rlen ||
			 (c.rgot < c.rlen && c.rgot != UNL_WIRE_XT_MAX)))
		ret = -EPROTO;
	if (ret >= 0 && c.rlen > c.rgot) {
		/* SET_REPLACE's old counters of a large table */
		ans = malloc(c.rlen);
		if (!ans) {
			ret = -ENOMEM;
		} else {
			memcpy(ans, rbuf, c.rgot);
			ret = xt_rest((uint32_t)c.rgot, c.rlen, rbuf, put_at,
				      ans);
		}
	}
	shim_conn_unlock(cs);
	shim_ns_put(net);
	if (ret >= 0)
		put_counters(ans ? ans : rbuf, c.rlen);
	free(ans);
	free(rbuf);
	return ret < 0 ? ret : 0;
}

/* ---- ebtables' options (UNL_OP_EBT) ---- */

/* The program's own memory where a pointer of its replace says: a bad
 * pointer is EFAULT, as copy_from_user() and copy_to_user() give it,
 * never a crash of the program. */
static int own_mem(uint64_t addr, void *buf, size_t n, bool write)
{
	struct iovec local = { buf, n };
	struct iovec remote = { (void *)(uintptr_t)addr, n };
	ssize_t r;

	if (!n)
		return 0;
	r = write ? process_vm_writev(getpid(), &local, 1, &remote, 1, 0)
		  : process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	return r == (ssize_t)n ? 0 : -EFAULT;
}

/* The answer of an EBT call, whole in *ans (malloc'ed) */
static int ebt_call(struct shim_nsref *net, int name, int32_t optlen,
		    unsigned int flags, const struct iovec *v, size_t n,
		    unsigned char **ans, uint32_t *alen)
{
	unsigned char *rbuf = malloc(UNL_WIRE_XT_MAX), *all;
	struct shim_call c;
	int ret, cs;

	if (!rbuf)
		return -ENOMEM;
	shim_conn_lock(&cs);
	shim_call_init(&c, UNL_OP_EBT, NULL);
	c.req.a0 = name;
	c.req.a1 = optlen;
	c.req.a2 = (int32_t)flags;
	c.iov = v;
	c.iovcnt = 2;
	c.datalen = n;
	c.fd_in = shim_ns_fd(net);
	c.record = true;
	c.rbuf = rbuf;
	c.rcap = UNL_WIRE_XT_MAX;
	c.timeout_ms = -1;
	ret = shim_conn_call(&c);
	if (ret >= 0 && (c.rgot > c.rlen ||
			 (c.rgot < c.rlen && c.rgot != UNL_WIRE_XT_MAX)))
		ret = -EPROTO;
	if (ret >= 0 && c.rlen > c.rgot) {
		unsigned char *piece = malloc(UNL_WIRE_XT_MAX);

		all = piece ? realloc(rbuf, c.rlen) : NULL;
		if (!all) {
			ret = -ENOMEM;
		} else {
			rbuf = all;
			ret = xt_rest((uint32_t)c.rgot, c.rlen, piece, put_at,
				      rbuf);
		}
		free(piece);
	}
	shim_conn_unlock(cs);
	if (ret < 0) {
		free(rbuf);
		return ret;
	}
	*ans = rbuf;
	*alen = c.rlen;
	return 0;
}

/* The answer where the replace r says: GET_INFO's at optval,
 * GET_ENTRIES' counters then entries, SET_ENTRIES' old counters (a bad
 * pointer no error: the new table is in place, as in
 * do_replace_finish()). */
static int ebt_put(int name, bool set, void *val, const struct ebt_replace *r,
		   unsigned char *ans, uint32_t alen)
{
	uint32_t ncnt;

	if (set) {
		(void)own_mem((uint64_t)(uintptr_t)r->counters, ans, alen, true);
		return 0;
	}
	if (name == EBT_SO_GET_INFO || name == EBT_SO_GET_INIT_INFO)
		return own_mem((uint64_t)(uintptr_t)val, ans, alen, true);
	if (alen < r->entries_size)
		return -EPROTO;
	ncnt = alen - r->entries_size;
	if (own_mem((uint64_t)(uintptr_t)r->counters, ans, ncnt, true))
		return -EFAULT;
	return own_mem((uint64_t)(uintptr_t)r->entries, ans + ncnt,
		       r->entries_size, true);
}

static int own_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	return own_mem(addr, buf, len, false);
}

int shim_ebt_sockopt(int name, bool set, void *val, int32_t optlen)
{
	struct ebt_replace r;
	unsigned int flags = set ? UNL_WIRE_EBT_SET : 0;
	struct iovec v[2];
	unsigned char *ans = NULL;
	struct shim_nsref *net;
	uint32_t alen = 0;
	int ret;

	ret = unl_wire_ebt_gather(name, optlen, set, (uint64_t)(uintptr_t)val,
				  own_read, NULL, &r, v, &flags);
	if (ret < 0)
		return ret;
	net = shim_ns_current();
	ret = ebt_call(net, name, optlen, flags, v, v[0].iov_len + v[1].iov_len,
		       &ans, &alen);
	shim_ns_put(net);
	free(v[1].iov_base);
	if (ret >= 0)
		ret = ebt_put(name, set, val, &r, ans, alen);
	free(ans);
	return ret < 0 ? ret : 0;
}
