// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Sysctl tables of a net (net/sysctl_net.c's register_net_sysctl_table()
 * and fs/proc/proc_sysctl.c's directories): a protocol registers its
 * entries under a directory of /proc/sys/net with its per-net state, and
 * the files of the net (files.h) list, read and write them here.  The
 * tables are the protocols' own: this file knows no entry.
 *
 * A directory is made of the tables registered at it and the
 * directories of tables below it.  A tree whose protocol registers it
 * when loaded (proto_builtin_sysctl_owner(): /proc/sys/net/netfilter is
 * NETLINK_NETFILTER's) loads it first, as the kernel has its modules
 * loaded; without it in the net's profile the tree does not exist.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unetlink/files.h>
#include <unetlink/kernel.h>

#include "core/internal.h"

struct nl_sysctl {
	struct nl_sysctl *next;
	char *path;
	const struct unl_ctl_table *table;
	size_t n;
	void *base;
};

int unl_net_hz(const struct unl_net *net)
{
	return net->hz > 0 ? net->hz : 100;
}

int unl_register_net_sysctl(struct unl_net *net, const char *path,
			    const struct unl_ctl_table *table, size_t n,
			    void *base)
{
	struct nl_sysctl *s;

	for (s = net->sysctls; s; s = s->next)
		if (s->table == table)
			return -EEXIST;
	s = calloc(1, sizeof(*s));
	if (!s || !(s->path = strdup(path))) {
		free(s);
		return -ENOMEM;
	}
	s->table = table;
	s->n = n;
	s->base = base;
	s->next = net->sysctls;
	net->sysctls = s;
	return 0;
}

static void sysctl_free(struct nl_sysctl *s)
{
	free(s->path);
	free(s);
}

void unl_unregister_net_sysctl(struct unl_net *net,
			       const struct unl_ctl_table *table)
{
	for (struct nl_sysctl **pp = &net->sysctls; *pp; pp = &(*pp)->next) {
		struct nl_sysctl *s = *pp;

		if (s->table != table)
			continue;
		*pp = s->next;
		sysctl_free(s);
		return;
	}
}

void nl_sysctls_free(struct unl_net *net)
{
	while (net->sysctls) {
		struct nl_sysctl *s = net->sysctls;

		net->sysctls = s->next;
		sysctl_free(s);
	}
}

/* ---- the usual handlers ---- */

/* proc_get_long(): an integer (any base strtol takes), blanks and one
 * newline around it; the magnitude and its sign apart, as the kernel
 * parses them. */
static int parse_value(const char *s, unsigned long long *mag, bool *neg)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	*neg = *s == '-';
	if (*neg)
		s++;
	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*mag = strtoull(s, &end, 0);
	if (errno)
		return -EINVAL;
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	return *end ? -EINVAL : 0;
}

static int parse_long(const char *s, long long *v)
{
	unsigned long long mag;
	bool neg;
	int err = parse_value(s, &mag, &neg);

	if (err)
		return err;
	if (mag > (unsigned long long)LLONG_MAX)
		return -EINVAL;
	*v = neg ? -(long long)mag : (long long)mag;
	return 0;
}

static int show(char *buf, size_t len, long long v)
{
	int n = snprintf(buf, len, "%lld\n", v);

	return n < 0 || (size_t)n >= len ? -EINVAL : 0;
}

/* The range a table gives, or the type's. */
static void range_of(const struct unl_ctl_table *t, long long tmin,
		     long long tmax, long long *min, long long *max)
{
	bool given = t->min || t->max;

	*min = given ? t->min : tmin;
	*max = given ? t->max : tmax;
}

int unl_proc_dointvec(struct unl_net *net, const struct unl_ctl_table *t,
		      void *data, const char *write, char *buf, size_t len)
{
	int *v = data;
	long long x;

	(void)net;
	(void)t;
	if (!write)
		return show(buf, len, *v);
	if (parse_long(write, &x) || x < INT_MIN || x > INT_MAX)
		return -EINVAL;
	*v = (int)x;
	return 0;
}

int unl_proc_dointvec_minmax(struct unl_net *net,
			     const struct unl_ctl_table *t, void *data,
			     const char *write, char *buf, size_t len)
{
	int *v = data;
	long long x, min, max;

	(void)net;
	if (!write)
		return show(buf, len, *v);
	range_of(t, INT_MIN, INT_MAX, &min, &max);
	if (parse_long(write, &x) || x < INT_MIN || x > INT_MAX || x < min ||
	    x > max)
		return -EINVAL;
	*v = (int)x;
	return 0;
}

