// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Attribute parsing and validation against declarative policies, with the
 * behaviour, errno values and extended-ACK messages of Linux's
 * lib/nlattr.c (checked against Linux 6.18).  Nothing here knows about
 * sockets: callers hand in a stream of attributes and get back a table of
 * pointers into it, or -errno with the extack filled in.
 *
 * The extack messages are string literals, so extack->msg stays valid for
 * as long as the program runs; bad_attr and policy point into the caller's
 * request and policy tables.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <arpa/inet.h>

#include "core/internal.h"
#include "core/policy.h"

/*
 * Linux stops descending into nested policies after this many levels, so
 * that a policy that refers back to itself cannot recurse without bound.
 */
#define NLA_MAX_DEPTH UNL_NLA_MAX_DEPTH

/*
 * Payload sizes of the fixed-size types.  Under NL_VALIDATE_STRICT_ATTRS
 * these must match exactly; liberal validation only warns about a
 * mismatch (and the minimum-length table below still applies).
 */
static const uint8_t nla_exact_len[UNL_NLA_TYPE_MAX + 1] = {
	[UNL_NLA_U8] = 1,
	[UNL_NLA_U16] = 2,
	[UNL_NLA_U32] = 4,
	[UNL_NLA_U64] = 8,
	[UNL_NLA_S8] = 1,
	[UNL_NLA_S16] = 2,
	[UNL_NLA_S32] = 4,
	[UNL_NLA_S64] = 8,
	[UNL_NLA_BE16] = 2,
	[UNL_NLA_BE32] = 4,
};

/* Minimum payload sizes, used when the policy entry gives no len. */
static const uint8_t nla_min_len[UNL_NLA_TYPE_MAX + 1] = {
	[UNL_NLA_U8] = 1,
	[UNL_NLA_U16] = 2,
	[UNL_NLA_U32] = 4,
	[UNL_NLA_U64] = 8,
	[UNL_NLA_MSECS] = 8,
	[UNL_NLA_NESTED] = NLA_HDRLEN,
	[UNL_NLA_S8] = 1,
	[UNL_NLA_S16] = 2,
	[UNL_NLA_S32] = 4,
	[UNL_NLA_S64] = 8,
	[UNL_NLA_BE16] = 2,
	[UNL_NLA_BE32] = 4,
};

static int nla_validate_parse(const struct nlattr *head, int len,
			      int maxtype,
			      const struct unl_nla_policy *policy,
			      unsigned int flags, struct unl_ext_ack *extack,
			      const struct nlattr **tb, unsigned int depth);

/* ---- reading ---- */

/*
 * Copy up to size bytes of payload and zero the rest, as nla_memcpy()
 * does for the 64-bit getters.  Attributes are only 4-byte aligned, so a
 * direct 8-byte load would be misaligned.
 */
static void nla_read(void *dst, const struct nlattr *a, size_t size)
{
	int alen = unl_nla_len(a);
	size_t n = alen < 0 ? 0 : (size_t)alen;

	if (n > size)
		n = size;
	memcpy(dst, unl_nla_data(a), n);
	memset((uint8_t *)dst + n, 0, size - n);
}

uint8_t unl_nla_get_u8(const struct nlattr *a)
{
	uint8_t v;

	nla_read(&v, a, sizeof(v));
	return v;
}

uint16_t unl_nla_get_u16(const struct nlattr *a)
{
	uint16_t v;

	nla_read(&v, a, sizeof(v));
	return v;
}

uint32_t unl_nla_get_u32(const struct nlattr *a)
{
	uint32_t v;

	nla_read(&v, a, sizeof(v));
	return v;
}

uint64_t unl_nla_get_u64(const struct nlattr *a)
{
	uint64_t v;

	nla_read(&v, a, sizeof(v));
	return v;
}

uint64_t unl_nla_get_uint(const struct nlattr *a)
{
	if (unl_nla_len(a) == sizeof(uint32_t))
		return unl_nla_get_u32(a);
	return unl_nla_get_u64(a);
}

int64_t unl_nla_get_sint(const struct nlattr *a)
{
	if (unl_nla_len(a) == sizeof(int32_t))
		return (int32_t)unl_nla_get_u32(a);
	return (int64_t)unl_nla_get_u64(a);
}

