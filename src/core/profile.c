// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Kernel profiles: the sets, the text format (docs/profiles.md), the
 * built-in profiles and the process-wide host profile.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/profile-private.h"
#include "core/vec.h"

/* Bounds of the text format: a profile is a small hand-written file. */
#define PROF_MAX_FILE (1u << 20)
#define PROF_MAX_DEPTH 8

static const char *const class_keywords[UNL_PROFILE_NCLASS] = {
	[UNL_PROFILE_LINK] = "link",	 [UNL_PROFILE_QDISC] = "qdisc",
	[UNL_PROFILE_CLS] = "cls",	 [UNL_PROFILE_ACT] = "act",
	[UNL_PROFILE_XFRM] = "xfrm",	 [UNL_PROFILE_ALGO] = "algo",
	[UNL_PROFILE_NFT] = "nft",	 [UNL_PROFILE_GENL] = "genl",
	[UNL_PROFILE_FEATURE] = "feature", [UNL_PROFILE_TCPCONG] = "tcpcong",
	[UNL_PROFILE_MODULE] = "module", [UNL_PROFILE_EMATCH] = "ematch",
	[UNL_PROFILE_IPVS] = "ipvs",
};

const char *unl_profile_class_keyword(enum unl_profile_class c)
{
	return (unsigned int)c < UNL_PROFILE_NCLASS ? class_keywords[c] : NULL;
}

/* ---- sets ---- */

/* The index of name in s, or where it would go (*found false). */
static size_t set_find(const struct prof_set *s, const char *name,
		       bool *found)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->v[mid].name, name);

		if (!c) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

/* Add name, or give it a new value; 0 or -ENOMEM (s unchanged). */
static int set_put(struct prof_set *s, const char *name, const char *value)
{
	bool found;
	size_t i = set_find(s, name, &found);
	char *n = NULL, *v = NULL;

	if ((!found && !(n = strdup(name))) || (value && !(v = strdup(value))) ||
	    (!found && unl_vec_reserve(&s->v, &s->cap, s->n + 1, sizeof(*s->v)))) {
		free(n);
		free(v);
		return -ENOMEM;
	}
	if (found) {
		free(s->v[i].value);
		s->v[i].value = v;
		return 0;
	}
	memmove(s->v + i + 1, s->v + i, (s->n - i) * sizeof(*s->v));
	s->v[i] = (struct prof_entry){ .name = n, .value = v };
	s->n++;
	return 0;
}

static void set_remove(struct prof_set *s, const char *name)
{
	bool found;
	size_t i = set_find(s, name, &found);

	if (!found)
		return;
	free(s->v[i].name);
	free(s->v[i].value);
	memmove(s->v + i, s->v + i + 1, (s->n - i - 1) * sizeof(*s->v));
	s->n--;
}

static void set_clear(struct prof_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].value);
	}
	s->n = 0;
}

static void set_free(struct prof_set *s)
{
	set_clear(s);
	free(s->v);
}

static int set_copy(struct prof_set *dst, const struct prof_set *src)
{
	for (size_t i = 0; i < src->n; i++)
		if (set_put(dst, src->v[i].name, src->v[i].value))
			return -ENOMEM;
	return 0;
}

/* ---- the profile object ---- */

struct unl_profile *profile_new(void)
{
	struct unl_profile *p = calloc(1, sizeof(*p));

	if (p)
		atomic_init(&p->refs, 1);
	return p;
}

int profile_add(struct unl_profile *p, enum unl_profile_class c,
		const char *name)
{
	return set_put(&p->cls[c], name, NULL);
}

void profile_remove(struct unl_profile *p, enum unl_profile_class c,
		    const char *name)
{
	set_remove(&p->cls[c], name);
}

int profile_set_sysctl(struct unl_profile *p, const char *name,
		       const char *value)
{
	if (!value) {
		set_remove(&p->sysctl, name);
		return 0;
	}
	return set_put(&p->sysctl, name, value);
}

int profile_set_genl_id(struct unl_profile *p, const char *family,
			unsigned int id, unsigned int group)
{
	char v[32];

	if (!id) {
		set_remove(&p->genlid, family);
		return 0;
	}
	snprintf(v, sizeof(v), "%u %u", id, group);
	return set_put(&p->genlid, family, v);
}