/* proc_douintvec(): no sign */
int unl_proc_douintvec(struct unl_net *net, const struct unl_ctl_table *t,
		       void *data, const char *write, char *buf, size_t len)
{
	unsigned int *v = data;
	unsigned long long x;
	bool neg;

	(void)net;
	(void)t;
	if (!write)
		return show(buf, len, *v);
	if (parse_value(write, &x, &neg) || neg || x > UINT_MAX)
		return -EINVAL;
	*v = (unsigned int)x;
	return 0;
}

int unl_proc_dou8vec_minmax(struct unl_net *net,
			    const struct unl_ctl_table *t, void *data,
			    const char *write, char *buf, size_t len)
{
	uint8_t *v = data;
	unsigned long long x;
	long long min, max;
	bool neg;

	(void)net;
	if (!write)
		return show(buf, len, *v);
	range_of(t, 0, UINT8_MAX, &min, &max);
	if (parse_value(write, &x, &neg) || neg || x > UINT8_MAX ||
	    (long long)x < min || (long long)x > max)
		return -EINVAL;
	*v = (uint8_t)x;
	return 0;
}

/* Kept in jiffies, shown and written in seconds; a magnitude above
 * INT_MAX / HZ is refused (do_proc_dointvec_jiffies_conv()). */
int unl_proc_dointvec_jiffies(struct unl_net *net,
			      const struct unl_ctl_table *t, void *data,
			      const char *write, char *buf, size_t len)
{
	int *v = data, hz = unl_net_hz(net);
	unsigned long long x;
	bool neg;

	(void)t;
	if (!write) {
		long long j = *v;

		return show(buf, len, j < 0 ? -(-j / hz) : j / hz);
	}
	if (parse_value(write, &x, &neg) || x > (unsigned long long)(INT_MAX / hz))
		return -EINVAL;
	*v = (int)(neg ? -(long long)x * hz : (long long)x * hz);
	return 0;
}

int unl_proc_doulongvec_minmax(struct unl_net *net,
			       const struct unl_ctl_table *t, void *data,
			       const char *write, char *buf, size_t len)
{
	unsigned long *v = data;
	unsigned long long x;
	bool neg;

	(void)net;
	if (!write) {
		int n = snprintf(buf, len, "%lu\n", *v);

		return n < 0 || (size_t)n >= len ? -EINVAL : 0;
	}
	if (parse_value(write, &x, &neg) || neg || x > ULONG_MAX ||
	    ((t->min || t->max) &&
	     (x < (unsigned long)t->min || x > (unsigned long)t->max)))
		return -EINVAL;
	*v = (unsigned long)x;
	return 0;
}

/* ---- lookup ---- */

/* The protocol whose tree rest lies in, or -1. */
static int owner_of(const char *rest)
{
	return proto_builtin_sysctl_owner(rest, strcspn(rest, "/"));
}

/* The tree's owner loaded: false when the path belongs to an owner the
 * net's profile lacks (the tree does not exist). */
static bool owner_loaded(struct unl_net *net, const char *rest)
{
	int protocol = owner_of(rest);

	return protocol < 0 || unl_net_load_protocol(net, protocol) == 0;
}

static bool owned(const char *rest)
{
	return owner_of(rest) >= 0;
}

static struct nl_sysctl *table_at(struct unl_net *net, const char *dir,
				  size_t n)
{
	for (struct nl_sysctl *s = net->sysctls; s; s = s->next)
		if (strlen(s->path) == n && !strncmp(s->path, dir, n))
			return s;
	return NULL;
}

/* A table lies below dir (dir is a directory of the tree). */
static bool has_below(struct unl_net *net, const char *dir, size_t n)
{
	for (struct nl_sysctl *s = net->sysctls; s; s = s->next)
		if (strlen(s->path) > n && !strncmp(s->path, dir, n) &&
		    s->path[n] == '/')
			return true;
	return false;
}

/* The entry name of the tables at dir (several may share one, as
 * conntrack's and nf_hooks_lwtunnel share /proc/sys/net/netfilter). */
static const struct unl_ctl_table *entry_at(struct unl_net *net,
					    const char *dir, size_t n,
					    const char *name,
					    struct nl_sysctl **sp)
{
	for (struct nl_sysctl *s = net->sysctls; s; s = s->next) {
		if (strlen(s->path) != n || strncmp(s->path, dir, n))
			continue;
		for (size_t i = 0; i < s->n; i++)
			if (!strcmp(s->table[i].procname, name)) {
				*sp = s;
				return &s->table[i];
			}
	}
	return NULL;
}

/* What a path names: a directory (*s the table there, or NULL for a
 * directory of directories) or an entry of table *s. */
