// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `unetlink monitor`: every message a running daemon's taps see (a
 * capture, UNL_OP_CAPTURE), of every protocol, printed one line a
 * netlink message as `ip monitor` prints its own: when, which net,
 * which protocol, which way and which process, the message type by
 * name, its flags, and what it is about (a device, an address, a route,
 * a generic netlink family's command, an nf_tables object...).  Errors,
 * interrupted dumps and the faults injected (wire.h,
 * UNL_CAPTURE_F_FAULT) stand out in colour on a terminal.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/fib_rules.h>
#include <linux/genetlink.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include "cli/capture.h"
#include "cli/monitor.h"
#include "wire/wire.h"

#define RED "\033[31m"
#define YELLOW "\033[33m"
#define MAGENTA "\033[35m"
#define RESET "\033[0m"

static const char *const proto_name[32] = {
	[NETLINK_ROUTE] = "route", [NETLINK_USERSOCK] = "usersock",
	[NETLINK_FIREWALL] = "firewall", [NETLINK_SOCK_DIAG] = "sock_diag",
	[NETLINK_NFLOG] = "nflog", [NETLINK_XFRM] = "xfrm",
	[NETLINK_SELINUX] = "selinux", [NETLINK_ISCSI] = "iscsi",
	[NETLINK_AUDIT] = "audit", [NETLINK_FIB_LOOKUP] = "fib_lookup",
	[NETLINK_CONNECTOR] = "connector", [NETLINK_NETFILTER] = "netfilter",
	[NETLINK_IP6_FW] = "ip6_fw", [NETLINK_DNRTMSG] = "dnrtmsg",
	[NETLINK_KOBJECT_UEVENT] = "uevent", [NETLINK_GENERIC] = "generic",
	[NETLINK_SCSITRANSPORT] = "scsitransport", [NETLINK_ECRYPTFS] = "ecryptfs",
	[NETLINK_RDMA] = "rdma", [NETLINK_CRYPTO] = "crypto",
	[NETLINK_SMC] = "smc",
};

/* ---- names ------------------------------------------------------- */

static const char *rtm_name(uint16_t t, char *buf, size_t len)
{
	static const char *const objs[] = {
		"LINK", "ADDR", "ROUTE", "NEIGH", "RULE", "QDISC", "TCLASS",
		"TFILTER", "ACTION",
	};
	static const char *const verbs[] = { "NEW", "DEL", "GET", "SET" };
	static const struct {
		uint16_t type;
		const char *name;
	} more[] = {
		{ 52, "NEWPREFIX" }, { 58, "GETMULTICAST" },
		{ 62, "GETANYCAST" }, { 64, "NEWNEIGHTBL" },
		{ 66, "GETNEIGHTBL" }, { 67, "SETNEIGHTBL" },
		{ 68, "NEWNDUSEROPT" }, { 72, "NEWADDRLABEL" },
		{ 73, "DELADDRLABEL" }, { 74, "GETADDRLABEL" },
		{ 78, "GETDCB" }, { 79, "SETDCB" }, { 80, "NEWNETCONF" },
		{ 81, "DELNETCONF" }, { 82, "GETNETCONF" }, { 84, "NEWMDB" },
		{ 85, "DELMDB" }, { 86, "GETMDB" }, { 88, "NEWNSID" },
		{ 89, "DELNSID" }, { 90, "GETNSID" }, { 92, "NEWSTATS" },
		{ 94, "GETSTATS" }, { 95, "SETSTATS" },
		{ 96, "NEWCACHEREPORT" }, { 100, "NEWCHAIN" },
		{ 101, "DELCHAIN" }, { 102, "GETCHAIN" },
		{ 104, "NEWNEXTHOP" }, { 105, "DELNEXTHOP" },
		{ 106, "GETNEXTHOP" }, { 108, "NEWLINKPROP" },
		{ 109, "DELLINKPROP" }, { 110, "GETLINKPROP" },
		{ 112, "NEWVLAN" }, { 113, "DELVLAN" }, { 114, "GETVLAN" },
		{ 116, "NEWNEXTHOPBUCKET" }, { 117, "DELNEXTHOPBUCKET" },
		{ 118, "GETNEXTHOPBUCKET" }, { 120, "NEWTUNNEL" },
		{ 121, "DELTUNNEL" }, { 122, "GETTUNNEL" },
	};

	if (t >= RTM_BASE && t < RTM_BASE + 4 * 9) {
		snprintf(buf, len, "RTM_%s%s", verbs[(t - RTM_BASE) % 4],
			 objs[(t - RTM_BASE) / 4]);
		return buf;
	}
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		if (more[i].type == t) {
			snprintf(buf, len, "RTM_%s", more[i].name);
			return buf;
		}
	return NULL;
}

static const char *xfrm_name(uint16_t t)
{
	static const char *const names[] = {
		"NEWSA", "DELSA", "GETSA", "NEWPOLICY", "DELPOLICY",
		"GETPOLICY", "ALLOCSPI", "ACQUIRE", "EXPIRE", "UPDPOLICY",
		"UPDSA", "POLEXPIRE", "FLUSHSA", "FLUSHPOLICY", "NEWAE",
		"GETAE", "REPORT", "MIGRATE", "NEWSADINFO", "GETSADINFO",
		"NEWSPDINFO", "GETSPDINFO", "MAPPING", "SETDEFAULT",
		"GETDEFAULT",
	};

	if (t < 0x10 || t - 0x10 >= (int)(sizeof(names) / sizeof(names[0])))
		return NULL;
	return names[t - 0x10];
}

static const char *nft_name(unsigned m)
{
	static const char *const names[] = {
		"NEWTABLE", "GETTABLE", "DELTABLE", "NEWCHAIN", "GETCHAIN",
		"DELCHAIN", "NEWRULE", "GETRULE", "DELRULE", "NEWSET",
		"GETSET", "DELSET", "NEWSETELEM", "GETSETELEM", "DELSETELEM",
		"NEWGEN", "GETGEN", "TRACE", "NEWOBJ", "GETOBJ", "DELOBJ",
		"GETOBJ_RESET", "NEWFLOWTABLE", "GETFLOWTABLE", "DELFLOWTABLE",
		"GETRULE_RESET", "DESTROYTABLE", "DESTROYCHAIN", "DESTROYRULE",
		"DESTROYSET", "DESTROYSETELEM", "DESTROYOBJ",
		"DESTROYFLOWTABLE", "GETSETELEM_RESET",
	};

	return m < sizeof(names) / sizeof(names[0]) ? names[m] : NULL;
}

static const char *nfnl_subsys(unsigned s)
{
	static const char *const names[] = {
		"none", "ctnetlink", "ctnetlink_exp", "queue", "ulog", "osf",
		"ipset", "acct", "cttimeout", "cthelper", "nftables",
		"nft_compat", "hook",
	};

	return s < sizeof(names) / sizeof(names[0]) ? names[s] : NULL;
}

/* Generic netlink families, as the controller's answers name them. */
struct genl_names {
	uint16_t id[64];
	char name[64][GENL_NAMSIZ];
	size_t n;
};

static const char *genl_family(const struct genl_names *g, uint16_t id)
{
	if (id == GENL_ID_CTRL)
		return "nlctrl";
	for (size_t i = 0; i < g->n; i++)
		if (g->id[i] == id)
			return g->name[i];
	return NULL;
}

/* ---- attributes ---------------------------------------------------- */

static const struct nlattr *attr_find(const struct nlmsghdr *h, size_t hlen,
				      int type)
{
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(hlen);

	while (off + NLA_HDRLEN <= h->nlmsg_len) {
		const struct nlattr *a = (const void *)((const char *)h + off);

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > h->nlmsg_len)
			return NULL;
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		off += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

static const void *adata(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static size_t alen(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static uint32_t au32(const struct nlattr *a)
{
	uint32_t v = 0;

	if (a && alen(a) >= 4)
		memcpy(&v, adata(a), 4);
	return v;
}

/* A string attribute, bounded by its length. */
static int astr(char *out, size_t len, const struct nlattr *a)
{
	size_t n = alen(a);
	const char *s = adata(a);

	while (n && !s[n - 1])
		n--;
	return snprintf(out, len, "%.*s", (int)n, s);
}

/* An address attribute of family af, or its bytes in hex. */
static void aaddr(char *out, size_t len, int af, const struct nlattr *a)
{
	if ((af == AF_INET && alen(a) == 4) || (af == AF_INET6 && alen(a) == 16)) {
		if (inet_ntop(af, adata(a), out, (socklen_t)len))
			return;
	}
	out[0] = '\0';
	for (size_t i = 0; i < alen(a) && 3 * i + 3 < len; i++)
		snprintf(out + 3 * i, len - 3 * i, "%s%02x", i ? ":" : "",
			 ((const unsigned char *)adata(a))[i]);
}

/* ---- what a message is about -------------------------------------- */

struct sum {
	char *p;
	size_t left;
};

static void __attribute__((format(printf, 2, 3)))
put(struct sum *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!s->left)
		return;
	va_start(ap, fmt);
	n = vsnprintf(s->p, s->left, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= s->left)
		n = (int)s->left - 1;
	s->p += n;
	s->left -= (size_t)n;
}

static const char *af_name(int af)
{
	return af == AF_INET ? "inet" : af == AF_INET6 ? "inet6"
	       : af == AF_BRIDGE ? "bridge" : af == AF_UNSPEC ? "any" : "af";
}

static void sum_link(struct sum *s, const struct nlmsghdr *h)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const struct nlattr *a = attr_find(h, sizeof(*ifi), IFLA_IFNAME);
	char name[IFNAMSIZ + 1] = "";

	if (a)
		astr(name, sizeof(name), a);
	if (ifi->ifi_index)
		put(s, " ifindex %d", ifi->ifi_index);
	if (name[0])
		put(s, " dev %s", name);
	a = attr_find(h, sizeof(*ifi), IFLA_LINKINFO);
	if (a && alen(a) > NLA_HDRLEN) {
		const struct nlattr *k = adata(a);

		if ((k->nla_type & NLA_TYPE_MASK) == IFLA_INFO_KIND &&
		    k->nla_len <= alen(a)) {
			astr(name, sizeof(name), k);
			put(s, " kind %s", name);
		}
	}
	/* a request says up or down only when it changes it */
	if (!(h->nlmsg_flags & NLM_F_REQUEST) || (ifi->ifi_change & IFF_UP))
		put(s, " %s", ifi->ifi_flags & IFF_UP ? "up" : "down");
}

static void sum_addr(struct sum *s, const struct nlmsghdr *h)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	const struct nlattr *a = attr_find(h, sizeof(*ifa), IFA_LOCAL);
	char addr[64];

	if (!a)
		a = attr_find(h, sizeof(*ifa), IFA_ADDRESS);
	put(s, " %s", af_name(ifa->ifa_family));
	if (a) {
		aaddr(addr, sizeof(addr), ifa->ifa_family, a);
		put(s, " %s/%u", addr, ifa->ifa_prefixlen);
	}
	if (ifa->ifa_index)
		put(s, " ifindex %u", ifa->ifa_index);
}

static void sum_route(struct sum *s, const struct nlmsghdr *h)
{
	const struct rtmsg *rt = NLMSG_DATA(h);
	const struct nlattr *a = attr_find(h, sizeof(*rt), RTA_DST);
	uint32_t table = rt->rtm_table;
	char addr[64];

	put(s, " %s", af_name(rt->rtm_family));
	if (a) {
		aaddr(addr, sizeof(addr), rt->rtm_family, a);
		put(s, " %s/%u", addr, rt->rtm_dst_len);
	} else if (h->nlmsg_type != RTM_GETROUTE || !(h->nlmsg_flags & NLM_F_DUMP)) {
		put(s, " default");
	}
	a = attr_find(h, sizeof(*rt), RTA_GATEWAY);
	if (a) {
		aaddr(addr, sizeof(addr), rt->rtm_family, a);
		put(s, " via %s", addr);
	}
	a = attr_find(h, sizeof(*rt), RTA_OIF);
	if (a)
		put(s, " oif %u", au32(a));
	a = attr_find(h, sizeof(*rt), RTA_TABLE);
	if (a)
		table = au32(a);
	if (table)
		put(s, " table %u", table);
}

static void sum_neigh(struct sum *s, const struct nlmsghdr *h)
{
	const struct ndmsg *nd = NLMSG_DATA(h);
	const struct nlattr *a = attr_find(h, sizeof(*nd), NDA_DST);
	char addr[64];

	put(s, " %s", af_name(nd->ndm_family));
	if (a) {
		aaddr(addr, sizeof(addr), nd->ndm_family, a);
		put(s, " %s", addr);
	}
	a = attr_find(h, sizeof(*nd), NDA_LLADDR);
	if (a) {
		aaddr(addr, sizeof(addr), AF_UNSPEC, a);
		put(s, " lladdr %s", addr);
	}
	if (nd->ndm_ifindex)
		put(s, " ifindex %d", nd->ndm_ifindex);
}

static void sum_rule(struct sum *s, const struct nlmsghdr *h)
{
	const struct fib_rule_hdr *fr = NLMSG_DATA(h);
	const struct nlattr *a = attr_find(h, sizeof(*fr), FRA_PRIORITY);
	uint32_t table = fr->table;

	put(s, " %s", af_name(fr->family));
	if (a)
		put(s, " pref %u", au32(a));
	a = attr_find(h, sizeof(*fr), FRA_TABLE);
	if (a)
		table = au32(a);
	if (table)
		put(s, " table %u", table);
}

static void sum_route_proto(struct sum *s, const struct nlmsghdr *h)
{
	static const struct {
		uint16_t first, last;
		size_t hlen;
		void (*fn)(struct sum *, const struct nlmsghdr *);
	} objs[] = {
		{ RTM_NEWLINK, RTM_SETLINK, sizeof(struct ifinfomsg), sum_link },
		{ RTM_NEWADDR, RTM_GETADDR, sizeof(struct ifaddrmsg), sum_addr },
		{ RTM_NEWROUTE, RTM_GETROUTE, sizeof(struct rtmsg), sum_route },
		{ RTM_NEWNEIGH, RTM_GETNEIGH, sizeof(struct ndmsg), sum_neigh },
		{ RTM_NEWRULE, RTM_GETRULE, sizeof(struct fib_rule_hdr),
		  sum_rule },
	};

	for (size_t i = 0; i < sizeof(objs) / sizeof(objs[0]); i++)
		if (h->nlmsg_type >= objs[i].first &&
		    h->nlmsg_type <= objs[i].last &&
		    h->nlmsg_len >= NLMSG_LENGTH(objs[i].hlen)) {
			objs[i].fn(s, h);
			return;
		}
	if (h->nlmsg_type >= RTM_NEWNEXTHOP && h->nlmsg_type <= RTM_GETNEXTHOP &&
	    h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct nhmsg))) {
		const struct nlattr *a = attr_find(h, sizeof(struct nhmsg),
						   NHA_ID);

		if (a)
			put(s, " id %u", au32(a));
	}
}

