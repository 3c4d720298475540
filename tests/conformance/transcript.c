// SPDX-License-Identifier: LGPL-2.1-or-later
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "transcript.h"

void tr_printf(struct transcript *tr, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (tr->oom)
		return;
	for (;;) {
		size_t room = tr->cap - tr->len;

		va_start(ap, fmt);
		n = vsnprintf(tr->buf ? tr->buf + tr->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			tr->oom = true;
			return;
		}
		if ((size_t)n < room) {
			tr->len += (size_t)n;
			return;
		}
		size_t ncap = (tr->cap ? tr->cap * 2 : 4096) + (size_t)n;
		char *nb = realloc(tr->buf, ncap);

		if (!nb) {
			tr->oom = true;
			return;
		}
		tr->buf = nb;
		tr->cap = ncap;
	}
}

void tr_free(struct transcript *tr)
{
	free(tr->buf);
	memset(tr, 0, sizeof(*tr));
}

void tr_hex(struct transcript *tr, const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		tr_printf(tr, "%s%02x", i && !(i % 4) ? " " : "", data[i]);
}

static const char *portid_class(struct norm *n, uint32_t portid, char *buf,
				size_t len)
{
	size_t i;

	if (portid == 0)
		return "0";
	if ((int32_t)portid == n->pid)
		return "PID";
	if ((int32_t)portid < 0) {
		for (i = 0; i < n->nneg; i++)
			if (n->neg[i] == portid)
				break;
		if (i == n->nneg && n->nneg < NORM_MAX_NEG)
			n->neg[n->nneg++] = portid;
		snprintf(buf, len, "NEG%zu", i + 1);
		return buf;
	}
	snprintf(buf, len, "%u", portid);
	return buf;
}

const char *norm_portid(struct norm *n, uint32_t portid, char *buf,
			size_t len)
{
	char cls[32];
	const char *c = portid_class(n, portid, cls, sizeof(cls));
	const char *name = NULL;

	if (portid && n->ctx >= 0 && n->known[n->ctx] &&
	    n->portid[n->ctx] == portid)
		name = n->names[n->ctx];
	for (int pass = 0; portid && pass < 2 && !name; pass++) {
		for (size_t i = 0; i < n->nsocks; i++) {
			if (!n->known[i] || n->open[i] != !pass ||
			    n->portid[i] != portid)
				continue;
			if (n->ctx >= 0 && n->protocol[i] != n->protocol[n->ctx])
				continue;
			name = n->names[i];
			break;
		}
	}
	if (name)
		snprintf(buf, len, "%s:%s", c, name);
	else
		snprintf(buf, len, "%s", c);
	return buf;
}

void tr_sockaddr(struct transcript *tr, struct norm *n, const void *addr,
		 size_t len)
{
	struct sockaddr_nl nl;
	char tok[64];

	if (len < sizeof(nl)) {
		tr_printf(tr, "hex=");
		tr_hex(tr, addr, len);
		return;
	}
	memcpy(&nl, addr, sizeof(nl));
	tr_printf(tr, "family=%u pad=%u pid=%s groups=0x%x", nl.nl_family,
		  nl.nl_pad, norm_portid(n, nl.nl_pid, tok, sizeof(tok)),
		  nl.nl_groups);
	if (len > sizeof(nl)) {
		tr_printf(tr, " tail=");
		tr_hex(tr, (const uint8_t *)addr + sizeof(nl),
		       len - sizeof(nl));
	}
}

/* One header: "len=20 type=2 flags=0 seq=1 pid=TOKEN". */
static void tr_nlhdr(struct transcript *tr, struct norm *n,
		     const uint8_t *p)
{
	struct nlmsghdr h;
	char tok[64], fl[128];

	memcpy(&h, p, sizeof(h));
	conf_nlm_flags_str(h.nlmsg_flags, fl, sizeof(fl));
	tr_printf(tr, "len=%u type=%u flags=%s seq=%u pid=%s", h.nlmsg_len,
		  h.nlmsg_type, fl, h.nlmsg_seq,
		  norm_portid(n, h.nlmsg_pid, tok, sizeof(tok)));
}

/*
 * A neighbour's NDA_CACHEINFO counts how long ago it was confirmed, used
 * and updated, in ticks of 10 ms: what passes between two steps is the
 * machine's speed (the shim under load may take a tick or two where the
 * kernel takes none), so ages print in whole seconds (ticks / 100).
 */
