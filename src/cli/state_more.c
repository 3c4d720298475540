// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The parts of a state (docs/state.md) beyond links, addresses, routes,
 * rules, neighbours, xfrm SAs and policies and nf_tables:
 *
 *   sysctl   net.ipv4 and net.ipv6, global and per device, net.core,
 *            net.unix and net.netfilter, that differ from a fresh
 *            net's (read in a child that unshares one)
 *   altname  alternative names of devices (RTM_NEWLINKPROP)
 *   vlan     bridge VLANs of bridges and ports (AF_BRIDGE RTM_SETLINK)
 *   vlan-global  bridges' global VLAN options (RTM_NEWVLAN,
 *            BRIDGE_VLANDB_GLOBAL_OPTIONS)
 *   vlan-global  bridges' global VLAN options (RTM_NEWVLAN,
 *            BRIDGE_VLANDB_GLOBAL_OPTIONS)
 *   fdb      static bridge FDB entries and vxlan's (AF_BRIDGE
 *            RTM_NEWNEIGH)
 *   mdb      static bridge MDB entries (RTM_NEWMDB), once the bridges
 *            are up
 *   xfrm-spd the SPD's default policies and hash thresholds
 *   ipset    sets and their members (IPSET_CMD_CREATE, IPSET_CMD_ADD)
 *   conntrack  the conntrack table (IPCTNL_MSG_CT_NEW)
 *   wireguard  each WireGuard device's keys, port, mark and peers
 *            (WG_CMD_SET_DEVICE, generic netlink: the family's id is
 *            asked for when loading)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <linux/netfilter.h>
#include <linux/netfilter/ipset/ip_set.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/if_bridge.h>
#include <linux/if_ether.h>
#include <linux/genetlink.h>
#include <linux/neighbour.h>
#include <linux/wireguard.h>
#include <linux/xfrm.h>

#include "cli/state-private.h"

/* ---- sysctls ------------------------------------------------------- */

#define SYSCTL_ROOT "/proc/sys/"

/* A set of sysctls: "path value" pairs, the path under /proc/sys. */
struct sysctls {
	char **path, **value;
	size_t n, cap;
};

static void sysctls_free(struct sysctls *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->path[i]);
		free(t->value[i]);
	}
	free(t->path);
	free(t->value);
	memset(t, 0, sizeof(*t));
}

static int sysctls_add(struct sysctls *t, const char *path,
		       const char *value)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;
		char **p = realloc(t->path, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		t->path = p;
		p = realloc(t->value, cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		t->value = p;
		t->cap = cap;
	}
	t->path[t->n] = strdup(path);
	t->value[t->n] = strdup(value);
	if (!t->path[t->n] || !t->value[t->n]) {
		free(t->path[t->n]);
		free(t->value[t->n]);
		return -ENOMEM;
	}
	t->n++;
	return 0;
}

static const char *sysctls_get(const struct sysctls *t, const char *path)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->path[i], path))
			return t->value[i];
	return NULL;
}

/* Values that are no configuration: a net's random keys. */
static bool sysctl_unsaved(const char *name)
{
	return !strcmp(name, "tcp_fastopen_key") ||
	       !strcmp(name, "stable_secret");
}

/* The value of a sysctl file without its final newline; NULL when it
 * cannot be read (write-only, or unset such as stable_secret). */
static char *sysctl_read(const char *path)
{
	char full[600], *v;
	ssize_t n;
	int fd;

	snprintf(full, sizeof(full), SYSCTL_ROOT "%s", path);
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	v = malloc(4096);
	n = v ? read(fd, v, 4095) : -1;
	close(fd);
	if (n < 0) {
		free(v);
		return NULL;
	}
	while (n > 0 && v[n - 1] == '\n')
		n--;
	v[n] = '\0';
	return v;
}

