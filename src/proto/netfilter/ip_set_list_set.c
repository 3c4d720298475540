// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * list:set (net/netfilter/ipset/ip_set_list_set.c): an ordered list of
 * other sets of the net (never a list:set), each held (its References)
 * while it is a member.  An add appends, or goes before or after a
 * member it names; a del or test may name the neighbour too.  The
 * list's size is reported, not enforced, as in Linux.  Listed after the
 * other sets (IPSET_DUMP_LAST).
 */
#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/ipset/ip_set_list.h>

#include "proto/netfilter/ip_set_private.h"

#define LIST_MIN_SIZE 4     /* IP_SET_LIST_MIN_SIZE */
#define LIST_DEFAULT_SIZE 8 /* IP_SET_LIST_DEFAULT_SIZE */

/* list_set_create(): the size, at least 4 */
static int list_set_create(struct ips_set *s, const struct nlattr *const tb[])
{
	uint32_t size = LIST_DEFAULT_SIZE;

	if ((tb[IPSET_ATTR_SIZE] && !NETORDER(tb[IPSET_ATTR_SIZE])) ||
	    (tb[IPSET_ATTR_TIMEOUT] && !NETORDER(tb[IPSET_ATTR_TIMEOUT])) ||
	    (tb[IPSET_ATTR_CADT_FLAGS] && !NETORDER(tb[IPSET_ATTR_CADT_FLAGS])))
		return -IPSET_ERR_PROTOCOL;
	if (tb[IPSET_ATTR_SIZE])
		size = ntohl(unl_nla_get_u32(tb[IPSET_ATTR_SIZE]));
	s->maxelem = size < LIST_MIN_SIZE ? LIST_MIN_SIZE : size;
	ips_create_ext(s, tb);
	return 0;
}

/* The member at place seq, or NULL. */
static struct ips_elem *list_set_at(struct ips_set *s, uint32_t seq)
{
	for (uint32_t i = 0; i < s->n; i++)
		if (s->elems[i].seq == seq)
			return &s->elems[i];
	return NULL;
}

static uint32_t list_set_total(const struct ips_set *s)
{
	return s->n;
}

/* ip_set_get_byname() and ip_set_put_byindex(): a reference on a set
 * of the net */
static struct ips_set *list_set_get(struct ips_set *s,
				    const struct nlattr *name, uint16_t *idx)
{
	char buf[IPS_NAME_LEN];
	struct ips_set *m;

	unl_nla_strscpy(buf, name, sizeof(buf));
	m = ips_find_name(s->in, buf, idx);
	if (m)
		m->ref++;
	return m;
}

static void list_set_put(struct ips_set *s, uint16_t idx)
{
	struct ips_set *m = idx < IPS_MAX_SETS ? s->in->sets[idx] : NULL;

	if (m && m->ref)
		m->ref--;
}

/* A member going: its set let go, the places after it closed up. */
static void list_set_release(struct ips_set *s, const struct ips_elem *e)
{
	list_set_put(s, e->ref);
	for (uint32_t i = 0; i < s->n; i++)
		if (s->elems[i].seq > e->seq)
			s->elems[i].seq--;
}

/* list_set_uadd(): before > 0 puts it before ref, < 0 after ref */
static int list_set_add(struct ips_set *s, struct ips_elem *e, int before,
			uint16_t refid, bool exist_ok)
{
	struct ips_elem key = { .ref = refid }, *n, *r = NULL;
	uint32_t at = s->n;

	if (before)
		r = ips_elem_find(s, &key);
	key.ref = e->ref;
	n = ips_elem_find(s, &key);
	if (n) {
		if (before && !r)
			return -IPSET_ERR_REF_EXIST;
		if (!exist_ok)
			return -IPSET_ERR_EXIST;
		/* the set is a member already: keep one reference */
		list_set_put(s, e->ref);
		return ips_elem_set_ext(s, n, false);
	}
	if (before && !r)
		return -IPSET_ERR_REF_EXIST;
	if (r)
		at = before > 0 ? r->seq : r->seq + 1;
	for (uint32_t i = 0; i < s->n; i++)
		if (s->elems[i].seq >= at)
			s->elems[i].seq++;
	e->seq = at;
	return ips_elem_new(s, e);
}

/* list_set_udel() and list_set_utest(): the member, and when asked its
 * neighbour on that side */
