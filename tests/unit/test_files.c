// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The files of a net (include/unetlink/files.h): the text of each file
 * as Linux 6.18 writes it for the same state (the golden lines were read
 * from a kernel in `unshare -n` after the same requests), directories,
 * links, the errnos, and writes with their effects and events.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <linux/netconf.h>

#include <unetlink/files.h>

#include "rtnl_helpers.h"

/* The file at path as a string (REG), or its error. */
static int file_text(struct fx *f, const char *path, char *out, size_t len)
{
	struct unl_file file;
	int err = unl_net_file_get(f->net, path, &file);

	if (err)
		return err;
	assert_int_equal(file.type, UNL_FILE_REG);
	snprintf(out, len, "%.*s", (int)file.len, file.data);
	err = -file.read_err;
	unl_file_release(&file);
	return err;
}

/* Does the directory at path list name? */
static bool dir_has(struct fx *f, const char *path, const char *name)
{
	struct unl_file file;
	bool found = false;

	assert_int_equal(unl_net_file_get(f->net, path, &file), 0);
	assert_int_equal(file.type, UNL_FILE_DIR);
	for (size_t pos = 0; pos < file.len;) {
		const char *e = file.data + pos + 1;

		found |= !strcmp(e, name);
		pos += strlen(e) + 2;
	}
	unl_file_release(&file);
	return found;
}

static void addr4_add(struct fx *f, int ifindex, const char *a, int plen)
{
	struct req r;
	struct ifaddrmsg *ifa = req_init(&r, RTM_NEWADDR,
					 NLM_F_CREATE | NLM_F_EXCL,
					 sizeof(*ifa));
	uint32_t v = 0;

	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_index = (uint32_t)ifindex;
	assert_int_equal(inet_pton(AF_INET, a, &v), 1);
	req_put(&r, IFA_LOCAL, &v, 4);
	req_put(&r, IFA_ADDRESS, &v, 4);
	assert_int_equal(do_req(f, &r), 0);
}

static void test_proc_net_dev(void **state)
{
	struct fx *f = *state;
	char text[4096];

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(file_text(f, "/proc/net/dev", text, sizeof(text)), 0);
	assert_string_equal(
		text,
		"Inter-|   Receive                                                |  Transmit\n"
		" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
		"    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n"
		"    v1:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n"
		"    v0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n");
}

static void test_proc_net_route(void **state)
{
	struct fx *f = *state;
	char text[4096], line[160];
	int v0;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	v0 = link_index(f, "v0");
	assert_int_equal(link_set_flags(f, v0, IFF_UP), 0);
	addr4_add(f, v0, "10.0.0.1", 24);
	assert_int_equal(file_text(f, "/proc/net/route", text, sizeof(text)), 0);
	snprintf(line, sizeof(line), "%-127s\n",
		 "v0\t0000000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0");
	assert_non_null(strstr(text, line));
	/* the header, padded as fib_route_seq_show() pads it */
	assert_int_equal(strchr(text, '\n') - text, 127);
}

/* fib_trie.c's trie after lo comes up: its inner nodes (tnodes with
 * pos/bits) as Linux prints them, main and local one trie while no rule
 * parts them, and the statistics of the same trie. */
static void test_proc_net_fib_trie(void **state)
{
	static const char trie[] = "  +-- 127.0.0.0/8 2 0 2\n"
				   "     +-- 127.0.0.0/31 1 0 0\n"
				   "        |-- 127.0.0.0\n"
				   "           /8 host LOCAL\n"
				   "        |-- 127.0.0.1\n"
				   "           /32 host LOCAL\n"
				   "     |-- 127.255.255.255\n"
				   "        /32 link BROADCAST\n";
	static const char stat[] = "\tAver depth:     1.66\n"
				   "\tMax depth:      2\n"
				   "\tLeaves:         3\n"
				   "\tPrefixes:       3\n"
				   "\tInternal nodes: 2\n"
				   "\t  1: 1  2: 1\n"
				   "\tPointers: 6\n"
				   "Null ptrs: 2\n"
				   "Total size: 1  kB\n";
	struct fx *f = *state;
	char text[4096], want[4096];

	/* no table yet: nothing at all */
	assert_int_equal(file_text(f, "/proc/net/fib_trie", text, sizeof(text)),
			 0);
	assert_string_equal(text, "");
	assert_int_equal(link_set_flags(f, 1, IFF_UP), 0);
	assert_int_equal(file_text(f, "/proc/net/fib_trie", text, sizeof(text)),
			 0);
	snprintf(want, sizeof(want), "Main:\n%sLocal:\n%s", trie, trie);
	assert_string_equal(text, want);
	assert_int_equal(file_text(f, "/proc/net/fib_triestat", text,
				   sizeof(text)),
			 0);
	snprintf(want, sizeof(want),
		 "Basic info: size of leaf: 48 bytes, size of tnode: 40 "
		 "bytes.\nMain:\n%sLocal:\n%s",
		 stat, stat);
	assert_string_equal(text, want);
}

