// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Recordings (`unetlink record`, `unetlink replay --check`): a program's
 * netlink conversation as text, one message a line (docs/record.md), and
 * the comparison of a new run's requests with a recording's.
 *
 * Requests are compared with their sequence numbers and port ids set to
 * 0 (they change from run to run), each nlmsghdr of a datagram alike;
 * everything else must be the same, byte for byte.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>

#include "cli/capture.h"
#include "wire/wire.h"
#include "wire/hexmsg.h"

#define RECORD_MAGIC "# unetlink recording 1"

struct record_out {
	FILE *fp;
	int64_t t0; /* the first message's time */
};

struct record_out *record_open(const char *path)
{
	struct record_out *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->fp = strcmp(path, "-") ? fopen(path, "w") : stdout;
	if (!r->fp) {
		fprintf(stderr, "unetlink: %s: %s\n", path, strerror(errno));
		free(r);
		return NULL;
	}
	r->t0 = -1;
	fprintf(r->fp, "%s\n# usec dir protocol net portid pid bytes\n",
		RECORD_MAGIC);
	return r;
}

int record_put(struct record_out *r, const struct unl_wire_capture *h,
	       const unsigned char *msg)
{
	unsigned group = h->flags >> UNL_CAPTURE_GROUP_SHIFT;
	char dir[16];

	if (r->t0 < 0)
		r->t0 = h->time_ns;
	/* a notification says the group it was multicast to */
	if (h->flags & UNL_CAPTURE_F_FAULT)
		snprintf(dir, sizeof(dir), "fault");
	else if (h->flags & UNL_CAPTURE_F_TO_KERNEL)
		snprintf(dir, sizeof(dir), "req");
	else if (group)
		snprintf(dir, sizeof(dir), "rx@%u", group);
	else
		snprintf(dir, sizeof(dir), "rx");
	fprintf(r->fp, "%" PRId64 " %s %u %" PRIu64 " %u %d ",
		(h->time_ns - r->t0) / 1000, dir, h->protocol, h->net_id,
		h->portid, h->pid);
	for (uint32_t i = 0; i < h->len; i++)
		fprintf(r->fp, "%02x", msg[i]);
	fputc('\n', r->fp);
	return ferror(r->fp) ? -EIO : 0;
}

int record_close(struct record_out *r)
{
	int err = ferror(r->fp) || (r->fp != stdout ? fclose(r->fp)
						    : fflush(r->fp));

	free(r);
	return err ? -EIO : 0;
}

/* ---- comparing ---- */

struct req {
	unsigned protocol;
	size_t len;
	unsigned char *bytes;
};

struct reqs {
	struct req *v;
	size_t n, cap;
};

static int add_req(struct reqs *rs, unsigned protocol, const char *hex)
{
	size_t n = strlen(hex) / 2;
	unsigned char *b;

	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? 2 * rs->cap : 64;
		struct req *v = realloc(rs->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		rs->v = v;
		rs->cap = cap;
	}
	b = malloc(n ? n : 1);
	if (!b)
		return -ENOMEM;
	if (unl_hex_decode(hex, n, b)) {
		free(b);
		return -EINVAL;
	}
	unl_nlmsg_normalise(b, n);
	rs->v[rs->n++] = (struct req){ protocol, n, b };
	return 0;
}

static void free_reqs(struct reqs *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->v[i].bytes);
	free(rs->v);
}

/* The requests of a recording, in order. */
static int read_reqs(const char *path, struct reqs *rs)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int ret = 0, first = 1;
	ssize_t n;

	if (!fp)
		return -errno;
	while (!ret && (n = getline(&line, &cap, fp)) >= 0) {
		char dir[16], hex_start;
		unsigned protocol;
		int used = 0;

		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (first && strcmp(line, RECORD_MAGIC)) {
			ret = -EINVAL;
			break;
		}
		first = 0;
		if (line[0] == '#' || !line[0])
			continue;
		if (sscanf(line, "%*d %15s %u %*u %*u %*d %n%c", dir, &protocol,
			   &used, &hex_start) != 3) {
			ret = -EINVAL;
			break;
		}
		if (!strcmp(dir, "req"))
			ret = add_req(rs, protocol, line + used);
	}
	if (first && !ret)
		ret = -EINVAL;
	free(line);
	fclose(fp);
	return ret;
}

static void show(const char *what, const struct req *r, size_t at)
{
	struct nlmsghdr h = { 0 };
	size_t from = at > 16 ? (at - 16) & ~(size_t)3 : 0;

	if (r->len >= sizeof(h))
		memcpy(&h, r->bytes, sizeof(h));
	fprintf(stderr, "  %s: protocol %u, %zu bytes, type %u, flags 0x%x\n",
		what, r->protocol, r->len, h.nlmsg_type, h.nlmsg_flags);
	fprintf(stderr, "    bytes %zu..:", from);
	for (size_t i = from; i < r->len && i < from + 48; i++)
		fprintf(stderr, "%s%02x", i == at ? " [" : " ", r->bytes[i]);
	fputc('\n', stderr);
}