size_t unl_nla_strscpy(char *dst, const struct nlattr *a, size_t size)
{
	const char *src = unl_nla_data(a);
	size_t srclen = unl_nla_len(a) > 0 ? (size_t)unl_nla_len(a) : 0;
	size_t n;

	/* A string attribute may or may not carry its NUL. */
	if (srclen > 0 && src[srclen - 1] == '\0')
		srclen--;
	if (size == 0)
		return srclen;
	n = srclen < size ? srclen : size - 1;
	memcpy(dst, src, n);
	/* Pad out the whole destination, as the kernel does, so that no
	 * stale bytes leak when dst is copied somewhere as a whole. */
	memset(dst + n, 0, size - n);
	return srclen;
}

const struct nlattr *unl_nla_find(const struct nlattr *head, int len,
				  int type)
{
	const struct nlattr *nla;
	int rem;

	unl_nla_for_each(nla, head, len, rem) {
		if (unl_nla_type(nla) == type)
			return nla;
	}
	return NULL;
}

/* ---- integer ranges ---- */

enum { NLA_BOUND_MIN = 1, NLA_BOUND_MAX = 2 };

/*
 * The bounds an entry's validation sets, as the policy stores them
 * (int64_t, which unsigned entries read back as uint64_t).  Returns which
 * of *min and *max were filled in; the others keep the type's own.
 */
static unsigned int nla_policy_bounds(const struct unl_nla_policy *pt,
				      int64_t *min, int64_t *max)
{
	switch (pt->validation_type) {
	case UNL_NLA_VALIDATE_RANGE:
	case UNL_NLA_VALIDATE_RANGE_WARN_TOO_LONG:
		*min = pt->min;
		*max = pt->max;
		return NLA_BOUND_MIN | NLA_BOUND_MAX;
	case UNL_NLA_VALIDATE_RANGE_PTR:
		if (!pt->range)
			return 0;
		*min = pt->range->min;
		*max = pt->range->max;
		return NLA_BOUND_MIN | NLA_BOUND_MAX;
	case UNL_NLA_VALIDATE_MIN:
		*min = pt->min;
		return NLA_BOUND_MIN;
	case UNL_NLA_VALIDATE_MAX:
		*max = pt->max;
		return NLA_BOUND_MAX;
	default:
		return 0;
	}
}

/*
 * The unsigned range an entry allows: the type's own range narrowed by the
 * policy's validation.  NLA_BINARY ranges bound the payload length, which
 * cannot exceed U16_MAX.
 */
void nla_range_unsigned(const struct unl_nla_policy *pt, uint64_t *min,
			uint64_t *max)
{
	unsigned int bounds;
	int64_t lo, hi;

	*min = 0;
	switch (pt->type) {
	case UNL_NLA_U8:
		*max = UINT8_MAX;
		break;
	case UNL_NLA_U32:
	case UNL_NLA_BE32:
		*max = UINT32_MAX;
		break;
	case UNL_NLA_U64:
	case UNL_NLA_UINT:
	case UNL_NLA_MSECS:
		*max = UINT64_MAX;
		break;
	default: /* U16, BE16, BINARY and the string types */
		*max = UINT16_MAX;
		break;
	}

	bounds = nla_policy_bounds(pt, &lo, &hi);
	if (bounds & NLA_BOUND_MIN)
		*min = (uint64_t)lo;
	if (bounds & NLA_BOUND_MAX)
		*max = (uint64_t)hi;
}

void nla_range_signed(const struct unl_nla_policy *pt, int64_t *min,
		      int64_t *max)
{
	switch (pt->type) {
	case UNL_NLA_S8:
		*min = INT8_MIN;
		*max = INT8_MAX;
		break;
	case UNL_NLA_S16:
		*min = INT16_MIN;
		*max = INT16_MAX;
		break;
	case UNL_NLA_S32:
		*min = INT32_MIN;
		*max = INT32_MAX;
		break;
	default: /* S64, SINT */
		*min = INT64_MIN;
		*max = INT64_MAX;
		break;
	}

	/* A length bound (NLA_POLICY_EXACT_LEN_WARN), which Linux's
	 * nla_get_range_signed() does not look at. */
	if (pt->validation_type == UNL_NLA_VALIDATE_RANGE_WARN_TOO_LONG)
		return;
	nla_policy_bounds(pt, min, max);
}

