// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Network namespaces through libnl-route, as a C tool would use them,
 * run by libnl-netns.sh in a kernel namespace and under `unetlink run`:
 *
 *   libnl_netns build    make the named nets a and b as `ip netns add`
 *                        does (a child unshares and its net is bound on
 *                        /run/netns/NAME), a veth v0 with its peer v1
 *                        in a (IFLA_NET_NS_FD), nsid 7 for b
 *                        (RTM_NEWNSID), v0 moved into b, both ends up
 *                        with an address in their nets and a route in
 *                        b, each net reached with setns() and a socket
 *                        made there
 *   libnl_netns show     print what each net holds (links with their
 *                        peers' nsids, addresses, routes, nsids), one
 *                        object a line, and check what a user would
 *   libnl_netns denied   as a user without CAP_NET_ADMIN: every change
 *                        is refused with EPERM
 *
 * Lines starting with FAIL are the program's own checks (independent of
 * the kernel) and make it exit 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define NETNS_DIR "/run/netns"

static int failures;

static void check(int ok, const char *what)
{
	if (!ok) {
		failures++;
		printf("FAIL %s\n", what);
	}
}

/* `ip netns add NAME`: a file, and a child's new net bound on it. */
static int netns_add(const char *name)
{
	char path[64];
	int fd, status;
	pid_t pid;

	snprintf(path, sizeof(path), NETNS_DIR "/%s", name);
	if (mkdir(NETNS_DIR, 0755) < 0 && errno != EEXIST)
		return -errno;
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL, 0);
	if (fd < 0)
		return -errno;
	close(fd);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (unshare(CLONE_NEWNET) < 0)
			_exit(1);
		if (mount("/proc/self/ns/net", path, "none", MS_BIND, NULL) < 0)
			_exit(2);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -EPERM;
	return 0;
}

