// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Generic netlink: what the kernel cannot be asked about, because only
 * unetlink lets a test register a family of its own.  A test family with
 * policies, a family header, an admin-only command, a dump with start
 * and done, and two multicast groups is registered in a fresh net and
 * driven through user sockets.  nlctrl describing itself is compared
 * with the kernel by the conformance scenarios (genl-*.scn).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <unetlink/unetlink.h>

enum {
	TEST_CMD_UNSPEC,
	TEST_CMD_ECHO,     /* do: reply with VALUE and NAME */
	TEST_CMD_ADMIN,    /* do, GENL_ADMIN_PERM */
	TEST_CMD_LIST,     /* do and dump with start/done */
	TEST_CMD_DUMPONLY, /* dump only */
	TEST_CMD_EVENT,    /* do: multicast to group 0 */
	__TEST_CMD_MAX,
};

enum {
	TEST_A_UNSPEC,
	TEST_A_VALUE, /* u32 0..100 */
	TEST_A_NAME,  /* string of at most 7 */
	TEST_A_NEST,  /* nested: TEST_N_* */
	TEST_A_COUNT, /* u32, for the dump */
	__TEST_A_MAX,
};
#define TEST_A_MAX (__TEST_A_MAX - 1)

enum { TEST_N_UNSPEC, TEST_N_FLAG, __TEST_N_MAX };

#define TEST_HDRSIZE 4
#define NOTIFY_GRP GENL_ID_CTRL
/* The first id and group a test family gets: the built-in families of
 * the "full" profile, registered with nlctrl, took GENL_START_ALLOC on
 * (netdev, ethtool, devlink, tcp_metrics, mptcp_pm, SEG6, IOAM6,
 * handshake, TASKSTATS, NET_DM, wireguard, IPVS) and groups 2 to 10
 * (NET_DM's is 1; IPVS has none), as Linux's take them at boot. */
#define N_BUILTIN 12
#define FIRST_ID (GENL_START_ALLOC + N_BUILTIN)
#define FIRST_GRP 11
/* The kernel these tests assume, whatever the host's is. */
#define TEST_PROFILE "full"

static const struct unl_nla_policy test_nest_policy[] = {
	[TEST_N_FLAG] = { .type = UNL_NLA_FLAG },
};

static const struct unl_nla_policy test_policy[TEST_A_MAX + 1] = {
	[TEST_A_VALUE] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 0, 100),
	[TEST_A_NAME] = { .type = UNL_NLA_NUL_STRING, .len = 7 },
	[TEST_A_NEST] = UNL_NLA_POLICY_NESTED(test_nest_policy, TEST_N_FLAG),
	[TEST_A_COUNT] = { .type = UNL_NLA_U32 },
};

struct counters {
	int start, dump, done, doit, pre, post, bind, unbind;
	int start_err; /* what the dump's start returns */
};
static struct counters g_c;
static struct unl_genl_family test_family; /* set up per test */

static int test_echo(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct unl_skb *msg;
	uint32_t *uhdr;

	(void)skb;
	g_c.doit++;
	msg = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	if (!msg)
		return -ENOMEM;
	uhdr = unl_genlmsg_put_reply(msg, info, info->family, 0,
				     TEST_CMD_ECHO);
	assert_non_null(uhdr);
	/* the family header comes back incremented */
	*uhdr = *(uint32_t *)unl_genl_info_userhdr(info) + 1;
	if (info->attrs[TEST_A_VALUE])
		unl_nla_put_u32(msg, TEST_A_VALUE,
				unl_nla_get_u32(info->attrs[TEST_A_VALUE]));
	if (info->attrs[TEST_A_NAME])
		unl_nla_put_string(msg, TEST_A_NAME,
				   unl_nla_data(info->attrs[TEST_A_NAME]));
	unl_genlmsg_end(msg, uhdr);
	return unl_genlmsg_reply(msg, info);
}

static int test_admin(struct unl_skb *skb, struct unl_genl_info *info)
{
	(void)skb;
	(void)info;
	g_c.doit++;
	return 0;
}

static int test_event(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct unl_skb *msg = unl_genlmsg_new(16);
	void *hdr;

	(void)skb;
	assert_non_null(msg);
	hdr = unl_genlmsg_put(msg, 0, 0, info->family, 0, TEST_CMD_EVENT);
	assert_non_null(hdr);
	unl_genlmsg_end(msg, hdr);
	unl_genl_notify(info->family, msg, info, 0);
	return 0;
}

static int test_list_start(struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);

	g_c.start++;
	if (g_c.start_err) {
		UNL_SET_ERR_MSG(info->extack, "start refused");
		return g_c.start_err;
	}
	/* The parsed request is there for start. */
	cb->args[1] = info->attrs[TEST_A_COUNT]
			      ? unl_nla_get_u32(info->attrs[TEST_A_COUNT])
			      : 3;
	return 0;
}

static int test_list_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);

	g_c.dump++;
	/* The parsed request stays valid for the whole dump. */
	assert_non_null(info);
	assert_int_equal(info->genlhdr->cmd, TEST_CMD_LIST);
	for (; cb->args[0] < cb->args[1]; cb->args[0]++) {
		void *hdr = unl_genlmsg_put(skb, info->snd_portid,
					    info->snd_seq, info->family,
					    NLM_F_MULTI, TEST_CMD_LIST);

		if (!hdr)
			return (int)unl_skb_len(skb);
		if (unl_nla_put_u32(skb, TEST_A_VALUE,
				    (uint32_t)cb->args[0])) {
			unl_genlmsg_cancel(skb, hdr);
			return (int)unl_skb_len(skb);
		}
		unl_genlmsg_end(skb, hdr);
	}
	return 0;
}

