// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * unetlink demo: netlink sockets without a kernel.
 *
 * Everything below runs in this one process, with no system call to the
 * kernel's netlink: user-to-user messages on NETLINK_USERSOCK, a
 * broadcast, the generic error path of NETLINK_ROUTE, a protocol of
 * our own served from a kernel-side input function, with a dump, and a
 * fault injected into it (include/unetlink/fault.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/netlink.h>

#include <unetlink/unetlink.h>

#define DEMO_PROTO 25
#define DEMO_GET 0x20

static const char *const fruit[] = { "apple", "banana", "cherry", "damson",
				     "elderberry" };

static int demo_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	long i;

	for (i = cb->args[0]; i < 5; i++) {
		struct nlmsghdr *nlh = unl_nlmsg_put_answer(skb, cb, DEMO_GET, 0,
							    NLM_F_MULTI);

		if (!nlh || unl_nla_put_string(skb, 1, fruit[i])) {
			if (nlh)
				unl_nlmsg_cancel(skb, nlh);
			break;
		}
		unl_nlmsg_end(skb, nlh);
	}
	cb->args[0] = i;
	return i < 5 ? (int)unl_skb_len(skb) : 0;
}

static int demo_rcv_msg(struct unl_skb *skb, struct nlmsghdr *nlh,
			struct unl_ext_ack *extack)
{
	struct unl_dump_control c = { .dump = demo_dump };

	if (nlh->nlmsg_type != DEMO_GET || !(nlh->nlmsg_flags & NLM_F_DUMP)) {
		UNL_SET_ERR_MSG(extack, "Only dumps of DEMO_GET are served");
		return -EOPNOTSUPP;
	}
	return unl_dump_start(unl_net_kernel_sock(unl_sock_net(unl_skb_cb(skb)->sk),
						  DEMO_PROTO),
			      skb, nlh, &c);
}

static void demo_input(struct unl_skb *skb)
{
	unl_rcv_skb(skb, demo_rcv_msg);
}

static int check(int ret, const char *what)
{
	if (ret < 0) {
		fprintf(stderr, "demo: %s: %s\n", what, strerror(-ret));
		return 1;
	}
	return 0;
}

