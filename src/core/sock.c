// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Sockets: create, bind, autobind, connect, getsockname/getpeername,
 * socket options, poll and release (netlink_create, netlink_bind,
 * netlink_autobind, netlink_insert, netlink_connect, netlink_getname,
 * netlink_setsockopt, netlink_getsockopt, netlink_release).
 *
 * The public entry points here take the net lock, check their arguments
 * the way the system-call layer does, and return 0 or -errno.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <linux/capability.h>
#include <linux/netlink.h>

#include "core/internal.h"

/* SOCK_MIN_RCVBUF and SOCK_MIN_SNDBUF of Linux on x86-64 */
#define SOCK_MIN_RCVBUF 2304u
#define SOCK_MIN_SNDBUF 4608u
/* SOCK_MAX: socket types beyond it are EINVAL at the syscall layer */
#define SOCK_TYPE_MAX 11
#define BITS_PER_LONG (8 * sizeof(unsigned long))

void sock_hold(struct unl_sock *sk)
{
	atomic_fetch_add(&sk->refcnt, 1);
}

void sock_put(struct unl_sock *sk)
{
	if (atomic_fetch_sub(&sk->refcnt, 1) != 1)
		return;
	pthread_cond_destroy(&sk->wait);
	free(sk->groups);
	free(sk->filter);
	free(sk);
}

/* netlink_group_mask(): a group above 32 has no bit in nl_groups (Linux
 * since 2022; before, a 32-bit shift x86 took modulo 32). */
uint32_t nl_group_mask(uint32_t group)
{
	if (group > 32)
		return 0;
	return group ? 1u << (group - 1) : 0;
}

bool cred_capable(const struct unl_cred *cred, int cap)
{
	return cap >= 0 && cap < 64 && (cred->caps & UNL_CAP(cap));
}

/* netlink_allowed(): the protocol lets everyone do it, or CAP_NET_ADMIN. */
bool nl_allowed(const struct unl_sock *sk, unsigned int flag)
{
	return (sk->net->table[sk->protocol]->flags & flag) ||
	       cred_capable(&sk->cred, CAP_NET_ADMIN);
}

bool nl_is_kernel(const struct unl_sock *sk)
{
	return sk->flags & NLF_KERNEL;
}

void nl_data_ready(struct unl_sock *sk)
{
	pthread_cond_broadcast(&sk->wait);
	if (sk->ready_fn && !sk->ready_pending && !sk->dead) {
		sk->ready_pending = true;
		sock_hold(sk);
		sk->ready_next = sk->net->world->ready_list;
		sk->net->world->ready_list = sk;
	}
}

static bool test_group(const struct unl_sock *sk, unsigned int bit)
{
	return bit < sk->ngroups &&
	       (sk->groups[bit / BITS_PER_LONG] >> (bit % BITS_PER_LONG)) & 1;
}

/* ---- creation ---- */

static struct unl_sock *sock_alloc(struct unl_net *net, int protocol,
				   int type)
{
	struct unl_sock *sk = calloc(1, sizeof(*sk));
	pthread_condattr_t ca;

	if (!sk)
		return NULL;
	atomic_init(&sk->refcnt, 1);
	sk->net = net;
	sk->protocol = protocol;
	sk->type = type;
	sk->rcvbuf = net->rmem_default;
	sk->sndbuf = net->wmem_default;
	sk->rcvtimeo_ns = -1;
	sk->sndtimeo_ns = -1;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&sk->wait, &ca);
	pthread_condattr_destroy(&ca);

	sk->ino = ++net->world->next_sock_ino;
	sk->all_next = net->all;
	if (net->all)
		net->all->all_prev = sk;
	net->all = sk;
	net->nsocks++;
	return sk;
}

static void sock_unlink_all(struct unl_sock *sk)
{
	struct unl_net *net = sk->net;

	if (sk->all_prev)
		sk->all_prev->all_next = sk->all_next;
	else if (net->all == sk)
		net->all = sk->all_next;
	if (sk->all_next)
		sk->all_next->all_prev = sk->all_prev;
	sk->all_prev = sk->all_next = NULL;
	net->nsocks--;
}

int unl_socket(struct unl_net *net, int type, int protocol,
	       const struct unl_cred *cred, struct unl_sock **skp)
{
	int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct nl_table *tbl;
	struct unl_sock *sk;

	type &= ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	/* The syscall layer rejects unknown flags and types first. */
	if (type < 0 || type >= SOCK_TYPE_MAX)
		return -EINVAL;
	if (type != SOCK_RAW && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol < 0 || protocol >= UNL_MAX_LINKS)
		return -EPROTONOSUPPORT;

	net_lock(net);
	if (unl_net_load_protocol(net, protocol)) {
		net_unlock(net);
		return -EPROTONOSUPPORT;
	}
	{
		struct unl_fault f;

		if (nl_fault_hit(net, NL_FAULT_AT_SOCKET, protocol, NULL,
				 cred ? cred->pid : 0, &f)) {
			net_unlock(net);
			return -f.error;
		}
	}
	tbl = net->table[protocol];
	sk = sock_alloc(net, protocol, type);
	if (!sk) {
		net_unlock(net);
		return -ENOMEM;
	}
	sk->netlink_bind = tbl->bind;
	sk->netlink_unbind = tbl->unbind;
	sk->nonblock = flags & SOCK_NONBLOCK;
	if (cred)
		sk->cred = *cred;
	else
		unl_cred_from_process(&sk->cred);
	sk->file_caps = sk->cred.caps;
	net_unlock(net);
	*skp = sk;
	return 0;
}