static int replace_str(char **dst, const char *s)
{
	char *c = strdup(s);

	if (!c)
		return -ENOMEM;
	free(*dst);
	*dst = c;
	return 0;
}

int profile_set_name(struct unl_profile *p, const char *name)
{
	return replace_str(&p->name, name);
}

int profile_set_kernel(struct unl_profile *p, const char *kernel)
{
	return replace_str(&p->kernel, kernel);
}

int profile_note(struct unl_profile *p, const char *fmt, ...)
{
	size_t old = p->notes ? strlen(p->notes) : 0;
	va_list ap;
	char *line, *n;
	int len;

	va_start(ap, fmt);
	len = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (len < 0)
		return -ENOMEM;
	n = realloc(p->notes, old + (size_t)len + 2);
	if (!n) {
		free(line);
		return -ENOMEM;
	}
	memcpy(n + old, line, (size_t)len);
	n[old + (size_t)len] = '\n';
	n[old + (size_t)len + 1] = '\0';
	p->notes = n;
	free(line);
	return 0;
}

static void profile_free(struct unl_profile *p)
{
	for (int c = 0; c < UNL_PROFILE_NCLASS; c++)
		set_free(&p->cls[c]);
	set_free(&p->sysctl);
	set_free(&p->genlid);
	free(p->name);
	free(p->kernel);
	free(p->notes);
	free(p);
}

struct unl_profile *profile_copy(const struct unl_profile *src)
{
	struct unl_profile *p = profile_new();

	if (!p)
		return NULL;
	for (int c = 0; c < UNL_PROFILE_NCLASS; c++)
		if (set_copy(&p->cls[c], &src->cls[c]))
			goto fail;
	if (set_copy(&p->sysctl, &src->sysctl) ||
	    set_copy(&p->genlid, &src->genlid))
		goto fail;
	if ((src->name && profile_set_name(p, src->name)) ||
	    (src->kernel && profile_set_kernel(p, src->kernel)))
		goto fail;
	return p;
fail:
	profile_free(p);
	return NULL;
}

struct unl_profile *unl_profile_ref(struct unl_profile *p)
{
	if (p)
		atomic_fetch_add(&p->refs, 1);
	return p;
}

void unl_profile_unref(struct unl_profile *p)
{
	if (p && atomic_fetch_sub(&p->refs, 1) == 1)
		profile_free(p);
}

const char *unl_profile_name(const struct unl_profile *p)
{
	return p->name ? p->name : "";
}

const char *unl_profile_kernel(const struct unl_profile *p)
{
	return p->kernel ? p->kernel : "";
}

bool unl_profile_at_least(const struct unl_profile *p, int since)
{
	int major, minor;

	if (!since || !p ||
	    sscanf(unl_profile_kernel(p), "%d.%d", &major, &minor) != 2)
		return true;
	return major * 100 + minor >= since;
}

bool unl_profile_has(const struct unl_profile *p, enum unl_profile_class c,
		     const char *name)
{
	bool found = false;

	if (p && (unsigned int)c < UNL_PROFILE_NCLASS && name)
		set_find(&p->cls[c], name, &found);
	return found;
}

const char *unl_profile_name_at(const struct unl_profile *p,
				enum unl_profile_class c, size_t i)
{
	if (!p || (unsigned int)c >= UNL_PROFILE_NCLASS || i >= p->cls[c].n)
		return NULL;
	return p->cls[c].v[i].name;
}

bool unl_profile_sysctl_at(const struct unl_profile *p, size_t i,
			   const char **name, const char **value)
{
	if (!p || i >= p->sysctl.n)
		return false;
	*name = p->sysctl.v[i].name;
	*value = p->sysctl.v[i].value;
	return true;
}

unsigned int unl_profile_genl_id(const struct unl_profile *p,
				 const char *family, unsigned int *group)
{
	unsigned int id = 0, grp = 0;
	bool found;
	size_t i;

	if (p && family) {
		i = set_find(&p->genlid, family, &found);
		if (found && sscanf(p->genlid.v[i].value, "%u %u", &id,
				    &grp) != 2)
			id = grp = 0;
	}
	if (group)
		*group = grp;
	return id;
}

