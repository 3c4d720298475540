// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness: every protocol's input, through unl_sendmsg(), on a
 * net made from the "full" profile with a fixed seed and a clock that
 * only the input moves.  The input is a small program of operations on
 * four sockets (tests/fuzz/README in docs/fuzzing.md):
 *
 *   op 0  SEND    sock, dest, flags, len16, bytes
 *   op 1  RECV    sock, flags
 *   op 2  SETOPT  sock, option, value32
 *   op 3  BIND    sock, groups32
 *   op 4  CLOCK   seconds8 (then the due timers run)
 *   op 5  REOPEN  sock, protocol
 *   op 6  CRED    sock, admin?
 *
 * so that sequences (create, then dump, then delete; a dump read in
 * parts; lifetimes ending) are reached, not only single requests.
 * Nothing is checked but what the sanitizers check: no crash, no leak,
 * no undefined behaviour, whatever the bytes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/capability.h>
#include <linux/netlink.h>

#include <unetlink/profile.h>
#include <unetlink/unetlink.h>

#include "nl_mutate.h"

/* Not exported: the test clock (src/core/internal.h). */
void unl_debug_set_clock(struct unl_net *net, int64_t (*fn)(void *user),
			 void *user);

enum { NSOCK = 4, MAX_SEND = 8192 };

/* The protocols the harness speaks; a new family adds itself here. */
static const int protocols[] = {
	NETLINK_ROUTE, NETLINK_GENERIC, NETLINK_USERSOCK, NETLINK_FIB_LOOKUP,
	NETLINK_XFRM, NETLINK_NETFILTER, NETLINK_SOCK_DIAG, NETLINK_AUDIT,
	NETLINK_KOBJECT_UEVENT, NETLINK_CONNECTOR, NETLINK_SELINUX,
};
#define NPROTO (sizeof(protocols) / sizeof(protocols[0]))

static const int options[] = {
	NETLINK_EXT_ACK,	NETLINK_CAP_ACK,     NETLINK_GET_STRICT_CHK,
	NETLINK_PKTINFO,	NETLINK_BROADCAST_ERROR, NETLINK_NO_ENOBUFS,
	NETLINK_LISTEN_ALL_NSID, NETLINK_ADD_MEMBERSHIP,
	NETLINK_DROP_MEMBERSHIP,
};
#define NOPT (sizeof(options) / sizeof(options[0]))

static struct unl_profile *full;

struct input {
	const uint8_t *p;
	size_t n;
};

static uint32_t take(struct input *in, int bytes)
{
	uint32_t v = 0;

	for (int i = 0; i < bytes && in->n; i++, in->p++, in->n--)
		v |= (uint32_t)*in->p << (8 * i);
	return v;
}

static int64_t fuzz_clock(void *user)
{
	return *(int64_t *)user;
}

static struct unl_sock *sock_open(struct unl_net *net, int protocol)
{
	struct unl_cred cred = { .pid = 1, .caps = UNL_CAP(CAP_NET_ADMIN) |
						   UNL_CAP(CAP_NET_BROADCAST) |
						   UNL_CAP(CAP_SYS_ADMIN) |
						   UNL_CAP(CAP_AUDIT_CONTROL) |
						   UNL_CAP(CAP_AUDIT_WRITE) };
	struct unl_sock *sk = NULL;

	if (unl_socket(net, SOCK_RAW | SOCK_NONBLOCK, protocol, &cred, &sk))
		return NULL;
	return sk;
}

static uint32_t portid_of(struct unl_sock *sk)
{
	struct sockaddr_nl sa = { 0 };
	socklen_t len = sizeof(sa);

	if (!sk || unl_getsockname(sk, (struct sockaddr *)&sa, &len))
		return 0;
	return sa.nl_pid;
}

/* SEND: to the kernel, or to another socket's portid, or to groups;
 * flag bit 0 makes nlmsg_len agree with what is sent, so that the
 * mutations reach the handlers more often than the length check. */
