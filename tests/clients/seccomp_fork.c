// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Processes a command forks, each judged as itself (docs/seccomp.md,
 * "Identity"): seccomp-fork.sh runs this under `unetlink run --seccomp`
 * and in a kernel `unshare -n`, and compares what it prints.
 *
 *   - a socket's autobound portid is its process's pid, in the parent
 *     and in a forked child;
 *   - a child that gives up root is refused RTM_NEWLINK, and its parent,
 *     still root, is not;
 *   - a descriptor number only the child holds (a namespace file at 500)
 *     names its net in RTM_GETNSID's NETNSA_FD.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		printf("socket: %s\n", strerror(errno));
		exit(1);
	}
	return fd;
}

static void portid_check(const char *who, int fd)
{
	struct sockaddr_nl sa;
	socklen_t l = sizeof(sa);

	if (getsockname(fd, (struct sockaddr *)&sa, &l) < 0) {
		printf("%s getsockname: %s\n", who, strerror(errno));
		return;
	}
	printf("%s portid is its pid: %s\n", who,
	       sa.nl_pid == (unsigned int)getpid() ? "yes" : "no");
}

/* Send one request, return the ACK's error (0, -errno), or for a reply
 * the first message's type in *type. */
static int transact(int fd, void *req, size_t len, int *type, int *nsid)
{
	char buf[8192];
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	ssize_t n;

	if (send(fd, req, len, 0) < 0)
		return -errno;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < (ssize_t)sizeof(*nh))
		return -EIO;
	if (nh->nlmsg_type == NLMSG_ERROR)
		return ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
	*type = nh->nlmsg_type;
	if (nh->nlmsg_type == RTM_NEWNSID) {
		struct rtattr *a = (struct rtattr *)((char *)NLMSG_DATA(nh) +
			NLMSG_ALIGN(sizeof(struct rtgenmsg)));
		int rem = (int)(nh->nlmsg_len - NLMSG_LENGTH(
			NLMSG_ALIGN(sizeof(struct rtgenmsg))));

		for (; RTA_OK(a, rem); a = RTA_NEXT(a, rem))
			if (a->rta_type == NETNSA_NSID)
				memcpy(nsid, RTA_DATA(a), sizeof(*nsid));
	}
	return 0;
}

static void newlink(const char *who, int fd, const char *name)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		char attrs[64];
	} req;
	struct rtattr *a;
	int type = 0, err, nsid;
	size_t off;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_type = RTM_NEWLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
			     NLM_F_EXCL;
	req.ifi.ifi_family = AF_UNSPEC;
	off = NLMSG_LENGTH(sizeof(req.ifi));
	a = (struct rtattr *)((char *)&req + off);
	a->rta_type = IFLA_IFNAME;
	a->rta_len = (unsigned short)RTA_LENGTH(strlen(name) + 1);
	memcpy(RTA_DATA(a), name, strlen(name) + 1);
	off += RTA_ALIGN(a->rta_len);
	a = (struct rtattr *)((char *)&req + off);
	a->rta_type = IFLA_LINKINFO;
	{
		struct rtattr *k = RTA_DATA(a);

		k->rta_type = IFLA_INFO_KIND;
		k->rta_len = (unsigned short)RTA_LENGTH(sizeof("bridge"));
		memcpy(RTA_DATA(k), "bridge", sizeof("bridge"));
		a->rta_len = (unsigned short)RTA_LENGTH(RTA_ALIGN(k->rta_len));
	}
	off += RTA_ALIGN(a->rta_len);
	req.nh.nlmsg_len = (unsigned int)off;
	err = transact(fd, &req, off, &type, &nsid);
	printf("%s RTM_NEWLINK %s: %s\n", who, name,
	       err ? strerror(-err) : "ok");
}

static void getnsid_fd(const char *who, int fd, int nsfd)
{
	struct {
		struct nlmsghdr nh;
		struct rtgenmsg g;
		char pad[3];
		struct rtattr a;
		unsigned int v;
	} req;
	int type = 0, nsid = -100, err;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_type = RTM_GETNSID;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.nh.nlmsg_len = sizeof(req);
	req.g.rtgen_family = AF_UNSPEC;
	req.a.rta_type = NETNSA_FD;
	req.a.rta_len = RTA_LENGTH(sizeof(req.v));
	req.v = (unsigned int)nsfd;
	err = transact(fd, &req, sizeof(req), &type, &nsid);
	if (err)
		printf("%s RTM_GETNSID fd %d: %s\n", who, nsfd, strerror(-err));
	else
		printf("%s RTM_GETNSID fd %d: nsid %d\n", who, nsfd, nsid);
}

static int wait_child(pid_t pid)
{
	int st;

	fflush(stdout);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(void)
{
	int fd = nl_open(), ns;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	portid_check("parent", fd);

	pid = fork();
	if (pid == 0) {
		int cfd = nl_open();

		portid_check("child", cfd);
		ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (ns < 0 || dup2(ns, 500) < 0)
			printf("child: no namespace file: %s\n",
			       strerror(errno));
		getnsid_fd("child", cfd, 500);
		if (setresgid(65534, 65534, 65534) < 0 ||
		    setresuid(65534, 65534, 65534) < 0)
			printf("child setresuid: %s\n", strerror(errno));
		newlink("child", cfd, "unlfk1");
		_exit(0);
	}
	printf("child: status %d\n", wait_child(pid));
	newlink("parent", fd, "unlfk0");
	getnsid_fd("parent", fd, 500);
	return 0;
}