static int test_list_done(struct unl_callback *cb)
{
	(void)cb;
	g_c.done++;
	return 0;
}

static int test_pre(const struct unl_genl_split_ops *ops,
		    struct unl_skb *skb, struct unl_genl_info *info)
{
	(void)ops;
	(void)skb;
	g_c.pre++;
	info->user_ptr[0] = &g_c;
	return 0;
}

static void test_post(const struct unl_genl_split_ops *ops,
		      struct unl_skb *skb, struct unl_genl_info *info)
{
	(void)ops;
	(void)skb;
	assert_ptr_equal(info->user_ptr[0], &g_c);
	g_c.post++;
}

static void test_bind(const struct unl_genl_family *family, int grp)
{
	(void)family;
	(void)grp;
	g_c.bind++;
}

static void test_unbind(const struct unl_genl_family *family, int grp)
{
	(void)family;
	(void)grp;
	g_c.unbind++;
}

static const struct unl_genl_ops test_ops[] = {
	{ .cmd = TEST_CMD_ECHO, .doit = test_echo },
	{ .cmd = TEST_CMD_ADMIN, .doit = test_admin, .flags = GENL_ADMIN_PERM },
	{ .cmd = TEST_CMD_LIST,
	  .doit = test_admin,
	  .start = test_list_start,
	  .dumpit = test_list_dump,
	  .done = test_list_done },
	{ .cmd = TEST_CMD_DUMPONLY, .dumpit = test_list_dump },
	{ .cmd = TEST_CMD_EVENT, .doit = test_event },
};

static const struct unl_genl_multicast_group test_groups[] = {
	{ .name = "events" },
	{ .name = "admin", .flags = UNL_GENL_MCAST_CAP_NET_ADMIN },
};

static void init_family(struct unl_genl_family *f, const char *name)
{
	memset(f, 0, sizeof(*f));
	strcpy(f->name, name);
	f->version = 3;
	f->hdrsize = TEST_HDRSIZE;
	f->maxattr = TEST_A_MAX;
	f->policy = test_policy;
	f->resv_start_op = TEST_CMD_UNSPEC + 1;
	f->pre_doit = test_pre;
	f->post_doit = test_post;
	f->bind = test_bind;
	f->unbind = test_unbind;
	f->ops = test_ops;
	f->n_ops = sizeof(test_ops) / sizeof(test_ops[0]);
	f->mcgrps = test_groups;
	f->n_mcgrps = 2;
}

static struct unl_net *g_net;

static int setup(void **state)
{
	(void)state;
	struct unl_net_config cfg = { 0 };

	memset(&g_c, 0, sizeof(g_c));
	assert_int_equal(unl_profile_load(TEST_PROFILE, &cfg.profile, NULL, 0),
			 0);
	assert_int_equal(unl_net_new_config(&g_net, &cfg), 0);
	unl_profile_unref(cfg.profile);
	init_family(&test_family, "unl_test");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unl_net_free(g_net);
	g_net = NULL;
	/* Freeing the net releases its families. */
	assert_null(test_family.net);
	return 0;
}

static int reg(struct unl_genl_family *f)
{
	int ret;

	unl_net_lock(g_net);
	ret = unl_genl_register_family(g_net, f);
	unl_net_unlock(g_net);
	return ret;
}

static int unreg(struct unl_genl_family *f)
{
	int ret;

	unl_net_lock(g_net);
	ret = unl_genl_unregister_family(f);
	unl_net_unlock(g_net);
	return ret;
}

static struct unl_cred root_cred(void)
{
	struct unl_cred c = { .pid = getpid(), .caps = UNL_CAP(CAP_NET_ADMIN) };
	return c;
}

static struct unl_cred user_cred(void)
{
	struct unl_cred c = { .pid = getpid(), .uid = 65534, .gid = 65534 };
	return c;
}

static struct unl_sock *open_sock(struct unl_cred cred)
{
	struct unl_sock *sk = NULL;
	int one = 1;

	assert_int_equal(unl_socket(g_net, SOCK_RAW, NETLINK_GENERIC, &cred,
				    &sk), 0);
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };

	assert_int_equal(unl_setsockopt(sk, SOL_NETLINK, NETLINK_EXT_ACK, &one,
					sizeof(one)), 0);
	/* Bound, as Linux delivers no multicast to a socket at portid 0. */
	assert_int_equal(unl_bind(sk, (struct sockaddr *)&addr, sizeof(addr)),
			 0);
	return sk;
}

/* A request being built: header, genl header, family header, attrs. */
struct req {
	uint8_t buf[512] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
};

static void req_init(struct req *r, uint16_t type, uint16_t flags,
		     uint8_t cmd, unsigned int hdrsize)
{
	struct genlmsghdr *g;

	memset(r, 0, sizeof(*r));
	r->nlh = (struct nlmsghdr *)r->buf;
	r->nlh->nlmsg_type = type;
	r->nlh->nlmsg_flags = flags;
	r->nlh->nlmsg_seq = 42;
	r->nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + hdrsize;
	g = NLMSG_DATA(r->nlh);
	g->cmd = cmd;
	g->version = 1;
}