const char *unl_profile_sysctl(const struct unl_profile *p, const char *name)
{
	bool found;
	size_t i;

	if (!p || !name)
		return NULL;
	i = set_find(&p->sysctl, name, &found);
	return found ? p->sysctl.v[i].value : NULL;
}

int unl_profile_sysctl_int(const struct unl_profile *p, const char *name,
			   long *value)
{
	const char *s = unl_profile_sysctl(p, name);
	char *end;
	long v;

	if (!s)
		return -ENOENT;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end || errno)
		return -EINVAL;
	*value = v;
	return 0;
}

/* ---- the text format ---- */

struct parse {
	const char *origin;
	unsigned int line;
	int depth;
	char *err;
	size_t errlen;
};

static int __attribute__((format(printf, 3, 4)))
parse_error(struct parse *ps, int errnum, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ps->err && ps->errlen) {
		if (ps->line)
			snprintf(ps->err, ps->errlen, "%s:%u: %s", ps->origin,
				 ps->line, msg);
		else
			snprintf(ps->err, ps->errlen, "%s: %s", ps->origin,
				 msg);
	}
	return errnum;
}

/* A name in a class: printable, no blank, no '#'. */
static bool item_valid(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isgraph((unsigned char)*s) || *s == '#')
			return false;
	return true;
}

/* Kconfig symbols: upper case, digits and '_'. */
/* A Kconfig symbol without its CONFIG_ prefix (one prefix is dropped
 * when read: a name that still starts with one would lose it when the
 * profile is read back). */
static bool feature_valid(const char *s)
{
	if (!*s || !strncmp(s, "CONFIG_", 7))
		return false;
	for (; *s; s++)
		if (!(isupper((unsigned char)*s) || isdigit((unsigned char)*s) ||
		      *s == '_'))
			return false;
	return true;
}

/* A sysctl name: net.ipv4.conf.all.forwarding. */
static bool sysctl_name_valid(const char *s)
{
	if (!*s || *s == '.')
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '.' || *s == '_' ||
		      *s == '-'))
			return false;
	return true;
}

/* A value is printable text without '#', which would start a comment
 * when the profile is written out again ("NAME = VALUE"). */
static bool sysctl_value_valid(const char *s)
{
	for (; *s; s++)
		if (!isprint((unsigned char)*s) || *s == '#')
			return false;
	return true;
}

static int class_of(const char *kw)
{
	for (int c = 0; c < UNL_PROFILE_NCLASS; c++)
		if (!strcmp(kw, class_keywords[c]))
			return c;
	return -1;
}

static int load_depth(const char *name, struct unl_profile **out,
		      struct parse *outer);

/* "sysctl NAME = VALUE", "sysctl NAME=VALUE", "sysctl -NAME". */
static int parse_sysctl(struct parse *ps, struct unl_profile *p, char *rest)
{
	char *eq, *name, *value, *end;

	while (isspace((unsigned char)*rest))
		rest++;
	if (*rest == '-') {
		name = rest + 1;
		name[strcspn(name, " \t")] = '\0';
		if (!sysctl_name_valid(name))
			return parse_error(ps, -EINVAL,
					   "invalid sysctl name '%s'", name);
		return profile_set_sysctl(p, name, NULL);
	}
	eq = strchr(rest, '=');
	if (!eq)
		return parse_error(ps, -EINVAL,
				   "sysctl wants NAME = VALUE");
	name = rest;
	for (end = eq; end > name && isspace((unsigned char)end[-1]); end--)
		;
	*end = '\0';
	value = eq + 1;
	while (isspace((unsigned char)*value))
		value++;
	for (end = value + strlen(value);
	     end > value && isspace((unsigned char)end[-1]); end--)
		;
	*end = '\0';
	if (!sysctl_name_valid(name))
		return parse_error(ps, -EINVAL, "invalid sysctl name '%s'",
				   name);
	if (!*value)
		return parse_error(ps, -EINVAL, "sysctl %s has no value", name);
	if (!sysctl_value_valid(value))
		return parse_error(ps, -EINVAL,
				   "invalid value for sysctl %s", name);
	return profile_set_sysctl(p, name, value);
}