/* Generic netlink: the family and command, and the controller's
 * answers teach us the names of the others. */
static void sum_genl(struct sum *s, const struct nlmsghdr *h,
		     struct genl_names *g)
{
	static const char *const ctrl_cmds[] = {
		"UNSPEC", "NEWFAMILY", "DELFAMILY", "GETFAMILY", "NEWOPS",
		"DELOPS", "GETOPS", "NEWMCAST_GRP", "DELMCAST_GRP",
		"GETMCAST_GRP", "GETPOLICY",
	};
	const struct genlmsghdr *gh = NLMSG_DATA(h);
	char name[GENL_NAMSIZ] = "";
	const struct nlattr *a;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*gh)))
		return;
	a = attr_find(h, sizeof(*gh), CTRL_ATTR_FAMILY_NAME);
	if (h->nlmsg_type == GENL_ID_CTRL && a)
		astr(name, sizeof(name), a);
	if (h->nlmsg_type == GENL_ID_CTRL &&
	    gh->cmd < sizeof(ctrl_cmds) / sizeof(ctrl_cmds[0]))
		put(s, " CTRL_CMD_%s", ctrl_cmds[gh->cmd]);
	else
		put(s, " cmd %u", gh->cmd);
	if (name[0])
		put(s, " family %s", name);
	if (h->nlmsg_type == GENL_ID_CTRL && gh->cmd == CTRL_CMD_NEWFAMILY &&
	    name[0] && g->n < 64) {
		uint16_t id = 0;

		a = attr_find(h, sizeof(*gh), CTRL_ATTR_FAMILY_ID);
		if (a && alen(a) >= 2)
			memcpy(&id, adata(a), 2);
		if (id && !genl_family(g, id)) {
			g->id[g->n] = id;
			snprintf(g->name[g->n], GENL_NAMSIZ, "%s", name);
			g->n++;
		}
	}
}

