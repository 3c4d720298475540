// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A client written against libmnl, as network tools are, to run under
 * `unetlink run`:
 *
 *   1. NETLINK_ROUTE: NLMSG_NOOP with NLM_F_ACK, the ack parsed by
 *      mnl_cb_run() (sequence and portid checked by libmnl);
 *   2. NETLINK_ROUTE: RTM_NEWLINK with NLM_F_ACK: EPERM for an
 *      unprivileged user, another answer for root;
 *   3. NETLINK_USERSOCK: a unicast between two sockets, the source portid
 *      checked, poll() readiness and a non-blocking EAGAIN;
 *   4. NETLINK_USERSOCK: a group listener (EPERM unprivileged, as Linux:
 *      USERSOCK has NONROOT_SEND only) and a multicast send.
 *
 * When UNETLINK_SOCKET is set (we run under the shim), every socket must
 * be absent from the kernel's /proc/net/netlink: proof that the shim, not
 * the kernel, served it.  Admin rights (CAP_NET_ADMIN) are expected for
 * root, or as UNL_EXPECT_ADMIN says (the owner of a private daemon has
 * them whatever its uid).  Prints one line per check; exits 0 when all
 * passed, 1 otherwise.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int failures;

static void check(bool ok, const char *what, int err)
{
	printf("%s %s", ok ? "pass" : "FAIL", what);
	if (err)
		printf(" (errno %d %s)", err, strerror(err));
	printf("\n");
	if (!ok)
		failures++;
}

/* The socket's inode must not be one of the kernel's netlink sockets. */
static void check_not_kernel(const struct mnl_socket *nl, const char *what)
{
	char link[64], want[64], line[512], path[64];
	unsigned long ino;
	bool found = false;
	ssize_t n;
	FILE *f;

	if (!getenv("UNETLINK_SOCKET"))
		return;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", mnl_socket_get_fd(nl));
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0 || sscanf((link[n] = '\0', link), "socket:[%lu]", &ino) != 1) {
		check(false, what, errno);
		return;
	}
	snprintf(want, sizeof(want), "%lu", ino);
	f = fopen("/proc/net/netlink", "re");
	if (f) {
		/* The last column is the inode. */
		while (fgets(line, sizeof(line), f)) {
			char *last = NULL;

			for (char *t = strtok(line, " \n"); t; t = strtok(NULL, " \n"))
				last = t;
			if (last && !strcmp(last, want))
				found = true;
		}
		fclose(f);
	}
	check(!found, what, 0);
}

/* Send one request, run the reply through mnl_cb_run(); 0 or errno. */
static int request_ack(struct mnl_socket *nl, uint16_t type, bool body)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	unsigned int seq = (unsigned int)time(NULL);
	unsigned int portid = mnl_socket_get_portid(nl);
	ssize_t n;
	int ret;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	if (body) {
		struct ifinfomsg *ifm =
			mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));

		ifm->ifi_family = AF_UNSPEC;
		mnl_attr_put_strz(nlh, IFLA_IFNAME, "unlmnl0");
	}
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return errno;
	/* The reply is readable as soon as sendto() returns, as in Linux. */
	n = recv(mnl_socket_get_fd(nl), buf, sizeof(buf), MSG_DONTWAIT);
	if (n < 0)
		return errno;
	ret = mnl_cb_run(buf, (size_t)n, seq, portid, NULL, NULL);
	return ret < 0 ? errno : 0;
}

static struct mnl_socket *open_bound(int proto, unsigned int groups, int *err)
{
	struct mnl_socket *nl = mnl_socket_open(proto);

	*err = 0;
	if (!nl) {
		*err = errno;
		return NULL;
	}
	if (mnl_socket_bind(nl, groups, MNL_SOCKET_AUTOPID) < 0) {
		*err = errno;
		mnl_socket_close(nl);
		return NULL;
	}
	return nl;
}