static void norm_neigh_ages(uint16_t type, uint8_t *body, size_t len)
{
	size_t off = NLMSG_ALIGN(sizeof(struct ndmsg));

	if (type != RTM_NEWNEIGH && type != RTM_DELNEIGH)
		return;
	while (off + sizeof(struct nlattr) <= len) {
		struct nlattr a;

		memcpy(&a, body + off, sizeof(a));
		if (a.nla_len < sizeof(a) || off + a.nla_len > len)
			return;
		if ((a.nla_type & NLA_TYPE_MASK) == NDA_CACHEINFO &&
		    a.nla_len >= sizeof(a) + 3 * sizeof(uint32_t))
			for (int i = 0; i < 3; i++) {
				uint8_t *f = body + off + sizeof(a) + 4 * i;
				uint32_t v;

				memcpy(&v, f, 4);
				v /= 100;
				memcpy(f, &v, 4);
			}
		off += NLA_ALIGN(a.nla_len);
	}
}

void tr_nlmsgs(struct transcript *tr, struct norm *n, const uint8_t *data,
	       size_t len)
{
	size_t off = 0;

	while (len - off >= NLMSG_HDRLEN) {
		const uint8_t *p = data + off;
		struct nlmsghdr h;
		size_t avail = len - off, mlen, body;

		memcpy(&h, p, sizeof(h));
		mlen = h.nlmsg_len;
		body = (mlen >= NLMSG_HDRLEN && mlen <= avail ? mlen : avail) -
		       NLMSG_HDRLEN;
		tr_printf(tr, "  nlmsg ");
		tr_nlhdr(tr, n, p);
		if (h.nlmsg_type == NLMSG_ERROR && body >= 4) {
			int32_t err;

			memcpy(&err, p + NLMSG_HDRLEN, 4);
			tr_printf(tr, " error=%d", err);
			if (err < 0 && err > -4096)
				tr_printf(tr, "(%s)", conf_errno_name(-err));
			if (body >= 4 + NLMSG_HDRLEN) {
				tr_printf(tr, " orig{");
				tr_nlhdr(tr, n, p + NLMSG_HDRLEN + 4);
				tr_printf(tr, "}");
				if (body > 4 + NLMSG_HDRLEN) {
					tr_printf(tr, " rest=");
					tr_hex(tr, p + 2 * NLMSG_HDRLEN + 4,
					       body - 4 - NLMSG_HDRLEN);
				}
			} else if (body > 4) {
				tr_printf(tr, " rest=");
				tr_hex(tr, p + NLMSG_HDRLEN + 4, body - 4);
			}
		} else if (body) {
			uint8_t copy[65536];

			tr_printf(tr, " data=");
			if (body <= sizeof(copy)) {
				memcpy(copy, p + NLMSG_HDRLEN, body);
				norm_neigh_ages(h.nlmsg_type, copy, body);
				tr_hex(tr, copy, body);
			} else {
				tr_hex(tr, p + NLMSG_HDRLEN, body);
			}
		}
		tr_printf(tr, "\n");
		if (mlen < NLMSG_HDRLEN || mlen > avail) {
			/* The header is not walkable (or the message was cut
			 * by a short buffer): the body was printed above. */
			return;
		}
		off += NLMSG_ALIGN(mlen) < avail ? NLMSG_ALIGN(mlen) : avail;
	}
	if (off < len) {
		tr_printf(tr, "  tail=");
		tr_hex(tr, data + off, len - off);
		tr_printf(tr, "\n");
	}
}

void tr_cmsgs(struct transcript *tr, struct norm *n, const struct msghdr *msg)
{
	struct cmsghdr *c;
	char tok[64];

	if (!msg->msg_control || msg->msg_controllen < sizeof(struct cmsghdr))
		return;
	for (c = CMSG_FIRSTHDR((struct msghdr *)msg); c;
	     c = CMSG_NXTHDR((struct msghdr *)msg, c)) {
		size_t dlen = c->cmsg_len >= CMSG_LEN(0) ? c->cmsg_len - CMSG_LEN(0) : 0;
		const uint8_t *d = CMSG_DATA(c);

		tr_printf(tr, "  cmsg level=%d type=%d len=%zu", c->cmsg_level,
			  c->cmsg_type, (size_t)c->cmsg_len);
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS &&
		    dlen >= sizeof(struct ucred)) {
			struct ucred uc;

			memcpy(&uc, d, sizeof(uc));
			tr_printf(tr, " creds pid=%s uid=%u gid=%u",
				  portid_class(n, (uint32_t)uc.pid, tok, sizeof(tok)),
				  uc.uid, uc.gid);
		} else {
			tr_printf(tr, " data=");
			tr_hex(tr, d, dlen);
		}
		tr_printf(tr, "\n");
	}
}
