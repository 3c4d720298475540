// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Receive rings (wire.h, "Receive rings"): a socket's datagrams written
 * into memory its one client maps, instead of one record each on the
 * data socket.  The client takes them without a system call, and we see
 * what it took in the ring's cons word instead of a CONSUME per datagram.
 *
 * The client shares the memory and can write anything there: we read
 * only its words (cons, sleepers, wake_sent, room_wanted, maxlen), check
 * cons against what we wrote, and keep the bounds of each entry in our
 * own memory (ring_ents), so that stopping never trusts a header the
 * client could have rewritten.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/daemon-private.h"

/* An empty ring whose writer got to RING_RESTART starts again at the
 * front; one that touched more than RING_PUNCH bytes gives the memory
 * beyond its first pages back when it is empty (a dump, a burst), so
 * that a socket costs what it holds, not what it once held. */
#define RING_RESTART 4096u
#define RING_PUNCH (16u * 1024u)

int ud_ring_start(struct ud_served *s, int *memfd)
{
	struct unl_wire_ring *r;
	int fd;

	if (s->ring_on)
		return -EALREADY;
	if (s->ring || s->attached)
		return -EOPNOTSUPP; /* stopped for good, or shared */
	/* What a call page still owes goes to the data socket first (if
	 * the client took it all, nothing). */
	if (s->owed_by)
		ud_call_pay(s->owed_by);
	/* Nothing may be unread on the data socket (the ring's entries
	 * would pass it), and only one process may read it. */
	if (s->closed || s->nconns != 1 || s->held || s->blocked ||
	    s->owed_by || s->d->collect_sock == s ||
	    (unl_sock_recv_state(s->sk) & UNL_RECV_QUEUED))
		return -EBUSY;
	fd = memfd_create("unetlink-ring", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, sizeof(*r)) < 0)
		goto fail;
	r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (r == MAP_FAILED)
		goto fail;
	/* A client that shrank it would make our next store a SIGBUS. */
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) <
	    0) {
		munmap(r, sizeof(*r));
		goto fail;
	}
	r->magic = UNL_WIRE_MAGIC;
	r->size = UNL_WIRE_RING_BYTES;
	__atomic_store_n(&r->state, UNL_RING_ON, __ATOMIC_RELEASE);
	s->ring = r;
	s->ring_on = true;
	s->ring_prod = s->ring_seen = 0;
	s->ring_hw = 0;
	*memfd = fd;
	return 0;
fail:
	{
		int e = -errno;

		close(fd);
		return e;
	}
}

static size_t ents_count(const struct ud_served *s)
{
	return s->ring_tail - s->ring_head;
}

static bool ents_push(struct ud_served *s, uint64_t end, uint32_t len,
		      bool pad)
{
	if (s->ring_tail == s->ring_cap) {
		size_t n = ents_count(s);

		if (s->ring_head && n <= s->ring_cap / 2) {
			memmove(s->ring_ents, s->ring_ents + s->ring_head,
				n * sizeof(*s->ring_ents));
		} else {
			size_t cap = s->ring_cap ? s->ring_cap * 2 : 64;
			struct ud_ring_ent *p =
				realloc(s->ring_ents, cap * sizeof(*p));

			if (!p)
				return false;
			if (s->ring_head)
				memmove(p, p + s->ring_head, n * sizeof(*p));
			s->ring_ents = p;
			s->ring_cap = cap;
		}
		s->ring_head = 0;
		s->ring_tail = n;
	}
	s->ring_ents[s->ring_tail++] =
		(struct ud_ring_ent){ .end = end, .len = len, .pad = pad };
	return true;
}

/* The client's cons, or UINT64_MAX when it makes no sense. */
static uint64_t client_cons(const struct ud_served *s)
{
	uint64_t c = __atomic_load_n(&s->ring->cons, __ATOMIC_ACQUIRE);

	if (c < s->ring_seen || c > s->ring_prod)
		return UINT64_MAX;
	return c;
}

/* Entries wholly before c are read: give back their charge. */
static void account(struct ud_served *s, uint64_t c)
{
	unsigned int n = 0;
	uint32_t maxlen;

	while (ents_count(s) && s->ring_ents[s->ring_head].end <= c) {
		if (!s->ring_ents[s->ring_head].pad)
			n++;
		s->ring_head++;
	}
	s->ring_seen = c;
	if (!n)
		return;
	maxlen = __atomic_load_n(&s->ring->maxlen, __ATOMIC_RELAXED);
	unl_sock_consume(s->sk, n, maxlen);
}

