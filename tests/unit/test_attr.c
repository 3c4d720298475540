// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Attribute parsing and validation (attr.c) against the behaviour of
 * Linux's lib/nlattr.c: errno, extended-ACK message, bad attribute and
 * reported policy for every kind of failure.
 *
 * Cases whose name ends in _kernel mirror a request sent to the real
 * kernel (Linux 6.18, x86-64, NETLINK_EXT_ACK on a genetlink socket in a
 * fresh network namespace) with the same policy shape; the comment gives
 * the request and what the kernel answered.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>

#include <cmocka.h>
#include <linux/netlink.h>

#include <unetlink/attr.h>

/* ---- building attribute streams ---- */

struct abuf {
	union {
		uint8_t b[2048];
		uint64_t align;
	};
	int len;
};

/* Append an attribute; returns where it starts. */
static struct nlattr *put(struct abuf *a, uint16_t type, const void *data,
			  int len)
{
	struct nlattr *nla = (struct nlattr *)(a->b + a->len);
	int total = NLA_ALIGN(NLA_HDRLEN + len);

	assert_true(a->len + total <= (int)sizeof(a->b));
	memset(nla, 0, (size_t)total);
	nla->nla_len = (uint16_t)(NLA_HDRLEN + len);
	nla->nla_type = type;
	if (len)
		memcpy((uint8_t *)nla + NLA_HDRLEN, data, (size_t)len);
	a->len += total;
	return nla;
}

static struct nlattr *put_u8(struct abuf *a, uint16_t type, uint8_t v)
{
	return put(a, type, &v, 1);
}

static struct nlattr *put_u16(struct abuf *a, uint16_t type, uint16_t v)
{
	return put(a, type, &v, 2);
}

static struct nlattr *put_u32(struct abuf *a, uint16_t type, uint32_t v)
{
	return put(a, type, &v, 4);
}

static struct nlattr *put_u64(struct abuf *a, uint16_t type, uint64_t v)
{
	return put(a, type, &v, 8);
}

static struct nlattr *put_str(struct abuf *a, uint16_t type, const char *s)
{
	return put(a, type, s, (int)strlen(s));
}

/* Open a nest: the caller appends its content and then closes it. */
static struct nlattr *nest_open(struct abuf *a, uint16_t type)
{
	return put(a, type, NULL, 0);
}

static void nest_close(struct abuf *a, struct nlattr *nest)
{
	nest->nla_len = (uint16_t)((a->b + a->len) - (uint8_t *)nest);
}

static const struct nlattr *head(const struct abuf *a)
{
	return (const struct nlattr *)a->b;
}

/* ---- the test policy ---- */

enum {
	T_UNSPEC,
	T_U8,
	T_U16,
	T_U32,
	T_U64,
	T_STR,
	T_STR4,
	T_NSTR,
	T_NSTR4,
	T_FLAG,
	T_MSECS,
	T_NEST,
	T_ARR,
	T_BIN4,
	T_S8,
	T_S16,
	T_S32,
	T_S64,
	T_BF32,
	T_BF32_NONE,
	T_REJ_MSG,
	T_REJ,
	T_BE16,
	T_BE32,
	T_SINT,
	T_UINT,
	T_U32_RANGE,
	T_S16_RANGE,
	T_U8_MIN,
	T_U16_MAX,
	T_U64_RPTR,
	T_S64_RPTR,
	T_U32_MASK,
	T_BE16_RANGE,
	T_BE32_MASK,
	T_UINT_MAX,
	T_SINT_MIN,
	T_EXACT6,
	T_MINLEN4,
	T_WARN4,
	T_FUNC,
	T_UNSPEC4,
	T_NEST_NOPOL,
	T_MSECS_MAX,
	__T_MAX
};
#define T_MAX (__T_MAX - 1)

enum { I_UNSPEC, I_U32, I_STR, I_NEST, __I_MAX };
#define I_MAX (__I_MAX - 1)

static const struct unl_nla_policy inner_policy[I_MAX + 1] = {
	[I_U32] = { .type = UNL_NLA_U32 },
	[I_STR] = { .type = UNL_NLA_STRING, .len = 8 },
	[I_NEST] = UNL_NLA_POLICY_NESTED(inner_policy, I_MAX),
};

static const struct unl_nla_range u64_range = { .min = 100, .max = 200 };
static const struct unl_nla_range s64_range = { .min = -10, .max = -1 };

static int func_calls;

static int func_validate(const struct nlattr *a, struct unl_ext_ack *extack)
{
	func_calls++;
	if (unl_nla_get_u32(a) == 13) {
		UNL_SET_ERR_MSG_ATTR(extack, a, "unlucky");
		return -EDOM;
	}
	return 0;
}

static const struct unl_nla_policy pol[T_MAX + 1] = {
	[T_U8] = { .type = UNL_NLA_U8 },
	[T_U16] = { .type = UNL_NLA_U16 },
	[T_U32] = { .type = UNL_NLA_U32 },
	[T_U64] = { .type = UNL_NLA_U64 },
	[T_STR] = { .type = UNL_NLA_STRING },
	[T_STR4] = { .type = UNL_NLA_STRING, .len = 4 },
	[T_NSTR] = { .type = UNL_NLA_NUL_STRING },
	[T_NSTR4] = { .type = UNL_NLA_NUL_STRING, .len = 4 },
	[T_FLAG] = { .type = UNL_NLA_FLAG },
	[T_MSECS] = { .type = UNL_NLA_MSECS },
	[T_NEST] = UNL_NLA_POLICY_NESTED(inner_policy, I_MAX),
	[T_ARR] = UNL_NLA_POLICY_NESTED_ARRAY(inner_policy, I_MAX),
	[T_BIN4] = { .type = UNL_NLA_BINARY, .len = 4 },
	[T_S8] = { .type = UNL_NLA_S8 },
	[T_S16] = { .type = UNL_NLA_S16 },
	[T_S32] = { .type = UNL_NLA_S32 },
	[T_S64] = { .type = UNL_NLA_S64 },
	[T_BF32] = UNL_NLA_POLICY_BITFIELD32(0x3),
	[T_BF32_NONE] = UNL_NLA_POLICY_BITFIELD32(0),
	[T_REJ_MSG] = { .type = UNL_NLA_REJECT,
			.reject_message = "this is rejected" },
	[T_REJ] = { .type = UNL_NLA_REJECT },
	[T_BE16] = { .type = UNL_NLA_BE16 },
	[T_BE32] = { .type = UNL_NLA_BE32 },
	[T_SINT] = { .type = UNL_NLA_SINT },
	[T_UINT] = { .type = UNL_NLA_UINT },
	[T_U32_RANGE] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 10, 20),
	[T_S16_RANGE] = UNL_NLA_POLICY_RANGE(UNL_NLA_S16, -5, 5),
	[T_U8_MIN] = UNL_NLA_POLICY_MIN(UNL_NLA_U8, 5),
	[T_U16_MAX] = UNL_NLA_POLICY_MAX(UNL_NLA_U16, 100),
	[T_U64_RPTR] = { .type = UNL_NLA_U64,
			 .validation_type = UNL_NLA_VALIDATE_RANGE_PTR,
			 .range = &u64_range },
	[T_S64_RPTR] = { .type = UNL_NLA_S64,
			 .validation_type = UNL_NLA_VALIDATE_RANGE_PTR,
			 .range = &s64_range },
	[T_U32_MASK] = UNL_NLA_POLICY_MASK(UNL_NLA_U32, 0x0f),
	[T_BE16_RANGE] = UNL_NLA_POLICY_RANGE(UNL_NLA_BE16, 1, 100),
	[T_BE32_MASK] = UNL_NLA_POLICY_MASK(UNL_NLA_BE32, 0xff00),
	[T_UINT_MAX] = UNL_NLA_POLICY_MAX(UNL_NLA_UINT, 1000),
	[T_SINT_MIN] = UNL_NLA_POLICY_MIN(UNL_NLA_SINT, -1000),
	[T_EXACT6] = UNL_NLA_POLICY_EXACT_LEN(6),
	[T_MINLEN4] = UNL_NLA_POLICY_MIN_LEN(4),
	[T_WARN4] = { .type = UNL_NLA_BINARY,
		      .validation_type = UNL_NLA_VALIDATE_RANGE_WARN_TOO_LONG,
		      .min = 4, .max = 4 },
	[T_FUNC] = { .type = UNL_NLA_U32,
		     .validation_type = UNL_NLA_VALIDATE_FUNCTION,
		     .validate = func_validate },
	[T_UNSPEC4] = { .type = UNL_NLA_UNSPEC, .len = 4 },
	[T_NEST_NOPOL] = { .type = UNL_NLA_NESTED },
	[T_MSECS_MAX] = UNL_NLA_POLICY_MAX(UNL_NLA_MSECS, 5000),
};

