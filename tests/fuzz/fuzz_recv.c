// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness: a front end's recvmsg() of what the daemon wrote
 * (src/wire/dgram.c, which the shim and the seccomp supervisor run):
 *
 *   - a record of a data socket as recvmsg() returns it, copied to the
 *     caller's buffers through the bounce buffer, with netlink_recvmsg()'s
 *     address and control messages: nothing is written past the caller's
 *     iovecs, name or control buffer (each allocated to its exact size),
 *     MSG_TRUNC and MSG_CTRUNC say what was cut, and what is handed out
 *     is the record's;
 *   - an inline answer (a call page's rdata) read record by record as
 *     the shim's local_take() reads it, while a model of the daemon pays
 *     what is left at a chosen step: every record is handed out exactly
 *     once, by the reader or by the data socket, in order, and a reader
 *     never reads outside the answer.
 *
 * Input: kind8 (bit 0: 0 a data socket record, 1 an inline answer), then
 *   record  flags8 (bit 0 MSG_TRUNC, bit 1 a name buffer, bit 2 a control
 *           buffer, bit 3 the bounce buffer path), pflags8 (UNL_SHM_*),
 *           namelen8, controllen8, niov8 (% 9) and a length8 for each
 *           iovec, then the record (struct unl_wire_dgram, the message)
 *   inline  seq32 (the call's req_seq), paystep8 (the reader's step at
 *           which the daemon pays; 0xff never), owedmode8 (bit 0: owed
 *           starts as the input's 64-bit value that follows, else as
 *           UNL_OWED(key, 0)), len16 and the answer's bytes, then one
 *           byte per read: bit 0 MSG_PEEK, the rest the caller's buffer
 *           length / 2
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/dgram.h"

static uint64_t take(const uint8_t **d, size_t *n, int bytes)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes && *n; i++, (*d)++, (*n)--)
		v |= (uint64_t)**d << (8 * i);
	return v;
}

#define fail(...) (fprintf(stderr, __VA_ARGS__), abort())

/* put_cmsg() as Linux runs it, for the size only: does a message of len
 * bytes fit in what is left, and what is left after it. */
static bool model_cmsg(size_t *left, size_t len)
{
	size_t step;

	if (*left < sizeof(struct cmsghdr))
		return false;
	if (*left < CMSG_LEN(len)) {
		*left = 0;
		return false;
	}
	step = CMSG_SPACE(len) < *left ? CMSG_SPACE(len) : *left;
	*left -= step;
	return true;
}

static void check_cmsgs(const struct unl_wire_dgram *h, uint32_t pflags,
			unsigned char *control, size_t controllen)
{
	size_t left = control ? controllen : 0, used;
	bool fits = true;
	int oflags = 0;

	if (pflags & UNL_SHM_RECV_PKTINFO)
		fits &= model_cmsg(&left, sizeof(struct nl_pktinfo));
	if ((pflags & UNL_SHM_LISTEN_ALL_NSID) && (h->flags & UNL_DGRAM_F_NSID))
		fits &= model_cmsg(&left, sizeof(int32_t));
	if (pflags & UNL_SHM_PASSCRED)
		fits &= model_cmsg(&left, sizeof(struct ucred));
	used = unl_dgram_cmsgs(h, pflags, control, controllen, &oflags);
	if (used > (control ? controllen : 0))
		fail("control messages: %zu bytes of %zu\n", used, controllen);
	if (!fits != !!(oflags & MSG_CTRUNC) || (oflags & ~MSG_CTRUNC))
		fail("MSG_CTRUNC is %d, should be %d\n",
		     !!(oflags & MSG_CTRUNC), !fits);
	if (fits && used != (control ? controllen : 0) - left)
		fail("control messages: %zu bytes, should be %zu\n", used,
		     controllen - left);
	/* What the program would read: each message inside the buffer, and
	 * an uncut one says what the datagram carried. */
	struct msghdr m = { .msg_control = control, .msg_controllen = used };

	for (struct cmsghdr *c = used ? CMSG_FIRSTHDR(&m) : NULL; c;
	     c = CMSG_NXTHDR(&m, c)) {
		if ((unsigned char *)c + c->cmsg_len > control + used)
			fail("a control message past its buffer\n");
		if (c->cmsg_len < CMSG_LEN(sizeof(struct ucred)) ||
		    c->cmsg_level != SOL_SOCKET)
			continue;
		struct ucred cr;

		memcpy(&cr, CMSG_DATA(c), sizeof(cr));
		if (cr.pid != h->pid || cr.uid != h->uid || cr.gid != h->gid)
			fail("SCM_CREDENTIALS not the datagram's\n");
	}
}

