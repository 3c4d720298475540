// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The soak (issue 18): N client processes do random valid and invalid
 * netlink operations for a set time, each checking what it gets against
 * a model of what it asked:
 *   - every request sent with NLM_F_ACK is answered exactly once, with
 *     its own sequence number, and a dump ends with exactly one
 *     NLMSG_DONE; nothing arrives that was not asked for;
 *   - a USERSOCK datagram sent to one of the client's own sockets
 *     arrives intact and in order (or the overrun is reported, ENOBUFS);
 *   - invalid operations fail with the errno Linux gives them;
 *   - no socket is left behind (closing is the client's last act).
 * It runs the same against the kernel (a fresh `unshare -n`) and under
 * `unetlink run`: the model's expectations are checked against Linux as
 * well.  The daemon's memory and sockets are watched from outside
 * (tests/soak/soak.sh).
 *
 *   soak [--clients N] [--seconds T] [--seed S]
 * Prints one line per client and a summary; exit status 1 when an
 * invariant broke.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#define MAX_SOCKS 6

struct ssock {
	int fd;
	int protocol;
	uint32_t portid;  /* 0 until bound */
	uint32_t next_in; /* USERSOCK: the next number expected to arrive */
	uint32_t next_out; /* the next number sent to it */
};

struct client {
	int id;
	uint64_t rng;
	uint32_t seq;
	struct ssock s[MAX_SOCKS];
	int n;
	unsigned long ops, acks, dumps, datagrams, overruns, refused;
	int failures;
	int links; /* veths made, named after the client */
};

static unsigned char buf[1 << 16] __attribute__((aligned(4)));

#define FAILF(c, ...)                                                      \
	do {                                                               \
		fprintf(stderr, "soak client %d: ", (c)->id);              \
		fprintf(stderr, __VA_ARGS__);                              \
		fputc('\n', stderr);                                       \
		(c)->failures++;                                           \
	} while (0)

static uint32_t rnd(struct client *c, uint32_t n)
{
	/* xorshift64*: reproducible from --seed */
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return (uint32_t)((c->rng * UINT64_C(2685821657736338717)) >> 33) % n;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- sockets ----------------------------------------------------------- */

static void sock_open(struct client *c)
{
	static const int protos[] = { NETLINK_USERSOCK, NETLINK_USERSOCK,
				      NETLINK_ROUTE, NETLINK_GENERIC };
	struct ssock *s = &c->s[c->n];
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(a);
	int one = 1;

	memset(s, 0, sizeof(*s));
	s->protocol = protos[rnd(c, 4)];
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, s->protocol);
	if (s->fd < 0) {
		FAILF(c, "socket(%d): %s", s->protocol, strerror(errno));
		return;
	}
	setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (bind(s->fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(s->fd, (struct sockaddr *)&a, &len) < 0 ||
	    a.nl_pid == 0) {
		FAILF(c, "autobind: %s", strerror(errno));
		close(s->fd);
		return;
	}
	s->portid = a.nl_pid;
	c->n++;
}

static void sock_close(struct client *c, int i)
{
	close(c->s[i].fd);
	c->s[i] = c->s[--c->n];
}

/* ---- requests and their answers --------------------------------------- */

struct req {
	struct nlmsghdr nh;
	unsigned char body[512];
};

static void *req_init(struct req *r, uint16_t type, uint16_t flags,
		      size_t hdrlen)
{
	memset(r, 0, sizeof(*r));
	r->nh.nlmsg_len = NLMSG_LENGTH(hdrlen);
	r->nh.nlmsg_type = type;
	r->nh.nlmsg_flags = NLM_F_REQUEST | flags;
	return NLMSG_DATA(&r->nh);
}

static void req_attr(struct req *r, uint16_t type, const void *v, size_t len)
{
	struct nlattr *a = (struct nlattr *)((char *)r +
					     NLMSG_ALIGN(r->nh.nlmsg_len));

	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy((char *)a + NLA_HDRLEN, v, len);
	r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static struct nlattr *req_nest(struct req *r, uint16_t type)
{
	struct nlattr *a = (struct nlattr *)((char *)r +
					     NLMSG_ALIGN(r->nh.nlmsg_len));

	req_attr(r, type, NULL, 0);
	return a;
}

static void req_nest_end(struct req *r, struct nlattr *a)
{
	a->nla_len = (uint16_t)((char *)r + r->nh.nlmsg_len - (char *)a);
}

/*
 * Send r to the kernel side of s and read until its answer: for a dump
 * the messages and one NLMSG_DONE, else (NLM_F_ACK) one NLMSG_ERROR.
 * Every message must carry r's sequence number.  Returns the ACK's
 * error (0 for a dump), or 1 when the invariant broke.
 */
static int transact(struct client *c, struct ssock *s, struct req *r)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	bool dump = (r->nh.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	uint32_t seq = ++c->seq;
	int replies = 0;

	r->nh.nlmsg_seq = seq;
	if (sendto(s->fd, r, r->nh.nlmsg_len, 0, (struct sockaddr *)&k,
		   sizeof(k)) != (ssize_t)r->nh.nlmsg_len) {
		FAILF(c, "sendto: %s", strerror(errno));
		return 1;
	}
	for (;;) {
		struct pollfd p = { .fd = s->fd, .events = POLLIN };
		struct nlmsghdr *nh = (struct nlmsghdr *)buf;
		ssize_t n;
		int rem;

		if (poll(&p, 1, 10000) != 1) {
			FAILF(c, "request type %u seq %u: no answer in 10 s",
			      r->nh.nlmsg_type, seq);
			return 1;
		}
		n = recv(s->fd, buf, sizeof(buf), 0);
		if (n < 0) {
			FAILF(c, "recv: %s", strerror(errno));
			return 1;
		}
		for (rem = (int)n; NLMSG_OK(nh, rem); nh = NLMSG_NEXT(nh, rem)) {
			if (nh->nlmsg_seq != seq) {
				FAILF(c, "type %u seq %u arrived while waiting "
				      "for seq %u", nh->nlmsg_type,
				      nh->nlmsg_seq, seq);
				return 1;
			}
			if (nh->nlmsg_type == NLMSG_DONE && dump) {
				c->dumps++;
				return 0;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nh);

				c->acks++;
				if (dump && e->error == 0) {
					FAILF(c, "a dump ACKed with 0");
					return 1;
				}
				return e->error;
			}
			replies++;
		}
	}
}

/* Nothing may be waiting on s: every answer was taken by transact(). */
static void nothing_left(struct client *c, struct ssock *s)
{
	ssize_t n = recv(s->fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n >= 0)
		FAILF(c, "%zd unasked bytes on a %d socket", n, s->protocol);
}

/* ---- the operations ---------------------------------------------------- */

static void op_usersock(struct client *c, struct ssock *s)
{
	struct ssock *to = NULL;
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	uint32_t v[64];

	for (int i = 0; i < c->n; i++)
		if (c->s[i].protocol == NETLINK_USERSOCK &&
		    &c->s[i] != s && rnd(c, 2))
			to = &c->s[i];
	if (!to)
		return;
	a.nl_pid = to->portid;
	for (size_t i = 0; i < 64; i++)
		v[i] = to->next_out * 2654435761u + (uint32_t)i;
	v[0] = to->next_out;
	if (sendto(s->fd, v, sizeof(v), MSG_DONTWAIT, (struct sockaddr *)&a,
		   sizeof(a)) == sizeof(v))
		to->next_out++;
	else if (errno != EAGAIN)
		FAILF(c, "usersock send: %s", strerror(errno));
}

static void op_drain(struct client *c, struct ssock *s)
{
	uint32_t v[64];
	ssize_t n;

	if (s->protocol != NETLINK_USERSOCK)
		return;
	while ((n = recv(s->fd, v, sizeof(v), MSG_DONTWAIT)) >= 0 ||
	       errno == ENOBUFS) {
		if (n < 0) {
			/* the overrun lost some: take up from what comes */
			c->overruns++;
			s->next_in = UINT32_MAX;
			continue;
		}
		if (n != sizeof(v)) {
			FAILF(c, "usersock datagram of %zd bytes", n);
			return;
		}
		if (s->next_in != UINT32_MAX && v[0] != s->next_in)
			FAILF(c, "datagram %u arrived, %u expected", v[0],
			      s->next_in);
		for (size_t i = 1; i < 64; i++)
			if (v[i] != v[0] * 2654435761u + (uint32_t)i) {
				FAILF(c, "datagram %u corrupt", v[0]);
				break;
			}
		s->next_in = v[0] + 1;
		c->datagrams++;
	}
	if (errno != EAGAIN)
		FAILF(c, "usersock recv: %s", strerror(errno));
}

static void op_route(struct client *c, struct ssock *s)
{
	struct req r;
	struct ifinfomsg *ifm;
	char name[IFNAMSIZ], peer[IFNAMSIZ];
	int err, k = (int)rnd(c, 4);

	snprintf(name, sizeof(name), "s%dv%d", c->id, c->links % 8);
	snprintf(peer, sizeof(peer), "s%dp%d", c->id, c->links % 8);
	switch (rnd(c, 4)) {
	case 0: /* a dump */
		ifm = req_init(&r, k ? RTM_GETLINK : RTM_GETADDR, NLM_F_DUMP,
			       sizeof(*ifm));
		transact(c, s, &r);
		break;
	case 1: { /* a veth pair: made, or it exists */
		struct nlattr *li, *data, *pe;
		struct ifinfomsg pm = { 0 };

		ifm = req_init(&r, RTM_NEWLINK,
			       NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK,
			       sizeof(*ifm));
		req_attr(&r, IFLA_IFNAME, name, strlen(name) + 1);
		li = req_nest(&r, IFLA_LINKINFO);
		req_attr(&r, IFLA_INFO_KIND, "veth", 5);
		data = req_nest(&r, IFLA_INFO_DATA);
		pe = req_nest(&r, VETH_INFO_PEER);
		memcpy((char *)&r + r.nh.nlmsg_len, &pm, sizeof(pm));
		r.nh.nlmsg_len += NLMSG_ALIGN(sizeof(pm));
		req_attr(&r, IFLA_IFNAME, peer, strlen(peer) + 1);
		req_nest_end(&r, pe);
		req_nest_end(&r, data);
		req_nest_end(&r, li);
		err = transact(c, s, &r);
		if (err != 0 && err != -EEXIST && err != 1)
			FAILF(c, "veth add: %s", strerror(-err));
		break;
	}
	case 2: /* deleted, or it is not there */
		ifm = req_init(&r, RTM_DELLINK, NLM_F_ACK, sizeof(*ifm));
		req_attr(&r, IFLA_IFNAME, name, strlen(name) + 1);
		err = transact(c, s, &r);
		if (err != 0 && err != -ENODEV && err != 1)
			FAILF(c, "link del: %s", strerror(-err));
		if (!err)
			c->links++;
		break;
	default: /* a request type no handler has: EOPNOTSUPP */
		req_init(&r, RTM_MAX + 1, NLM_F_ACK, sizeof(struct rtgenmsg));
		err = transact(c, s, &r);
		if (err != -EOPNOTSUPP && err != 1)
			FAILF(c, "unknown type: %d, not EOPNOTSUPP", err);
		break;
	}
	nothing_left(c, s);
}

static void op_genl(struct client *c, struct ssock *s)
{
	struct req r;
	struct genlmsghdr *g = req_init(&r, GENL_ID_CTRL,
					rnd(c, 2) ? NLM_F_DUMP : NLM_F_ACK,
					sizeof(*g));
	int err;

	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	if (!(r.nh.nlmsg_flags & NLM_F_DUMP)) {
		const char *fam = rnd(c, 2) ? "nlctrl" : "no-such-family";

		req_attr(&r, CTRL_ATTR_FAMILY_NAME, fam, strlen(fam) + 1);
		err = transact(c, s, &r);
		if (err != 0 && err != 1 &&
		    !(err == -ENOENT && fam[0] == 'n' && fam[1] == 'o'))
			FAILF(c, "GETFAMILY %s: %s", fam, strerror(-err));
	} else {
		transact(c, s, &r);
	}
	nothing_left(c, s);
}

/* Calls that must fail, with Linux's errno. */
static void op_invalid(struct client *c, struct ssock *s)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	int v = 1, e;
	socklen_t len = sizeof(v);

	c->refused++;
	switch (rnd(c, 4)) {
	case 0:
		e = bind(s->fd, (struct sockaddr *)&a, 4) < 0 ? errno : 0;
		if (e != EINVAL)
			FAILF(c, "bind with a short address: %d", e);
		break;
	case 1:
		e = setsockopt(s->fd, SOL_NETLINK, 999, &v, sizeof(v)) < 0
			    ? errno : 0;
		if (e != ENOPROTOOPT)
			FAILF(c, "setsockopt 999: %d", e);
		break;
	case 2:
		e = getsockopt(s->fd, SOL_NETLINK, NETLINK_PKTINFO, &v,
			       (len = 1, &len)) < 0 ? errno : 0;
		if (e != EINVAL)
			FAILF(c, "getsockopt with a 1-byte buffer: %d", e);
		break;
	default:
		a.nl_family = AF_INET;
		e = sendto(s->fd, "x", 1, 0, (struct sockaddr *)&a,
			   sizeof(a)) < 0 ? errno : 0;
		if (e != EINVAL)
			FAILF(c, "sendto an AF_INET address: %d", e);
		break;
	}
}

static void op_membership(struct client *c, struct ssock *s)
{
	int g = 1 + (int)rnd(c, 31);
	int opt = rnd(c, 2) ? NETLINK_ADD_MEMBERSHIP : NETLINK_DROP_MEMBERSHIP;

	/* USERSOCK lets anyone join; the others' groups need no rights to
	 * receive either (their protocols have NL_CFG_F_NONROOT_RECV) */
	if (s->protocol != NETLINK_USERSOCK)
		return;
	if (setsockopt(s->fd, SOL_NETLINK, opt, &g, sizeof(g)) < 0)
		FAILF(c, "membership %d: %s", g, strerror(errno));
}

static void run_client(struct client *c, double seconds)
{
	double end = now_s() + seconds;

	while (now_s() < end && c->failures < 10) {
		struct ssock *s;

		c->ops++;
		if (c->n < 2 || (c->n < MAX_SOCKS && !rnd(c, 8))) {
			sock_open(c);
			continue;
		}
		if (!rnd(c, 16)) {
			sock_close(c, (int)rnd(c, (uint32_t)c->n));
			continue;
		}
		s = &c->s[rnd(c, (uint32_t)c->n)];
		switch (s->protocol) {
		case NETLINK_USERSOCK:
			switch (rnd(c, 8)) {
			case 0: op_membership(c, s); break;
			case 1: op_invalid(c, s); break;
			case 2: case 3: op_drain(c, s); break;
			default: op_usersock(c, s); break;
			}
			break;
		case NETLINK_ROUTE:
			rnd(c, 6) ? op_route(c, s) : op_invalid(c, s);
			break;
		default:
			rnd(c, 6) ? op_genl(c, s) : op_invalid(c, s);
			break;
		}
	}
	for (int i = 0; i < c->n; i++)
		op_drain(c, &c->s[i]);
	while (c->n)
		sock_close(c, 0);
}

int main(int argc, char **argv)
{
	int clients = 4, failed = 0, barrier[2];
	const char *ready;
	double seconds = 10;
	uint64_t seed = 1;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--clients"))
			clients = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--seconds"))
			seconds = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--seed"))
			seed = strtoull(argv[i + 1], NULL, 0);
		else {
			fprintf(stderr, "soak: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (clients < 1 || clients > 1000 || seconds <= 0) {
		fprintf(stderr, "soak: --clients 1..1000, --seconds > 0\n");
		return 2;
	}
	/* Every client starts its clock together, once all are forked
	 * (the write end's last close releases them), so that the run has
	 * one ramp, and whoever watches the daemon (soak.sh) learns when it
	 * is over: $SOAK_READY_FILE is made then. */
	if (pipe(barrier) < 0) {
		perror("pipe");
		return 2;
	}
	fflush(stdout);
	for (int i = 0; i < clients; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 2;
		}
		if (pid == 0) {
			struct client c = { .id = i };
			char b;

			close(barrier[1]);
			while (read(barrier[0], &b, 1) < 0 && errno == EINTR)
				;
			close(barrier[0]);
			c.rng = seed * 0x9e3779b97f4a7c15ull + (uint64_t)i + 1;
			run_client(&c, seconds);
			printf("soak client %d: %lu ops, %lu acks, %lu dumps, "
			       "%lu datagrams, %lu overruns, %lu refused, "
			       "%d failures\n", i, c.ops, c.acks, c.dumps,
			       c.datagrams, c.overruns, c.refused, c.failures);
			fflush(stdout);
			_exit(c.failures ? 1 : 0);
		}
	}
	close(barrier[0]);
	close(barrier[1]);
	ready = getenv("SOAK_READY_FILE");
	if (ready && *ready) {
		int fd = open(ready, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

		if (fd >= 0)
			close(fd);
	}
	for (int i = 0; i < clients; i++) {
		int st;

		if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			failed++;
	}
	printf("soak: %d clients, %g s, seed %llu: %d failed\n", clients,
	       seconds, (unsigned long long)seed, failed);
	return failed ? 1 : 0;
}