void unl_sock_set_cred(struct unl_sock *sk, const struct unl_cred *cred)
{
	net_lock(sk->net);
	sk->cred = *cred;
	net_unlock(sk->net);
}

int unl_sock_set_nonblock(struct unl_sock *sk, bool nonblock)
{
	net_lock(sk->net);
	sk->nonblock = nonblock;
	net_unlock(sk->net);
	return 0;
}

void unl_sock_set_ready_cb(struct unl_sock *sk, unl_ready_fn fn, void *user)
{
	net_lock(sk->net);
	sk->ready_fn = fn;
	sk->ready_user = user;
	net_unlock(sk->net);
}

struct unl_net *unl_sock_net(const struct unl_sock *sk)
{
	return sk->net;
}

int unl_sock_protocol(const struct unl_sock *sk)
{
	return sk->protocol;
}

uint32_t unl_sock_portid(const struct unl_sock *sk)
{
	return sk->portid;
}

/* ---- portids ---- */

/*
 * netlink_insert(): give sk the portid.  As in Linux the portid is
 * recorded before the table says whether it is free, so a failed bind
 * leaves it visible to getsockname() until the socket is bound.
 */
static int nl_insert(struct unl_sock *sk, uint32_t portid)
{
	int err;

	if (sk->bound)
		return sk->portid == portid ? 0 : -EBUSY;
	sk->portid = portid;
	err = nl_hash_insert(sk->net->table[sk->protocol], sk);
	if (err)
		return err;
	sk->bound = true;
	return 0;
}

/*
 * netlink_autobind(): the process id first; on a collision, negative
 * portids, starting at a random point below -4096 and counting down, as
 * current Linux does.
 */
int nl_autobind(struct unl_sock *sk)
{
	struct unl_net *net = sk->net;
	int32_t portid = sk->cred.pid;
	int32_t rover = -4096;
	int err;

	for (;;) {
		if (nl_lookup(net, sk->protocol, (uint32_t)portid)) {
			if (rover == -4096)
				rover = INT32_MIN +
					(int32_t)(net_random(net) %
						  (uint32_t)(-4096 - (int64_t)INT32_MIN));
			else if (rover >= -4096)
				rover = -4097;
			portid = rover--;
			continue;
		}
		err = nl_insert(sk, (uint32_t)portid);
		if (err == -EADDRINUSE)
			continue;
		if (err == -EBUSY)
			err = 0;
		return err;
	}
}

/* ---- groups ---- */

void nl_update_listeners(struct unl_net *net, int protocol)
{
	struct nl_table *tbl = nl_table_of(net, protocol);
	size_t words = (tbl->groups + BITS_PER_LONG - 1) / BITS_PER_LONG;

	if (!tbl->listeners)
		return;
	memset(tbl->listeners, 0, words * sizeof(unsigned long));
	for (struct unl_sock *sk = tbl->mc_list; sk; sk = sk->mc_next)
		for (size_t i = 0; i < words && i * BITS_PER_LONG < sk->ngroups;
		     i++)
			tbl->listeners[i] |= sk->groups[i];
}

static void nl_update_subscriptions(struct unl_sock *sk,
				    unsigned int subscriptions)
{
	struct nl_table *tbl = sk->net->table[sk->protocol];

	if (!sk->subscriptions && subscriptions) {
		sk->mc_next = tbl->mc_list;
		tbl->mc_list = sk;
		sk->on_mc_list = true;
	} else if (sk->subscriptions && !subscriptions && sk->on_mc_list) {
		for (struct unl_sock **pp = &tbl->mc_list; *pp;
		     pp = &(*pp)->mc_next) {
			if (*pp == sk) {
				*pp = sk->mc_next;
				break;
			}
		}
		sk->mc_next = NULL;
		sk->on_mc_list = false;
	}
	sk->subscriptions = subscriptions;
}

/* netlink_realloc_groups(): size the socket's bitmap to the table's. */
static int nl_realloc_groups(struct unl_sock *sk)
{
	struct nl_table *tbl = sk->net->table[sk->protocol];
	size_t oldw, neww;
	unsigned long *ng;

	if (!tbl->registered)
		return -ENOENT;
	if (sk->ngroups >= tbl->groups)
		return 0;
	oldw = (sk->ngroups + BITS_PER_LONG - 1) / BITS_PER_LONG;
	neww = (tbl->groups + BITS_PER_LONG - 1) / BITS_PER_LONG;
	ng = realloc(sk->groups, neww * sizeof(unsigned long));
	if (!ng)
		return -ENOMEM;
	memset(ng + oldw, 0, (neww - oldw) * sizeof(unsigned long));
	sk->groups = ng;
	sk->ngroups = tbl->groups;
	return 0;
}

