// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The nf_tables expressions this host's kernel may lack, in a net of the
 * "full" profile: the queue expression (net/netfilter/nft_queue.c),
 * which tests/nft-diff cannot compare on a kernel built without it.
 * What is checked is what the kernel's source checks: the queue range,
 * the flags, a register or a number but not both; and the dump of what
 * was accepted.
 */
#include "nft_helpers.h"

/* ---- tests ---- */

/* The queue attributes of one rule: 0 where absent. */
struct queue_attrs {
	uint16_t num, total, flags;
	uint32_t sreg;
	bool has_num, has_total, has_flags, has_sreg;
	/* no immediate before the queue stores register 1 (16 bytes,
	 * NFT_REG32_00 to _03), which Linux 6.12 on wants of a load */
	bool unstored;
};

static void put_be16(struct req *r, uint16_t type, uint16_t v)
{
	v = htons(v);
	req_attr(r, type, &v, 2);
}

/* A batch making table t, chain c on the input hook and a rule of one
 * queue expression (after a store to register 1 when it loads a
 * register): the ACK or error of the rule (seq 4). */
static int queue_batch(const struct queue_attrs *q)
{
	struct req r = { .len = 0 };
	struct nlattr *list, *elem, *data;
	struct nlmsghdr *nlh;
	int err;

	batch_begin(&r);
	add_table(&r, "t", 0);
	add_chain(&r, "t", "c", NF_INET_LOCAL_IN);
	req_msg(&r, NFT_TYPE(NFT_MSG_NEWRULE),
		NLM_F_CREATE | NLM_F_APPEND | NLM_F_ACK, NFPROTO_IPV4, 0);
	req_str(&r, NFTA_RULE_TABLE, "t");
	req_str(&r, NFTA_RULE_CHAIN, "c");
	list = req_nest(&r, NFTA_RULE_EXPRESSIONS);
	if (q->has_sreg && !q->unstored)
		req_store_reg1(&r);
	elem = req_nest(&r, NFTA_LIST_ELEM);
	req_str(&r, NFTA_EXPR_NAME, "queue");
	data = req_nest(&r, NFTA_EXPR_DATA);
	if (q->has_num)
		put_be16(&r, NFTA_QUEUE_NUM, q->num);
	if (q->has_total)
		put_be16(&r, NFTA_QUEUE_TOTAL, q->total);
	if (q->has_flags)
		put_be16(&r, NFTA_QUEUE_FLAGS, q->flags);
	if (q->has_sreg)
		req_be32(&r, NFTA_QUEUE_SREG_QNUM, q->sreg);
	req_nest_end(&r, data);
	req_nest_end(&r, elem);
	req_nest_end(&r, list);
	batch_end(&r);
	send_req(&r);
	nlh = next_msg();
	assert_non_null(nlh);
	assert_int_equal(nlh->nlmsg_type, NLMSG_ERROR);
	assert_int_equal(((struct nlmsgerr *)NLMSG_DATA(nlh))->msg.nlmsg_seq, 4);
	err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
	expect_nothing();
	return err;
}

/* The queue expression's data of the first rule of t/c, as dumped. */
static void dump_queue(struct queue_attrs *q)
{
	struct req r = { .len = 0 };
	struct nlmsghdr *nlh;
	const struct nlattr *a, *e, *elem;
	int rem;

	memset(q, 0, sizeof(*q));
	req_msg(&r, NFT_TYPE(NFT_MSG_GETRULE), NLM_F_DUMP, NFPROTO_IPV4, 0);
	send_req(&r);
	nlh = next_msg();
	assert_non_null(nlh);
	assert_int_equal(nlh->nlmsg_type, NFT_TYPE(NFT_MSG_NEWRULE));
	a = unl_nla_find((const struct nlattr *)((uint8_t *)nlh +
			 NLMSG_SPACE(sizeof(struct nfgenmsg))),
			 (int)(nlh->nlmsg_len -
			       NLMSG_SPACE(sizeof(struct nfgenmsg))),
			 NFTA_RULE_EXPRESSIONS);
	assert_non_null(a);
	/* the queue is the rule's last expression */
	e = NULL;
	unl_nla_for_each_nested(elem, a, rem)
		e = elem;
	assert_non_null(e);
	a = unl_nla_find(unl_nla_data(e), unl_nla_len(e), NFTA_EXPR_NAME);
	assert_non_null(a);
	assert_string_equal(unl_nla_data(a), "queue");
	e = unl_nla_find(unl_nla_data(e), unl_nla_len(e), NFTA_EXPR_DATA);
	assert_non_null(e);
	unl_nla_for_each_nested(a, e, rem) {
		switch (unl_nla_type(a)) {
		case NFTA_QUEUE_NUM:
			q->has_num = true;
			q->num = ntohs(unl_nla_get_u16(a));
			break;
		case NFTA_QUEUE_TOTAL:
			q->has_total = true;
			q->total = ntohs(unl_nla_get_u16(a));
			break;
		case NFTA_QUEUE_FLAGS:
			q->has_flags = true;
			q->flags = ntohs(unl_nla_get_u16(a));
			break;
		case NFTA_QUEUE_SREG_QNUM:
			q->has_sreg = true;
			q->sreg = ntohl(unl_nla_get_u32(a));
			break;
		}
	}
	while ((nlh = next_msg()) && nlh->nlmsg_type != NLMSG_DONE)
		;
}