/* nf_tables: the family, and the table, chain or set named.  Every
 * object's first attribute is its table (a table's, its name); a
 * chain's and a set's name is the next, a rule's chain too. */
static void sum_nft(struct sum *s, const struct nlmsghdr *h)
{
	static const char *const fams[] = {
		[NFPROTO_UNSPEC] = "any", [NFPROTO_INET] = "inet",
		[NFPROTO_IPV4] = "ip", [NFPROTO_ARP] = "arp",
		[NFPROTO_NETDEV] = "netdev", [NFPROTO_BRIDGE] = "bridge",
		[NFPROTO_IPV6] = "ip6",
	};
	const struct nfgenmsg *g = NLMSG_DATA(h);
	unsigned msg = NFNL_MSG_TYPE(h->nlmsg_type);
	const struct nlattr *t, *n;
	char table[64] = "", name[64] = "";

	/* tables, chains, rules, sets, elements; objects; flowtables */
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*g)) ||
	    !(msg <= NFT_MSG_DELSETELEM ||
	      (msg >= NFT_MSG_NEWOBJ && msg <= NFT_MSG_DELFLOWTABLE &&
	       msg != NFT_MSG_GETOBJ_RESET)))
		return;
	if (g->nfgen_family < sizeof(fams) / sizeof(fams[0]) &&
	    fams[g->nfgen_family])
		put(s, " %s", fams[g->nfgen_family]);
	t = attr_find(h, sizeof(*g), 1);
	n = attr_find(h, sizeof(*g),
		      NFNL_MSG_TYPE(h->nlmsg_type) == NFT_MSG_NEWCHAIN ||
		      NFNL_MSG_TYPE(h->nlmsg_type) == NFT_MSG_GETCHAIN ||
		      NFNL_MSG_TYPE(h->nlmsg_type) == NFT_MSG_DELCHAIN ? 3 : 2);
	if (t) {
		astr(table, sizeof(table), t);
		put(s, " table %s", table);
	}
	if (n && msg > NFT_MSG_DELTABLE) {
		astr(name, sizeof(name), n);
		put(s, " %s", name);
	}
}

