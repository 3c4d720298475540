// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The subcommands of `unetlink` that talk to a running daemon: status
 * (each net and its sockets, as /proc/net/netlink), netns (the named
 * nets), profile (the kernel profile in force), uevent inject, clock
 * advance, capture, fault, monitor and state.  What they share with
 * the rest of the tool is in cli.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/netlink.h>

#include <unetlink/fault.h>
#include <unetlink/profile.h>

#include "cli/capture.h"
#include "cli/cli.h"
#include "cli/monitor.h"
#include "cli/state.h"
#include "wire/wire.h"

/* ---- the help texts of status, netns and profile ---------------- */

static const char status_help[] =
	"Usage: unetlink status [OPTION]...\n"
	"List the daemon's nets (network namespaces), each with its netlink\n"
	"sockets as /proc/net/netlink shows them: a line 'net ID NAME...'\n"
	"('(initial)' for the first net), then the table, then a blank line.\n"
	"\n"
	"  -j, --json          print JSON instead: a list of nets, each with\n"
	"                      its id, names and sockets\n"
	"  -s, --socket PATH   the daemon's socket (default: $UNETLINK_SOCKET,\n"
	"                      else the daemon's default path)\n"
	"  -h, --help          display this help and exit\n"
	"\n"
	"The sk, Locks and Inode columns are synthetic: a socket number, 2 and\n"
	"0.  Exit status: 0 listed, 1 no daemon or a failure, 2 usage error.\n";

static const char netns_help[] =
	"Usage: unetlink netns [list] [OPTION]...\n"
	"       unetlink netns add NAME [OPTION]...\n"
	"       unetlink netns del NAME [OPTION]...\n"
	"The daemon's named network namespaces, what 'ip netns' shows to the\n"
	"programs it serves: list them (one name a line, as 'ip netns list'),\n"
	"make a new net named NAME, or remove the name NAME (the net goes when\n"
	"nothing else holds it).  Needs a running daemon.\n"
	"\n"
	"  -j, --json          list as JSON: name and net id of each\n"
	"  -s, --socket PATH   the daemon's socket (default: $UNETLINK_SOCKET,\n"
	"                      else the daemon's default path)\n"
	"  -h, --help          display this help and exit\n"
	"\n"
	"Exit status: 0 done, 1 no daemon or a failure (NAME taken, missing,\n"
	"no right), 2 usage error.\n";

static const char profile_help[] =
	"Usage: unetlink profile show [OPTION]...\n"
	"       unetlink profile list\n"
	"Print the kernel profile in force: the one --profile names, else\n"
	"the one of the daemon listening at the socket path, else the\n"
	"running kernel's (host).  'list' names the built-in profiles.\n"
	"The format is documented in docs/profiles.md.\n"
	"\n"
	"      --profile P     show P: host, full, minimal, or a file\n"
	"  -j, --json          print JSON instead\n"
	"  -s, --socket PATH   the daemon's socket (default: $UNETLINK_SOCKET,\n"
	"                      else the daemon's default path)\n"
	"  -h, --help          display this help and exit\n";

/* The options of a subcommand that takes only --socket and --help:
 * o->socket set, the help printed and the tool ended on -h; `optstring`
 * "+:s:h" stops at the first operand, ":s:h" takes options anywhere. */
static void socket_opts(int argc, char **argv, const char *optstring,
			const char *help, struct opts *o)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o->socket = optarg;
			break;
		default:
			help_or_bad_option(c, argv, help);
		}
	}
}

/* ---- status ------------------------------------------------------- */

static const char *const proto_names[32] = {
	[NETLINK_ROUTE] = "route",
	[NETLINK_UNUSED] = "unused",
	[NETLINK_USERSOCK] = "usersock",
	[NETLINK_FIREWALL] = "firewall",
	[NETLINK_SOCK_DIAG] = "sock_diag",
	[NETLINK_NFLOG] = "nflog",
	[NETLINK_XFRM] = "xfrm",
	[NETLINK_SELINUX] = "selinux",
	[NETLINK_ISCSI] = "iscsi",
	[NETLINK_AUDIT] = "audit",
	[NETLINK_FIB_LOOKUP] = "fib_lookup",
	[NETLINK_CONNECTOR] = "connector",
	[NETLINK_NETFILTER] = "netfilter",
	[NETLINK_IP6_FW] = "ip6_fw",
	[NETLINK_DNRTMSG] = "dnrtmsg",
	[NETLINK_KOBJECT_UEVENT] = "kobject_uevent",
	[NETLINK_GENERIC] = "generic",
	[NETLINK_SCSITRANSPORT] = "scsitransport",
	[NETLINK_ECRYPTFS] = "ecryptfs",
	[NETLINK_RDMA] = "rdma",
	[NETLINK_CRYPTO] = "crypto",
	[NETLINK_SMC] = "smc",
};

/* The sockets of net `id` in the layout of
 * net/netlink/af_netlink.c:netlink_seq_show(). */
static void print_proc(const struct unl_wire_sockinfo *si, size_t n,
		       uint64_t id)
{
	printf("sk               Eth Pid        Groups   Rmem     Wmem     "
	       "Dump  Locks    Drops    Inode\n");
	for (size_t i = 0; i < n; i++)
		if (si[i].net_id == id)
			printf("%016zx %-3d %-10u %08x %-8u %-8u %-5u %-8d "
			       "%-8u %-8lu\n",
			       i + 1, si[i].protocol, si[i].portid,
			       si[i].groups, si[i].rmem, si[i].wmem,
			       si[i].dump, 2, si[i].drops, 0ul);
}

static void json_string(const char *s);

static void print_json_socks(const struct unl_wire_sockinfo *si, size_t n,
			     uint64_t id)
{
	bool first = true;

	putchar('[');
	for (size_t i = 0; i < n; i++) {
		const char *name = si[i].protocol >= 0 && si[i].protocol < 32
					   ? proto_names[si[i].protocol]
					   : NULL;

		if (si[i].net_id != id)
			continue;
		printf("%s{\"protocol\":%d,", first ? "" : ",",
		       si[i].protocol);
		first = false;
		if (name)
			printf("\"protocol_name\":\"%s\",", name);
		printf("\"portid\":%u,\"groups\":%u,\"rmem\":%u,\"wmem\":%u,"
		       "\"dump\":%s,\"drops\":%u,\"kernel\":%s,"
		       "\"owner_pid\":%d}",
		       si[i].portid, si[i].groups, si[i].rmem, si[i].wmem,
		       si[i].dump ? "true" : "false", si[i].drops,
		       si[i].kernel ? "true" : "false", si[i].owner_pid);
	}
	putchar(']');
}

