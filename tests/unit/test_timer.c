// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Timers of a net (src/core/timer.c): order, cancelling and re-arming
 * from callbacks, any number of them, and the three ways they run: on
 * entering the net, from an event loop (unl_net_run_timers(), the
 * timerfd) and in a blocking receive.  Time is moved by hand through the
 * test clock hook, except where the real clock is the point.
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/capability.h>
#include <linux/netlink.h>

#include <unetlink/unetlink.h>

/* Not exported: the test clock (src/core/internal.h). */
void unl_debug_set_clock(struct unl_net *net, int64_t (*fn)(void *user),
			 void *user);

#define TEST_PROTO 25 /* unused by Linux */
#define SEC UNL_NSEC_PER_SEC

struct fx {
	struct unl_net *net;
	int64_t now;      /* the test clock */
	int order[64];    /* ids of the callbacks run, in order */
	int norder;
	struct unl_timer *other; /* what a callback cancels or frees */
};

static int64_t fake_clock(void *user)
{
	return ((struct fx *)user)->now;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(unl_net_new(&f->net), 0);
	f->now = 1000 * SEC;
	unl_debug_set_clock(f->net, fake_clock, f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	unl_net_free(f->net);
	free(f);
	return 0;
}

/* Each timer's data is a struct tid: the fixture and an id to record. */
struct tid {
	struct fx *f;
	int id;
	struct unl_timer *t;
};

static void record(struct unl_timer *t, void *data)
{
	struct tid *d = data;

	(void)t;
	assert_true(d->f->norder < 64);
	d->f->order[d->f->norder++] = d->id;
}

static void mk(struct fx *f, struct tid *d, int id, unl_timer_fn fn)
{
	d->f = f;
	d->id = id;
	assert_int_equal(unl_timer_new(f->net, fn, d, &d->t), 0);
}

static void arm(struct fx *f, struct tid *d, int64_t at)
{
	unl_net_lock(f->net);
	unl_timer_mod(d->t, at);
	unl_net_unlock(f->net);
}

static void release(struct fx *f, struct tid *d, int n)
{
	unl_net_lock(f->net);
	for (int i = 0; i < n; i++)
		unl_timer_free(d[i].t);
	unl_net_unlock(f->net);
}

/* Deadlines order the calls; equal deadlines run in the order armed;
 * nothing runs early. */
static void test_order(void **state)
{
	struct fx *f = *state;
	struct tid d[5];
	static const int64_t at[5] = { 3, 1, 2, 1, 5 };

	for (int i = 0; i < 5; i++) {
		mk(f, &d[i], i, record);
		arm(f, &d[i], f->now + at[i] * SEC);
	}
	assert_int_equal(unl_net_timer_timeout(f->net), 1 * SEC);
	f->now += 1 * SEC - 1;
	assert_int_equal(unl_net_run_timers(f->net), 0);
	f->now += 1;
	assert_int_equal(unl_net_timer_timeout(f->net), 0);
	f->now += 2 * SEC;
	assert_int_equal(unl_net_run_timers(f->net), 4);
	assert_int_equal(f->norder, 4);
	assert_int_equal(f->order[0], 1);
	assert_int_equal(f->order[1], 3);
	assert_int_equal(f->order[2], 2);
	assert_int_equal(f->order[3], 0);
	assert_int_equal(unl_net_timer_timeout(f->net), 2 * SEC);
	release(f, d, 5);
	assert_int_equal(unl_net_timer_timeout(f->net), -1);
}

/* mod and del say whether the timer was pending; a cancelled timer never
 * runs; re-arming moves it. */
static void test_mod_del(void **state)
{
	struct fx *f = *state;
	struct tid d[3];

	for (int i = 0; i < 3; i++)
		mk(f, &d[i], i, record);
	unl_net_lock(f->net);
	assert_int_equal(unl_timer_mod(d[0].t, f->now + 1 * SEC), 0);
	assert_int_equal(unl_timer_mod(d[0].t, f->now + 5 * SEC), 1);
	assert_int_equal(unl_timer_mod(d[1].t, f->now + 2 * SEC), 0);
	assert_int_equal(unl_timer_mod(d[2].t, f->now + 3 * SEC), 0);
	assert_true(unl_timer_pending(d[2].t));
	assert_int_equal(unl_timer_del(d[2].t), 1);
	assert_int_equal(unl_timer_del(d[2].t), 0);
	assert_false(unl_timer_pending(d[2].t));
	assert_int_equal(unl_timer_expires(d[0].t), f->now + 5 * SEC);
	unl_net_unlock(f->net);

	f->now += 4 * SEC;
	assert_int_equal(unl_net_run_timers(f->net), 1);
	assert_int_equal(f->order[0], 1);
	assert_false(unl_timer_pending(d[1].t));
	f->now += 1 * SEC;
	assert_int_equal(unl_net_run_timers(f->net), 1);
	assert_int_equal(f->order[1], 0);
	assert_int_equal(unl_net_timer_timeout(f->net), -1);
	release(f, d, 3);
}

/* A callback cancels another due timer, which then does not run. */
static void cancel_other(struct unl_timer *t, void *data)
{
	struct tid *d = data;

	record(t, data);
	unl_timer_del(d->f->other);
}

/* A callback frees its own timer and another due one. */
static void free_both(struct unl_timer *t, void *data)
{
	struct tid *d = data;

	record(t, data);
	unl_timer_free(d->f->other);
	unl_timer_free(t);
	d->t = NULL;
}

static void test_callback_changes(void **state)
{
	struct fx *f = *state;
	struct tid d[4];

	mk(f, &d[0], 0, cancel_other);
	mk(f, &d[1], 1, record);
	f->other = d[1].t;
	arm(f, &d[0], f->now + 1 * SEC);
	arm(f, &d[1], f->now + 1 * SEC);
	f->now += 1 * SEC;
	assert_int_equal(unl_net_run_timers(f->net), 1);
	assert_int_equal(f->norder, 1);
	assert_int_equal(f->order[0], 0);
	release(f, d, 2);

	mk(f, &d[2], 2, free_both);
	mk(f, &d[3], 3, record);
	f->other = d[3].t;
	arm(f, &d[2], f->now + 1 * SEC);
	arm(f, &d[3], f->now + 2 * SEC);
	f->now += 2 * SEC;
	assert_int_equal(unl_net_run_timers(f->net), 1);
	assert_int_equal(f->norder, 2);
	assert_int_equal(f->order[1], 2);
	assert_int_equal(unl_net_timer_timeout(f->net), -1);
}

/* A callback that re-arms itself for a deadline already past runs once
 * per run, never in a loop. */
static void rearm_past(struct unl_timer *t, void *data)
{
	struct tid *d = data;

	record(t, data);
	unl_timer_mod(t, d->f->now - 1 * SEC);
}

static void test_rearm_in_callback(void **state)
{
	struct fx *f = *state;
	struct tid d;

	mk(f, &d, 7, rearm_past);
	arm(f, &d, f->now);
	assert_int_equal(unl_net_run_timers(f->net), 1);
	assert_int_equal(unl_net_run_timers(f->net), 1);
	assert_int_equal(f->norder, 2);
	assert_true(unl_timer_pending(d.t));
	release(f, &d, 1);
}

/* Any number of timers: 20000 with scrambled deadlines, a third of them
 * cancelled and a third moved, run in deadline order. */
struct many {
	struct fx *f;
	struct unl_timer *t;
	int64_t at;
	bool gone;
};

static int64_t many_last;
static int many_run;

static void many_cb(struct unl_timer *t, void *data)
{
	struct many *m = data;

	(void)t;
	assert_false(m->gone);
	assert_true(m->at >= many_last);
	many_last = m->at;
	many_run++;
}

static void test_many(void **state)
{
	struct fx *f = *state;
	enum { N = 20000 };
	struct many *m = calloc(N, sizeof(*m));
	uint32_t x = 12345;
	int live = 0;

	assert_non_null(m);
	unl_net_lock(f->net);
	for (int i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		m[i].f = f;
		m[i].at = f->now + (int64_t)(x >> 8) % (100 * SEC);
		assert_int_equal(unl_timer_new(f->net, many_cb, &m[i], &m[i].t),
				 0);
		unl_timer_mod(m[i].t, m[i].at);
	}
	for (int i = 0; i < N; i++) {
		if (i % 3 == 0) {
			unl_timer_del(m[i].t);
			m[i].gone = true;
		} else if (i % 3 == 1) {
			m[i].at = f->now + (int64_t)(N - i) * 5000;
			unl_timer_mod(m[i].t, m[i].at);
		}
		live += !m[i].gone;
	}
	unl_net_unlock(f->net);
	many_last = 0;
	many_run = 0;
	f->now += 50 * SEC;
	unl_net_run_timers(f->net);
	f->now += 50 * SEC;
	unl_net_run_timers(f->net);
	assert_int_equal(many_run, live);
	unl_net_lock(f->net);
	for (int i = 0; i < N; i++)
		unl_timer_free(m[i].t);
	unl_net_unlock(f->net);
	free(m);
}

/* Entering the net runs what is due: here, opening a socket. */
static void test_lazy(void **state)
{
	struct fx *f = *state;
	struct unl_sock *sk;
	struct tid d;

	mk(f, &d, 1, record);
	arm(f, &d, f->now + 1 * SEC);
	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_USERSOCK, NULL,
				    &sk),
			 0);
	assert_int_equal(f->norder, 0);
	f->now += 1 * SEC;
	unl_poll(sk);
	assert_int_equal(f->norder, 1);
	unl_close(sk);
	release(f, &d, 1);
}

