// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Policy descriptions (policy.c): byte-exact NL_POLICY_TYPE_ATTR_* nests.
 *
 * Cases marked "kernel" reproduce bytes the real kernel (Linux 6.18,
 * x86-64) sent as NLMSGERR_ATTR_POLICY in extended ACKs, captured with
 * NETLINK_EXT_ACK on a genetlink socket:
 *  - nlctrl CTRL_CMD_GETFAMILY with a 1-byte CTRL_ATTR_FAMILY_ID (NLA_U16)
 *  - nlctrl CTRL_CMD_GETPOLICY with an 8-byte CTRL_ATTR_OP (NLA_U32)
 *  - nlctrl CTRL_CMD_GETFAMILY with CTRL_ATTR_FAMILY_NAME lacking its NUL
 *    (NLA_NUL_STRING, len GENL_NAMSIZ - 1)
 *  - ethtool LINKINFO_GET with ETHTOOL_A_LINKINFO_HEADER not flagged
 *    NLA_F_NESTED (NLA_NESTED, no policy index in an ACK)
 *  - ethtool with a 2-byte ETHTOOL_A_HEADER_FLAGS
 *    (NLA_POLICY_MASK(NLA_U32, 0x7))
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <linux/netlink.h>

#include <unetlink/attr.h>
#include <unetlink/kernel.h>

#include "core/policy.h"
#include "util.h"

/* Write pt as NLMSGERR_ATTR_POLICY into a fresh skb. */
static struct unl_skb *write_one(const struct unl_nla_policy *pt, int *err)
{
	struct unl_skb *skb = unl_skb_alloc(256);

	assert_non_null(skb);
	*err = unl_policy_write_attr(skb, pt, NLMSGERR_ATTR_POLICY);
	return skb;
}

#define NEST_HDR(len) (len), 0, NLMSGERR_ATTR_POLICY, 0x80
#define U32_ATTR(t, v)                                                     \
	8, 0, (t), 0, (v) & 0xff, ((v) >> 8) & 0xff, ((v) >> 16) & 0xff,  \
		((v) >> 24) & 0xff
#define TYPE_ATTR(v) U32_ATTR(NL_POLICY_TYPE_ATTR_TYPE, v)

static void test_u16_plain_kernel(void **state)
{
	static const struct unl_nla_policy pt = { .type = UNL_NLA_U16 };
	struct unl_skb *skb;
	int err;

	(void)state;
	skb = write_one(&pt, &err);
	assert_int_equal(err, 0);
	/* kernel: nlctrl CTRL_ATTR_FAMILY_ID */
	CHECK(skb, NEST_HDR(36),
	      12, 0, NL_POLICY_TYPE_ATTR_MIN_VALUE_U, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	      12, 0, NL_POLICY_TYPE_ATTR_MAX_VALUE_U, 0, 0xff, 0xff, 0, 0, 0, 0,
	      0, 0, TYPE_ATTR(NL_ATTR_TYPE_U16));
	unl_skb_free(skb);
}

static void test_u32_plain_kernel(void **state)
{
	static const struct unl_nla_policy pt = { .type = UNL_NLA_U32 };
	struct unl_skb *skb;
	int err;

	(void)state;
	skb = write_one(&pt, &err);
	assert_int_equal(err, 0);
	/* kernel: nlctrl CTRL_ATTR_OP */
	CHECK(skb, NEST_HDR(36),
	      12, 0, NL_POLICY_TYPE_ATTR_MIN_VALUE_U, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	      12, 0, NL_POLICY_TYPE_ATTR_MAX_VALUE_U, 0, 0xff, 0xff, 0xff, 0xff,
	      0, 0, 0, 0, TYPE_ATTR(NL_ATTR_TYPE_U32));
	unl_skb_free(skb);
}