static struct nlattr *req_attr(struct req *r, uint16_t type,
			       const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(r->buf + r->nlh->nlmsg_len);

	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	memcpy(a + 1, data, len);
	r->nlh->nlmsg_len += NLA_ALIGN(a->nla_len);
	return a;
}

static void req_send(struct unl_sock *sk, struct req *r)
{
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK };

	assert_int_equal(unl_sendto(sk, r->buf, r->nlh->nlmsg_len, 0,
				    (struct sockaddr *)&dst, sizeof(dst)),
			 (ssize_t)r->nlh->nlmsg_len);
}

static uint8_t rbuf[65536] __attribute__((aligned(4)));

/* Receive one datagram; returns its first message. */
static struct nlmsghdr *recv_msg(struct unl_sock *sk, ssize_t *len)
{
	ssize_t n = unl_recvfrom(sk, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL,
				 NULL);

	assert_true(n > 0);
	if (len)
		*len = n;
	return (struct nlmsghdr *)rbuf;
}

static void expect_empty(struct unl_sock *sk)
{
	assert_int_equal(unl_recvfrom(sk, rbuf, sizeof(rbuf), MSG_DONTWAIT,
				      NULL, NULL), -EAGAIN);
}

/* Expect an NLMSG_ERROR carrying err; returns it for TLV checks. */
static struct nlmsgerr *expect_error(struct unl_sock *sk, int err)
{
	struct nlmsghdr *nlh = recv_msg(sk, NULL);
	struct nlmsgerr *e = NLMSG_DATA(nlh);

	assert_int_equal(nlh->nlmsg_type, NLMSG_ERROR);
	assert_int_equal(e->error, err);
	return e;
}

/* The ext-ack TLV of type t in an error message (CAP_ACK off). */
static const struct nlattr *ack_tlv(const struct nlmsghdr *nlh, int t)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = NLMSG_HDRLEN + sizeof(*e) +
		     NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	const struct nlattr *a;
	int rem;

	unl_nla_for_each(a, (const struct nlattr *)((const uint8_t *)nlh + off),
			 (int)(nlh->nlmsg_len - off), rem)
		if (unl_nla_type(a) == t)
			return a;
	return NULL;
}

/* The attribute t of a genl message with hdrsize bytes of family header. */
static const struct nlattr *genl_attr(const struct nlmsghdr *nlh, int t,
				      unsigned int hdrsize)
{
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN + NLMSG_ALIGN(hdrsize);

	return unl_nla_find((const struct nlattr *)((const uint8_t *)nlh + off),
			    (int)(nlh->nlmsg_len - off), t);
}

/* GETFAMILY by name through nlctrl; returns the reply. */
static struct nlmsghdr *getfamily(struct unl_sock *sk, const char *name)
{
	struct req r;

	req_init(&r, GENL_ID_CTRL, NLM_F_REQUEST, CTRL_CMD_GETFAMILY, 0);
	req_attr(&r, CTRL_ATTR_FAMILY_NAME, name, strlen(name) + 1);
	req_send(sk, &r);
	return recv_msg(sk, NULL);
}

/* ---- the tests ---- */

/* Ids: nlctrl 0x10, then cyclic from GENL_START_ALLOC; groups from 2. */
static void test_id_allocation(void **state)
{
	/* static: a failed assertion leaves them registered until
	 * teardown frees the net */
	static struct unl_genl_family b, c, d, pm;

	(void)state;
	init_family(&b, "unl_b");
	init_family(&c, "unl_c");
	init_family(&d, "unl_d");
	init_family(&pm, "pmcraid");
	pm.n_mcgrps = 1;

	assert_int_equal(reg(&test_family), FIRST_ID);
	assert_int_equal(test_family.id, FIRST_ID);
	assert_ptr_equal(test_family.net, g_net);
	/* 0 and 1 are never handed out */
	assert_int_equal(test_family.mcgrp_offset, FIRST_GRP);
	assert_int_equal(reg(&b), FIRST_ID + 1);
	assert_int_equal(b.mcgrp_offset, FIRST_GRP + 2);

	/* cyclic: a freed id is not reused at once ... */
	assert_int_equal(unreg(&test_family), 0);
	assert_int_equal(unreg(&test_family), -ENOENT);
	assert_int_equal(reg(&c), FIRST_ID + 2);
	/* ... but freed group ids are */
	assert_int_equal(c.mcgrp_offset, FIRST_GRP);

	/* The reserved ids are for their historic owners, and move the
	 * cursor as Linux's shared idr cursor moves: back to 0x13, where
	 * the built-in families are, so the first id after them. */
	assert_int_equal(reg(&pm), GENL_ID_PMCRAID);
	assert_int_equal(pm.mcgrp_offset, GENL_ID_PMCRAID);
	assert_int_equal(reg(&test_family), FIRST_ID);
	/* two ids in a row: after b's, 15 is free but 16 is nlctrl's, 17
	 * and 18 are VFS_DQUOT's and PMCRAID's */
	assert_int_equal(test_family.mcgrp_offset, GENL_ID_PMCRAID + 1);
	assert_int_equal(reg(&d), FIRST_ID + 3);

	/* one name per net, one net per family struct */
	assert_int_equal(reg(&c), -EBUSY);
	{
		struct unl_genl_family e;

		init_family(&e, "unl_b");
		assert_int_equal(reg(&e), -EEXIST);
		assert_null(e.net);
	}
	assert_int_equal(unreg(&b), 0);
	assert_int_equal(unreg(&pm), 0);
	assert_int_equal(unreg(&d), 0);
	assert_int_equal(unreg(&c), 0);
}