static void nl_update_socket_mc(struct unl_sock *sk, unsigned int group,
				bool is_new)
{
	unsigned int bit = group - 1;
	bool old = test_group(sk, bit);
	unsigned long m = 1UL << (bit % BITS_PER_LONG);

	if (is_new)
		sk->groups[bit / BITS_PER_LONG] |= m;
	else
		sk->groups[bit / BITS_PER_LONG] &= ~m;
	nl_update_subscriptions(sk, sk->subscriptions - old + is_new);
	nl_update_listeners(sk->net, sk->protocol);
}

static void nl_undo_bind(struct unl_sock *sk, unsigned int upto,
			 unsigned long groups)
{
	if (!sk->netlink_unbind)
		return;
	for (unsigned int g = 0; g < upto && g < 32; g++)
		if (groups & (1UL << g))
			sk->netlink_unbind(sk->net, (int)g + 1);
}

/* ---- bind, connect, names ---- */

static int check_addrlen(socklen_t addrlen)
{
	if ((int)addrlen < 0 || addrlen > sizeof(struct sockaddr_storage))
		return -EINVAL;
	return 0;
}

/* move_addr_to_kernel(): the caller's address, zero-padded, in *ss. */
static int addr_import(const struct sockaddr *addr, socklen_t addrlen,
		       struct sockaddr_storage *ss)
{
	int err = check_addrlen(addrlen);

	if (err)
		return err;
	if (addrlen && !addr)
		return -EFAULT;
	memset(ss, 0, sizeof(*ss));
	if (addrlen)
		memcpy(ss, addr, addrlen);
	return 0;
}

static int nl_bind(struct unl_sock *sk, const struct sockaddr_nl *nladdr,
		   socklen_t addrlen)
{
	unsigned long groups;
	int err;

	if (addrlen < sizeof(struct sockaddr_nl))
		return -EINVAL;
	if (nladdr->nl_family != AF_NETLINK)
		return -EINVAL;
	groups = nladdr->nl_groups;

	/* Only the privileged may listen, unless the protocol says so. */
	if (groups) {
		if (!nl_allowed(sk, UNL_CFG_F_NONROOT_RECV))
			return -EPERM;
		err = nl_realloc_groups(sk);
		if (err)
			return err;
	}
	if (sk->ngroups < BITS_PER_LONG)
		groups &= (1UL << sk->ngroups) - 1;

	if (sk->bound && nladdr->nl_pid != sk->portid)
		return -EINVAL;

	if (sk->netlink_bind && groups) {
		for (unsigned int g = 0; g < 32; g++) {
			if (!(groups & (1UL << g)))
				continue;
			err = sk->netlink_bind(sk->net, (int)g + 1);
			if (!err)
				continue;
			nl_undo_bind(sk, g, groups);
			return err;
		}
	}

	if (!sk->bound) {
		err = nladdr->nl_pid ? nl_insert(sk, nladdr->nl_pid)
				     : nl_autobind(sk);
		if (err) {
			nl_undo_bind(sk, 32, groups);
			return err;
		}
	}

	if (!groups && (!sk->groups || !(uint32_t)sk->groups[0]))
		return 0;

	nl_update_subscriptions(sk, sk->subscriptions + __builtin_popcountl(groups) -
					    __builtin_popcount((uint32_t)sk->groups[0]));
	sk->groups[0] = (sk->groups[0] & ~0xffffffffUL) | groups;
	nl_update_listeners(sk->net, sk->protocol);
	return 0;
}

/* A rule that fails this bind() (fault.c): -errno, else 0. */
static int bind_fault(struct unl_sock *sk)
{
	struct unl_fault f;

	if (nl_fault_hit(sk->net, NL_FAULT_AT_BIND, sk->protocol, NULL,
			 sk->cred.pid, &f))
		return -f.error;
	return 0;
}

int unl_bind(struct unl_sock *sk, const struct sockaddr *addr,
	     socklen_t addrlen)
{
	struct sockaddr_storage ss;
	int err = addr_import(addr, addrlen, &ss);

	if (err)
		return err;
	net_lock(sk->net);
	sk->net->world->current = &sk->cred;
	err = sk->dead ? -EBADF : bind_fault(sk);
	if (!err)
		err = nl_bind(sk, (struct sockaddr_nl *)&ss, addrlen);
	net_unlock(sk->net);
	return err;
}

static int nl_connect(struct unl_sock *sk, const struct sockaddr_nl *nladdr,
		      socklen_t alen)
{
	int err = 0;

	if (alen < sizeof(nladdr->nl_family))
		return -EINVAL;
	if (nladdr->nl_family == AF_UNSPEC) {
		sk->connected = false;
		sk->dst_portid = 0;
		sk->dst_group = 0;
		return 0;
	}
	if (nladdr->nl_family != AF_NETLINK)
		return -EINVAL;
	if (alen < sizeof(struct sockaddr_nl))
		return -EINVAL;
	if ((nladdr->nl_groups || nladdr->nl_pid) &&
	    !nl_allowed(sk, UNL_CFG_F_NONROOT_SEND))
		return -EPERM;
	if (!sk->bound)
		err = nl_autobind(sk);
	if (!err) {
		sk->connected = true;
		sk->dst_portid = nladdr->nl_pid;
		sk->dst_group = (uint32_t)__builtin_ffs((int)nladdr->nl_groups);
	}
	return err;
}