int main(void)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct unl_kernel_cfg cfg = { .input = demo_input };
	struct unl_sock *a, *b, *listeners[3], *rt, *d, *ksk;
	socklen_t alen = sizeof(addr);
	struct unl_net *net;
	char buf[8192];
	int one = 1;
	ssize_t n;

	if (check(unl_net_new(&net), "unl_net_new"))
		return 1;
	printf("== NETLINK_USERSOCK: autobind and unicast\n");
	unl_socket(net, SOCK_RAW, NETLINK_USERSOCK, NULL, &a);
	unl_socket(net, SOCK_RAW, NETLINK_USERSOCK, NULL, &b);
	unl_bind(a, (struct sockaddr *)&addr, sizeof(addr));
	unl_bind(b, (struct sockaddr *)&addr, sizeof(addr));
	unl_getsockname(a, (struct sockaddr *)&addr, &alen);
	printf("socket a bound to portid %d (this process is %d)\n",
	       (int)addr.nl_pid, (int)getpid());
	uint32_t pa = addr.nl_pid;
	unl_getsockname(b, (struct sockaddr *)&addr, &alen);
	printf("socket b bound to portid %d (a collision: a negative one)\n",
	       (int)addr.nl_pid);
	addr.nl_pid = pa;
	unl_sendto(b, "hello from b", 12, 0, (struct sockaddr *)&addr,
		   sizeof(addr));
	n = unl_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT,
			 (struct sockaddr *)&addr, &alen);
	printf("a received %zd bytes \"%.*s\" from portid %d\n", n, (int)n, buf,
	       (int)addr.nl_pid);

	printf("\n== NETLINK_USERSOCK: broadcast to group 1\n");
	for (int i = 0; i < 3; i++) {
		struct sockaddr_nl g = { .nl_family = AF_NETLINK, .nl_groups = 1 };
		int err;

		unl_socket(net, SOCK_RAW, NETLINK_USERSOCK, NULL, &listeners[i]);
		err = unl_bind(listeners[i], (struct sockaddr *)&g, sizeof(g));
		if (err) {
			printf("listener %d: bind to a group: %s (joining groups "
			       "takes CAP_NET_ADMIN on USERSOCK, as on Linux)\n",
			       i, strerror(-err));
		}
	}
	addr.nl_pid = 0;
	addr.nl_groups = 1;
	n = unl_sendto(a, "news", 4, 0, (struct sockaddr *)&addr, sizeof(addr));
	printf("sendto group 1 returned %s (the unicast leg to portid 0 has no "
	       "kernel socket on USERSOCK)\n",
	       n < 0 ? strerror((int)-n) : "ok");
	for (int i = 0; i < 3; i++) {
		n = unl_recvfrom(listeners[i], buf, sizeof(buf), MSG_DONTWAIT,
				 NULL, NULL);
		printf("listener %d: %s\n", i,
		       n < 0 ? strerror((int)-n) : "got \"news\"");
	}

	printf("\n== NETLINK_ROUTE: the kernel protocol's error path\n");
	unl_socket(net, SOCK_RAW, NETLINK_ROUTE, NULL, &rt);
	unl_setsockopt(rt, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	struct nlmsghdr req = { .nlmsg_len = NLMSG_HDRLEN, .nlmsg_type = 200,
				.nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = 42 };
	addr.nl_pid = 0;
	addr.nl_groups = 0;
	unl_sendto(rt, &req, sizeof(req), 0, (struct sockaddr *)&addr,
		   sizeof(addr));
	n = unl_recvfrom(rt, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL);
	if (n > 0) {
		struct nlmsgerr *e = NLMSG_DATA((struct nlmsghdr *)buf);

		printf("type 200 (beyond RTM_MAX): NLMSG_ERROR seq %u error %d "
		       "(%s)\n", e->msg.nlmsg_seq, e->error, strerror(-e->error));
	}

	printf("\n== A protocol of our own, served in-process, with a dump\n");
	unl_net_lock(net);
	if (check(unl_kernel_create(net, DEMO_PROTO, &cfg, &ksk),
		  "unl_kernel_create")) {
		unl_net_unlock(net);
		return 1;
	}
	unl_net_unlock(net);
	unl_socket(net, SOCK_RAW, DEMO_PROTO, NULL, &d);
	req.nlmsg_type = DEMO_GET;
	req.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	unl_sendto(d, &req, sizeof(req), 0, (struct sockaddr *)&addr,
		   sizeof(addr));
	for (bool done = false; !done;) {
		int rem;

		n = unl_recvfrom(d, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL);
		if (n < 0)
			break;
		rem = (int)n;
		for (struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		     NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem)) {
			if (nlh->nlmsg_type == NLMSG_DONE) {
				printf("NLMSG_DONE, result %d\n",
				       *(int *)NLMSG_DATA(nlh));
				done = true;
				break;
			}
			struct nlattr *at = NLMSG_DATA(nlh);
			printf("item: %s\n", (char *)unl_nla_data(at));
		}
	}

	printf("\n== Fault injection: the second request fails on purpose\n");
	struct unl_fault rule;
	char why[128];

	if (check(unl_fault_parse("family=25 nth=2 error=EBUSY msg=injected "
				  "by the demo", &rule, why, sizeof(why)),
		  why) ||
	    check(unl_world_fault_add(unl_net_world(net), &rule),
		  "unl_world_fault_add") < 0)
		return 1;
	unl_setsockopt(d, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	req.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	for (int i = 1; i <= 2; i++) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		struct nlmsgerr *e = NLMSG_DATA(nlh);
		const struct nlattr *m = NULL;

		req.nlmsg_seq = 100 + i;
		unl_sendto(d, &req, sizeof(req), 0, (struct sockaddr *)&addr,
			   sizeof(addr));
		n = unl_recvfrom(d, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL);
		/* the dump's items, up to its NLMSG_DONE or an error */
		while (n > 0 && nlh->nlmsg_type != NLMSG_ERROR) {
			int rem = (int)n;
			bool done = false;

			for (struct nlmsghdr *h = nlh; NLMSG_OK(h, rem);
			     h = NLMSG_NEXT(h, rem))
				done |= h->nlmsg_type == NLMSG_DONE;
			if (done)
				break;
			n = unl_recvfrom(d, buf, sizeof(buf), MSG_DONTWAIT,
					 NULL, NULL);
		}
		if (n <= 0)
			break;
		if (nlh->nlmsg_type != NLMSG_ERROR) {
			printf("request %d: the dump, to its NLMSG_DONE\n", i);
			continue;
		}
		if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
			m = unl_nla_find((const struct nlattr *)(buf +
					 NLMSG_HDRLEN + sizeof(*e)),
					 (int)(nlh->nlmsg_len - NLMSG_HDRLEN -
					       sizeof(*e)), NLMSGERR_ATTR_MSG);
		printf("request %d: error %d (%s)%s%s\n", i, e->error,
		       e->error ? strerror(-e->error) : "an ACK",
		       m ? ", extended ACK: " : "",
		       m ? (const char *)unl_nla_data(m) : "");
	}

	unl_net_free(net);
	printf("\ndone: every socket closed, the net freed.\n");
	return 0;
}