#define LIBERAL UNL_VALIDATE_LIBERAL
#define STRICT UNL_VALIDATE_STRICT

/* Messages, as Linux spells them. */
#define M_FAILED "Attribute failed policy validation"
#define M_LEN "invalid attribute length"
#define M_RANGE "integer out of range"
#define M_BIN_RANGE "binary attribute size out of range"
#define M_NEST_MISSING "NLA_F_NESTED is missing"
#define M_NEST_UNEXPECTED "NLA_F_NESTED not expected"
#define M_UNKNOWN "Unknown attribute type"
#define M_UNSUPPORTED "Unsupported attribute"
#define M_LEFTOVER "bytes leftover after parsing attributes"
#define M_DEPTH "allowed policy recursion depth exceeded"
#define M_MASK "reserved bit set"
#define M_ARRAY "Array element too short"

static int parse(const struct abuf *a, unsigned int flags,
		 struct unl_ext_ack *ea, const struct nlattr **tb)
{
	memset(ea, 0, sizeof(*ea));
	return unl_nla_parse(tb, T_MAX, head(a), a->len, pol, flags, ea);
}

/* Parse one attribute and check the outcome. */
static void expect(const struct abuf *a, unsigned int flags, int err,
		   const char *msg, const struct nlattr *bad,
		   const struct unl_nla_policy *pt)
{
	const struct nlattr *tb[T_MAX + 1];
	struct unl_ext_ack ea;

	assert_int_equal(parse(a, flags, &ea, tb), err);
	if (msg)
		assert_string_equal(ea.msg, msg);
	else
		assert_null(ea.msg);
	assert_ptr_equal(ea.bad_attr, bad);
	assert_ptr_equal(ea.policy, pt);
}

static void expect_ok(const struct abuf *a, unsigned int flags)
{
	expect(a, flags, 0, NULL, NULL, NULL);
}

/* One attribute alone, checked under both strictness levels. */
/* Which failures report the attribute's policy entry. */
#define POL_NONE 0
#define POL_LIB 1
#define POL_STRICT 2
#define POL_BOTH (POL_LIB | POL_STRICT)

static void one(uint16_t type, const void *data, int len, int lib_err,
		const char *lib_msg, int strict_err, const char *strict_msg,
		int pols)
{
	struct abuf a = { .len = 0 };
	struct nlattr *nla = put(&a, type, data, len);

	expect(&a, LIBERAL, lib_err, lib_msg, lib_err ? nla : NULL,
	       lib_err && (pols & POL_LIB) ? &pol[type] : NULL);
	expect(&a, STRICT, strict_err, strict_msg, strict_err ? nla : NULL,
	       strict_err && (pols & POL_STRICT) ? &pol[type] : NULL);
}

/* ---- getters ---- */

static void test_getters(void **state)
{
	struct abuf a = { .len = 0 };
	struct nlattr *u8, *u16, *u32, *u64, *uint4, *uint8, *sint4, *sint8;
	int32_t m5 = -5;
	int64_t big = -0x123456789ll;

	(void)state;
	u8 = put_u8(&a, 1, 0xfe);
	u16 = put_u16(&a, 2, 0xfedc);
	u32 = put_u32(&a, 3, 0xfedcba98);
	/* at offset 28: not 8-byte aligned */
	u64 = put_u64(&a, 4, 0x0123456789abcdefull);
	uint4 = put_u32(&a, 5, 77);
	uint8 = put_u64(&a, 6, 1ull << 40);
	sint4 = put(&a, 7, &m5, 4);
	sint8 = put(&a, 8, &big, 8);

	assert_int_equal(unl_nla_get_u8(u8), 0xfe);
	assert_int_equal(unl_nla_get_u16(u16), 0xfedc);
	assert_int_equal(unl_nla_get_u32(u32), 0xfedcba98);
	assert_true(unl_nla_get_u64(u64) == 0x0123456789abcdefull);
	assert_true(unl_nla_get_uint(uint4) == 77);
	assert_true(unl_nla_get_uint(uint8) == 1ull << 40);
	assert_true(unl_nla_get_sint(sint4) == -5);
	assert_true(unl_nla_get_sint(sint8) == big);
	/* a short u64 reads what is there, zero-filled (nla_memcpy) */
	assert_true(unl_nla_get_u64(u32) == 0xfedcba98);
}

static void test_strscpy(void **state)
{
	struct abuf a = { .len = 0 };
	struct nlattr *with, *without, *empty;
	char buf[8];

	(void)state;
	with = put(&a, 1, "eth0", 5);
	without = put_str(&a, 2, "wlan0123");
	empty = put(&a, 3, NULL, 0);

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(unl_nla_strscpy(buf, with, sizeof(buf)), 4);
	assert_memory_equal(buf, "eth0\0\0\0\0", 8);

	/* truncated, always NUL-terminated */
	assert_int_equal(unl_nla_strscpy(buf, without, sizeof(buf)), 8);
	assert_string_equal(buf, "wlan012");

	assert_int_equal(unl_nla_strscpy(buf, empty, sizeof(buf)), 0);
	assert_string_equal(buf, "");

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(unl_nla_strscpy(buf, with, 0), 4);
	assert_int_equal(buf[0], 'x');
}

