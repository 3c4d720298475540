// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness: a served family's description (struct
 * unl_wire_family, what SVC_REGISTER carries) and everything the daemon
 * builds from it: the proxy family's policies as the core validates
 * requests against them, nlctrl's view of it (GETFAMILY, GETPOLICY
 * dumps of hostile policies), and the server's answers (dump messages,
 * acknowledgements with extended ACKs pointing into its policies,
 * unicasts and multicasts).  One daemon runs in a thread for the whole
 * run (fuzz_daemon.c); the harness is both the serving process and a
 * client of the family.
 *
 * Input:
 *
 *   len16   the description's size, then that many bytes: the payload
 *           of the SVC_REGISTER record
 *   steps   if it registered, each one byte then its operands:
 *     % 4 = 0  REQUEST  cmd8, flags8 (bit 0 a dump, bit 1 an ACK),
 *                       len16, the attributes after the genl header;
 *                       each request the server gets is answered from
 *                       the input: mode8 (bit 0 dump messages first:
 *                       len16 and bytes; bit 1 a unicast to the
 *                       requester: len16 and bytes; bit 7 their
 *                       nlmsg_type as they are, else the family's),
 *                       then struct
 *                       unl_wire_svc_done as it is, its msg_len % 64
 *                       bytes of message
 *     % 4 = 1  GETFAMILY of the family, by id
 *     % 4 = 2  GETPOLICY dump of the family, op8 (0: every op)
 *     % 4 = 3  MCAST    group8, how8 (% 3 the UNL_SVC_MC_* mode, bit
 *                       7 as for answers), len16 and one message
 *
 * Between inputs the family is unregistered on the same service
 * connection, so that the next input's registration comes after it.
 */
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "wire/wire.h"
#include "fuzz_daemon.h"

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

/* Up to want bytes of the input, in *len. */
static const uint8_t *take_bytes(struct input *in, size_t want, size_t *len)
{
	const uint8_t *p = in->p;

	*len = want < in->n ? want : in->n;
	in->p += *len;
	in->n -= *len;
	return p;
}

static uint8_t buf[UNL_WIRE_MAX_RECORD + 64] __attribute__((aligned(8)));

static bool record(int fd, uint32_t op, uint32_t sock, int32_t a0, int32_t a1,
		   int32_t a2, int32_t a3, const void *p1, size_t n1,
		   const void *p2, size_t n2)
{
	static uint8_t out[UNL_WIRE_MAX_RECORD] __attribute__((aligned(8)));
	struct unl_wire_req r = { .op = op, .sock = sock, .a0 = a0, .a1 = a1,
				  .a2 = a2, .a3 = a3,
				  .len = (uint32_t)(n1 + n2) };

	if (sizeof(r) + n1 + n2 > sizeof(out))
		return false;
	memcpy(out, &r, sizeof(r));
	if (n1)
		memcpy(out + sizeof(r), p1, n1);
	if (n2)
		memcpy(out + sizeof(r) + n1, p2, n2);
	return send(fd, out, sizeof(r) + n1 + n2, MSG_NOSIGNAL) >= 0;
}

/* ---- the serving process ---- */

static int svc = -1;      /* its connection, kept across inputs */
static uint32_t family;   /* the id the input's description got, 0 none */
static uint32_t mcgrp;    /* its first multicast group's id, 0 none */
static uint32_t token;

static void svc_reset(void)
{
	if (svc >= 0)
		close(svc);
	svc = fuzz_daemon_dial();
	fuzz_daemon_hello(svc);
}

/* SVC_REGISTER with the input's description: the family's id, or 0. */
static uint32_t svc_register(const uint8_t *desc, size_t len)
{
	struct unl_wire_svc *h = (void *)buf;

	if (svc < 0)
		svc_reset();
	if (!record(svc, UNL_OP_SVC_REGISTER, 0, (int32_t)++token, 0, 0, 0,
		    desc, len, NULL, 0))
		goto gone;
	/* answers to requests of an earlier input may come first */
	for (;;) {
		long n = fuzz_daemon_read(svc, 5000, buf, sizeof(buf));

		if (n <= 0)
			goto gone;
		if (n >= (long)sizeof(*h) && h->kind == UNL_SVC_REGISTERED &&
		    h->id == token)
			break;
	}
	if (fuzz_trace)
		fprintf(stderr, "register: %d\n", h->ret);
	mcgrp = h->mcgrp_offset;
	return h->ret > 0 ? (uint32_t)h->ret : 0;
gone:
	svc_reset();
	return 0;
}

/* A copy of n bytes of messages made the family's (nlmsg_type is its
 * id, which the input could not know), unless raw: a server may send
 * only its own families' messages. */
static const uint8_t *own(const uint8_t *p, size_t n, bool raw)
{
	static uint8_t m[65536] __attribute__((aligned(4)));
	struct nlmsghdr h;

	memcpy(m, p, n);
	for (size_t off = 0; !raw && off + NLMSG_HDRLEN <= n;) {
		memcpy(&h, m + off, sizeof(h));
		h.nlmsg_type = (uint16_t)family;
		memcpy(m + off, &h, sizeof(h));
		if (h.nlmsg_len < NLMSG_HDRLEN)
			break;
		/* not NLMSG_ALIGN: a length near 4 GiB would wrap to 0 */
		off += ((size_t)h.nlmsg_len + 3) & ~(size_t)3;
	}
	return m;
}

/* The server's answer to one request, as the input says. */
static void svc_answer(const struct unl_wire_svc *h, struct input *in)
{
	struct unl_wire_svc_net net = { .net = h->net };
	struct unl_wire_svc_done dn = { 0 };
	uint32_t mode = take(in, 1);
	const uint8_t *p;
	size_t n;

	if (mode & 1) {
		p = take_bytes(in, take(in, 2), &n);
		record(svc, UNL_OP_SVC_REPLY, 0, (int32_t)h->id, 0, 0, 0,
		       own(p, n, mode & 0x80), n, NULL, 0);
	}
	if (mode & 2) {
		p = take_bytes(in, take(in, 2), &n);
		record(svc, UNL_OP_SVC_UNICAST, 0, (int32_t)h->portid, 0, 0, 0,
		       &net, sizeof(net), own(p, n, mode & 0x80), n);
	}
	p = take_bytes(in, sizeof(dn), &n);
	memcpy(&dn, p, n);
	dn.msg_len %= 64;
	p = take_bytes(in, dn.msg_len, &n);
	dn.msg_len = (uint32_t)n;
	record(svc, UNL_OP_SVC_DONE, 0, (int32_t)h->id, 0, 0, 0, &dn,
	       sizeof(dn), p, n);
}

/* Whatever the daemon wrote to the service connection: requests are
 * answered; false when it hung up (the next input dials again). */
static bool svc_serve(struct input *in)
{
	const struct unl_wire_svc *h = (void *)buf;
	long n = fuzz_daemon_read(svc, 0, buf, sizeof(buf));

	if (n == 0 && recv(svc, buf, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
		return false;
	if (fuzz_trace && n >= (long)sizeof(*h))
		fprintf(stderr, "server: kind %u id %u\n", h->kind, h->id);
	if (n >= (long)sizeof(*h) && h->kind == UNL_SVC_REQUEST)
		svc_answer(h, in);
	return n >= 0;
}

/* ---- the client of the family ---- */

struct client {
	int fd;       /* control connection */
	int data;     /* the data socket of its genl socket */
	uint32_t sock;
};

static bool client_open(struct client *c)
{
	const struct unl_wire_rep *rep = (void *)buf;

	c->fd = fuzz_daemon_dial();
	fuzz_daemon_hello(c->fd);
	if (!record(c->fd, UNL_OP_CREATE, 0, SOCK_RAW, NETLINK_GENERIC, 0, 0,
		    NULL, 0, NULL, 0) ||
	    fuzz_daemon_read(c->fd, 5000, buf, sizeof(buf)) <
		    (long)sizeof(*rep) ||
	    rep->ret <= 0 || fuzz_npassed < 1)
		return false;
	c->sock = (uint32_t)rep->ret;
	c->data = fuzz_passed[0];
	/* in the family's first group, to hear what MCAST sends */
	if (mcgrp &&
	    (!record(c->fd, UNL_OP_SETSOCKOPT, c->sock, SOL_NETLINK,
		     NETLINK_ADD_MEMBERSHIP, 0, 0, &mcgrp, sizeof(mcgrp), NULL,
		     0) ||
	     fuzz_daemon_read(c->fd, 5000, buf, sizeof(buf)) <= 0))
		return false;
	return true;
}

/* FUZZ_TRACE=1: what each datagram the client gets says. */
static void trace_dgram(long n)
{
	const size_t off = sizeof(struct unl_wire_dgram);
	struct nlmsghdr h;
	int32_t err;

	if (n < (long)(off + sizeof(h) + sizeof(err)))
		return;
	memcpy(&h, buf + off, sizeof(h));
	memcpy(&err, buf + off + sizeof(h), sizeof(err));
	if (h.nlmsg_type == NLMSG_ERROR || h.nlmsg_type == NLMSG_DONE)
		fprintf(stderr, "client: %s %d\n",
			h.nlmsg_type == NLMSG_DONE ? "done" : "error", err);
	else
		fprintf(stderr, "client: type %u, %u bytes\n", h.nlmsg_type,
			h.nlmsg_len);
}

/* Read the data socket dry, reporting what was taken so that dumps go
 * on; a bounded number of rounds. */
static void client_drain(struct client *c, struct input *in)
{
	for (int round = 0; round < 16; round++) {
		int taken = 0;

		long n;

		while (taken < 256 &&
		       (n = recv(c->data, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
			taken++;
			if (fuzz_trace)
				trace_dgram(n);
		}
		if (!taken)
			return;
		if (!record(c->fd, UNL_OP_CONSUME, c->sock, taken, 65536, 1, 0,
			    NULL, 0, NULL, 0))
			return;
		for (int i = 0; i < 100; i++) {
			struct pollfd p[2] = { { .fd = c->fd, .events = POLLIN },
					       { .fd = svc, .events = POLLIN } };

			if (poll(p, 2, 50) <= 0)
				return;
			if ((p[1].revents & POLLIN) && !svc_serve(in))
				return;
			if (p[0].revents &&
			    fuzz_daemon_read(c->fd, 0, buf, sizeof(buf)) != 0)
				break;
		}
	}
}

/* One request on the client's socket; the server answers it meanwhile.
 * The SENDMSG's answer comes once every request of it is answered. */
static void client_send(struct client *c, struct input *in, const void *msg,
			size_t len)
{
	if (!record(c->fd, UNL_OP_SENDMSG, c->sock, 0, 0, 0, (int32_t)len, msg,
		    len, NULL, 0))
		return;
	for (int i = 0; i < 100; i++) {
		struct pollfd p[2] = { { .fd = c->fd, .events = POLLIN },
				       { .fd = svc, .events = POLLIN } };

		if (poll(p, 2, 50) <= 0)
			break;
		if ((p[1].revents & (POLLIN | POLLHUP)) && !svc_serve(in))
			break;
		if (p[0].revents) {
			long n = fuzz_daemon_read(c->fd, 0, buf, sizeof(buf));

			if (fuzz_trace && n >= (long)sizeof(struct unl_wire_rep))
				fprintf(stderr, "sendmsg: %d\n",
					((struct unl_wire_rep *)buf)->ret);
			break;
		}
	}
	client_drain(c, in);
}

/* nlmsghdr, genlmsghdr, then the attributes */
static size_t genl_msg(uint8_t *m, uint16_t type, uint16_t flags, uint8_t cmd,
		       const void *attrs, size_t alen)
{
	struct nlmsghdr nlh = { .nlmsg_len = (uint32_t)(NLMSG_HDRLEN +
							GENL_HDRLEN + alen),
				.nlmsg_type = type,
				.nlmsg_flags = flags,
				.nlmsg_seq = 1 };
	struct genlmsghdr g = { .cmd = cmd, .version = 1 };

	memcpy(m, &nlh, sizeof(nlh));
	memcpy(m + NLMSG_HDRLEN, &g, sizeof(g));
	memcpy(m + NLMSG_HDRLEN + GENL_HDRLEN, attrs, alen);
	return nlh.nlmsg_len;
}

static void step_request(struct client *c, struct input *in)
{
	static uint8_t m[8192];
	uint8_t cmd = (uint8_t)take(in, 1), f = (uint8_t)take(in, 1);
	uint16_t flags = NLM_F_REQUEST | ((f & 1) ? NLM_F_DUMP : 0) |
			 ((f & 2) ? NLM_F_ACK : 0);
	size_t alen;
	const uint8_t *a = take_bytes(in, take(in, 2),
				      &alen);

	if (alen > sizeof(m) - NLMSG_HDRLEN - GENL_HDRLEN)
		alen = sizeof(m) - NLMSG_HDRLEN - GENL_HDRLEN;
	client_send(c, in, m,
		    genl_msg(m, (uint16_t)family, flags, cmd, a, alen));
}

/* CTRL_ATTR_FAMILY_ID, and CTRL_ATTR_OP when op is not 0 */
static void step_ctrl(struct client *c, struct input *in, uint8_t cmd,
		      uint16_t flags, uint32_t op)
{
	uint8_t m[64], a[16] = { 0 };
	struct nlattr id = { .nla_len = 6, .nla_type = CTRL_ATTR_FAMILY_ID };
	struct nlattr opa = { .nla_len = 8, .nla_type = CTRL_ATTR_OP };
	uint16_t fid = (uint16_t)family;
	size_t alen = 8;

	memcpy(a, &id, sizeof(id));
	memcpy(a + 4, &fid, sizeof(fid));
	if (op) {
		memcpy(a + 8, &opa, sizeof(opa));
		memcpy(a + 12, &op, sizeof(op));
		alen = 16;
	}
	client_send(c, in, m,
		    genl_msg(m, GENL_ID_CTRL, NLM_F_REQUEST | flags, cmd, a,
			     alen));
}

static void step_mcast(struct client *c, struct input *in)
{
	struct unl_wire_svc_net net = { .net = UNL_SVC_NET_HOME };
	int32_t grp = (int32_t)take(in, 1);
	uint32_t how = take(in, 1);
	const uint8_t *p;
	size_t n;

	p = take_bytes(in, take(in, 2), &n);
	record(svc, UNL_OP_SVC_MCAST, 0, (int32_t)family, grp, 0,
	       (int32_t)(how % 3), &net, sizeof(net), own(p, n, how & 0x80),
	       n);
	/* nothing says when the daemon has read the record: a short wait */
	poll(&(struct pollfd){ .fd = c->data, .events = POLLIN }, 1, 20);
	client_drain(c, in);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return fuzz_daemon_start() ? 1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct client c = { .fd = -1, .data = -1 };
	const uint8_t *desc;
	size_t dlen;

	desc = take_bytes(&in, take(&in, 2), &dlen);
	family = svc_register(desc, dlen);
	if (family && client_open(&c)) {
		for (int steps = 0; in.n && steps < 32; steps++) {
			if (fuzz_trace)
				fprintf(stderr, "step %u, %zu bytes left\n",
					in.p[0] % 4, in.n);
			switch (take(&in, 1) % 4) {
			case 0:
				step_request(&c, &in);
				break;
			case 1:
				step_ctrl(&c, &in, CTRL_CMD_GETFAMILY, 0, 0);
				break;
			case 2:
				step_ctrl(&c, &in, CTRL_CMD_GETPOLICY,
					  NLM_F_DUMP, take(&in, 1));
				break;
			default:
				step_mcast(&c, &in);
				break;
			}
		}
	}
	if (c.fd >= 0)
		close(c.fd);
	fuzz_daemon_close_kept();
	if (family && svc >= 0 &&
	    !record(svc, UNL_OP_SVC_UNREGISTER, 0, (int32_t)family, 0, 0, 0,
		    NULL, 0, NULL, 0))
		svc_reset();
	family = 0;
	return 0;
}
