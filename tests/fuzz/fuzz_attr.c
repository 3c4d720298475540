// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness: attribute validation (lib/nlattr.c's counterpart,
 * src/core/attr.c and policy.c).  One policy holds every attribute type
 * and every kind of validation, nested three deep and as a nested
 * array; the input is
 *
 *   flags8   the UNL_VALIDATE_* mode (low 5 bits)
 *   bytes    the attribute stream
 *
 * parsed top-level and, for each nest found, again inside it; every
 * attribute found is read whole.  Besides the sanitizers' checks, an
 * error must name an attribute inside the input (or none).  Each policy
 * entry is also sized as a policy dump would describe it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>

#include <unetlink/attr.h>
#include <unetlink/unetlink.h>

#include "nl_mutate.h"

enum {
	A_UNSPEC, A_U8, A_U16, A_U32, A_U64, A_S8, A_S16, A_S32, A_S64,
	A_STRING, A_NUL_STRING, A_BINARY, A_FLAG, A_MSECS, A_BITFIELD,
	A_REJECT, A_BE16, A_BE32, A_SINT, A_UINT, A_RANGE, A_MIN, A_MAX,
	A_MASK, A_RANGE_PTR, A_FUNC, A_EXACT, A_MIN_LEN, A_NEST,
	A_NEST_ARRAY, A_WARN,
	A_MAX_TYPE = A_WARN,
};

static int even_only(const struct nlattr *a, struct unl_ext_ack *extack)
{
	if (unl_nla_len(a) >= 4 && (unl_nla_get_u32(a) & 1)) {
		UNL_SET_ERR_MSG_ATTR(extack, a, "odd");
		return -EINVAL;
	}
	return 0;
}

static const struct unl_nla_range range = { .min = -5, .max = 500 };
static const struct unl_nla_policy policy[A_MAX_TYPE + 1];

static const struct unl_nla_policy policy[A_MAX_TYPE + 1] = {
	[A_UNSPEC] = { .strict_start_type = A_BE16 },
	[A_U8] = { .type = UNL_NLA_U8 },
	[A_U16] = { .type = UNL_NLA_U16 },
	[A_U32] = { .type = UNL_NLA_U32 },
	[A_U64] = { .type = UNL_NLA_U64 },
	[A_S8] = { .type = UNL_NLA_S8 },
	[A_S16] = { .type = UNL_NLA_S16 },
	[A_S32] = { .type = UNL_NLA_S32 },
	[A_S64] = { .type = UNL_NLA_S64 },
	[A_STRING] = { .type = UNL_NLA_STRING, .len = 15 },
	[A_NUL_STRING] = { .type = UNL_NLA_NUL_STRING, .len = 15 },
	[A_BINARY] = { .type = UNL_NLA_BINARY, .len = 32 },
	[A_FLAG] = { .type = UNL_NLA_FLAG },
	[A_MSECS] = { .type = UNL_NLA_MSECS },
	[A_BITFIELD] = UNL_NLA_POLICY_BITFIELD32(0xf0f0),
	[A_REJECT] = { .type = UNL_NLA_REJECT },
	[A_BE16] = { .type = UNL_NLA_BE16 },
	[A_BE32] = { .type = UNL_NLA_BE32 },
	[A_SINT] = { .type = UNL_NLA_SINT },
	[A_UINT] = { .type = UNL_NLA_UINT },
	[A_RANGE] = UNL_NLA_POLICY_RANGE(UNL_NLA_U16, 10, 1000),
	[A_MIN] = UNL_NLA_POLICY_MIN(UNL_NLA_S32, -7),
	[A_MAX] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 9),
	[A_MASK] = UNL_NLA_POLICY_MASK(UNL_NLA_U32, 0x00ff00ff),
	[A_RANGE_PTR] = { .type = UNL_NLA_S16,
			  .validation_type = UNL_NLA_VALIDATE_RANGE_PTR,
			  .range = &range },
	[A_FUNC] = { .type = UNL_NLA_BINARY,
		     .validation_type = UNL_NLA_VALIDATE_FUNCTION,
		     .validate = even_only },
	[A_EXACT] = UNL_NLA_POLICY_EXACT_LEN(6),
	[A_MIN_LEN] = UNL_NLA_POLICY_MIN_LEN(3),
	[A_NEST] = UNL_NLA_POLICY_NESTED(policy, A_MAX_TYPE),
	[A_NEST_ARRAY] = UNL_NLA_POLICY_NESTED_ARRAY(policy, A_MAX_TYPE),
	[A_WARN] = { .type = UNL_NLA_U32,
		     .validation_type = UNL_NLA_VALIDATE_RANGE_WARN_TOO_LONG,
		     .min = 0, .max = 100 },
};

static volatile uint64_t sink;

static void read_all(const struct nlattr *const *tb)
{
	char name[16];

	for (int t = 1; t <= A_MAX_TYPE; t++) {
		const struct nlattr *a = tb[t];

		if (!a)
			continue;
		/* whatever validated: its data is within its length */
		for (int i = 0; i < unl_nla_len(a); i++)
			sink += ((const uint8_t *)unl_nla_data(a))[i];
		sink += unl_nla_strscpy(name, a, sizeof(name));
	}
}

static void check_error(int err, const struct unl_ext_ack *ack,
			const uint8_t *p, size_t n)
{
	const uint8_t *bad = (const uint8_t *)ack->bad_attr;

	if (err > 0)
		abort();
	if (err && bad && (bad < p || bad >= p + n))
		abort();
}

static void parse_level(const uint8_t *p, size_t n, unsigned int mode,
			int depth)
{
	const struct nlattr *tb[A_MAX_TYPE + 1];
	struct unl_ext_ack ack = { 0 };
	int err;

	err = unl_nla_parse(tb, A_MAX_TYPE, (const struct nlattr *)p, (int)n,
			    policy, mode, &ack);
	check_error(err, &ack, p, n);
	if (err)
		return;
	read_all(tb);
	if (depth < 3 && tb[A_NEST])
		parse_level(unl_nla_data(tb[A_NEST]),
			    (size_t)unl_nla_len(tb[A_NEST]), mode, depth + 1);
	if (depth < 3 && tb[A_NEST_ARRAY]) {
		const struct nlattr *e;
		int rem;

		unl_nla_for_each_nested(e, tb[A_NEST_ARRAY], rem)
			parse_level(unl_nla_data(e), (size_t)unl_nla_len(e),
				    mode, depth + 1);
	}
	sink += unl_nla_validate((const struct nlattr *)p, (int)n, A_MAX_TYPE,
				 policy, mode, NULL) == 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* every entry as a policy dump describes it */
	for (int t = 1; t <= A_MAX_TYPE; t++)
		sink += unl_policy_attr_size(&policy[t]);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy;

	if (size < 1 || size > 65536)
		return 0;
	/* an exact-size, aligned copy: ASan sees any read past its end */
	copy = malloc(size - 1 ? size - 1 : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	parse_level(copy, size - 1, data[0] & 0x1f, 0);
	free(copy);
	return 0;
}

/* Half the time, the attributes mutated as attributes (nl_mutate.h). */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max,
			       unsigned int seed);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max,
			       unsigned int seed)
{
	struct nl_rng r = { seed };
	size_t n = 0;

	if (!nl_mutate_plain() && size > 1 && nl_rand(&r, 2))
		n = nl_mutate_attrs(data + 1, size - 1, max - 1, &r);
	return n ? n + 1 : LLVMFuzzerMutate(data, size, max);
}