static void op_send(struct unl_sock **socks, struct input *in)
{
	static uint8_t buf[MAX_SEND] __attribute__((aligned(4)));
	struct unl_sock *sk = socks[take(in, 1) % NSOCK];
	uint32_t dest = take(in, 1), flags = take(in, 1);
	size_t len = take(in, 2) % MAX_SEND;
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };

	if (len > in->n)
		len = in->n;
	memcpy(buf, in->p, len);
	in->p += len;
	in->n -= len;
	if ((flags & 1) && len >= NLMSG_HDRLEN)
		((struct nlmsghdr *)buf)->nlmsg_len = (uint32_t)len;
	if (dest % (NSOCK + 1))
		to.nl_pid = portid_of(socks[dest % (NSOCK + 1) - 1]);
	if (flags & 2)
		to.nl_groups = 1u << (dest % 32);
	if (sk)
		unl_sendto(sk, buf, len, MSG_DONTWAIT, (struct sockaddr *)&to,
			   sizeof(to));
}

/* FUZZ_TRACE=1 prints each acknowledgement's error, to check that the
 * seed corpus's requests do what they are meant to. */
static bool trace;

static void trace_acks(const uint8_t *buf, ssize_t n)
{
	const struct nlmsghdr *h = (const void *)buf;

	while (n >= (ssize_t)sizeof(*h) && h->nlmsg_len >= sizeof(*h) &&
	       h->nlmsg_len <= (size_t)n) {
		if (h->nlmsg_type == NLMSG_ERROR)
			fprintf(stderr, "seq %u: error %d\n", h->nlmsg_seq,
				((const struct nlmsgerr *)NLMSG_DATA(h))->error);
		else
			fprintf(stderr, "seq %u: type %u\n", h->nlmsg_seq,
				h->nlmsg_type);
		n -= NLMSG_ALIGN(h->nlmsg_len);
		h = (const void *)((const uint8_t *)h +
				   NLMSG_ALIGN(h->nlmsg_len));
	}
}

