// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Link kinds in process: what each kind's rtnl_link_ops takes, refuses
 * and reports, and the events it causes.  Bridges are also compared
 * with the kernel by tests/rtnl-diff; dummy and vlan (8021q) are absent
 * from the reference kernel, so what is checked of them here follows
 * Linux 6.18's source (drivers/net/dummy.c, net/8021q), as do the
 * bridge's VLAN filtering tests (CONFIG_BRIDGE_VLAN_FILTERING is off on
 * the reference kernel).
 */
#include "rtnl_helpers.h"

#include <linux/if_bridge.h>

static int link_setup(void **state)
{
	uint32_t one = 1;
	struct fx *f;

	setup(state);
	f = *state;
	unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return 0;
}

static int dummy_add(struct fx *f, const char *name)
{
	struct req r;

	link_req(&r, name, NULL, true);
	req_str(&r, IFLA_INFO_KIND, "dummy");
	link_req_end(&r);
	return do_req(f, &r);
}

/* veth and dummy have no changelink: IFLA_INFO_DATA for an existing
 * device is refused (rtnl_changelink()), even empty; so is data of
 * another kind than the device's, or without a kind. */
static void test_changelink_none(void **state)
{
	struct fx *f = *state;
	struct req r;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(dummy_add(f, "d0"), 0);
	link_req(&r, "v0", "veth", false);
	link_req_end(&r);
	check_req(f, &r, -EOPNOTSUPP, "");
	link_req(&r, "d0", "dummy", false);
	link_req_end(&r);
	check_req(f, &r, -EOPNOTSUPP, "");
	link_req(&r, "v0", "dummy", false);
	link_req_end(&r);
	check_req(f, &r, -EOPNOTSUPP, "");
	link_req(&r, "v0", NULL, false);
	req_nest(&r, IFLA_INFO_DATA);
	link_req_end(&r);
	check_req(f, &r, -EOPNOTSUPP, "");
	/* the kind alone changes nothing and is accepted */
	link_req(&r, "v0", NULL, false);
	req_str(&r, IFLA_INFO_KIND, "veth");
	link_req_end(&r);
	check_req(f, &r, 0, "");
}

/* IFLA_INFO_SLAVE_DATA for a device without a master is refused. */
static void test_slave_data_without_master(void **state)
{
	struct fx *f = *state;
	struct req r;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	link_req(&r, "v0", NULL, false);
	req_str(&r, IFLA_INFO_SLAVE_KIND, "bridge");
	req_nest(&r, IFLA_INFO_SLAVE_DATA);
	link_req_end(&r);
	check_req(f, &r, -EOPNOTSUPP, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_changelink_none,
						link_setup, teardown),
		cmocka_unit_test_setup_teardown(test_slave_data_without_master,
						link_setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