/* The writable files of dir (under /proc/sys), in name order. */
static int sysctls_read_dir(struct sysctls *t, const char *dir)
{
	struct dirent **names;
	char full[600];
	int n, ret = 0;

	snprintf(full, sizeof(full), SYSCTL_ROOT "%s", dir);
	n = scandir(full, &names, NULL, alphasort);
	if (n < 0)
		return 0; /* no such family here */
	for (int i = 0; i < n; i++) {
		char path[512];
		struct stat st;
		char *v;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		snprintf(full, sizeof(full), SYSCTL_ROOT "%s", path);
		if (!ret && names[i]->d_name[0] != '.' &&
		    !stat(full, &st) && S_ISREG(st.st_mode) &&
		    (st.st_mode & S_IWUSR) &&
		    !sysctl_unsaved(names[i]->d_name) &&
		    (v = sysctl_read(path))) {
			ret = sysctls_add(t, path, v);
			free(v);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

/* The device directories of conf/ but all and default, in name order. */
static int sysctls_read_devices(struct sysctls *t, const char *family)
{
	struct dirent **names;
	char full[600];
	int n, ret = 0;

	snprintf(full, sizeof(full), SYSCTL_ROOT "net/%s/conf", family);
	n = scandir(full, &names, NULL, alphasort);
	if (n < 0)
		return 0;
	for (int i = 0; i < n; i++) {
		const char *d = names[i]->d_name;
		char dir[512];

		if (!ret && d[0] != '.' && strcmp(d, "all") &&
		    strcmp(d, "default")) {
			snprintf(dir, sizeof(dir), "net/%s/conf/%s", family, d);
			ret = sysctls_read_dir(t, dir);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

/* Global files, then conf/all, conf/default and each device: the order
 * they are written in, as a write to "all" (or ip_forward) changes every
 * device.  Then the socket layer's and netfilter's.  (The neighbour
 * tables' parameters are saved as RTM_SETNEIGHTBL requests, in
 * milliseconds: their sysctls round to USER_HZ or seconds.) */
static int sysctls_read(struct sysctls *t, bool devices)
{
	static const char *const families[] = { "ipv4", "ipv6" };
	static const char *const others[] = { "net/core", "net/unix",
					      "net/netfilter",
					      "net/netfilter/nf_log" };
	int ret = 0;

	for (size_t f = 0; !ret && f < 2; f++) {
		char dir[64];

		snprintf(dir, sizeof(dir), "net/%s", families[f]);
		ret = sysctls_read_dir(t, dir);
		snprintf(dir, sizeof(dir), "net/%s/conf/all", families[f]);
		if (!ret)
			ret = sysctls_read_dir(t, dir);
		snprintf(dir, sizeof(dir), "net/%s/conf/default", families[f]);
		if (!ret)
			ret = sysctls_read_dir(t, dir);
		if (!ret && devices)
			ret = sysctls_read_devices(t, families[f]);
	}
	for (size_t i = 0; !ret && i < sizeof(others) / sizeof(others[0]); i++)
		ret = sysctls_read_dir(t, others[i]);
	return ret;
}

/* What a fresh net has: read in a child that unshares one (the kernel's
 * as root, the daemon's under the shim).  1 when no fresh net can be
 * had (then every value is saved). */
static int sysctls_fresh(struct sysctls *t)
{
	int p[2], status = 0;
	FILE *in;
	char *line = NULL;
	size_t cap = 0;
	pid_t pid;

	if (pipe(p) < 0)
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -errno;
	}
	if (pid == 0) {
		struct sysctls c = { 0 };
		FILE *w = fdopen(p[1], "w");

		close(p[0]);
		/* without the right to, in a user namespace of our own, where
		 * the kernel allows one */
		if (!w || (unshare(CLONE_NEWNET) < 0 &&
			   (errno != EPERM ||
			    unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)) ||
		    sysctls_read(&c, false))
			_exit(1);
		/* values hold no newline (each file is one line) */
		for (size_t i = 0; i < c.n; i++)
			fprintf(w, "%s %s\n", c.path[i], c.value[i]);
		_exit(fclose(w) ? 1 : 0);
	}
	close(p[1]);
	in = fdopen(p[0], "r");
	if (!in) {
		close(p[0]);
		waitpid(pid, NULL, 0);
		return -ENOMEM;
	}
	while (getline(&line, &cap, in) > 0) {
		char *sp = strchr(line, ' ');

		line[strcspn(line, "\n")] = '\0';
		if (sp) {
			*sp = '\0';
			if (sysctls_add(t, line, sp + 1))
				break;
		}
	}
	free(line);
	fclose(in);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 1;
}

static void json_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(fp, "\\%c", *s);
		else if (*s == '\t')
			fputs("\\t", fp);
		else if ((unsigned char)*s < 0x20)
			fprintf(fp, "\\u%04x", *s);
		else
			fputc(*s, fp);
	}
	fputc('"', fp);
}

static void emit_sysctl(struct out *o, const char *path, const char *value)
{
	if (o->json) {
		fprintf(o->fp, "%s{\"step\":\"sysctl\",\"path\":",
			o->n ? ",\n" : "\n");
		json_string(o->fp, path);
		fputs(",\"value\":", o->fp);
		json_string(o->fp, value);
		fputc('}', o->fp);
	} else {
		fprintf(o->fp, "sysctl %s %s\n", path, value);
	}
	o->n++;
}

/* "net/ipv4/conf/DEV/NAME" -> the same under all (into buf), or NULL. */
static const char *conf_all_of(const char *path, char *buf, size_t len)
{
	const char *conf = strstr(path, "/conf/"), *name;

	if (!conf || !(name = strchr(conf + 6, '/')))
		return NULL;
	snprintf(buf, len, "%.*s/conf/all%s", (int)(conf - path), path, name);
	return buf;
}

/* A device's directory in conf/: whether the device is saved. */
static bool conf_device_saved(struct net_state *s, const char *path)
{
	const char *conf = strstr(path, "/conf/");
	char name[IFNAMSIZ + 1];
	size_t n;

	if (!conf)
		return true;
	conf += 6;
	n = strcspn(conf, "/");
	if (n > IFNAMSIZ)
		return false;
	snprintf(name, sizeof(name), "%.*s", (int)n, conf);
	if (!strcmp(name, "all") || !strcmp(name, "default"))
		return true;
	for (size_t i = 0; i < s->nlinks; i++)
		if (!strcmp(st_link_name(&s->links[i]), name))
			return !s->links[i].skip;
	return false;
}

/*
 * The sysctls that differ from a fresh net's.  A device's value is
 * compared with a fresh net's default (what a device made in it gets)
 * and saved too when the same setting of "all" is saved, since writing
 * "all" changes every device.
 */
int st_save_sysctls(struct out *o, struct net_state *s)
{
	struct sysctls now = { 0 }, fresh = { 0 };
	int ret = sysctls_read(&now, true), alone;

	if (ret)
		goto out;
	alone = sysctls_fresh(&fresh);
	if (alone < 0) {
		ret = alone;
		goto out;
	}
	if (alone)
		fprintf(stderr, "unetlink: state: no fresh net to compare "
			"sysctls with: every one is saved\n");
	for (size_t i = 0; i < now.n; i++) {
		const char *path = now.path[i], *was = sysctls_get(&fresh, path);
		char all[512], dflt[512];
		const char *a = conf_all_of(path, all, sizeof(all));

		if (!conf_device_saved(s, path))
			continue;
		/* not in a fresh net: the machine's, not a net's (those of
		 * the initial net only, cipso_*, inet_peer_*...) */
		if (!alone && !was && !(a && strcmp(a, path)))
			continue;
		if (!was && a && strcmp(a, path)) {
			/* a device: as a fresh one would be */
			const char *name = strrchr(path, '/');

			snprintf(dflt, sizeof(dflt), "%.*s/conf/default%s",
				 (int)(strstr(path, "/conf/") - path), path,
				 name);
			was = sysctls_get(&fresh, dflt);
			if (was && !strcmp(was, now.value[i]) &&
			    strcmp(sysctls_get(&now, a) ? sysctls_get(&now, a)
							: "",
				   sysctls_get(&fresh, a) ? sysctls_get(&fresh, a)
							  : ""))
				was = NULL; /* "all" is written: so is this */
		}
		if (!alone && was && !strcmp(was, now.value[i]))
			continue;
		emit_sysctl(o, path, now.value[i]);
	}
out:
	if (ret)
		fprintf(stderr, "unetlink: state: cannot read sysctls: %s\n",
			strerror(-ret));
	sysctls_free(&now);
	sysctls_free(&fresh);
	return ret;
}

/* A JSON string's value at p (after its opening quote) into out. */
static bool json_unquote(const char *p, char *out, size_t len)
{
	size_t n = 0;

	for (; *p && *p != '"'; p++) {
		char c = *p;

		if (c == '\\') {
			p++;
			c = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p;
			if (*p == 'u') {
				c = (char)strtol(p + 1, NULL, 16);
				if (strlen(p) < 5)
					return false;
				p += 4;
			}
			if (!*p)
				return false;
		}
		if (n + 1 >= len)
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return *p == '"';
}

int st_load_sysctl(const char *line, const char *where, int *refused)
{
	char path[512], value[4096], full[600];
	const char *p;
	ssize_t n;
	int fd;

	if (!strncmp(line, "sysctl ", 7)) {
		size_t w;

		p = line + 7;
		w = strcspn(p, " ");
		if (!p[w] || w >= sizeof(path))
			return -EINVAL;
		snprintf(path, sizeof(path), "%.*s", (int)w, p);
		snprintf(value, sizeof(value), "%s", p + w + 1);
	} else if (strstr(line, "\"step\":\"sysctl\"")) {
		p = strstr(line, "\"path\":\"");
		if (!p || !json_unquote(p + 8, path, sizeof(path)))
			return -EINVAL;
		p = strstr(line, "\"value\":\"");
		if (!p || !json_unquote(p + 9, value, sizeof(value)))
			return -EINVAL;
	} else {
		return 0;
	}
	if (strstr(path, "..") || strncmp(path, "net/", 4))
		return -EINVAL;
	snprintf(full, sizeof(full), SYSCTL_ROOT "%s", path);
	fd = open(full, O_WRONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : write(fd, value, strlen(value));
	if (n < 0) {
		fprintf(stderr, "unetlink: state: %s (sysctl %s): %s\n", where,
			path, strerror(errno));
		*refused = 1;
	}
	if (fd >= 0)
		close(fd);
	return 1;
}

/* ---- altnames ------------------------------------------------------ */

void st_save_altnames(struct out *o, struct net_state *s, struct buf *b)
{
	for (size_t i = 0; i < s->nlinks; i++) {
		const struct link *l = &s->links[i];
		struct ifinfomsg ifi = { .ifi_index = l->ifi->ifi_index };
		size_t n;

		if (l->skip || !l->tb[IFLA_PROP_LIST])
			continue;
		st_req_start(b, RTM_NEWLINKPROP, NLM_F_EXCL, &ifi, sizeof(ifi));
		n = st_nest_start(b, IFLA_PROP_LIST);
		st_copy_attrs(b, st_payload(l->tb[IFLA_PROP_LIST]),
			      st_plen(l->tb[IFLA_PROP_LIST]), NULL, NULL);
		st_nest_end(b, n);
		st_emit(o, "altname", b);
	}
}

/* ---- bridge VLANs ---------------------------------------------------- */

/* The bridge's default PVID (a port gets it when enslaved), 0: none. */
static uint16_t default_pvid(struct net_state *s, const struct link *l)
{
	const struct link *br = strcmp(l->kind, "bridge") && l->tb[IFLA_MASTER]
		? st_link_by_index(s, (int)st_get_u32(l->tb[IFLA_MASTER]))
		: l;
	const struct nlattr *tb[IFLA_BR_MAX + 1];
	uint16_t v = 1;

	if (!br || !br->info[IFLA_INFO_DATA])
		return 1;
	st_parse(st_payload(br->info[IFLA_INFO_DATA]),
		 st_plen(br->info[IFLA_INFO_DATA]), tb, IFLA_BR_MAX);
	if (tb[IFLA_BR_VLAN_DEFAULT_PVID] &&
	    st_plen(tb[IFLA_BR_VLAN_DEFAULT_PVID]) >= 2)
		memcpy(&v, st_payload(tb[IFLA_BR_VLAN_DEFAULT_PVID]), 2);
	return v;
}

/* A device's VLAN list as a request of type (RTM_SETLINK to add,
 * RTM_DELLINK to remove), the bridge's own with BRIDGE_FLAGS_SELF. */
static void vlan_request(struct buf *b, uint16_t type, int ifindex,
			 bool self, const struct bridge_vlan_info *v,
			 size_t n)
{
	struct ifinfomsg ifi = { .ifi_family = AF_BRIDGE,
				 .ifi_index = ifindex };
	size_t spec;

	st_req_start(b, type, 0, &ifi, sizeof(ifi));
	spec = st_nest_start(b, IFLA_AF_SPEC);
	if (self) {
		uint16_t f = BRIDGE_FLAGS_SELF;

		st_put_attr(b, IFLA_BRIDGE_FLAGS, &f, sizeof(f));
	}
	for (size_t i = 0; i < n; i++)
		st_put_attr(b, IFLA_BRIDGE_VLAN_INFO, &v[i], sizeof(v[i]));
	st_nest_end(b, spec);
}

static void save_device_vlans(struct out *o, struct net_state *s,
			      const struct nlmsghdr *h, struct buf *b)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const struct nlattr *tb[IFLA_MAX + 1];
	struct link *l = st_link_by_index(s, ifi->ifi_index);
	struct bridge_vlan_info v[4096], pvid = { 0 };
	const struct nlattr *a;
	size_t n = 0, len;
	bool self;

	st_parse_msg(h, sizeof(*ifi), tb, IFLA_MAX);
	if (!l || l->skip || !tb[IFLA_AF_SPEC])
		return;
	self = !strcmp(l->kind, "bridge");
	a = st_payload(tb[IFLA_AF_SPEC]);
	len = st_plen(tb[IFLA_AF_SPEC]);
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       (size_t)a->nla_len <= len && n < 4096) {
		if ((a->nla_type & NLA_TYPE_MASK) == IFLA_BRIDGE_VLAN_INFO &&
		    st_plen(a) >= sizeof(v[0])) {
			memcpy(&v[n], st_payload(a), sizeof(v[0]));
			v[n].flags &= BRIDGE_VLAN_INFO_PVID |
				      BRIDGE_VLAN_INFO_UNTAGGED;
			n++;
		}
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
		len -= NLA_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
	pvid.vid = default_pvid(s, l);
	/* what the device got when made (or enslaved): nothing to say */
	if (pvid.vid && n == 1 && v[0].vid == pvid.vid &&
	    v[0].flags == (BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED))
		return;
	if (!pvid.vid && !n)
		return;
	/* the default PVID goes unless it stays as it is made; the rest is
	 * added (what exists already is changed to the same) */
	for (size_t i = 0; pvid.vid && i < n; i++)
		if (v[i].vid == pvid.vid &&
		    v[i].flags == (BRIDGE_VLAN_INFO_PVID |
				   BRIDGE_VLAN_INFO_UNTAGGED))
			pvid.vid = 0;
	if (pvid.vid) {
		vlan_request(b, RTM_DELLINK, ifi->ifi_index, self, &pvid, 1);
		st_emit(o, "vlan", b);
	}
	if (n) {
		vlan_request(b, RTM_SETLINK, ifi->ifi_index, self, v, n);
		st_emit(o, "vlan", b);
	}
}

int st_save_bridge_vlans(int fd, struct out *o, struct net_state *s,
			 struct buf *b)
{
	struct ifinfomsg ifi = { .ifi_family = AF_BRIDGE };
	struct buf q = { 0 };
	struct msgs m = { 0 };
	int ret;

	st_put_u32(&q, IFLA_EXT_MASK, RTEXT_FILTER_BRVLAN);
	ret = q.oom ? -ENOMEM
		    : st_dump_with(fd, RTM_GETLINK, &ifi, sizeof(ifi), &q, &m);
	/* ports first, then the bridges: a bridge's VLAN whose local FDB
	 * entry a port with the same address has already made stays the
	 * port's (either history is possible; this one is more usual) */
	for (int bridges = 0; bridges < 2; bridges++)
		for (size_t i = 0; !ret && i < m.n; i++) {
			const struct ifinfomsg *d = NLMSG_DATA(m.v[i]);
			const struct link *l;

			if (m.v[i]->nlmsg_type != RTM_NEWLINK ||
			    m.v[i]->nlmsg_len < NLMSG_LENGTH(sizeof(ifi)))
				continue;
			l = st_link_by_index(s, d->ifi_index);
			if (l && (strcmp(l->kind, "bridge") == 0) == (bridges == 1))
				save_device_vlans(o, s, m.v[i], b);
		}
	free(q.p);
	st_msgs_free(&m);
	/* a kernel without bridges has no VLANs to save */
	return ret == -EOPNOTSUPP ? 0 : ret;
}

/* BRIDGE_VLANDB_ENTRY_MCAST_N_GROUPS (Linux 6.3), a count, not an
 * option, then MCAST_MAX_GROUPS and NEIGH_SUPPRESS, which Linux takes of
 * a port's VLAN only; older uapi headers do not name them */
#define VLANDB_ENTRY_MCAST_N_GROUPS 7
#define VLANDB_ENTRY_MCAST_MAX_GROUPS 8
#define VLANDB_ENTRY_NEIGH_SUPPRESS 9

/* What a VLAN's entry dumps that no request sets: its statistics and
 * how many groups it has; its INFO is written anew. */
static bool skip_vlan_entry_attr(const struct nlattr *a, const void *ctx)
{
	int type = a->nla_type & NLA_TYPE_MASK;
	bool bridge = *(const bool *)ctx;

	return type == BRIDGE_VLANDB_ENTRY_INFO ||
	       type == BRIDGE_VLANDB_ENTRY_STATS ||
	       type == VLANDB_ENTRY_MCAST_N_GROUPS ||
	       (bridge && (type == VLANDB_ENTRY_MCAST_MAX_GROUPS ||
			   type == VLANDB_ENTRY_NEIGH_SUPPRESS));
}

/* One entry (a VLAN or a range) of a device as the RTM_NEWVLAN that sets
 * its options (state, multicast router...): the VLANs exist by now. */
static void save_vlan_entry(struct out *o, int ifindex, bool bridge,
			    const struct nlattr *ent, struct buf *b)
{
	const struct nlattr *tb[BRIDGE_VLANDB_ENTRY_MAX + 1];
	struct br_vlan_msg bvm;
	struct bridge_vlan_info info;
	size_t n;

	st_parse(st_payload(ent), st_plen(ent), tb, BRIDGE_VLANDB_ENTRY_MAX);
	if (!tb[BRIDGE_VLANDB_ENTRY_INFO] ||
	    st_plen(tb[BRIDGE_VLANDB_ENTRY_INFO]) < sizeof(info))
		return;
	memset(&bvm, 0, sizeof(bvm));
	bvm.family = AF_BRIDGE;
	bvm.ifindex = (__u32)ifindex;
	/* options only: the VLAN and its flags are made (vlan step), and
	 * a request without the flag would make it again */
	memcpy(&info, st_payload(tb[BRIDGE_VLANDB_ENTRY_INFO]), sizeof(info));
	info.flags = BRIDGE_VLAN_INFO_ONLY_OPTS;
	st_req_start(b, RTM_NEWVLAN, 0, &bvm, sizeof(bvm));
	n = st_nest_start(b, ent->nla_type);
	st_put_attr(b, BRIDGE_VLANDB_ENTRY_INFO, &info, sizeof(info));
	st_copy_attrs(b, st_payload(ent), st_plen(ent), skip_vlan_entry_attr,
		      &bridge);
	st_nest_end(b, n);
	st_emit(o, "vlan", b);
}

/* The per-VLAN options of bridges and ports (RTM_GETVLAN), each entry's
 * set again; a kernel without them has none. */
int st_save_vlan_options(int fd, struct out *o, struct net_state *s,
			 struct buf *b)
{
	struct br_vlan_msg bvm;
	struct msgs m = { 0 };
	int ret;

	memset(&bvm, 0, sizeof(bvm));
	bvm.family = AF_BRIDGE;
	ret = st_dump(fd, RTM_GETVLAN, &bvm, sizeof(bvm), &m);
	for (size_t i = 0; !ret && i < m.n; i++) {
		const struct br_vlan_msg *v = NLMSG_DATA(m.v[i]);
		const struct nlattr *a;
		size_t len, off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*v));
		const struct link *l;
		bool bridge;

		if (m.v[i]->nlmsg_type != RTM_NEWVLAN ||
		    m.v[i]->nlmsg_len < off ||
		    st_link_skipped(s, (int)v->ifindex))
			continue;
		l = st_link_by_index(s, (int)v->ifindex);
		bridge = l && !strcmp(l->kind, "bridge");
		a = (const void *)((const char *)m.v[i] + off);
		len = m.v[i]->nlmsg_len - off;
		while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
		       (size_t)a->nla_len <= len) {
			if ((a->nla_type & NLA_TYPE_MASK) == BRIDGE_VLANDB_ENTRY)
				save_vlan_entry(o, (int)v->ifindex, bridge, a,
						b);
			if ((size_t)NLA_ALIGN(a->nla_len) >= len)
				break;
			len -= NLA_ALIGN(a->nla_len);
			a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
		}
	}
	st_msgs_free(&m);
	return ret == -EOPNOTSUPP || ret == -EINVAL ? 0 : ret;
}

/* What a global VLAN entry's request carries again: not the querier's
 * state nor the router ports, which the bridge learns, nor padding. */
static bool gopt_not_settable(const struct nlattr *a, const void *ctx)
{
	int type = a->nla_type & NLA_TYPE_MASK;

	(void)ctx;
	return type == BRIDGE_VLANDB_GOPTS_MCAST_ROUTER_PORTS ||
	       type == BRIDGE_VLANDB_GOPTS_MCAST_QUERIER_STATE ||
	       type == BRIDGE_VLANDB_GOPTS_PAD;
}

/* The global VLAN options of bridges (RTM_GETVLAN with
 * BRIDGE_VLANDB_DUMPF_GLOBAL: multicast snooping per VLAN, its versions,
 * counts and intervals, the MST instance), each entry (a VID or a range
 * of VIDs with the same options) set again; a kernel without them has
 * none. */
int st_save_vlan_global(int fd, struct out *o, struct net_state *s,
			struct buf *b)
{
	struct br_vlan_msg bvm;
	struct buf q = { 0 };
	struct msgs m = { 0 };
	int ret;

	memset(&bvm, 0, sizeof(bvm));
	bvm.family = AF_BRIDGE;
	st_put_u32(&q, BRIDGE_VLANDB_DUMP_FLAGS, BRIDGE_VLANDB_DUMPF_GLOBAL);
	ret = q.oom ? -ENOMEM
		    : st_dump_with(fd, RTM_GETVLAN, &bvm, sizeof(bvm), &q, &m);
	for (size_t i = 0; !ret && i < m.n; i++) {
		const struct br_vlan_msg *v = NLMSG_DATA(m.v[i]);
		size_t len, off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*v));
		const struct nlattr *a;

		if (m.v[i]->nlmsg_type != RTM_NEWVLAN ||
		    m.v[i]->nlmsg_len < off ||
		    st_link_skipped(s, (int)v->ifindex))
			continue;
		a = (const void *)((const char *)m.v[i] + off);
		len = m.v[i]->nlmsg_len - off;
		while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
		       (size_t)a->nla_len <= len) {
			if ((a->nla_type & NLA_TYPE_MASK) ==
			    BRIDGE_VLANDB_GLOBAL_OPTIONS) {
				struct br_vlan_msg r = { .family = AF_BRIDGE,
							 .ifindex = v->ifindex };
				size_t n;

				st_req_start(b, RTM_NEWVLAN, 0, &r, sizeof(r));
				n = st_nest_start(b, BRIDGE_VLANDB_GLOBAL_OPTIONS |
						  NLA_F_NESTED);
				st_copy_attrs(b, st_payload(a), st_plen(a),
					      gopt_not_settable, NULL);
				st_nest_end(b, n);
				st_emit(o, "vlan-global", b);
			}
			if ((size_t)NLA_ALIGN(a->nla_len) >= len)
				break;
			len -= NLA_ALIGN(a->nla_len);
			a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
		}
	}
	free(q.p);
	st_msgs_free(&m);
	return ret == -EOPNOTSUPP || ret == -EINVAL ? 0 : ret;
}