static int resolve(struct unl_net *net, const char *rest,
		   struct nl_sysctl **s, const struct unl_ctl_table **e)
{
	const char *slash = strrchr(rest, '/');
	size_t n = strlen(rest);

	*e = NULL;
	*s = table_at(net, rest, n);
	if (*s || has_below(net, rest, n))
		return 0;
	if (slash &&
	    (*e = entry_at(net, rest, (size_t)(slash - rest), slash + 1, s)))
		return 0;
	/* a directory the model makes lists every file it has */
	if (slash && table_at(net, rest, (size_t)(slash - rest)))
		return -ENOENT;
	return owned(rest) ? -ENOENT : -EXDEV;
}

static void dir_add(FILE *out, unsigned char dtype, const char *name,
		    size_t n)
{
	fputc(dtype, out);
	fwrite(name, 1, n, out);
	fputc('\0', out);
}

/* Each directory below dir once, by its name's first component. */
static void list_subdirs(struct unl_net *net, const char *dir, FILE *out)
{
	size_t n = strlen(dir);

	for (struct nl_sysctl *s = net->sysctls; s; s = s->next) {
		const char *name, *end;
		bool seen = false;

		/* below dir; every table lies below the root ("") */
		if (n && (strlen(s->path) <= n || strncmp(s->path, dir, n) ||
			  s->path[n] != '/'))
			continue;
		name = s->path + (n ? n + 1 : 0);
		end = strchr(name, '/');
		if (!end)
			end = name + strlen(name);
		for (struct nl_sysctl *t = net->sysctls; t != s; t = t->next)
			if (!strncmp(t->path, s->path, (size_t)(end - s->path)) &&
			    (t->path[end - s->path] == '/' ||
			     !t->path[end - s->path]) &&
			    strlen(t->path) > n)
				seen = true;
		if (!seen)
			dir_add(out, DT_DIR, name, (size_t)(end - name));
	}
}

void nl_sysctl_subdirs(struct unl_net *net, const char *dir, FILE *out)
{
	list_subdirs(net, dir, out);
}

/* The entries of every table at dir, then its directories. */
static int make_dir(struct unl_net *net, const char *rest, struct unl_file *f,
		    FILE *out)
{
	f->type = UNL_FILE_DIR;
	f->mode = 0555;
	for (struct nl_sysctl *s = net->sysctls; s; s = s->next) {
		if (strcmp(s->path, rest))
			continue;
		for (size_t i = 0; i < s->n; i++)
			dir_add(out, DT_REG, s->table[i].procname,
				strlen(s->table[i].procname));
	}
	list_subdirs(net, rest, out);
	return 0;
}

int nl_sysctl_get(struct unl_net *net, const char *rest, struct unl_file *f)
{
	const struct unl_ctl_table *e;
	struct nl_sysctl *s;
	char buf[512]; /* a cpumask of 1024 CPUs */
	FILE *out;
	int err;

	if (!owner_loaded(net, rest))
		return -ENOENT;
	err = resolve(net, rest, &s, &e);
	if (err)
		return err;
	out = open_memstream(&f->data, &f->len);
	if (!out)
		return -ENOMEM;
	if (!e) {
		err = make_dir(net, rest, f, out);
	} else {
		f->type = UNL_FILE_REG;
		f->mode = e->mode;
		/* a handler that refuses a read: the file opens, its read
		 * fails (addrconf_sysctl_stable_secret()'s EIO) */
		int rerr = e->proc_handler(net, e, (char *)s->base + e->offset,
					   NULL, buf, sizeof(buf));

		if (rerr)
			f->read_err = -rerr;
		else
			fputs(buf, out);
	}
	if (fclose(out) && !err)
		err = -ENOMEM;
	if (err) {
		free(f->data);
		f->data = NULL;
		f->len = 0;
	}
	return err;
}

int nl_sysctl_writable(struct unl_net *net, const char *rest)
{
	const struct unl_ctl_table *e;
	struct nl_sysctl *s;
	int err;

	if (!owner_loaded(net, rest))
		return -ENOENT;
	err = resolve(net, rest, &s, &e);
	if (err)
		return err;
	return e && (e->mode & 0200);
}

int nl_sysctl_write(struct unl_net *net, const char *rest, const char *val)
{
	const struct unl_ctl_table *e;
	struct nl_sysctl *s;
	int err;

	if (!owner_loaded(net, rest))
		return -ENOENT;
	err = resolve(net, rest, &s, &e);
	if (err)
		return err;
	if (!e || !(e->mode & 0200))
		return -EACCES;
	return e->proc_handler(net, e, (char *)s->base + e->offset, val, NULL,
			       0);
}