static void test_register_validation(void **state)
{
	static const struct unl_genl_ops dup_ops[] = {
		{ .cmd = 1, .doit = test_admin },
		{ .cmd = 1, .dumpit = test_list_dump },
	};
	static const struct unl_genl_ops no_handler[] = { { .cmd = 1 } };
	static const struct unl_genl_ops strict_optout[] = {
		{ .cmd = 3, .doit = test_admin,
		  .validate = UNL_GENL_DONT_VALIDATE_STRICT },
	};
	static const struct unl_genl_split_ops unsorted[] = {
		{ .cmd = 2, .doit = test_admin, .flags = GENL_CMD_CAP_DO },
		{ .cmd = 1, .doit = test_admin, .flags = GENL_CMD_CAP_DO },
	};
	static const struct unl_genl_multicast_group noname[] = { { .name = "" } };
	struct unl_genl_family f;

	(void)state;
	init_family(&f, "v");
	f.ops = dup_ops;
	f.n_ops = 2;
	assert_int_equal(reg(&f), -EINVAL);
	f.ops = no_handler;
	f.n_ops = 1;
	assert_int_equal(reg(&f), -EINVAL);
	f.ops = strict_optout;
	assert_int_equal(reg(&f), -EINVAL);
	f.ops = NULL;
	f.n_ops = 0;
	f.split_ops = unsorted;
	f.n_split_ops = 2;
	assert_int_equal(reg(&f), -EINVAL);
	f.split_ops = NULL;
	f.n_split_ops = 0;
	f.mcgrps = noname;
	f.n_mcgrps = 1;
	assert_int_equal(reg(&f), -EINVAL);
	f.n_mcgrps = 0;
	f.name[0] = '\0';
	assert_int_equal(reg(&f), -EINVAL);
	assert_null(f.net);
}

/* nlctrl describes a registered family: id, ops with flags, groups. */
static void test_getfamily(void **state)
{
	struct unl_sock *sk;
	struct nlmsghdr *nlh;
	const struct nlattr *a, *op, *grp;
	int rem, n = 0;

	(void)state;
	assert_int_equal(reg(&test_family), FIRST_ID);
	sk = open_sock(user_cred());
	nlh = getfamily(sk, "unl_test");
	assert_int_equal(nlh->nlmsg_type, GENL_ID_CTRL);
	assert_int_equal(((struct genlmsghdr *)NLMSG_DATA(nlh))->cmd,
			 CTRL_CMD_NEWFAMILY);
	assert_int_equal(unl_nla_get_u16(genl_attr(nlh, CTRL_ATTR_FAMILY_ID, 0)),
			 FIRST_ID);
	assert_int_equal(unl_nla_get_u32(genl_attr(nlh, CTRL_ATTR_VERSION, 0)), 3);
	assert_int_equal(unl_nla_get_u32(genl_attr(nlh, CTRL_ATTR_HDRSIZE, 0)),
			 TEST_HDRSIZE);
	assert_int_equal(unl_nla_get_u32(genl_attr(nlh, CTRL_ATTR_MAXATTR, 0)),
			 TEST_A_MAX);
	a = genl_attr(nlh, CTRL_ATTR_OPS, 0);
	assert_non_null(a);
	unl_nla_for_each_nested(op, a, rem) {
		uint32_t id, flags;

		n++;
		assert_int_equal(unl_nla_type(op), n);
		id = unl_nla_get_u32(unl_nla_find(unl_nla_data(op),
						  unl_nla_len(op),
						  CTRL_ATTR_OP_ID));
		flags = unl_nla_get_u32(unl_nla_find(unl_nla_data(op),
						     unl_nla_len(op),
						     CTRL_ATTR_OP_FLAGS));
		assert_int_equal(id, test_ops[n - 1].cmd);
		if (id == TEST_CMD_ADMIN)
			assert_int_equal(flags, GENL_ADMIN_PERM | GENL_CMD_CAP_DO |
							GENL_CMD_CAP_HASPOL);
		if (id == TEST_CMD_LIST)
			assert_int_equal(flags, GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP |
							GENL_CMD_CAP_HASPOL);
		if (id == TEST_CMD_DUMPONLY)
			assert_int_equal(flags, GENL_CMD_CAP_DUMP |
							GENL_CMD_CAP_HASPOL);
	}
	assert_int_equal(n, 5);
	a = genl_attr(nlh, CTRL_ATTR_MCAST_GROUPS, 0);
	assert_non_null(a);
	n = 0;
	unl_nla_for_each_nested(grp, a, rem) {
		const struct nlattr *name = unl_nla_find(
			unl_nla_data(grp), unl_nla_len(grp),
			CTRL_ATTR_MCAST_GRP_NAME);

		assert_int_equal(unl_nla_get_u32(unl_nla_find(
					 unl_nla_data(grp), unl_nla_len(grp),
					 CTRL_ATTR_MCAST_GRP_ID)),
				 FIRST_GRP + n);
		assert_string_equal(unl_nla_data(name), test_groups[n].name);
		n++;
	}
	assert_int_equal(n, 2);

	/* the GETFAMILY dump lists nlctrl, the built-ins, then the test
	 * family */
	{
		struct req r;
		ssize_t len;
		int seen = 0;
		bool done = false;

		req_init(&r, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_DUMP,
			 CTRL_CMD_GETFAMILY, 0);
		req_send(sk, &r);
		while (!done) {
			int left;

			nlh = recv_msg(sk, &len);
			left = (int)len;
			for (; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left)) {
				if (nlh->nlmsg_type == NLMSG_DONE) {
					done = true;
					break;
				}
				assert_int_equal(
					unl_nla_get_u16(genl_attr(
						nlh, CTRL_ATTR_FAMILY_ID, 0)),
					seen == N_BUILTIN + 1 ? FIRST_ID
					: seen ? GENL_START_ALLOC + seen - 1
					       : GENL_ID_CTRL);
				seen++;
			}
		}
		assert_int_equal(seen, N_BUILTIN + 2);
	}
	expect_empty(sk);
	unl_close(sk);
}