/* ---- bridge and vxlan FDB ----------------------------------------- */

/* An entry the kernel made for a device's own address. */
static bool fdb_own_address(struct net_state *s, const struct ndmsg *nd,
			    const struct nlattr *lladdr)
{
	const struct link *l = st_link_by_index(s, nd->ndm_ifindex);

	return l && lladdr && l->tb[IFLA_ADDRESS] &&
	       st_plen(l->tb[IFLA_ADDRESS]) == st_plen(lladdr) &&
	       !memcmp(st_payload(l->tb[IFLA_ADDRESS]), st_payload(lladdr),
		       st_plen(lladdr));
}

static void save_fdb_entry(struct out *o, struct net_state *s,
			   const struct nlmsghdr *h, struct buf *b)
{
	static const int vxlan_attrs[] = { NDA_DST, NDA_PORT, NDA_VNI,
					   NDA_IFINDEX, NDA_SRC_VNI,
					   NDA_NH_ID };
	const struct ndmsg *nd = NLMSG_DATA(h);
	const struct nlattr *tb[NDA_MAX + 1];
	struct link *l = st_link_by_index(s, nd->ndm_ifindex);
	struct ndmsg m = *nd;
	bool vxlan, user;
	/* an entry made without a VLAN is made on each of the port's VLANs
	 * too, which are saved each: made again, they are no error */
	uint16_t flags = NLM_F_CREATE;

	st_parse_msg(h, sizeof(*nd), tb, NDA_MAX);
	if (!l || l->skip || !tb[NDA_LLADDR])
		return;
	vxlan = !strcmp(l->kind, "vxlan") && (nd->ndm_flags & NTF_SELF);
	/* the bridge's entries name it master; the addresses a device
	 * listens to (NTF_SELF) are its own business */
	if (!vxlan && (!tb[NDA_MASTER] || (nd->ndm_flags & NTF_SELF)))
		return;
	user = (nd->ndm_state & (NUD_NOARP | NUD_PERMANENT)) ||
	       (nd->ndm_flags & NTF_EXT_LEARNED);
	if (!user || (!vxlan && (nd->ndm_state & NUD_PERMANENT) &&
		      fdb_own_address(s, nd, tb[NDA_LLADDR])))
		return;
	m.ndm_flags &= NTF_EXT_LEARNED | NTF_STICKY | NTF_ROUTER;
	if (vxlan || (int)st_get_u32(tb[NDA_MASTER]) == nd->ndm_ifindex)
		m.ndm_flags |= NTF_SELF;
	else
		m.ndm_flags |= NTF_MASTER;
	/* vxlan's default entry is made with the device: append to it */
	if (vxlan)
		flags = NLM_F_CREATE | NLM_F_APPEND;
	st_req_start(b, RTM_NEWNEIGH, flags, &m, sizeof(m));
	st_put_copy(b, tb[NDA_LLADDR]);
	if (tb[NDA_VLAN])
		st_put_copy(b, tb[NDA_VLAN]);
	for (size_t i = 0; vxlan && i < sizeof(vxlan_attrs) /
						sizeof(vxlan_attrs[0]); i++)
		if (tb[vxlan_attrs[i]])
			st_put_copy(b, tb[vxlan_attrs[i]]);
	st_emit(o, "fdb", b);
}