/* The value of an unsigned integer attribute; false for other types. */
static bool nla_value_unsigned(const struct unl_nla_policy *pt,
			       const struct nlattr *nla, uint64_t *v)
{
	switch (pt->type) {
	case UNL_NLA_U8:
		*v = unl_nla_get_u8(nla);
		return true;
	case UNL_NLA_U16:
		*v = unl_nla_get_u16(nla);
		return true;
	case UNL_NLA_U32:
		*v = unl_nla_get_u32(nla);
		return true;
	case UNL_NLA_U64:
		*v = unl_nla_get_u64(nla);
		return true;
	case UNL_NLA_UINT:
		*v = unl_nla_get_uint(nla);
		return true;
	case UNL_NLA_BE16:
		*v = ntohs(unl_nla_get_u16(nla));
		return true;
	case UNL_NLA_BE32:
		*v = ntohl(unl_nla_get_u32(nla));
		return true;
	default:
		return false;
	}
}

static int nla_check_range_unsigned(const struct unl_nla_policy *pt,
				    const struct nlattr *nla,
				    unsigned int flags,
				    struct unl_ext_ack *extack)
{
	uint64_t value, min, max;

	if (pt->type == UNL_NLA_MSECS)
		value = unl_nla_get_u64(nla);
	else if (pt->type == UNL_NLA_BINARY)
		value = (uint64_t)unl_nla_len(nla);
	else if (!nla_value_unsigned(pt, nla, &value))
		return -EINVAL;

	nla_range_unsigned(pt, &min, &max);

	/*
	 * NLA_POLICY_EXACT_LEN_WARN: too long is tolerated (with a kernel
	 * log warning) unless the attributes are validated strictly.
	 */
	if (pt->validation_type == UNL_NLA_VALIDATE_RANGE_WARN_TOO_LONG &&
	    pt->type == UNL_NLA_BINARY && value > max) {
		if (flags & UNL_VALIDATE_STRICT_ATTRS) {
			UNL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
						 "invalid attribute length");
			return -EINVAL;
		}
		return 0;
	}

	if (value < min || value > max) {
		if (pt->type == UNL_NLA_BINARY)
			UNL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
				"binary attribute size out of range");
		else
			UNL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
						 "integer out of range");
		return -ERANGE;
	}
	return 0;
}

static int nla_check_range_signed(const struct unl_nla_policy *pt,
				  const struct nlattr *nla,
				  struct unl_ext_ack *extack)
{
	int64_t value, min, max;

	switch (pt->type) {
	case UNL_NLA_S8:
		value = (int8_t)unl_nla_get_u8(nla);
		break;
	case UNL_NLA_S16:
		value = (int16_t)unl_nla_get_u16(nla);
		break;
	case UNL_NLA_S32:
		value = (int32_t)unl_nla_get_u32(nla);
		break;
	case UNL_NLA_S64:
		value = (int64_t)unl_nla_get_u64(nla);
		break;
	case UNL_NLA_SINT:
		value = unl_nla_get_sint(nla);
		break;
	default:
		return -EINVAL;
	}

	nla_range_signed(pt, &min, &max);
	if (value < min || value > max) {
		UNL_SET_ERR_MSG_ATTR_POL(extack, nla, pt, "integer out of range");
		return -ERANGE;
	}
	return 0;
}

static int nla_check_range(const struct unl_nla_policy *pt,
			   const struct nlattr *nla, unsigned int flags,
			   struct unl_ext_ack *extack)
{
	switch (pt->type) {
	case UNL_NLA_U8:
	case UNL_NLA_U16:
	case UNL_NLA_U32:
	case UNL_NLA_U64:
	case UNL_NLA_UINT:
	case UNL_NLA_MSECS:
	case UNL_NLA_BINARY:
	case UNL_NLA_BE16:
	case UNL_NLA_BE32:
		return nla_check_range_unsigned(pt, nla, flags, extack);
	case UNL_NLA_S8:
	case UNL_NLA_S16:
	case UNL_NLA_S32:
	case UNL_NLA_S64:
	case UNL_NLA_SINT:
		return nla_check_range_signed(pt, nla, extack);
	default:
		/* A policy bug (range on a non-integer); Linux WARNs. */
		return -EINVAL;
	}
}

