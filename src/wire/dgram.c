// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The client side of a datagram: src/wire/dgram.h.
 */
#include <errno.h>
#include <string.h>

#include "wire/cmsg.h"
#include "wire/dgram.h"

int unl_dgram_check(const struct unl_wire_dgram *h, size_t n)
{
	if (n < sizeof(*h) || h->hdrlen != sizeof(*h))
		return -EPROTO;
	return h->kind == UNL_DGRAM_WAKE ? UNL_DGRAM_WAKE : UNL_DGRAM_DATA;
}

void unl_dgram_to_iov(const struct iovec *iov, size_t iovlen,
		      const unsigned char *p, size_t n)
{
	for (size_t i = 0; n && i < iovlen; i++) {
		size_t k = iov[i].iov_len < n ? iov[i].iov_len : n;

		if (k)
			memcpy(iov[i].iov_base, p, k);
		p += k;
		n -= k;
	}
}

struct sockaddr_nl unl_dgram_name(const struct unl_wire_dgram *h)
{
	return (struct sockaddr_nl){
		.nl_family = AF_NETLINK,
		.nl_pid = h->portid,
		.nl_groups = unl_nl_group_mask(h->dst_group),
	};
}

/* NETLINK_PKTINFO, the nsid of another net's broadcast, then
 * scm_recv()'s SCM_CREDENTIALS, in netlink_recvmsg()'s order. */
size_t unl_dgram_cmsgs(const struct unl_wire_dgram *h, uint32_t pflags,
		       void *control, size_t controllen, int *oflags)
{
	struct unl_cmsg_out o = {
		.p = control,
		.left = control ? controllen : 0,
		.flags = oflags,
	};

	if (pflags & UNL_SHM_RECV_PKTINFO) {
		struct nl_pktinfo info = { .group = h->dst_group };

		unl_put_cmsg(&o, SOL_NETLINK, NETLINK_PKTINFO, &info,
			     sizeof(info));
	}
	/* netlink_cmsg_listen_all_nsid() */
	if ((pflags & UNL_SHM_LISTEN_ALL_NSID) && (h->flags & UNL_DGRAM_F_NSID))
		unl_put_cmsg(&o, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID,
			     &h->nsid, sizeof(h->nsid));
	if (pflags & UNL_SHM_PASSCRED) {
		struct ucred cr = {
			.pid = h->pid, .uid = h->uid, .gid = h->gid,
		};

		unl_put_cmsg(&o, SOL_SOCKET, SCM_CREDENTIALS, &cr, sizeof(cr));
	}
	return control ? controllen - o.left : 0;
}

/* A record's size in an inline answer: its length word, the bytes, and
 * padding to 4. */
static size_t inline_rec_size(uint32_t n)
{
	return sizeof(uint32_t) + (((size_t)n + 3u) & ~(size_t)3u);
}

int unl_inline_next(const unsigned char *buf, size_t len, size_t pos,
		    struct unl_inline_rec *r)
{
	uint32_t k;

	if (pos > len || len - pos < sizeof(k))
		return -EPROTO;
	memcpy(&k, buf + pos, sizeof(k));
	if (k < sizeof(r->hdr) || inline_rec_size(k) > len - pos)
		return -EPROTO;
	memcpy(&r->hdr, buf + pos + sizeof(k), sizeof(r->hdr));
	if (r->hdr.hdrlen != sizeof(r->hdr))
		return -EPROTO;
	r->msg = buf + pos + sizeof(k) + sizeof(r->hdr);
	r->msglen = k - sizeof(r->hdr);
	r->next = pos + inline_rec_size(k);
	r->last = r->next >= len;
	return 0;
}

bool unl_owed_claim(uint64_t *owed, uint32_t key, unsigned int i, bool last,
		    bool peek)
{
	uint64_t want = UNL_OWED(key, i);

	if (peek)
		return __atomic_load_n(owed, __ATOMIC_ACQUIRE) == want;
	return __atomic_compare_exchange_n(owed, &want,
					   last ? 0 : UNL_OWED(key, i + 1),
					   false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}
