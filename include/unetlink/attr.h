/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unetlink: netlink attributes (TLVs) and their validation against
 * declarative policies, with extended-ACK errors, as lib/nlattr.c does it.
 *
 * This file knows nothing of sockets.  Wire format of one attribute:
 *
 *   <------- NLA_HDRLEN ------> <-- NLA_ALIGN(payload)-->
 *  +---------------------+- - -+- - - - - - - - - -+- - -+
 *  |        Header       | Pad |     Payload       | Pad |
 *  |   (struct nlattr)   | ing |                   | ing |
 *  +---------------------+- - -+- - - - - - - - - -+- - -+
 *   nla_len counts the header and the payload, not the final padding.
 */
#ifndef UNETLINK_ATTR_H
#define UNETLINK_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#include <unetlink/net.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Attribute data types (the kernel's enum with the same names). */
enum {
	UNL_NLA_UNSPEC,
	UNL_NLA_U8,
	UNL_NLA_U16,
	UNL_NLA_U32,
	UNL_NLA_U64,
	UNL_NLA_STRING,
	UNL_NLA_FLAG,
	UNL_NLA_MSECS,
	UNL_NLA_NESTED,
	UNL_NLA_NESTED_ARRAY,
	UNL_NLA_NUL_STRING,
	UNL_NLA_BINARY,
	UNL_NLA_S8,
	UNL_NLA_S16,
	UNL_NLA_S32,
	UNL_NLA_S64,
	UNL_NLA_BITFIELD32,
	UNL_NLA_REJECT,
	UNL_NLA_BE16,
	UNL_NLA_BE32,
	UNL_NLA_SINT,
	UNL_NLA_UINT,
	__UNL_NLA_TYPE_MAX,
};
#define UNL_NLA_TYPE_MAX (__UNL_NLA_TYPE_MAX - 1)

/* How a policy entry's extra field is used (enum nla_policy_validation). */
enum {
	UNL_NLA_VALIDATE_NONE,
	UNL_NLA_VALIDATE_RANGE,
	UNL_NLA_VALIDATE_RANGE_WARN_TOO_LONG,
	UNL_NLA_VALIDATE_MIN,
	UNL_NLA_VALIDATE_MAX,
	UNL_NLA_VALIDATE_MASK,
	UNL_NLA_VALIDATE_RANGE_PTR,
	UNL_NLA_VALIDATE_FUNCTION,
};

/* Validation strictness (the kernel's NL_VALIDATE_* flags). */
#define UNL_VALIDATE_LIBERAL 0
#define UNL_VALIDATE_TRAILING (1u << 0)
#define UNL_VALIDATE_MAXTYPE (1u << 1)
#define UNL_VALIDATE_UNSPEC (1u << 2)
#define UNL_VALIDATE_STRICT_ATTRS (1u << 3)
#define UNL_VALIDATE_NESTED (1u << 4)
#define UNL_VALIDATE_DEPRECATED_STRICT                                     \
	(UNL_VALIDATE_TRAILING | UNL_VALIDATE_MAXTYPE)
#define UNL_VALIDATE_STRICT                                                \
	(UNL_VALIDATE_TRAILING | UNL_VALIDATE_MAXTYPE | UNL_VALIDATE_UNSPEC | \
	 UNL_VALIDATE_STRICT_ATTRS | UNL_VALIDATE_NESTED)

/* MAX_POLICY_RECURSION_DEPTH */
#define UNL_NLA_MAX_DEPTH 10

struct unl_ext_ack;
struct unl_nla_policy;

struct unl_nla_range {
	int64_t min, max;
};

/*
 * One policy entry.  Write policies as arrays of designated initialisers
 * indexed by attribute type, with the UNL_NLA_POLICY_* helpers below:
 *
 *   static const struct unl_nla_policy foo_policy[FOO_MAX + 1] = {
 *           [FOO_NAME] = { .type = UNL_NLA_NUL_STRING, .len = 15 },
 *           [FOO_MTU]  = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 68, 65535),
 *   };
 *
 * len: for strings and binary the maximum payload length (strings: not
 * counting the NUL), for NLA_UNSPEC-like types the minimum length, for
 * NESTED/NESTED_ARRAY the maxtype of nested_policy.
 */
