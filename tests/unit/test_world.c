// SPDX-License-Identifier: LGPL-2.1-or-later
/* Worlds: nets that see each other (ids, nsids, NETLINK_LISTEN_ALL_NSID). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/capability.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>

#include <unetlink/unetlink.h>

struct nsid_event {
	struct unl_net *net, *peer;
	int nsid;
	bool added;
};

static struct nsid_event events[8];
static int nevents;

static void on_nsid(struct unl_net *net, struct unl_net *peer, int nsid,
		    bool added, void *user)
{
	(void)user;
	assert_true(nevents < 8);
	events[nevents++] = (struct nsid_event){ net, peer, nsid, added };
}

static struct unl_net *net_in(struct unl_world *w)
{
	struct unl_net_config cfg = { 0 };
	struct unl_net *net;

	assert_int_equal(unl_profile_load("full", &cfg.profile, NULL, 0), 0);
	assert_int_equal(unl_net_new_in(w, &cfg, &net), 0);
	unl_profile_unref(cfg.profile);
	return net;
}

/* Ids count up from Linux's initial namespace's inode number and are
 * never given twice; a world finds its nets by id. */
static void test_ids(void **state)
{
	struct unl_world *w;
	struct unl_net *a, *b, *c;

	(void)state;
	assert_int_equal(unl_world_new(&w), 0);
	a = net_in(w);
	b = net_in(w);
	assert_int_equal(unl_net_id(a), 0xf0000000u);
	assert_int_equal(unl_net_id(b), 0xf0000001u);
	assert_ptr_equal(unl_net_world(a), w);
	unl_net_lock(a);
	assert_ptr_equal(unl_world_net_by_id(w, unl_net_id(b)), b);
	unl_net_unlock(a);
	unl_net_free(b);
	c = net_in(w);
	assert_int_equal(unl_net_id(c), 0xf0000002u);
	unl_net_lock(a);
	assert_null(unl_world_net_by_id(w, 0xf0000001u));
	unl_net_unlock(a);
	unl_world_free(w);
}

/* peernet2id_alloc() gives the lowest free nsid and announces it;
 * alloc_netid() takes a requested one; a net that goes takes its nsids
 * in other nets with it, each announced. */
static void test_nsids(void **state)
{
	struct unl_world *w;
	struct unl_net *a, *b, *c;

	(void)state;
	nevents = 0;
	assert_int_equal(unl_world_new(&w), 0);
	a = net_in(w);
	b = net_in(w);
	c = net_in(w);
	unl_net_lock(a);
	assert_true(unl_nsid_notifier_add(a, on_nsid, NULL) > 0);
	assert_int_equal(unl_net_peer_id(a, b), NETNSA_NSID_NOT_ASSIGNED);
	assert_int_equal(unl_net_peer_id_set(a, c, 0), 0);
	assert_int_equal(unl_net_peer_id_alloc(a, b), 1);
	assert_int_equal(unl_net_peer_id_alloc(a, b), 1);
	assert_int_equal(nevents, 1);
	assert_ptr_equal(events[0].peer, b);
	assert_int_equal(events[0].nsid, 1);
	assert_true(events[0].added);
	assert_int_equal(unl_net_peer_id_set(a, b, 5), -EEXIST);
	assert_ptr_equal(unl_net_peer_by_id(a, 0), c);
	assert_null(unl_net_peer_by_id(a, 2));
	unl_net_unlock(a);

	unl_net_free(c);
	assert_int_equal(nevents, 2);
	assert_ptr_equal(events[1].net, a);
	assert_int_equal(events[1].nsid, 0);
	assert_false(events[1].added);
	unl_net_lock(a);
	assert_null(unl_net_peer_by_id(a, 0));
	/* the freed id is the lowest free one again */
	assert_int_equal(unl_net_peer_id_alloc(b, a), 0);
	unl_net_unlock(a);
	unl_world_free(w);
}