static bool attr_same(const struct nlattr *a, const struct nlattr *b)
{
	if (!a || !b)
		return !a && !b;
	return st_plen(a) == st_plen(b) &&
	       !memcmp(st_payload(a), st_payload(b), st_plen(a));
}

/* Two messages of a dump that are remotes of one entry (a vxlan's
 * all-zero or multicast MAC with several): the same device, address,
 * VLAN and source VNI. */
static bool fdb_same_entry(const struct nlmsghdr *x, const struct nlmsghdr *y)
{
	const struct nlattr *tx[NDA_MAX + 1], *ty[NDA_MAX + 1];
	const struct ndmsg *nx = NLMSG_DATA(x), *ny = NLMSG_DATA(y);

	if (x->nlmsg_type != RTM_NEWNEIGH || y->nlmsg_type != RTM_NEWNEIGH ||
	    x->nlmsg_len < NLMSG_LENGTH(sizeof(*nx)) ||
	    y->nlmsg_len < NLMSG_LENGTH(sizeof(*ny)) ||
	    nx->ndm_ifindex != ny->ndm_ifindex)
		return false;
	st_parse_msg(x, sizeof(*nx), tx, NDA_MAX);
	st_parse_msg(y, sizeof(*ny), ty, NDA_MAX);
	return tx[NDA_LLADDR] && attr_same(tx[NDA_LLADDR], ty[NDA_LLADDR]) &&
	       attr_same(tx[NDA_VLAN], ty[NDA_VLAN]) &&
	       attr_same(tx[NDA_SRC_VNI], ty[NDA_SRC_VNI]) &&
	       attr_same(tx[NDA_MASTER], ty[NDA_MASTER]);
}

