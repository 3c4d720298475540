// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * When spinning on a call page pays (src/wire/spin.h): every transition
 * of the state, with the time given by hand.  off: no spinning until
 * off_until; each failure in a row doubles the pause up to the cap; a
 * spin that worked starts the doubling again from the minimum.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>

#include <cmocka.h>

#include "wire/spin.h"

#define MIN UNL_SPIN_OFF_MIN_NS
#define T0 1000000000000LL /* any time: the state never reads the clock */

static void fresh_state_spins(void **state)
{
	struct unl_spin s = { 0 };

	(void)state;
	assert_true(unl_spin_allowed(&s, 0));
	assert_true(unl_spin_allowed(&s, T0));
}

static void a_failure_pauses_for_the_minimum(void **state)
{
	struct unl_spin s = { 0 };

	(void)state;
	unl_spin_failed(&s, T0);
	assert_false(unl_spin_allowed(&s, T0));
	assert_false(unl_spin_allowed(&s, T0 + MIN - 1));
	assert_true(unl_spin_allowed(&s, T0 + MIN));
}

static void failures_in_a_row_double_up_to_the_cap(void **state)
{
	struct unl_spin s = { 0 };
	int64_t t = T0, pause = MIN;

	(void)state;
	for (int i = 0; i < 12; i++) {
		unl_spin_failed(&s, t);
		assert_false(unl_spin_allowed(&s, t + pause - 1));
		assert_true(unl_spin_allowed(&s, t + pause));
		t += pause;
		pause = pause * 2 > UNL_SPIN_OFF_MAX_NS ? UNL_SPIN_OFF_MAX_NS
							: pause * 2;
	}
	/* saturated */
	assert_int_equal(pause, UNL_SPIN_OFF_MAX_NS);
	unl_spin_failed(&s, t);
	assert_false(unl_spin_allowed(&s, t + UNL_SPIN_OFF_MAX_NS - 1));
	assert_true(unl_spin_allowed(&s, t + UNL_SPIN_OFF_MAX_NS));
}

static void a_spin_that_worked_halves_the_next_pause(void **state)
{
	struct unl_spin s = { 0 };

	(void)state;
	unl_spin_failed(&s, T0);           /* pause MIN */
	unl_spin_failed(&s, T0 + MIN);     /* pause 2 MIN */
	unl_spin_failed(&s, T0 + 3 * MIN); /* pause 4 MIN, the next 8 MIN */
	unl_spin_worked(&s);
	/* the pause already running is not cut short ... */
	assert_false(unl_spin_allowed(&s, T0 + 7 * MIN - 1));
	/* ... but the next failure pauses for half as long: 4 MIN */
	unl_spin_failed(&s, T0 + 8 * MIN);
	assert_false(unl_spin_allowed(&s, T0 + 12 * MIN - 1));
	assert_true(unl_spin_allowed(&s, T0 + 12 * MIN));
}

static void spins_that_worked_come_down_to_the_minimum(void **state)
{
	struct unl_spin s = { 0 };
	int64_t t = T0;

	(void)state;
	for (int i = 0; i < 4; i++) { /* the next would be 16 MIN */
		unl_spin_failed(&s, t);
		t += 100 * MIN;
	}
	for (int i = 0; i < 3; i++) /* 8, 4, 2 MIN */
		unl_spin_worked(&s);
	unl_spin_failed(&s, t);
	assert_false(unl_spin_allowed(&s, t + 2 * MIN - 1));
	assert_true(unl_spin_allowed(&s, t + 2 * MIN));
	/* a pause that halves to the minimum is no pause: back to 0 */
	unl_spin_worked(&s); /* 4 -> 2 */
	unl_spin_worked(&s); /* 2 -> 0 */
	t += 100 * MIN;
	unl_spin_failed(&s, t);
	assert_false(unl_spin_allowed(&s, t + MIN - 1));
	assert_true(unl_spin_allowed(&s, t + MIN));
	assert_int_equal(s.off_ns, 2 * MIN);
	unl_spin_worked(&s);
	assert_int_equal(s.off_ns, 0);
}

static void a_short_gap_is_no_gap(void **state)
{
	long n = -1;

	(void)state;
	assert_false(unl_spin_gap(&n, T0, T0));
	assert_false(unl_spin_gap(&n, T0, T0 + UNL_SPIN_GAP_NS - 1));
	assert_int_equal(n, -1); /* not even counted */
}

static void a_long_gap_counts_when_another_task_ran(void **state)
{
	struct rusage before, after;
	long n = -1; /* no count yet: anything differs */

	(void)state;
	assert_int_equal(getrusage(RUSAGE_THREAD, &before), 0);
	assert_true(unl_spin_gap(&n, T0, T0 + UNL_SPIN_GAP_NS));
	assert_int_equal(getrusage(RUSAGE_THREAD, &after), 0);
	/* the count it took is the thread's own, as it was then */
	assert_true(n >= before.ru_nivcsw && n <= after.ru_nivcsw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fresh_state_spins),
		cmocka_unit_test(a_failure_pauses_for_the_minimum),
		cmocka_unit_test(failures_in_a_row_double_up_to_the_cap),
		cmocka_unit_test(a_spin_that_worked_halves_the_next_pause),
		cmocka_unit_test(spins_that_worked_come_down_to_the_minimum),
		cmocka_unit_test(a_short_gap_is_no_gap),
		cmocka_unit_test(a_long_gap_counts_when_another_task_ran),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