static int list_set_del_test(struct ips_set *s, int cmd, struct ips_elem *e,
			     int before, uint16_t refid)
{
	struct ips_elem *x = ips_elem_find(s, e), *nb = NULL;
	bool placed;

	if (!x) {
		if (cmd == IPSET_CMD_TEST)
			return 0;
		return before ? -IPSET_ERR_REF_EXIST : -IPSET_ERR_EXIST;
	}
	if (before > 0)
		nb = list_set_at(s, x->seq + 1);
	else if (before < 0 && x->seq)
		nb = list_set_at(s, x->seq - 1);
	placed = !before || (nb && nb->ref == refid);
	if (cmd == IPSET_CMD_TEST)
		return placed;
	if (!placed)
		return -IPSET_ERR_REF_EXIST;
	ips_elem_remove(s, x);
	return 0;
}

/* list_set_uadt() */
static int list_set_uadt(struct ips_set *s, int cmd,
			 const struct nlattr *const tb[], bool exist_ok,
			 struct ips_ext *ext)
{
	struct ips_elem e = { .ref = IPSET_INVALID_ID };
	uint16_t refid = IPSET_INVALID_ID;
	struct ips_set *m;
	int before = 0, ret;

	if (!tb[IPSET_ATTR_NAME] ||
	    (tb[IPSET_ATTR_CADT_FLAGS] && !NETORDER(tb[IPSET_ATTR_CADT_FLAGS])))
		return -IPSET_ERR_PROTOCOL;
	ret = ips_get_ext(s, tb, ext);
	if (ret < 0)
		return ret;
	m = list_set_get(s, tb[IPSET_ATTR_NAME], &e.ref);
	if (!m)
		return -IPSET_ERR_NAME;
	/* "loop detection": no list in a list */
	if (m->type->features & IPS_FEAT_NAME) {
		ret = -IPSET_ERR_LOOP;
		goto finish;
	}
	if (tb[IPSET_ATTR_CADT_FLAGS] &&
	    (ntohl(unl_nla_get_u32(tb[IPSET_ATTR_CADT_FLAGS])) &
	     IPSET_FLAG_BEFORE))
		before = 1;
	if (before && !tb[IPSET_ATTR_NAMEREF]) {
		ret = -IPSET_ERR_BEFORE;
		goto finish;
	}
	if (tb[IPSET_ATTR_NAMEREF]) {
		if (!list_set_get(s, tb[IPSET_ATTR_NAMEREF], &refid)) {
			refid = IPSET_INVALID_ID;
			ret = -IPSET_ERR_NAMEREF;
			goto finish;
		}
		if (!before)
			before = -1;
	}
	ret = cmd == IPSET_CMD_ADD
		      ? list_set_add(s, &e, before, refid, exist_ok)
		      : list_set_del_test(s, cmd, &e, before, refid);
finish:
	if (refid != IPSET_INVALID_ID)
		list_set_put(s, refid);
	/* an element added keeps its set's reference */
	if (cmd != IPSET_CMD_ADD || ret < 0)
		list_set_put(s, e.ref);
	return ret == -IPSET_ERR_EXIST && exist_ok ? 0 : ret;
}

/* list_set_head(): the size */
static int list_set_head(struct unl_skb *skb, const struct ips_set *s)
{
	return unl_nla_put_u32(skb, IPSET_ATTR_SIZE | NLA_F_NET_BYTEORDER,
			       htonl(s->maxelem))
		       ? -1
		       : 0;
}

/* list_set_list(): a member by its set's name */
static int list_set_elem(struct unl_skb *skb, const struct ips_set *s,
			 const struct ips_elem *e)
{
	const struct ips_set *m = s->in->sets[e->ref];

	return unl_nla_put_string(skb, IPSET_ATTR_NAME, m ? m->name : "");
}

/* struct list_set, and a struct set_elem per member (x86_64) */
static uint32_t list_set_memsize(const struct ips_set *s)
{
	return 80 + s->n * 24;
}

const struct ips_type ip_set_list_set_type = {
	.name = "list:set",
	.rev_min = 0,
	.rev_max = 3,
	.no_family = true,
	.features = IPS_FEAT_NAME | IPS_FEAT_DUMP_LAST,
	.feature = "IP_SET_LIST_SET",
	.create = list_set_create,
	.uadt = list_set_uadt,
	.head = list_set_head,
	.elem = list_set_elem,
	.memsize = list_set_memsize,
	.list_total = list_set_total,
	.list_at = list_set_at,
	.release = list_set_release,
};
