// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The message writer (msg.c): byte-exact golden buffers for messages,
 * attributes, nests and their padding, and -EMSGSIZE/NULL at capacity.
 * The layouts are those of include/net/netlink.h on x86-64 (no padding
 * attribute before 64-bit values, NLA_F_NESTED on nla_nest_start()).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <linux/netlink.h>

#include <unetlink/kernel.h>

#include "core/msg.h"
#include "util.h"

/* An skb whose memory is dirty, so that any byte the writer forgets to
 * zero shows up. */
static struct unl_skb *dirty_skb(size_t size)
{
	struct unl_skb *skb = unl_skb_alloc(size);
	uint8_t *p;

	assert_non_null(skb);
	p = unl_skb_put(skb, size);
	assert_non_null(p);
	memset(p, 0xa5, size);
	unl_skb_trim(skb, 0);
	return skb;
}

static void test_nlmsg_put_header(void **state)
{
	struct unl_skb *skb = dirty_skb(64);
	struct nlmsghdr *nlh;

	(void)state;
	nlh = unl_nlmsg_put(skb, 0x1234, 7, 0x10, 4, NLM_F_MULTI);
	assert_non_null(nlh);
	assert_ptr_equal(nlh, unl_skb_data(skb));
	CHECK(skb, 0x14, 0, 0, 0, /* nlmsg_len = 16 + 4 */
	      0x10, 0x00, 0x02, 0x00, /* type, NLM_F_MULTI */
	      7, 0, 0, 0, /* seq */
	      0x34, 0x12, 0, 0, /* portid */
	      0, 0, 0, 0); /* payload, zeroed */
	unl_skb_free(skb);
}

static void test_nlmsg_put_pads_payload(void **state)
{
	struct unl_skb *skb = dirty_skb(64);
	struct nlmsghdr *nlh;

	(void)state;
	/* nlmsg_len counts 5 payload bytes; the skb holds 8, the last 3
	 * being zeroed padding. */
	nlh = unl_nlmsg_put(skb, 0, 1, 0x11, 5, 0);
	assert_non_null(nlh);
	assert_int_equal(nlh->nlmsg_len, 21);
	CHECK(skb, 0x15, 0, 0, 0, 0x11, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
	      0, 0, 0, 0, 0, 0, 0, 0);
	unl_skb_free(skb);
}

static void test_nlmsg_end_and_attrs(void **state)
{
	struct unl_skb *skb = dirty_skb(128);
	struct nlmsghdr *nlh;

	(void)state;
	nlh = unl_nlmsg_put(skb, 5, 9, 0x12, 4, NLM_F_ACK);
	assert_non_null(nlh);
	assert_int_equal(unl_nla_put_u8(skb, 1, 0xab), 0);
	assert_int_equal(unl_nla_put_u16(skb, 2, 0xbeef), 0);
	assert_int_equal(unl_nla_put_u32(skb, 3, 0x01020304), 0);
	assert_int_equal(unl_nla_put_string(skb, 4, "lo"), 0);
	assert_int_equal(unl_nla_put_flag(skb, 5), 0);
	unl_nlmsg_end(skb, nlh);
	assert_int_equal(nlh->nlmsg_len, unl_skb_len(skb));
	CHECK(skb, 0x38, 0, 0, 0, 0x12, 0, 0x04, 0, 9, 0, 0, 0, 5, 0, 0, 0,
	      0, 0, 0, 0,
	      /* u8: len 5, 3 bytes of zero padding */
	      5, 0, 1, 0, 0xab, 0, 0, 0,
	      /* u16: len 6 */
	      6, 0, 2, 0, 0xef, 0xbe, 0, 0,
	      /* u32 */
	      8, 0, 3, 0, 4, 3, 2, 1,
	      /* string with its NUL, len 7 */
	      7, 0, 4, 0, 'l', 'o', 0, 0,
	      /* flag: header only */
	      4, 0, 5, 0);
	unl_skb_free(skb);
}