/* The message type's name into buf (a number when we know none). */
static const char *type_name(int protocol, uint16_t t,
			     const struct genl_names *g, char *buf,
			     size_t len)
{
	const char *n = NULL;

	switch (t) {
	case NLMSG_NOOP: return "NLMSG_NOOP";
	case NLMSG_ERROR: return "NLMSG_ERROR";
	case NLMSG_DONE: return "NLMSG_DONE";
	case NLMSG_OVERRUN: return "NLMSG_OVERRUN";
	}
	switch (protocol) {
	case NETLINK_ROUTE:
		n = rtm_name(t, buf, len);
		break;
	case NETLINK_XFRM:
		n = xfrm_name(t);
		if (n) {
			snprintf(buf, len, "XFRM_MSG_%s", n);
			n = buf;
		}
		break;
	case NETLINK_GENERIC:
		n = genl_family(g, t);
		if (n) {
			snprintf(buf, len, "genl %s", n);
			n = buf;
		}
		break;
	case NETLINK_NETFILTER: {
		unsigned sub = NFNL_SUBSYS_ID(t), msg = NFNL_MSG_TYPE(t);

		if (t == NFNL_MSG_BATCH_BEGIN)
			n = "NFNL_MSG_BATCH_BEGIN";
		else if (t == NFNL_MSG_BATCH_END)
			n = "NFNL_MSG_BATCH_END";
		else if (sub == NFNL_SUBSYS_NFTABLES && nft_name(msg))
			snprintf(buf, len, "NFT_MSG_%s", nft_name(msg)), n = buf;
		else if (nfnl_subsys(sub))
			snprintf(buf, len, "%s msg %u", nfnl_subsys(sub), msg),
				n = buf;
		break;
	}
	}
	if (!n) {
		snprintf(buf, len, "type %u", t);
		n = buf;
	}
	return n;
}