/* Empty and it touched more than RING_PUNCH: free the pages past the
 * first RING_RESTART bytes of data (the header's page and the next stay).
 * No entry lies there, and a reader's copy from there fails its swap. */
static void punch(struct ud_served *s)
{
	const size_t pg = 4096, base = offsetof(struct unl_wire_ring, data);
	size_t from = (base + RING_RESTART + pg - 1) & ~(pg - 1);
	size_t to = (base + s->ring_hw + pg - 1) & ~(pg - 1);
	uint64_t off = s->ring_prod & (UNL_WIRE_RING_BYTES - 1);

	if (s->ring_hw <= RING_PUNCH || s->ring_seen != s->ring_prod)
		return;
	if (to > sizeof(*s->ring))
		to = sizeof(*s->ring);
	if (to > from)
		madvise((unsigned char *)s->ring + from, to - from,
			MADV_REMOVE);
	s->ring_hw = (uint32_t)off;
}

bool ud_ring_sync(struct ud_served *s)
{
	uint64_t c;

	if (!s->ring_on || s->closed)
		return true;
	c = client_cons(s);
	if (c == UINT64_MAX)
		return false;
	account(s, c);
	punch(s);
	return true;
}

bool ud_ring_put(struct ud_served *s, const unsigned char *buf, size_t len)
{
	struct unl_wire_ring *r = s->ring;
	const uint64_t size = UNL_WIRE_RING_BYTES;
	uint64_t p = s->ring_prod, need = sizeof(struct unl_wire_ring_rec) +
					  UNL_RING_ALIGN(len);
	uint64_t c = client_cons(s), off = p & (size - 1), pad = 0;
	struct unl_wire_ring_rec h = { .len = (uint32_t)len };

	if (s->rheld || c == UINT64_MAX)
		return false;
	if (c == p && off >= RING_RESTART) {
		/* Empty: start again at the front, so that a socket that
		 * receives little keeps touching the same page or two.  No
		 * entry to skip: cons moves with prod (a reader that looked
		 * before fails its swap). */
		uint64_t front = p + (size - off);

		account(s, c);
		if (__atomic_compare_exchange_n(&r->cons, &c, front, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_RELAXED)) {
			p = s->ring_prod = s->ring_seen = c = front;
			off = 0;
		}
	}
	if (off + need > size)
		pad = size - off;
	if (p + pad + need - c > size)
		return false;
	if (pad && !ents_push(s, p + pad, 0, true))
		return false;
	if (!ents_push(s, p + pad + need, (uint32_t)len, false)) {
		if (pad)
			s->ring_tail--;
		return false;
	}
	if (pad) {
		struct unl_wire_ring_rec ph = {
			.len = (uint32_t)(pad - sizeof(ph)),
			.flags = UNL_RING_REC_PAD,
		};

		memcpy(r->data + off, &ph, sizeof(ph));
		p += pad;
		off = 0;
	}
	memcpy(r->data + off, &h, sizeof(h));
	memcpy(r->data + off + sizeof(h), buf, len);
	if (off + need > s->ring_hw)
		s->ring_hw = (uint32_t)(off + need);
	p += need;
	s->ring_prod = p;
	__atomic_store_n(&r->prod, p, __ATOMIC_RELEASE);
	return true;
}

static struct ud_held *held_new(const unsigned char *buf, size_t len)
{
	struct ud_held *h = malloc(sizeof(*h) + len);

	if (h) {
		h->next = NULL;
		h->len = len;
		memcpy(h->buf, buf, len);
	}
	return h;
}

/* Keep one datagram until the ring has room; false when out of memory
 * (it is lost then, as a record the data socket could not take). */
bool ud_ring_hold(struct ud_served *s, const unsigned char *buf, size_t len)
{
	struct ud_held *h = held_new(buf, len);

	if (!h)
		return false;
	if (s->rheld_tail)
		s->rheld_tail->next = h;
	else
		s->rheld = h;
	s->rheld_tail = h;
	/* The client nudges us after its next take. */
	__atomic_store_n(&s->ring->room_wanted, 1, __ATOMIC_SEQ_CST);
	return true;
}