int unl_connect(struct unl_sock *sk, const struct sockaddr *addr,
		socklen_t addrlen)
{
	struct sockaddr_storage ss;
	int err = addr_import(addr, addrlen, &ss);

	if (err)
		return err;
	net_lock(sk->net);
	err = sk->dead ? -EBADF
		       : nl_connect(sk, (struct sockaddr_nl *)&ss, addrlen);
	net_unlock(sk->net);
	return err;
}

/* move_addr_to_user(): copy what fits, report the full length. */
int nl_put_addr(const struct sockaddr_nl *kaddr, socklen_t klen,
		struct sockaddr *uaddr, socklen_t *ulen)
{
	int len;

	if (!ulen)
		return -EFAULT;
	len = (int)*ulen;
	if (len > (int)klen)
		len = (int)klen;
	if (len < 0)
		return -EINVAL;
	if (len) {
		if (!uaddr)
			return -EFAULT;
		memcpy(uaddr, kaddr, (size_t)len);
	}
	*ulen = klen;
	return 0;
}

static int getname(struct unl_sock *sk, struct sockaddr *addr,
		   socklen_t *addrlen, bool peer)
{
	struct sockaddr_nl nladdr = { .nl_family = AF_NETLINK };

	net_lock(sk->net);
	if (peer) {
		nladdr.nl_pid = sk->dst_portid;
		nladdr.nl_groups = nl_group_mask(sk->dst_group);
	} else {
		nladdr.nl_pid = sk->portid;
		nladdr.nl_groups = sk->groups ? (uint32_t)sk->groups[0] : 0;
	}
	net_unlock(sk->net);
	return nl_put_addr(&nladdr, sizeof(nladdr), addr, addrlen);
}

int unl_getsockname(struct unl_sock *sk, struct sockaddr *addr,
		    socklen_t *addrlen)
{
	return getname(sk, addr, addrlen, false);
}

int unl_getpeername(struct unl_sock *sk, struct sockaddr *addr,
		    socklen_t *addrlen)
{
	return getname(sk, addr, addrlen, true);
}

/* ---- options ---- */

static int nl_setsockopt(struct unl_sock *sk, int optname,
			 const void *optval, socklen_t optlen)
{
	unsigned int val = 0;
	uint32_t flag = 0;
	int err;

	if (optlen >= sizeof(int)) {
		if (!optval)
			return -EFAULT;
		memcpy(&val, optval, sizeof(val));
	}

	switch (optname) {
	case NETLINK_PKTINFO:
		flag = NLF_RECV_PKTINFO;
		break;
	case NETLINK_ADD_MEMBERSHIP:
	case NETLINK_DROP_MEMBERSHIP:
		if (!nl_allowed(sk, UNL_CFG_F_NONROOT_RECV))
			return -EPERM;
		err = nl_realloc_groups(sk);
		if (err)
			return err;
		if (!val || val - 1 >= sk->ngroups)
			return -EINVAL;
		if (optname == NETLINK_ADD_MEMBERSHIP && sk->netlink_bind) {
			err = sk->netlink_bind(sk->net, (int)val);
			if (err)
				return err;
		}
		nl_update_socket_mc(sk, val, optname == NETLINK_ADD_MEMBERSHIP);
		if (optname == NETLINK_DROP_MEMBERSHIP && sk->netlink_unbind)
			sk->netlink_unbind(sk->net, (int)val);
		return 0;
	case NETLINK_BROADCAST_ERROR:
		flag = NLF_BROADCAST_SEND_ERROR;
		break;
	case NETLINK_NO_ENOBUFS:
		if (val) {
			sk->flags |= NLF_RECV_NO_ENOBUFS;
			sk->congested = false;
			pthread_cond_broadcast(&sk->wait);
		} else {
			sk->flags &= ~NLF_RECV_NO_ENOBUFS;
		}
		return 0;
	case NETLINK_LISTEN_ALL_NSID:
		if (!cred_capable(&sk->cred, CAP_NET_BROADCAST))
			return -EPERM;
		flag = NLF_LISTEN_ALL_NSID;
		break;
	case NETLINK_CAP_ACK:
		flag = NLF_CAP_ACK;
		break;
	case NETLINK_EXT_ACK:
		flag = NLF_EXT_ACK;
		break;
	case NETLINK_GET_STRICT_CHK:
		flag = NLF_STRICT_CHK;
		break;
	default:
		return -ENOPROTOOPT;
	}
	/* other nets' broadcasts look for such sockets only in the nets
	 * that have some */
	if (flag == NLF_LISTEN_ALL_NSID && !!val != !!(sk->flags & flag))
		world_listen_all(sk->net, val ? 1 : -1);
	if (val)
		sk->flags |= flag;
	else
		sk->flags &= ~flag;
	return 0;
}