static void test_u32_range(void **state)
{
	static const struct unl_nla_policy pt =
		UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 68, 65535);
	struct unl_skb *skb;
	int err;

	(void)state;
	skb = write_one(&pt, &err);
	assert_int_equal(err, 0);
	CHECK(skb, NEST_HDR(36),
	      12, 0, NL_POLICY_TYPE_ATTR_MIN_VALUE_U, 0, 68, 0, 0, 0, 0, 0, 0, 0,
	      12, 0, NL_POLICY_TYPE_ATTR_MAX_VALUE_U, 0, 0xff, 0xff, 0, 0, 0, 0,
	      0, 0, TYPE_ATTR(NL_ATTR_TYPE_U32));
	unl_skb_free(skb);
}

static void test_u8_min(void **state)
{
	static const struct unl_nla_policy pt =
		UNL_NLA_POLICY_MIN(UNL_NLA_U8, 3);
	struct unl_skb *skb;
	int err;

	(void)state;
	skb = write_one(&pt, &err);
	assert_int_equal(err, 0);
	CHECK(skb, NEST_HDR(36),
	      12, 0, NL_POLICY_TYPE_ATTR_MIN_VALUE_U, 0, 3, 0, 0, 0, 0, 0, 0, 0,
	      12, 0, NL_POLICY_TYPE_ATTR_MAX_VALUE_U, 0, 0xff, 0, 0, 0, 0, 0, 0,
	      0, TYPE_ATTR(NL_ATTR_TYPE_U8));
	unl_skb_free(skb);
}

static void test_u32_mask_kernel(void **state)
{
	static const struct unl_nla_policy pt =
		UNL_NLA_POLICY_MASK(UNL_NLA_U32, 0x7);
	struct unl_skb *skb;
	int err;

	(void)state;
	skb = write_one(&pt, &err);
	assert_int_equal(err, 0);
	/* kernel: ethtool ETHTOOL_A_HEADER_FLAGS */
	CHECK(skb, NEST_HDR(24),
	      12, 0, NL_POLICY_TYPE_ATTR_MASK, 0, 7, 0, 0, 0, 0, 0, 0, 0,
	      TYPE_ATTR(NL_ATTR_TYPE_U32));
	unl_skb_free(skb);
}

static void test_s32_range(void **state)
{
	static const struct unl_nla_policy pt =
		UNL_NLA_POLICY_RANGE(UNL_NLA_S32, -5, 5);
	struct unl_skb *skb;
	int err;

	(void)state;
	skb = write_one(&pt, &err);
	assert_int_equal(err, 0);
	CHECK(skb, NEST_HDR(36),
	      12, 0, NL_POLICY_TYPE_ATTR_MIN_VALUE_S, 0, 0xfb, 0xff, 0xff, 0xff,
	      0xff, 0xff, 0xff, 0xff,
	      12, 0, NL_POLICY_TYPE_ATTR_MAX_VALUE_S, 0, 5, 0, 0, 0, 0, 0, 0, 0,
	      TYPE_ATTR(NL_ATTR_TYPE_S32));
	unl_skb_free(skb);
}

static void test_s8_plain(void **state)
{
	static const struct unl_nla_policy pt = { .type = UNL_NLA_S8 };
	struct unl_skb *skb;
	int err;

	(void)state;
	skb = write_one(&pt, &err);
	assert_int_equal(err, 0);
	CHECK(skb, NEST_HDR(36),
	      12, 0, NL_POLICY_TYPE_ATTR_MIN_VALUE_S, 0, 0x80, 0xff, 0xff, 0xff,
	      0xff, 0xff, 0xff, 0xff,
	      12, 0, NL_POLICY_TYPE_ATTR_MAX_VALUE_S, 0, 0x7f, 0, 0, 0, 0, 0, 0,
	      0, TYPE_ATTR(NL_ATTR_TYPE_S8));
	unl_skb_free(skb);
}