/* The nets of an NS_LIST answer: entries of one net are together (one
 * per name), so a net starts where the id changes.  A socket in a net
 * made after that answer gets a section of its own at the end. */
struct net_view {
	uint64_t id;
	bool initial;
	size_t first, count; /* its entries in the NS_LIST answer */
};

static size_t nets_of(const struct unl_wire_nsinfo *ns, size_t nns,
		      const struct unl_wire_sockinfo *si, size_t nsi,
		      struct net_view *v)
{
	size_t n = 0;

	for (size_t i = 0; i < nns; i++) {
		if (n && v[n - 1].id == ns[i].id) {
			v[n - 1].count++;
			continue;
		}
		v[n++] = (struct net_view){
			.id = ns[i].id,
			.initial = ns[i].flags & UNL_NSINFO_INITIAL,
			.first = i,
			.count = 1,
		};
	}
	for (size_t i = 0; i < nsi; i++) {
		bool known = false;

		for (size_t k = 0; k < n && !known; k++)
			known = v[k].id == si[i].net_id;
		if (!known)
			v[n++] = (struct net_view){ .id = si[i].net_id };
	}
	return n;
}

static void print_status(const struct unl_wire_nsinfo *ns,
			 const struct net_view *v, size_t nv,
			 const struct unl_wire_sockinfo *si, size_t nsi,
			 bool json)
{
	if (json)
		putchar('[');
	for (size_t k = 0; k < nv; k++) {
		if (json) {
			bool first = true;

			printf("%s{\"net\":%llu,\"initial\":%s,\"names\":[",
			       k ? "," : "", (unsigned long long)v[k].id,
			       v[k].initial ? "true" : "false");
			for (size_t i = v[k].first;
			     i < v[k].first + v[k].count; i++) {
				if (!ns[i].name[0])
					continue;
				if (!first)
					putchar(',');
				json_string(ns[i].name);
				first = false;
			}
			printf("],\"sockets\":");
			print_json_socks(si, nsi, v[k].id);
			putchar('}');
			continue;
		}
		printf("%snet %llu", k ? "\n" : "", (unsigned long long)v[k].id);
		if (v[k].initial)
			printf(" (initial)");
		for (size_t i = v[k].first; i < v[k].first + v[k].count; i++)
			if (ns[i].name[0])
				printf(" %s", ns[i].name);
		putchar('\n');
		print_proc(si, nsi, v[k].id);
	}
	if (json)
		puts("]");
}

/* Connect to the daemon at --socket, $UNETLINK_SOCKET or the default
 * path: the descriptor (*pathp where), or -1 after saying why. */
static int connect_for(const struct opts *o, const char **pathp)
{
	const char *path = explicit_path(o);
	int fd;

	if (!path)
		path = default_path();
	if (!path) {
		warnx_("the default socket path is too long");
		return -1;
	}
	*pathp = path;
	fd = daemon_connect(path, NULL);
	if (fd >= 0)
		return fd;
	if (nothing_listens(fd))
		warnx_("no daemon listens at %s", path);
	else if (fd == -EPROTO)
		warnx_("%s: not a unetlink daemon of this version", path);
	else
		warnx_("cannot connect to %s: %s", path, strerror(-fd));
	return -1;
}

/*
 * A paged answer (STATUS, PROFILE): ask with a0 = the items received so
 * far until the count the daemon gives in ret is reached.  Items are isz
 * bytes.  *out (NUL-terminated, the caller frees it) and *nout get the
 * items.  0 or -errno.
 */
static int fetch_pages(int fd, int op, size_t isz, void **out, size_t *nout)
{
	char *all = NULL, *tmp;
	size_t n = 0, total = 0;
	int ret;

	do {
		struct unl_wire_req req = { .op = (uint32_t)op,
					    .a0 = (int32_t)n };
		struct unl_wire_rep rep;
		void *payload = NULL;
		size_t len = 0;

		ret = wire_call(fd, &req, &rep, &payload, &len);
		if (ret == 0 && rep.ret < 0)
			ret = rep.ret;
		if (ret == 0 && len % isz)
			ret = -EPROTO;
		/* An empty page before the end would never finish. */
		if (ret == 0 && !len && n < (size_t)rep.ret)
			ret = -EPROTO;
		tmp = ret ? NULL : realloc(all, n * isz + len + 1);
		if (ret == 0 && !tmp)
			ret = -ENOMEM;
		if (ret < 0) {
			free(payload);
			free(all);
			return ret;
		}
		all = tmp;
		total = (size_t)rep.ret;
		if (len)
			memcpy(all + n * isz, payload, len);
		n += len / isz;
		all[n * isz] = '\0';
		free(payload);
	} while (n < total);
	*out = all;
	*nout = n;
	return 0;
}

int cmd_status(int argc, char **argv)
{
	struct unl_wire_sockinfo *all = NULL;
	struct unl_wire_nsinfo *ns = NULL;
	struct net_view *v = NULL;
	struct opts o = { 0 };
	const char *path;
	size_t n = 0, nns = 0, nv;
	int fd, ret;

	parse_opts(argc, argv, &o, status_help, false, false, true);
	fd = connect_for(&o, &path);
	if (fd < 0)
		return 1;
	/* nets first: a socket of a net made in between still shows */
	ret = fetch_pages(fd, UNL_OP_NS_LIST, sizeof(*ns), (void **)&ns, &nns);
	if (!ret)
		ret = fetch_pages(fd, UNL_OP_STATUS, sizeof(*all),
				  (void **)&all, &n);
	close(fd);
	if (!ret) {
		v = calloc(nns + n + 1, sizeof(*v));
		if (!v)
			ret = -ENOMEM;
	}
	if (ret < 0) {
		warnx_("status from %s: %s", path, strerror(-ret));
		free(ns);
		free(all);
		return 1;
	}
	nv = nets_of(ns, nns, all, n, v);
	print_status(ns, v, nv, all, n, o.json);
	free(v);
	free(ns);
	free(all);
	if (fflush(stdout) != 0) {
		warnx_("write error: %s", strerror(errno));
		return 1;
	}
	return 0;
}