static void fuzz_record(const uint8_t *d, size_t n)
{
	int flags = (int)take(&d, &n, 1);
	uint32_t pflags = (uint32_t)take(&d, &n, 1);
	size_t namelen = take(&d, &n, 1), controllen = take(&d, &n, 1);
	size_t niov = take(&d, &n, 1) % 9, ulen = 0, plen, copied;
	struct iovec iov[8];
	struct unl_wire_dgram h;
	unsigned char *bounce, *name = NULL, *control = NULL;
	int kind;

	for (size_t i = 0; i < niov; i++) {
		iov[i].iov_len = take(&d, &n, 1);
		iov[i].iov_base = malloc(iov[i].iov_len ? iov[i].iov_len : 1);
		ulen += iov[i].iov_len;
	}
	/* recvmsg() of [our header, the caller's buffers] with MSG_TRUNC:
	 * the record's whole length, the header (zeros past a short one). */
	memset(&h, 0, sizeof(h));
	memcpy(&h, d, n < sizeof(h) ? n : sizeof(h));
	kind = unl_dgram_check(&h, n);
	if (kind < 0 || kind == UNL_DGRAM_WAKE)
		goto out;
	if (n < sizeof(h))
		fail("a record of %zu bytes taken\n", n);
	plen = n - sizeof(h);
	copied = plen < ulen ? plen : ulen;
	if (flags & 8) {
		/* too many iovecs for one more: through the bounce buffer */
		bounce = malloc(ulen ? ulen : 1);
		memcpy(bounce, d + sizeof(h), copied);
		unl_dgram_to_iov(iov, niov, bounce, copied);
		free(bounce);
	} else {
		unl_dgram_to_iov(iov, niov, d + sizeof(h), copied);
	}
	for (size_t i = 0, pos = 0; i < niov && pos < copied; i++) {
		size_t k = iov[i].iov_len < copied - pos ? iov[i].iov_len
							 : copied - pos;

		if (memcmp(iov[i].iov_base, d + sizeof(h) + pos, k))
			fail("iovec %zu is not the message\n", i);
		pos += k;
	}
	if (flags & 2) {
		struct sockaddr_nl a = unl_dgram_name(&h);
		/* the group's bit; none above 32 (netlink_group_mask()) */
		uint32_t bit = h.dst_group >= 1 && h.dst_group <= 32
				       ? 1u << (h.dst_group - 1)
				       : 0;

		name = malloc(namelen ? namelen : 1);
		memcpy(name, &a, namelen < sizeof(a) ? namelen : sizeof(a));
		if (a.nl_family != AF_NETLINK || a.nl_pid != h.portid ||
		    a.nl_groups != bit)
			fail("the address is not the datagram's\n");
	}
	if (flags & 4)
		control = malloc(controllen ? controllen : 1);
	check_cmsgs(&h, pflags, control, controllen);
out:
	free(name);
	free(control);
	for (size_t i = 0; i < niov; i++)
		free(iov[i].iov_base);
}

/* The daemon's side of a payment (wire.h, "Inline answers"): the first
 * record it writes to the data socket, or -1 when it writes none. */
