// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness: what both front ends (the shim and the seccomp
 * supervisor) parse on their side of the wire, shared in src/wire/:
 *
 *   - an ioctl's argument as its shape reads it from the caller's
 *     memory (unl_ioctl_shape_of), then the daemon's answer to it as
 *     the shim copies it back (unl_ioctl_reply): the daemon's bytes and
 *     result are the input's, so that a hostile or broken answer can
 *     make the front end write only inside the caller's argument and
 *     the buffer it named;
 *   - the paths of the files of a net a program opens (unl_file_path,
 *     unl_file_tidy) and the links' targets (unl_file_resolve).
 *
 * Input: kind8 (bit 0: 0 an ioctl, 1 paths), then
 *   ioctl  family8 (an index), req8 (0x8900 + it), off8 (where in the
 *          caller's memory the argument starts), ret32 (the daemon's
 *          result), mem_len16 and the caller's memory (at MEM_BASE, so
 *          that pointers inside it can point into it), then the
 *          daemon's answer, repeated to the size the shape expects
 *   paths  two NUL-separated strings: a path, a link's target
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "wire/file-path.h"
#include "wire/ioctl-shape.h"

#define MEM_BASE 0x10000000ull

static const int families[] = { AF_INET, AF_INET6, AF_NETLINK, AF_UNIX,
				AF_PACKET, AF_BRIDGE };

struct mem {
	const uint8_t *p;
	size_t len;
};

/* The caller's memory: [MEM_BASE, MEM_BASE + len), EFAULT elsewhere. */
static int read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
	const struct mem *m = ctx;

	if (addr < MEM_BASE || addr - MEM_BASE > m->len ||
	    len > m->len - (addr - MEM_BASE))
		return -EFAULT;
	memcpy(buf, m->p + (addr - MEM_BASE), len);
	return 0;
}

static uint32_t take(const uint8_t **d, size_t *n, int bytes)
{
	uint32_t v = 0;

	for (int i = 0; i < bytes && *n; i++, (*d)++, (*n)--)
		v |= (uint32_t)**d << (8 * i);
	return v;
}

static void fuzz_ioctl(const uint8_t *d, size_t n)
{
	int family = families[take(&d, &n, 1) %
			      (sizeof(families) / sizeof(*families))];
	unsigned long req = 0x8900 + take(&d, &n, 1);
	size_t off = take(&d, &n, 1);
	int ret = (int)take(&d, &n, 4);
	struct mem m = { .len = take(&d, &n, 2) };
	unsigned char argbuf[UNL_WIRE_IOCTL_MAX_ARG];
	struct unl_ioctl_shape s;
	size_t arg_out, ind_out, cap;
	unsigned char *rep, *caller;

	if (!unl_ioctl_forwarded(req))
		return;
	if (m.len > n)
		m.len = n;
	/* the caller's memory, writable as it would be */
	caller = malloc(m.len ? m.len : 1);
	if (!caller)
		return;
	memcpy(caller, d, m.len);
	m.p = caller;
	d += m.len;
	n -= m.len;
	if (unl_ioctl_shape_of(family, req, MEM_BASE + off, read_mem, &m,
			       argbuf, &s))
		goto out;
	if (s.arg_len > sizeof(argbuf) || s.ind_len > s.ind_cap ||
	    s.ind_cap > UNL_WIRE_IOCTL_MAX_IND) {
		fprintf(stderr, "shape out of bounds: arg %zu, ind %zu/%zu\n",
			s.arg_len, s.ind_len, s.ind_cap);
		abort();
	}
	/* the daemon's answer: arg_len + ind_cap bytes, as the shim
	 * requires them */
	cap = s.arg_len + s.ind_cap;
	rep = malloc(cap ? cap : 1);
	if (!rep)
		goto out;
	for (size_t i = 0; i < cap; i++)
		rep[i] = n ? d[i % n] : 0;
	unl_ioctl_reply(req, &s, rep, ret, &arg_out, &ind_out);
	/* copied back as the shim does: into the argument, and the
	 * buffer its pointer names, never more than the shape holds (what
	 * the caller said it has; here only what lies in its memory) */
	if (arg_out > s.arg_len || ind_out > s.ind_cap) {
		fprintf(stderr,
			"answer out of bounds: arg %zu/%zu, ind %zu/%zu\n",
			arg_out, s.arg_len, ind_out, s.ind_cap);
		abort();
	}
	if (off + arg_out <= m.len)
		memcpy(caller + off, rep, arg_out);
	if (ind_out && s.ind >= MEM_BASE && s.ind - MEM_BASE <= m.len &&
	    ind_out <= m.len - (s.ind - MEM_BASE))
		memcpy(caller + (s.ind - MEM_BASE), rep + s.arg_len, ind_out);
	free(rep);
out:
	free(caller);
}

static void fuzz_paths(const uint8_t *d, size_t n)
{
	char *path = malloc(n + 2), out[256], out2[4096];
	const char *target;
	size_t plen;

	if (!path)
		return;
	memcpy(path, d, n);
	path[n] = path[n + 1] = '\0';
	plen = strlen(path);
	target = path + plen + 1;
	if (unl_file_path(path, 4242, out, sizeof(out)) &&
	    !memchr(out, '\0', sizeof(out)))
		abort();
	if (unl_file_tidy(path, out2, sizeof(out2)) &&
	    !memchr(out2, '\0', sizeof(out2)))
		abort();
	/* a small buffer too: "does not fit" must be said, not overrun */
	unl_file_tidy(path, out, 8);
	if (unl_file_resolve(path, target, out2, sizeof(out2)) &&
	    !memchr(out2, '\0', sizeof(out2)))
		abort();
	unl_file_resolve(path, target, out, 8);
	free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (data[0] & 1)
		fuzz_paths(data + 1, size - 1);
	else
		fuzz_ioctl(data + 1, size - 1);
	return 0;
}