/* ---- netns -------------------------------------------------------- */

static int netns_list(int fd, const char *path, bool json)
{
	struct unl_wire_nsinfo *ns = NULL;
	size_t n = 0;
	bool first = true;
	int ret = fetch_pages(fd, UNL_OP_NS_LIST, sizeof(*ns), (void **)&ns,
			      &n);

	if (ret < 0) {
		warnx_("network namespaces from %s: %s", path, strerror(-ret));
		return 1;
	}
	if (json)
		putchar('[');
	for (size_t i = 0; i < n; i++) {
		if (!ns[i].name[0])
			continue;
		if (!json) {
			puts(ns[i].name);
			continue;
		}
		printf("%s{\"name\":", first ? "" : ",");
		json_string(ns[i].name);
		printf(",\"net\":%llu}", (unsigned long long)ns[i].id);
		first = false;
	}
	if (json)
		puts("]");
	free(ns);
	return 0;
}

int cmd_netns(int argc, char **argv)
{
	struct opts o = { 0 };
	const char *what = "list", *path, *name = NULL;
	int fd, first, ret;
	uint64_t id;

	/* unetlink netns [list|add|del] [OPTION]... [NAME] */
	if (argc > 1 && argv[1][0] != '-') {
		what = argv[1];
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	if (strcmp(what, "list") && strcmp(what, "show") &&
	    strcmp(what, "add") && strcmp(what, "del") &&
	    strcmp(what, "delete"))
		usage_error("unknown netns command '%s'", what);
	first = parse_opts(argc, argv, &o, netns_help, true, false, true);
	if (!strcmp(what, "list") || !strcmp(what, "show")) {
		if (first < argc)
			usage_error("extra operand '%s'", argv[first]);
	} else {
		if (first >= argc)
			usage_error("missing network namespace name");
		if (first + 1 < argc)
			usage_error("extra operand '%s'", argv[first + 1]);
		name = argv[first];
	}
	fd = connect_for(&o, &path);
	if (fd < 0)
		return 1;
	if (!name) {
		ret = netns_list(fd, path, o.json);
		close(fd);
		if (!ret && fflush(stdout) != 0) {
			warnx_("write error: %s", strerror(errno));
			ret = 1;
		}
		return ret;
	}
	ret = ns_op(fd, what[0] == 'a' ? UNL_OP_NS_ADD : UNL_OP_NS_DEL, 0,
		    name, -1, &id, NULL);
	close(fd);
	if (ret < 0) {
		warnx_("cannot %s network namespace \"%s\": %s",
		       what[0] == 'a' ? "create" : "remove", name,
		       strerror(-ret));
		return 1;
	}
	return 0;
}

/* ---- profile ------------------------------------------------------ */

/* The profile in force without --profile: the listening daemon's, else
 * the host's.  *from says which. */
static int profile_in_force(const struct opts *o, struct unl_profile **out,
			    const char **from)
{
	const char *path = explicit_path(o);
	char err[512], *text;
	size_t len;
	int fd, ret;

	if (!path)
		path = default_path();
	fd = path ? daemon_connect(path, NULL) : -ENOENT;
	if (fd < 0) {
		if (o->socket || (fd != -ENOENT && fd != -ECONNREFUSED)) {
			warnx_("no daemon answers at %s: %s", path,
			       strerror(-fd));
			return -1;
		}
		*from = "the running kernel (no daemon listens)";
		return unl_profile_host(out) ? -1 : 0;
	}
	ret = fetch_pages(fd, UNL_OP_PROFILE, 1, (void **)&text, &len);
	close(fd);
	if (ret < 0) {
		warnx_("profile from %s: %s", path, strerror(-ret));
		return -1;
	}
	ret = unl_profile_parse(text, len, path, out, err, sizeof(err));
	free(text);
	if (ret < 0) {
		warnx_("%s", err);
		return -1;
	}
	*from = path;
	return 0;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void profile_print_json(const struct unl_profile *p)
{
	const char *name, *value;

	printf("{\"name\":");
	json_string(unl_profile_name(p));
	printf(",\"kernel\":");
	json_string(unl_profile_kernel(p));
	for (int c = 0; c < UNL_PROFILE_NCLASS; c++) {
		printf(",\"%s\":[", unl_profile_class_keyword(c));
		for (size_t i = 0; (name = unl_profile_name_at(p, c, i)); i++) {
			if (i)
				putchar(',');
			json_string(name);
		}
		putchar(']');
	}
	printf(",\"sysctl\":{");
	for (size_t i = 0; unl_profile_sysctl_at(p, i, &name, &value); i++) {
		if (i)
			putchar(',');
		json_string(name);
		putchar(':');
		json_string(value);
	}
	printf("}}\n");
}

int cmd_profile(int argc, char **argv)
{
	struct opts o = { 0 };
	struct unl_profile *p = NULL;
	const char *what = "show", *from = NULL;

	/* unetlink profile [show|list] [OPTION]... */
	if (argc > 1 && argv[1][0] != '-') {
		what = argv[1];
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	parse_opts(argc, argv, &o, profile_help, false, false, true);
	if (!strcmp(what, "list")) {
		const char *const *names = unl_profile_builtin_names();

		puts("host");
		for (size_t i = 0; names[i]; i++)
			puts(names[i]);
		return fflush(stdout) ? 1 : 0;
	}
	if (strcmp(what, "show"))
		usage_error("unknown profile command '%s'", what);
	if (o.profile)
		p = unl_profile_ref(o.profile);
	else if (profile_in_force(&o, &p, &from) < 0)
		return 1;
	if (o.json) {
		profile_print_json(p);
	} else {
		char *text = unl_profile_format(p);

		if (from)
			printf("# in force at %s\n", from);
		fputs(text ? text : "", stdout);
		free(text);
	}
	unl_profile_unref(p);
	unl_profile_unref(o.profile);
	if (fflush(stdout) != 0) {
		warnx_("write error: %s", strerror(errno));
		return 1;
	}
	return 0;
}

/* ---- uevent ------------------------------------------------------- */

static const char uevent_help[] =
	"Usage: unetlink uevent inject [OPTION]... ACTION DEVPATH [KEY=VALUE]...\n"
	"Send a uevent to the NETLINK_KOBJECT_UEVENT listeners of the daemon's\n"
	"initial net (or of --netns NAME): ACTION=, DEVPATH=, then the\n"
	"properties in the order given (SUBSYSTEM=... among them), and\n"
	"SEQNUM= unless given.  As the kernel sends it to group 1, or with\n"
	"--udev as udevd sends it to group 2 (libudev's header).  Needs\n"
	"CAP_SYS_ADMIN (group 1) or CAP_NET_ADMIN (group 2) as the daemon\n"
	"grants them.\n"
	"\n"
	"      --udev          as udevd: group 2, from --sender's portid\n"
	"      --sender PID    the portid (and pid) udevd sends from\n"
	"                      (default: 1)\n"
	"      --netns NAME    into the daemon's named net NAME\n"
	"  -s, --socket PATH   the daemon's socket (default: $UNETLINK_SOCKET,\n"
	"                      else the daemon's default path)\n"
	"  -h, --help          display this help and exit\n"
	"\n"
	"Exit status: 0 sent, 1 no daemon or a failure, 2 usage error.\n";

/* "KEY=VALUE\0" appended to *buf; 0 or -ENOMEM. */
static int props_add(char **buf, size_t *len, const char *key,
		     const char *val)
{
	size_t n = strlen(key) + (val ? strlen(val) : 0) + 1;
	char *b = realloc(*buf, *len + n);

	if (!b)
		return -ENOMEM;
	snprintf(b + *len, n, "%s%s", key, val ? val : "");
	*buf = b;
	*len += n;
	return 0;
}

int cmd_uevent(int argc, char **argv)
{
	enum { OPT_UDEV = 1000, OPT_SENDER, OPT_UNETNS };
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "udev", no_argument, NULL, OPT_UDEV },
		{ "sender", required_argument, NULL, OPT_SENDER },
		{ "netns", required_argument, NULL, OPT_UNETNS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct unl_wire_req req = { .op = UNL_OP_UEVENT_INJECT, .a0 = 1 };
	struct unl_wire_rep rep = { 0 };
	const char *netns = NULL, *path;
	struct opts o = { 0 };
	char *props = NULL, *end;
	int c, fd, h = -1, out = -1, ret = 0;
	unsigned long sender = 1;
	size_t len = 0;
	uint64_t id;

	if (argc < 2 || strcmp(argv[1], "inject")) {
		if (argc >= 2 && (!strcmp(argv[1], "-h") ||
				  !strcmp(argv[1], "--help"))) {
			fputs(uevent_help, stdout);
			return fflush(stdout) ? 1 : 0;
		}
		usage_error("usage: unetlink uevent inject ACTION DEVPATH "
			    "[KEY=VALUE]...");
	}
	argc--;
	argv++;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o.socket = optarg;
			break;
		case OPT_UDEV:
			req.a0 = 2;
			break;
		case OPT_SENDER:
			errno = 0;
			sender = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || sender > UINT32_MAX)
				usage_error("bad --sender '%s'", optarg);
			break;
		case OPT_UNETNS:
			netns = optarg;
			break;
		default:
			help_or_bad_option(c, argv, uevent_help);
		}
	}
	if (argc - optind < 2)
		usage_error("missing ACTION or DEVPATH");
	req.a1 = (int32_t)(uint32_t)sender;
	ret = props_add(&props, &len, "ACTION=", argv[optind]);
	ret = ret ?: props_add(&props, &len, "DEVPATH=", argv[optind + 1]);
	for (int i = optind + 2; !ret && i < argc; i++) {
		if (!strchr(argv[i], '=') || argv[i][0] == '=')
			usage_error("'%s' is not KEY=VALUE", argv[i]);
		ret = props_add(&props, &len, argv[i], NULL);
	}
	if (ret) {
		free(props);
		warnx_("%s", strerror(-ret));
		return 1;
	}
	fd = connect_for(&o, &path);
	if (fd < 0) {
		free(props);
		return 1;
	}
	if (netns)
		ret = ns_op(fd, UNL_OP_NS_OPEN, UNL_NS_BY_NAME, netns, -1, &id,
			    &h);
	if (!ret)
		ret = wire_call_buf(fd, &req, props, len, h, &rep, NULL, &out);
	if (!ret)
		ret = rep.ret;
	if (out >= 0)
		close(out);
	if (h >= 0)
		close(h);
	close(fd);
	free(props);
	if (ret < 0) {
		warnx_("cannot send the uevent: %s", strerror(-ret));
		return 1;
	}
	return 0;
}