bool ud_ring_flush_held(struct ud_served *s)
{
	while (s->rheld && s->ring_on) {
		struct ud_held *h = s->rheld;

		s->rheld = NULL; /* ud_ring_put() refuses while any waits */
		if (!ud_ring_put(s, h->buf, h->len)) {
			s->rheld = h;
			__atomic_store_n(&s->ring->room_wanted, 1,
					 __ATOMIC_SEQ_CST);
			return false;
		}
		s->rheld = h->next;
		if (!s->rheld)
			s->rheld_tail = NULL;
		free(h);
	}
	return !s->rheld;
}

static void send_wake(struct ud_served *s)
{
	struct unl_wire_dgram dg = {
		.kind = UNL_DGRAM_WAKE,
		.hdrlen = sizeof(dg),
	};

	/* Straight to the socket: at most one waits there unread (an
	 * error's may be a second one). */
	if (send(s->fd, &dg, sizeof(dg), MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		ud_log(s->d, 2, "socket %u: ring wake-up not sent: %s", s->id,
		       strerror(errno));
}

void ud_ring_wake(struct ud_served *s)
{
	struct unl_wire_ring *r = s->ring;

	if (!s->ring_on || s->closed)
		return;
	/* prod was stored before: a client that raised sleepers after
	 * this load looks at the ring again and sees it. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&r->sleepers, __ATOMIC_RELAXED) ||
	    s->ring_prod == __atomic_load_n(&r->cons, __ATOMIC_RELAXED))
		return;
	if (__atomic_exchange_n(&r->wake_sent, 1, __ATOMIC_SEQ_CST) == 0)
		send_wake(s);
}

void ud_ring_stop(struct ud_served *s)
{
	struct unl_wire_ring *r = s->ring;
	struct ud_held *h;
	uint64_t c, start;

	if (!s->ring_on)
		return;
	__atomic_store_n(&r->state, UNL_RING_MOVING, __ATOMIC_SEQ_CST);
	/* From here on the client's takes fail: the rest is ours. */
	c = __atomic_exchange_n(&r->cons, s->ring_prod, __ATOMIC_SEQ_CST);
	if (c < s->ring_seen || c > s->ring_prod)
		c = s->ring_prod; /* nonsense: count it all as read */
	account(s, c);
	s->ring_on = false;
	/* What is left, in order, from our own bounds.  An entry the
	 * client's nonsense cut in two is counted as read. */
	start = s->ring_seen;
	while (ents_count(s) && !s->closed) {
		struct ud_ring_ent e = s->ring_ents[s->ring_head++];
		uint64_t off = (e.end - sizeof(struct unl_wire_ring_rec) -
				UNL_RING_ALIGN(e.len)) &
			       (UNL_WIRE_RING_BYTES - 1);

		if (e.pad)
			continue;
		if (e.end - sizeof(struct unl_wire_ring_rec) -
			    UNL_RING_ALIGN(e.len) < start) {
			unl_sock_consume(s->sk, 1, 0);
			continue;
		}
		ud_served_send(s, r->data + off +
					  sizeof(struct unl_wire_ring_rec),
			       e.len);
	}
	s->ring_head = s->ring_tail = 0;
	while ((h = s->rheld)) {
		s->rheld = h->next;
		if (!s->closed)
			ud_served_send(s, h->buf, h->len);
		free(h);
	}
	s->rheld_tail = NULL;
	if (s->closed)
		return; /* a send found the client end gone: unmapped */
	if (s->err) {
		/* A waker that came before the moved entries may have been
		 * taken off as a ring wake-up: one more for the error. */
		struct unl_wire_dgram dg = {
			.kind = UNL_DGRAM_WAKE,
			.hdrlen = sizeof(dg),
		};

		ud_served_send(s, (const unsigned char *)&dg, sizeof(dg));
		if (s->closed)
			return;
	}
	__atomic_store_n(&r->room_wanted, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&r->state, UNL_RING_OFF, __ATOMIC_RELEASE);
}

void ud_ring_free(struct ud_served *s)
{
	struct ud_held *h;

	while ((h = s->rheld)) {
		s->rheld = h->next;
		free(h);
	}
	s->rheld_tail = NULL;
	if (s->ring) {
		/* The client may still look at it: it says OFF. */
		__atomic_store_n(&s->ring->state, UNL_RING_OFF,
				 __ATOMIC_RELEASE);
		munmap(s->ring, sizeof(*s->ring));
	}
	s->ring = NULL;
	s->ring_on = false;
	free(s->ring_ents);
	s->ring_ents = NULL;
	s->ring_head = s->ring_tail = s->ring_cap = 0;
}