static int nl_getsockopt(struct unl_sock *sk, int optname, void *optval,
			 socklen_t *optlen)
{
	int len = (int)*optlen, val;
	uint32_t flag;

	if (len < 0)
		return -EINVAL;
	switch (optname) {
	case NETLINK_PKTINFO:
		flag = NLF_RECV_PKTINFO;
		break;
	case NETLINK_BROADCAST_ERROR:
		flag = NLF_BROADCAST_SEND_ERROR;
		break;
	case NETLINK_NO_ENOBUFS:
		flag = NLF_RECV_NO_ENOBUFS;
		break;
	case NETLINK_LIST_MEMBERSHIPS: {
		/* Copy whole u32 words while they fit; report the size of
		 * the full bitmap. */
		for (int pos = 0; (unsigned int)pos * 8 < sk->ngroups;
		     pos += 4) {
			uint32_t w;

			if (len - pos < 4)
				break;
			w = (uint32_t)(sk->groups[pos / sizeof(unsigned long)] >>
				       ((pos % sizeof(unsigned long)) * 8));
			if (!optval)
				return -EFAULT;
			memcpy((char *)optval + pos, &w, 4);
		}
		*optlen = (socklen_t)(((sk->ngroups + 7) / 8 + 3) & ~3u);
		return 0;
	}
	case NETLINK_LISTEN_ALL_NSID:
		flag = NLF_LISTEN_ALL_NSID;
		break;
	case NETLINK_CAP_ACK:
		flag = NLF_CAP_ACK;
		break;
	case NETLINK_EXT_ACK:
		flag = NLF_EXT_ACK;
		break;
	case NETLINK_GET_STRICT_CHK:
		flag = NLF_STRICT_CHK;
		break;
	default:
		return -ENOPROTOOPT;
	}
	if (len < (int)sizeof(int))
		return -EINVAL;
	val = !!(sk->flags & flag);
	if (!optval)
		return -EFAULT;
	memcpy(optval, &val, sizeof(val));
	*optlen = sizeof(int);
	return 0;
}

/* Jiffies as the kernel rounds socket timeouts to them. */
static int64_t tick_ns(const struct unl_net *net)
{
	return 1000000000LL / net->hz;
}

/* sock_set_timeout() */
static int set_timeout(struct unl_sock *sk, int64_t *timeo,
		       const void *optval, socklen_t optlen)
{
	struct timeval tv;
	int64_t ticks;

	if (optlen < sizeof(tv))
		return -EINVAL;
	memcpy(&tv, optval, sizeof(tv));
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -EDOM;
	if (tv.tv_sec < 0) {
		*timeo = 0;
		return 0;
	}
	if (!tv.tv_sec && !tv.tv_usec) {
		*timeo = -1;
		return 0;
	}
	if (tv.tv_sec >= (INT64_MAX / 1000000000LL) - 1) {
		*timeo = -1;
		return 0;
	}
	ticks = (int64_t)tv.tv_sec * sk->net->hz +
		(tv.tv_usec + (1000000 / sk->net->hz) - 1) /
			(1000000 / sk->net->hz);
	*timeo = ticks * tick_ns(sk->net);
	return 0;
}

/* The value as an unsigned 32-bit number capped at the sysctl maximum:
 * Linux compares with min_t(u32, ...), so a negative value means "max". */
static int clamp_to_max(int val, uint32_t max)
{
	return (int)((uint32_t)val < max ? (uint32_t)val : max);
}

/* What SO_SNDBUF/SO_RCVBUF store: twice the request (for bookkeeping
 * overhead), never below the minimum. */
static uint32_t buf_size(int val, uint32_t min)
{
	uint32_t v;

	if (val > INT_MAX / 2)
		val = INT_MAX / 2;
	v = (uint32_t)val * 2;
	return v > min ? v : min;
}