/* ---- clock -------------------------------------------------------- */

static const char clock_help[] =
	"Usage: unetlink clock advance [OPTION]... SECONDS\n"
	"Move the clock of the daemon's nets SECONDS ahead (a decimal number,\n"
	"with up to nine decimals): every timer due by then runs at its own\n"
	"deadline, as if the time had passed (802.3ad negotiating, lifetimes\n"
	"running out), so that a test need not sleep.  The clock stays ahead.\n"
	"Needs CAP_SYS_ADMIN as the daemon grants it.\n"
	"\n"
	"  -s, --socket PATH   the daemon's socket (default: $UNETLINK_SOCKET,\n"
	"                      else the daemon's default path)\n"
	"  -h, --help          display this help and exit\n"
	"\n"
	"Exit status: 0 moved, 1 no daemon or a failure, 2 usage error.\n";

/* "S[.FRACTION]" into seconds and nanoseconds; false when it is not. */
static bool parse_seconds(const char *s, int32_t *sec, int32_t *nsec)
{
	unsigned long whole;
	int32_t frac = 0, scale = 100000000;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	whole = strtoul(s, &end, 10);
	if (errno || whole > INT32_MAX)
		return false;
	if (*end == '.') {
		for (end++; *end >= '0' && *end <= '9' && scale; end++) {
			frac += (*end - '0') * scale;
			scale /= 10;
		}
	}
	if (*end)
		return false;
	*sec = (int32_t)whole;
	*nsec = frac;
	return true;
}