static void test_nla_put_raw(void **state)
{
	struct unl_skb *skb = dirty_skb(64);
	static const uint8_t data[] = { 1, 2, 3, 4, 5, 6, 7 };

	(void)state;
	assert_int_equal(unl_nla_put(skb, 0x0102, sizeof(data), data), 0);
	assert_int_equal(unl_nla_put(skb, 9, 0, NULL), 0);
	CHECK(skb, 11, 0, 2, 1, 1, 2, 3, 4, 5, 6, 7, 0, 4, 0, 9, 0);
	assert_int_equal(unl_nla_total_size(7), 12);
	assert_int_equal(unl_nla_total_size(0), 4);
	unl_skb_free(skb);
}

/* x86-64 has efficient unaligned access: nla_put_u64_64bit() never adds
 * the pad attribute there, whatever the alignment of the tail. */
static void test_nla_put_u64_no_pad(void **state)
{
	struct unl_skb *skb = dirty_skb(64);

	(void)state;
	/* At offset 0 the tail is 8-byte aligned: this is where a kernel
	 * without efficient unaligned access would insert the pad. */
	assert_int_equal(unl_nla_put_u64(skb, 1, 0x1122334455667788ull, 99),
			 0);
	assert_int_equal(unl_nla_put_u32(skb, 2, 0), 0);
	assert_int_equal(unl_nla_put_u64(skb, 3, 1, 99), 0);
	CHECK(skb, 12, 0, 1, 0, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22,
	      0x11, 8, 0, 2, 0, 0, 0, 0, 0, 12, 0, 3, 0, 1, 0, 0, 0, 0, 0,
	      0, 0);
	unl_skb_free(skb);
}

static void test_nest(void **state)
{
	struct unl_skb *skb = dirty_skb(64);
	struct nlattr *outer, *inner;
	int len;

	(void)state;
	outer = unl_nla_nest_start(skb, 1);
	assert_non_null(outer);
	assert_int_equal(unl_nla_put_u32(skb, 2, 7), 0);
	inner = nla_nest_start_noflag(skb, 3);
	assert_non_null(inner);
	assert_int_equal(unl_nla_put_u8(skb, 4, 1), 0);
	len = unl_nla_nest_end(skb, inner);
	assert_int_equal(len, 24);
	len = unl_nla_nest_end(skb, outer);
	assert_int_equal(len, 24);
	CHECK(skb, 24, 0, 0x01, 0x80, /* nest with NLA_F_NESTED */
	      8, 0, 2, 0, 7, 0, 0, 0,
	      12, 0, 3, 0, /* noflag nest */
	      5, 0, 4, 0, 1, 0, 0, 0);
	unl_skb_free(skb);
}

static void test_nest_empty_and_cancel(void **state)
{
	struct unl_skb *skb = dirty_skb(64);
	struct nlattr *nest;

	(void)state;
	assert_int_equal(unl_nla_put_u32(skb, 1, 1), 0);
	nest = unl_nla_nest_start(skb, 2);
	assert_non_null(nest);
	assert_int_equal(unl_nla_put_u32(skb, 3, 3), 0);
	unl_nla_nest_cancel(skb, nest);
	assert_int_equal(unl_skb_len(skb), 8);

	nest = unl_nla_nest_start(skb, 4);
	assert_non_null(nest);
	unl_nla_nest_end(skb, nest);
	CHECK(skb, 8, 0, 1, 0, 1, 0, 0, 0, 4, 0, 4, 0x80);
	unl_skb_free(skb);
}

