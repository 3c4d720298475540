// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "TASKSTATS" generic netlink family (kernel/taskstats.c): per-task
 * accounting and, through the same family, per-cgroup task counts.
 *
 * The model has no tasks of its own, and must not tell a program the
 * host's: it answers as the kernel answers a process alone in a pid
 * namespace of its own (docs/conformance.md).  So every pid and tgid is
 * unknown (ESRCH, as find_task_by_vpid() finds none), exit listeners
 * are refused (EINVAL, as add_del_listener() refuses a process outside
 * the initial pid namespace) once their cpumask has parsed as the
 * kernel parses it, and a cgroup v1 directory holds no task (a reply of
 * zero counts).
 *
 * The family is the world's, netnsok, registered last of the built-in
 * ones (taskstats_init() is a late initcall); its policies are per op.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/sysinfo.h>

#include <linux/cgroupstats.h>
#include <linux/taskstats.h>

#include "proto/genl/genl-private.h"

/* TASKSTATS_CPUMASK_MAXLEN with NR_CPUS at x86-64's largest (MAXSMP):
 * a kernel built for fewer CPUs refuses shorter masks. */
#define TASKSTATS_NR_CPUS 8192
#define TASKSTATS_CPUMASK_MAXLEN (100 + 6 * TASKSTATS_NR_CPUS)

static const struct unl_nla_policy taskstats_cmd_get_policy[] = {
	[TASKSTATS_CMD_ATTR_PID] = { .type = UNL_NLA_U32 },
	[TASKSTATS_CMD_ATTR_TGID] = { .type = UNL_NLA_U32 },
	[TASKSTATS_CMD_ATTR_REGISTER_CPUMASK] = { .type = UNL_NLA_STRING },
	[TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK] = { .type = UNL_NLA_STRING },
};

static const struct unl_nla_policy cgroupstats_cmd_get_policy[] = {
	[CGROUPSTATS_CMD_ATTR_FD] = { .type = UNL_NLA_U32 },
};

/* ---- cpulist_parse() ---------------------------------------------- */

/* One number of a cpu list ('N' is the last cpu); the text after it,
 * or NULL with *err set. */
static const char *cpulist_num(const char *s, unsigned int last,
			       unsigned int *num, int *err)
{
	unsigned long long n = 0;
	const char *p = s;

	if (*p == 'N') {
		*num = last;
		return p + 1;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (unsigned int)(*p - '0');
		if (n > 0xffffffffULL) {
			*err = -EOVERFLOW;
			return NULL;
		}
	}
	if (p == s) {
		*err = -EINVAL;
		return NULL;
	}
	*num = (unsigned int)n;
	return p;
}

static bool cpulist_sep(char c)
{
	return c == ',' || c == ' ' || (c >= '\t' && c <= '\r');
}

static bool cpulist_end(char c)
{
	return c == '\0' || c == '\n' || cpulist_sep(c);
}

/* One region, "A", "A-B", "A-B:USED/GROUP" or "all[:USED/GROUP]", checked
 * as bitmap_parse_region() and bitmap_check_region() check it; the text
 * after it, or NULL with *err set (0: the string ended). */
static const char *cpulist_region(const char *s, unsigned int nbits,
				  int *err)
{
	unsigned int start, end, used, group;

	if (!strncasecmp(s, "all", 3)) {
		start = 0;
		end = nbits - 1;
		s += 3;
	} else {
		s = cpulist_num(s, nbits - 1, &start, err);
		if (!s)
			return NULL;
		end = start;
		if (*s == '-') {
			s = cpulist_num(s + 1, nbits - 1, &end, err);
			if (!s)
				return NULL;
		} else if (!cpulist_end(*s)) {
			*err = -EINVAL;
			return NULL;
		}
	}
	used = group = end + 1;
	if (*s == ':') {
		s = cpulist_num(s + 1, nbits - 1, &used, err);
		if (!s)
			return NULL;
		if (*s != '/') {
			*err = -EINVAL;
			return NULL;
		}
		s = cpulist_num(s + 1, nbits - 1, &group, err);
		if (!s)
			return NULL;
	} else if (!cpulist_end(*s)) {
		*err = -EINVAL;
		return NULL;
	}
	if (start > end || group == 0 || used > group)
		*err = -EINVAL;
	else if (end >= nbits)
		*err = -ERANGE;
	else
		*err = 0;
	return *err ? NULL : s;
}

/* parse(): the mask of a (de)register attribute as the kernel reads it,
 * only for its verdict (0 or -errno): no listener is ever kept. */