int st_save_fdb(int fd, struct out *o, struct net_state *s, struct buf *b)
{
	struct ndmsg nd = { .ndm_family = AF_BRIDGE };
	struct msgs m = { 0 };
	int ret = st_dump(fd, RTM_GETNEIGH, &nd, sizeof(nd), &m);

	/* Linux lists the newest entry first: the oldest is made first;
	 * the remotes of one vxlan entry stay in their order */
	for (size_t end = m.n; !ret && end > 0;) {
		size_t start = end - 1;

		while (start > 0 && fdb_same_entry(m.v[start - 1], m.v[start]))
			start--;
		for (size_t i = start; i < end; i++)
			if (m.v[i]->nlmsg_type == RTM_NEWNEIGH &&
			    m.v[i]->nlmsg_len >= NLMSG_LENGTH(sizeof(nd)))
				save_fdb_entry(o, s, m.v[i], b);
		end = start;
	}
	st_msgs_free(&m);
	return ret == -EOPNOTSUPP ? 0 : ret;
}

/* ---- bridge MDB ----------------------------------------------------- */

static void save_mdb_entry(struct out *o, struct net_state *s, int bridge,
			   const struct nlattr *info, struct buf *b)
{
	struct br_mdb_entry e;
	const struct nlattr *tb[MDBA_MDB_EATTR_MAX + 1];
	struct br_port_msg bpm;
	size_t after = NLA_ALIGN(sizeof(e));

	/* three bytes of padding after the family: zero, as Linux writes */
	memset(&bpm, 0, sizeof(bpm));
	bpm.family = AF_BRIDGE;
	bpm.ifindex = (__u32)bridge;

	if (st_plen(info) < sizeof(e))
		return;
	memcpy(&e, st_payload(info), sizeof(e));
	st_parse((const char *)st_payload(info) + after,
		 st_plen(info) > after ? st_plen(info) - after : 0, tb,
		 MDBA_MDB_EATTR_MAX);
	/* what IGMP and MLD taught the bridge goes with their timers */
	if ((tb[MDBA_MDB_EATTR_RTPROT] &&
	     st_get_u8(tb[MDBA_MDB_EATTR_RTPROT]) != RTPROT_STATIC) ||
	    st_link_skipped(s, (int)e.ifindex))
		return;
	e.flags = 0;
	st_req_start(b, RTM_NEWMDB, NLM_F_CREATE | NLM_F_EXCL, &bpm,
		     sizeof(bpm));
	st_put_attr(b, MDBA_SET_ENTRY, &e, sizeof(e));
	if (tb[MDBA_MDB_EATTR_SOURCE]) {
		size_t n = st_nest_start(b, MDBA_SET_ENTRY_ATTRS);

		st_put_attr(b, MDBE_ATTR_SOURCE,
			    st_payload(tb[MDBA_MDB_EATTR_SOURCE]),
			    st_plen(tb[MDBA_MDB_EATTR_SOURCE]));
		st_nest_end(b, n);
	}
	st_emit(o, "mdb", b);
}

/* Each MDBA_MDB_ENTRY_INFO of a dumped message's MDBA_MDB. */
static void save_mdb_msg(struct out *o, struct net_state *s,
			 const struct nlmsghdr *h, struct buf *b)
{
	const struct br_port_msg *bpm = NLMSG_DATA(h);
	const struct nlattr *tb[MDBA_MAX + 1];
	const struct nlattr *ent, *info;
	size_t elen, ilen;

	st_parse_msg(h, sizeof(*bpm), tb, MDBA_MAX);
	if (!tb[MDBA_MDB] || st_link_skipped(s, (int)bpm->ifindex))
		return;
	const struct nlattr *infos[1024];
	size_t n = 0;

	ent = st_payload(tb[MDBA_MDB]);
	elen = st_plen(tb[MDBA_MDB]);
	while (elen >= NLA_HDRLEN && ent->nla_len >= NLA_HDRLEN &&
	       (size_t)ent->nla_len <= elen) {
		info = st_payload(ent);
		ilen = st_plen(ent);
		while ((ent->nla_type & NLA_TYPE_MASK) == MDBA_MDB_ENTRY &&
		       ilen >= NLA_HDRLEN && info->nla_len >= NLA_HDRLEN &&
		       (size_t)info->nla_len <= ilen) {
			if ((info->nla_type & NLA_TYPE_MASK) ==
			    MDBA_MDB_ENTRY_INFO)
				if (n < sizeof(infos) / sizeof(infos[0]))
					infos[n++] = info;
			if ((size_t)NLA_ALIGN(info->nla_len) >= ilen)
				break;
			ilen -= NLA_ALIGN(info->nla_len);
			info = (const void *)((const char *)info +
					      NLA_ALIGN(info->nla_len));
		}
		if ((size_t)NLA_ALIGN(ent->nla_len) >= elen)
			break;
		elen -= NLA_ALIGN(ent->nla_len);
		ent = (const void *)((const char *)ent +
				     NLA_ALIGN(ent->nla_len));
	}
	/* Linux lists the newest group first: the oldest is made first */
	while (n-- > 0)
		save_mdb_entry(o, s, (int)bpm->ifindex, infos[n], b);
}

int st_save_mdb(int fd, struct out *o, struct net_state *s, struct buf *b)
{
	struct br_port_msg bpm;
	struct msgs m = { 0 };
	int ret;

	memset(&bpm, 0, sizeof(bpm));
	bpm.family = AF_BRIDGE;
	ret = st_dump(fd, RTM_GETMDB, &bpm, sizeof(bpm), &m);

	for (size_t i = 0; !ret && i < m.n; i++)
		/* Linux dumps them as RTM_GETMDB */
		if ((m.v[i]->nlmsg_type == RTM_GETMDB ||
		     m.v[i]->nlmsg_type == RTM_NEWMDB) &&
		    m.v[i]->nlmsg_len >= NLMSG_LENGTH(sizeof(bpm)))
			save_mdb_msg(o, s, m.v[i], b);
	st_msgs_free(&m);
	return ret == -EOPNOTSUPP ? 0 : ret;
}

/* ---- the SPD's defaults and hash thresholds --------------------------- */