static bool is_get(int protocol, uint16_t t)
{
	return (protocol == NETLINK_ROUTE && t >= RTM_BASE && t % 4 == 2) ||
	       (protocol == NETLINK_XFRM &&
		(t == 0x12 || t == 0x15 || t == 0x1f || t == 0x23 ||
		 t == 0x25));
}

static void flags_text(int protocol, const struct nlmsghdr *h, char *out,
		       size_t len)
{
	static const char *const common[] = {
		"request", "multi", "ack", "echo", "dump-intr",
		"dump-filtered",
	};
	static const char *const get[] = { "root", "match", "atomic" };
	static const char *const create[] = { "replace", "excl", "create",
					       "append" };
	static const char *const ack[] = { "capped", "ack-tlvs" };
	struct sum s = { out, len };
	uint16_t f = h->nlmsg_flags;
	const char *const *hi = create;
	size_t nhi = 4;

	out[0] = '\0';
	for (int i = 0; i < 6; i++)
		if (f & (1u << i))
			put(&s, "%s%s", out[0] ? "," : "", common[i]);
	if (h->nlmsg_type == NLMSG_ERROR) {
		hi = ack;
		nhi = 2;
	} else if (is_get(protocol, h->nlmsg_type) ||
		   ((f & NLM_F_REQUEST) && (f & NLM_F_DUMP) == NLM_F_DUMP &&
		    !(f & NLM_F_CREATE))) {
		/* a request with ROOT|MATCH and no CREATE is a dump's */
		hi = get;
		nhi = 3;
	}
	for (size_t i = 0; i < 4; i++)
		if (f & (0x100u << i))
			put(&s, "%s%s", out[0] ? "," : "",
			    i < nhi ? hi[i] : "?");
	if (!out[0])
		snprintf(out, len, "none");
}

