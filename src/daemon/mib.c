// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The MIB files of /proc/net (snmp, netstat, snmp6) as the daemon hands
 * them out: the library makes them from the model (its devices, routes
 * and forwarding settings; no packets, counters 0), but the TCP, UDP
 * and MPTCP sockets a program has are real kernel sockets, counted by
 * the kernel of the program's own network namespace.  So the sections
 * about those sockets are the kernel's, read from /proc/PID/net/FILE
 * of the requesting process (docs/conformance.md): `ss -s` takes its
 * established count from /proc/net/snmp's CurrEstab, nstat and netstat
 * -s their Tcp and Udp figures.  Likewise /proc/net's listing names the
 * files of those sockets (unl_net_file_is_kernel()) the process's
 * namespace has.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unetlink/files.h>

#include "daemon/daemon-private.h"

/* Per file, the lines that are the kernel's, by how they begin: the
 * "Tag: names" and "Tag: values" pairs of snmp and netstat, the
 * "NameN<pad>value" lines of snmp6. */
struct mib_file {
	const char *name;
	const char *const *kernel;
};

static const char *const snmp_kernel[] = { "Tcp:", "Udp:", "UdpLite:", NULL };
static const char *const netstat_kernel[] = { "TcpExt:", "MPTcpExt:", NULL };
static const char *const snmp6_kernel[] = { "Udp6", "UdpLite6", NULL };

static const struct mib_file mib_files[] = {
	{ "snmp", snmp_kernel },
	{ "netstat", netstat_kernel },
	{ "snmp6", snmp6_kernel },
};

/* Which of m's kernel prefixes line begins with: its index, or -1. */
static int kernel_line(const struct mib_file *m, const char *line)
{
	for (int i = 0; m->kernel[i]; i++)
		if (!strncmp(line, m->kernel[i], strlen(m->kernel[i])))
			return i;
	return -1;
}

/* pid's file m whole: malloc'd, or NULL when it cannot be read (the
 * process is gone). */
static char *kernel_file(const struct mib_file *m, pid_t pid, size_t *len)
{
	char path[64], buf[4096], *out = NULL;
	FILE *f, *mem;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/net/%s", (int)pid, m->name);
	if (pid <= 0 || !(f = fopen(path, "re")))
		return NULL;
	mem = open_memstream(&out, len);
	if (mem) {
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, n, mem);
		fclose(mem);
	}
	fclose(f);
	return out;
}

/* The length of the line at p (its newline included), within end. */
static size_t line_len(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
}

/* Appends the lines of text that begin with m's prefix i. */
static void put_kernel_lines(FILE *out, const struct mib_file *m, int i,
			     const char *text, size_t len)
{
	for (const char *p = text; p < text + len;) {
		size_t ll = line_len(p, text + len);

		if (kernel_line(m, p) == i)
			fwrite(p, 1, ll, out);
		p += ll;
	}
}

/* f's lines with the kernel's lines of each prefix in place of the
 * model's, where the model's first stood; a prefix the kernel's file
 * lacks keeps the model's lines.  0, or -ENOMEM (f unchanged). */
static int splice_kernel(struct unl_file *f, const struct mib_file *m,
			 const char *kernel, size_t klen)
{
	unsigned int placed = 0, has = 0;
	char *data = NULL;
	size_t len = 0;
	FILE *out;

	for (const char *p = kernel; p < kernel + klen; p += line_len(p, kernel + klen))
		if (kernel_line(m, p) >= 0)
			has |= 1u << kernel_line(m, p);
	out = open_memstream(&data, &len);
	if (!out)
		return -ENOMEM;
	for (const char *p = f->data; p < f->data + f->len;) {
		size_t ll = line_len(p, f->data + f->len);
		int i = kernel_line(m, p);

		if (i < 0 || !(has & (1u << i)))
			fwrite(p, 1, ll, out);
		else if (!(placed & (1u << i)))
			put_kernel_lines(out, m, i, kernel, klen);
		if (i >= 0)
			placed |= 1u << i;
		p += ll;
	}
	if (fclose(out) || !data) {
		free(data);
		return -ENOMEM;
	}
	free(f->data);
	f->data = data;
	f->len = len;
	return 0;
}

void ud_mib_kernel_sections(const char *path, pid_t pid, struct unl_file *f)
{
	static const char dir[] = "/proc/net/";
	const struct mib_file *m = NULL;
	size_t klen = 0;
	char *kernel;

	if (f->type != UNL_FILE_REG || strncmp(path, dir, sizeof(dir) - 1))
		return;
	for (size_t i = 0; i < sizeof(mib_files) / sizeof(mib_files[0]); i++)
		if (!strcmp(path + sizeof(dir) - 1, mib_files[i].name))
			m = &mib_files[i];
	if (!m)
		return;
	kernel = kernel_file(m, pid, &klen);
	if (kernel)
		splice_kernel(f, m, kernel, klen);
	free(kernel);
}

int ud_listing_add(struct unl_file *f, unsigned char type, const char *name)
{
	size_t n = strlen(name) + 2;
	char *data = realloc(f->data, f->len + n);

	if (!data)
		return -ENOMEM;
	data[f->len] = (char)type;
	memcpy(data + f->len + 1, name, n - 1);
	f->data = data;
	f->len += n;
	return 0;
}

void ud_procnet_kernel_entries(const char *path, pid_t pid,
			       struct unl_file *f)
{
	char dir[64], name[300];
	struct dirent *e;
	DIR *d;

	if (f->type != UNL_FILE_DIR || strcmp(path, "/proc/net") || pid <= 0)
		return;
	snprintf(dir, sizeof(dir), "/proc/%d/net", (int)pid);
	d = opendir(dir);
	if (!d)
		return;
	while ((e = readdir(d))) {
		snprintf(name, sizeof(name), "/proc/net/%s", e->d_name);
		if (unl_net_file_is_kernel(name) &&
		    ud_listing_add(f, e->d_type, e->d_name))
			break;
	}
	closedir(d);
}