static int taskstats_cpumask_parse(const struct nlattr *na)
{
	unsigned int nbits = (unsigned int)get_nprocs_conf();
	int len = unl_nla_len(na), err = 0;
	const char *s;
	char *data;

	if (len > TASKSTATS_CPUMASK_MAXLEN)
		return -E2BIG;
	if (len < 1)
		return -EINVAL;
	data = malloc((size_t)len);
	if (!data)
		return -ENOMEM;
	/* nla_strscpy() into len bytes: a last byte that is not a NUL is
	 * dropped, as the kernel drops it. */
	unl_nla_strscpy(data, na, (size_t)len);
	s = data;
	for (;;) {
		while (cpulist_sep(*s))
			s++;
		if (*s == '\0' || *s == '\n')
			break;
		s = cpulist_region(s, nbits ? nbits : 1, &err);
		if (!s)
			break;
	}
	free(data);
	return err;
}

/* ---- the commands -------------------------------------------------- */

/* taskstats_user_cmd(): listeners first, then a pid, then a tgid. */
static int taskstats_user_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	const struct nlattr *const *tb = info->attrs;
	const struct nlattr *mask = tb[TASKSTATS_CMD_ATTR_REGISTER_CPUMASK];
	int err;

	(void)skb;
	if (!mask)
		mask = tb[TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK];
	if (mask) {
		err = taskstats_cpumask_parse(mask);
		/* add_del_listener(): the asker is not in the initial pid
		 * namespace. */
		return err < 0 ? err : -EINVAL;
	}
	if (info->attrs[TASKSTATS_CMD_ATTR_PID] ||
	    info->attrs[TASKSTATS_CMD_ATTR_TGID])
		return -ESRCH; /* fill_stats_for_pid(), _tgid(): no task */
	return -EINVAL;
}

/* cgroupstats_user_cmd(): a descriptor that is not open is not an
 * error (fdget() fails, 0 is returned); cgroupstats_build() wants a
 * directory of cgroup v1, whose tasks, none, it counts. */
static int cgroupstats_user_doit(struct unl_skb *skb,
				 struct unl_genl_info *info)
{
	const struct nlattr *fd = info->attrs[CGROUPSTATS_CMD_ATTR_FD];
	struct cgroupstats stats = { 0 };
	struct unl_skb *msg;
	void *hdr;
	int err;

	(void)skb;
	if (!fd)
		return -EINVAL;
	err = unl_cgroup_dir_by_fd(info->net, unl_nla_get_u32(fd));
	if (err == -EBADF)
		return 0;
	if (err < 0)
		return err;
	msg = unl_genlmsg_new((size_t)unl_nla_total_size(sizeof(stats)));
	if (!msg)
		return -ENOMEM;
	hdr = unl_genlmsg_put_reply(msg, info, info->family, 0,
				    CGROUPSTATS_CMD_NEW);
	if (!hdr || unl_nla_put(msg, CGROUPSTATS_TYPE_CGROUP_STATS,
				sizeof(stats), &stats)) {
		unl_skb_free(msg);
		return -EMSGSIZE;
	}
	unl_genlmsg_end(msg, hdr);
	return unl_genlmsg_reply(msg, info);
}

#define TASKSTATS_VALIDATE                                                 \
	(UNL_GENL_DONT_VALIDATE_STRICT | UNL_GENL_DONT_VALIDATE_DUMP)

static const struct unl_genl_ops taskstats_ops[] = {
	{ .cmd = TASKSTATS_CMD_GET, .validate = TASKSTATS_VALIDATE,
	  .doit = taskstats_user_doit, .policy = taskstats_cmd_get_policy,
	  .maxattr = TASKSTATS_CMD_ATTR_MAX, .flags = GENL_ADMIN_PERM },
	{ .cmd = CGROUPSTATS_CMD_GET, .validate = TASKSTATS_VALIDATE,
	  .doit = cgroupstats_user_doit, .policy = cgroupstats_cmd_get_policy,
	  .maxattr = CGROUPSTATS_CMD_ATTR_MAX },
};

void taskstats_family_init(struct unl_genl_family *family)
{
	memset(family, 0, sizeof(*family));
	strcpy(family->name, TASKSTATS_GENL_NAME);
	family->version = TASKSTATS_GENL_VERSION;
	family->netnsok = true;
	family->resv_start_op = CGROUPSTATS_CMD_GET + 1;
	family->ops = taskstats_ops;
	family->n_ops = sizeof(taskstats_ops) / sizeof(taskstats_ops[0]);
}
