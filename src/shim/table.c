// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Which descriptors are netlink sockets, and the socket objects behind
 * them.
 *
 * Every read(), write() and close() of the process passes through the
 * shim, so telling a netlink descriptor apart must cost no system call
 * and no lock: a two-level array indexed by fd, whose chunks are
 * allocated on first use and never freed.
 *
 *   top[fd >> 12] --> chunk[fd & 4095] --> struct shim_sock (or NULL)
 *
 * 2^18 top entries of 4096 slots cover every descriptor Linux can hand
 * out (fs.nr_open is at most 2^30).  The top array is 2 MiB of bss that
 * is never touched beyond the chunks in use.
 *
 * Slots change under table_lock; readers of a slot that is non-NULL take
 * the lock to get a reference, so that a close() in another thread cannot
 * free the object under them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shim/shim.h"
#include "wire/cmsg.h"

#define CHUNK_BITS 12
#define CHUNK_SLOTS (1u << CHUNK_BITS)
#define TOP_SLOTS (1u << 18)

typedef _Atomic(struct shim_sock *) slot_t;

static _Atomic(slot_t *) top[TOP_SLOTS];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct shim_sock *all_socks; /* list of every object */

static slot_t *slot_of(int fd, bool create)
{
	slot_t *chunk;
	unsigned int t;

	if (fd < 0 || (unsigned int)fd >= TOP_SLOTS * CHUNK_SLOTS)
		return NULL;
	t = (unsigned int)fd >> CHUNK_BITS;
	chunk = atomic_load_explicit(&top[t], memory_order_acquire);
	if (!chunk && create) {
		/* Under table_lock: no other thread allocates it. */
		chunk = calloc(CHUNK_SLOTS, sizeof(*chunk));
		if (!chunk)
			return NULL;
		atomic_store_explicit(&top[t], chunk, memory_order_release);
	}
	return chunk ? &chunk[(unsigned int)fd & (CHUNK_SLOTS - 1)] : NULL;
}

bool shim_table_has(int fd)
{
	slot_t *s = slot_of(fd, false);

	return s && atomic_load_explicit(s, memory_order_relaxed);
}

struct shim_sock *shim_sock_new(void)
{
	struct shim_sock *sk = calloc(1, sizeof(*sk));

	if (!sk)
		return NULL;
	atomic_init(&sk->refs, 1);
	atomic_init(&sk->sndtimeo_ms, -1);
	pthread_mutex_init(&sk->lk, NULL);
	pthread_mutex_lock(&table_lock);
	sk->next = all_socks;
	if (all_socks)
		all_socks->prev = sk;
	all_socks = sk;
	pthread_mutex_unlock(&table_lock);
	return sk;
}

/* The last reference: the daemon forgets our id (and the socket's
 * status slot, which is the pool's, stays mapped). */
static void sock_free(struct shim_sock *sk)
{
	pthread_mutex_lock(&table_lock);
	if (sk->prev)
		sk->prev->next = sk->next;
	else
		all_socks = sk->next;
	if (sk->next)
		sk->next->prev = sk->prev;
	pthread_mutex_unlock(&table_lock);
	if (sk->gen)
		shim_conn_forget(sk->gen, sk->id);
	/* A kept answer nobody will read: not owed by us any more (the
	 * daemon forgets it when the socket closes). */
	if (atomic_load(&sk->has_local))
		shim_inline_forget(sk->local_key);
	free(sk->local);
	shim_page_put(sk->local_page);
	pthread_mutex_destroy(&sk->lk);
	shim_ring_free(sk);
	free(sk);
}

void shim_sock_put(struct shim_sock *sk)
{
	if (sk && atomic_fetch_sub(&sk->refs, 1) == 1)
		sock_free(sk);
}

/* Take fd's object out of its slot; the slot's reference goes to the
 * caller.  Lock held. */
static struct shim_sock *slot_take(int fd)
{
	slot_t *s = slot_of(fd, false);

	if (!s)
		return NULL;
	return atomic_exchange_explicit(s, NULL, memory_order_relaxed);
}

void shim_table_set(int fd, struct shim_sock *sk)
{
	struct shim_sock *old;
	slot_t *s;

	pthread_mutex_lock(&table_lock);
	old = slot_take(fd);
	s = slot_of(fd, true);
	if (s) {
		atomic_fetch_add(&sk->refs, 1);
		atomic_store_explicit(s, sk, memory_order_relaxed);
	}
	pthread_mutex_unlock(&table_lock);
	shim_sock_put(old);
}

void shim_table_dup(int oldfd, int newfd)
{
	struct shim_sock *old, *sk;
	slot_t *from, *to;

	if (oldfd == newfd)
		return;
	pthread_mutex_lock(&table_lock);
	old = slot_take(newfd);
	from = slot_of(oldfd, false);
	sk = from ? atomic_load_explicit(from, memory_order_relaxed) : NULL;
	to = sk ? slot_of(newfd, true) : NULL;
	if (to) {
		atomic_fetch_add(&sk->refs, 1);
		atomic_store_explicit(to, sk, memory_order_relaxed);
	}
	pthread_mutex_unlock(&table_lock);
	shim_sock_put(old);
}