static int nla_check_mask(const struct unl_nla_policy *pt,
			  const struct nlattr *nla, struct unl_ext_ack *extack)
{
	uint64_t value;

	if (!nla_value_unsigned(pt, nla, &value))
		return -EINVAL;
	if (value & ~pt->mask) {
		/* Linux reports no policy with this one. */
		UNL_SET_ERR_MSG_ATTR(extack, nla, "reserved bit set");
		return -EINVAL;
	}
	return 0;
}

/* struct nla_bitfield32: only valid bits, and only selected ones, set. */
static int nla_check_bitfield32(const struct nlattr *nla, uint32_t valid)
{
	struct nla_bitfield32 bf;

	nla_read(&bf, nla, sizeof(bf));
	if (!valid)
		return -EINVAL;
	if ((bf.selector & ~valid) || (bf.value & ~valid))
		return -EINVAL;
	if (bf.value & ~bf.selector)
		return -EINVAL;
	return 0;
}

/* Every element of a nested array is itself a nest of pt's policy. */
static int nla_check_array(const struct nlattr *head, int len, int maxtype,
			   const struct unl_nla_policy *policy,
			   unsigned int flags, struct unl_ext_ack *extack,
			   unsigned int depth)
{
	const struct nlattr *entry;
	int rem, err;

	unl_nla_for_each(entry, head, len, rem) {
		if (unl_nla_len(entry) == 0)
			continue;
		if (unl_nla_len(entry) < NLA_HDRLEN) {
			/* Linux names the nested policy here, not the
			 * array's own entry. */
			UNL_SET_ERR_MSG_ATTR_POL(extack, entry, policy,
						 "Array element too short");
			return -ERANGE;
		}
		err = nla_validate_parse(unl_nla_data(entry),
					 unl_nla_len(entry), maxtype, policy,
					 flags, extack, NULL, depth + 1);
		if (err < 0)
			return err;
	}
	return 0;
}

/* ---- one attribute ---- */

static bool nla_type_is_nest(uint8_t type)
{
	return type == UNL_NLA_NESTED || type == UNL_NLA_NESTED_ARRAY;
}

/*
 * Validate nla, of a type in 1..maxtype, against its policy entry.  Every
 * failure of the basic length/content checks is reported as "Attribute
 * failed policy validation" with the entry; the more specific checks set
 * their own message.  Errors from a nested level are passed up untouched
 * so that the innermost message and attribute reach the user.
 */