/* A number of a genlid line, within min..max; false when it is not. */
static bool genl_id_arg(const char *tok, unsigned long min, unsigned long max,
			unsigned int *out)
{
	char *end;
	unsigned long v;

	if (!tok || !*tok || *tok == '-')
		return false;
	errno = 0;
	v = strtoul(tok, &end, 0);
	if (errno || *end || v < min || v > max)
		return false;
	*out = (unsigned int)v;
	return true;
}

/* "genlid NAME ID [GROUP]" or "genlid -NAME": the id the kernel gave a
 * generic netlink family, and the id of its first multicast group. */
static int parse_genlid(struct parse *ps, struct unl_profile *p, char *rest)
{
	char *save = NULL, *name = strtok_r(rest, " \t", &save);
	char *id_s = strtok_r(NULL, " \t", &save);
	char *grp_s = strtok_r(NULL, " \t", &save);
	unsigned int id, grp = 0;

	if (name && name[0] == '-' && !id_s && item_valid(name + 1))
		return profile_set_genl_id(p, name + 1, 0, 0);
	/* GROUP 0 is "none", as a family without groups is printed (found
	 * by fuzz-profile: such a line did not parse back) */
	if (!name || !item_valid(name) ||
	    !genl_id_arg(id_s, 1, 0xffff, &id) ||
	    (grp_s && !genl_id_arg(grp_s, 0, 0xffffffff, &grp)) ||
	    strtok_r(NULL, " \t", &save))
		return parse_error(ps, -EINVAL,
				   "genlid wants NAME ID [GROUP]");
	return profile_set_genl_id(p, name, id, grp);
}

/* Items of a class line: NAME adds, -NAME removes, -* empties. */
static int parse_items(struct parse *ps, struct unl_profile *p, int c,
		       char *rest)
{
	char *save = NULL, *tok;
	int n = 0, err;

	for (tok = strtok_r(rest, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save), n++) {
		bool del = tok[0] == '-';
		const char *name = del ? tok + 1 : tok;

		if (c == UNL_PROFILE_FEATURE && !strncmp(name, "CONFIG_", 7))
			name += 7;
		if (del && !strcmp(name, "*")) {
			set_clear(&p->cls[c]);
			continue;
		}
		if (c == UNL_PROFILE_FEATURE ? !feature_valid(name)
					     : !item_valid(name))
			return parse_error(ps, -EINVAL, "invalid %s name '%s'",
					   class_keywords[c], name);
		if (del) {
			profile_remove(p, c, name);
			continue;
		}
		err = profile_add(p, c, name);
		if (err)
			return err;
	}
	if (!n)
		return parse_error(ps, -EINVAL, "'%s' names nothing",
				   class_keywords[c]);
	return 0;
}

/* "base NAME": the profile so far becomes a copy of NAME. */
static int parse_base(struct parse *ps, struct unl_profile **pp,
		      const char *arg, bool content_seen)
{
	struct unl_profile *base, *copy;
	int err;

	if (content_seen)
		return parse_error(ps, -EINVAL,
				   "'base' must come before what it changes");
	if (ps->depth >= PROF_MAX_DEPTH)
		return parse_error(ps, -ELOOP, "'base' nests too deep");
	err = load_depth(arg, &base, ps);
	if (err)
		return err;
	copy = profile_copy(base);
	unl_profile_unref(base);
	if (!copy)
		return -ENOMEM;
	/* the name and release are the file's own, when it gives them */
	if ((*pp)->name && profile_set_name(copy, (*pp)->name)) {
		unl_profile_unref(copy);
		return -ENOMEM;
	}
	if ((*pp)->kernel && profile_set_kernel(copy, (*pp)->kernel)) {
		unl_profile_unref(copy);
		return -ENOMEM;
	}
	unl_profile_unref(*pp);
	*pp = copy;
	return 0;
}

/* One token after a keyword that takes exactly one. */
static int one_arg(struct parse *ps, const char *kw, char *rest, char **arg)
{
	char *save = NULL;

	*arg = strtok_r(rest, " \t", &save);
	if (!*arg || strtok_r(NULL, " \t", &save))
		return parse_error(ps, -EINVAL, "'%s' takes one word", kw);
	return 0;
}