int cmd_clock(int argc, char **argv)
{
	struct unl_wire_req req = { .op = UNL_OP_CLOCK_ADVANCE };
	struct unl_wire_rep rep = { 0 };
	struct opts o = { 0 };
	const char *path;
	int fd, ret;

	if (argc >= 2 &&
	    (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(clock_help, stdout);
		return fflush(stdout) ? 1 : 0;
	}
	if (argc < 2 || strcmp(argv[1], "advance"))
		usage_error("usage: unetlink clock advance SECONDS");
	argc--;
	argv++;
	socket_opts(argc, argv, "+:s:h", clock_help, &o);
	if (argc - optind != 1)
		usage_error(argc - optind ? "extra operand '%s'"
					  : "missing SECONDS",
			    argv[optind + 1]);
	if (!parse_seconds(argv[optind], &req.a0, &req.a1))
		usage_error("invalid SECONDS '%s'", argv[optind]);
	fd = connect_for(&o, &path);
	if (fd < 0)
		return 1;
	ret = wire_call(fd, &req, &rep, NULL, NULL);
	close(fd);
	if (!ret)
		ret = rep.ret;
	if (ret < 0) {
		warnx_("cannot move the clock: %s", strerror(-ret));
		return 1;
	}
	return 0;
}

/* ---- capture ------------------------------------------------------ */

static const char capture_help[] =
	"Usage: unetlink capture [OPTION]...\n"
	"Write the netlink messages of the daemon's nets, as an nlmon device\n"
	"shows them on Linux, to a pcap or pcapng file (LINKTYPE_NETLINK)\n"
	"until interrupted.  Like nlmon, it sees the route, usersock,\n"
	"sock_diag, nflog, xfrm, fib_lookup, netfilter and generic\n"
	"protocols.  Needs CAP_NET_ADMIN and CAP_NET_RAW as the daemon grants\n"
	"them.\n"
	"\n"
	"  -w, --write FILE    write to FILE; - (the default) for standard\n"
	"                      output, flushed after each message\n"
	"  -F, --format FMT    pcap or pcapng (default: pcapng when FILE ends\n"
	"                      in .pcapng, else pcap); pcapng has an interface\n"
	"                      per net, nanosecond timestamps and a comment\n"
	"                      naming each message's process and port id\n"
	"  -c, --count N       stop after N messages\n"
	"      --netns NAME    only the daemon's net NAME (default: every\n"
	"                      net, and those made while it runs)\n"
	"  -f, --family F      only protocol F: a name as 'unetlink status'\n"
	"                      prints it (route, generic, ...) or a number\n"
	"  -p, --pid PID       only messages to and from process PID\n"
	"  -s, --socket PATH   the daemon's socket (default: $UNETLINK_SOCKET,\n"
	"                      else the daemon's default path)\n"
	"  -h, --help          display this help and exit\n"
	"\n"
	"At the end it says on standard error how many messages it wrote, and\n"
	"how many the daemon dropped because the writer fell behind.\n"
	"Exit status: 0, 1 no daemon or a failure, 2 usage error.\n";

int capture_open(const char *path, const char *netns, int protocol,
			int32_t pid)
{
	struct unl_wire_req req = { .op = UNL_OP_CAPTURE,
				    .a1 = protocol + 1, .a2 = pid };
	struct unl_wire_rep rep = { 0 };
	uint64_t id = 0;
	int fd, h = -1, ret = 0;

	fd = daemon_connect(path, NULL);
	if (fd < 0) {
		if (nothing_listens(fd))
			warnx_("no daemon listens at %s", path);
		else
			warnx_("cannot connect to %s: %s", path, strerror(-fd));
		return -1;
	}
	if (netns) {
		ret = ns_op(fd, UNL_OP_NS_OPEN, UNL_NS_BY_NAME, netns, -1, &id,
			    &h);
		if (h >= 0)
			close(h);
		if (ret < 0) {
			warnx_("%s: %s", netns, ret == -ENOENT
				       ? "no such network namespace"
				       : strerror(-ret));
			close(fd);
			return -1;
		}
		/* the daemon reads a0 as an unsigned 32-bit id (net ids
		 * start at 4026531840, past INT32_MAX); -1 ends captures */
		if (id >= UINT32_MAX) {
			warnx_("%s: net id %llu is out of range", netns,
			       (unsigned long long)id);
			close(fd);
			return -1;
		}
	}
	req.a0 = (int32_t)(uint32_t)id;
	ret = wire_call(fd, &req, &rep, NULL, NULL);
	if (ret == 0)
		ret = rep.ret;
	if (ret < 0) {
		warnx_("cannot capture: %s", ret == -EPERM
			       ? "CAP_NET_ADMIN and CAP_NET_RAW are needed"
			       : strerror(-ret));
		close(fd);
		return -1;
	}
	return fd;
}

/* A protocol by name (proto_names) or number; -1 when neither. */
static int protocol_by_name(const char *s)
{
	unsigned long v;
	char *end;

	for (int i = 0; i < 32; i++)
		if (proto_names[i] && !strcmp(s, proto_names[i]))
			return i;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || !*s || v >= 32)
		return -1;
	return (int)v;
}

static volatile sig_atomic_t capture_stop;

static void capture_signal(int sig)
{
	(void)sig;
	capture_stop = 1;
}

/* What capture and monitor take from the daemon's tap: which net,
 * protocol and process (--netns, --family, --pid), how many messages
 * (--count), and the daemon (--socket). */
struct tap_opts {
	const char *netns;
	int protocol;
	unsigned long pid;
	unsigned long long count;
	struct opts o;
};

#define TAP_LONGOPTS                                                       \
	{ "count", required_argument, NULL, 'c' },                         \
	{ "netns", required_argument, NULL, 'N' },                         \
	{ "family", required_argument, NULL, 'f' },                        \
	{ "pid", required_argument, NULL, 'p' },                           \
	{ "socket", required_argument, NULL, 's' }