static int nla_validate_one(const struct nlattr *nla, int maxtype,
			    const struct unl_nla_policy *policy,
			    unsigned int flags, struct unl_ext_ack *extack,
			    unsigned int depth)
{
	uint16_t strict_start = policy[0].strict_start_type;
	int attrlen = unl_nla_len(nla);
	int type = unl_nla_type(nla);
	const struct unl_nla_policy *pt;
	int err = -ERANGE;
	int minlen;

	/* Attributes added after a policy went strict are always checked
	 * strictly, whatever the caller asked for. */
	if (strict_start && type >= strict_start)
		flags |= UNL_VALIDATE_STRICT;

	if (type <= 0 || type > maxtype)
		return 0;
	pt = &policy[type];
	if (pt->type > UNL_NLA_TYPE_MAX)
		return -EINVAL; /* a broken policy table; Linux BUG()s */

	if (nla_exact_len[pt->type] && attrlen != nla_exact_len[pt->type] &&
	    (flags & UNL_VALIDATE_STRICT_ATTRS)) {
		UNL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
					 "invalid attribute length");
		return -EINVAL;
	}

	if (flags & UNL_VALIDATE_NESTED) {
		bool flagged = nla->nla_type & NLA_F_NESTED;

		if (nla_type_is_nest(pt->type) && !flagged) {
			UNL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
						 "NLA_F_NESTED is missing");
			return -EINVAL;
		}
		if (!nla_type_is_nest(pt->type) &&
		    pt->type != UNL_NLA_UNSPEC && flagged) {
			UNL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
						 "NLA_F_NESTED not expected");
			return -EINVAL;
		}
	}

	switch (pt->type) {
	case UNL_NLA_REJECT:
		if (extack && pt->reject_message) {
			/* The policy's own words, and (as NL_SET_BAD_ATTR
			 * does) no policy to describe. */
			extack->bad_attr = nla;
			extack->policy = NULL;
			extack->msg = pt->reject_message;
			return -EINVAL;
		}
		err = -EINVAL;
		goto out_err;

	case UNL_NLA_FLAG:
		if (attrlen > 0)
			goto out_err;
		break;

	case UNL_NLA_SINT:
	case UNL_NLA_UINT:
		if (attrlen != sizeof(uint32_t) && attrlen != sizeof(uint64_t)) {
			UNL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
						 "invalid attribute length");
			return -EINVAL;
		}
		break;

	case UNL_NLA_BITFIELD32:
		if (attrlen != sizeof(struct nla_bitfield32))
			goto out_err;
		err = nla_check_bitfield32(nla, pt->bitfield32_valid);
		if (err)
			goto out_err;
		break;

	case UNL_NLA_NUL_STRING: {
		/* The NUL must come within len + 1 bytes. */
		int scan = attrlen;

		if (pt->len && scan > pt->len + 1)
			scan = pt->len + 1;
		if (scan == 0 || !memchr(unl_nla_data(nla), '\0', scan)) {
			err = -EINVAL;
			goto out_err;
		}
		__attribute__((fallthrough));
	}
	case UNL_NLA_STRING:
		if (attrlen < 1)
			goto out_err;
		if (pt->len) {
			const char *s = unl_nla_data(nla);
			int slen = attrlen;

			if (s[slen - 1] == '\0')
				slen--;
			if (slen > pt->len)
				goto out_err;
		}
		break;

	case UNL_NLA_BINARY:
		if (pt->len && attrlen > pt->len)
			goto out_err;
		break;

	case UNL_NLA_NESTED:
		/* An empty nest is fine; a non-empty one holds at least one
		 * attribute header. */
		if (attrlen == 0)
			break;
		if (attrlen < NLA_HDRLEN)
			goto out_err;
		if (pt->nested_policy)
			return nla_validate_parse(unl_nla_data(nla), attrlen,
						  pt->len, pt->nested_policy,
						  flags, extack, NULL,
						  depth + 1);
		break;

	case UNL_NLA_NESTED_ARRAY:
		if (attrlen == 0)
			break;
		if (attrlen < NLA_HDRLEN)
			goto out_err;
		if (pt->nested_policy) {
			/* The array and its elements each count one level,
			 * so the depth goes up by one only, in the loop. */
			err = nla_check_array(unl_nla_data(nla), attrlen,
					      pt->len, pt->nested_policy, flags,
					      extack, depth);
			if (err < 0)
				return err;
		}
		break;

	case UNL_NLA_UNSPEC:
		if (flags & UNL_VALIDATE_UNSPEC) {
			/* No policy reported: there is nothing to say. */
			UNL_SET_ERR_MSG_ATTR(extack, nla,
					     "Unsupported attribute");
			return -EINVAL;
		}
		if (attrlen < pt->len)
			goto out_err;
		break;

	default:
		minlen = pt->len ? pt->len : nla_min_len[pt->type];
		if (attrlen < minlen)
			goto out_err;
		break;
	}

	switch (pt->validation_type) {
	case UNL_NLA_VALIDATE_RANGE:
	case UNL_NLA_VALIDATE_RANGE_WARN_TOO_LONG:
	case UNL_NLA_VALIDATE_MIN:
	case UNL_NLA_VALIDATE_MAX:
	case UNL_NLA_VALIDATE_RANGE_PTR:
		err = nla_check_range(pt, nla, flags, extack);
		if (err)
			return err;
		break;
	case UNL_NLA_VALIDATE_MASK:
		err = nla_check_mask(pt, nla, extack);
		if (err)
			return err;
		break;
	case UNL_NLA_VALIDATE_FUNCTION:
		if (pt->validate) {
			err = pt->validate(nla, extack);
			if (err)
				return err;
		}
		break;
	default:
		break;
	}
	return 0;