/* ---- on the real clock ---- */

/* A kernel protocol whose timer broadcasts to group 1. */
static struct unl_sock *bcast_ksk;

static void bcast_input(struct unl_skb *skb)
{
	(void)skb;
}

static void bcast(struct unl_timer *t, void *data)
{
	struct unl_skb *skb = unl_nlmsg_new(4);
	struct nlmsghdr *nlh;

	(void)t;
	(void)data;
	assert_non_null(skb);
	nlh = unl_nlmsg_put(skb, 0, 0, 0x20, 4, 0);
	assert_non_null(nlh);
	unl_nlmsg_end(skb, nlh);
	unl_broadcast(bcast_ksk, skb, 0, 1);
}

static struct unl_sock *listener(struct unl_net *net)
{
	struct unl_kernel_cfg cfg = { .groups = 1, .input = bcast_input };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct unl_sock *sk;

	unl_net_lock(net);
	assert_int_equal(unl_kernel_create(net, TEST_PROTO, &cfg, &bcast_ksk),
			 0);
	unl_net_unlock(net);
	assert_int_equal(unl_socket(net, SOCK_RAW, TEST_PROTO, &root, &sk), 0);
	assert_int_equal(unl_bind(sk, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return sk;
}

/* The timerfd is readable once a timer is due, and no longer after the
 * timers ran. */
static void test_timerfd(void **state)
{
	struct unl_net *net;
	struct unl_timer *t;
	struct pollfd pfd = { .events = POLLIN };
	struct unl_sock *sk;
	uint8_t buf[64];

	(void)state;
	assert_int_equal(unl_net_new(&net), 0);
	sk = listener(net);
	pfd.fd = unl_net_timer_fd(net);
	assert_true(pfd.fd >= 0);
	assert_int_equal(unl_net_timer_fd(net), pfd.fd);
	assert_int_equal(poll(&pfd, 1, 0), 0);

	unl_net_lock(net);
	assert_int_equal(unl_timer_new(net, bcast, NULL, &t), 0);
	unl_timer_mod(t, unl_net_now(net) + 20 * UNL_NSEC_PER_MSEC);
	unl_net_unlock(net);
	assert_int_equal(poll(&pfd, 1, 10000), 1);
	assert_int_equal(unl_net_run_timers(net), 1);
	assert_int_equal(poll(&pfd, 1, 0), 0);
	assert_int_equal(unl_recvfrom(sk, buf, sizeof(buf), MSG_DONTWAIT, NULL,
				      NULL),
			 NLMSG_HDRLEN + 4);

	unl_net_lock(net);
	unl_timer_free(t);
	unl_net_unlock(net);
	unl_close(sk);
	unl_net_free(net);
}

/* A blocking receive gets what a timer sends while it waits: no other
 * call is needed. */
static void test_blocking_recv(void **state)
{
	struct unl_net *net;
	struct unl_timer *t;
	struct unl_sock *sk;
	struct timeval tv = { .tv_sec = 10 };
	uint8_t buf[64];

	(void)state;
	assert_int_equal(unl_net_new(&net), 0);
	sk = listener(net);
	assert_int_equal(unl_setsockopt(sk, SOL_SOCKET, SO_RCVTIMEO, &tv,
					sizeof(tv)),
			 0);
	unl_net_lock(net);
	assert_int_equal(unl_timer_new(net, bcast, NULL, &t), 0);
	unl_timer_mod(t, unl_net_now(net) + 20 * UNL_NSEC_PER_MSEC);
	unl_net_unlock(net);
	assert_int_equal(unl_recvfrom(sk, buf, sizeof(buf), 0, NULL, NULL),
			 NLMSG_HDRLEN + 4);
	unl_net_lock(net);
	unl_timer_free(t);
	unl_net_unlock(net);
	unl_close(sk);
	unl_net_free(net);
}

/* A timer that records the time it runs at in the fixture's order[]
 * (as seconds past the start) and re-arms a second later twice. */
static void record_time(struct unl_timer *t, void *data)
{
	struct tid *d = data;
	int64_t now = unl_net_now(d->f->net);

	assert_true(d->f->norder < 64);
	d->f->order[d->f->norder++] = (int)((now - 1000 * SEC) / SEC);
	if (d->id && d->id--)
		unl_timer_mod(t, now + SEC);
}

/* unl_net_clock_advance(): each timer due on the way runs at its own
 * deadline, in order, re-armed ones too; the clock stays ahead, and
 * the test clock under it still counts; a negative step is EINVAL. */
static void test_clock_advance(void **state)
{
	struct fx *f = *state;
	struct tid d[2];

	mk(f, &d[0], 2, record_time);
	mk(f, &d[1], 0, record_time);
	arm(f, &d[0], 1001 * SEC);
	arm(f, &d[1], 1005 * SEC);
	assert_int_equal(unl_net_clock_advance(f->net, -1), -EINVAL);
	/* past what the clock can hold (fuzz-wire found the overflow) */
	assert_int_equal(unl_net_clock_advance(f->net, INT64_MAX), -EINVAL);
	assert_int_equal(unl_net_clock_advance(f->net, 4 * SEC), 0);
	assert_int_equal(f->norder, 3);
	assert_int_equal(f->order[0], 1);
	assert_int_equal(f->order[1], 2);
	assert_int_equal(f->order[2], 3);
	assert_int_equal(unl_net_timer_timeout(f->net), SEC);
	f->now += SEC;
	assert_int_equal(unl_net_run_timers(f->net), 1);
	assert_int_equal(f->order[3], 5);
	release(f, d, 2);
}

static void count_run(struct unl_timer *t, void *data)
{
	(void)t;
	(*(int *)data)++;
}

/* unl_net_clock_stop(): the clock stands still while real time passes
 * a timer's deadline (its timerfd stays quiet, nothing runs); an
 * advance moves it by exactly that much and runs the timer. */
static void test_clock_stop(void **state)
{
	struct pollfd pfd = { .events = POLLIN };
	struct unl_net *net;
	struct unl_timer *t;
	int64_t t0;
	int runs = 0;

	(void)state;
	assert_int_equal(unl_net_new(&net), 0);
	pfd.fd = unl_net_timer_fd(net);
	assert_true(pfd.fd >= 0);
	unl_net_clock_stop(net);
	unl_net_lock(net);
	t0 = unl_net_now(net);
	assert_int_equal(unl_timer_new(net, count_run, &runs, &t), 0);
	unl_timer_mod(t, t0 + 10 * UNL_NSEC_PER_MSEC);
	unl_net_unlock(net);
	assert_int_equal(poll(&pfd, 1, 50), 0);
	assert_int_equal(unl_net_run_timers(net), 0);
	unl_net_lock(net);
	assert_true(unl_net_now(net) == t0);
	unl_net_unlock(net);
	assert_int_equal(unl_net_clock_advance(net, 10 * UNL_NSEC_PER_MSEC), 0);
	assert_int_equal(runs, 1);
	unl_net_lock(net);
	assert_true(unl_net_now(net) == t0 + 10 * UNL_NSEC_PER_MSEC);
	unl_timer_free(t);
	unl_net_unlock(net);
	unl_net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mod_del, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_changes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rearm_in_callback, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lazy, setup, teardown),
		cmocka_unit_test(test_timerfd),
		cmocka_unit_test(test_blocking_recv),
		cmocka_unit_test_setup_teardown(test_clock_advance, setup,
						teardown),
		cmocka_unit_test(test_clock_stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