/* Requests reach the handler parsed; errors are Linux's. */
static void test_dispatch(void **state)
{
	struct unl_sock *sk, *root;
	struct nlmsghdr *nlh;
	struct req r;
	uint32_t v = 7;

	(void)state;
	reg(&test_family);
	sk = open_sock(user_cred());
	root = open_sock(root_cred());

	/* a do with its family header and attributes */
	req_init(&r, test_family.id, NLM_F_REQUEST | NLM_F_ACK, TEST_CMD_ECHO,
		 TEST_HDRSIZE);
	*(uint32_t *)((uint8_t *)NLMSG_DATA(r.nlh) + GENL_HDRLEN) = 41;
	req_attr(&r, TEST_A_VALUE, &v, 4);
	req_attr(&r, TEST_A_NAME, "hello", 6);
	req_send(sk, &r);
	nlh = recv_msg(sk, NULL);
	assert_int_equal(nlh->nlmsg_type, test_family.id);
	assert_int_equal(nlh->nlmsg_seq, 42);
	assert_int_equal(((struct genlmsghdr *)NLMSG_DATA(nlh))->version, 3);
	assert_int_equal(*(uint32_t *)((uint8_t *)NLMSG_DATA(nlh) + GENL_HDRLEN),
			 42);
	assert_int_equal(unl_nla_get_u32(genl_attr(nlh, TEST_A_VALUE,
						   TEST_HDRSIZE)), 7);
	assert_string_equal(unl_nla_data(genl_attr(nlh, TEST_A_NAME,
						   TEST_HDRSIZE)), "hello");
	expect_error(sk, 0);
	assert_int_equal(g_c.pre, 1);
	assert_int_equal(g_c.post, 1);

	/* too short for the genl header plus the family header */
	req_init(&r, test_family.id, NLM_F_REQUEST, TEST_CMD_ECHO, 2);
	req_send(sk, &r);
	expect_error(sk, -EINVAL);

	/* unknown family, unknown command, missing do or dump */
	req_init(&r, 0x3ff, NLM_F_REQUEST, TEST_CMD_ECHO, TEST_HDRSIZE);
	req_send(sk, &r);
	expect_error(sk, -ENOENT);
	req_init(&r, test_family.id, NLM_F_REQUEST, 99, TEST_HDRSIZE);
	req_send(sk, &r);
	expect_error(sk, -EOPNOTSUPP);
	req_init(&r, test_family.id, NLM_F_REQUEST, TEST_CMD_DUMPONLY,
		 TEST_HDRSIZE);
	req_send(sk, &r);
	expect_error(sk, -EOPNOTSUPP);
	req_init(&r, test_family.id, NLM_F_REQUEST | NLM_F_DUMP, TEST_CMD_ECHO,
		 TEST_HDRSIZE);
	req_send(sk, &r);
	expect_error(sk, -EOPNOTSUPP);

	/* GENL_ADMIN_PERM: CAP_NET_ADMIN of the sender */
	req_init(&r, test_family.id, NLM_F_REQUEST | NLM_F_ACK, TEST_CMD_ADMIN,
		 TEST_HDRSIZE);
	req_send(sk, &r);
	expect_error(sk, -EPERM);
	assert_int_equal(g_c.doit, 1);
	req_send(root, &r);
	expect_error(root, 0);
	assert_int_equal(g_c.doit, 2);

	/* strict header checks for commands from resv_start_op on */
	req_init(&r, test_family.id, NLM_F_REQUEST | NLM_F_APPEND,
		 TEST_CMD_ECHO, TEST_HDRSIZE);
	req_send(sk, &r);
	nlh = (struct nlmsghdr *)rbuf;
	expect_error(sk, -EINVAL);
	assert_string_equal(unl_nla_data(ack_tlv(nlh, NLMSGERR_ATTR_MSG)),
			    "ambiguous or reserved bits set in nlmsg_flags");
	req_init(&r, test_family.id, NLM_F_REQUEST, TEST_CMD_ECHO,
		 TEST_HDRSIZE);
	((struct genlmsghdr *)NLMSG_DATA(r.nlh))->reserved = 1;
	req_send(sk, &r);
	expect_error(sk, -EINVAL);
	assert_string_equal(unl_nla_data(ack_tlv(nlh, NLMSGERR_ATTR_MSG)),
			    "genlmsghdr.reserved field is not 0");

	expect_empty(sk);
	expect_empty(root);
	unl_close(sk);
	unl_close(root);
}

