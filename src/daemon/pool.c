// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Status pools (wire.h, "Status slots"): one memfd per user holding a
 * 16-byte slot per socket that user's processes named, instead of a
 * memfd page per socket.  A page per socket cost 5.6 KiB of kernel and
 * shared memory for 16 bytes of status (bench/README.md, "A socket").
 *
 * The daemon maps UNL_WIRE_POOL_BYTES of each pool writable before it
 * seals the file against writes, so that its own mapping is the only
 * writable one; it grows the file (never shrinks it: sealed) a doubling
 * at a time as slots are taken.  Freed slots are reused, lowest last
 * freed first.  Pools live as long as the daemon.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/daemon-private.h"

#define SLOT_SIZE sizeof(struct unl_wire_shm)
#define POOL_SLOTS (UNL_WIRE_POOL_BYTES / SLOT_SIZE)
#define POOL_FIRST_BYTES 4096u

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

struct ud_pool {
	struct ud_pool *next; /* d->pools */
	uid_t uid;
	int memfd;
	struct unl_wire_shm *base; /* UNL_WIRE_POOL_BYTES, writable */
	uint32_t cap;   /* slots the file holds */
	uint32_t made;  /* slots handed out at least once */
	uint32_t *free; /* slots given back, taken last in first out */
	uint32_t nfree, free_cap;
};

static struct ud_pool *pool_new(struct ud_daemon *d, uid_t uid)
{
	struct ud_pool *p = calloc(1, sizeof(*p));
	void *base;

	if (!p)
		return NULL;
	p->uid = uid;
	p->memfd = memfd_create("unetlink-status",
				MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (p->memfd < 0 || ftruncate(p->memfd, POOL_FIRST_BYTES) < 0)
		goto fail;
	base = mmap(NULL, UNL_WIRE_POOL_BYTES, PROT_READ | PROT_WRITE,
		    MAP_SHARED, p->memfd, 0);
	if (base == MAP_FAILED)
		goto fail;
	p->base = base;
	/* From now on no one maps it writable or writes it but us; a
	 * client that truncated it would make our next store a SIGBUS. */
	if (fcntl(p->memfd, F_ADD_SEALS,
		  F_SEAL_SHRINK | F_SEAL_FUTURE_WRITE | F_SEAL_SEAL) < 0)
		goto fail;
	p->cap = POOL_FIRST_BYTES / SLOT_SIZE;
	p->next = d->pools;
	d->pools = p;
	return p;
fail:
	if (errno == EMFILE || errno == ENFILE)
		ud_out_of_descriptors(d, "a status pool");
	if (p->base)
		munmap(p->base, UNL_WIRE_POOL_BYTES);
	if (p->memfd >= 0)
		close(p->memfd);
	free(p);
	return NULL;
}

/* The pool of c's user, made on first use; NULL when out of memory. */
static struct ud_pool *pool_of(struct ud_conn *c)
{
	struct ud_daemon *d = c->d;

	if (!c->pool) {
		for (struct ud_pool *p = d->pools; p; p = p->next)
			if (p->uid == c->cred.uid)
				c->pool = p;
		if (!c->pool)
			c->pool = pool_new(d, c->cred.uid);
	}
	return c->pool;
}

/* Room for one more slot: the file doubles (a client may have grown it
 * further: that is room too). */
static int pool_grow(struct ud_pool *p)
{
	uint64_t want = (uint64_t)p->cap * SLOT_SIZE * 2;
	struct stat st;

	if (p->cap >= POOL_SLOTS)
		return -ENOSPC;
	if (want > UNL_WIRE_POOL_BYTES)
		want = UNL_WIRE_POOL_BYTES;
	if (fstat(p->memfd, &st) < 0)
		return -errno;
	if ((uint64_t)st.st_size < want &&
	    ftruncate(p->memfd, (off_t)want) < 0)
		return -errno;
	p->cap = (uint32_t)(want / SLOT_SIZE);
	return 0;
}

static int slot_take(struct ud_pool *p, uint32_t *idx)
{
	if (p->nfree) {
		*idx = p->free[--p->nfree];
		return 0;
	}
	if (p->made == p->cap) {
		int err = pool_grow(p);

		if (err)
			return err;
	}
	/* The free list can hold every slot ever made: giving one back
	 * never fails. */
	if (p->made == p->free_cap) {
		uint32_t n = p->free_cap ? p->free_cap * 2 : 64;
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
	__atomic_store_n(&slot->err, s->err, __ATOMIC_RELAXED);
	__atomic_store_n(&slot->flags, s->flags_shown, __ATOMIC_RELAXED);
	slot->sock_id_hint = s->id;
	__atomic_store_n(&slot->magic, UNL_WIRE_MAGIC, __ATOMIC_RELEASE);
}

static struct unl_wire_shm *slot_at(const struct ud_slot *sl)
{
	return sl->pool->base + sl->idx;
}

/*
 * s's slot in the pool of c's user, taken now if it has none there; its
 * index in *idx.  0, or -errno.
 */
int ud_pool_slot(struct ud_conn *c, struct ud_served *s, uint32_t *idx)
{
	struct ud_pool *p = pool_of(c);
	struct ud_slot *more;
	uint32_t i;
	int err;

	if (!p)
		return -ENOMEM;
	if (s->slot.pool == p) {
		*idx = s->slot.idx;
		return 0;
	}
	for (i = 0; i < s->nmore; i++) {
		if (s->more[i].pool == p) {
			*idx = s->more[i].idx;
			return 0;
		}
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
	if (!s->slot.pool) {
		s->slot = (struct ud_slot){ .pool = p, .idx = i };
		slot_show(s, slot_at(&s->slot));
	} else {
		s->more[s->nmore] = (struct ud_slot){ .pool = p, .idx = i };
		slot_show(s, slot_at(&s->more[s->nmore]));
		s->nmore++;
	}
	*idx = i;
	return 0;
}

/* A new descriptor of c's pool, or -errno. */
int ud_pool_fd(struct ud_conn *c)
{
	struct ud_pool *p = pool_of(c);
	int fd;

	if (!p)
		return -ENOMEM;
	fd = fcntl(p->memfd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0) {
		if (errno == EMFILE || errno == ENFILE)
			ud_out_of_descriptors(c->d, "a socket's status pool");
		return errno == ENFILE ? -ENFILE : -EMFILE;
	}
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

static void slot_give(struct ud_slot *sl)
{
	struct ud_pool *p = sl->pool;
	struct unl_wire_shm *slot = slot_at(sl);

	memset(slot, 0, sizeof(*slot));
	p->free[p->nfree++] = sl->idx;
	sl->pool = NULL;
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

void ud_pools_free(struct ud_daemon *d)
{
	while (d->pools) {
		struct ud_pool *p = d->pools;

		d->pools = p->next;
		munmap(p->base, UNL_WIRE_POOL_BYTES);
		close(p->memfd);
		free(p->free);
		free(p);
	}
}