static int netns_fd(const char *name)
{
	char path[64];

	snprintf(path, sizeof(path), NETNS_DIR "/%s", name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* A route socket in the named net (NULL: the initial one, whose handle
 * is init_fd): made there, as a socket belongs to the net current when
 * it was created. */
static struct nl_sock *sock_in(const char *name, int init_fd)
{
	struct nl_sock *sk = nl_socket_alloc();
	int fd = name ? netns_fd(name) : -1;

	if (!sk || (name && (fd < 0 || setns(fd, CLONE_NEWNET) < 0))) {
		printf("FAIL no way into net %s: %s\n", name, strerror(errno));
		exit(1);
	}
	if (nl_connect(sk, NETLINK_ROUTE) < 0) {
		printf("FAIL no route socket in net %s\n", name ? name : "initial");
		exit(1);
	}
	if (name) {
		close(fd);
		if (setns(init_fd, CLONE_NEWNET) < 0) {
			printf("FAIL back to the initial net: %s\n",
			       strerror(errno));
			exit(1);
		}
	}
	return sk;
}

/* RTM_NEWNSID (nsid >= 0) or RTM_GETNSID of the net whose handle is fd:
 * libnl has no call for them.  The nsid, or a libnl error. */
static int nsid_msg(struct nl_sock *sk, int type, int fd, int nsid)
{
	struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct nl_msg *msg = nlmsg_alloc_simple(type, NLM_F_REQUEST |
						       (nsid >= 0 ? NLM_F_ACK : 0));
	struct nlmsghdr *nlh;
	struct nlattr *tb[NETNSA_MAX + 1];
	unsigned char *buf = NULL;
	struct sockaddr_nl who;
	int err, n;

	if (!msg)
		return -NLE_NOMEM;
	/* a request answered by a message gets no ACK after it */
	if (nsid < 0)
		nl_socket_disable_auto_ack(sk);
	err = nlmsg_append(msg, &g, sizeof(g), NLMSG_ALIGNTO);
	if (!err && nsid >= 0)
		err = nla_put_s32(msg, NETNSA_NSID, nsid);
	if (!err)
		err = nla_put_u32(msg, NETNSA_FD, (uint32_t)fd);
	if (!err)
		err = nl_send_auto(sk, msg);
	nl_socket_enable_auto_ack(sk);
	nlmsg_free(msg);
	if (err < 0)
		return err;
	if (nsid >= 0)
		return nl_wait_for_ack(sk);
	n = nl_recv(sk, &who, &buf, NULL);
	if (n <= 0)
		return n < 0 ? n : -NLE_MSG_TRUNC;
	nlh = (struct nlmsghdr *)buf;
	err = -NLE_MSG_TRUNC;
	if (nlh->nlmsg_type == NLMSG_ERROR)
		err = nl_syserr2nlerr(-((struct nlmsgerr *)nlmsg_data(nlh))->error);
	else if (nlmsg_parse(nlh, sizeof(g), tb, NETNSA_MAX, NULL) == 0 &&
		 tb[NETNSA_NSID])
		err = nla_get_s32(tb[NETNSA_NSID]);
	free(buf);
	return err;
}

static int link_up(struct nl_sock *sk, const char *name)
{
	struct rtnl_link *l, *change = rtnl_link_alloc();
	int err = rtnl_link_get_kernel(sk, 0, name, &l);

	if (err < 0 || !change)
		return err < 0 ? err : -NLE_NOMEM;
	rtnl_link_set_flags(change, IFF_UP);
	err = rtnl_link_change(sk, l, change, 0);
	rtnl_link_put(l);
	rtnl_link_put(change);
	return err;
}

static int addr_add(struct nl_sock *sk, const char *dev, const char *cidr)
{
	struct rtnl_addr *a = rtnl_addr_alloc();
	struct nl_addr *local;
	int ifindex, err;
	struct nl_cache *links;

	err = rtnl_link_alloc_cache(sk, AF_UNSPEC, &links);
	if (err < 0)
		return err;
	ifindex = rtnl_link_name2i(links, dev);
	nl_cache_free(links);
	err = nl_addr_parse(cidr, AF_INET, &local);
	if (err < 0)
		return err;
	rtnl_addr_set_ifindex(a, ifindex);
	rtnl_addr_set_local(a, local);
	err = rtnl_addr_add(sk, a, 0);
	nl_addr_put(local);
	rtnl_addr_put(a);
	return err;
}

static int route_add(struct nl_sock *sk, const char *dst, const char *via)
{
	struct rtnl_route *r = rtnl_route_alloc();
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	struct nl_addr *d, *g;
	int err = nl_addr_parse(dst, AF_INET, &d);

	if (err < 0)
		return err;
	err = nl_addr_parse(via, AF_INET, &g);
	if (err < 0)
		return err;
	rtnl_route_set_dst(r, d);
	rtnl_route_nh_set_gateway(nh, g);
	rtnl_route_add_nexthop(r, nh);
	err = rtnl_route_add(sk, r, NLM_F_CREATE | NLM_F_EXCL);
	nl_addr_put(d);
	nl_addr_put(g);
	rtnl_route_put(r);
	return err;
}

static void step(const char *what, int err)
{
	printf("%s -> %s\n", what, err < 0 ? nl_geterror(err) : "ok");
	check(err >= 0, what);
}

static int build(int init_fd)
{
	struct nl_sock *sk = sock_in(NULL, init_fd), *ska, *skb;
	struct rtnl_link *veth, *peer, *v0, *change;
	int fda, fdb, err;

	step("netns add a", netns_add("a"));
	step("netns add b", netns_add("b"));
	fda = netns_fd("a");
	fdb = netns_fd("b");
	check(fda >= 0 && fdb >= 0, "the names open");

	/* v0 here, its peer v1 in a */
	veth = rtnl_link_veth_alloc();
	rtnl_link_set_name(veth, "v0");
	peer = rtnl_link_veth_get_peer(veth); /* a reference of ours */
	rtnl_link_set_name(peer, "v1");
	rtnl_link_set_ns_fd(peer, fda);
	step("veth v0 with v1 in a", rtnl_link_add(sk, veth, NLM_F_CREATE | NLM_F_EXCL));
	rtnl_link_put(peer);
	rtnl_link_veth_release(veth);
	step("nsid 7 for b", nsid_msg(sk, RTM_NEWNSID, fdb, 7));
	step("nsid 7 for b again", nsid_msg(sk, RTM_NEWNSID, fdb, 7) == -NLE_EXIST ? 0 : -NLE_FAILURE);

	/* v0 into b */
	err = rtnl_link_get_kernel(sk, 0, "v0", &v0);
	change = rtnl_link_alloc();
	if (!err) {
		rtnl_link_set_ns_fd(change, fdb);
		err = rtnl_link_change(sk, v0, change, 0);
		rtnl_link_put(v0);
	}
	rtnl_link_put(change);
	step("v0 into b", err);

	ska = sock_in("a", init_fd);
	skb = sock_in("b", init_fd);
	step("v1 up in a", link_up(ska, "v1"));
	step("v0 up in b", link_up(skb, "v0"));
	step("10.0.0.1/24 on v1 in a", addr_add(ska, "v1", "10.0.0.1/24"));
	step("10.0.0.2/24 on v0 in b", addr_add(skb, "v0", "10.0.0.2/24"));
	step("192.0.2.0/24 via 10.0.0.1 in b", route_add(skb, "192.0.2.0/24", "10.0.0.1"));
	nl_socket_free(ska);
	nl_socket_free(skb);
	nl_socket_free(sk);
	close(fda);
	close(fdb);
	return 0;
}

/* One net's links, addresses and IPv4 routes, one a line. */
static void show_net(const char *name, int init_fd)
{
	struct nl_sock *sk = sock_in(name, init_fd);
	struct nl_cache *links, *addrs, *routes;
	struct nl_object *o;
	char buf[128], lbuf[64];

	if (rtnl_link_alloc_cache(sk, AF_UNSPEC, &links) < 0 ||
	    rtnl_addr_alloc_cache(sk, &addrs) < 0 ||
	    rtnl_route_alloc_cache(sk, AF_INET, 0, &routes) < 0) {
		printf("FAIL caches of net %s\n", name ? name : "initial");
		exit(1);
	}
	name = name ? name : "initial";
	for (o = nl_cache_get_first(links); o; o = nl_cache_get_next(o)) {
		struct rtnl_link *l = (struct rtnl_link *)o;
		int32_t nsid = -1;
		int has = rtnl_link_get_link_netnsid(l, &nsid) == 0;

		printf("%s link %d %s kind=%s up=%d peer=%d netnsid=%s%d\n", name,
		       rtnl_link_get_ifindex(l), rtnl_link_get_name(l),
		       rtnl_link_get_type(l) ? rtnl_link_get_type(l) : "-",
		       !!(rtnl_link_get_flags(l) & IFF_UP),
		       rtnl_link_get_link(l), has ? "" : "none:", has ? nsid : 0);
	}
	for (o = nl_cache_get_first(addrs); o; o = nl_cache_get_next(o)) {
		struct rtnl_addr *a = (struct rtnl_addr *)o;

		if (rtnl_addr_get_family(a) != AF_INET)
			continue;
		printf("%s addr %s dev %s label %s\n", name,
		       nl_addr2str(rtnl_addr_get_local(a), buf, sizeof(buf)),
		       rtnl_link_i2name(links, rtnl_addr_get_ifindex(a), lbuf,
					sizeof(lbuf)),
		       rtnl_addr_get_label(a) ? rtnl_addr_get_label(a) : "-");
	}
	for (o = nl_cache_get_first(routes); o; o = nl_cache_get_next(o)) {
		struct rtnl_route *r = (struct rtnl_route *)o;

		if (rtnl_route_get_table(r) != RT_TABLE_MAIN)
			continue;
		printf("%s route %s\n", name,
		       nl_addr2str(rtnl_route_get_dst(r), buf, sizeof(buf)));
	}
	nl_cache_free(routes);
	nl_cache_free(addrs);
	nl_cache_free(links);
	nl_socket_free(sk);
}

/* The link of net's device dev: its peer's nsid there (-1: none). */
static int link_netnsid(const char *net, const char *dev, int init_fd)
{
	struct nl_sock *sk = sock_in(net, init_fd);
	struct rtnl_link *l;
	int32_t nsid = -1;

	if (rtnl_link_get_kernel(sk, 0, dev, &l) == 0) {
		if (rtnl_link_get_link_netnsid(l, &nsid) < 0)
			nsid = -1;
		rtnl_link_put(l);
	} else {
		nsid = -2;
	}
	nl_socket_free(sk);
	return nsid;
}

static int show(int init_fd)
{
	struct nl_sock *sk = sock_in(NULL, init_fd), *skb;
	struct rtnl_link *l;
	int fda = netns_fd("a"), fdb = netns_fd("b"), b_of_a;

	show_net(NULL, init_fd);
	show_net("a", init_fd);
	show_net("b", init_fd);
	printf("initial nsid of a %d, of b %d\n",
	       nsid_msg(sk, RTM_GETNSID, fda, -1),
	       nsid_msg(sk, RTM_GETNSID, fdb, -1));
	check(nsid_msg(sk, RTM_GETNSID, fdb, -1) == 7, "the initial net names b 7");
	check(rtnl_link_get_kernel(sk, 0, "v0", &l) < 0, "v0 left the initial net");
	skb = sock_in("b", init_fd);
	b_of_a = nsid_msg(skb, RTM_GETNSID, fda, -1);
	printf("b nsid of a %d\n", b_of_a);
	check(b_of_a >= 0 && link_netnsid("b", "v0", init_fd) == b_of_a,
	      "v0 in b names its peer's net a by b's nsid for a");
	check(link_netnsid("a", "v1", init_fd) >= 0, "v1 in a names its peer's net");
	nl_socket_free(skb);
	nl_socket_free(sk);
	close(fda);
	close(fdb);
	return 0;
}

static int denied(int init_fd)
{
	struct nl_sock *sk = sock_in(NULL, init_fd);
	struct rtnl_link *veth = rtnl_link_veth_alloc();
	int fdb = netns_fd("b");

	rtnl_link_set_name(veth, "v9");
	printf("veth as a user -> %s\n",
	       nl_geterror(rtnl_link_add(sk, veth, NLM_F_CREATE | NLM_F_EXCL)));
	check(rtnl_link_add(sk, veth, NLM_F_CREATE | NLM_F_EXCL) == -NLE_PERM,
	      "an unprivileged link add is refused with EPERM");
	check(nsid_msg(sk, RTM_NEWNSID, fdb, 9) == -NLE_PERM,
	      "an unprivileged RTM_NEWNSID is refused with EPERM");
	check(nsid_msg(sk, RTM_GETNSID, fdb, -1) == 7,
	      "an unprivileged RTM_GETNSID answers");
	rtnl_link_veth_release(veth);
	nl_socket_free(sk);
	close(fdb);
	return 0;
}

int main(int argc, char **argv)
{
	int init_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 2 || init_fd < 0) {
		fprintf(stderr, "usage: libnl_netns build|show|denied\n");
		return 2;
	}
	if (!strcmp(argv[1], "build"))
		build(init_fd);
	else if (!strcmp(argv[1], "show"))
		show(init_fd);
	else if (!strcmp(argv[1], "denied"))
		denied(init_fd);
	else
		return 2;
	return failures ? 1 : 0;
}