/* Policy violations come back with the message, offset and policy. */
static void test_policy_errors(void **state)
{
	struct unl_sock *sk;
	struct nlmsghdr *nlh = (struct nlmsghdr *)rbuf;
	const struct nlattr *bad;
	struct req r;
	uint32_t v = 200;

	(void)state;
	reg(&test_family);
	sk = open_sock(user_cred());

	req_init(&r, test_family.id, NLM_F_REQUEST, TEST_CMD_ECHO,
		 TEST_HDRSIZE);
	req_attr(&r, TEST_A_NAME, "ok", 3);
	bad = req_attr(&r, TEST_A_VALUE, &v, 4);
	req_send(sk, &r);
	expect_error(sk, -ERANGE);
	assert_string_equal(unl_nla_data(ack_tlv(nlh, NLMSGERR_ATTR_MSG)),
			    "integer out of range");
	assert_int_equal(unl_nla_get_u32(ack_tlv(nlh, NLMSGERR_ATTR_OFFS)),
			 (uint8_t *)bad - r.buf);
	assert_non_null(ack_tlv(nlh, NLMSGERR_ATTR_POLICY));

	/* new families are strict: unknown attributes are refused */
	req_init(&r, test_family.id, NLM_F_REQUEST, TEST_CMD_ECHO,
		 TEST_HDRSIZE);
	bad = req_attr(&r, TEST_A_MAX + 1, &v, 4);
	req_send(sk, &r);
	expect_error(sk, -EINVAL);
	assert_string_equal(unl_nla_data(ack_tlv(nlh, NLMSGERR_ATTR_MSG)),
			    "Unknown attribute type");
	assert_int_equal(unl_nla_get_u32(ack_tlv(nlh, NLMSGERR_ATTR_OFFS)),
			 (uint8_t *)bad - r.buf);

	/* and so is a dump request, before start runs */
	req_init(&r, test_family.id, NLM_F_REQUEST | NLM_F_DUMP,
		 TEST_CMD_LIST, TEST_HDRSIZE);
	bad = req_attr(&r, TEST_A_NAME, "toolongname", 12);
	req_send(sk, &r);
	expect_error(sk, -EINVAL);
	assert_int_equal(unl_nla_get_u32(ack_tlv(nlh, NLMSGERR_ATTR_OFFS)),
			 (uint8_t *)bad - r.buf);
	assert_int_equal(g_c.start, 0);
	assert_int_equal(g_c.doit, 0);
	expect_empty(sk);
	unl_close(sk);
}

/* Count the messages of a dump until NLMSG_DONE; returns its error. */
static int drain_dump(struct unl_sock *sk, int *msgs)
{
	for (;;) {
		ssize_t len;
		struct nlmsghdr *nlh = recv_msg(sk, &len);
		int left = (int)len;

		for (; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left)) {
			if (nlh->nlmsg_type == NLMSG_DONE)
				return *(int *)NLMSG_DATA(nlh);
			assert_int_equal(nlh->nlmsg_type, test_family.id);
			assert_true(nlh->nlmsg_flags & NLM_F_MULTI);
			assert_int_equal(unl_nla_get_u32(genl_attr(
						 nlh, TEST_A_VALUE, TEST_HDRSIZE)),
					 *msgs);
			(*msgs)++;
		}
	}
}

static void test_dump_start_done(void **state)
{
	struct unl_sock *sk;
	struct req r;
	uint32_t count = 5000;
	int msgs = 0;

	(void)state;
	reg(&test_family);
	sk = open_sock(user_cred());

	req_init(&r, test_family.id, NLM_F_REQUEST | NLM_F_DUMP,
		 TEST_CMD_LIST, TEST_HDRSIZE);
	req_attr(&r, TEST_A_COUNT, &count, 4);
	req_send(sk, &r);
	assert_int_equal(drain_dump(sk, &msgs), 0);
	assert_int_equal(msgs, 5000);
	assert_int_equal(g_c.start, 1);
	assert_true(g_c.dump > 2); /* several buffers */
	assert_int_equal(g_c.done, 1);
	expect_empty(sk);

	/* a start that fails: its error and message, no done */
	g_c.start_err = -EBADMSG;
	req_send(sk, &r);
	expect_error(sk, -EBADMSG);
	assert_string_equal(unl_nla_data(ack_tlv((struct nlmsghdr *)rbuf,
						 NLMSGERR_ATTR_MSG)),
			    "start refused");
	assert_int_equal(g_c.start, 2);
	assert_int_equal(g_c.done, 1);
	expect_empty(sk);
	unl_close(sk);
}

/* Unregistering a family ends its running dumps with -ENOENT. */
static void test_unregister_during_dump(void **state)
{
	struct unl_sock *sk;
	struct req r;
	uint32_t count = 100000;
	int msgs = 0;

	(void)state;
	reg(&test_family);
	sk = open_sock(user_cred());
	req_init(&r, test_family.id, NLM_F_REQUEST | NLM_F_DUMP,
		 TEST_CMD_LIST, TEST_HDRSIZE);
	req_attr(&r, TEST_A_COUNT, &count, 4);
	req_send(sk, &r);
	assert_int_equal(unreg(&test_family), 0);
	assert_int_equal(g_c.done, 1);
	assert_int_equal(drain_dump(sk, &msgs), -ENOENT);
	assert_true(msgs > 0 && msgs < 100000);
	assert_int_equal(g_c.done, 1);
	unl_close(sk);
}