void shim_table_clear(int fd)
{
	struct shim_sock *old;

	if (!shim_table_has(fd))
		return;
	pthread_mutex_lock(&table_lock);
	old = slot_take(fd);
	pthread_mutex_unlock(&table_lock);
	shim_sock_put(old);
}

struct shim_sock *shim_table_take(int fd)
{
	struct shim_sock *old;

	if (!shim_table_has(fd))
		return NULL;
	pthread_mutex_lock(&table_lock);
	old = slot_take(fd);
	pthread_mutex_unlock(&table_lock);
	return old;
}

void shim_table_take_range(unsigned int first, unsigned int last,
			   struct shim_taken *t)
{
	unsigned int hi = TOP_SLOTS * CHUNK_SLOTS - 1;

	memset(t, 0, sizeof(*t));
	if (last > hi)
		last = hi;
	/* Only chunks that exist can hold anything: skip the rest a chunk
	 * at a time, so close_range(3, ~0U) stays cheap. */
	for (unsigned int fd = first; fd <= last && fd >= first;) {
		struct shim_sock *sk, **v;

		if (!atomic_load(&top[fd >> CHUNK_BITS])) {
			fd = ((fd >> CHUNK_BITS) + 1) << CHUNK_BITS;
			continue;
		}
		sk = shim_table_take((int)fd);
		fd++;
		if (!sk)
			continue;
		if (t->n == t->cap) {
			v = realloc(t->v, (t->cap ? 2 * t->cap : 8) * sizeof(*v));
			if (!v) {
				/* The CLOSE then precedes the close(): only
				 * its timing suffers. */
				shim_sock_put(sk);
				continue;
			}
			t->v = v;
			t->cap = t->cap ? 2 * t->cap : 8;
		}
		t->v[t->n++] = sk;
	}
}