/* ---- output --------------------------------------------------------- */

static void json_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c < 0x20)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

static void when(char *out, size_t len, int64_t ns)
{
	time_t sec = (time_t)(ns / 1000000000);
	struct tm tm;

	localtime_r(&sec, &tm);
	snprintf(out, len, "%02d:%02d:%02d.%06d", tm.tm_hour, tm.tm_min,
		 tm.tm_sec, (int)(ns % 1000000000 / 1000));
}

static const char *proto_text(unsigned p, char *buf, size_t len)
{
	if (p < 32 && proto_name[p])
		return proto_name[p];
	if (p == 0xffff)
		return "any";
	snprintf(buf, len, "%u", p);
	return buf;
}

struct monitor {
	FILE *fp;
	const struct monitor_opts *o;
	struct genl_names genl;
	uint64_t printed;
};

static void print_fault(struct monitor *m, const struct unl_wire_capture *h,
			const char *text, size_t len)
{
	char t[32], pb[16], rule[512];

	when(t, sizeof(t), h->time_ns);
	snprintf(rule, sizeof(rule), "%.*s", (int)len, text);
	if (m->o->json) {
		fprintf(m->fp, "{\"time\":\"%s\",\"net\":%" PRIu64
			",\"protocol\":\"%s\",\"fault\":", t, h->net_id,
			proto_text(h->protocol, pb, sizeof(pb)));
		json_str(m->fp, rule);
		fputs("}\n", m->fp);
	} else {
		fprintf(m->fp, "%s%s net %" PRIu64 " %s FAULT: %s%s\n",
			m->o->color ? MAGENTA : "", t, h->net_id,
			proto_text(h->protocol, pb, sizeof(pb)), rule,
			m->o->color ? RESET : "");
	}
}