/* One of those options: true when c was one. */
static bool tap_option(int c, struct tap_opts *t)
{
	char *end;

	switch (c) {
	case 'c':
		errno = 0;
		t->count = strtoull(optarg, &end, 10);
		if (errno || *end || !*optarg || !t->count)
			usage_error("bad --count '%s'", optarg);
		return true;
	case 'N':
		t->netns = optarg;
		return true;
	case 'f':
		t->protocol = protocol_by_name(optarg);
		if (t->protocol < 0)
			usage_error("unknown netlink family '%s'", optarg);
		return true;
	case 'p':
		errno = 0;
		t->pid = strtoul(optarg, &end, 10);
		if (errno || *end || !*optarg || !t->pid || t->pid > INT32_MAX)
			usage_error("bad --pid '%s'", optarg);
		return true;
	case 's':
		t->o.socket = optarg;
		return true;
	default:
		return false;
	}
}

/* The tap of the daemon the options name, its signals set to stop it;
 * -1 when it cannot be had (said on stderr). */
static int tap_open(struct tap_opts *t, int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = capture_signal };
	const char *path;
	int fd;

	if (optind < argc)
		usage_error("extra operand '%s'", argv[optind]);
	path = explicit_path(&t->o);
	if (!path)
		path = default_path();
	if (!path) {
		warnx_("the default socket path is too long");
		return -1;
	}
	fd = capture_open(path, t->netns, t->protocol, (int32_t)t->pid);
	if (fd < 0)
		return -1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	return fd;
}

int cmd_capture(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "write", required_argument, NULL, 'w' },
		{ "format", required_argument, NULL, 'F' },
		TAP_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tap_opts t = { .protocol = -1 };
	const char *file = "-";
	struct capture_stats st;
	int c, fd, ret, format = -1;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:w:F:c:f:p:s:h", longopts,
				NULL)) != -1) {
		if (tap_option(c, &t))
			continue;
		switch (c) {
		case 'w':
			file = optarg;
			break;
		case 'F':
			format = capture_format_by_name(optarg);
			if (format < 0)
				usage_error("unknown capture format '%s' "
					    "(pcap or pcapng)", optarg);
			break;
		case 'h':
			fputs(capture_help, stdout);
			return fflush(stdout) ? 1 : 0;
		default:
			bad_option(c, argv);
		}
	}
	fd = tap_open(&t, argc, argv);
	if (fd < 0)
		return 1;
	if (format < 0)
		format = capture_format_of(file);
	ret = capture_write_as(fd, file, format, t.count, &capture_stop,
			       &st);
	close(fd);
	fprintf(stderr, "%llu messages captured\n%llu messages dropped by "
		"the daemon\n", (unsigned long long)st.written,
		(unsigned long long)st.dropped);
	return ret ? 1 : 0;
}

/* ---- fault -------------------------------------------------------- */

static const char fault_help[] =
	"Usage: unetlink fault add RULE...\n"
	"       unetlink fault del ID...\n"
	"       unetlink fault list\n"
	"Add, remove or list the daemon's fault-injection rules: the stack\n"
	"then fails on purpose where a kernel could (see unetlink(1), FAULT\n"
	"INJECTION, for the rules).  Each fault that fires is logged.  Needs\n"
	"CAP_NET_ADMIN as the daemon grants it.\n"
	"\n"
	"  -s, --socket PATH   the daemon's socket (default: $UNETLINK_SOCKET,\n"
	"                      else the daemon's default path)\n"
	"  -h, --help          display this help and exit\n"
	"\n"
	"add prints each new rule's id.  Exit status: 0, 1 a rule refused or\n"
	"no daemon, 2 usage error.\n";

/* One FAULT request on fd: ret (the id, or -errno) with the reason the
 * daemon gave in why. */
static int fault_call(int fd, int op, int id, const char *rule, char *why,
		      size_t whylen)
{
	struct unl_wire_req req = { .op = UNL_OP_FAULT, .a0 = op, .a1 = id };
	struct unl_wire_rep rep = { 0 };
	void *payload = NULL;
	size_t len = 0;
	int ret;

	if (rule) {
		struct unl_fault f;
		int out = -1;

		/* the reason, which the daemon's answer does not carry here */
		ret = unl_fault_parse(rule, &f, why, whylen);
		if (ret)
			return ret;
		ret = wire_call_buf(fd, &req, rule, strlen(rule), -1, &rep,
				    NULL, &out);
		if (out >= 0)
			close(out);
		snprintf(why, whylen, "%s", strerror(-rep.ret));
		return ret ? ret : rep.ret;
	}
	ret = wire_call(fd, &req, &rep, &payload, &len);
	if (!ret)
		ret = rep.ret;
	if (ret >= 0 && payload)
		fwrite(payload, 1, len, stdout);
	free(payload);
	return ret;
}

int faults_add(const char *path, const char *const *rules, size_t n)
{
	int fd = daemon_connect(path, NULL);
	char why[160];

	if (fd < 0) {
		warnx_("cannot connect to %s: %s", path, strerror(-fd));
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		int ret = fault_call(fd, UNL_FAULT_OP_ADD, 0, rules[i], why,
				     sizeof(why));

		if (ret < 0) {
			warnx_("fault rule '%s': %s", rules[i],
			       ret == -EINVAL ? why
			       : ret == -EPERM ? "CAP_NET_ADMIN is needed"
					       : strerror(-ret));
			close(fd);
			return -1;
		}
	}
	close(fd);
	return 0;
}

int cmd_fault(int argc, char **argv)
{
	struct opts o = { 0 };
	const char *path, *what;
	int fd, ret = 0;
	char why[160];

	/* options anywhere: `fault add --socket P RULE` */
	socket_opts(argc, argv, ":s:h", fault_help, &o);
	if (optind >= argc)
		usage_error("missing add, del or list");
	what = argv[optind++];
	if (strcmp(what, "add") && strcmp(what, "del") && strcmp(what, "list"))
		usage_error("unknown fault command '%s'", what);
	if (strcmp(what, "list") && optind >= argc)
		usage_error("missing %s", strcmp(what, "add") ? "ID" : "RULE");
	if (!strcmp(what, "list") && optind < argc)
		usage_error("extra operand '%s'", argv[optind]);
	fd = connect_for(&o, &path);
	if (fd < 0)
		return 1;
	if (!strcmp(what, "list"))
		ret = fault_call(fd, UNL_FAULT_OP_LIST, 0, NULL, why,
				 sizeof(why));
	for (int i = optind; ret >= 0 && i < argc; i++) {
		if (!strcmp(what, "add")) {
			ret = fault_call(fd, UNL_FAULT_OP_ADD, 0, argv[i], why,
					 sizeof(why));
			if (ret > 0)
				printf("%d\n", ret);
		} else {
			char *end;
			long id = strtol(argv[i], &end, 10);

			if (*end || !*argv[i] || id <= 0 || id > INT32_MAX)
				usage_error("bad ID '%s'", argv[i]);
			ret = fault_call(fd, UNL_FAULT_OP_DEL, (int)id, NULL,
					 why, sizeof(why));
		}
		if (ret < 0)
			warnx_("%s: %s", argv[i],
			       ret == -EINVAL && !strcmp(what, "add") ? why
			       : ret == -ENOENT ? "no such rule"
			       : ret == -EPERM ? "CAP_NET_ADMIN is needed"
					       : strerror(-ret));
	}
	if (ret < 0 && !strcmp(what, "list"))
		warnx_("cannot list: %s", ret == -EPERM
			       ? "CAP_NET_ADMIN is needed" : strerror(-ret));
	close(fd);
	return ret < 0 || fflush(stdout) ? 1 : 0;
}