static void test_find(void **state)
{
	struct abuf a = { .len = 0 };
	struct nlattr *first, *flagged;

	(void)state;
	put_u32(&a, 1, 1);
	first = put_u32(&a, 2, 2);
	put_u32(&a, 2, 3);
	flagged = put_u32(&a, 3 | NLA_F_NESTED, 4);
	assert_ptr_equal(unl_nla_find(head(&a), a.len, 2), first);
	/* the flag bits are not part of the type */
	assert_ptr_equal(unl_nla_find(head(&a), a.len, 3), flagged);
	assert_null(unl_nla_find(head(&a), a.len, 4));
	/* a cut stream ends the search */
	assert_null(unl_nla_find(head(&a), 8 + 4, 2));
}

/* ---- parse basics ---- */

static void test_parse_fills_table(void **state)
{
	const struct nlattr *tb[T_MAX + 1];
	struct unl_ext_ack ea;
	struct abuf a = { .len = 0 };
	struct nlattr *second;

	(void)state;
	memset(tb, 0xff, sizeof(tb));
	put_u32(&a, T_U32, 1);
	put_u8(&a, T_U8, 2);
	second = put_u32(&a, T_U32, 3);
	assert_int_equal(parse(&a, STRICT, &ea, tb), 0);
	/* the last of a type wins; everything else is cleared */
	assert_ptr_equal(tb[T_U32], second);
	assert_non_null(tb[T_U8]);
	assert_null(tb[T_UNSPEC]);
	assert_null(tb[T_U16]);
	assert_null(tb[T_MAX]);
	assert_null(ea.msg);
}

static void test_parse_empty(void **state)
{
	struct abuf a = { .len = 0 };

	(void)state;
	expect_ok(&a, STRICT);
	expect_ok(&a, LIBERAL);
}

static void test_parse_without_policy(void **state)
{
	const struct nlattr *tb[T_MAX + 1];
	struct unl_ext_ack ea = { 0 };
	struct abuf a = { .len = 0 };
	struct nlattr *bad;

	(void)state;
	/* no policy: no validation, just the table */
	put_u8(&a, T_U64, 1);
	assert_int_equal(unl_nla_parse(tb, T_MAX, head(&a), a.len, NULL,
				       STRICT, &ea),
			 0);
	assert_non_null(tb[T_U64]);
	/* but the maxtype check still applies */
	bad = put_u8(&a, T_MAX + 1, 1);
	assert_int_equal(unl_nla_parse(tb, T_MAX, head(&a), a.len, NULL,
				       STRICT, &ea),
			 -EINVAL);
	assert_string_equal(ea.msg, M_UNKNOWN);
	assert_ptr_equal(ea.bad_attr, bad);
}

static void test_validate_and_null_extack(void **state)
{
	struct abuf a = { .len = 0 };

	(void)state;
	put_u32(&a, T_U32, 1);
	assert_int_equal(unl_nla_validate(head(&a), a.len, T_MAX, pol, STRICT,
					  NULL),
			 0);
	put_u8(&a, T_U32, 1);
	assert_int_equal(unl_nla_validate(head(&a), a.len, T_MAX, pol, STRICT,
					  NULL),
			 -EINVAL);
	assert_int_equal(unl_nla_validate(head(&a), a.len, T_MAX, pol, LIBERAL,
					  NULL),
			 -ERANGE);
	assert_int_equal(unl_nla_parse(NULL, T_MAX, head(&a), a.len, pol,
				       LIBERAL, NULL),
			 -ERANGE);
}

/* ---- lengths of the fixed-size types ---- */

static void test_fixed_len_exact(void **state)
{
	static const struct {
		uint16_t type;
		int len;
	} fixed[] = {
		{ T_U8, 1 },   { T_U16, 2 }, { T_U32, 4 },  { T_U64, 8 },
		{ T_S8, 1 },   { T_S16, 2 }, { T_S32, 4 },  { T_S64, 8 },
		{ T_BE16, 2 }, { T_BE32, 4 },
	};
	uint8_t data[16] = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		uint16_t t = fixed[i].type;
		int n = fixed[i].len;

		/* exact: fine either way */
		one(t, data, n, 0, NULL, 0, NULL, POL_BOTH);
		/* longer: liberal tolerates it, strict does not */
		one(t, data, n + 1, 0, NULL, -EINVAL, M_LEN, POL_BOTH);
		/* shorter: the minimum length fails liberal parsing */
		one(t, data, n - 1, -ERANGE, M_FAILED, -EINVAL, M_LEN, POL_BOTH);
	}
}

static void test_msecs_len(void **state)
{
	uint8_t data[16] = { 0 };

	(void)state;
	/* MSECS has a minimum but no exact length, even when strict */
	one(T_MSECS, data, 8, 0, NULL, 0, NULL, POL_BOTH);
	one(T_MSECS, data, 12, 0, NULL, 0, NULL, POL_BOTH);
	one(T_MSECS, data, 4, -ERANGE, M_FAILED, -ERANGE, M_FAILED, POL_BOTH);
}

static void test_sint_uint_len(void **state)
{
	uint8_t data[16] = { 0 };
	int n;

	(void)state;
	for (n = 0; n <= 12; n++) {
		if (n == 4 || n == 8) {
			one(T_SINT, data, n, 0, NULL, 0, NULL, POL_BOTH);
			one(T_UINT, data, n, 0, NULL, 0, NULL, POL_BOTH);
		} else {
			/* only 4 or 8, whatever the strictness */
			one(T_SINT, data, n, -EINVAL, M_LEN, -EINVAL, M_LEN,
			    POL_BOTH);
			one(T_UINT, data, n, -EINVAL, M_LEN, -EINVAL, M_LEN,
			    POL_BOTH);
		}
	}
}

static void test_flag(void **state)
{
	uint8_t data[4] = { 0 };

	(void)state;
	one(T_FLAG, NULL, 0, 0, NULL, 0, NULL, POL_BOTH);
	one(T_FLAG, data, 1, -ERANGE, M_FAILED, -ERANGE, M_FAILED, POL_BOTH);
}

/* ---- strings and binary ---- */

static void test_string(void **state)
{
	(void)state;
	one(T_STR, "", 0, -ERANGE, M_FAILED, -ERANGE, M_FAILED, POL_BOTH);
	one(T_STR, "x", 1, 0, NULL, 0, NULL, POL_BOTH);
	one(T_STR, "a long string without limit", 27, 0, NULL, 0, NULL, POL_BOTH);
	/* len 4 counts characters; a final NUL is free */
	one(T_STR4, "abcd", 4, 0, NULL, 0, NULL, POL_BOTH);
	one(T_STR4, "abcd", 5, 0, NULL, 0, NULL, POL_BOTH);
	one(T_STR4, "abcde", 5, -ERANGE, M_FAILED, -ERANGE, M_FAILED, POL_BOTH);
	one(T_STR4, "abcd\0\0", 6, -ERANGE, M_FAILED, -ERANGE, M_FAILED,
	    POL_BOTH);
}