static int sock_setopt(struct unl_sock *sk, int optname, const void *optval,
		       socklen_t optlen)
{
	struct unl_net *net = sk->net;
	int val;

	if (optlen < sizeof(int))
		return -EINVAL;
	if (!optval)
		return -EFAULT;
	memcpy(&val, optval, sizeof(val));

	switch (optname) {
	case SO_SNDBUF:
		sk->sndbuf = buf_size(clamp_to_max(val, net->wmem_max),
				      SOCK_MIN_SNDBUF);
		return 0;
	case SO_RCVBUF:
		sk->rcvbuf = buf_size(clamp_to_max(val, net->rmem_max),
				      SOCK_MIN_RCVBUF);
		return 0;
	case SO_SNDBUFFORCE:
	case SO_RCVBUFFORCE:
		/* The privileged may go beyond the sysctl maximum. */
		if (!cred_capable(&sk->cred, CAP_NET_ADMIN))
			return -EPERM;
		if (optname == SO_SNDBUFFORCE)
			sk->sndbuf = buf_size(val < 0 ? 0 : val, SOCK_MIN_SNDBUF);
		else
			sk->rcvbuf = buf_size(val < 0 ? 0 : val, SOCK_MIN_RCVBUF);
		return 0;
	case SO_PASSCRED:
		sk->passcred = val != 0;
		return 0;
	case SO_RCVTIMEO_OLD:
		return set_timeout(sk, &sk->rcvtimeo_ns, optval, optlen);
	case SO_SNDTIMEO_OLD:
		return set_timeout(sk, &sk->sndtimeo_ns, optval, optlen);
	case SO_ATTACH_FILTER:
		return nl_attach_filter(sk, optval, optlen);
	case SO_DETACH_FILTER:
		return nl_detach_filter(sk);
	case SO_LOCK_FILTER:
		if (sk->filter_locked && !val)
			return -EPERM;
		sk->filter_locked = val != 0;
		return 0;
	case SO_PRIORITY:
		if (val < 0 || (val > 6 &&
				!cred_capable(&sk->cred, CAP_NET_ADMIN) &&
				!cred_capable(&sk->cred, CAP_NET_RAW)))
			return -EPERM;
		sk->priority = val;
		return 0;
	case SO_DEBUG:
	case SO_REUSEADDR:
	case SO_KEEPALIVE:
	case SO_BROADCAST:
	case SO_DONTROUTE:
	case SO_OOBINLINE:
	case SO_TIMESTAMP_OLD:
	case SO_TIMESTAMPNS_OLD:
	case SO_RXQ_OVFL:
	case SO_WIFI_STATUS:
	case SO_NOFCS:
	case SO_SELECT_ERR_QUEUE:
	case SO_ZEROCOPY:
	case SO_BUSY_POLL:
		/* Accepted and remembered; they change nothing a netlink
		 * socket does. */
		return 0;
	case SO_PEEK_OFF:
		/* netlink has no sk_set_peek_off */
		return -EOPNOTSUPP;
	default:
		return -ENOPROTOOPT;
	}
}

int unl_setsockopt(struct unl_sock *sk, int level, int optname,
		   const void *optval, socklen_t optlen)
{
	int err;

	if ((int)optlen < 0)
		return -EINVAL;
	net_lock(sk->net);
	sk->net->world->current = &sk->cred;
	if (sk->dead)
		err = -EBADF;
	else if (level == SOL_SOCKET)
		err = sock_setopt(sk, optname, optval, optlen);
	else if (level == SOL_NETLINK)
		err = nl_setsockopt(sk, optname, optval, optlen);
	else
		err = -ENOPROTOOPT;
	net_unlock(sk->net);
	return err;
}

/* Copy an option value the way sk_getsockopt() does: truncated to the
 * caller's length, with the length actually copied reported back. */
static int put_opt(void *optval, socklen_t *optlen, const void *v, int lv)
{
	int len = (int)*optlen;

	if (len > lv)
		len = lv;
	if (len && !optval)
		return -EFAULT;
	memcpy(optval, v, (size_t)len);
	*optlen = (socklen_t)len;
	return 0;
}

static void get_timeout(const struct unl_sock *sk, int64_t timeo,
			struct timeval *tv)
{
	int64_t ticks;

	memset(tv, 0, sizeof(*tv));
	if (timeo < 0)
		return;
	ticks = timeo / tick_ns(sk->net);
	tv->tv_sec = ticks / sk->net->hz;
	tv->tv_usec = (ticks % sk->net->hz) * 1000000 / sk->net->hz;
}

static int sock_getopt(struct unl_sock *sk, int optname, void *optval,
		       socklen_t *optlen)
{
	struct timeval tv;
	uint32_t meminfo[9];
	int v = 0;

	if ((int)*optlen < 0)
		return -EINVAL;
	switch (optname) {
	case SO_TYPE:
		v = sk->type;
		break;
	case SO_PROTOCOL:
		v = sk->protocol;
		break;
	case SO_DOMAIN:
		v = AF_NETLINK;
		break;
	case SO_ERROR:
		v = sk->err;
		sk->err = 0;
		break;
	case SO_SNDBUF:
		v = (int)sk->sndbuf;
		break;
	case SO_RCVBUF:
		v = (int)sk->rcvbuf;
		break;
	case SO_PASSCRED:
		v = sk->passcred;
		break;
	case SO_RCVLOWAT:
		v = 1;
		break;
	case SO_PRIORITY:
		v = sk->priority;
		break;
	case SO_ACCEPTCONN:
	case SO_DEBUG:
	case SO_REUSEADDR:
	case SO_KEEPALIVE:
	case SO_BROADCAST:
	case SO_DONTROUTE:
	case SO_OOBINLINE:
		v = 0;
		break;
	case SO_LOCK_FILTER:
		v = sk->filter_locked;
		break;
	case SO_PEEK_OFF:
		v = -1;
		break;
	case SO_RCVTIMEO_OLD:
	case SO_SNDTIMEO_OLD:
		get_timeout(sk, optname == SO_RCVTIMEO_OLD ? sk->rcvtimeo_ns
							   : sk->sndtimeo_ns,
			    &tv);
		return put_opt(optval, optlen, &tv, sizeof(tv));
	case SO_MEMINFO:
		memset(meminfo, 0, sizeof(meminfo));
		meminfo[0] = sk->rmem_alloc; /* SK_MEMINFO_RMEM_ALLOC */
		meminfo[1] = sk->rcvbuf;     /* SK_MEMINFO_RCVBUF */
		meminfo[3] = sk->sndbuf;     /* SK_MEMINFO_SNDBUF */
		meminfo[8] = sk->drops;      /* SK_MEMINFO_DROPS */
		return put_opt(optval, optlen, meminfo, sizeof(meminfo));
	case SO_GET_FILTER:
		return nl_get_filter(sk, optval, optlen);
	default:
		return -ENOPROTOOPT;
	}
	return put_opt(optval, optlen, &v, sizeof(v));
}