void shim_taken_put(struct shim_taken *t)
{
	for (size_t i = 0; i < t->n; i++)
		shim_sock_put(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

struct shim_sock *shim_sock_get(int fd)
{
	struct shim_sock *sk = NULL;
	slot_t *s;
	int cs, err;

	shim_real_ensure();
	s = slot_of(fd, false);
	if (!s || !atomic_load_explicit(s, memory_order_relaxed))
		return NULL;
	pthread_mutex_lock(&table_lock);
	sk = atomic_load_explicit(s, memory_order_relaxed);
	if (sk)
		atomic_fetch_add(&sk->refs, 1);
	pthread_mutex_unlock(&table_lock);
	if (!sk)
		return NULL;

	/* Checked without the connection lock: that lock may be held for
	 * as long as another thread's blocking sendmsg() lasts. */
	if (!atomic_load(&sk->candidate))
		return sk;
	shim_conn_lock(&cs);
	err = atomic_load(&sk->candidate) ? shim_conn_attach(sk, fd) : 0;
	shim_conn_unlock(cs);
	if (err < 0) {
		/* Not a socket of the daemon's (or no daemon to ask): leave
		 * the descriptor to libc from now on. */
		shim_table_clear(fd);
		shim_sock_put(sk);
		return NULL;
	}
	return sk;
}

bool shim_table_id_live(uint64_t gen, uint32_t id)
{
	bool live = false;

	pthread_mutex_lock(&table_lock);
	for (struct shim_sock *sk = all_socks; sk && !live; sk = sk->next)
		live = sk->gen == gen && sk->id == id;
	pthread_mutex_unlock(&table_lock);
	return live;
}

bool shim_table_any_error(void)
{
	bool any = false;

	pthread_mutex_lock(&table_lock);
	for (struct shim_sock *sk = all_socks; sk && !any; sk = sk->next) {
		struct unl_wire_shm *page = atomic_load(&sk->page);

		any = page && __atomic_load_n(&page->err, __ATOMIC_ACQUIRE);
	}
	pthread_mutex_unlock(&table_lock);
	return any;
}

void shim_table_foreach(void (*fn)(struct shim_sock *sk))
{
	for (struct shim_sock *sk = all_socks; sk; sk = sk->next)
		fn(sk);
}

/* ---- fork -------------------------------------------------------- */

static void atfork_prepare(void)
{
	/* A child may read what an inline answer gave us: on the data
	 * socket it finds it, as it would in Linux. */
	shim_pay();
	shim_ns_fork_prepare();
	/* Held only around slot updates, never across I/O: the fork waits
	 * for microseconds at most, and the child gets a consistent table. */
	pthread_mutex_lock(&table_lock);
	/* Parent and child may both read or watch every socket now: none
	 * gets a ring from now on (one it has stays, shared by the two
	 * until either speaks to the daemon about it). */
	for (struct shim_sock *sk = all_socks; sk; sk = sk->next)
		atomic_store(&sk->ring_never, true);
}

static void atfork_parent(void)
{
	pthread_mutex_unlock(&table_lock);
	shim_ns_fork_parent();
}

static void child_reset(struct shim_sock *sk)
{
	/* What the parent took is the parent's to report. */
	atomic_store(&sk->pending, 0);
	/* ... and its send grant the parent's to use. */
	sk->grant_live = false;
	/* An inline answer is the parent's too (the daemon pays what the
	 * parent does not take to the data socket).  Another thread may
	 * have been changing it: forgotten, not freed. */
	pthread_mutex_init(&sk->lk, NULL);
	sk->local = NULL;
	sk->local_cap = 0;
	atomic_store(&sk->local_made, false);
	sk->local_page = NULL;
	atomic_store(&sk->has_local, false);
	atomic_store(&sk->waiters, 0);
	/* The parent's status pool was not inherited: the child reads
	 * a slot of its own, once its connection names the socket. */
	atomic_store(&sk->page, NULL);
	/* Other threads' references died with them: a leak at worst. */
}

/* Our process id, as of the constructor or the last fork() we saw. */
static pid_t shim_pid;

bool shim_in_shared_child(void)
{
	/* vfork(), posix_spawn() and clone(CLONE_VM) children share our
	 * memory until they exec, and no atfork handler runs in them: our
	 * table is the parent's.  They only close and dup descriptors,
	 * which must not change the parent's view (or tell the daemon the
	 * parent's sockets are gone). */
	return getpid() != shim_pid;
}

volatile unsigned char *shim_fork_seen;

/* The fork-seen byte, set: in the page the kernel empties in a child
 * with memory of its own.  Left NULL before Linux 4.14. */
static void fork_seen_init(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return;
	if (madvise(p, 4096, MADV_WIPEONFORK) < 0) {
		munmap(p, 4096);
		return;
	}
	*(volatile unsigned char *)p = 1;
	shim_fork_seen = p;
}

void shim_fork_unseen(void)
{
	*shim_fork_seen = 1;
	shim_ns_fork_unseen();
	shim_table_clone_child();
}

static void atfork_child(void)
{
	if (shim_fork_seen)
		*shim_fork_seen = 1;
	shim_pid = getpid();
	pthread_mutex_unlock(&table_lock);
	shim_table_foreach(child_reset);
	shim_conn_after_fork();
	shim_ns_fork_child();
}

void shim_table_clone_child(void)
{
	/* No prepare handler held the lock: another thread may have. */
	if (shim_fork_seen)
		*shim_fork_seen = 1;
	pthread_mutex_init(&table_lock, NULL);
	shim_pid = getpid();
	shim_table_foreach(child_reset);
	shim_conn_after_fork();
	shim_ns_fork_child();
}

/* ---- exec -------------------------------------------------------- */

/*
 * A netlink descriptor inherited across exec is an AF_UNIX SOCK_SEQPACKET
 * socket.  Only note such descriptors here (a few system calls per open
 * descriptor, once per process); whether the daemon knows them is asked
 * on first use, in shim_sock_get().
 */
void shim_table_note_candidate(int fd)
{
	struct shim_sock *sk;
	struct stat st;
	int v;
	socklen_t len;

	if (shim_sys(SYS_fstat, fd, &st) < 0 || !S_ISSOCK(st.st_mode))
		return;
	len = sizeof(v);
	if (shim_real.getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &len) < 0 ||
	    v != AF_UNIX)
		return;
	len = sizeof(v);
	if (shim_real.getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len) < 0 ||
	    v != SOCK_SEQPACKET)
		return;
	/* A net handle (wire.h): no netlink socket. */
	if (shim_ns_inherited(fd))
		return;
	sk = shim_sock_new();
	if (!sk)
		return;
	atomic_store(&sk->candidate, true);
	shim_table_set(fd, sk);
	shim_sock_put(sk);
}

static void scan_inherited(void)
{
	DIR *d = shim_real.opendir("/proc/self/fd");
	struct dirent *e;
	int dfd;

	if (!d) {
		/* No /proc: the low descriptors are where inherited ones
		 * usually are. */
		for (int fd = 0; fd < 256; fd++)
			shim_table_note_candidate(fd);
		return;
	}
	dfd = dirfd(d);
	while ((e = readdir(d))) {
		char *end;
		long fd = strtol(e->d_name, &end, 10);

		if (*end || end == e->d_name || fd == dfd || fd > INT32_MAX)
			continue;
		shim_table_note_candidate((int)fd);
	}
	closedir(d);
}

/* A netlink socket of ours handed over by another process (SCM_RIGHTS)
 * is one more candidate: the daemon is asked about it on first use, as
 * about one inherited across exec. */
static bool note_one(int fd, size_t i, void *arg)
{
	(void)i;
	(void)arg;
	shim_table_note_candidate(fd);
	return false;
}

void shim_table_note_received(const struct msghdr *msg)
{
	if (msg)
		unl_scm_each_fd(msg, note_one, NULL);
}

__attribute__((constructor)) static void shim_init(void)
{
	shim_real_ensure();
	shim_pid = getpid();
	fork_seen_init();
	pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
	shim_ns_init();
	scan_inherited();
}