static struct unl_sock *usersock(struct unl_net *net, uint32_t groups)
{
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) |
					 UNL_CAP(CAP_NET_BROADCAST) };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = groups };
	struct unl_sock *sk;

	assert_int_equal(unl_socket(net, SOCK_RAW, NETLINK_USERSOCK, &root,
				    &sk),
			 0);
	assert_int_equal(unl_bind(sk, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return sk;
}

/* A broadcast reaches a socket of another net only with
 * NETLINK_LISTEN_ALL_NSID and once that net has an nsid for the
 * sender's, which then comes with it as a control message. */
static void test_listen_all_nsid(void **state)
{
	struct unl_world *w;
	struct unl_net *a, *b;
	struct unl_sock *tx, *rx, *plain;
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	char buf[64], ctrl[64];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = ctrl,
			      .msg_controllen = sizeof(ctrl) };
	struct cmsghdr *cm;
	int one = 1;
	struct nlmsghdr nlh = { .nlmsg_len = sizeof(nlh), .nlmsg_type = 0x20 };

	(void)state;
	assert_int_equal(unl_world_new(&w), 0);
	a = net_in(w);
	b = net_in(w);
	tx = usersock(a, 0);
	rx = usersock(b, 1);
	plain = usersock(b, 1);
	assert_int_equal(unl_setsockopt(rx, SOL_NETLINK,
					NETLINK_LISTEN_ALL_NSID, &one,
					sizeof(one)),
			 0);
	/* no nsid for a in b yet: nothing */
	/* the broadcast goes out; the unicast leg to portid 0 finds no
	 * kernel socket on USERSOCK (ECONNREFUSED), as in Linux */
	assert_int_equal(unl_sendto(tx, &nlh, sizeof(nlh), 0,
				    (struct sockaddr *)&to, sizeof(to)),
			 -ECONNREFUSED);
	assert_int_equal(unl_recvfrom(rx, buf, sizeof(buf), MSG_DONTWAIT,
				      NULL, NULL),
			 -EAGAIN);

	unl_net_lock(b);
	assert_int_equal(unl_net_peer_id_set(b, a, 7), 7);
	unl_net_unlock(b);
	/* the broadcast goes out; the unicast leg to portid 0 finds no
	 * kernel socket on USERSOCK (ECONNREFUSED), as in Linux */
	assert_int_equal(unl_sendto(tx, &nlh, sizeof(nlh), 0,
				    (struct sockaddr *)&to, sizeof(to)),
			 -ECONNREFUSED);
	assert_int_equal(unl_recvmsg(rx, &msg, MSG_DONTWAIT), sizeof(nlh));
	cm = CMSG_FIRSTHDR(&msg);
	assert_non_null(cm);
	assert_int_equal(cm->cmsg_level, SOL_NETLINK);
	assert_int_equal(cm->cmsg_type, NETLINK_LISTEN_ALL_NSID);
	assert_int_equal(*(int *)CMSG_DATA(cm), 7);
	/* a socket of b without the option hears nothing of a */
	assert_int_equal(unl_recvfrom(plain, buf, sizeof(buf), MSG_DONTWAIT,
				      NULL, NULL),
			 -EAGAIN);
	unl_world_free(w);
}

/* Nets made without a seed each draw their own (their MAC addresses
 * differ), the same in every world, the first one the default seed; an
 * explicit seed is kept. */
static void test_seeds(void **state)
{
	struct unl_world *w1, *w2;
	struct unl_net *a1, *b1, *a2, *b2, *c;
	struct unl_net_config cfg = { .has_seed = true, .seed = 42 };

	(void)state;
	assert_int_equal(unl_world_new(&w1), 0);
	assert_int_equal(unl_world_new(&w2), 0);
	a1 = net_in(w1);
	b1 = net_in(w1);
	a2 = net_in(w2);
	b2 = net_in(w2);
	assert_true(unl_net_seed(a1) != unl_net_seed(b1));
	assert_true(unl_net_seed(a1) == unl_net_seed(a2));
	assert_true(unl_net_seed(b1) == unl_net_seed(b2));
	assert_int_equal(unl_profile_load("full", &cfg.profile, NULL, 0), 0);
	assert_int_equal(unl_net_new_in(w1, &cfg, &c), 0);
	unl_profile_unref(cfg.profile);
	assert_true(unl_net_seed(c) == 42);
	unl_world_free(w1);
	unl_world_free(w2);
}