static int parse_line(struct parse *ps, struct unl_profile **pp, char *line,
		      bool *content_seen)
{
	char *kw = line, *rest, *arg;
	int c, err;

	while (isspace((unsigned char)*kw))
		kw++;
	if (!*kw || *kw == '#')
		return 0;
	rest = kw + strcspn(kw, " \t");
	if (*rest)
		*rest++ = '\0';
	/* a comment after the words */
	for (char *h = rest; (h = strchr(h, '#')); h++)
		if (h == rest || isspace((unsigned char)h[-1])) {
			*h = '\0';
			break;
		}
	if (!strcmp(kw, "sysctl")) {
		*content_seen = true;
		return parse_sysctl(ps, *pp, rest);
	}
	if (!strcmp(kw, "genlid")) {
		*content_seen = true;
		return parse_genlid(ps, *pp, rest);
	}
	c = class_of(kw);
	if (c >= 0) {
		*content_seen = true;
		return parse_items(ps, *pp, c, rest);
	}
	if (strcmp(kw, "name") && strcmp(kw, "kernel") && strcmp(kw, "base"))
		return parse_error(ps, -EINVAL, "unknown keyword '%s'", kw);
	err = one_arg(ps, kw, rest, &arg);
	if (err)
		return err;
	if (!strcmp(kw, "base"))
		return parse_base(ps, pp, arg, *content_seen);
	if (!item_valid(arg))
		return parse_error(ps, -EINVAL, "invalid %s '%s'", kw, arg);
	return !strcmp(kw, "name") ? profile_set_name(*pp, arg)
				   : profile_set_kernel(*pp, arg);
}

static int parse_text(struct parse *ps, const char *text, size_t len,
		      struct unl_profile **out)
{
	struct unl_profile *p = profile_new();
	bool content_seen = false;
	size_t off = 0;
	int err = 0;

	if (!p)
		return -ENOMEM;
	ps->line = 0;
	while (off < len && !err) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : len - off;
		char *line = strndup(text + off, n);

		ps->line++;
		if (!line) {
			err = -ENOMEM;
			break;
		}
		if (memchr(text + off, '\0', n))
			err = parse_error(ps, -EINVAL, "NUL byte in text");
		else
			err = parse_line(ps, &p, line, &content_seen);
		free(line);
		off += n + 1;
	}
	if (!err && !p->name)
		err = profile_set_name(p, ps->origin);
	if (err) {
		if (err == -ENOMEM)
			parse_error(ps, err, "out of memory");
		unl_profile_unref(p);
		return err;
	}
	*out = p;
	return 0;
}

int unl_profile_parse(const char *text, size_t len, const char *origin,
		      struct unl_profile **out, char *err, size_t errlen)
{
	struct parse ps = { .origin = origin ? origin : "profile",
			    .err = err, .errlen = errlen };

	if (!text || !out)
		return -EINVAL;
	return parse_text(&ps, text, len, out);
}

/* ---- finding one ---- */

static bool looks_like_path(const char *name)
{
	size_t n = strlen(name);

	return strchr(name, '/') ||
	       (n > 8 && !strcmp(name + n - 8, ".profile"));
}

/* The file's text, at most PROF_MAX_FILE bytes; malloc'ed.  Pipes too
 * (a profile may come from a command's output). */
static int read_file(const char *path, char **text, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0, cap = 0;
	char *buf = NULL;
	ssize_t r;
	int err = 0;

	if (fd < 0)
		return -errno;
	for (;;) {
		if (unl_vec_reserve(&buf, &cap, got + 4096, 1)) {
			err = -ENOMEM;
			break;
		}
		r = read(fd, buf + got, cap - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			err = r < 0 ? -errno : 0;
			break;
		}
		got += (size_t)r;
		if (got > PROF_MAX_FILE) {
			err = -EFBIG;
			break;
		}
	}
	close(fd);
	if (err) {
		free(buf);
		return err;
	}
	*text = buf;
	*len = got;
	return 0;
}

static pthread_mutex_t host_lock = PTHREAD_MUTEX_INITIALIZER;
static struct unl_profile *host_profile;

int unl_profile_host(struct unl_profile **out)
{
	int err = 0;

	pthread_mutex_lock(&host_lock);
	if (!host_profile) {
		struct unl_profile *p = profile_new();

		err = p ? profile_probe_host(p) : -ENOMEM;
		if (err)
			unl_profile_unref(p);
		else
			host_profile = p;
	}
	if (!err)
		*out = unl_profile_ref(host_profile);
	pthread_mutex_unlock(&host_lock);
	return err;
}