static void save_spd_default(int fd, struct out *o, struct buf *b)
{
	struct xfrm_userpolicy_default d = { 0 };
	struct msgs m = { 0 };

	if (st_query(fd, XFRM_MSG_GETDEFAULT, &d, sizeof(d), NULL, &m) ||
	    !m.n || m.v[0]->nlmsg_len < NLMSG_LENGTH(sizeof(d))) {
		st_msgs_free(&m);
		return; /* a kernel without them (before 5.17) */
	}
	memcpy(&d, NLMSG_DATA(m.v[0]), sizeof(d));
	st_msgs_free(&m);
	if (d.in == XFRM_USERPOLICY_ACCEPT && d.fwd == XFRM_USERPOLICY_ACCEPT &&
	    d.out == XFRM_USERPOLICY_ACCEPT)
		return;
	st_req_start(b, XFRM_MSG_SETDEFAULT, 0, &d, sizeof(d));
	st_emit(o, "xfrm-spd", b);
}

/* The thresholds a net starts with: whole addresses. */
static bool hthresh_default(const struct nlattr *a, uint8_t bits)
{
	struct xfrmu_spdhthresh t;

	if (!a || st_plen(a) < sizeof(t))
		return true;
	memcpy(&t, st_payload(a), sizeof(t));
	return t.lbits == bits && t.rbits == bits;
}

static void save_spd_thresholds(int fd, struct out *o, struct buf *b)
{
	const struct nlattr *tb[XFRMA_SPD_MAX + 1];
	uint32_t flags = 0;
	struct msgs m = { 0 };

	if (st_query(fd, XFRM_MSG_GETSPDINFO, &flags, sizeof(flags), NULL,
		     &m) || !m.n) {
		st_msgs_free(&m);
		return;
	}
	st_parse_msg(m.v[0], sizeof(flags), tb, XFRMA_SPD_MAX);
	if (!hthresh_default(tb[XFRMA_SPD_IPV4_HTHRESH], 32) ||
	    !hthresh_default(tb[XFRMA_SPD_IPV6_HTHRESH], 128)) {
		st_req_start(b, XFRM_MSG_NEWSPDINFO, 0, &flags, sizeof(flags));
		if (tb[XFRMA_SPD_IPV4_HTHRESH])
			st_put_copy(b, tb[XFRMA_SPD_IPV4_HTHRESH]);
		if (tb[XFRMA_SPD_IPV6_HTHRESH])
			st_put_copy(b, tb[XFRMA_SPD_IPV6_HTHRESH]);
		st_emit(o, "xfrm-spd", b);
	}
	st_msgs_free(&m);
}

int st_save_xfrm_spd(struct out *o, struct buf *b)
{
	int fd = st_nl_open(NETLINK_XFRM);

	if (fd < 0)
		return fd == -EPROTONOSUPPORT ? 0 : fd;
	o->protocol = NETLINK_XFRM;
	save_spd_default(fd, o, b);
	save_spd_thresholds(fd, o, b);
	o->protocol = NETLINK_ROUTE;
	close(fd);
	return 0;
}

/* ---- nfnetlink: conntrack entries and ipset sets ---------------------- */

static void nfnl_start(struct buf *b, uint16_t type, uint16_t flags,
		       uint8_t family)
{
	struct nfgenmsg g = { .nfgen_family = family,
			      .version = NFNETLINK_V0 };

	st_req_start(b, type, flags, &g, sizeof(g));
}

/* What a conntrack dump carries that a new entry is not given: ids,
 * counters, use counts, timestamps, the security context, and the
 * status, which is put back without the bits only the kernel sets. */
static bool skip_ct_attr(const struct nlattr *a, const void *ctx)
{
	int type = a->nla_type & NLA_TYPE_MASK;

	(void)ctx;
	return type == CTA_STATUS || type == CTA_COUNTERS_ORIG ||
	       type == CTA_COUNTERS_REPLY || type == CTA_USE ||
	       type == CTA_ID || type == CTA_SECMARK || type == CTA_SECCTX ||
	       type == CTA_TIMESTAMP || type == CTA_SYNPROXY;
}

/* ctnetlink_change_status() refuses a new entry these (EBUSY); the
 * kernel sets them itself (confirmed as the entry is made) */
#define CT_STATUS_KERNEL (IPS_EXPECTED | IPS_CONFIRMED | IPS_DYING | \
			  IPS_TEMPLATE | IPS_UNTRACKED | IPS_HELPER | \
			  IPS_OFFLOAD | IPS_HW_OFFLOAD)

static void save_ct_entry(struct out *o, const struct nlmsghdr *h,
			  struct buf *b)
{
	const struct nfgenmsg *g = NLMSG_DATA(h);
	const struct nlattr *tb[CTA_MAX + 1];
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*g));
	uint32_t status;

	st_parse_msg(h, sizeof(*g), tb, CTA_MAX);
	if (!tb[CTA_TUPLE_ORIG] || !tb[CTA_TUPLE_REPLY])
		return;
	status = ntohl(st_get_u32(tb[CTA_STATUS])) & ~(uint32_t)CT_STATUS_KERNEL;
	nfnl_start(b, NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW,
		   NLM_F_CREATE | NLM_F_EXCL, g->nfgen_family);
	st_copy_attrs(b, (const char *)h + off, h->nlmsg_len - off,
		      skip_ct_attr, NULL);
	st_put_u32(b, CTA_STATUS, htonl(status));
	st_emit(o, "conntrack", b);
}

/* What an expectation's dump carries that a new one is not given: its
 * id and its timeout (a new one gets its helper's). */
static bool skip_exp_attr(const struct nlattr *a, const void *ctx)
{
	int type = a->nla_type & NLA_TYPE_MASK;

	(void)ctx;
	return type == CTA_EXPECT_ID || type == CTA_EXPECT_TIMEOUT;
}

/* The expectations, after their masters, oldest first. */
static int save_ct_expectations(int fd, struct out *o, struct buf *b)
{
	struct nfgenmsg g = { .nfgen_family = AF_UNSPEC,
			      .version = NFNETLINK_V0 };
	uint16_t type = NFNL_SUBSYS_CTNETLINK_EXP << 8 | IPCTNL_MSG_EXP_NEW;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(g));
	struct msgs m = { 0 };
	int ret = st_dump(fd, NFNL_SUBSYS_CTNETLINK_EXP << 8 | IPCTNL_MSG_EXP_GET,
			  &g, sizeof(g), &m);

	for (size_t i = m.n; !ret && i-- > 0;) {
		const struct nlmsghdr *h = m.v[i];

		if (h->nlmsg_type != type || h->nlmsg_len < off)
			continue;
		nfnl_start(b, type, NLM_F_CREATE | NLM_F_EXCL,
			   ((const struct nfgenmsg *)NLMSG_DATA(h))->nfgen_family);
		st_copy_attrs(b, (const char *)h + off, h->nlmsg_len - off,
			      skip_exp_attr, NULL);
		st_emit(o, "conntrack", b);
	}
	st_msgs_free(&m);
	return ret;
}

/* The conntrack table of every family: each entry with its remaining
 * timeout (it starts counting again when loaded). */
int st_save_conntrack(struct out *o, struct buf *b)
{
	struct nfgenmsg g = { .nfgen_family = AF_UNSPEC,
			      .version = NFNETLINK_V0 };
	struct msgs m = { 0 };
	int fd = st_nl_open(NETLINK_NETFILTER), ret;

	if (fd < 0)
		return fd == -EPROTONOSUPPORT ? 0 : fd;
	ret = st_dump(fd, NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_GET, &g,
		      sizeof(g), &m);
	o->protocol = NETLINK_NETFILTER;
	/* Linux lists a bucket's newest entry first */
	for (size_t i = m.n; !ret && i-- > 0;)
		if (m.v[i]->nlmsg_type ==
			    (NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW) &&
		    m.v[i]->nlmsg_len >= NLMSG_LENGTH(sizeof(g)))
			save_ct_entry(o, m.v[i], b);
	st_msgs_free(&m);
	if (!ret)
		ret = save_ct_expectations(fd, o, b);
	o->protocol = NETLINK_ROUTE;
	close(fd);
	/* no conntrack here (no module, or a profile without it) */
	if (ret == -EOPNOTSUPP || ret == -ENOENT || ret == -EPROTONOSUPPORT)
		ret = 0;
	if (ret)
		fprintf(stderr, "unetlink: state: cannot dump conntrack: %s\n",
			strerror(-ret));
	return ret;
}