int main(void)
{
	const char *admin = getenv("UNL_EXPECT_ADMIN");
	bool root = admin && *admin ? atoi(admin) != 0 : geteuid() == 0;
	struct mnl_socket *rt, *a, *b, *g;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct sockaddr_nl src, dst = { .nl_family = AF_NETLINK };
	socklen_t slen = sizeof(src);
	struct pollfd p;
	ssize_t n;
	int err;

	printf("# running as uid %u%s, %s\n", (unsigned)geteuid(),
	       getenv("UNETLINK_SOCKET") ? ", under the shim" : "",
	       root ? "admin" : "not admin");

	rt = open_bound(NETLINK_ROUTE, 0, &err);
	check(rt != NULL, "NETLINK_ROUTE socket opened and bound", err);
	if (!rt)
		return 1;
	check_not_kernel(rt, "NETLINK_ROUTE socket is not a kernel socket");
	err = request_ack(rt, NLMSG_NOOP, false);
	check(err == 0, "NLMSG_NOOP|NLM_F_ACK acked with error 0", err);
	err = request_ack(rt, RTM_NEWLINK, true);
	if (root)
		check(err != EPERM && err != 0,
		      "RTM_NEWLINK as admin answered, not EPERM", err);
	else
		check(err == EPERM, "RTM_NEWLINK unprivileged refused with EPERM",
		      err);
	mnl_socket_close(rt);

	/* A USERSOCK pair. */
	a = open_bound(NETLINK_USERSOCK, 0, &err);
	check(a != NULL, "USERSOCK socket a", err);
	b = open_bound(NETLINK_USERSOCK, 0, &err);
	check(b != NULL, "USERSOCK socket b", err);
	if (!a || !b)
		return 1;
	check_not_kernel(a, "USERSOCK socket is not a kernel socket");
	check(mnl_socket_get_portid(a) != mnl_socket_get_portid(b) &&
		      mnl_socket_get_portid(a) != 0,
	      "distinct non-zero portids", 0);

	p.fd = mnl_socket_get_fd(b);
	p.events = POLLIN;
	check(poll(&p, 1, 0) == 0, "b not readable before a send", 0);
	n = recv(mnl_socket_get_fd(b), buf, sizeof(buf), MSG_DONTWAIT);
	check(n < 0 && errno == EAGAIN, "non-blocking recv on empty b: EAGAIN",
	      n < 0 ? errno : 0);

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_MIN_TYPE + 7;
	nlh->nlmsg_seq = 42;
	mnl_attr_put_strz(nlh, 1, "hello through unetlink");
	dst.nl_pid = mnl_socket_get_portid(b);
	n = sendto(mnl_socket_get_fd(a), nlh, nlh->nlmsg_len, 0,
		   (struct sockaddr *)&dst, sizeof(dst));
	check(n == (ssize_t)nlh->nlmsg_len, "unicast a -> b sent",
	      n < 0 ? errno : 0);
	p.revents = 0;
	check(poll(&p, 1, 1000) == 1 && (p.revents & POLLIN),
	      "b readable after the send", 0);
	memset(buf, 0, sizeof(buf));
	n = recvfrom(mnl_socket_get_fd(b), buf, sizeof(buf), 0,
		     (struct sockaddr *)&src, &slen);
	nlh = (struct nlmsghdr *)buf;
	check(n > 0 && mnl_nlmsg_ok(nlh, (int)n) && nlh->nlmsg_seq == 42 &&
		      nlh->nlmsg_type == NLMSG_MIN_TYPE + 7,
	      "b received the message whole", n < 0 ? errno : 0);
	check(n > 0 && src.nl_family == AF_NETLINK &&
		      src.nl_pid == mnl_socket_get_portid(a) && src.nl_groups == 0,
	      "source address is a's portid", 0);
	if (n > 0) {
		struct nlattr *at = mnl_nlmsg_get_payload(nlh);

		check(mnl_attr_validate(at, MNL_TYPE_NUL_STRING) == 0 &&
			      !strcmp(mnl_attr_get_str(at), "hello through unetlink"),
		      "the attribute survived", 0);
	}

	/* A group listener: root only on USERSOCK. */
	g = open_bound(NETLINK_USERSOCK, 1 << 2, &err);
	if (root)
		check(g != NULL, "USERSOCK group 3 listener bound as admin", err);
	else
		check(g == NULL && err == EPERM,
		      "USERSOCK group bind unprivileged: EPERM", err);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_MIN_TYPE;
	dst.nl_pid = 0;
	dst.nl_groups = 1 << 2;
	/* Everybody may send to a USERSOCK group; the unicast leg to portid
	 * 0 then finds no kernel socket: ECONNREFUSED, as in Linux. */
	n = sendto(mnl_socket_get_fd(a), nlh, nlh->nlmsg_len, 0,
		   (struct sockaddr *)&dst, sizeof(dst));
	check(n < 0 && errno == ECONNREFUSED,
	      "multicast to group 3 delivered, then ECONNREFUSED from portid 0",
	      n < 0 ? errno : 0);
	if (g) {
		n = recv(mnl_socket_get_fd(g), buf, sizeof(buf), MSG_DONTWAIT);
		check(n == NLMSG_HDRLEN, "the group listener received it",
		      n < 0 ? errno : 0);
		mnl_socket_close(g);
	}
	mnl_socket_close(a);
	mnl_socket_close(b);
	printf("%s\n", failures ? "FAILED" : "all passed");
	return failures ? 1 : 0;
}