static void test_nul_string(void **state)
{
	(void)state;
	one(T_NSTR, "", 0, -EINVAL, M_FAILED, -EINVAL, M_FAILED, POL_BOTH);
	one(T_NSTR, "abc", 3, -EINVAL, M_FAILED, -EINVAL, M_FAILED, POL_BOTH);
	one(T_NSTR, "abc", 4, 0, NULL, 0, NULL, POL_BOTH);
	one(T_NSTR, "\0", 1, 0, NULL, 0, NULL, POL_BOTH);
	one(T_NSTR4, "abcd", 5, 0, NULL, 0, NULL, POL_BOTH);
	/* the NUL must come within len + 1 bytes */
	one(T_NSTR4, "abcde", 6, -EINVAL, M_FAILED, -EINVAL, M_FAILED, POL_BOTH);
	/* NUL found early, but the attribute is still too long: the
	 * string check that follows gives -ERANGE */
	one(T_NSTR4, "ab\0de", 5, -ERANGE, M_FAILED, -ERANGE, M_FAILED,
	    POL_BOTH);
}

/* kernel: nlctrl CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME (NUL_STRING,
 * len 15) of 16 'a' and a NUL: -EINVAL "Attribute failed policy
 * validation", offset of the attribute, policy MAX_LENGTH 15. */
static void test_nul_string_too_long_kernel(void **state)
{
	static const struct unl_nla_policy ctrl[3] = {
		[1] = { .type = UNL_NLA_U16 },
		[2] = { .type = UNL_NLA_NUL_STRING, .len = 15 },
	};
	struct unl_ext_ack ea = { 0 };
	const struct nlattr *tb[3];
	struct abuf a = { .len = 0 };
	struct nlattr *name;

	(void)state;
	name = put(&a, 2, "aaaaaaaaaaaaaaaa", 17);
	assert_int_equal(unl_nla_parse(tb, 2, head(&a), a.len, ctrl, LIBERAL,
				       &ea),
			 -EINVAL);
	assert_string_equal(ea.msg, M_FAILED);
	assert_ptr_equal(ea.bad_attr, name);
	assert_ptr_equal(ea.policy, &ctrl[2]);
}

static void test_binary(void **state)
{
	uint8_t data[8] = { 0 };

	(void)state;
	one(T_BIN4, data, 0, 0, NULL, 0, NULL, POL_BOTH);
	one(T_BIN4, data, 4, 0, NULL, 0, NULL, POL_BOTH);
	one(T_BIN4, data, 5, -ERANGE, M_FAILED, -ERANGE, M_FAILED, POL_BOTH);
}

static void test_binary_ranges(void **state)
{
	uint8_t data[8] = { 0 };

	(void)state;
	one(T_EXACT6, data, 6, 0, NULL, 0, NULL, POL_BOTH);
	one(T_EXACT6, data, 5, -ERANGE, M_BIN_RANGE, -ERANGE, M_BIN_RANGE,
	    POL_BOTH);
	one(T_EXACT6, data, 7, -ERANGE, M_BIN_RANGE, -ERANGE, M_BIN_RANGE,
	    POL_BOTH);
	one(T_MINLEN4, data, 3, -ERANGE, M_BIN_RANGE, -ERANGE, M_BIN_RANGE,
	    POL_BOTH);
	one(T_MINLEN4, data, 8, 0, NULL, 0, NULL, POL_BOTH);
	/* NLA_POLICY_EXACT_LEN_WARN: too long only fails strict parsing,
	 * too short always fails */
	one(T_WARN4, data, 4, 0, NULL, 0, NULL, POL_BOTH);
	one(T_WARN4, data, 8, 0, NULL, -EINVAL, M_LEN, POL_BOTH);
	one(T_WARN4, data, 2, -ERANGE, M_BIN_RANGE, -ERANGE, M_BIN_RANGE,
	    POL_BOTH);
}

/* ---- bitfield32, reject, unspec ---- */

static void test_bitfield32(void **state)
{
	struct nla_bitfield32 ok = { .value = 1, .selector = 3 };
	struct nla_bitfield32 bad_sel = { .value = 0, .selector = 4 };
	struct nla_bitfield32 bad_val = { .value = 4, .selector = 3 };
	struct nla_bitfield32 unselected = { .value = 2, .selector = 1 };
	uint8_t twelve[12] = { 1, 0, 0, 0, 3 };

	(void)state;
	one(T_BF32, &ok, 8, 0, NULL, 0, NULL, POL_BOTH);
	one(T_BF32, &bad_sel, 8, -EINVAL, M_FAILED, -EINVAL, M_FAILED, POL_BOTH);
	one(T_BF32, &bad_val, 8, -EINVAL, M_FAILED, -EINVAL, M_FAILED, POL_BOTH);
	one(T_BF32, &unselected, 8, -EINVAL, M_FAILED, -EINVAL, M_FAILED,
	    POL_BOTH);
	one(T_BF32, &ok, 4, -ERANGE, M_FAILED, -ERANGE, M_FAILED, POL_BOTH);
	one(T_BF32, twelve, 12, -ERANGE, M_FAILED, -ERANGE, M_FAILED,
	    POL_BOTH);
	/* no valid bits at all: a policy that accepts nothing */
	one(T_BF32_NONE, &ok, 8, -EINVAL, M_FAILED, -EINVAL, M_FAILED, POL_BOTH);
}

static void test_reject(void **state)
{
	struct abuf a = { .len = 0 };
	struct nlattr *nla;

	(void)state;
	/* the policy's own message, and no policy reported */
	nla = put_u32(&a, T_REJ_MSG, 0);
	expect(&a, LIBERAL, -EINVAL, "this is rejected", nla, NULL);
	expect(&a, STRICT, -EINVAL, "this is rejected", nla, NULL);

	a.len = 0;
	nla = put_u32(&a, T_REJ, 0);
	expect(&a, LIBERAL, -EINVAL, M_FAILED, nla, &pol[T_REJ]);

	assert_int_equal(unl_nla_validate(head(&a), a.len, T_MAX, pol, STRICT,
					  NULL),
			 -EINVAL);
}

static void test_unspec(void **state)
{
	uint8_t data[8] = { 0 };

	(void)state;
	/* strict: NLA_UNSPEC entries are not accepted at all, and the
	 * message comes without a policy */
	one(T_UNSPEC4, data, 4, 0, NULL, -EINVAL, M_UNSUPPORTED, POL_NONE);
	/* liberal: len is a minimum */
	one(T_UNSPEC4, data, 2, -ERANGE, M_FAILED, -EINVAL, M_UNSUPPORTED,
	    POL_LIB);
	one(T_UNSPEC4, data, 8, 0, NULL, -EINVAL, M_UNSUPPORTED, POL_NONE);
}

/* ---- integer validation ---- */

