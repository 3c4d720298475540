// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Receive rings, the client's side (wire.h, "Receive rings"): recvmsg()
 * takes a socket's datagrams out of memory the daemon shares with this
 * process alone, with a compare-and-swap instead of a system call, and
 * the daemon sees what was taken without a CONSUME.
 *
 * Nothing here takes a lock: a signal handler's recvmsg() or another
 * thread (or a fork child, which shares the mapping) may take from the
 * same ring at any moment, and each entry goes to the one whose swap of
 * cons past it succeeds.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "shim/shim.h"
#include "wire/dgram.h"

/* recvmsg() calls before the first request for a ring: a socket that is
 * read a few times (one request, its ACK) never costs one. */
#define RING_FIRST_ASK 8u
#define RING_MAX_WAIT 4096u

static struct unl_wire_ring *map_ring(int memfd)
{
	struct unl_wire_ring *r;
	struct stat st;
	void *p;

	if (fstat(memfd, &st) < 0 || st.st_size != sizeof(*r))
		return NULL;
	p = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE, MAP_SHARED, memfd,
		 0);
	if (p == MAP_FAILED)
		return NULL;
	r = p;
	if (r->magic != UNL_WIRE_MAGIC || r->size != UNL_WIRE_RING_BYTES) {
		munmap(p, sizeof(*r));
		return NULL;
	}
	return r;
}

void shim_ring_maybe_start(struct shim_sock *sk, int fd)
{
	struct unl_wire_ring *r, *none = NULL;
	unsigned int wait = atomic_load_explicit(&sk->ring_wait,
						 memory_order_relaxed);
	int memfd = -1, ret;

	if (atomic_load_explicit(&sk->ring, memory_order_relaxed) ||
	    atomic_load_explicit(&sk->ring_never, memory_order_relaxed) ||
	    atomic_load_explicit(&sk->polled, memory_order_relaxed))
		return;
	if (!wait)
		wait = RING_FIRST_ASK;
	/* The one call that reaches the count asks; the others go on. */
	if (atomic_fetch_add(&sk->ring_asks, 1) != wait)
		return;
	ret = sock_ring_call(sk, fd, UNL_OP_RING, &memfd);
	if (ret == -EBUSY || ret == -ECONNRESET || ret == -ETIMEDOUT) {
		/* Something is unread on the data socket: later. */
		atomic_store(&sk->ring_wait,
			     wait * 2 > RING_MAX_WAIT ? RING_MAX_WAIT
						      : wait * 2);
		atomic_store(&sk->ring_asks, 0);
		return;
	}
	if (ret < 0 || memfd < 0) {
		atomic_store(&sk->ring_never, true);
		if (memfd >= 0)
			shim_real.close(memfd);
		return;
	}
	r = map_ring(memfd);
	shim_real.close(memfd);
	/* A thread that began to sleep on the data socket, or to watch it,
	 * before it could see the ring would miss what the ring gets: it
	 * raised waiters or polled before it looked at sk->ring, and we
	 * look at those after storing it. */
	if (r && atomic_compare_exchange_strong(&sk->ring, &none, r) &&
	    !atomic_load(&sk->waiters) && !atomic_load(&sk->polled))
		return;
	/* Not mapped, or not ours to use: the daemon would write where no
	 * one reads.  A ring that was stored stays mapped with the object
	 * (another thread may be looking at it). */
	if (r && atomic_load(&sk->ring) != r)
		munmap(r, sizeof(*r));
	atomic_store(&sk->ring_never, true);
	sock_ring_call(sk, fd, UNL_OP_RING_OFF, NULL);
}

struct unl_wire_ring *shim_ring_live(struct shim_sock *sk)
{
	struct unl_wire_ring *r =
		atomic_load_explicit(&sk->ring, memory_order_acquire);

	if (!r || __atomic_load_n(&r->state, __ATOMIC_ACQUIRE) == UNL_RING_OFF)
		return NULL;
	return r;
}

/* The daemon is moving the ring's entries to the data socket: they are
 * there when the state says OFF. */
static void wait_moved(struct unl_wire_ring *r)
{
	const struct timespec nap = { 0, 20000 };

	for (int i = 0;
	     __atomic_load_n(&r->state, __ATOMIC_ACQUIRE) == UNL_RING_MOVING;
	     i++) {
		if (i < 64)
			unl_wire_relax();
		else
			nanosleep(&nap, NULL);
	}
}