static void op_recv(struct unl_sock **socks, struct input *in)
{
	static uint8_t buf[65536];
	struct unl_sock *sk = socks[take(in, 1) % NSOCK];
	uint32_t f = take(in, 1);
	int flags = MSG_DONTWAIT | ((f & 1) ? MSG_PEEK : 0) |
		    ((f & 2) ? MSG_TRUNC : 0);
	size_t len = (f & 4) ? 16 : sizeof(buf);

	for (int i = 0; sk && i < 64; i++) {
		ssize_t n = unl_recvfrom(sk, buf, len, flags, NULL, NULL);

		if (n > 0 && trace)
			trace_acks(buf, n < (ssize_t)len ? n : (ssize_t)len);
		if (n < 0 || (flags & MSG_PEEK))
			break;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	trace = getenv("FUZZ_TRACE") != NULL;
	return unl_profile_load("full", &full, NULL, 0) ? 1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unl_net_config cfg = { .profile = full, .has_seed = true,
				      .seed = 1 };
	struct input in = { data, size };
	struct unl_sock *socks[NSOCK] = { 0 };
	int64_t now = 1000000000;
	struct unl_net *net;

	if (unl_net_new_config(&net, &cfg))
		return 0;
	unl_debug_set_clock(net, fuzz_clock, &now);
	for (int i = 0; i < NSOCK; i++)
		socks[i] = sock_open(net, protocols[i % NPROTO]);
	for (int steps = 0; in.n && steps < 256; steps++) {
		uint32_t op = take(&in, 1) % 7, i, v;

		switch (op) {
		case 0:
			op_send(socks, &in);
			break;
		case 1:
			op_recv(socks, &in);
			break;
		case 2:
			i = take(&in, 1);
			v = take(&in, 4);
			if (socks[i % NSOCK])
				unl_setsockopt(socks[i % NSOCK], SOL_NETLINK,
					       options[(i / NSOCK) % NOPT], &v,
					       sizeof(v));
			break;
		case 3: {
			struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

			i = take(&in, 1) % NSOCK;
			sa.nl_groups = take(&in, 4);
			if (socks[i])
				unl_bind(socks[i], (struct sockaddr *)&sa,
					 sizeof(sa));
			break;
		}
		case 4:
			now += (int64_t)take(&in, 1) * 1000000000;
			unl_net_run_timers(net);
			break;
		case 5:
			i = take(&in, 1);
			if (socks[i % NSOCK])
				unl_close(socks[i % NSOCK]);
			socks[i % NSOCK] =
				sock_open(net, protocols[(i / NSOCK) % NPROTO]);
			break;
		default: {
			struct unl_cred user = { .pid = 2, .uid = 65534,
						 .gid = 65534 };

			i = take(&in, 1);
			if (socks[i % NSOCK] && (i & 0x80))
				unl_sock_set_cred(socks[i % NSOCK], &user);
			break;
		}
		}
	}
	for (int i = 0; i < NSOCK; i++)
		if (socks[i])
			unl_close(socks[i]);
	unl_net_free(net);
	return 0;
}

/* ---- the structure-aware mutator (nl_mutate.h) ---- */

/* Operand bytes after each op's byte; SEND's are followed by len16 %
 * MAX_SEND bytes. */
static const uint8_t operand_bytes[7] = { 5, 2, 5, 5, 1, 1, 1 };

struct op_at {
	size_t off, len; /* the whole op */
};

/* The complete ops of a program, at most max of them. */
static size_t ops_of(const uint8_t *d, size_t size, struct op_at *ops,
		     size_t max)
{
	size_t off = 0, n = 0;

	while (off < size && n < max) {
		size_t len = 1 + operand_bytes[d[off] % 7];

		if (off + len > size)
			break;
		if (d[off] % 7 == 0) {
			size_t b = (d[off + 4] | (size_t)d[off + 5] << 8) %
				   MAX_SEND;

			len += b < size - off - len ? b : size - off - len;
		}
		ops[n++] = (struct op_at){ off, len };
		off += len;
	}
	return n;
}

/* One SEND's message mutated as a netlink message. */
static size_t mutate_send(uint8_t *d, size_t size, size_t max,
			  const struct op_at *op, struct nl_rng *r)
{
	static uint8_t m[MAX_SEND];
	size_t len = op->len - 6, cap = MAX_SEND - 1, n;

	if (cap > max - (size - len))
		cap = max - (size - len);
	if (len > cap)
		return 0;
	memcpy(m, d + op->off + 6, len);
	n = nl_mutate_msg(m, len, cap, r);
	memmove(d + op->off + 6 + n, d + op->off + op->len,
		size - op->off - op->len);
	memcpy(d + op->off + 6, m, n);
	d[op->off + 4] = (uint8_t)n;
	d[op->off + 5] = (uint8_t)(n >> 8);
	d[op->off + 3] |= 1; /* nlmsg_len as sent */
	return size - len + n;
}

/* The program itself: an op repeated or dropped, a RECV added. */
static size_t mutate_program(uint8_t *d, size_t size, size_t max,
			     const struct op_at *ops, size_t nops,
			     struct nl_rng *r)
{
	const struct op_at *op = &ops[nl_rand(r, (uint32_t)nops)];
	static uint8_t copy[MAX_SEND + 8];

	switch (nl_rand(r, 3)) {
	case 0:
		if (size + op->len > max)
			return 0;
		memcpy(copy, d + op->off, op->len);
		memmove(d + op->off + op->len, d + op->off, size - op->off);
		memcpy(d + op->off, copy, op->len);
		return size + op->len;
	case 1:
		memmove(d + op->off, d + op->off + op->len,
			size - op->off - op->len);
		return size - op->len;
	default:
		if (size + 3 > max)
			return 0;
		memmove(d + op->off + op->len + 3, d + op->off + op->len,
			size - op->off - op->len);
		d[op->off + op->len] = 1;
		d[op->off + op->len + 1] = d[op->off + 1];
		d[op->off + op->len + 2] = 0;
		return size + 3;
	}
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max,
			       unsigned int seed);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max,
			       unsigned int seed)
{
	struct nl_rng r = { seed };
	struct op_at ops[256], *sends[256];
	size_t nops, nsends = 0, n = 0;

	if (nl_mutate_plain() || nl_rand(&r, 2))
		return LLVMFuzzerMutate(data, size, max);
	nops = ops_of(data, size, ops, 256);
	for (size_t i = 0; i < nops; i++)
		if (data[ops[i].off] % 7 == 0 && ops[i].len > 6)
			sends[nsends++] = &ops[i];
	if (nsends && nl_rand(&r, 4))
		n = mutate_send(data, size, max,
				sends[nl_rand(&r, (uint32_t)nsends)], &r);
	else if (nops)
		n = mutate_program(data, size, max, ops, nops, &r);
	return n ? n : LLVMFuzzerMutate(data, size, max);
}