int unl_getsockopt(struct unl_sock *sk, int level, int optname, void *optval,
		   socklen_t *optlen)
{
	int err;

	if (!optlen)
		return -EFAULT;
	net_lock(sk->net);
	if (sk->dead)
		err = -EBADF;
	else if (level == SOL_SOCKET)
		err = sock_getopt(sk, optname, optval, optlen);
	else if (level == SOL_NETLINK)
		err = nl_getsockopt(sk, optname, optval, optlen);
	else
		err = -ENOPROTOOPT;
	net_unlock(sk->net);
	return err;
}

int unl_poll(struct unl_sock *sk)
{
	int mask = 0;

	net_lock(sk->net);
	if (sk->err)
		mask |= POLLERR;
	if (sk->rq_head)
		mask |= POLLIN | POLLRDNORM;
	/* A netlink sender is never charged for what it sends. */
	mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	net_unlock(sk->net);
	return mask;
}

/* ---- release ---- */

/* netlink_release() for user sockets: called with the net locked. */
static void nl_release(struct unl_sock *sk)
{
	struct unl_net *net = sk->net;
	struct nl_table *tbl = net->table[sk->protocol];

	sk->dead = true;
	nl_grant_end(sk);
	if (sk->flags & NLF_LISTEN_ALL_NSID)
		world_listen_all(net, -1);
	if (sk->bound)
		nl_hash_remove(tbl, sk);
	if (sk->subscriptions) {
		nl_update_subscriptions(sk, 0);
		nl_update_listeners(net, sk->protocol);
	}
	if (sk->netlink_unbind)
		for (unsigned int i = 0; i < sk->ngroups; i++)
			if (test_group(sk, i))
				sk->netlink_unbind(net, (int)i + 1);
	if (sk->portid && sk->bound)
		nl_notify_release(net, sk->protocol, sk->portid);
	nl_dump_end(sk);
	nl_purge_queue(sk);
	sock_unlink_all(sk);
	/* Wake anyone blocked on it: they hold references and will see
	 * it is dead. */
	pthread_cond_broadcast(&sk->wait);
}

int unl_close(struct unl_sock *sk)
{
	struct unl_net *net;

	if (!sk)
		return -EBADF;
	net = sk->net;
	net_lock(net);
	if (sk->dead) {
		net_unlock(net);
		return -EBADF;
	}
	nl_release(sk);
	net_unlock(net);
	sock_put(sk);
	return 0;
}

/* ---- kernel sockets ---- */

int unl_kernel_create(struct unl_net *net, int unit,
		      const struct unl_kernel_cfg *cfg, struct unl_sock **skp)
{
	struct nl_table *tbl;
	unsigned int groups;
	struct unl_sock *sk;
	int err;

	if (unit < 0 || unit >= UNL_MAX_LINKS)
		return -EINVAL;
	tbl = nl_table_make(net, unit);
	if (!tbl)
		return -ENOMEM;
	groups = (!cfg || cfg->groups < 32) ? 32 : cfg->groups;

	sk = sock_alloc(net, unit, SOCK_DGRAM);
	if (!sk)
		return -ENOMEM;
	sk->flags |= NLF_KERNEL;
	sk->cred.caps = ~UINT64_C(0);
	sk->file_caps = sk->cred.caps;
	if (cfg) {
		sk->netlink_rcv = cfg->input;
		sk->kpriv = cfg->priv;
		sk->kioctl = cfg->ioctl;
	}
	err = nl_insert(sk, 0);
	if (err) {
		sock_unlink_all(sk);
		sock_put(sk);
		return err;
	}
	if (!tbl->registered) {
		size_t words = (groups + BITS_PER_LONG - 1) / BITS_PER_LONG;
		unsigned long *l = calloc(words, sizeof(unsigned long));

		if (!l) {
			nl_hash_remove(tbl, sk);
			sock_unlink_all(sk);
			sock_put(sk);
			return -ENOMEM;
		}
		free(tbl->listeners);
		tbl->listeners = l;
		tbl->groups = groups;
		tbl->flags = cfg ? cfg->flags : 0;
		tbl->bind = cfg ? cfg->bind : NULL;
		tbl->unbind = cfg ? cfg->unbind : NULL;
		tbl->ksk = sk;
		tbl->registered = 1;
	} else {
		tbl->registered++;
	}
	*skp = sk;
	return 0;
}