/* Who lost an nsid last, in order: the nets told of a dying peer. */
static struct unl_net *losers[4];
static int nlosers;

static void on_nsid_lost(struct unl_net *net, struct unl_net *peer, int nsid,
			 bool added, void *user)
{
	(void)peer;
	(void)nsid;
	(void)user;
	if (!added && nlosers < 4)
		losers[nlosers++] = net;
}

/* Many nets: each found by id, the nsids of one net for all the others
 * counting up, ids freed in the middle given again lowest first, and a
 * dying net's namers told in the order the nets were made, whichever
 * named it first. */
#define MANY 300
static void test_many_nets(void **state)
{
	struct unl_net *n[MANY], *a, *b, *late;
	struct unl_world *w;
	int id;

	(void)state;
	assert_int_equal(unl_world_new(&w), 0);
	for (int i = 0; i < MANY; i++)
		n[i] = net_in(w);
	a = n[0];
	b = n[1];
	unl_net_lock(a);
	for (int i = 0; i < MANY; i++)
		assert_ptr_equal(unl_world_net_by_id(w, unl_net_id(n[i])),
				 n[i]);
	for (int i = 1; i < MANY; i++)
		assert_int_equal(unl_net_peer_id_alloc(a, n[i]), i - 1);
	/* b names n[2] after a did: a, the older net, is still told first */
	assert_int_equal(unl_net_peer_id_alloc(b, n[2]), 0);
	assert_true(unl_nsid_notifier_add(b, on_nsid_lost, NULL) > 0);
	assert_true(unl_nsid_notifier_add(a, on_nsid_lost, NULL) > 0);
	unl_net_unlock(a);

	nlosers = 0;
	unl_net_free(n[2]);
	assert_int_equal(nlosers, 2);
	assert_ptr_equal(losers[0], a);
	assert_ptr_equal(losers[1], b);
	for (int i = 4; i < MANY; i += 2)
		unl_net_free(n[i]);

	unl_net_lock(a);
	for (int i = 3; i < MANY; i += 2) {
		assert_int_equal(unl_net_peer_id(a, n[i]), i - 1);
		assert_ptr_equal(unl_net_peer_by_id(a, i - 1), n[i]);
		assert_ptr_equal(unl_world_net_by_id(w, unl_net_id(n[i])),
				 n[i]);
	}
	assert_null(unl_net_peer_by_id(a, 1));
	assert_null(unl_world_net_by_id(w, unl_net_id(a) + 2));
	/* the walk of the world: oldest first, the freed ones gone */
	id = 0;
	for (struct unl_net *x = unl_world_net_next(w, NULL); x;
	     x = unl_world_net_next(w, x), id++)
		assert_ptr_equal(x, id < 2 ? n[id] : n[2 * id - 1]);
	assert_int_equal(id, 2 + (MANY - 2) / 2);
	unl_net_unlock(a);

	late = net_in(w);
	unl_net_lock(a);
	assert_int_equal(unl_net_peer_id_alloc(a, late), 1);
	assert_int_equal(unl_net_peer_id_set(late, n[3], 5), 5);
	assert_int_equal(unl_net_peer_id_set(late, n[5], 5), -EEXIST);
	assert_int_equal(unl_net_peer_id_set(late, b, 7), 7);
	assert_ptr_equal(unl_net_peer_by_id(late, 7), b);
	assert_ptr_equal(unl_net_peer_by_id(late, 5), n[3]);
	unl_net_unlock(a);
	/* a net that named others goes before them */
	unl_net_free(a);
	unl_net_lock(b);
	assert_ptr_equal(unl_net_peer_by_id(late, 7), b);
	assert_int_equal(unl_net_peer_id(b, late), NETNSA_NSID_NOT_ASSIGNED);
	assert_int_equal(unl_net_peer_id_alloc(b, late), 0);
	unl_net_unlock(b);
	unl_world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_nsids),
		cmocka_unit_test(test_seeds),
		cmocka_unit_test(test_listen_all_nsid),
		cmocka_unit_test(test_many_nets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