static void note_maxlen(struct unl_wire_ring *r, size_t ulen)
{
	uint32_t want = ulen > INT32_MAX ? INT32_MAX : (uint32_t)ulen;
	uint32_t cur = __atomic_load_n(&r->maxlen, __ATOMIC_RELAXED);

	while (want > cur &&
	       !__atomic_compare_exchange_n(&r->maxlen, &cur, want, true,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

ssize_t shim_ring_take(struct shim_sock *sk, const struct msghdr *msg,
		       size_t ulen, int flags, struct unl_wire_dgram *hdr)
{
	const uint64_t size = UNL_WIRE_RING_BYTES;
	struct unl_wire_ring *r = shim_ring_live(sk);
	bool peek = flags & MSG_PEEK;

	if (!r)
		return 0;
	note_maxlen(r, ulen);
	for (;;) {
		uint64_t c = __atomic_load_n(&r->cons, __ATOMIC_ACQUIRE);
		uint64_t p = __atomic_load_n(&r->prod, __ATOMIC_ACQUIRE);
		struct unl_wire_ring_rec rh;
		uint64_t off, adv;
		size_t plen;

		if (c == p) {
			if (__atomic_load_n(&r->state, __ATOMIC_ACQUIRE) ==
			    UNL_RING_MOVING)
				wait_moved(r);
			return 0;
		}
		off = c & (size - 1);
		if (p - c > size || (c & 7))
			goto moved_or_bad;
		memcpy(&rh, r->data + off, sizeof(rh));
		adv = sizeof(rh) + UNL_RING_ALIGN(rh.len);
		if (rh.len > size || off + adv > size || c + adv > p)
			goto moved_or_bad;
		if (rh.flags & UNL_RING_REC_PAD) {
			/* No datagram: whoever swaps first skips it. */
			__atomic_compare_exchange_n(&r->cons, &c, c + adv,
						    false, __ATOMIC_SEQ_CST,
						    __ATOMIC_RELAXED);
			continue;
		}
		if (rh.len < sizeof(*hdr))
			goto moved_or_bad;
		memcpy(hdr, r->data + off + sizeof(rh), sizeof(*hdr));
		if (unl_dgram_check(hdr, rh.len) != UNL_DGRAM_DATA)
			goto moved_or_bad;
		plen = rh.len - sizeof(*hdr);
		unl_dgram_to_iov(msg->msg_iov, msg->msg_iovlen,
				 r->data + off + sizeof(rh) + sizeof(*hdr),
				 plen < ulen ? plen : ulen);
		if (peek) {
			/* Still there after the copy: the copy is whole. */
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			if (__atomic_load_n(&r->cons, __ATOMIC_RELAXED) == c)
				return (ssize_t)rh.len;
			continue;
		}
		if (__atomic_compare_exchange_n(&r->cons, &c, c + adv, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_RELAXED))
			return (ssize_t)rh.len;
		continue;
moved_or_bad:
		/* What we read may have been rewritten under us: only a
		 * cons that stayed put makes it nonsense. */
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&r->cons, __ATOMIC_RELAXED) != c)
			continue;
		return -EPROTO;
	}
}

bool shim_ring_wants_nudge(struct shim_sock *sk)
{
	struct unl_wire_ring *r = shim_ring_live(sk);

	if (!r)
		return false;
	if (__atomic_load_n(&r->room_wanted, __ATOMIC_RELAXED) &&
	    __atomic_exchange_n(&r->room_wanted, 0, __ATOMIC_SEQ_CST))
		return true;
	/* Entries left while another thread sleeps on the data socket:
	 * the daemon's one wake-up may have gone to us. */
	return __atomic_load_n(&r->sleepers, __ATOMIC_SEQ_CST) &&
	       __atomic_load_n(&r->prod, __ATOMIC_RELAXED) !=
		       __atomic_load_n(&r->cons, __ATOMIC_RELAXED);
}

int shim_ring_sleep(struct shim_sock *sk)
{
	struct unl_wire_ring *r = shim_ring_live(sk);

	if (!r)
		return 0;
	__atomic_fetch_add(&r->sleepers, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&r->prod, __ATOMIC_SEQ_CST) !=
		    __atomic_load_n(&r->cons, __ATOMIC_SEQ_CST) ||
	    __atomic_load_n(&r->state, __ATOMIC_SEQ_CST) != UNL_RING_ON) {
		__atomic_fetch_sub(&r->sleepers, 1, __ATOMIC_SEQ_CST);
		return -1;
	}
	return 1;
}

void shim_ring_woke(struct shim_sock *sk)
{
	struct unl_wire_ring *r =
		atomic_load_explicit(&sk->ring, memory_order_acquire);

	if (r)
		__atomic_fetch_sub(&r->sleepers, 1, __ATOMIC_SEQ_CST);
}

void shim_ring_wake_read(struct shim_sock *sk)
{
	struct unl_wire_ring *r =
		atomic_load_explicit(&sk->ring, memory_order_acquire);

	/* Before the caller looks at the ring again: a datagram the
	 * daemon wrote meanwhile without a wake-up is seen then. */
	if (r)
		__atomic_store_n(&r->wake_sent, 0, __ATOMIC_SEQ_CST);
}

void shim_ring_stop(struct shim_sock *sk, int fd)
{
	struct unl_wire_shm *page = atomic_load(&sk->page);
	struct unl_wire_dgram h;

	if (!shim_ring_live(sk))
		return;
	sock_ring_call(sk, fd, UNL_OP_RING_OFF, NULL);
	/* A wake-up for a sleeper that found its datagram without it would
	 * make the socket look readable: take those off the front.  Not
	 * with an error pending, whose own wake-up must stay. */
	if (page && __atomic_load_n(&page->err, __ATOMIC_ACQUIRE))
		return;
	while (shim_real.recv(fd, &h, sizeof(h),
			      MSG_DONTWAIT | MSG_PEEK | MSG_TRUNC) ==
		       (ssize_t)sizeof(h) &&
	       unl_dgram_check(&h, sizeof(h)) == UNL_DGRAM_WAKE)
		shim_real.recv(fd, &h, sizeof(h), MSG_DONTWAIT | MSG_TRUNC);
}

void shim_ring_free(struct shim_sock *sk)
{
	struct unl_wire_ring *r = atomic_exchange(&sk->ring, NULL);

	if (r)
		munmap(r, sizeof(*r));
}
