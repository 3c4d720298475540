// SPDX-License-Identifier: LGPL-2.1-or-later
/* The structure-aware mutator of netlink messages (nl_mutate.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>

#include "nl_mutate.h"

uint32_t nl_rand(struct nl_rng *r, uint32_t n)
{
	/* splitmix64 */
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return n ? (uint32_t)(z % n) : 0;
}

int nl_mutate_plain(void)
{
	static int plain = -1;

	if (plain < 0)
		plain = getenv("FUZZ_PLAIN") != NULL;
	return plain;
}

#define ALIGN4(n) (((n) + 3u) & ~(size_t)3u)
enum { MAX_ATTRS = 256, MAX_DEPTH = 4 };

struct attr_at {
	size_t off;  /* of its header */
	size_t end;  /* where its container ends */
	int parent;  /* index, -1 at the top */
};

struct attrs {
	struct attr_at a[MAX_ATTRS];
	int n;
};

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

/* Does [start, end) hold attributes to its end, at least one? */
static bool stream_ok(const uint8_t *buf, size_t start, size_t end)
{
	size_t off = start;

	if (end - start < NLA_HDRLEN)
		return false;
	while (off + NLA_HDRLEN <= end) {
		uint16_t l = get16(buf + off);

		if (l < NLA_HDRLEN || off + l > end)
			return false;
		off += ALIGN4(l);
	}
	return off >= end;
}

/* Every attribute of [start, end), and inside what looks like a nest. */
static void parse(const uint8_t *buf, size_t start, size_t end, int parent,
		  int depth, struct attrs *as)
{
	size_t off = start;

	while (off + NLA_HDRLEN <= end && as->n < MAX_ATTRS) {
		uint16_t l = get16(buf + off);
		int me = as->n;

		if (l < NLA_HDRLEN || off + l > end)
			return;
		as->a[as->n++] = (struct attr_at){ off, end, parent };
		if (depth < MAX_DEPTH &&
		    stream_ok(buf, off + NLA_HDRLEN, off + l))
			parse(buf, off + NLA_HDRLEN, off + l, me, depth + 1, as);
		off += ALIGN4(l);
	}
}

/* Replace [at, at + old_n) with new_n bytes from src (which may be
 * NULL: zeros), moving what follows, and make every enclosing length
 * (the attribute i's ancestors) follow.  false when it does not fit. */
static bool splice(uint8_t *buf, size_t *len, size_t cap,
		   const struct attrs *as, int parent, size_t at, size_t old_n,
		   const uint8_t *src, size_t new_n)
{
	long delta = (long)new_n - (long)old_n;

	if (*len - old_n + new_n > cap)
		return false;
	for (int p = parent; p >= 0; p = as->a[p].parent)
		if ((long)get16(buf + as->a[p].off) + delta > 0xffff ||
		    (long)get16(buf + as->a[p].off) + delta < NLA_HDRLEN)
			return false;
	memmove(buf + at + new_n, buf + at + old_n, *len - at - old_n);
	if (src)
		memmove(buf + at, src, new_n);
	else
		memset(buf + at, 0, new_n);
	*len = *len - old_n + new_n;
	for (int p = parent; p >= 0; p = as->a[p].parent)
		put16(buf + as->a[p].off,
		      (uint16_t)(get16(buf + as->a[p].off) + delta));
	return true;
}

static const uint64_t boundary[] = {
	0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
	0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
	0x7fffffffffffffffull, 0x8000000000000000ull, UINT64_MAX,
};

static uint64_t boundary_value(struct nl_rng *r)
{
	uint64_t v = boundary[nl_rand(r, sizeof(boundary) / sizeof(*boundary))];

	return nl_rand(r, 4) ? v : v - 1;
}

