// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Status pools (wire.h, "Status slots"): one memfd per control
 * connection (one a process) holding a 16-byte slot for each socket that
 * connection names, instead of a memfd page per socket.  A page per
 * socket cost 5.6 KiB of kernel and shared memory for 16 bytes of status
 * (bench/README.md, "A socket"); a pool per user let every process of
 * that user read the status of the others' sockets.
 *
 * The file is UNL_WIRE_POOL_BYTES long from the start (a sparse file:
 * only the pages that hold slots take memory).  The daemon maps its
 * first page writable, then seals it against writes, shrinking and
 * growing, so that its own mapping is the only writable one and no
 * descriptor is needed afterwards: the memfd goes to the client with the
 * connection's first slot and is closed here.  The daemon's mapping
 * grows with mremap() (a doubling at a time) as slots are taken: small
 * mappings lie side by side and share page tables, where one of
 * UNL_WIRE_POOL_BYTES each would cost a page of page tables a
 * connection.  A slot lives as long as the connection may
 * name the socket (until CLOSE or the connection's end); freed slots are
 * reused, last freed first.  The pool goes with its connection.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "daemon/daemon-private.h"

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

#define POOL_FIRST_BYTES 4096u

struct ud_pool {
	int memfd; /* until it went to the client, then -1 */
	struct unl_wire_shm *base; /* mapped bytes, writable */
	size_t mapped;
	uint32_t made;  /* slots handed out at least once */
	uint32_t *free; /* slots given back, taken last in first out */
	uint32_t nfree, free_cap;
};

static struct ud_pool *pool_new(struct ud_daemon *d)
{
	struct ud_pool *p = calloc(1, sizeof(*p));
	void *base;

	if (!p)
		return NULL;
	p->memfd = memfd_create("unetlink-status",
				MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (p->memfd < 0 || ftruncate(p->memfd, UNL_WIRE_POOL_BYTES) < 0)
		goto fail;
	base = mmap(NULL, POOL_FIRST_BYTES, PROT_READ | PROT_WRITE,
		    MAP_SHARED, p->memfd, 0);
	if (base == MAP_FAILED)
		goto fail;
	p->base = base;
	p->mapped = POOL_FIRST_BYTES;
	/* From now on no one maps it writable or writes it but us; a
	 * client that truncated it would make our next store a SIGBUS. */
	if (fcntl(p->memfd, F_ADD_SEALS,
		  F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_FUTURE_WRITE |
			  F_SEAL_SEAL) < 0)
		goto fail;
	return p;
fail:
	if (errno == EMFILE || errno == ENFILE)
		ud_out_of_descriptors(d, "a status pool");
	if (p->base)
		munmap(p->base, p->mapped);
	if (p->memfd >= 0)
		close(p->memfd);
	free(p);
	return NULL;
}

/* Room in our mapping for one more slot: it doubles (it may move). */
static int pool_grow(struct ud_pool *p)
{
	size_t want = p->mapped * 2;
	void *base;

	if (p->mapped >= UNL_WIRE_POOL_BYTES)
		return -ENOSPC;
	if (want > UNL_WIRE_POOL_BYTES)
		want = UNL_WIRE_POOL_BYTES;
	base = mremap(p->base, p->mapped, want, MREMAP_MAYMOVE);
	if (base == MAP_FAILED)
		return -ENOMEM;
	p->base = base;
	p->mapped = want;
	return 0;
}

/* c's pool, made on first use; NULL when out of memory. */
static struct ud_pool *pool_of(struct ud_conn *c)
{
	if (!c->pool)
		c->pool = pool_new(c->d);
	return c->pool;
}

static int slot_take(struct ud_pool *p, uint32_t *idx)
{
	if (p->nfree) {
		*idx = p->free[--p->nfree];
		return 0;
	}
	if ((p->made + 1ull) * sizeof(struct unl_wire_shm) > p->mapped) {
		int err = pool_grow(p);

		if (err)
			return err;
	}
	/* The free list can hold every slot ever made: giving one back
	 * never fails. */
	if (p->made == p->free_cap) {
		uint32_t n = p->free_cap ? p->free_cap * 2 : 16;
		uint32_t *f = realloc(p->free, n * sizeof(*f));

		if (!f)
			return -ENOMEM;
		p->free = f;
		p->free_cap = n;
	}
	*idx = p->made++;
	return 0;
}

static void slot_show(struct ud_served *s, struct unl_wire_shm *slot)
{
	/* A grant's words before the flag that says it holds. */
	__atomic_store_n(&slot->grant_gen, s->grant_gen, __ATOMIC_RELAXED);
	__atomic_store_n(&slot->grant_total, s->grant_total, __ATOMIC_RELEASE);
	__atomic_store_n(&slot->err, s->err, __ATOMIC_RELAXED);
	__atomic_store_n(&slot->flags, s->flags_shown, __ATOMIC_RELAXED);
	slot->sock_id_hint = s->id;
	__atomic_store_n(&slot->magic, UNL_WIRE_MAGIC, __ATOMIC_RELEASE);
}

static struct unl_wire_shm *slot_at(const struct ud_slot *sl)
{
	return sl->pool->base + sl->idx;
}

/* s's slot in p, or NULL. */
static struct ud_slot *slot_find(struct ud_served *s, const struct ud_pool *p)
{
	if (s->slot.pool == p)
		return &s->slot;
	for (uint32_t i = 0; i < s->nmore; i++)
		if (s->more[i].pool == p)
			return &s->more[i];
	return NULL;
}

/*
 * s's slot in c's pool, taken now if it has none there; its index in
 * *idx.  0, or -errno.
 */
int ud_pool_slot(struct ud_conn *c, struct ud_served *s, uint32_t *idx)
{
	struct ud_pool *p = pool_of(c);
	struct ud_slot *sl, *more;
	uint32_t i;
	int err;

	if (!p)
		return -ENOMEM;
	sl = slot_find(s, p);
	if (sl) {
		*idx = sl->idx;
		return 0;
	}
	if (s->slot.pool) {
		more = realloc(s->more, (s->nmore + 1u) * sizeof(*more));
		if (!more)
			return -ENOMEM;
		s->more = more;
	}
	err = slot_take(p, &i);
	if (err)
		return err;
	sl = s->slot.pool ? &s->more[s->nmore++] : &s->slot;
	*sl = (struct ud_slot){ .pool = p, .idx = i };
	slot_show(s, slot_at(sl));
	*idx = i;
	return 0;
}

/*
 * c's pool's descriptor, for the client, once: the caller owns it (it
 * goes with a reply).  -EALREADY when it went before, or -errno.
 */
int ud_pool_fd(struct ud_conn *c)
{
	struct ud_pool *p = pool_of(c);
	int fd;

	if (!p)
		return -ENOMEM;
	if (p->memfd < 0)
		return -EALREADY;
	fd = p->memfd;
	p->memfd = -1;
	return fd;
}

/* Show s->err and s->flags_shown in every slot of s. */
void ud_pool_show(struct ud_served *s)
{
	if (s->slot.pool)
		slot_show(s, slot_at(&s->slot));
	for (uint32_t i = 0; i < s->nmore; i++)
		slot_show(s, slot_at(&s->more[i]));
}

/* The slot goes back to its pool, emptied: whoever reads it sees no
 * socket there. */
static void slot_give(struct ud_slot *sl)
{
	struct ud_pool *p = sl->pool;

	memset(slot_at(sl), 0, sizeof(struct unl_wire_shm));
	p->free[p->nfree++] = sl->idx;
	sl->pool = NULL;
}

/* c may no longer name s: s's slot in c's pool goes back to it. */
void ud_pool_forget(struct ud_conn *c, struct ud_served *s)
{
	struct ud_slot *sl = c->pool ? slot_find(s, c->pool) : NULL;

	if (!sl)
		return;
	slot_give(sl);
	if (sl == &s->slot) {
		if (!s->nmore)
			return;
		s->slot = s->more[--s->nmore];
	} else {
		*sl = s->more[--s->nmore];
	}
	if (!s->nmore) {
		free(s->more);
		s->more = NULL;
	}
}

/* s closes: its slots go back to their pools. */
void ud_pool_release(struct ud_served *s)
{
	if (s->slot.pool)
		slot_give(&s->slot);
	for (uint32_t i = 0; i < s->nmore; i++)
		slot_give(&s->more[i]);
	free(s->more);
	s->more = NULL;
	s->nmore = 0;
}

/* c closes, after it forgot every socket: its pool goes. */
void ud_pool_free(struct ud_conn *c)
{
	struct ud_pool *p = c->pool;

	if (!p)
		return;
	c->pool = NULL;
	munmap(p->base, p->mapped);
	if (p->memfd >= 0)
		close(p->memfd);
	free(p->free);
	free(p);
}