int record_check(const char *want_path, const char *got_path)
{
	struct reqs want = { 0 }, got = { 0 };
	int ret = read_reqs(want_path, &want);
	size_t i;

	if (ret) {
		fprintf(stderr, "unetlink: replay: %s: %s\n", want_path,
			ret == -EINVAL ? "not a unetlink recording"
				       : strerror(-ret));
		goto out;
	}
	ret = read_reqs(got_path, &got);
	if (ret)
		goto out;
	for (i = 0; i < want.n && i < got.n; i++) {
		const struct req *a = &want.v[i], *b = &got.v[i];
		size_t at = 0;

		if (a->protocol == b->protocol && a->len == b->len &&
		    !memcmp(a->bytes, b->bytes, a->len))
			continue;
		while (at < a->len && at < b->len && a->bytes[at] == b->bytes[at])
			at++;
		fprintf(stderr, "unetlink: replay: request %zu differs from "
			"the recording (first at byte %zu, marked [):\n",
			i + 1, at);
		show("recorded", a, at);
		show("this run", b, at);
		ret = 1;
		goto out;
	}
	if (want.n != got.n) {
		fprintf(stderr, "unetlink: replay: the recording has %zu "
			"requests, this run made %zu\n", want.n, got.n);
		if (i < got.n)
			show("the first extra", &got.v[i], got.v[i].len);
		ret = 1;
	}
out:
	free_reqs(&want);
	free_reqs(&got);
	return ret;
}

/* ---- from the pass-through shim ---- */

struct raw_line {
	int64_t time_ns;
	char *text; /* "dir protocol net portid pid hex" */
};

static int by_time(const void *a, const void *b)
{
	const struct raw_line *x = a, *y = b;

	return (x->time_ns > y->time_ns) - (x->time_ns < y->time_ns);
}

/* One raw line into a capture record and its bytes; -EINVAL when it is
 * not one. */
static int raw_parse(const struct raw_line *l, struct unl_wire_capture *h,
		     unsigned char **bytes)
{
	char dir[16];
	unsigned protocol, portid, group = 0;
	unsigned long long net;
	int pid, used = 0;
	const char *hex;
	size_t n;

	if (sscanf(l->text, "%15s %u %llu %u %d %n", dir, &protocol, &net,
		   &portid, &pid, &used) != 5 || !used)
		return -EINVAL;
	if (!strncmp(dir, "rx@", 3))
		group = (unsigned)strtoul(dir + 3, NULL, 10);
	hex = l->text + used;
	n = strlen(hex) / 2;
	*bytes = malloc(n ? n : 1);
	if (!*bytes)
		return -ENOMEM;
	if (unl_hex_decode(hex, n, *bytes)) {
		free(*bytes);
		return -EINVAL;
	}
	memset(h, 0, sizeof(*h));
	h->len = (uint32_t)n;
	h->protocol = (uint16_t)protocol;
	h->flags = strcmp(dir, "req") ? 0 : UNL_CAPTURE_F_TO_KERNEL;
	if (group <= UNL_CAPTURE_GROUP_MAX)
		h->flags |= (uint16_t)(group << UNL_CAPTURE_GROUP_SHIFT);
	h->net_id = net;
	h->time_ns = l->time_ns;
	h->portid = portid;
	h->pid = pid;
	return 0;
}

int record_from_raw(const char *raw, const char *path)
{
	FILE *fp = fopen(raw, "r");
	struct raw_line *v = NULL;
	size_t n = 0, cap = 0, lcap = 0;
	struct record_out *r;
	char *line = NULL;
	ssize_t got;
	int ret = 0;

	if (!fp)
		return -errno;
	while ((got = getline(&line, &lcap, fp)) >= 0) {
		long long t;
		int used = 0;

		if (got && line[got - 1] == '\n')
			line[--got] = '\0';
		if (sscanf(line, "%lld %n", &t, &used) != 1 || !used)
			continue;
		if (n == cap) {
			struct raw_line *nv;

			cap = cap ? 2 * cap : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				ret = -ENOMEM;
				break;
			}
			v = nv;
		}
		v[n].time_ns = t;
		v[n].text = strdup(line + used);
		if (!v[n].text) {
			ret = -ENOMEM;
			break;
		}
		n++;
	}
	free(line);
	fclose(fp);
	/* the processes of a tree appended as they went */
	if (!ret && n)
		qsort(v, n, sizeof(*v), by_time);
	r = ret ? NULL : record_open(path);
	if (!ret && !r)
		ret = -EIO;
	for (size_t i = 0; !ret && i < n; i++) {
		struct unl_wire_capture h;
		unsigned char *bytes;

		ret = raw_parse(&v[i], &h, &bytes);
		if (ret == -EINVAL) {
			ret = 0;
			continue;
		}
		if (!ret) {
			ret = record_put(r, &h, bytes);
			free(bytes);
		}
	}
	if (r && record_close(r) && !ret)
		ret = -EIO;
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
	return ret;
}