static uint16_t new_type(uint16_t t, struct nl_rng *r)
{
	switch (nl_rand(r, 6)) {
	case 0:
		return (uint16_t)(t + 1);
	case 1:
		return (uint16_t)(t - 1);
	case 2:
		return t ^ NLA_F_NESTED;
	case 3:
		return t ^ NLA_F_NET_BYTEORDER;
	case 4:
		return (uint16_t)nl_rand(r, 40);
	default:
		return (uint16_t)nl_rand(r, 0x10000);
	}
}

/* A whole attribute, aligned, at most to its container's end. */
static size_t span(const uint8_t *buf, const struct attr_at *a)
{
	size_t n = ALIGN4(get16(buf + a->off));

	return a->off + n > a->end ? a->end - a->off : n;
}

size_t nl_mutate_attrs(uint8_t *buf, size_t len, size_t cap,
		       struct nl_rng *r)
{
	static uint8_t tmp[65536];
	struct attrs as = { .n = 0 };
	struct attr_at *a;
	size_t n, plen, sp;
	uint16_t l;
	int i;

	parse(buf, 0, len, -1, 0, &as);
	if (!as.n)
		return 0;
	i = (int)nl_rand(r, (uint32_t)as.n);
	a = &as.a[i];
	l = get16(buf + a->off);
	plen = l - NLA_HDRLEN;
	sp = span(buf, a);
	switch (nl_rand(r, 9)) {
	case 0: /* its type */
		put16(buf + a->off + 2, new_type(get16(buf + a->off + 2), r));
		return len;
	case 1: { /* a length that lies */
		static const int lies[] = { 0, 1, 3, 4, 5, -1, 1, 4, 0xffff };
		int k = (int)nl_rand(r, sizeof(lies) / sizeof(*lies));
		long v = k < 5 || k == 8 ? lies[k] : (long)l + lies[k];

		put16(buf + a->off, (uint16_t)v);
		return len;
	}
	case 2: /* its payload, mutated as bytes; the lengths follow */
		if (plen + NLA_HDRLEN + 64 > sizeof(tmp))
			return 0;
		memcpy(tmp, buf + a->off, NLA_HDRLEN + plen);
		n = LLVMFuzzerMutate(tmp + NLA_HDRLEN, plen, plen + 64);
		put16(tmp, (uint16_t)(NLA_HDRLEN + n));
		memset(tmp + NLA_HDRLEN + n, 0, 3);
		return splice(buf, &len, cap, &as, a->parent, a->off, sp, tmp,
			      ALIGN4(NLA_HDRLEN + n)) ? len : 0;
	case 3: { /* a boundary value, of its size or of 1, 2, 4, 8 */
		uint64_t v = boundary_value(r);
		size_t w = (plen == 1 || plen == 2 || plen == 4 || plen == 8)
				   ? plen
				   : (size_t)1 << nl_rand(r, 4);

		memcpy(tmp, buf + a->off, NLA_HDRLEN);
		put16(tmp, (uint16_t)(NLA_HDRLEN + w));
		memcpy(tmp + NLA_HDRLEN, &v, w);
		memset(tmp + NLA_HDRLEN + w, 0, 3);
		return splice(buf, &len, cap, &as, a->parent, a->off, sp, tmp,
			      ALIGN4(NLA_HDRLEN + w)) ? len : 0;
	}
	case 4: /* twice */
		if (sp > sizeof(tmp))
			return 0;
		memcpy(tmp, buf + a->off, sp);
		return splice(buf, &len, cap, &as, a->parent, a->off + sp, 0,
			      tmp, sp) ? len : 0;
	case 5: /* gone */
		return splice(buf, &len, cap, &as, a->parent, a->off, sp, NULL,
			      0) ? len : 0;
	case 6: { /* wrapped in a nest */
		uint8_t h[NLA_HDRLEN];

		if (sp + NLA_HDRLEN > 0xffff)
			return 0;
		put16(h, (uint16_t)(sp + NLA_HDRLEN));
		put16(h + 2, (uint16_t)(nl_rand(r, 8) | NLA_F_NESTED));
		return splice(buf, &len, cap, &as, a->parent, a->off, 0, h,
			      sizeof(h)) ? len : 0;
	}
	case 7: { /* a new one before it: a neighbour's type, a value */
		uint64_t v = boundary_value(r);
		size_t w = nl_rand(r, 5) ? (size_t)1 << nl_rand(r, 4) : 0;

		put16(tmp, (uint16_t)(NLA_HDRLEN + w));
		put16(tmp + 2, (uint16_t)(get16(buf + a->off + 2) +
					  nl_rand(r, 3)));
		memset(tmp + NLA_HDRLEN, 0, 8);
		memcpy(tmp + NLA_HDRLEN, &v, w);
		return splice(buf, &len, cap, &as, a->parent, a->off, 0, tmp,
			      ALIGN4(NLA_HDRLEN + w)) ? len : 0;
	}
	default: { /* another attribute's payload in its place */
		struct attr_at *b = &as.a[nl_rand(r, (uint32_t)as.n)];
		size_t bl = get16(buf + b->off);

		if (bl > sizeof(tmp))
			return 0;
		memcpy(tmp, buf + b->off, bl);
		memcpy(tmp + 2, buf + a->off + 2, 2); /* keeping its type */
		memset(tmp + bl, 0, 3);
		return splice(buf, &len, cap, &as, a->parent, a->off, sp, tmp,
			      ALIGN4(bl)) ? len : 0;
	}
	}
}