/* The life of a family as nlctrl's notify group tells it. */
static void test_notifications(void **state)
{
	static const uint8_t expect[] = {
		CTRL_CMD_NEWFAMILY,    CTRL_CMD_NEWMCAST_GRP,
		CTRL_CMD_NEWMCAST_GRP, CTRL_CMD_DELMCAST_GRP,
		CTRL_CMD_DELMCAST_GRP, CTRL_CMD_DELFAMILY,
	};
	struct unl_sock *mon;
	int grp = NOTIFY_GRP;

	(void)state;
	mon = open_sock(user_cred());
	assert_int_equal(unl_setsockopt(mon, SOL_NETLINK,
					NETLINK_ADD_MEMBERSHIP, &grp,
					sizeof(grp)), 0);
	reg(&test_family);
	unreg(&test_family);
	for (size_t i = 0; i < sizeof(expect); i++) {
		struct nlmsghdr *nlh = recv_msg(mon, NULL);
		const struct nlattr *grps;

		assert_int_equal(nlh->nlmsg_type, GENL_ID_CTRL);
		assert_int_equal(nlh->nlmsg_pid, 0);
		assert_int_equal(nlh->nlmsg_seq, 0);
		assert_int_equal(((struct genlmsghdr *)NLMSG_DATA(nlh))->cmd,
				 expect[i]);
		assert_string_equal(unl_nla_data(genl_attr(
					    nlh, CTRL_ATTR_FAMILY_NAME, 0)),
				    "unl_test");
		assert_int_equal(unl_nla_get_u16(genl_attr(
					 nlh, CTRL_ATTR_FAMILY_ID, 0)),
				 FIRST_ID);
		grps = genl_attr(nlh, CTRL_ATTR_MCAST_GROUPS, 0);
		if (expect[i] == CTRL_CMD_NEWMCAST_GRP ||
		    expect[i] == CTRL_CMD_DELMCAST_GRP) {
			const struct nlattr *g1 = unl_nla_data(grps);

			assert_int_equal(unl_nla_type(g1), 1);
			assert_int_equal(unl_nla_get_u32(unl_nla_find(
						 unl_nla_data(g1),
						 unl_nla_len(g1),
						 CTRL_ATTR_MCAST_GRP_ID)),
					 FIRST_GRP + (i - 1) % 2);
		} else {
			/* NEW/DELFAMILY carry the whole description */
			assert_non_null(grps);
			assert_non_null(genl_attr(nlh, CTRL_ATTR_OPS, 0));
		}
	}
	expect_empty(mon);
	unl_close(mon);
}

/* Family groups: bind callbacks, multicast, genl_notify with ECHO. */
static void test_multicast(void **state)
{
	struct unl_sock *sub, *req_sk;
	struct nlmsghdr *nlh;
	struct unl_skb *skb;
	struct req r;
	int grp;

	(void)state;
	reg(&test_family);
	sub = open_sock(user_cred());
	req_sk = open_sock(user_cred());
	grp = (int)test_family.mcgrp_offset;
	assert_int_equal(unl_setsockopt(sub, SOL_NETLINK,
					NETLINK_ADD_MEMBERSHIP, &grp,
					sizeof(grp)), 0);
	assert_int_equal(g_c.bind, 1);

	unl_net_lock(g_net);
	assert_true(unl_genl_has_listeners(&test_family, 0));
	assert_false(unl_genl_has_listeners(&test_family, 1));
	skb = unl_genlmsg_new(8);
	assert_non_null(skb);
	assert_int_equal(unl_genlmsg_multicast(&test_family, skb, 0, 2),
			 -EINVAL);
	skb = unl_genlmsg_new(8);
	unl_genlmsg_end(skb, unl_genlmsg_put(skb, 0, 0, &test_family, 0,
					     TEST_CMD_EVENT));
	assert_int_equal(unl_genlmsg_multicast(&test_family, skb, 0, 1),
			 -ESRCH);
	skb = unl_genlmsg_new(8);
	unl_genlmsg_end(skb, unl_genlmsg_put(skb, 0, 0, &test_family, 0,
					     TEST_CMD_EVENT));
	assert_int_equal(unl_genlmsg_multicast(&test_family, skb, 0, 0), 0);
	unl_net_unlock(g_net);
	nlh = recv_msg(sub, NULL);
	assert_int_equal(nlh->nlmsg_type, test_family.id);

	/* genl_notify: the group, and the requester when it says ECHO */
	req_init(&r, test_family.id, NLM_F_REQUEST | NLM_F_ECHO,
		 TEST_CMD_EVENT, TEST_HDRSIZE);
	req_send(req_sk, &r);
	nlh = recv_msg(sub, NULL);
	assert_int_equal(((struct genlmsghdr *)NLMSG_DATA(nlh))->cmd,
			 TEST_CMD_EVENT);
	nlh = recv_msg(req_sk, NULL);
	assert_int_equal(((struct genlmsghdr *)NLMSG_DATA(nlh))->cmd,
			 TEST_CMD_EVENT);
	expect_empty(sub);
	expect_empty(req_sk);

	assert_int_equal(unl_setsockopt(sub, SOL_NETLINK,
					NETLINK_DROP_MEMBERSHIP, &grp,
					sizeof(grp)), 0);
	assert_int_equal(g_c.unbind, 1);
	unl_close(sub);
	unl_close(req_sk);
}