/* A set's create data without what the kernel counts. */
static bool skip_ipset_data(const struct nlattr *a, const void *ctx)
{
	int type = a->nla_type & NLA_TYPE_MASK;

	(void)ctx;
	return type == IPSET_ATTR_ELEMENTS || type == IPSET_ATTR_REFERENCES ||
	       type == IPSET_ATTR_MEMSIZE;
}

/* An address nest (IPSET_ATTR_IP and the like) as Linux wants it sent:
 * its address flagged NLA_F_NET_BYTEORDER, which Linux's dumps leave
 * out (ip_set_get_ipaddr4() refuses it without). */
static void put_ipset_attr(struct buf *b, const struct nlattr *a)
{
	const struct nlattr *in = st_payload(a);
	size_t len = st_plen(a), n;

	if (!(a->nla_type & NLA_F_NESTED)) {
		st_put_copy(b, a);
		return;
	}
	n = st_nest_start(b, a->nla_type);
	while (len >= NLA_HDRLEN && in->nla_len >= NLA_HDRLEN &&
	       (size_t)in->nla_len <= len) {
		st_put_attr(b, in->nla_type | NLA_F_NET_BYTEORDER,
			    st_payload(in), st_plen(in));
		if ((size_t)NLA_ALIGN(in->nla_len) >= len)
			break;
		len -= NLA_ALIGN(in->nla_len);
		in = (const void *)((const char *)in + NLA_ALIGN(in->nla_len));
	}
	st_nest_end(b, n);
}

/* A nest of ipset data (a set's create data, a member) with each of its
 * attributes as put_ipset_attr() says, skip's aside. */
static void put_ipset_data(struct buf *b, const struct nlattr *data,
			   bool (*skip)(const struct nlattr *, const void *))
{
	const struct nlattr *a = st_payload(data);
	size_t len = st_plen(data), n = st_nest_start(b, data->nla_type);

	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       (size_t)a->nla_len <= len) {
		if (!skip || !skip(a, NULL))
			put_ipset_attr(b, a);
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
		len -= NLA_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
	st_nest_end(b, n);
}

static void ipset_start(struct buf *b, uint8_t cmd, uint8_t family,
			const struct nlattr *name)
{
	uint8_t proto = IPSET_PROTOCOL;

	nfnl_start(b, NFNL_SUBSYS_IPSET << 8 | cmd, 0, family);
	st_put_attr(b, IPSET_ATTR_PROTOCOL, &proto, 1);
	st_put_copy(b, name);
}

/* One message of a set's listing: its creation (the first), its
 * members (in IPSET_ATTR_ADT, as many messages as they fill). */
static void save_ipset_msg(struct out *o, const struct nlmsghdr *h,
			   bool create, struct buf *b)
{
	const struct nfgenmsg *g = NLMSG_DATA(h);
	const struct nlattr *tb[IPSET_ATTR_CMD_MAX + 1];

	st_parse_msg(h, sizeof(*g), tb, IPSET_ATTR_CMD_MAX);
	if (!tb[IPSET_ATTR_SETNAME])
		return;
	if (create && tb[IPSET_ATTR_TYPENAME]) {
		ipset_start(b, IPSET_CMD_CREATE, g->nfgen_family,
			    tb[IPSET_ATTR_SETNAME]);
		st_put_copy(b, tb[IPSET_ATTR_TYPENAME]);
		if (tb[IPSET_ATTR_REVISION])
			st_put_copy(b, tb[IPSET_ATTR_REVISION]);
		if (tb[IPSET_ATTR_FAMILY])
			st_put_copy(b, tb[IPSET_ATTR_FAMILY]);
		if (tb[IPSET_ATTR_DATA])
			put_ipset_data(b, tb[IPSET_ATTR_DATA], skip_ipset_data);
		st_emit(o, "ipset", b);
	}
	if (tb[IPSET_ATTR_ADT] && st_plen(tb[IPSET_ATTR_ADT]) >= NLA_HDRLEN) {
		ipset_start(b, IPSET_CMD_ADD, g->nfgen_family,
			    tb[IPSET_ATTR_SETNAME]);
		/* several members in one request need a line number, which
		 * an error would name */
		st_put_u32(b, IPSET_ATTR_LINENO, 0);
		/* the members, each an IPSET_ATTR_DATA */
		const struct nlattr *e = st_payload(tb[IPSET_ATTR_ADT]);
		size_t len = st_plen(tb[IPSET_ATTR_ADT]);
		size_t adt = st_nest_start(b, tb[IPSET_ATTR_ADT]->nla_type);

		while (len >= NLA_HDRLEN && e->nla_len >= NLA_HDRLEN &&
		       (size_t)e->nla_len <= len) {
			put_ipset_data(b, e, NULL);
			if ((size_t)NLA_ALIGN(e->nla_len) >= len)
				break;
			len -= NLA_ALIGN(e->nla_len);
			e = (const void *)((const char *)e +
					   NLA_ALIGN(e->nla_len));
		}
		st_nest_end(b, adt);
		st_emit(o, "ipset", b);
	}
}

static bool ipset_is_list(const struct nlmsghdr *h)
{
	const struct nlattr *tb[IPSET_ATTR_CMD_MAX + 1];

	st_parse_msg(h, sizeof(struct nfgenmsg), tb, IPSET_ATTR_CMD_MAX);
	return tb[IPSET_ATTR_TYPENAME] &&
	       !strncmp(st_payload(tb[IPSET_ATTR_TYPENAME]), "list:",
			5);
}

/* Every set, with its members; list:set sets last, as they name the
 * others. */
int st_save_ipset(struct out *o, struct buf *b)
{
	struct nfgenmsg g = { .nfgen_family = NFPROTO_UNSPEC,
			      .version = NFNETLINK_V0 };
	uint8_t proto = IPSET_PROTOCOL;
	struct buf q = { 0 };
	struct msgs m = { 0 };
	int fd = st_nl_open(NETLINK_NETFILTER), ret;

	if (fd < 0)
		return fd == -EPROTONOSUPPORT ? 0 : fd;
	st_put_attr(&q, IPSET_ATTR_PROTOCOL, &proto, 1);
	ret = q.oom ? -ENOMEM
		    : st_dump_with(fd, NFNL_SUBSYS_IPSET << 8 | IPSET_CMD_LIST,
				   &g, sizeof(g), &q, &m);
	o->protocol = NETLINK_NETFILTER;
	for (int lists = 0; lists < 2; lists++) {
		const struct nlattr *last = NULL;

		for (size_t i = 0; !ret && i < m.n; i++) {
			const struct nlmsghdr *h = m.v[i];
			const struct nlattr *tb[IPSET_ATTR_CMD_MAX + 1];
			bool first;

			if (h->nlmsg_type != (NFNL_SUBSYS_IPSET << 8 |
					      IPSET_CMD_LIST) ||
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(g)) ||
			    ipset_is_list(h) != (lists == 1))
				continue;
			st_parse_msg(h, sizeof(g), tb, IPSET_ATTR_CMD_MAX);
			if (!tb[IPSET_ATTR_SETNAME])
				continue;
			/* a set's first message names its type */
			first = !last || strcmp(st_payload(last),
						st_payload(tb[IPSET_ATTR_SETNAME]));
			last = tb[IPSET_ATTR_SETNAME];
			save_ipset_msg(o, h, first, b);
		}
	}
	o->protocol = NETLINK_ROUTE;
	free(q.p);
	st_msgs_free(&m);
	close(fd);
	if (ret == -EOPNOTSUPP || ret == -ENOENT || ret == -EPROTONOSUPPORT)
		ret = 0;
	if (ret)
		fprintf(stderr, "unetlink: state: cannot dump ipset: %s\n",
			strerror(-ret));
	return ret;
}

