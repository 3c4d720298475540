// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Character devices of a net (misc_register(), misc_open()): a protocol
 * registers file operations by name, a program's open() of /dev/NAME
 * finds them.  Devices live in rtnetlink, so opening one loads
 * NETLINK_ROUTE first, as opening /dev/net/tun loads the tun module.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>

#include "core/internal.h"

struct unl_file {
	struct unl_net *net;
	const struct unl_file_ops *ops;
	void *priv;
};

int unl_chrdev_register(struct unl_net *net, const char *name,
			const struct unl_file_ops *ops)
{
	struct nl_chrdev *c;

	for (c = net->chrdevs; c; c = c->next)
		if (!strcmp(c->name, name))
			return -EEXIST;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->name = name;
	c->ops = ops;
	c->next = net->chrdevs;
	net->chrdevs = c;
	return 0;
}

void nl_chrdevs_free(struct unl_net *net)
{
	while (net->chrdevs) {
		struct nl_chrdev *c = net->chrdevs;

		net->chrdevs = c->next;
		free(c);
	}
}

static const struct unl_file_ops *chrdev_find(struct unl_net *net,
					      const char *name)
{
	for (struct nl_chrdev *c = net->chrdevs; c; c = c->next)
		if (!strcmp(c->name, name))
			return c->ops;
	return NULL;
}

int unl_file_open(struct unl_net *net, const char *name,
		  struct unl_file **out)
{
	struct unl_file *f = calloc(1, sizeof(*f));
	int err = -ENODEV;

	if (!f)
		return -ENOMEM;
	net_lock(net);
	unl_net_load_protocol(net, NETLINK_ROUTE);
	f->ops = chrdev_find(net, name);
	if (f->ops)
		err = f->ops->open(net, &f->priv);
	net_unlock(net);
	if (err) {
		free(f);
		return err;
	}
	f->net = net;
	*out = f;
	return 0;
}

int unl_file_ioctl(struct unl_file *f, const struct unl_cred *who,
		   unsigned long cmd, void *arg)
{
	int ret = -ENOTTY;

	net_lock(f->net);
	f->net->world->current = who;
	if (f->ops->ioctl)
		ret = f->ops->ioctl(f->priv, who, cmd, arg);
	net_unlock(f->net);
	return ret;
}

int unl_file_write(struct unl_file *f, size_t len, uint8_t first)
{
	int ret = -EINVAL;

	net_lock(f->net);
	if (f->ops->write)
		ret = f->ops->write(f->priv, len, first);
	net_unlock(f->net);
	return ret;
}

void unl_file_close(struct unl_file *f)
{
	if (!f)
		return;
	net_lock(f->net);
	if (f->ops->release)
		f->ops->release(f->priv);
	net_unlock(f->net);
	free(f);
}