/* CTRL_CMD_GETPOLICY of the test family: the op map, then the policies. */
static void test_getpolicy(void **state)
{
	struct unl_sock *sk;
	struct req r;
	uint16_t id;
	int op_maps = 0, entries = 0, nested_seen = 0;
	bool done = false;

	(void)state;
	reg(&test_family);
	id = test_family.id;
	sk = open_sock(user_cred());
	req_init(&r, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_DUMP,
		 CTRL_CMD_GETPOLICY, 0);
	req_attr(&r, CTRL_ATTR_FAMILY_ID, &id, 2);
	req_send(sk, &r);
	while (!done) {
		ssize_t len;
		struct nlmsghdr *nlh = recv_msg(sk, &len);
		int left = (int)len;

		for (; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left)) {
			const struct nlattr *a;

			if (nlh->nlmsg_type == NLMSG_DONE) {
				assert_int_equal(*(int *)NLMSG_DATA(nlh), 0);
				done = true;
				break;
			}
			assert_int_equal(unl_nla_get_u16(genl_attr(
						 nlh, CTRL_ATTR_FAMILY_ID, 0)),
					 id);
			if (genl_attr(nlh, CTRL_ATTR_OP_POLICY, 0)) {
				op_maps++;
				continue;
			}
			a = genl_attr(nlh, CTRL_ATTR_POLICY, 0);
			assert_non_null(a);
			entries++;
			/* policy 1 is the nested one, one entry (FLAG) */
			a = unl_nla_data(a);
			if (unl_nla_type(a) == 1)
				nested_seen++;
			/* TEST_A_NEST of policy 0 points at it by index */
			if (unl_nla_type(a) == 0 &&
			    unl_nla_type(unl_nla_data(a)) == TEST_A_NEST) {
				const struct nlattr *entry = unl_nla_data(a);
				const void *d = unl_nla_data(entry);
				int dlen = unl_nla_len(entry);

				assert_int_equal(unl_nla_get_u32(unl_nla_find(
						 d, dlen,
						 NL_POLICY_TYPE_ATTR_POLICY_IDX)),
						 1);
				assert_int_equal(unl_nla_get_u32(unl_nla_find(
						 d, dlen,
						 NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE)),
						 TEST_N_FLAG);
				nested_seen += 10;
			}
		}
	}
	/* every op has the family policy */
	assert_int_equal(op_maps, 5);
	/* four described entries of test_policy, one of test_nest_policy */
	assert_int_equal(entries, 5);
	assert_int_equal(nested_seen, 11);
	expect_empty(sk);
	unl_close(sk);
}

/* A family registered before anyone opened a generic socket. */
/* A group flagged GENL_MCAST_CAP_NET_ADMIN is for the capable only, and
 * unregistering a family drops every member of its groups. */
static void test_group_caps_and_clear(void **state)
{
	struct unl_sock *user = open_sock(user_cred());
	struct unl_sock *root = open_sock(root_cred());
	int events, admin;
	uint32_t bits[2];
	socklen_t len = sizeof(bits);

	(void)state;
	assert_true(reg(&test_family) > 0);
	events = (int)test_family.mcgrp_offset;
	admin = events + 1;
	assert_int_equal(unl_setsockopt(user, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
					&events, sizeof(events)), 0);
	assert_int_equal(unl_setsockopt(user, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
					&admin, sizeof(admin)), -EPERM);
	assert_int_equal(unl_setsockopt(root, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
					&admin, sizeof(admin)), 0);

	/* Membership bit n - 1 stands for group n. */
	assert_int_equal(unl_getsockopt(user, SOL_NETLINK,
					NETLINK_LIST_MEMBERSHIPS, bits, &len), 0);
	assert_true(bits[(events - 1) / 32] & (1u << ((events - 1) % 32)));

	assert_int_equal(unreg(&test_family), 0);
	len = sizeof(bits);
	assert_int_equal(unl_getsockopt(user, SOL_NETLINK,
					NETLINK_LIST_MEMBERSHIPS, bits, &len), 0);
	assert_int_equal(bits[(events - 1) / 32] & (1u << ((events - 1) % 32)), 0);
	len = sizeof(bits);
	assert_int_equal(unl_getsockopt(root, SOL_NETLINK,
					NETLINK_LIST_MEMBERSHIPS, bits, &len), 0);
	assert_int_equal(bits[(admin - 1) / 32] & (1u << ((admin - 1) % 32)), 0);
	unl_close(user);
	unl_close(root);
}

static void test_register_before_socket(void **state)
{
	struct unl_sock *sk;
	struct nlmsghdr *nlh;

	(void)state;
	assert_int_equal(reg(&test_family), FIRST_ID);
	sk = open_sock(user_cred());
	nlh = getfamily(sk, "unl_test");
	assert_int_equal(nlh->nlmsg_type, GENL_ID_CTRL);
	nlh = getfamily(sk, "nlctrl");
	assert_int_equal(unl_nla_get_u16(genl_attr(nlh, CTRL_ATTR_FAMILY_ID, 0)),
			 GENL_ID_CTRL);
	unl_close(sk);
	/* teardown checks that unl_net_free() releases the family */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_id_allocation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_caps_and_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_getfamily, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dispatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dump_start_done, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unregister_during_dump, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notifications, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multicast, setup, teardown),
		cmocka_unit_test_setup_teardown(test_getpolicy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_before_socket, setup, teardown),
	};

	return cmocka_run_group_tests_name("genl", tests, NULL, NULL);
}