/* ---- WireGuard ------------------------------------------------------ */

/* A generic netlink family's id by name, 0 when there is none. */
int st_genl_family(int fd, const char *name)
{
	struct genlmsghdr g = { .cmd = CTRL_CMD_GETFAMILY, .version = 1 };
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct buf q = { 0 };
	struct msgs m = { 0 };
	int id = 0;

	st_put_attr(&q, CTRL_ATTR_FAMILY_NAME, name, strlen(name) + 1);
	if (!q.oom && !st_query(fd, GENL_ID_CTRL, &g, sizeof(g), &q, &m) &&
	    m.n) {
		st_parse_msg(m.v[0], sizeof(g), tb, CTRL_ATTR_MAX);
		if (tb[CTRL_ATTR_FAMILY_ID] && st_plen(tb[CTRL_ATTR_FAMILY_ID]) >= 2)
		{
			uint16_t v;

			memcpy(&v, st_payload(tb[CTRL_ATTR_FAMILY_ID]), 2);
			id = v;
		}
	}
	free(q.p);
	st_msgs_free(&m);
	return id;
}

/* What a peer's dump carries that is no setting: its counters, its last
 * handshake, the protocol version. */
static bool skip_wg_peer_attr(const struct nlattr *a, const void *ctx)
{
	int type = a->nla_type & NLA_TYPE_MASK;

	(void)ctx;
	return type == WGPEER_A_LAST_HANDSHAKE_TIME ||
	       type == WGPEER_A_RX_BYTES || type == WGPEER_A_TX_BYTES ||
	       type == WGPEER_A_PROTOCOL_VERSION;
}

/* One message of a device's dump as WG_CMD_SET_DEVICE: the device's
 * settings (in the first) and the peers it lists. */
static void save_wg_msg(struct out *o, int ifindex, const struct nlmsghdr *h,
			bool first, struct buf *b)
{
	static const int device[] = { WGDEVICE_A_PRIVATE_KEY,
				      WGDEVICE_A_LISTEN_PORT,
				      WGDEVICE_A_FWMARK };
	struct genlmsghdr g = { .cmd = WG_CMD_SET_DEVICE, .version = 1 };
	const struct nlattr *tb[WGDEVICE_A_MAX + 1], *p;
	size_t len;

	st_parse_msg(h, sizeof(g), tb, WGDEVICE_A_MAX);
	if (!first && !tb[WGDEVICE_A_PEERS])
		return;
	/* the family's id is the loading net's: the loader asks for it by
	 * the step's name */
	st_req_start(b, 0, 0, &g, sizeof(g));
	st_put_u32(b, WGDEVICE_A_IFINDEX, (uint32_t)ifindex);
	for (size_t i = 0; first && i < sizeof(device) / sizeof(device[0]); i++)
		if (tb[device[i]])
			st_put_copy(b, tb[device[i]]);
	if (tb[WGDEVICE_A_PEERS]) {
		size_t peers = st_nest_start(b, WGDEVICE_A_PEERS | NLA_F_NESTED);

		p = st_payload(tb[WGDEVICE_A_PEERS]);
		len = st_plen(tb[WGDEVICE_A_PEERS]);
		while (len >= NLA_HDRLEN && p->nla_len >= NLA_HDRLEN &&
		       (size_t)p->nla_len <= len) {
			size_t one = st_nest_start(b, p->nla_type | NLA_F_NESTED);

			st_copy_attrs(b, st_payload(p), st_plen(p),
				      skip_wg_peer_attr, NULL);
			st_nest_end(b, one);
			if ((size_t)NLA_ALIGN(p->nla_len) >= len)
				break;
			len -= NLA_ALIGN(p->nla_len);
			p = (const void *)((const char *)p + NLA_ALIGN(p->nla_len));
		}
		st_nest_end(b, peers);
	}
	st_emit(o, "wireguard", b);
}

/* Each WireGuard device's keys, port, mark and peers. */
int st_save_wireguard(struct out *o, struct net_state *s, struct buf *b)
{
	int fd = -1, family = 0, ret = 0;

	for (size_t i = 0; !ret && i < s->nlinks; i++) {
		struct genlmsghdr g = { .cmd = WG_CMD_GET_DEVICE, .version = 1 };
		const struct link *l = &s->links[i];
		struct buf q = { 0 };
		struct msgs m = { 0 };

		if (l->skip || strcmp(l->kind, "wireguard"))
			continue;
		if (fd < 0) {
			fd = st_nl_open(NETLINK_GENERIC);
			if (fd < 0)
				return fd;
			family = st_genl_family(fd, "wireguard");
		}
		if (!family) {
			fprintf(stderr, "unetlink: state: %s: no wireguard "
				"family to read its keys and peers from\n",
				st_link_name(l));
			continue;
		}
		st_put_u32(&q, WGDEVICE_A_IFINDEX, (uint32_t)l->ifi->ifi_index);
		ret = q.oom ? -ENOMEM
			    : st_dump_with(fd, (uint16_t)family, &g, sizeof(g),
					   &q, &m);
		o->protocol = NETLINK_GENERIC;
		for (size_t j = 0; !ret && j < m.n; j++)
			if (m.v[j]->nlmsg_type == family)
				save_wg_msg(o, l->ifi->ifi_index, m.v[j], !j, b);
		o->protocol = NETLINK_ROUTE;
		free(q.p);
		st_msgs_free(&m);
	}
	if (fd >= 0)
		close(fd);
	if (ret)
		fprintf(stderr, "unetlink: state: cannot dump wireguard: %s\n",
			strerror(-ret));
	return ret;
}

/* ---- vxlan VNI filters -------------------------------------------- */

/* The VNIs of each filtering vxlan (RTM_GETTUNNEL, an entry a VNI or a
 * range with one remote), each entry added again as it was dumped; a
 * kernel without vxlan has none. */
int st_save_vni(int fd, struct out *o, struct net_state *s, struct buf *b)
{
	struct tunnel_msg tm;
	struct msgs m = { 0 };
	int ret;

	memset(&tm, 0, sizeof(tm));
	tm.family = AF_BRIDGE;
	ret = st_dump(fd, RTM_GETTUNNEL, &tm, sizeof(tm), &m);
	for (size_t i = 0; !ret && i < m.n; i++) {
		const struct tunnel_msg *t = NLMSG_DATA(m.v[i]);
		size_t len, off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*t));
		const struct nlattr *a;

		if (m.v[i]->nlmsg_type != RTM_NEWTUNNEL ||
		    m.v[i]->nlmsg_len < off ||
		    st_link_skipped(s, (int)t->ifindex))
			continue;
		a = (const void *)((const char *)m.v[i] + off);
		len = m.v[i]->nlmsg_len - off;
		while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
		       (size_t)a->nla_len <= len) {
			if ((a->nla_type & NLA_TYPE_MASK) == VXLAN_VNIFILTER_ENTRY) {
				struct tunnel_msg r = { .family = AF_BRIDGE,
							.ifindex = t->ifindex };
				size_t n;

				st_req_start(b, RTM_NEWTUNNEL, 0, &r, sizeof(r));
				n = st_nest_start(b, VXLAN_VNIFILTER_ENTRY |
						  NLA_F_NESTED);
				st_copy_attrs(b, st_payload(a), st_plen(a), NULL,
					      NULL);
				st_nest_end(b, n);
				st_emit(o, "vni", b);
			}
			if ((size_t)NLA_ALIGN(a->nla_len) >= len)
				break;
			len -= NLA_ALIGN(a->nla_len);
			a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
		}
	}
	st_msgs_free(&m);
	return ret == -EOPNOTSUPP || ret == -EINVAL ? 0 : ret;
}