/* The first offset after the netlink header from which the rest parses
 * as attributes (the family header's end), or len. */
static size_t attrs_start(const uint8_t *buf, size_t len)
{
	for (size_t h = NLMSG_HDRLEN; h + NLA_HDRLEN <= len && h <= 64; h += 4)
		if (stream_ok(buf, h, len))
			return h;
	return len;
}

size_t nl_mutate_msg(uint8_t *buf, size_t len, size_t cap, struct nl_rng *r)
{
	struct nlmsghdr h;
	size_t start, n;

	if (len < NLMSG_HDRLEN)
		return LLVMFuzzerMutate(buf, len, cap);
	memcpy(&h, buf, sizeof(h));
	start = attrs_start(buf, len);
	switch (nl_rand(r, 8)) {
	case 0: /* another type of the family, or of another */
		h.nlmsg_type = new_type(h.nlmsg_type, r) & ~NLA_F_NESTED;
		break;
	case 1: { /* flags: one flipped, or a dump's, a create's */
		static const uint16_t f[] = { NLM_F_DUMP, NLM_F_ACK,
					      NLM_F_CREATE | NLM_F_EXCL,
					      NLM_F_REPLACE, NLM_F_ECHO };

		h.nlmsg_flags ^= nl_rand(r, 2)
					 ? (uint16_t)(1u << nl_rand(r, 16))
					 : f[nl_rand(r, 5)];
		break;
	}
	case 2: /* the family header, as bytes (or the first of them) */
		if (start > NLMSG_HDRLEN) {
			uint8_t fam[64];
			size_t fl = start - NLMSG_HDRLEN;

			if (fl > sizeof(fam))
				fl = sizeof(fam);

			memcpy(fam, buf + NLMSG_HDRLEN, fl);
			LLVMFuzzerMutate(fam, fl, fl); /* its size kept */
			memcpy(buf + NLMSG_HDRLEN, fam, fl);
		}
		break;
	default:
		n = start < len ? nl_mutate_attrs(buf + start, len - start,
						  cap - start, r)
				: 0;
		if (n)
			len = start + n;
		else
			len = LLVMFuzzerMutate(buf, len, cap);
		memcpy(&h.nlmsg_len, buf, sizeof(h.nlmsg_len));
		break;
	}
	h.nlmsg_len = (uint32_t)len;
	memcpy(buf, &h, sizeof(h));
	return len;
}