struct unl_nla_policy {
	uint8_t type;
	uint8_t validation_type;
	uint16_t len;
	union {
		/* policy[0] only: attribute types from this one on are
		 * always validated strictly (UNL_VALIDATE_STRICT), whatever
		 * the caller asked for; 0 for none. */
		uint16_t strict_start_type;
		/* NLA_NESTED, NLA_NESTED_ARRAY */
		const struct unl_nla_policy *nested_policy;
		/* NLA_BITFIELD32: the bits that may be set */
		uint32_t bitfield32_valid;
		/* VALIDATE_MASK */
		uint64_t mask;
		/* NLA_REJECT: the extended-ACK message to give */
		const char *reject_message;
		/* VALIDATE_RANGE_PTR */
		const struct unl_nla_range *range;
		/* VALIDATE_FUNCTION */
		int (*validate)(const struct nlattr *attr,
				struct unl_ext_ack *extack);
		/* VALIDATE_RANGE, _MIN, _MAX */
		struct {
			int64_t min, max;
		};
		/* NLA_BINARY with VALIDATE_MIN: minimum length */
	};
};

#define UNL_NLA_POLICY_RANGE(tp, mn, mx)                                   \
	{ .type = (tp), .validation_type = UNL_NLA_VALIDATE_RANGE,         \
	  .min = (mn), .max = (mx) }
#define UNL_NLA_POLICY_MIN(tp, mn)                                         \
	{ .type = (tp), .validation_type = UNL_NLA_VALIDATE_MIN,           \
	  .min = (mn) }
#define UNL_NLA_POLICY_MAX(tp, mx)                                         \
	{ .type = (tp), .validation_type = UNL_NLA_VALIDATE_MAX,           \
	  .max = (mx) }
#define UNL_NLA_POLICY_MASK(tp, m)                                         \
	{ .type = (tp), .validation_type = UNL_NLA_VALIDATE_MASK, .mask = (m) }
#define UNL_NLA_POLICY_NESTED(pol, maxt)                                   \
	{ .type = UNL_NLA_NESTED, .len = (maxt), .nested_policy = (pol) }
#define UNL_NLA_POLICY_NESTED_ARRAY(pol, maxt)                             \
	{ .type = UNL_NLA_NESTED_ARRAY, .len = (maxt), .nested_policy = (pol) }
#define UNL_NLA_POLICY_BITFIELD32(valid)                                   \
	{ .type = UNL_NLA_BITFIELD32, .bitfield32_valid = (valid) }
#define UNL_NLA_POLICY_EXACT_LEN(l)                                        \
	{ .type = UNL_NLA_BINARY, .validation_type = UNL_NLA_VALIDATE_RANGE, \
	  .min = (l), .max = (l) }
#define UNL_NLA_POLICY_MIN_LEN(l)                                          \
	{ .type = UNL_NLA_BINARY, .validation_type = UNL_NLA_VALIDATE_MIN,   \
	  .min = (l) }

/*
 * Extended ACK: what a handler reports besides the errno
 * (struct netlink_ext_ack).  Pointers point into the request being
 * processed and are only valid while it is.
 */
#define UNL_EXTACK_COOKIE_MAX 20
struct unl_ext_ack {
	const char *msg;
	const struct nlattr *bad_attr;
	const struct unl_nla_policy *policy;
	const struct nlattr *miss_nest;
	uint16_t miss_type;
	uint8_t cookie[UNL_EXTACK_COOKIE_MAX];
	uint8_t cookie_len;
	char msg_buf[80]; /* room for a formatted message */
};

#define UNL_SET_ERR_MSG(ea, m)                                             \
	do {                                                               \
		struct unl_ext_ack *__ea = (ea);                            \
		if (__ea)                                                  \
			__ea->msg = (m);                                   \
	} while (0)
#define UNL_SET_ERR_MSG_ATTR_POL(ea, a, p, m)                              \
	do {                                                               \
		struct unl_ext_ack *__ea = (ea);                            \
		if (__ea) {                                                \
			__ea->msg = (m);                                   \
			__ea->bad_attr = (a);                              \
			__ea->policy = (p);                                \
		}                                                          \
	} while (0)
#define UNL_SET_ERR_MSG_ATTR(ea, a, m) UNL_SET_ERR_MSG_ATTR_POL(ea, a, NULL, m)
/* As NL_SET_BAD_ATTR: the policy of an earlier error is dropped too. */
#define UNL_SET_BAD_ATTR(ea, a)                                            \
	do {                                                               \
		struct unl_ext_ack *__ea = (ea);                            \
		if (__ea) {                                                \
			__ea->bad_attr = (a);                              \
			__ea->policy = NULL;                               \
		}                                                          \
	} while (0)
#define UNL_SET_ERR_ATTR_MISS(ea, nest, type)                              \
	do {                                                               \
		struct unl_ext_ack *__ea = (ea);                            \
		if (__ea) {                                                \
			__ea->miss_nest = (nest);                          \
			__ea->miss_type = (type);                          \
		}                                                          \
	} while (0)

