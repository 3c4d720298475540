/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * When spinning pays.  Both ends of a call page (the shim, the seccomp
 * front end, the daemon) look at shared memory for a while before they
 * sleep, since a sleep and a wake-up cost more than a whole request when
 * the other side runs on a CPU of its own.  When it does not (more
 * runnable tasks than CPUs), a spin takes the CPU from the very process
 * it waits for, and a sched_yield() on a busy CPU gives it away for a
 * whole time slice: 100,000 route adds through `ip -batch` took 15 times
 * as long with spinning as without at a load of 10 on 2 CPUs, and 7
 * times less with it on idle CPUs (bench/README.md).
 *
 * So a spinner keeps a struct unl_spin and stops spinning for a while
 * after a spin that failed: one that ended without its answer, or during
 * which two looks at the clock were UNL_SPIN_GAP_NS apart because another
 * task had the CPU in between (unl_spin_gap()).  Each failure doubles
 * the next pause, from UNL_SPIN_OFF_MIN_NS to UNL_SPIN_OFF_MAX_NS; a spin
 * that worked halves it, down to none.  So where spins fail as often as
 * they work (a busy machine) the pauses grow, and a rare failure on an
 * idle one costs a millisecond.  No sched_yield() either: on a busy CPU
 * it hands the CPU to other work for a whole slice (at a load of 40 on 2
 * CPUs, yields kept the shim's round trip at 20 to 100 us, against 4 to
 * 9 us without).  While it is off, the spinner sleeps at
 * once, as it would on one CPU.
 *
 * Threads of one process may share one state: every field is read and
 * written with relaxed atomics, and a lost update only shifts a pause.
 */
#ifndef UNETLINK_WIRE_SPIN_H
#define UNETLINK_WIRE_SPIN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <time.h>

#define UNL_SPIN_GAP_NS 20000
#define UNL_SPIN_OFF_MIN_NS 1000000
#define UNL_SPIN_OFF_MAX_NS 128000000

struct unl_spin {
	int64_t off_until; /* CLOCK_MONOTONIC ns: no spinning before this */
	int64_t off_ns;    /* the pause the next failure starts (0: min) */
};

static inline int64_t unl_spin_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline bool unl_spin_allowed(const struct unl_spin *s, int64_t now)
{
	return now >= __atomic_load_n(&s->off_until, __ATOMIC_RELAXED);
}

static inline void unl_spin_failed(struct unl_spin *s, int64_t now)
{
	int64_t off = __atomic_load_n(&s->off_ns, __ATOMIC_RELAXED);

	if (off < UNL_SPIN_OFF_MIN_NS)
		off = UNL_SPIN_OFF_MIN_NS;
	__atomic_store_n(&s->off_until, now + off, __ATOMIC_RELAXED);
	__atomic_store_n(&s->off_ns,
			 off < UNL_SPIN_OFF_MAX_NS / 2 ? off * 2
						       : UNL_SPIN_OFF_MAX_NS,
			 __ATOMIC_RELAXED);
}

static inline void unl_spin_worked(struct unl_spin *s)
{
	int64_t off = __atomic_load_n(&s->off_ns, __ATOMIC_RELAXED);

	if (off)
		__atomic_store_n(&s->off_ns,
				 off / 2 > UNL_SPIN_OFF_MIN_NS ? off / 2 : 0,
				 __ATOMIC_RELAXED);
}

/*
 * Two looks at the clock this far apart, and the thread was switched out
 * for another task since the last time this was asked (*nivcsw: its
 * count of involuntary context switches then): the CPUs are taken.  A gap
 * without a switch is an interrupt, or the hypervisor running another
 * virtual CPU (25 to 50 us at times in a VM): no reason to stop.
 */
static inline bool unl_spin_gap(long *nivcsw, int64_t prev, int64_t now)
{
	struct rusage ru;
	bool switched;

	if (now - prev < UNL_SPIN_GAP_NS)
		return false;
	if (getrusage(RUSAGE_THREAD, &ru) < 0)
		return true;
	switched = ru.ru_nivcsw != *nivcsw;
	*nivcsw = ru.ru_nivcsw;
	return switched;
}

#endif