/* ---- monitor ------------------------------------------------------ */

static const char monitor_help[] =
	"Usage: unetlink monitor [OPTION]...\n"
	"Print every netlink message of a running daemon, of every protocol,\n"
	"as it passes: a line a message with its time, net, protocol, way\n"
	"(> to the kernel, < from it), process and socket, type by name,\n"
	"sequence number, flags, and what it is about (a device, address,\n"
	"route, neighbour, rule, generic netlink family and command...);\n"
	"errors with their errno and extended ACK, and each fault injected\n"
	"('unetlink fault') as it fires.  Until interrupted.\n"
	"\n"
	"  -j, --json          a JSON object a line instead\n"
	"      --color[=WHEN]  colour errors (red), faults (magenta) and\n"
	"                      interrupted dumps (yellow): always, never, or\n"
	"                      auto (the default: on a terminal)\n"
	"  -c, --count N       stop after N messages\n"
	"      --netns NAME    only the daemon's net named NAME\n"
	"  -f, --family F      only protocol F (route, generic, ... or a number)\n"
	"  -p, --pid PID       only messages to and from process PID\n"
	"  -s, --socket PATH   the daemon's socket (default: $UNETLINK_SOCKET,\n"
	"                      else the daemon's default path)\n"
	"  -h, --help          display this help and exit\n"
	"\n"
	"Needs CAP_NET_ADMIN and CAP_NET_RAW as the daemon grants them.\n"
	"Exit status: 0, 1 no daemon or a failure, 2 usage error.\n";

int cmd_monitor(int argc, char **argv)
{
	enum { OPT_COLOR = 0x100 };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "color", optional_argument, NULL, OPT_COLOR },
		{ "colour", optional_argument, NULL, OPT_COLOR },
		TAP_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct monitor_opts mo = { .color = isatty(1) };
	struct tap_opts t = { .protocol = -1 };
	int c, fd, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:jc:f:p:s:h", longopts,
				NULL)) != -1) {
		if (tap_option(c, &t))
			continue;
		switch (c) {
		case 'j':
			mo.json = true;
			break;
		case OPT_COLOR:
			if (!optarg || !strcmp(optarg, "always"))
				mo.color = true;
			else if (!strcmp(optarg, "never"))
				mo.color = false;
			else if (strcmp(optarg, "auto"))
				usage_error("bad --color '%s'", optarg);
			break;
		default:
			help_or_bad_option(c, argv, monitor_help);
		}
	}
	mo.count = t.count;
	if (mo.json)
		mo.color = false;
	fd = tap_open(&t, argc, argv);
	if (fd < 0)
		return 1;
	ret = monitor_run(fd, &mo, &capture_stop);
	close(fd);
	if (ret)
		warnx_("monitor: %s", strerror(-ret));
	return ret ? 1 : 0;
}

/* ---- state ------------------------------------------------------ */

static const char state_help[] =
	"Usage: unetlink state save [-j] [--netns NAME]\n"
	"       unetlink state load FILE [--netns NAME]\n"
	"       unetlink state import [-j] [--from-netns NAME] [-w FILE]\n"
	"                             [--netns NAME]\n"
	"A net's configuration as a file of the netlink requests that make\n"
	"it again (docs/state.md): links with their kinds and settings,\n"
	"altnames, WireGuard keys and peers, bridge VLANs, FDB and MDB,\n"
	"sysctls (net.ipv4, net.ipv6), addresses, nexthops, routes of every\n"
	"table, rules, neighbours, tc, xfrm SAs, policies and SPD defaults,\n"
	"ipset sets, the nf_tables ruleset, conntrack entries.\n"
	"save writes the state of the daemon's net to standard output; load\n"
	"sends a state file's requests to the daemon's net (what\n"
	"'unetlink run --state FILE' does before its command); import reads\n"
	"the kernel's own configuration (of this process's network\n"
	"namespace, or of /run/netns/NAME) and loads it into the daemon's\n"
	"net, or writes it to FILE: the host is only read.\n"
	"\n"
	"  -j, --json          write JSON, one request an object (load reads\n"
	"                      both forms)\n"
	"      --netns NAME    the daemon's net named NAME (default: the\n"
	"                      initial one)\n"
	"      --from-netns NAME  (import) the kernel's namespace NAME, a\n"
	"                      name of /run/netns or a path\n"
	"  -w, --write FILE    (import) write the state to FILE ('-': standard\n"
	"                      output) instead of loading it\n"
	"  -s, --socket PATH   the daemon's socket (default: $UNETLINK_SOCKET,\n"
	"                      else the daemon's default path)\n"
	"  -h, --help          display this help and exit\n"
	"\n"
	"What cannot be made by netlink (hardware devices, tun and tap, a\n"
	"veth whose peer is in another net) is said on standard error and\n"
	"left out; import makes a hardware device a dummy of the same name\n"
	"and address.  Exit status: 0; 1 when a request was refused (each is\n"
	"said with its extended ACK) or on a failure; 2 on a usage error.\n";

/* This program, to run again as a worker: under the shim (the daemon
 * answers its netlink sockets) or without it (the kernel does). */
