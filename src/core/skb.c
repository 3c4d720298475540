// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Message buffers: the sk_buff of unetlink, reduced to what netlink needs.
 * A buffer is one allocation holding its header and data; the data never
 * moves, so the writer in msg.c may keep pointers into it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

/*
 * The receive-buffer charge (truesize) Linux computes for an skb whose
 * head holds size bytes, measured on Linux 6.x x86-64 with SO_MEMINFO:
 * the head is the data rounded to 64 bytes plus 320 bytes of shared info,
 * served from a 576-byte cache or a power-of-two kmalloc bucket, plus 256
 * bytes for struct sk_buff itself.  Matching it makes "how many messages
 * fit in rcvbuf" answer as on Linux.
 */
#define SKB_ALIGN(x) (((x) + 63u) & ~63u)
#define SKB_SHINFO 320u
#define SKB_STRUCT 256u
#define SKB_SMALL_HEAD 576u

static uint32_t kmalloc_bucket(uint32_t obj)
{
	uint32_t b = 1024;

	if (obj <= SKB_SMALL_HEAD)
		return SKB_SMALL_HEAD;
	while (b < obj && b < (1u << 30))
		b <<= 1;
	return b;
}

uint32_t skb_truesize_for(size_t size)
{
	if (size > (1u << 29))
		return UINT32_MAX / 2;
	return kmalloc_bucket(SKB_ALIGN((uint32_t)size) + SKB_SHINFO) +
	       SKB_STRUCT;
}

static struct unl_skb *skb_alloc_raw(size_t size, uint32_t truesize)
{
	struct unl_skb *skb;

	if (size > (1u << 30))
		return NULL;
	skb = malloc(sizeof(*skb) + size);
	if (!skb)
		return NULL;
	memset(skb, 0, sizeof(*skb));
	skb->size = (uint32_t)size;
	skb->truesize = truesize;
	skb->data = skb->head;
	return skb;
}

struct unl_skb *unl_skb_alloc(size_t size)
{
	return skb_alloc_raw(size, skb_truesize_for(size));
}

struct unl_skb *unl_nlmsg_new(size_t payload)
{
	return unl_skb_alloc(NLMSG_ALIGN(NLMSG_HDRLEN + payload));
}

void unl_skb_free(struct unl_skb *skb)
{
	free(skb);
}

uint8_t *unl_skb_data(const struct unl_skb *skb)
{
	return skb->data;
}

size_t unl_skb_len(const struct unl_skb *skb)
{
	return skb->len;
}

size_t unl_skb_tailroom(const struct unl_skb *skb)
{
	return skb->size - skb->len;
}

struct unl_skb_cb *unl_skb_cb(struct unl_skb *skb)
{
	return &skb->cb;
}

void *unl_skb_put(struct unl_skb *skb, size_t len)
{
	uint8_t *p;

	if (len > skb->size - skb->len)
		return NULL;
	p = skb->data + skb->len;
	memset(p, 0, len);
	skb->len += (uint32_t)len;
	return p;
}

void unl_skb_trim(struct unl_skb *skb, size_t len)
{
	if (len < skb->len)
		skb->len = (uint32_t)len;
}

/* A private copy, cut to its length (the clone a broadcast gives each
 * listener).  The caller owns it. */
struct unl_skb *skb_copy(const struct unl_skb *skb)
{
	struct unl_skb *n = skb_alloc_raw(skb->len, skb->truesize);

	if (!n)
		return NULL;
	memcpy(n->data, skb->data, skb->len);
	n->len = skb->len;
	n->cb = skb->cb;
	return n;
}