/* An error message's errno, extended ACK and the request it answers. */
struct err_info {
	int error;
	char msg[256];
	char of[64];
};

static bool error_of(int protocol, const struct nlmsghdr *h,
		     const struct genl_names *g, struct err_info *e)
{
	const struct nlmsgerr *err = NLMSG_DATA(h);
	size_t off;
	char buf[64];

	memset(e, 0, sizeof(*e));
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*err)))
		return false;
	e->error = err->error;
	snprintf(e->of, sizeof(e->of), "%s",
		 type_name(protocol, err->msg.nlmsg_type, g, buf, sizeof(buf)));
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return true;
	off = NLMSG_HDRLEN + sizeof(*err);
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(err->msg.nlmsg_len) - NLMSG_HDRLEN;
	while (off + NLA_HDRLEN <= h->nlmsg_len) {
		const struct nlattr *a = (const void *)((const char *)h + off);

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > h->nlmsg_len)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			astr(e->msg, sizeof(e->msg), a);
		off += NLA_ALIGN(a->nla_len);
	}
	return true;
}

static void print_msg(struct monitor *m, const struct unl_wire_capture *c,
		      const struct nlmsghdr *h)
{
	bool req = c->flags & UNL_CAPTURE_F_TO_KERNEL;
	char t[32], pb[16], tb[64], fl[96], sumbuf[256] = "";
	struct sum s = { sumbuf, sizeof(sumbuf) };
	const char *type, *color = "";
	struct err_info e = { 0 };
	bool is_err = false;

	when(t, sizeof(t), c->time_ns);
	type = type_name(c->protocol, h->nlmsg_type, &m->genl, tb, sizeof(tb));
	flags_text(c->protocol, h, fl, sizeof(fl));
	if (h->nlmsg_type == NLMSG_ERROR && error_of(c->protocol, h, &m->genl, &e)) {
		is_err = e.error != 0;
		if (is_err)
			put(&s, " ERROR %s (%d) to %s%s%s",
			    strerrorname_np(-e.error) ? strerrorname_np(-e.error)
						      : "?",
			    e.error, e.of, e.msg[0] ? ": " : "", e.msg);
		else
			put(&s, " ACK to %s", e.of);
	} else if (h->nlmsg_type == NLMSG_DONE &&
		   h->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
		int v;

		memcpy(&v, NLMSG_DATA(h), sizeof(v));
		if (v < 0) {
			is_err = true;
			put(&s, " ERROR %s (%d)",
			    strerrorname_np(-v) ? strerrorname_np(-v) : "?", v);
		}
	} else if (c->protocol == NETLINK_ROUTE) {
		sum_route_proto(&s, h);
	} else if (c->protocol == NETLINK_GENERIC && h->nlmsg_type >= GENL_ID_CTRL) {
		sum_genl(&s, h, &m->genl);
	} else if (c->protocol == NETLINK_NETFILTER &&
		   NFNL_SUBSYS_ID(h->nlmsg_type) == NFNL_SUBSYS_NFTABLES) {
		sum_nft(&s, h);
	}
	if (m->o->color)
		color = is_err ? RED
			: (h->nlmsg_flags & NLM_F_DUMP_INTR) ? YELLOW : "";
	if (m->o->json) {
		fprintf(m->fp, "{\"time\":\"%s\",\"net\":%" PRIu64
			",\"protocol\":\"%s\",\"dir\":\"%s\",\"portid\":%u,"
			"\"pid\":%d,\"type\":", t, c->net_id,
			proto_text(c->protocol, pb, sizeof(pb)),
			req ? "to-kernel" : "from-kernel", c->portid, c->pid);
		json_str(m->fp, type);
		fprintf(m->fp, ",\"flags\":\"%s\",\"seq\":%u,\"len\":%u", fl,
			h->nlmsg_seq, h->nlmsg_len);
		if (h->nlmsg_type == NLMSG_ERROR) {
			fprintf(m->fp, ",\"error\":%d", e.error);
			if (e.msg[0]) {
				fputs(",\"ext_ack\":", m->fp);
				json_str(m->fp, e.msg);
			}
		}
		if (sumbuf[0]) {
			fputs(",\"summary\":", m->fp);
			json_str(m->fp, sumbuf + 1);
		}
		fputs("}\n", m->fp);
		return;
	}
	fprintf(m->fp, "%s%s net %" PRIu64 " %s %s pid %d port %u: %s "
		"seq %u flags %s len %u%s%s%s\n", color, t, c->net_id,
		proto_text(c->protocol, pb, sizeof(pb)), req ? ">" : "<",
		c->pid, c->portid, type, h->nlmsg_seq, fl, h->nlmsg_len,
		sumbuf[0] ? ":" : "", sumbuf, color[0] ? RESET : "");
}