static void test_uint_sint_msecs_types(void **state)
{
	static const struct unl_nla_policy pts[] = {
		{ .type = UNL_NLA_UINT },
		{ .type = UNL_NLA_MSECS },
		{ .type = UNL_NLA_SINT },
	};
	/* NL_ATTR_TYPE_SINT and _UINT follow NL_ATTR_TYPE_BITFIELD32;
	 * Linux describes MSECS as a UINT. */
	static const uint8_t want_type[] = {
		NL_ATTR_TYPE_BITFIELD32 + 2,
		NL_ATTR_TYPE_BITFIELD32 + 2,
		NL_ATTR_TYPE_BITFIELD32 + 1,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
		struct unl_skb *skb;
		const uint8_t *p;
		int err;

		skb = write_one(&pts[i], &err);
		assert_int_equal(err, 0);
		assert_int_equal(unl_skb_len(skb), 36);
		p = unl_skb_data(skb);
		assert_int_equal(p[30], NL_POLICY_TYPE_ATTR_TYPE);
		assert_int_equal(p[32], want_type[i]);
		unl_skb_free(skb);
	}
}

static void test_nul_string_kernel(void **state)
{
	static const struct unl_nla_policy pt = {
		.type = UNL_NLA_NUL_STRING, .len = 15,
	};
	struct unl_skb *skb;
	int err;

	(void)state;
	skb = write_one(&pt, &err);
	assert_int_equal(err, 0);
	/* kernel: nlctrl CTRL_ATTR_FAMILY_NAME */
	CHECK(skb, NEST_HDR(20), U32_ATTR(NL_POLICY_TYPE_ATTR_MAX_LENGTH, 15),
	      TYPE_ATTR(NL_ATTR_TYPE_NUL_STRING));
	unl_skb_free(skb);
}

static void test_string_max_len(void **state)
{
	static const struct unl_nla_policy pt = {
		.type = UNL_NLA_STRING, .len = 16,
	};
	static const struct unl_nla_policy nolen = { .type = UNL_NLA_STRING };
	struct unl_skb *skb;
	int err;

	(void)state;
	skb = write_one(&pt, &err);
	assert_int_equal(err, 0);
	CHECK(skb, NEST_HDR(20), U32_ATTR(NL_POLICY_TYPE_ATTR_MAX_LENGTH, 16),
	      TYPE_ATTR(NL_ATTR_TYPE_STRING));
	unl_skb_free(skb);

	skb = write_one(&nolen, &err);
	assert_int_equal(err, 0);
	CHECK(skb, NEST_HDR(12), TYPE_ATTR(NL_ATTR_TYPE_STRING));
	unl_skb_free(skb);
}

static void test_binary_lengths(void **state)
{
	static const struct unl_nla_policy exact = UNL_NLA_POLICY_EXACT_LEN(6);
	static const struct unl_nla_policy minlen = UNL_NLA_POLICY_MIN_LEN(4);
	static const struct unl_nla_policy maxlen = {
		.type = UNL_NLA_BINARY, .len = 32,
	};
	struct unl_skb *skb;
	int err;

	(void)state;
	skb = write_one(&exact, &err);
	assert_int_equal(err, 0);
	CHECK(skb, NEST_HDR(28), U32_ATTR(NL_POLICY_TYPE_ATTR_MIN_LENGTH, 6),
	      U32_ATTR(NL_POLICY_TYPE_ATTR_MAX_LENGTH, 6),
	      TYPE_ATTR(NL_ATTR_TYPE_BINARY));
	unl_skb_free(skb);

	/* VALIDATE_MIN is not described (Linux only looks at ranges and
	 * at len). */
	skb = write_one(&minlen, &err);
	assert_int_equal(err, 0);
	CHECK(skb, NEST_HDR(12), TYPE_ATTR(NL_ATTR_TYPE_BINARY));
	unl_skb_free(skb);

	skb = write_one(&maxlen, &err);
	assert_int_equal(err, 0);
	CHECK(skb, NEST_HDR(20), U32_ATTR(NL_POLICY_TYPE_ATTR_MAX_LENGTH, 32),
	      TYPE_ATTR(NL_ATTR_TYPE_BINARY));
	unl_skb_free(skb);
}

static const struct unl_nla_policy inner_policy[3] = {
	[1] = { .type = UNL_NLA_U32 },
	[2] = { .type = UNL_NLA_STRING },
};

