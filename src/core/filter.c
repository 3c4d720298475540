// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Socket filters: classic BPF attached with SO_ATTACH_FILTER and run on
 * every message before it is queued (sk_attach_filter, sk_filter).
 * libpcap's interpreter and validator do the work; struct sock_filter and
 * struct bpf_insn have the same layout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/filter.h>
#include <pcap/bpf.h>

#include "core/internal.h"

_Static_assert(sizeof(struct sock_filter) == sizeof(struct bpf_insn),
	       "classic BPF layouts differ");

uint32_t nl_run_filter(const struct unl_sock *sk, const struct unl_skb *skb)
{
	return bpf_filter(sk->filter, skb->data, skb->len, skb->len);
}

int nl_attach_filter(struct unl_sock *sk, const void *optval,
		     socklen_t optlen)
{
	struct sock_fprog fprog;
	struct bpf_insn *insns;
	size_t size;

	if (optlen != sizeof(fprog))
		return -EINVAL;
	memcpy(&fprog, optval, sizeof(fprog));
	if (sk->filter_locked)
		return -EPERM;
	if (!fprog.filter || fprog.len == 0 || fprog.len > BPF_MAXINSNS)
		return -EINVAL;
	size = (size_t)fprog.len * sizeof(*insns);
	insns = malloc(size);
	if (!insns)
		return -ENOMEM;
	memcpy(insns, fprog.filter, size);
	if (!bpf_validate(insns, fprog.len)) {
		free(insns);
		return -EINVAL;
	}
	free(sk->filter);
	sk->filter = insns;
	sk->filter_len = fprog.len;
	return 0;
}

int nl_detach_filter(struct unl_sock *sk)
{
	if (sk->filter_locked)
		return -EPERM;
	if (!sk->filter)
		return -ENOENT;
	free(sk->filter);
	sk->filter = NULL;
	sk->filter_len = 0;
	return 0;
}

/* SO_GET_FILTER: with a zero length, the number of instructions; else
 * the program, when the buffer holds it all. */
int nl_get_filter(struct unl_sock *sk, void *optval, socklen_t *optlen)
{
	size_t need = (size_t)sk->filter_len * sizeof(struct sock_filter);

	if (!sk->filter) {
		*optlen = 0;
		return 0;
	}
	if (*optlen == 0) {
		*optlen = sk->filter_len;
		return 0;
	}
	if (*optlen < sk->filter_len)
		return -EINVAL;
	if (!optval)
		return -EFAULT;
	memcpy(optval, sk->filter, need);
	*optlen = sk->filter_len;
	return 0;
}