static void test_if_inet6_lo(void **state)
{
	struct fx *f = *state;
	char text[4096];

	assert_int_equal(link_set_flags(f, 1, IFF_UP), 0);
	assert_int_equal(file_text(f, "/proc/net/if_inet6", text, sizeof(text)),
			 0);
	assert_string_equal(
		text, "00000000000000000000000000000001 01 80 10 80       lo\n");
}

static void test_igmp6_and_dev_mcast(void **state)
{
	struct fx *f = *state;
	char text[4096];

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(link_set_flags(f, 1, IFF_UP), 0);
	assert_int_equal(file_text(f, "/proc/net/igmp6", text, sizeof(text)), 0);
	/* ipv6_add_dev()'s joins, newest first, as Linux 6.18 lists them */
	assert_string_equal(
		text,
		"1    lo              ff020000000000000000000000000001     1 0000000C 0\n"
		"1    lo              ff010000000000000000000000000001     1 00000008 0\n"
		"2    v1              ff020000000000000000000000000001     1 0000000C 0\n"
		"2    v1              ff010000000000000000000000000001     1 00000008 0\n"
		"3    v0              ff020000000000000000000000000001     1 0000000C 0\n"
		"3    v0              ff010000000000000000000000000001     1 00000008 0\n");
	assert_int_equal(file_text(f, "/proc/net/dev_mcast", text, sizeof(text)),
			 0);
	assert_string_equal(text,
			    "2    v1              1     0     333300000001\n"
			    "3    v0              1     0     333300000001\n");
	assert_int_equal(file_text(f, "/proc/net/igmp", text, sizeof(text)), 0);
	assert_string_equal(text,
			    "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n"
			    "1\tlo        :     1      V3\n"
			    "\t\t\t\t010000E0     1 0:00000000\t\t0\n");
}

static void test_sysfs(void **state)
{
	struct fx *f = *state;
	struct unl_file file;
	char text[256];

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_true(dir_has(f, "/sys/class/net", "v0"));
	assert_int_equal(unl_net_file_get(f->net, "/sys/class/net/v0", &file),
			 0);
	assert_int_equal(file.type, UNL_FILE_LNK);
	assert_string_equal(file.data, "../../devices/virtual/net/v0");
	unl_file_release(&file);
	assert_true(dir_has(f, "/sys/devices/virtual/net/v0", "statistics"));
	assert_int_equal(file_text(f, "/sys/class/net/v0/mtu", text,
				   sizeof(text)),
			 0);
	assert_string_equal(text, "1500\n");
	assert_int_equal(file_text(f, "/sys/class/net/lo/type", text,
				   sizeof(text)),
			 0);
	assert_string_equal(text, "772\n");
	/* net-sysfs.c: a device that is not running has no carrier */
	assert_int_equal(file_text(f, "/sys/class/net/v0/carrier", text,
				   sizeof(text)),
			 -EINVAL);
	assert_int_equal(file_text(f, "/sys/class/net/v0/operstate", text,
				   sizeof(text)),
			 0);
	assert_string_equal(text, "down\n");
	assert_int_equal(unl_net_file_get(f->net, "/sys/class/net/nope",
					  &file),
			 -ENOENT);
	assert_int_equal(unl_net_file_get(f->net, "/proc/net/tcp", &file),
			 -EXDEV);
}