/* Bytes written after a cancel must not show what was there before. */
static void test_padding_zeroed_after_cancel(void **state)
{
	struct unl_skb *skb = dirty_skb(64);
	static const uint8_t ff[16] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	struct nlmsghdr *nlh;

	(void)state;
	nlh = unl_nlmsg_put(skb, 0, 0, 0x10, 0, 0);
	assert_int_equal(unl_nla_put(skb, 1, sizeof(ff), ff), 0);
	unl_nlmsg_cancel(skb, nlh);
	assert_int_equal(unl_skb_len(skb), 0);

	nlh = unl_nlmsg_put(skb, 0, 0, 0x10, 1, 0);
	assert_non_null(nlh);
	assert_int_equal(unl_nla_put(skb, 1, 1, ff), 0);
	assert_int_equal(unl_nla_put_string(skb, 2, ""), 0);
	unl_nlmsg_end(skb, nlh);
	CHECK(skb, 36, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	      0, 0, 0, 0, /* 1 payload byte + 3 pad */
	      5, 0, 1, 0, 0xff, 0, 0, 0,
	      5, 0, 2, 0, 0, 0, 0, 0);
	unl_skb_free(skb);
}

static void test_emsgsize_at_capacity(void **state)
{
	struct unl_skb *skb = dirty_skb(24);

	(void)state;
	/* A message of 17 bytes needs 20, which leaves 4. */
	assert_null(unl_nlmsg_put(skb, 0, 0, 0x10, 9, 0));
	assert_int_equal(unl_skb_len(skb), 0);
	assert_non_null(unl_nlmsg_put(skb, 0, 0, 0x10, 1, 0));
	assert_int_equal(unl_skb_len(skb), 20);

	/* A u8 takes 8 bytes with its padding: no room. */
	assert_int_equal(unl_nla_put_u8(skb, 1, 1), -EMSGSIZE);
	assert_int_equal(unl_nla_put_u64(skb, 1, 1, 0), -EMSGSIZE);
	assert_int_equal(unl_nla_put_string(skb, 1, "a"), -EMSGSIZE);
	assert_int_equal(unl_skb_len(skb), 20);

	/* Exactly 4 left: a flag or an empty nest fit, then nothing. */
	assert_int_equal(unl_nla_put_flag(skb, 2), 0);
	assert_int_equal(unl_skb_len(skb), 24);
	assert_null(unl_nla_nest_start(skb, 3));
	assert_int_equal(unl_nla_put_flag(skb, 2), -EMSGSIZE);
	assert_null(unl_nlmsg_put(skb, 0, 0, 0x10, 0, 0));
	unl_skb_free(skb);
}

static void test_exact_fit(void **state)
{
	struct unl_skb *skb = dirty_skb(16 + 4 + 8 + 12);
	struct nlmsghdr *nlh;

	(void)state;
	nlh = unl_nlmsg_put(skb, 0, 0, 0x10, 0, 0);
	assert_non_null(nlh);
	assert_non_null(unl_nla_nest_start(skb, 1));
	assert_int_equal(unl_nla_put_u32(skb, 2, 2), 0);
	assert_int_equal(unl_nla_put_u64(skb, 3, 3, 0), 0);
	assert_int_equal(unl_skb_tailroom(skb), 0);
	unl_skb_free(skb);
}

static void test_nlmsg_new_room(void **state)
{
	/* nlmsg_new(payload) holds exactly one message of that payload. */
	struct unl_skb *skb = unl_nlmsg_new(5);

	(void)state;
	assert_non_null(skb);
	assert_non_null(unl_nlmsg_put(skb, 0, 0, 0x10, 5, 0));
	assert_int_equal(unl_skb_tailroom(skb), 0);
	unl_skb_free(skb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nlmsg_put_header),
		cmocka_unit_test(test_nlmsg_put_pads_payload),
		cmocka_unit_test(test_nlmsg_end_and_attrs),
		cmocka_unit_test(test_nla_put_raw),
		cmocka_unit_test(test_nla_put_u64_no_pad),
		cmocka_unit_test(test_nest),
		cmocka_unit_test(test_nest_empty_and_cancel),
		cmocka_unit_test(test_padding_zeroed_after_cancel),
		cmocka_unit_test(test_emsgsize_at_capacity),
		cmocka_unit_test(test_exact_fit),
		cmocka_unit_test(test_nlmsg_new_room),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