int unl_proto_register(struct unl_net *net, int unit,
		       const struct unl_kernel_cfg *cfg)
{
	unsigned int groups = cfg->groups < 32 ? 32 : cfg->groups;
	struct nl_table *tbl;
	unsigned long *l;

	if (unit < 0 || unit >= UNL_MAX_LINKS)
		return -EINVAL;
	tbl = nl_table_make(net, unit);
	if (!tbl)
		return -ENOMEM;
	if (tbl->registered)
		return -EEXIST;
	l = calloc((groups + BITS_PER_LONG - 1) / BITS_PER_LONG,
		   sizeof(unsigned long));
	if (!l)
		return -ENOMEM;
	free(tbl->listeners);
	tbl->listeners = l;
	tbl->groups = groups;
	tbl->flags = cfg->flags;
	tbl->bind = cfg->bind;
	tbl->unbind = cfg->unbind;
	tbl->registered = 1;
	return 0;
}

void unl_kernel_release(struct unl_sock *ksk)
{
	struct unl_net *net;
	struct nl_table *tbl;

	if (!ksk)
		return;
	net = ksk->net;
	tbl = net->table[ksk->protocol];
	ksk->dead = true;
	if (ksk->bound)
		nl_hash_remove(tbl, ksk);
	nl_purge_queue(ksk);
	sock_unlink_all(ksk);
	if (tbl->ksk == ksk)
		tbl->ksk = NULL;
	if (tbl->registered && --tbl->registered == 0) {
		free(tbl->listeners);
		tbl->listeners = NULL;
		tbl->bind = NULL;
		tbl->unbind = NULL;
		tbl->flags = 0;
		tbl->groups = 0;
	}
	sock_put(ksk);
}

void *unl_kernel_priv(const struct unl_sock *ksk)
{
	return ksk->kpriv;
}

struct unl_sock *unl_net_kernel_sock(struct unl_net *net, int protocol)
{
	if (protocol < 0 || protocol >= UNL_MAX_LINKS)
		return NULL;
	return nl_table_of(net, protocol)->ksk;
}

/* netlink_change_ngroups() */
int unl_change_ngroups(struct unl_sock *ksk, unsigned int groups)
{
	struct nl_table *tbl = ksk->net->table[ksk->protocol];
	size_t oldw, neww;
	unsigned long *l;

	if (groups < 32)
		groups = 32;
	if (groups <= tbl->groups)
		return 0;
	oldw = (tbl->groups + BITS_PER_LONG - 1) / BITS_PER_LONG;
	neww = (groups + BITS_PER_LONG - 1) / BITS_PER_LONG;
	if (neww > oldw) {
		l = realloc(tbl->listeners, neww * sizeof(unsigned long));
		if (!l)
			return -ENOMEM;
		memset(l + oldw, 0, (neww - oldw) * sizeof(unsigned long));
		tbl->listeners = l;
	}
	tbl->groups = groups;
	return 0;
}

/* Fails closed: outside a call on one of the net's sockets (a timer, a
 * protocol's own work) nobody is asking, and nobody holds a right. */
bool unl_net_capable(const struct unl_net *net, int cap)
{
	return net->world->current && cred_capable(net->world->current, cap);
}

void unl_clear_multicast_users(struct unl_sock *ksk, unsigned int group)
{
	struct nl_table *tbl = ksk->net->table[ksk->protocol];
	struct unl_sock *sk, *next;

	if (!group)
		return;
	for (sk = tbl->mc_list; sk; sk = next) {
		next = sk->mc_next;
		if (test_group(sk, group - 1))
			nl_update_socket_mc(sk, group, false);
	}
}

static bool table_has_listeners(const struct nl_table *tbl,
				unsigned int group)
{
	if (!group || group > tbl->groups || !tbl->listeners)
		return false;
	return (tbl->listeners[(group - 1) / BITS_PER_LONG] >>
		((group - 1) % BITS_PER_LONG)) & 1;
}

/* Linux's listeners bitmap is the machine's, not the namespace's: a
 * NETLINK_LISTEN_ALL_NSID socket in another net of the world that is
 * in the group is a listener too (only nets with such sockets are
 * looked at). */
/* request_module(): give the loader a chance to register it. */
int unl_net_load_protocol(struct unl_net *net, int protocol)
{
	if (protocol < 0 || protocol >= UNL_MAX_LINKS)
		return -EPROTONOSUPPORT;
	if (!nl_table_of(net, protocol)->registered && net->loader)
		net->loader(net, protocol, net->loader_user);
	return nl_table_of(net, protocol)->registered ? 0 : -EPROTONOSUPPORT;
}

bool unl_has_listeners(struct unl_sock *ksk, unsigned int group)
{
	const struct unl_net *net = ksk->net;

	if (table_has_listeners(net->table[ksk->protocol], group))
		return true;
	for (const struct unl_net *n = net->world->listen_all_nets; n;
	     n = n->listen_all_next)
		if (n != net &&
		    table_has_listeners(nl_table_of(n, ksk->protocol), group))
			return true;
	return false;
}

/* Used by deliver.c for broadcast eligibility. */
bool nl_sock_in_group(const struct unl_sock *sk, unsigned int group)
{
	return group && test_group(sk, group - 1);
}