static void test_u32_range(void **state)
{
	uint32_t v;

	(void)state;
	v = 9;
	one(T_U32_RANGE, &v, 4, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
	v = 10;
	one(T_U32_RANGE, &v, 4, 0, NULL, 0, NULL, POL_BOTH);
	v = 20;
	one(T_U32_RANGE, &v, 4, 0, NULL, 0, NULL, POL_BOTH);
	v = 21;
	one(T_U32_RANGE, &v, 4, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
}

static void test_signed_range(void **state)
{
	int16_t v;

	(void)state;
	v = -6;
	one(T_S16_RANGE, &v, 2, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
	v = -5;
	one(T_S16_RANGE, &v, 2, 0, NULL, 0, NULL, POL_BOTH);
	v = 5;
	one(T_S16_RANGE, &v, 2, 0, NULL, 0, NULL, POL_BOTH);
	v = 6;
	one(T_S16_RANGE, &v, 2, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
}

static void test_min_max(void **state)
{
	uint8_t u8;
	uint16_t u16;
	uint64_t ms;

	(void)state;
	u8 = 4;
	one(T_U8_MIN, &u8, 1, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
	u8 = 255;
	one(T_U8_MIN, &u8, 1, 0, NULL, 0, NULL, POL_BOTH);
	u16 = 101;
	one(T_U16_MAX, &u16, 2, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
	u16 = 0;
	one(T_U16_MAX, &u16, 2, 0, NULL, 0, NULL, POL_BOTH);
	ms = 5001;
	one(T_MSECS_MAX, &ms, 8, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
	ms = 5000;
	one(T_MSECS_MAX, &ms, 8, 0, NULL, 0, NULL, POL_BOTH);
}

static void test_range_ptr(void **state)
{
	uint64_t u;
	int64_t s;

	(void)state;
	u = 99;
	one(T_U64_RPTR, &u, 8, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
	u = 150;
	one(T_U64_RPTR, &u, 8, 0, NULL, 0, NULL, POL_BOTH);
	u = 201;
	one(T_U64_RPTR, &u, 8, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
	s = -11;
	one(T_S64_RPTR, &s, 8, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
	s = -1;
	one(T_S64_RPTR, &s, 8, 0, NULL, 0, NULL, POL_BOTH);
	s = 0;
	one(T_S64_RPTR, &s, 8, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
}

static void test_uint_sint_ranges(void **state)
{
	uint32_t u4;
	uint64_t u8;
	int32_t s4;
	int64_t s8;

	(void)state;
	u4 = 1000;
	one(T_UINT_MAX, &u4, 4, 0, NULL, 0, NULL, POL_BOTH);
	u4 = 1001;
	one(T_UINT_MAX, &u4, 4, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
	u8 = 1ull << 33;
	one(T_UINT_MAX, &u8, 8, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
	/* a 4-byte SINT is sign-extended */
	s4 = -1000;
	one(T_SINT_MIN, &s4, 4, 0, NULL, 0, NULL, POL_BOTH);
	s4 = -1001;
	one(T_SINT_MIN, &s4, 4, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
	s8 = -(1ll << 40);
	one(T_SINT_MIN, &s8, 8, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
}

static void test_big_endian(void **state)
{
	uint16_t be16;
	uint32_t be32;

	(void)state;
	/* the value is compared in host order */
	be16 = htons(100);
	one(T_BE16_RANGE, &be16, 2, 0, NULL, 0, NULL, POL_BOTH);
	be16 = htons(101);
	one(T_BE16_RANGE, &be16, 2, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
	be16 = htons(0);
	one(T_BE16_RANGE, &be16, 2, -ERANGE, M_RANGE, -ERANGE, M_RANGE, POL_BOTH);
	be32 = htonl(0x1200);
	one(T_BE32_MASK, &be32, 4, 0, NULL, 0, NULL, POL_BOTH);
	be32 = htonl(0x1201);
	one(T_BE32_MASK, &be32, 4, -EINVAL, M_MASK, -EINVAL, M_MASK, POL_NONE);
}

static void test_mask(void **state)
{
	struct abuf a = { .len = 0 };
	struct nlattr *nla;

	(void)state;
	nla = put_u32(&a, T_U32_MASK, 0x0f);
	expect_ok(&a, STRICT);
	a.len = 0;
	/* no policy with "reserved bit set" */
	nla = put_u32(&a, T_U32_MASK, 0x10);
	expect(&a, STRICT, -EINVAL, M_MASK, nla, NULL);
	expect(&a, LIBERAL, -EINVAL, M_MASK, nla, NULL);
}

static void test_function(void **state)
{
	struct abuf a = { .len = 0 };
	struct nlattr *nla;

	(void)state;
	func_calls = 0;
	put_u32(&a, T_FUNC, 12);
	expect_ok(&a, STRICT);
	assert_int_equal(func_calls, 1);

	a.len = 0;
	nla = put_u32(&a, T_FUNC, 13);
	expect(&a, STRICT, -EDOM, "unlucky", nla, NULL);
	assert_int_equal(func_calls, 2);

	/* the length checks come first; the function is not called */
	a.len = 0;
	nla = put_u8(&a, T_FUNC, 13);
	expect(&a, LIBERAL, -ERANGE, M_FAILED, nla, &pol[T_FUNC]);
	assert_int_equal(func_calls, 2);
}

/* ---- unknown types and leftovers ---- */

static void test_unknown_type(void **state)
{
	const struct nlattr *tb[T_MAX + 1];
	struct unl_ext_ack ea;
	struct abuf a = { .len = 0 };
	struct nlattr *bad;

	(void)state;
	put_u32(&a, T_U32, 1);
	bad = put_u32(&a, T_MAX + 1, 1);
	expect(&a, STRICT, -EINVAL, M_UNKNOWN, bad, NULL);
	expect(&a, UNL_VALIDATE_DEPRECATED_STRICT, -EINVAL, M_UNKNOWN, bad,
	       NULL);
	/* liberal: ignored, and not in the table */
	assert_int_equal(parse(&a, LIBERAL, &ea, tb), 0);
	assert_non_null(tb[T_U32]);

	/* type 0 is unknown too */
	a.len = 0;
	bad = put_u32(&a, 0, 1);
	expect(&a, STRICT, -EINVAL, M_UNKNOWN, bad, NULL);
	assert_int_equal(parse(&a, LIBERAL, &ea, tb), 0);
	assert_null(tb[0]);
}

static void test_leftover(void **state)
{
	struct abuf a = { .len = 0 };

	(void)state;
	put_u32(&a, T_U32, 1);
	/* 2 stray bytes: liberal parsing succeeds but leaves a warning */
	a.len += 2;
	expect(&a, LIBERAL, 0, M_LEFTOVER, NULL, NULL);
	expect(&a, STRICT, -EINVAL, M_LEFTOVER, NULL, NULL);
	expect(&a, UNL_VALIDATE_TRAILING, -EINVAL, M_LEFTOVER, NULL, NULL);
}

static void test_leftover_bad_lengths(void **state)
{
	struct abuf a = { .len = 0 };
	struct nlattr *nla;

	(void)state;
	/* an attribute claiming more than is there ends the stream */
	put_u32(&a, T_U32, 1);
	nla = put_u32(&a, T_U32, 2);
	nla->nla_len = 12;
	expect(&a, LIBERAL, 0, M_LEFTOVER, NULL, NULL);
	expect(&a, STRICT, -EINVAL, M_LEFTOVER, NULL, NULL);

	/* so does one shorter than its header */
	nla->nla_len = 3;
	expect(&a, STRICT, -EINVAL, M_LEFTOVER, NULL, NULL);
}

/* kernel: nlctrl CTRL_CMD_GETFAMILY (liberal) with CTRL_ATTR_FAMILY_NAME
 * "nlctrl" and 2 stray bytes: the reply and then an ACK with error 0
 * carrying "bytes leftover after parsing attributes".  With
 * CTRL_CMD_GETPOLICY (strict): -EINVAL, the same message, no offset. */
static void test_leftover_kernel(void **state)
{
	static const struct unl_nla_policy ctrl[3] = {
		[1] = { .type = UNL_NLA_U16 },
		[2] = { .type = UNL_NLA_NUL_STRING, .len = 15 },
	};
	struct unl_ext_ack ea = { 0 };
	const struct nlattr *tb[3];
	struct abuf a = { .len = 0 };

	(void)state;
	put(&a, 2, "nlctrl", 7);
	a.b[a.len] = 8;
	a.len += 2;
	assert_int_equal(unl_nla_parse(tb, 2, head(&a), a.len, ctrl, LIBERAL,
				       &ea),
			 0);
	assert_string_equal(ea.msg, M_LEFTOVER);
	assert_null(ea.bad_attr);
	assert_non_null(tb[2]);
	memset(&ea, 0, sizeof(ea));
	assert_int_equal(unl_nla_parse(tb, 2, head(&a), a.len, ctrl, STRICT,
				       &ea),
			 -EINVAL);
	assert_string_equal(ea.msg, M_LEFTOVER);
	assert_null(ea.bad_attr);
}

/* kernel: nlctrl CTRL_CMD_GETFAMILY (liberal) with a 1-byte
 * CTRL_ATTR_FAMILY_ID (NLA_U16): -ERANGE "Attribute failed policy
 * validation"; CTRL_CMD_GETPOLICY (strict) with a 4-byte one: -EINVAL
 * "invalid attribute length"; both with the offset and the u16 policy. */
static void test_u16_lengths_kernel(void **state)
{
	static const struct unl_nla_policy ctrl[3] = {
		[1] = { .type = UNL_NLA_U16 },
		[2] = { .type = UNL_NLA_NUL_STRING, .len = 15 },
	};
	struct unl_ext_ack ea = { 0 };
	const struct nlattr *tb[3];
	struct abuf a = { .len = 0 };
	struct nlattr *id;

	(void)state;
	id = put_u8(&a, 1, 0x10);
	assert_int_equal(unl_nla_parse(tb, 2, head(&a), a.len, ctrl, LIBERAL,
				       &ea),
			 -ERANGE);
	assert_string_equal(ea.msg, M_FAILED);
	assert_ptr_equal(ea.bad_attr, id);
	assert_ptr_equal(ea.policy, &ctrl[1]);

	a.len = 0;
	id = put_u32(&a, 1, 0x10);
	memset(&ea, 0, sizeof(ea));
	assert_int_equal(unl_nla_parse(tb, 2, head(&a), a.len, ctrl, STRICT,
				       &ea),
			 -EINVAL);
	assert_string_equal(ea.msg, M_LEN);
	assert_ptr_equal(ea.bad_attr, id);
	assert_ptr_equal(ea.policy, &ctrl[1]);
}

/* ---- nesting ---- */

static void test_nested_ok(void **state)
{
	const struct nlattr *tb[T_MAX + 1], *itb[I_MAX + 1];
	struct unl_ext_ack ea;
	struct abuf a = { .len = 0 };
	struct nlattr *nest, *u32;

	(void)state;
	nest = nest_open(&a, T_NEST | NLA_F_NESTED);
	u32 = put_u32(&a, I_U32, 7);
	put_str(&a, I_STR, "abc");
	nest_close(&a, nest);
	assert_int_equal(parse(&a, STRICT, &ea, tb), 0);
	assert_ptr_equal(tb[T_NEST], nest);

	memset(&ea, 0, sizeof(ea));
	assert_int_equal(unl_nla_parse_nested(itb, I_MAX, tb[T_NEST],
					      inner_policy, STRICT, &ea),
			 0);
	assert_ptr_equal(itb[I_U32], u32);
	assert_non_null(itb[I_STR]);
}

static void test_nested_flag_rules(void **state)
{
	struct abuf a = { .len = 0 };
	struct nlattr *nest, *nla;

	(void)state;
	/* a nest without NLA_F_NESTED: fine unless NL_VALIDATE_NESTED */
	nest = nest_open(&a, T_NEST);
	put_u32(&a, I_U32, 7);
	nest_close(&a, nest);
	expect_ok(&a, LIBERAL);
	expect_ok(&a, UNL_VALIDATE_DEPRECATED_STRICT);
	expect(&a, STRICT, -EINVAL, M_NEST_MISSING, nest, &pol[T_NEST]);
	expect(&a, UNL_VALIDATE_NESTED, -EINVAL, M_NEST_MISSING, nest,
	       &pol[T_NEST]);

	/* the flag on a non-nest */
	a.len = 0;
	nla = put_u32(&a, T_U32 | NLA_F_NESTED, 7);
	expect_ok(&a, LIBERAL);
	expect(&a, STRICT, -EINVAL, M_NEST_UNEXPECTED, nla, &pol[T_U32]);

	/* NLA_UNSPEC entries may carry it */
	a.len = 0;
	put_u32(&a, T_UNSPEC4 | NLA_F_NESTED, 7);
	expect_ok(&a, UNL_VALIDATE_NESTED);

	/* and so must a nested array */
	a.len = 0;
	nest = nest_open(&a, T_ARR);
	nest_close(&a, nest);
	expect(&a, STRICT, -EINVAL, M_NEST_MISSING, nest, &pol[T_ARR]);
}

/* kernel: ethtool ETHTOOL_MSG_LINKINFO_GET with ETHTOOL_A_LINKINFO_HEADER
 * not flagged: -EINVAL "NLA_F_NESTED is missing" at the header, policy
 * NL_ATTR_TYPE_NESTED; a 2-byte header: -ERANGE "Attribute failed
 * policy validation"; a u32 inside flagged NLA_F_NESTED: -EINVAL
 * "NLA_F_NESTED not expected" at the inner attribute with its policy;
 * an unknown inner type: "Unknown attribute type" at the inner one; a
 * flags value with a bit outside the mask: "reserved bit set", no
 * policy. */
static void test_nested_kernel(void **state)
{
	static const struct unl_nla_policy hdr_policy[4] = {
		[1] = { .type = UNL_NLA_U32 },
		[2] = { .type = UNL_NLA_NUL_STRING, .len = 127 },
		[3] = UNL_NLA_POLICY_MASK(UNL_NLA_U32, 0x7),
	};
	static const struct unl_nla_policy linkinfo[2] = {
		[1] = UNL_NLA_POLICY_NESTED(hdr_policy, 3),
	};
	struct unl_ext_ack ea = { 0 };
	struct abuf a = { .len = 0 };
	struct nlattr *nest, *inner;
	uint16_t two = 0;

	(void)state;
	nest = nest_open(&a, 1);
	put_u32(&a, 1, 1);
	nest_close(&a, nest);
	assert_int_equal(unl_nla_validate(head(&a), a.len, 1, linkinfo, STRICT,
					  &ea),
			 -EINVAL);
	assert_string_equal(ea.msg, M_NEST_MISSING);
	assert_ptr_equal(ea.bad_attr, nest);
	assert_ptr_equal(ea.policy, &linkinfo[1]);

	a.len = 0;
	nest = put_u16(&a, 1 | NLA_F_NESTED, two);
	memset(&ea, 0, sizeof(ea));
	assert_int_equal(unl_nla_validate(head(&a), a.len, 1, linkinfo, STRICT,
					  &ea),
			 -ERANGE);
	assert_string_equal(ea.msg, M_FAILED);
	assert_ptr_equal(ea.bad_attr, nest);
	assert_ptr_equal(ea.policy, &linkinfo[1]);

	a.len = 0;
	nest = nest_open(&a, 1 | NLA_F_NESTED);
	inner = put_u32(&a, 1 | NLA_F_NESTED, 1);
	nest_close(&a, nest);
	memset(&ea, 0, sizeof(ea));
	assert_int_equal(unl_nla_validate(head(&a), a.len, 1, linkinfo, STRICT,
					  &ea),
			 -EINVAL);
	assert_string_equal(ea.msg, M_NEST_UNEXPECTED);
	assert_ptr_equal(ea.bad_attr, inner);
	assert_ptr_equal(ea.policy, &hdr_policy[1]);

	a.len = 0;
	nest = nest_open(&a, 1 | NLA_F_NESTED);
	put_u32(&a, 1, 1);
	inner = put_u32(&a, 9, 0);
	nest_close(&a, nest);
	memset(&ea, 0, sizeof(ea));
	assert_int_equal(unl_nla_validate(head(&a), a.len, 1, linkinfo, STRICT,
					  &ea),
			 -EINVAL);
	assert_string_equal(ea.msg, M_UNKNOWN);
	assert_ptr_equal(ea.bad_attr, inner);
	assert_null(ea.policy);

	a.len = 0;
	nest = nest_open(&a, 1 | NLA_F_NESTED);
	put_u32(&a, 1, 1);
	inner = put_u32(&a, 3, 0xff);
	nest_close(&a, nest);
	memset(&ea, 0, sizeof(ea));
	assert_int_equal(unl_nla_validate(head(&a), a.len, 1, linkinfo, STRICT,
					  &ea),
			 -EINVAL);
	assert_string_equal(ea.msg, M_MASK);
	assert_ptr_equal(ea.bad_attr, inner);
	assert_null(ea.policy);

	/* leftover inside the nest: the inner level says so, strict */
	a.len = 0;
	nest = nest_open(&a, 1 | NLA_F_NESTED);
	put_u32(&a, 1, 1);
	a.b[a.len] = 4;
	a.len += 4;
	nest_close(&a, nest);
	nest->nla_len -= 2;
	memset(&ea, 0, sizeof(ea));
	assert_int_equal(unl_nla_validate(head(&a), a.len, 1, linkinfo, STRICT,
					  &ea),
			 -EINVAL);
	assert_string_equal(ea.msg, M_LEFTOVER);
	assert_null(ea.bad_attr);
}

static void test_nested_sizes(void **state)
{
	struct abuf a = { .len = 0 };
	struct nlattr *nest;
	uint8_t junk[4] = { 0 };

	(void)state;
	/* empty is fine */
	put(&a, T_NEST | NLA_F_NESTED, NULL, 0);
	expect_ok(&a, STRICT);
	/* 1 to 3 bytes is not */
	a.len = 0;
	nest = put(&a, T_NEST | NLA_F_NESTED, junk, 3);
	expect(&a, STRICT, -ERANGE, M_FAILED, nest, &pol[T_NEST]);
	/* without a nested policy, the content is not looked at */
	a.len = 0;
	put(&a, T_NEST_NOPOL | NLA_F_NESTED, junk, 4);
	expect_ok(&a, STRICT);
}

static void test_nested_inner_error(void **state)
{
	struct abuf a = { .len = 0 };
	struct nlattr *nest, *bad;

	(void)state;
	/* the innermost message and attribute are kept */
	nest = nest_open(&a, T_NEST | NLA_F_NESTED);
	put_u32(&a, I_U32, 1);
	bad = put_str(&a, I_STR, "too long a string");
	nest_close(&a, nest);
	expect(&a, STRICT, -ERANGE, M_FAILED, bad, &inner_policy[I_STR]);
	expect(&a, LIBERAL, -ERANGE, M_FAILED, bad, &inner_policy[I_STR]);
}

static void test_parse_nested_flag(void **state)
{
	const struct nlattr *itb[I_MAX + 1];
	struct unl_ext_ack ea = { 0 };
	struct abuf a = { .len = 0 };
	struct nlattr *nest;

	(void)state;
	nest = nest_open(&a, T_NEST);
	put_u32(&a, I_U32, 1);
	nest_close(&a, nest);
	/* nla_parse_nested() wants the flag, without naming a policy */
	assert_int_equal(unl_nla_parse_nested(itb, I_MAX, nest, inner_policy,
					      STRICT, &ea),
			 -EINVAL);
	assert_string_equal(ea.msg, M_NEST_MISSING);
	assert_ptr_equal(ea.bad_attr, nest);
	assert_null(ea.policy);
	/* nla_parse_nested_deprecated() does not look */
	memset(&ea, 0, sizeof(ea));
	assert_int_equal(unl_nla_parse_nested(itb, I_MAX, nest, inner_policy,
					      LIBERAL, &ea),
			 0);
	assert_non_null(itb[I_U32]);
}

/* Nest n levels of I_NEST around a u32 and validate. */
static int nest_depth(int levels, struct unl_ext_ack *ea)
{
	struct abuf a = { .len = 0 };
	struct nlattr *stack[32];
	int i;

	assert_true(levels < 32);
	stack[0] = nest_open(&a, T_NEST | NLA_F_NESTED);
	for (i = 1; i < levels; i++)
		stack[i] = nest_open(&a, I_NEST | NLA_F_NESTED);
	put_u32(&a, I_U32, 1);
	for (i = levels - 1; i >= 0; i--)
		nest_close(&a, stack[i]);
	memset(ea, 0, sizeof(*ea));
	return unl_nla_validate(head(&a), a.len, T_MAX, pol, STRICT, ea);
}

static void test_depth_cap(void **state)
{
	struct unl_ext_ack ea;

	(void)state;
	/* the top level is depth 0; the content of the 9th nest is parsed
	 * at depth 9, that of the 10th would be at 10: refused */
	assert_int_equal(nest_depth(9, &ea), 0);
	assert_int_equal(nest_depth(10, &ea), -EINVAL);
	assert_string_equal(ea.msg, M_DEPTH);
	/* only the message is set */
	assert_null(ea.bad_attr);
	assert_null(ea.policy);
	assert_int_equal(nest_depth(20, &ea), -EINVAL);
	assert_string_equal(ea.msg, M_DEPTH);
}

static void test_nested_array(void **state)
{
	struct abuf a = { .len = 0 };
	struct nlattr *arr, *el, *bad;
	uint8_t junk[4] = { 0 };

	(void)state;
	arr = nest_open(&a, T_ARR | NLA_F_NESTED);
	el = nest_open(&a, 1 | NLA_F_NESTED);
	put_u32(&a, I_U32, 1);
	nest_close(&a, el);
	put(&a, 2, NULL, 0); /* an empty element is skipped */
	el = nest_open(&a, 3);
	put_str(&a, I_STR, "abc");
	nest_close(&a, el);
	nest_close(&a, arr);
	expect_ok(&a, STRICT);

	/* a short element names the nested policy, not the entry */
	a.len = 0;
	arr = nest_open(&a, T_ARR | NLA_F_NESTED);
	bad = put(&a, 1, junk, 2);
	nest_close(&a, arr);
	expect(&a, STRICT, -ERANGE, M_ARRAY, bad, inner_policy);
	expect(&a, LIBERAL, -ERANGE, M_ARRAY, bad, inner_policy);

	/* an element's content is validated with the nested policy */
	a.len = 0;
	arr = nest_open(&a, T_ARR | NLA_F_NESTED);
	el = nest_open(&a, 1);
	bad = put_u8(&a, I_U32, 1);
	nest_close(&a, el);
	nest_close(&a, arr);
	expect(&a, STRICT, -EINVAL, M_LEN, bad, &inner_policy[I_U32]);
	expect(&a, LIBERAL, -ERANGE, M_FAILED, bad, &inner_policy[I_U32]);

	/* the array itself: empty is fine, 1 to 3 bytes is not */
	a.len = 0;
	put(&a, T_ARR | NLA_F_NESTED, NULL, 0);
	expect_ok(&a, STRICT);
	a.len = 0;
	bad = put(&a, T_ARR | NLA_F_NESTED, junk, 2);
	expect(&a, STRICT, -ERANGE, M_FAILED, bad, &pol[T_ARR]);
}

static void test_array_depth(void **state)
{
	/* An array counts one level for its elements: an array at the top
	 * whose element holds 8 more nests (I_NEST) around a u32 parses the
	 * u32 at depth 9; one more level is refused. */
	struct unl_ext_ack ea;
	int extra;

	(void)state;
	for (extra = 9; extra <= 10; extra++) {
		struct abuf a = { .len = 0 };
		struct nlattr *stack[16];
		int i;

		stack[0] = nest_open(&a, T_ARR | NLA_F_NESTED);
		stack[1] = nest_open(&a, 1 | NLA_F_NESTED); /* element */
		for (i = 2; i < extra + 1; i++)
			stack[i] = nest_open(&a, I_NEST | NLA_F_NESTED);
		put_u32(&a, I_U32, 1);
		for (i = extra; i >= 0; i--)
			nest_close(&a, stack[i]);
		memset(&ea, 0, sizeof(ea));
		assert_int_equal(unl_nla_validate(head(&a), a.len, T_MAX, pol,
						  STRICT, &ea),
				 extra == 9 ? 0 : -EINVAL);
	}
	assert_string_equal(ea.msg, M_DEPTH);
}

/* ---- strict_start_type ---- */

static void test_strict_start_type(void **state)
{
	static const struct unl_nla_policy sp[4] = {
		[0] = { .strict_start_type = 3 },
		[1] = { .type = UNL_NLA_U32 },
		[2] = { .type = UNL_NLA_UNSPEC },
		[3] = { .type = UNL_NLA_U32 },
	};
	struct unl_ext_ack ea = { 0 };
	const struct nlattr *tb[4];
	struct abuf a = { .len = 0 };
	struct nlattr *bad;

	(void)state;
	/* below the start: liberal as asked */
	put_u64(&a, 1, 1);
	put_u32(&a, 2, 1);
	assert_int_equal(unl_nla_parse(tb, 3, head(&a), a.len, sp, LIBERAL,
				       &ea),
			 0);
	/* from the start on: strict whatever was asked */
	bad = put_u64(&a, 3, 1);
	assert_int_equal(unl_nla_parse(tb, 3, head(&a), a.len, sp, LIBERAL,
				       &ea),
			 -EINVAL);
	assert_string_equal(ea.msg, M_LEN);
	assert_ptr_equal(ea.bad_attr, bad);
	assert_ptr_equal(ea.policy, &sp[3]);
}

/* ---- nlmsg_parse ---- */

static void test_nlmsg_parse(void **state)
{
	union {
		uint8_t b[128];
		struct nlmsghdr nlh;
	} m;
	const struct nlattr *tb[T_MAX + 1];
	struct unl_ext_ack ea = { 0 };
	struct nlattr *nla;

	(void)state;
	memset(&m, 0, sizeof(m));
	/* a 5-byte family header is followed by 3 bytes of padding */
	nla = (struct nlattr *)(m.b + NLMSG_HDRLEN + 8);
	nla->nla_len = 8;
	nla->nla_type = T_U32;
	m.nlh.nlmsg_len = NLMSG_HDRLEN + 8 + 8;
	assert_int_equal(unl_nlmsg_parse(&m.nlh, 5, tb, T_MAX, pol, STRICT,
					 &ea),
			 0);
	assert_ptr_equal(tb[T_U32], nla);

	/* just the header: no attributes */
	m.nlh.nlmsg_len = NLMSG_HDRLEN + 5;
	assert_int_equal(unl_nlmsg_parse(&m.nlh, 5, tb, T_MAX, pol, STRICT,
					 &ea),
			 0);
	assert_null(tb[T_U32]);
	assert_null(ea.msg);

	/* shorter than its family header */
	m.nlh.nlmsg_len = NLMSG_HDRLEN + 4;
	assert_int_equal(unl_nlmsg_parse(&m.nlh, 5, tb, T_MAX, pol, STRICT,
					 &ea),
			 -EINVAL);
	assert_string_equal(ea.msg, "Invalid header length");
	assert_null(ea.bad_attr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_getters),
		cmocka_unit_test(test_strscpy),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_parse_fills_table),
		cmocka_unit_test(test_parse_empty),
		cmocka_unit_test(test_parse_without_policy),
		cmocka_unit_test(test_validate_and_null_extack),
		cmocka_unit_test(test_fixed_len_exact),
		cmocka_unit_test(test_msecs_len),
		cmocka_unit_test(test_sint_uint_len),
		cmocka_unit_test(test_flag),
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_nul_string),
		cmocka_unit_test(test_nul_string_too_long_kernel),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_binary_ranges),
		cmocka_unit_test(test_bitfield32),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_unspec),
		cmocka_unit_test(test_u32_range),
		cmocka_unit_test(test_signed_range),
		cmocka_unit_test(test_min_max),
		cmocka_unit_test(test_range_ptr),
		cmocka_unit_test(test_uint_sint_ranges),
		cmocka_unit_test(test_big_endian),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_function),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_leftover),
		cmocka_unit_test(test_leftover_bad_lengths),
		cmocka_unit_test(test_leftover_kernel),
		cmocka_unit_test(test_u16_lengths_kernel),
		cmocka_unit_test(test_nested_ok),
		cmocka_unit_test(test_nested_flag_rules),
		cmocka_unit_test(test_nested_kernel),
		cmocka_unit_test(test_nested_sizes),
		cmocka_unit_test(test_nested_inner_error),
		cmocka_unit_test(test_parse_nested_flag),
		cmocka_unit_test(test_depth_cap),
		cmocka_unit_test(test_nested_array),
		cmocka_unit_test(test_array_depth),
		cmocka_unit_test(test_strict_start_type),
		cmocka_unit_test(test_nlmsg_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