/* queue num 3-4 bypass: stored and dumped with its total and flags */
static void test_queue_num(void **state)
{
	struct queue_attrs q = { .num = 3, .total = 2,
				 .flags = NFT_QUEUE_FLAG_BYPASS,
				 .has_num = true, .has_total = true,
				 .has_flags = true }, d;

	(void)state;
	assert_int_equal(queue_batch(&q), 0);
	dump_queue(&d);
	assert_true(d.has_num && d.has_total && d.has_flags && !d.has_sreg);
	assert_int_equal(d.num, 3);
	assert_int_equal(d.total, 2);
	assert_int_equal(d.flags, NFT_QUEUE_FLAG_BYPASS);
}

/* queue num 5 alone: a total of 1, flags 0 */
static void test_queue_default_total(void **state)
{
	struct queue_attrs q = { .num = 5, .has_num = true }, d;

	(void)state;
	assert_int_equal(queue_batch(&q), 0);
	dump_queue(&d);
	assert_int_equal(d.num, 5);
	assert_int_equal(d.total, 1);
	assert_int_equal(d.flags, 0);
}

/* queue to a register: the register and the flags, no number */
static void test_queue_sreg(void **state)
{
	struct queue_attrs q = { .sreg = NFT_REG32_01, .has_sreg = true,
				 .flags = NFT_QUEUE_FLAG_BYPASS,
				 .has_flags = true }, d;

	(void)state;
	assert_int_equal(queue_batch(&q), 0);
	dump_queue(&d);
	assert_true(d.has_sreg && d.has_flags && !d.has_num);
	assert_int_equal(d.sreg, NFT_REG32_01);
}

/* What nft_queue.c refuses, each with its errno. */
static void test_queue_refused(void **state)
{
	const struct {
		struct queue_attrs q;
		int err;
	} cases[] = {
		/* a number and a register */
		{ { .num = 1, .has_num = true, .sreg = NFT_REG32_01,
		    .has_sreg = true }, -EINVAL },
		/* neither */
		{ { .flags = 1, .has_flags = true }, -EINVAL },
		/* no queues */
		{ { .num = 1, .has_num = true, .total = 0, .has_total = true },
		  -EINVAL },
		/* past queue 65535 */
		{ { .num = 65535, .has_num = true, .total = 2,
		    .has_total = true }, -ERANGE },
		/* an unknown flag */
		{ { .num = 1, .has_num = true, .flags = 4, .has_flags = true },
		  -EINVAL },
		/* fanout over CPUs needs a range, not a register */
		{ { .sreg = NFT_REG32_01, .has_sreg = true,
		    .flags = NFT_QUEUE_FLAG_CPU_FANOUT, .has_flags = true },
		  -EOPNOTSUPP },
		/* a register past the last */
		{ { .sreg = 0x100, .has_sreg = true }, -ERANGE },
		/* a register no expression before stored (6.12 on) */
		{ { .sreg = NFT_REG_2, .has_sreg = true }, -ENODATA },
		{ { .sreg = NFT_REG32_01, .has_sreg = true, .unstored = true },
		  -ENODATA },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(queue_batch(&cases[i].q), cases[i].err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_queue_num, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_queue_default_total,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_sreg, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_queue_refused, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