/* Reading attributes. */
static inline uint16_t unl_nla_type(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}
static inline int unl_nla_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}
static inline void *unl_nla_data(const struct nlattr *a)
{
	return (char *)a + NLA_HDRLEN;
}
static inline bool unl_nla_ok(const struct nlattr *a, int rem)
{
	return rem >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) &&
	       a->nla_len <= rem;
}
static inline struct nlattr *unl_nla_next(const struct nlattr *a, int *rem)
{
	unsigned int totlen = NLA_ALIGN(a->nla_len);

	*rem -= totlen;
	return (struct nlattr *)((char *)a + totlen);
}
#define unl_nla_for_each(pos, head, len, rem)                              \
	for (pos = (head), rem = (len); unl_nla_ok(pos, rem);             \
	     pos = unl_nla_next(pos, &(rem)))
#define unl_nla_for_each_nested(pos, nla, rem)                             \
	unl_nla_for_each(pos, (struct nlattr *)unl_nla_data(nla),         \
			 unl_nla_len(nla), rem)

UNL_EXPORT uint8_t unl_nla_get_u8(const struct nlattr *a);
UNL_EXPORT uint16_t unl_nla_get_u16(const struct nlattr *a);
UNL_EXPORT uint32_t unl_nla_get_u32(const struct nlattr *a);
UNL_EXPORT uint64_t unl_nla_get_u64(const struct nlattr *a);
/* NLA_UINT / NLA_SINT: 4 or 8 bytes on the wire. */
UNL_EXPORT uint64_t unl_nla_get_uint(const struct nlattr *a);
UNL_EXPORT int64_t unl_nla_get_sint(const struct nlattr *a);
/* Copy a string attribute into dst (size bytes, always NUL-terminated);
 * returns the length of the source string. */
UNL_EXPORT size_t unl_nla_strscpy(char *dst, const struct nlattr *a,
				  size_t size);
UNL_EXPORT const struct nlattr *unl_nla_find(const struct nlattr *head,
					     int len, int type);

/*
 * Validate the attribute stream at head (len bytes) against policy
 * (maxtype + 1 entries) and fill tb[0..maxtype] with the last attribute
 * of each type (NULL when absent).  flags is a UNL_VALIDATE_* set.
 * Returns 0 or -errno, with extack filled in (may be NULL).
 */
UNL_EXPORT int unl_nla_parse(const struct nlattr **tb, int maxtype,
			     const struct nlattr *head, int len,
			     const struct unl_nla_policy *policy,
			     unsigned int flags, struct unl_ext_ack *extack);
/* Validate only (nla_validate). */
UNL_EXPORT int unl_nla_validate(const struct nlattr *head, int len,
				int maxtype,
				const struct unl_nla_policy *policy,
				unsigned int flags,
				struct unl_ext_ack *extack);
/* Parse the attributes of a nested attribute (nla_parse_nested). */
UNL_EXPORT int unl_nla_parse_nested(const struct nlattr **tb, int maxtype,
				    const struct nlattr *nla,
				    const struct unl_nla_policy *policy,
				    unsigned int flags,
				    struct unl_ext_ack *extack);
/*
 * Parse the attributes of a netlink message after hdrlen bytes of fixed
 * header (nlmsg_parse / __nlmsg_parse).  A message shorter than
 * NLMSG_HDRLEN + hdrlen gives -EINVAL with the extended-ACK message
 * Linux gives.
 */
UNL_EXPORT int unl_nlmsg_parse(const struct nlmsghdr *nlh, int hdrlen,
			       const struct nlattr **tb, int maxtype,
			       const struct unl_nla_policy *policy,
			       unsigned int flags,
			       struct unl_ext_ack *extack);

/*
 * Policy dumps (net/netlink/policy.c): the NL_POLICY_TYPE_ATTR_* nest
 * that describes one policy entry, as written into NLMSGERR_ATTR_POLICY
 * and by nlctrl's CTRL_CMD_GETPOLICY.
 */
struct unl_skb;
/* netlink_policy_dump_attr_size_estimate(): what Linux reserves for the
 * nest describing pt (at least what unl_policy_write_attr() writes,
 * excluding the final alignment). */
UNL_EXPORT size_t unl_policy_attr_size(const struct unl_nla_policy *pt);
/* Write a nest of type nestattr (with NLA_F_NESTED) describing pt into
 * skb.  0; -ENOBUFS when it does not fit (nothing is left written);
 * -ENODATA for types Linux does not describe (UNSPEC, REJECT, BE16,
 * BE32), which are then rejected whatever their content. */
UNL_EXPORT int unl_policy_write_attr(struct unl_skb *skb,
				     const struct unl_nla_policy *pt,
				     int nestattr);

#ifdef __cplusplus
}
#endif
#endif