static long daemon_pays(uint64_t *owed, uint32_t key)
{
	uint64_t v = __atomic_exchange_n(owed, UNL_OWED_PAYING,
					 __ATOMIC_ACQ_REL);
	long from = -1;

	if (v && (uint32_t)v == key)
		from = (long)(v >> 32);
	__atomic_store_n(owed, 0, __ATOMIC_RELEASE);
	return from;
}

static void fuzz_inline(const uint8_t *d, size_t n)
{
	/* one take: UNL_OWED_KEY() reads its argument twice */
	uint32_t seq = (uint32_t)take(&d, &n, 4), key = UNL_OWED_KEY(seq);
	unsigned int paystep = (unsigned int)take(&d, &n, 1);
	unsigned int mode = (unsigned int)take(&d, &n, 1);
	uint64_t owed = mode & 1 ? take(&d, &n, 8) : UNL_OWED(key, 0);
	size_t len = take(&d, &n, 2), pos = 0;
	unsigned int idx = 0, step = 0;
	long paid_from = -1;
	unsigned char *ans;
	/* owed as the daemon sets it: then what it pays must follow what
	 * the reader took (else only the reader's bounds are checked) */
	bool kept = true, honest = !(mode & 1);

	if (len > n)
		len = n;
	if (len > UNL_WIRE_INLINE_MAX)
		len = UNL_WIRE_INLINE_MAX;
	/* exactly the answer's bytes: a read past them is ASan's */
	ans = malloc(len ? len : 1);
	memcpy(ans, d, len);
	d += len;
	n -= len;
	while (kept && n) {
		unsigned int op = (unsigned int)take(&d, &n, 1);
		bool peek = op & 1;
		size_t ulen = (op >> 1) * 2;
		struct unl_inline_rec r;
		struct iovec v;

		if (step++ == paystep) {
			paid_from = daemon_pays(&owed, key);
			if (honest && paid_from >= 0 && paid_from != (long)idx)
				fail("the daemon pays from %ld, the reader "
				     "took %u\n", paid_from, idx);
		}
		if (unl_inline_next(ans, len, pos, &r))
			break; /* -EPROTO: the kept answer is dropped */
		if (r.msg < ans + pos || r.msg + r.msglen > ans + len ||
		    r.next <= pos || r.next > len ||
		    r.last != (r.next >= len))
			fail("record at %zu out of its answer\n", pos);
		uint64_t before = owed;

		if (!unl_owed_claim(&owed, key, idx, r.last, peek)) {
			if (owed != before)
				fail("a failed claim changed owed\n");
			kept = false; /* the data socket has the rest */
			continue;
		}
		if (paid_from >= 0)
			fail("record %u taken after the daemon paid it\n", idx);
		if (peek) {
			if (owed != before)
				fail("MSG_PEEK changed owed\n");
		} else if (owed != (r.last ? 0 : UNL_OWED(key, idx + 1))) {
			fail("owed is %#llx after record %u\n",
			     (unsigned long long)owed, idx);
		}
		v.iov_len = ulen;
		v.iov_base = malloc(ulen ? ulen : 1);
		unl_dgram_to_iov(&v, 1, r.msg, r.msglen < ulen ? r.msglen : ulen);
		if (memcmp(v.iov_base, r.msg, r.msglen < ulen ? r.msglen : ulen))
			fail("record %u is not the answer's\n", idx);
		free(v.iov_base);
		if (peek)
			continue;
		pos = r.next;
		idx++;
		if (r.last)
			break;
	}
	/* Whatever happened, a payment now hands out nothing taken. */
	paid_from = daemon_pays(&owed, key);
	if (honest && paid_from >= 0 && paid_from != (long)idx)
		fail("the daemon pays from %ld, the reader took %u\n",
		     paid_from, idx);
	free(ans);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (data[0] & 1)
		fuzz_inline(data + 1, size - 1);
	else
		fuzz_record(data + 1, size - 1);
	return 0;
}