static void test_sysfs_mtu_write(void **state)
{
	struct fx *f = *state;
	struct unl_cred admin = { .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct unl_cred nobody = { .uid = 65534 };
	const char *mtu = "/sys/class/net/v0/mtu";
	char text[64];

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	collect(f->mon);
	assert_int_equal(unl_net_file_write(f->net, &nobody, mtu, "1400\n", 5),
			 -EPERM);
	assert_int_equal(unl_net_file_may_write(f->net, &nobody, mtu), -EACCES);
	assert_int_equal(unl_net_file_write(f->net, &admin, mtu, "70000", 5),
			 -EINVAL);
	assert_int_equal(unl_net_file_write(f->net, &admin, mtu, "x", 1),
			 -EINVAL);
	assert_int_equal(unl_net_file_write(f->net, &admin, mtu, "1400\n", 5),
			 5);
	assert_int_equal(file_text(f, mtu, text, sizeof(text)), 0);
	assert_string_equal(text, "1400\n");
	/* NETDEV_CHANGEMTU's RTM_NEWLINK */
	assert_true(collect(f->mon) >= 1);
	assert_int_equal(collected_msg(0)->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(unl_net_file_may_write(f->net, &admin,
						"/sys/class/net/v0/ifindex"),
			 -EACCES);
}

/* The line after the header line of section tag in text, or NULL. */
static const char *snmp_values(const char *text, const char *tag)
{
	const char *p = strstr(text, tag);

	p = p ? strchr(p, '\n') : NULL;
	return p ? p + 1 : NULL;
}

static void test_proc_net_snmp(void **state)
{
	struct fx *f = *state;
	struct unl_cred admin = { .caps = UNL_CAP(CAP_NET_ADMIN) };
	char text[16384];

	assert_int_equal(file_text(f, "/proc/net/snmp", text, sizeof(text)), 0);
	assert_int_equal(strncmp(text, "Ip: Forwarding DefaultTTL InReceives ",
				 37),
			 0);
	/* not forwarding: 2 (RFC 1213); the default TTL; Tcp's settings */
	assert_int_equal(strncmp(snmp_values(text, "Ip: "), "Ip: 2 64 0 0 ", 13),
			 0);
	assert_int_equal(strncmp(snmp_values(text, "Tcp: "),
				 "Tcp: 1 200 120000 -1 0 0 0 0 0 0 0 0 0 0 0\nUdp",
				 46),
			 0);
	/* no ICMP message counted: no IcmpMsg section */
	assert_null(strstr(text, "IcmpMsg"));
	assert_int_equal(unl_net_file_write(f->net, &admin,
					    "/proc/sys/net/ipv4/ip_forward",
					    "1\n", 2),
			 2);
	assert_int_equal(file_text(f, "/proc/net/snmp", text, sizeof(text)), 0);
	assert_int_equal(strncmp(snmp_values(text, "Ip: "), "Ip: 1 64 0 ", 11),
			 0);
	assert_int_equal(file_text(f, "/proc/net/netstat", text, sizeof(text)),
			 0);
	assert_int_equal(strncmp(text, "TcpExt: SyncookiesSent ", 23), 0);
	assert_non_null(strstr(text, "\nIpExt: 0 0 0 "));
	assert_int_equal(file_text(f, "/proc/net/snmp6", text, sizeof(text)), 0);
	assert_int_equal(strncmp(text,
				 "Ip6InReceives                   \t0\n"
				 "Ip6InHdrErrors                  \t0\n",
				 70),
			 0);
}

/* The neighbour tables' parameters: every device's, Linux's defaults
 * (the model keeps none), no "default" outside the initial namespace,
 * writes refused rather than ignored. */
static void test_sysctl_neigh(void **state)
{
	struct fx *f = *state;
	struct unl_cred admin = { .caps = UNL_CAP(CAP_NET_ADMIN) };
	const char *solicit = "/proc/sys/net/ipv4/neigh/v0/mcast_solicit";
	char text[64];

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_true(dir_has(f, "/proc/sys/net/ipv4/neigh", "v0"));
	assert_true(dir_has(f, "/proc/sys/net/ipv6/neigh", "lo"));
	assert_false(dir_has(f, "/proc/sys/net/ipv4/neigh", "default"));
	assert_true(dir_has(f, "/proc/sys/net/ipv6/neigh/v1",
			    "unres_qlen_bytes"));
	assert_int_equal(file_text(f, solicit, text, sizeof(text)), 0);
	assert_string_equal(text, "3\n");
	/* arp_tbl locks an entry for a second, nd_tbl not at all */
	assert_int_equal(file_text(f, "/proc/sys/net/ipv4/neigh/lo/locktime",
				   text, sizeof(text)),
			 0);
	assert_string_equal(text, "100\n");
	assert_int_equal(file_text(f, "/proc/sys/net/ipv6/neigh/lo/locktime",
				   text, sizeof(text)),
			 0);
	assert_string_equal(text, "0\n");
	assert_int_equal(file_text(f, "/proc/sys/net/ipv4/neigh/v9/locktime",
				   text, sizeof(text)),
			 -ENOENT);
	assert_int_equal(file_text(f, "/proc/sys/net/ipv4/neigh/v0/nope", text,
				   sizeof(text)),
			 -ENOENT);
	assert_int_equal(unl_net_file_may_write(f->net, &admin, solicit), 0);
	/* stored per device, as its handler converts it */
	assert_int_equal(unl_net_file_write(f->net, &admin, solicit, "5\n", 2),
			 2);
	assert_int_equal(file_text(f, solicit, text, sizeof(text)), 0);
	assert_string_equal(text, "5\n");
	assert_int_equal(file_text(f, "/proc/sys/net/ipv4/neigh/v1/mcast_solicit",
				   text, sizeof(text)),
			 0);
	assert_string_equal(text, "3\n");
	assert_int_equal(unl_net_file_write(f->net, &admin, solicit, "-1", 2),
			 -EINVAL);
	/* one variable, three files: seconds, milliseconds */
	assert_int_equal(
		unl_net_file_write(f->net, &admin,
				   "/proc/sys/net/ipv4/neigh/v0/base_reachable_time_ms",
				   "45000", 5),
		5);
	assert_int_equal(
		file_text(f, "/proc/sys/net/ipv4/neigh/v0/base_reachable_time",
			  text, sizeof(text)),
		0);
	assert_string_equal(text, "45\n");
	/* unres_qlen counts packets of SKB_TRUESIZE(ETH_FRAME_LEN) */
	assert_int_equal(
		unl_net_file_write(f->net, &admin,
				   "/proc/sys/net/ipv6/neigh/v0/unres_qlen",
				   "10", 2),
		2);
	assert_int_equal(
		file_text(f, "/proc/sys/net/ipv6/neigh/v0/unres_qlen_bytes",
			  text, sizeof(text)),
		0);
	assert_string_equal(text, "20900\n");
	assert_int_equal(
		unl_net_file_write(f->net, &admin,
				   "/proc/sys/net/ipv6/neigh/v0/interval_probe_time_ms",
				   "0", 1),
		-EINVAL);
}

static void test_sysctl_forwarding(void **state)
{
	struct fx *f = *state;
	struct unl_cred admin = { .caps = UNL_CAP(CAP_NET_ADMIN) };
	int group = RTNLGRP_IPV4_NETCONF;
	const char *all = "/proc/sys/net/ipv4/conf/all/forwarding";
	char text[64];

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(unl_setsockopt(f->mon, SOL_NETLINK,
				       NETLINK_ADD_MEMBERSHIP, &group,
				       sizeof(group)),
			 0);
	collect(f->mon);
	assert_true(dir_has(f, "/proc/sys/net/ipv4/conf", "v0"));
	assert_true(dir_has(f, "/proc/sys/net/ipv6/conf/v0", "disable_ipv6"));
	assert_int_equal(unl_net_file_write(f->net, &admin, all, "1\n", 2), 2);
	assert_int_equal(file_text(f, "/proc/sys/net/ipv4/conf/v1/forwarding",
				   text, sizeof(text)),
			 0);
	assert_string_equal(text, "1\n");
	assert_int_equal(file_text(f, "/proc/sys/net/ipv4/ip_forward", text,
				   sizeof(text)),
			 0);
	assert_string_equal(text, "1\n");
	/* inet_forward_change(): all, default, then lo, v1, v0 */
	assert_int_equal(collect(f->mon), 5);
	assert_int_equal(collected_msg(0)->nlmsg_type, RTM_NEWNETCONF);
	/* the same value again moves nothing */
	assert_int_equal(unl_net_file_write(f->net, &admin, all, "1", 1), 1);
	assert_int_equal(collect(f->mon), 0);
	/* use_tempaddr shapes addresses from router advertisements, which
	 * never come: stored and read back, as Linux visibly does */
	assert_int_equal(unl_net_file_write(f->net, &admin,
					    "/proc/sys/net/ipv6/conf/v0/use_tempaddr",
					    "1", 1),
			 1);
	assert_int_equal(file_text(f, "/proc/sys/net/ipv6/conf/v0/use_tempaddr",
				   text, sizeof(text)),
			 0);
	assert_string_equal(text, "1\n");
}

/* addrconf_sysctl_stable_secret() and addrconf_sysctl_addr_gen_mode():
 * EIO for "all" and for what is not an address, stable privacy only
 * with a secret, a set secret read back in full. */
static void test_sysctl_stable_secret(void **state)
{
	struct fx *f = *state;
	struct unl_cred admin = { .caps = UNL_CAP(CAP_NET_ADMIN) };
	const char *sec = "/proc/sys/net/ipv6/conf/v0/stable_secret";
	const char *mode = "/proc/sys/net/ipv6/conf/v0/addr_gen_mode";
	char text[64];

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(file_text(f, sec, text, sizeof(text)), -EIO);
	assert_int_equal(unl_net_file_write(f->net, &admin, mode, "2", 1),
			 -EINVAL);
	assert_int_equal(unl_net_file_write(f->net, &admin, mode, "4", 1),
			 -EINVAL);
	assert_int_equal(unl_net_file_write(f->net, &admin, sec, "x\n", 2),
			 -EIO);
	assert_int_equal(
		unl_net_file_write(f->net, &admin,
				   "/proc/sys/net/ipv6/conf/all/stable_secret",
				   "::1", 3),
		-EIO);
	assert_int_equal(unl_net_file_write(f->net, &admin, sec, "2001:db8::1\n",
					    12),
			 12);
	assert_int_equal(file_text(f, sec, text, sizeof(text)), 0);
	assert_string_equal(text, "2001:0db8:0000:0000:0000:0000:0000:0001\n");
	assert_int_equal(file_text(f, mode, text, sizeof(text)), 0);
	assert_string_equal(text, "2\n");
	assert_int_equal(unl_net_file_write(f->net, &admin, mode, "1", 1), 1);
	assert_int_equal(unl_net_file_write(f->net, &admin, mode, "2", 1), 1);
}

/* devinet_conf_proc(): a default reaches the devices whose entry was
 * never written; rp_filter's change is announced. */
static void test_sysctl_conf4(void **state)
{
	struct fx *f = *state;
	struct unl_cred admin = { .caps = UNL_CAP(CAP_NET_ADMIN) };
	int group = RTNLGRP_IPV4_NETCONF;
	char text[64];

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(unl_setsockopt(f->mon, SOL_NETLINK,
				       NETLINK_ADD_MEMBERSHIP, &group,
				       sizeof(group)),
			 0);
	collect(f->mon);
	assert_int_equal(unl_net_file_write(f->net, &admin,
					    "/proc/sys/net/ipv4/conf/v0/arp_ignore",
					    "2", 1),
			 1);
	assert_int_equal(unl_net_file_write(f->net, &admin,
					    "/proc/sys/net/ipv4/conf/default/arp_ignore",
					    "1", 1),
			 1);
	assert_int_equal(file_text(f, "/proc/sys/net/ipv4/conf/v0/arp_ignore",
				   text, sizeof(text)),
			 0);
	assert_string_equal(text, "2\n");
	assert_int_equal(file_text(f, "/proc/sys/net/ipv4/conf/v1/arp_ignore",
				   text, sizeof(text)),
			 0);
	assert_string_equal(text, "1\n");
	assert_int_equal(collect(f->mon), 0);
	assert_int_equal(unl_net_file_write(f->net, &admin,
					    "/proc/sys/net/ipv4/conf/v1/rp_filter",
					    "2\n", 2),
			 2);
	assert_int_equal(collect(f->mon), 1);
	assert_int_equal(collected_msg(0)->nlmsg_type, RTM_NEWNETCONF);
	/* mc_forwarding is the routing daemon's: read-only */
	assert_int_equal(unl_net_file_may_write(f->net, &admin,
						"/proc/sys/net/ipv4/conf/v1/mc_forwarding"),
			 -EACCES);
	/* IPv6's ranges */
	assert_int_equal(unl_net_file_write(f->net, &admin,
					    "/proc/sys/net/ipv6/conf/v1/hop_limit",
					    "0", 1),
			 -EINVAL);
	assert_int_equal(unl_net_file_write(f->net, &admin,
					    "/proc/sys/net/ipv6/conf/v1/mtu",
					    "1501", 4),
			 -EINVAL);
	assert_int_equal(unl_net_file_write(f->net, &admin,
					    "/proc/sys/net/ipv6/conf/v1/mtu",
					    "1400", 4),
			 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_proc_net_dev, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_proc_net_route, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_proc_net_fib_trie, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_if_inet6_lo, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_igmp6_and_dev_mcast, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sysfs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sysfs_mtu_write, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_proc_net_snmp, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sysctl_neigh, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sysctl_forwarding, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sysctl_stable_secret, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sysctl_conf4, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