static char *self_exe(void)
{
	char *p = realpath("/proc/self/exe", NULL);

	if (!p)
		warnx_("cannot find this program: %s", strerror(errno));
	return p;
}

/* `unetlink state WORKER...` as a command on the daemon at path, in its
 * net netns: the command's exit status. */
static int state_worker_on(const char *path, const char *netns,
			   const char *worker, const char *arg, bool json)
{
	struct opts o = { .socket = path, .netns = netns,
			  .frontend = FRONTEND_PRELOAD };
	char *self = self_exe(), *args[6];
	int n = 0, ret;

	if (!self)
		return 1;
	args[n++] = self;
	args[n++] = (char *)"state";
	args[n++] = (char *)worker;
	if (json)
		args[n++] = (char *)"-j";
	if (arg)
		args[n++] = (char *)arg;
	args[n] = NULL;
	ret = run_command(&o, args);
	free(self);
	return ret;
}

/* run --state, state load: 0 when every request was taken. */
int state_load_into(const char *path, const char *netns,
			   const char *file)
{
	return state_worker_on(path, netns, "--worker-load", file, false) ? -1
									 : 0;
}

/* import: the kernel's configuration into file, by a worker without the
 * shim (the kernel answers it).  0 or -1 after saying why. */
static int state_from_kernel(const char *from, const char *file, bool json)
{
	char *self = self_exe();
	int status = 0;
	pid_t pid;

	if (!self)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		warnx_("cannot fork: %s", strerror(errno));
		free(self);
		return -1;
	}
	if (pid == 0) {
		char *args[8];
		int n = 0;

		unsetenv("LD_PRELOAD");
		if (strcmp(file, "-")) {
			int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC |
						    O_CLOEXEC, 0644);

			if (fd < 0 || dup2(fd, 1) < 0) {
				warnx_("%s: %s", file, strerror(errno));
				_exit(1);
			}
		}
		args[n++] = self;
		args[n++] = (char *)"state";
		args[n++] = (char *)"--worker-save";
		args[n++] = (char *)"--kindless-dummy";
		if (json)
			args[n++] = (char *)"-j";
		if (from) {
			args[n++] = (char *)"--from-netns";
			args[n++] = (char *)from;
		}
		args[n] = NULL;
		execv(self, args);
		warnx_("%s: %s", self, strerror(errno));
		_exit(126);
	}
	free(self);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* The worker's side of import --from-netns: into the kernel's netns. */
static int enter_kernel_netns(const char *name)
{
	char path[PATH_MAX];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
		warnx_("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

enum { STATE_SAVE, STATE_LOAD, STATE_IMPORT, STATE_WORKER_SAVE,
       STATE_WORKER_LOAD };

int cmd_state(int argc, char **argv)
{
	enum { OPT_FROM = 0x100, OPT_W_SAVE, OPT_W_LOAD, OPT_KINDLESS };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "netns", required_argument, NULL, 'N' },
		{ "from-netns", required_argument, NULL, OPT_FROM },
		{ "write", required_argument, NULL, 'w' },
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "worker-save", no_argument, NULL, OPT_W_SAVE },
		{ "worker-load", no_argument, NULL, OPT_W_LOAD },
		{ "kindless-dummy", no_argument, NULL, OPT_KINDLESS },
		{ NULL, 0, NULL, 0 },
	};
	struct state_save_opts so = { 0 };
	const char *netns = NULL, *from = NULL, *file = NULL, *path, *what;
	struct opts o = { 0 };
	int c, fd, mode = -1, ret;
	char tmp[] = "/tmp/unetlink-state.XXXXXX";

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jw:s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			so.json = true;
			break;
		case 'N':
			netns = optarg;
			break;
		case OPT_FROM:
			from = optarg;
			break;
		case 'w':
			file = optarg;
			break;
		case 's':
			o.socket = optarg;
			break;
		case OPT_W_SAVE:
			mode = STATE_WORKER_SAVE;
			break;
		case OPT_W_LOAD:
			mode = STATE_WORKER_LOAD;
			break;
		case OPT_KINDLESS:
			so.kindless_as_dummy = true;
			break;
		default:
			help_or_bad_option(c, argv, state_help);
		}
	}
	/* the workers: plain netlink clients of whoever answers */
	if (mode == STATE_WORKER_SAVE) {
		if (from && enter_kernel_netns(from) < 0)
			return 1;
		return state_save(stdout, &so) ? 1 : 0;
	}
	if (mode == STATE_WORKER_LOAD) {
		if (optind >= argc)
			usage_error("missing FILE");
		return state_load(argv[optind]) ? 1 : 0;
	}
	if (optind >= argc)
		usage_error("missing save, load or import");
	what = argv[optind++];
	if (!strcmp(what, "save"))
		mode = STATE_SAVE;
	else if (!strcmp(what, "load"))
		mode = STATE_LOAD;
	else if (!strcmp(what, "import"))
		mode = STATE_IMPORT;
	else
		usage_error("unknown state command '%s'", what);
	if (mode == STATE_LOAD && optind >= argc)
		usage_error("missing FILE");
	if (optind + (mode == STATE_LOAD) < argc)
		usage_error("extra operand '%s'",
			    argv[optind + (mode == STATE_LOAD)]);
	if (from && mode != STATE_IMPORT)
		usage_error("--from-netns is for import");
	if (file && mode != STATE_IMPORT)
		usage_error("-w is for import (save writes to standard "
			    "output)");
	if (mode == STATE_IMPORT && file)
		return state_from_kernel(from, file, so.json) ? 1 : 0;
	/* the daemon must be there: a private one would be a fresh net */
	fd = connect_for(&o, &path);
	if (fd < 0)
		return 1;
	close(fd);
	if (mode == STATE_SAVE)
		return state_worker_on(path, netns, "--worker-save", NULL,
				       so.json);
	if (mode == STATE_LOAD)
		return state_load_into(path, netns, argv[optind]) ? 1 : 0;
	fd = mkstemp(tmp);
	if (fd < 0) {
		warnx_("cannot make a temporary file: %s", strerror(errno));
		return 1;
	}
	close(fd);
	ret = state_from_kernel(from, tmp, false);
	if (!ret)
		ret = state_load_into(path, netns, tmp);
	unlink(tmp);
	return ret ? 1 : 0;
}