static int load_depth(const char *name, struct unl_profile **out,
		      struct parse *outer)
{
	struct parse ps = { .origin = name,
			    .depth = outer ? outer->depth + 1 : 0,
			    .err = outer ? outer->err : NULL,
			    .errlen = outer ? outer->errlen : 0 };
	char *text = NULL;
	size_t len = 0;
	int err;

	if (!strcmp(name, "host")) {
		err = unl_profile_host(out);
		return err ? parse_error(&ps, err, "probing the host: %s",
					 strerror(-err))
			   : 0;
	}
	if (!looks_like_path(name)) {
		for (size_t i = 0; i < profile_builtins_n; i++)
			if (!strcmp(profile_builtins[i].name, name))
				return parse_text(&ps, profile_builtins[i].text,
						  strlen(profile_builtins[i].text),
						  out);
		return parse_error(&ps, -ENOENT,
				   "no such profile (built in: full, minimal; "
				   "or a file path)");
	}
	err = read_file(name, &text, &len);
	if (err)
		return parse_error(&ps, err, "%s", strerror(-err));
	err = parse_text(&ps, text, len, out);
	free(text);
	return err;
}

int unl_profile_load(const char *name, struct unl_profile **out, char *err,
		     size_t errlen)
{
	struct parse ps = { .origin = "profile", .err = err, .errlen = errlen };

	if (!name || !out)
		return -EINVAL;
	if (err && errlen)
		err[0] = '\0';
	ps.depth = -1;
	return load_depth(name, out, &ps);
}

const char *const *unl_profile_builtin_names(void)
{
	return profile_builtin_names;
}

/* ---- writing one ---- */

struct out {
	char *buf;
	size_t len, cap;
	bool oom;
};

static void __attribute__((format(printf, 2, 3)))
out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || unl_vec_reserve(&o->buf, &o->cap, o->len + (size_t)n + 1,
				     1)) {
		o->oom = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(o->buf + o->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}

/* One class as lines of at most ~72 columns, each with its keyword. */
static void out_class(struct out *o, const struct unl_profile *p, int c)
{
	const struct prof_set *s = &p->cls[c];
	size_t col = 0;

	for (size_t i = 0; i < s->n; i++) {
		const char *name = s->v[i].name;
		size_t len = strlen(name);

		if (col && col + 1 + len > 72) {
			out_printf(o, "\n");
			col = 0;
		}
		if (!col) {
			out_printf(o, "%-8s", class_keywords[c]);
			col = 8;
		}
		/* with its length: GCC's -O2 with the sanitizers otherwise
		 * takes the name for a possible NULL (-Wformat-overflow) */
		out_printf(o, " %.*s", (int)len, name);
		col += 1 + len;
	}
	if (col)
		out_printf(o, "\n");
}

char *unl_profile_format(const struct unl_profile *p)
{
	struct out o = { 0 };

	out_printf(&o, "# unetlink kernel profile (see docs/profiles.md)\n");
	if (p->notes)
		for (const char *l = p->notes; *l;) {
			size_t n = strcspn(l, "\n");

			out_printf(&o, "# %.*s\n", (int)n, l);
			l += n + (l[n] ? 1 : 0);
		}
	if (p->name)
		out_printf(&o, "name     %s\n", p->name);
	if (p->kernel)
		out_printf(&o, "kernel   %s\n", p->kernel);
	for (int c = 0; c < UNL_PROFILE_NCLASS; c++)
		out_class(&o, p, c);
	for (size_t i = 0; i < p->sysctl.n; i++)
		out_printf(&o, "sysctl   %s = %s\n", p->sysctl.v[i].name,
			   p->sysctl.v[i].value);
	for (size_t i = 0; i < p->genlid.n; i++)
		out_printf(&o, "genlid   %s %s\n", p->genlid.v[i].name,
			   p->genlid.v[i].value);
	if (o.oom) {
		free(o.buf);
		return NULL;
	}
	if (!o.buf)
		return strdup("");
	return o.buf;
}