out_err:
	UNL_SET_ERR_MSG_ATTR_POL(extack, nla, pt,
				 "Attribute failed policy validation");
	return err;
}

/* ---- a stream of attributes ---- */

static int nla_validate_parse(const struct nlattr *head, int len,
			      int maxtype,
			      const struct unl_nla_policy *policy,
			      unsigned int flags, struct unl_ext_ack *extack,
			      const struct nlattr **tb, unsigned int depth)
{
	const struct nlattr *nla;
	int rem, err;

	if (depth >= NLA_MAX_DEPTH) {
		UNL_SET_ERR_MSG(extack,
				"allowed policy recursion depth exceeded");
		return -EINVAL;
	}

	if (tb && maxtype >= 0)
		memset(tb, 0, sizeof(*tb) * ((size_t)maxtype + 1));

	unl_nla_for_each(nla, head, len, rem) {
		int type = unl_nla_type(nla);

		if (type == 0 || type > maxtype) {
			if (flags & UNL_VALIDATE_MAXTYPE) {
				UNL_SET_ERR_MSG_ATTR(extack, nla,
						     "Unknown attribute type");
				return -EINVAL;
			}
			continue;
		}
		if (policy) {
			err = nla_validate_one(nla, maxtype, policy, flags,
					       extack, depth);
			if (err < 0)
				return err;
		}
		if (tb)
			tb[type] = nla;
	}

	/*
	 * Bytes that do not make a whole attribute.  Liberal parsing still
	 * succeeds, but Linux leaves the message in the extack, and so it
	 * reaches the user as a warning in the ACK.
	 */
	if (rem > 0) {
		UNL_SET_ERR_MSG(extack,
				"bytes leftover after parsing attributes");
		if (flags & UNL_VALIDATE_TRAILING)
			return -EINVAL;
	}
	return 0;
}

int unl_nla_parse(const struct nlattr **tb, int maxtype,
		  const struct nlattr *head, int len,
		  const struct unl_nla_policy *policy, unsigned int flags,
		  struct unl_ext_ack *extack)
{
	return nla_validate_parse(head, len, maxtype, policy, flags, extack,
				  tb, 0);
}

int unl_nla_validate(const struct nlattr *head, int len, int maxtype,
		     const struct unl_nla_policy *policy, unsigned int flags,
		     struct unl_ext_ack *extack)
{
	return nla_validate_parse(head, len, maxtype, policy, flags, extack,
				  NULL, 0);
}

int unl_nla_parse_nested(const struct nlattr **tb, int maxtype,
			 const struct nlattr *nla,
			 const struct unl_nla_policy *policy,
			 unsigned int flags, struct unl_ext_ack *extack)
{
	/* nla_parse_nested() (strict) insists on the flag;
	 * nla_parse_nested_deprecated() (liberal) does not look. */
	if ((flags & UNL_VALIDATE_NESTED) && !(nla->nla_type & NLA_F_NESTED)) {
		UNL_SET_ERR_MSG_ATTR(extack, nla, "NLA_F_NESTED is missing");
		return -EINVAL;
	}
	return nla_validate_parse(unl_nla_data(nla), unl_nla_len(nla),
				  maxtype, policy, flags, extack, tb, 0);
}

int unl_nlmsg_parse(const struct nlmsghdr *nlh, int hdrlen,
		    const struct nlattr **tb, int maxtype,
		    const struct unl_nla_policy *policy, unsigned int flags,
		    struct unl_ext_ack *extack)
{
	int attrlen;

	if (hdrlen < 0 ||
	    nlh->nlmsg_len < (uint32_t)NLMSG_HDRLEN + (uint32_t)hdrlen) {
		UNL_SET_ERR_MSG(extack, "Invalid header length");
		return -EINVAL;
	}
	/* The attributes start after the family header rounded up to 4;
	 * when that rounding passes the end there are none. */
	attrlen = (int)(nlh->nlmsg_len - NLMSG_HDRLEN) - NLMSG_ALIGN(hdrlen);
	return nla_validate_parse(
		(const struct nlattr *)((const uint8_t *)NLMSG_DATA(nlh) +
					NLMSG_ALIGN(hdrlen)),
		attrlen, maxtype, policy, flags, extack, tb, 0);
}
