// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Files of /proc/net a protocol makes for a net (proc_mkdir_data(),
 * proc_create_net_data(), proc_create_seq_data() in Linux): netfilter's
 * netfilter/nfnetlink_log, xt_recent/NAME, ipt_hashlimit/NAME ...  Each
 * entry is a directory or a file whose contents its show() writes when
 * it is read (a seq_file's snapshot) and whose write() takes what a
 * write(2) gives.  The tree's first component names the protocol that
 * registers it (proto_builtin_procnet_owner()), loaded before a lookup
 * as a module would be.  route's files.c asks here before its own
 * files of /proc/net.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unetlink/files.h>
#include <unetlink/kernel.h>

#include "core/internal.h"

struct nl_procnet {
	struct nl_procnet *next;
	char *path; /* below /proc/net, no leading slash */
	unsigned int mode;
	unl_procnet_show show; /* NULL: a directory */
	unl_procnet_write write;
	void *data;
};

int unl_procnet_create(struct unl_net *net, const char *path,
		       unsigned int mode, unl_procnet_show show,
		       unl_procnet_write write, void *data)
{
	struct nl_procnet *p;

	for (p = net->procnets; p; p = p->next)
		if (!strcmp(p->path, path))
			return -EEXIST;
	p = calloc(1, sizeof(*p));
	if (!p || !(p->path = strdup(path))) {
		free(p);
		return -ENOMEM;
	}
	p->mode = mode;
	p->show = show;
	p->write = write;
	p->data = data;
	p->next = net->procnets;
	net->procnets = p;
	return 0;
}

void unl_procnet_remove(struct unl_net *net, const char *path)
{
	for (struct nl_procnet **pp = &net->procnets; *pp;
	     pp = &(*pp)->next) {
		struct nl_procnet *p = *pp;

		if (strcmp(p->path, path))
			continue;
		*pp = p->next;
		free(p->path);
		free(p);
		return;
	}
}

void nl_procnets_free(struct unl_net *net)
{
	while (net->procnets) {
		struct nl_procnet *p = net->procnets;

		net->procnets = p->next;
		free(p->path);
		free(p);
	}
}

/* The owner of the tree loaded; false when the net's profile lacks it
 * (the tree does not exist). */
static bool procnet_owner_loaded(struct unl_net *net, const char *rest)
{
	int protocol = proto_builtin_procnet_owner(rest, strcspn(rest, "/"));

	return protocol < 0 || unl_net_load_protocol(net, protocol) == 0;
}

static struct nl_procnet *procnet_at(struct unl_net *net, const char *rest)
{
	for (struct nl_procnet *p = net->procnets; p; p = p->next)
		if (!strcmp(p->path, rest))
			return p;
	return NULL;
}

/* A directory's entries: the registered paths right below it, in the
 * order they came (proc_dir_entry keeps a tree; readdir order is not
 * the kernel's, as for every directory of the model). */
static void procnet_list(struct unl_net *net, const char *dir, FILE *out)
{
	size_t n = strlen(dir);

	for (struct nl_procnet *p = net->procnets; p; p = p->next) {
		const char *name = n ? p->path + n + 1 : p->path;

		if (n && (strlen(p->path) <= n + 1 ||
			  strncmp(p->path, dir, n) || p->path[n] != '/'))
			continue;
		if (strchr(name, '/'))
			continue;
		fputc(p->show ? DT_REG : DT_DIR, out);
		fputs(name, out);
		fputc('\0', out);
	}
}

void nl_procnet_list_top(struct unl_net *net, FILE *out)
{
	const char *dir;

	/* a directory whose owner the profile lacks is not there */
	for (size_t i = 0; (dir = proto_builtin_procnet_dir(i)); i++)
		procnet_owner_loaded(net, dir);
	procnet_list(net, "", out);
}

int nl_procnet_get(struct unl_net *net, const char *rest, struct unl_file *f)
{
	struct nl_procnet *p;
	FILE *out;
	int err = 0;

	if (!procnet_owner_loaded(net, rest))
		return -EXDEV;
	p = procnet_at(net, rest);
	if (!p)
		return -EXDEV;
	out = open_memstream(&f->data, &f->len);
	if (!out)
		return -ENOMEM;
	f->mode = p->mode;
	if (p->show) {
		f->type = UNL_FILE_REG;
		err = p->show(net, p->data, out);
	} else {
		f->type = UNL_FILE_DIR;
		procnet_list(net, rest, out);
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

int nl_procnet_writable(struct unl_net *net, const char *rest)
{
	struct nl_procnet *p;

	if (!procnet_owner_loaded(net, rest))
		return -EXDEV;
	p = procnet_at(net, rest);
	if (!p)
		return -EXDEV;
	return p->write && (p->mode & 0200);
}

int nl_procnet_write(struct unl_net *net, const char *rest, const char *buf,
		     size_t len)
{
	struct nl_procnet *p = procnet_at(net, rest);

	if (!p)
		return -EXDEV;
	if (!p->write)
		return -EACCES;
	return p->write(net, p->data, buf, len);
}