/* One record: a fault, or a datagram of one or more messages.  A
 * uevent (no netlink header) is shown as its first line of text. */
static void print_record(struct monitor *m, const unsigned char *rec,
			 size_t n)
{
	struct unl_wire_capture h;
	const unsigned char *msg = rec + sizeof(h);
	size_t left;

	memcpy(&h, rec, sizeof(h));
	if (h.flags & UNL_CAPTURE_F_FAULT) {
		print_fault(m, &h, (const char *)msg, n - sizeof(h));
		return;
	}
	left = n - sizeof(h);
	if (h.protocol == NETLINK_KOBJECT_UEVENT) {
		char t[32];

		when(t, sizeof(t), h.time_ns);
		if (!m->o->json)
			fprintf(m->fp, "%s net %" PRIu64 " uevent < pid %d "
				"port %u: %.*s\n", t, h.net_id, h.pid, h.portid,
				(int)strnlen((const char *)msg, left),
				(const char *)msg);
		else {
			char text[256];

			snprintf(text, sizeof(text), "%.*s",
				 (int)strnlen((const char *)msg, left),
				 (const char *)msg);
			fprintf(m->fp, "{\"time\":\"%s\",\"net\":%" PRIu64
				",\"protocol\":\"uevent\",\"dir\":\"from-kernel\","
				"\"portid\":%u,\"pid\":%d,\"summary\":", t,
				h.net_id, h.portid, h.pid);
			json_str(m->fp, text);
			fputs("}\n", m->fp);
		}
		return;
	}
	for (const struct nlmsghdr *nh = (const void *)msg; NLMSG_OK(nh, left);
	     nh = NLMSG_NEXT(nh, left))
		print_msg(m, &h, nh);
}

int monitor_run(int fd, const struct monitor_opts *o,
		volatile sig_atomic_t *stop)
{
	unsigned char *buf = malloc(UNL_WIRE_MAX_RECORD);
	struct monitor m = { .fp = stdout, .o = o };
	uint64_t dropped = 0, seen = 0;
	bool ending = false;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct unl_wire_capture h;
		ssize_t got;

		if (!ending && ((stop && *stop) || (o->count && seen >= o->count))) {
			ret = capture_request_end(fd);
			if (ret)
				break;
			ending = true;
		}
		if (poll(&p, 1, 200) <= 0)
			continue;
		got = recv(fd, buf, UNL_WIRE_MAX_RECORD, 0);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0) {
			ret = got ? -errno : 0; /* the daemon went */
			break;
		}
		if ((size_t)got < sizeof(h)) {
			ret = -EPROTO;
			break;
		}
		memcpy(&h, buf, sizeof(h));
		dropped += h.dropped;
		if (h.flags & UNL_CAPTURE_F_END)
			break;
		if ((o->count && seen >= o->count) || h.len != got - sizeof(h))
			continue;
		print_record(&m, buf, (size_t)got);
		fflush(m.fp);
		seen++;
	}
	if (dropped)
		fprintf(stderr, "unetlink: monitor: the daemon dropped %" PRIu64
			" messages: the monitor fell behind\n", dropped);
	free(buf);
	return ret;
}