static void test_nested_kernel(void **state)
{
	static const struct unl_nla_policy pt =
		UNL_NLA_POLICY_NESTED(inner_policy, 2);
	static const struct unl_nla_policy arr =
		UNL_NLA_POLICY_NESTED_ARRAY(inner_policy, 2);
	struct unl_skb *skb;
	int err;

	(void)state;
	/* kernel: ethtool ETHTOOL_A_LINKINFO_HEADER; an ACK names no
	 * policy index. */
	skb = write_one(&pt, &err);
	assert_int_equal(err, 0);
	CHECK(skb, NEST_HDR(12), TYPE_ATTR(NL_ATTR_TYPE_NESTED));
	unl_skb_free(skb);

	skb = write_one(&arr, &err);
	assert_int_equal(err, 0);
	CHECK(skb, NEST_HDR(12), TYPE_ATTR(NL_ATTR_TYPE_NESTED_ARRAY));
	unl_skb_free(skb);
}

/* What a CTRL_CMD_GETPOLICY dump writes for a nested entry: the index
 * of the nested policy in the dump and its maxtype, before the type. */
static void test_nested_with_index(void **state)
{
	static const struct unl_nla_policy pt =
		UNL_NLA_POLICY_NESTED(inner_policy, 2);
	static const struct unl_nla_policy nopol = { .type = UNL_NLA_NESTED };
	struct unl_skb *skb = unl_skb_alloc(128);

	(void)state;
	assert_non_null(skb);
	assert_int_equal(policy_write_attr(skb, &pt, 5, 3), 0);
	CHECK(skb, 28, 0, 5, 0x80,
	      U32_ATTR(NL_POLICY_TYPE_ATTR_POLICY_IDX, 3),
	      U32_ATTR(NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE, 2),
	      TYPE_ATTR(NL_ATTR_TYPE_NESTED));
	unl_skb_trim(skb, 0);
	/* no nested policy: nothing to point at */
	assert_int_equal(policy_write_attr(skb, &nopol, 5, 3), 0);
	CHECK(skb, 12, 0, 5, 0x80, TYPE_ATTR(NL_ATTR_TYPE_NESTED));
	unl_skb_free(skb);
}

static void test_bitfield32_and_flag(void **state)
{
	static const struct unl_nla_policy bf = UNL_NLA_POLICY_BITFIELD32(0x13);
	static const struct unl_nla_policy flag = { .type = UNL_NLA_FLAG };
	struct unl_skb *skb;
	int err;

	(void)state;
	skb = write_one(&bf, &err);
	assert_int_equal(err, 0);
	CHECK(skb, NEST_HDR(20),
	      U32_ATTR(NL_POLICY_TYPE_ATTR_BITFIELD32_MASK, 0x13),
	      TYPE_ATTR(NL_ATTR_TYPE_BITFIELD32));
	unl_skb_free(skb);

	skb = write_one(&flag, &err);
	assert_int_equal(err, 0);
	CHECK(skb, NEST_HDR(12), TYPE_ATTR(NL_ATTR_TYPE_FLAG));
	unl_skb_free(skb);
}

static int any_validator(const struct nlattr *a, struct unl_ext_ack *e)
{
	(void)a;
	(void)e;
	return 0;
}

static void test_function_has_no_range(void **state)
{
	static const struct unl_nla_policy pt = {
		.type = UNL_NLA_U16,
		.validation_type = UNL_NLA_VALIDATE_FUNCTION,
		.validate = any_validator,
	};
	struct unl_skb *skb;
	int err;

	(void)state;
	skb = write_one(&pt, &err);
	assert_int_equal(err, 0);
	CHECK(skb, NEST_HDR(12), TYPE_ATTR(NL_ATTR_TYPE_U16));
	unl_skb_free(skb);
}

