// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_KOBJECT_UEVENT in the library: the uevents of a net's devices
 * (as Linux 6.18 sends them in a fresh namespace: `ip link add` of a
 * veth pair, a rename, a delete), kept to their net with one sequence
 * number for the world, and injected ones (unl_uevent_inject) as the
 * kernel and as udevd send them.
 */
#include <arpa/inet.h>

#include <unetlink/uevent.h>

#include "rtnl_helpers.h"

/* A listener of group 1 (anyone may be one) and of group 2 when asked. */
static struct unl_sock *listener(struct unl_net *net, uint32_t groups)
{
	struct unl_cred nobody = { .pid = getpid(), .uid = 65534,
				   .gid = 65534 };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = groups };
	struct unl_sock *sk;

	assert_int_equal(unl_socket(net, SOCK_RAW, NETLINK_KOBJECT_UEVENT,
				    &nobody, &sk),
			 0);
	assert_int_equal(unl_bind(sk, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return sk;
}

/* The next uevent's bytes in buf (NUL-separated strings); its length,
 * 0 when none is queued.  *from: the sender's portid. */
static size_t next_uevent(struct unl_sock *sk, char *buf, size_t size,
			  uint32_t *from)
{
	struct sockaddr_nl sa;
	socklen_t salen = sizeof(sa);
	ssize_t n = unl_recvfrom(sk, buf, size, MSG_DONTWAIT,
				 (struct sockaddr *)&sa, &salen);

	if (n < 0) {
		assert_int_equal(n, -EAGAIN);
		return 0;
	}
	if (from)
		*from = sa.nl_pid;
	return (size_t)n;
}

/* The i-th string of a uevent ("" past the end). */
static const char *field(const char *buf, size_t len, int i)
{
	size_t off = 0;

	for (; i > 0 && off < len; i--)
		off += strlen(buf + off) + 1;
	return off < len ? buf + off : "";
}

/* The first strings of every queued uevent, one a line. */
static void heads(struct unl_sock *sk, char *out, size_t size)
{
	char buf[2048];
	size_t n, used = 0;

	out[0] = '\0';
	while ((n = next_uevent(sk, buf, sizeof(buf), NULL)) && used < size)
		used += (size_t)snprintf(out + used, size - used, "%s\n",
					 field(buf, n, 0));
}

static void test_veth_add_rename_delete(void **state)
{
	struct fx *f = *state;
	struct unl_sock *u = listener(f->net, 1);
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	char buf[2048], want[4096], got[4096];
	size_t n, used = 0;
	struct req r;

	assert_int_equal(veth_add(f, "va", "vb"), 0);
	/* the peer first: the device, its properties, then its queues
	 * (one per CPU) */
	n = next_uevent(u, buf, sizeof(buf), NULL);
	assert_string_equal(field(buf, n, 0), "add@/devices/virtual/net/vb");
	assert_string_equal(field(buf, n, 1), "ACTION=add");
	assert_string_equal(field(buf, n, 2), "DEVPATH=/devices/virtual/net/vb");
	assert_string_equal(field(buf, n, 3), "SUBSYSTEM=net");
	assert_string_equal(field(buf, n, 4), "INTERFACE=vb");
	assert_string_equal(field(buf, n, 5), "IFINDEX=2");
	assert_string_equal(field(buf, n, 6), "SEQNUM=1");
	assert_string_equal(field(buf, n, 7), "");
	for (const char *d = "vb"; d; d = strcmp(d, "vb") ? NULL : "va") {
		if (!strcmp(d, "va"))
			used += (size_t)snprintf(want + used, sizeof(want) - used,
						 "add@/devices/virtual/net/va\n");
		for (long q = 0; q < ncpu; q++)
			used += (size_t)snprintf(want + used, sizeof(want) - used,
						 "add@/devices/virtual/net/%s/queues/rx-%ld\n",
						 d, q);
		for (long q = 0; q < ncpu; q++)
			used += (size_t)snprintf(want + used, sizeof(want) - used,
						 "add@/devices/virtual/net/%s/queues/tx-%ld\n",
						 d, q);
	}
	/* veth_init_queues(): one queue of each in use, the device's
	 * first, tx before rx, from the top down */
	for (const char *d = "va"; d; d = strcmp(d, "va") ? NULL : "vb") {
		for (long q = ncpu - 1; q >= 1; q--)
			used += (size_t)snprintf(want + used, sizeof(want) - used,
						 "remove@/devices/virtual/net/%s/queues/tx-%ld\n",
						 d, q);
		for (long q = ncpu - 1; q >= 1; q--)
			used += (size_t)snprintf(want + used, sizeof(want) - used,
						 "remove@/devices/virtual/net/%s/queues/rx-%ld\n",
						 d, q);
	}
	heads(u, got, sizeof(got));
	assert_string_equal(got, want);

	/* a rename: "move", with the old path before the interface */
	{
		struct ifinfomsg *ifm = req_init(&r, RTM_NEWLINK, 0,
						 sizeof(*ifm));

		ifm->ifi_index = 3;
		req_str(&r, IFLA_IFNAME, "vc");
		assert_int_equal(do_req(f, &r), 0);
	}
	n = next_uevent(u, buf, sizeof(buf), NULL);
	assert_string_equal(field(buf, n, 0), "move@/devices/virtual/net/vc");
	assert_string_equal(field(buf, n, 3), "SUBSYSTEM=net");
	assert_string_equal(field(buf, n, 4),
			    "DEVPATH_OLD=/devices/virtual/net/va");
	assert_string_equal(field(buf, n, 5), "INTERFACE=vc");

	/* a delete: each device's queues, then the device */
	{
		struct ifinfomsg *ifm = req_init(&r, RTM_DELLINK, 0,
						 sizeof(*ifm));

		ifm->ifi_index = 3;
		assert_int_equal(do_req(f, &r), 0);
	}
	heads(u, got, sizeof(got));
	assert_string_equal(got,
			    "remove@/devices/virtual/net/vc/queues/rx-0\n"
			    "remove@/devices/virtual/net/vc/queues/tx-0\n"
			    "remove@/devices/virtual/net/vc\n"
			    "remove@/devices/virtual/net/vb/queues/rx-0\n"
			    "remove@/devices/virtual/net/vb/queues/tx-0\n"
			    "remove@/devices/virtual/net/vb\n");
	unl_close(u);
}

/* A tagged uevent stays in its net; the sequence number is the world's. */
static void test_per_net(void **state)
{
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct unl_profile *full;
	struct unl_net_config cfg = { 0 };
	struct unl_sock *here, *there;
	struct unl_world *w;
	struct fx f = { 0 };
	struct unl_net *other;
	char buf[2048];
	size_t n;

	(void)state;
	assert_int_equal(unl_profile_load("full", &full, NULL, 0), 0);
	cfg.profile = full;
	assert_int_equal(unl_world_new(&w), 0);
	assert_int_equal(unl_net_new_in(w, &cfg, &f.net), 0);
	assert_int_equal(unl_net_new_in(w, &cfg, &other), 0);
	unl_profile_unref(full);
	assert_int_equal(unl_socket(f.net, SOCK_RAW, NETLINK_ROUTE, &root,
				    &f.sk),
			 0);
	here = listener(f.net, 1);
	there = listener(other, 1);
	assert_int_equal(veth_add(&f, "va", "vb"), 0);
	assert_int_equal(next_uevent(there, buf, sizeof(buf), NULL), 0);
	n = next_uevent(here, buf, sizeof(buf), NULL);
	assert_string_equal(field(buf, n, 0), "add@/devices/virtual/net/vb");
	/* injected into the other net: the next number of the world */
	assert_int_equal(unl_uevent_inject(other, UNL_UEVENT_GROUP_KERNEL, 0,
					   "ACTION=add\0DEVPATH=/x\0", 22),
			 0);
	n = next_uevent(there, buf, sizeof(buf), NULL);
	assert_string_equal(field(buf, n, 0), "add@/x");
	assert_true(strcmp(field(buf, n, 3), "SEQNUM=1") &&
		    !strncmp(field(buf, n, 3), "SEQNUM=", 7));
	unl_net_free(other);
	unl_net_free(f.net);
	unl_world_free(w);
}

/* As udevd sends: libudev's header, from udevd's portid. */
static void test_inject_udev(void **state)
{
	struct fx *f = *state;
	struct unl_sock *u = listener(f->net, 2);
	static const char props[] = "ACTION=change\0DEVPATH=/devices/d\0"
				    "SUBSYSTEM=usb\0SEQNUM=77\0";
	uint32_t hdr[10], from = 0;
	char buf[2048];
	size_t n;

	assert_int_equal(unl_uevent_inject(f->net, UNL_UEVENT_GROUP_UDEV, 4242,
					   props, sizeof(props) - 1),
			 0);
	n = next_uevent(u, buf, sizeof(buf), &from);
	assert_int_equal(n, 40 + sizeof(props) - 1);
	assert_int_equal(from, 4242);
	assert_string_equal(buf, "libudev");
	memcpy(hdr, buf, sizeof(hdr));
	assert_int_equal(ntohl(hdr[2]), 0xfeedcafe);
	assert_int_equal(hdr[3], 40); /* header_size */
	assert_int_equal(hdr[4], 40); /* properties_off */
	assert_int_equal(hdr[5], sizeof(props) - 1);
	assert_int_not_equal(hdr[6], 0); /* the subsystem's hash */
	assert_int_equal(hdr[7], 0);     /* no devtype */
	assert_memory_equal(buf + 40, props, sizeof(props) - 1);
	unl_close(u);
}

static void test_inject_errors(void **state)
{
	struct fx *f = *state;
	char big[3000];

	assert_int_equal(unl_uevent_inject(f->net, 3, 0, "ACTION=a\0DEVPATH=/\0",
					   20),
			 -EINVAL);
	assert_int_equal(unl_uevent_inject(f->net, 1, 0, "DEVPATH=/\0", 10),
			 -EINVAL);
	assert_int_equal(unl_uevent_inject(f->net, 1, 0, "ACTION=a", 8),
			 -EINVAL);
	memset(big, 'x', sizeof(big));
	memcpy(big, "ACTION=a\0DEVPATH=/\0K=", 21);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(unl_uevent_inject(f->net, 1, 0, big, sizeof(big)),
			 -EMSGSIZE);
	/* nobody listening is no error */
	assert_int_equal(unl_uevent_inject(f->net, 2, 1, "ACTION=a\0DEVPATH=/\0",
					   19),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_veth_add_rename_delete,
						setup, teardown),
		cmocka_unit_test(test_per_net),
		cmocka_unit_test_setup_teardown(test_inject_udev, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_inject_errors, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