static void test_undescribed_types(void **state)
{
	static const struct unl_nla_policy pts[] = {
		{ .type = UNL_NLA_UNSPEC, .len = 4 },
		{ .type = UNL_NLA_REJECT },
		{ .type = UNL_NLA_BE16 },
		{ .type = UNL_NLA_BE32 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
		struct unl_skb *skb;
		int err;

		skb = write_one(&pts[i], &err);
		assert_int_equal(err, -ENODATA);
		assert_int_equal(unl_skb_len(skb), 0);
		assert_int_equal(unl_policy_attr_size(&pts[i]), 0);
		unl_skb_free(skb);
	}
}

static void test_no_room(void **state)
{
	static const struct unl_nla_policy pt = { .type = UNL_NLA_U64 };
	struct unl_skb *skb = unl_skb_alloc(32);

	(void)state;
	assert_non_null(skb);
	assert_int_equal(unl_nla_put_u32(skb, 1, 1), 0);
	/* The nest opens, the values do not fit: all of it goes. */
	assert_int_equal(unl_policy_write_attr(skb, &pt, NLMSGERR_ATTR_POLICY),
			 -ENOBUFS);
	assert_int_equal(unl_skb_len(skb), 8);
	/* 2 bytes left: not even the nest header fits */
	assert_non_null(unl_skb_put(skb, 22));
	assert_int_equal(unl_policy_write_attr(skb, &pt, NLMSGERR_ATTR_POLICY),
			 -ENOBUFS);
	assert_int_equal(unl_skb_len(skb), 30);
	unl_skb_free(skb);
}

/* netlink_policy_dump_attr_size_estimate(), which sizes the ACK. */
static void test_size_estimate(void **state)
{
	static const struct unl_nla_policy u32 = { .type = UNL_NLA_U32 };
	static const struct unl_nla_policy s64 = { .type = UNL_NLA_S64 };
	static const struct unl_nla_policy str = { .type = UNL_NLA_STRING };
	static const struct unl_nla_policy bin = UNL_NLA_POLICY_EXACT_LEN(4);
	static const struct unl_nla_policy nest =
		UNL_NLA_POLICY_NESTED(inner_policy, 2);
	static const struct unl_nla_policy bf = UNL_NLA_POLICY_BITFIELD32(1);
	static const struct unl_nla_policy flag = { .type = UNL_NLA_FLAG };
	const struct unl_nla_policy *all[] = { &u32, &s64, &str, &bin, &nest,
					       &bf, &flag };
	size_t i;

	(void)state;
	assert_int_equal(unl_policy_attr_size(&u32), 48);
	assert_int_equal(unl_policy_attr_size(&s64), 48);
	assert_int_equal(unl_policy_attr_size(&str), 32);
	assert_int_equal(unl_policy_attr_size(&bin), 32);
	assert_int_equal(unl_policy_attr_size(&nest), 32);
	assert_int_equal(unl_policy_attr_size(&bf), 24);
	assert_int_equal(unl_policy_attr_size(&flag), 16);

	/* The estimate always covers what is written. */
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		struct unl_skb *skb;
		int err;

		skb = write_one(all[i], &err);
		assert_int_equal(err, 0);
		assert_true(unl_skb_len(skb) <= unl_policy_attr_size(all[i]));
		unl_skb_free(skb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u16_plain_kernel),
		cmocka_unit_test(test_u32_plain_kernel),
		cmocka_unit_test(test_u32_range),
		cmocka_unit_test(test_u8_min),
		cmocka_unit_test(test_u32_mask_kernel),
		cmocka_unit_test(test_s32_range),
		cmocka_unit_test(test_s8_plain),
		cmocka_unit_test(test_uint_sint_msecs_types),
		cmocka_unit_test(test_nul_string_kernel),
		cmocka_unit_test(test_string_max_len),
		cmocka_unit_test(test_binary_lengths),
		cmocka_unit_test(test_nested_kernel),
		cmocka_unit_test(test_nested_with_index),
		cmocka_unit_test(test_bitfield32_and_flag),
		cmocka_unit_test(test_function_has_no_range),
		cmocka_unit_test(test_undescribed_types),
		cmocka_unit_test(test_no_room),
		cmocka_unit_test(test_size_estimate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
