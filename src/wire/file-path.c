// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The paths of the files of a net (file-path.h), for both front ends.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/file-path.h"

static const char *const roots[] = {
	"/proc/net", "/sys/class/net", "/sys/devices/virtual/net",
	/* all of it: the daemon answers what the model has and refuses
	 * a write to the rest, which must not reach the kernel's */
	"/proc/sys/net",
};

static const char *under(const char *p, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(p, prefix, n) || (p[n] && p[n] != '/'))
		return NULL;
	return p + n;
}

/* /proc/self/net, /proc/thread-self/net and /proc/PID/net of process
 * self are /proc/net. */
static const char *proc_net_alias(const char *p, pid_t self)
{
	const char *r;
	char *end;
	long pid;

	if ((r = under(p, "/proc/self/net")) ||
	    (r = under(p, "/proc/thread-self/net")))
		return r;
	if (strncmp(p, "/proc/", 6) || p[6] < '1' || p[6] > '9')
		return NULL;
	pid = strtol(p + 6, &end, 10);
	if (pid != self || !(r = under(end, "/net")))
		return NULL;
	return r;
}

/* A path below a link of /sys/class/net (canon, k bytes) is the
 * device's own directory's: respelled so, for ".." to find the device
 * directory's parent as the kernel does.  false when it does not fit. */
static bool through_class_link(char *canon, size_t *k, size_t len)
{
	static const char cls[] = "/sys/class/net/", dev[] =
		"/sys/devices/virtual/net/";
	char tmp[PATH_MAX];
	int n;

	canon[*k] = '\0';
	if (strncmp(canon, cls, sizeof(cls) - 1) ||
	    !strchr(canon + sizeof(cls) - 1, '/'))
		return true;
	n = snprintf(tmp, sizeof(tmp), "%s%s", dev, canon + sizeof(cls) - 1);
	if (n < 0 || (size_t)n >= len)
		return false;
	memcpy(canon, tmp, (size_t)n + 1);
	*k = (size_t)n;
	return true;
}

bool unl_file_tidy(const char *path, char *canon, size_t len)
{
	size_t k = 0;

	for (const char *p = path; *p;) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (!n)
			break;
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (!through_class_link(canon, &k, len))
				return false;
			while (k > 0 && canon[--k] != '/')
				;
		} else if (!(n == 1 && p[0] == '.')) {
			if (k + n + 2 > len)
				return false;
			canon[k++] = '/';
			memcpy(canon + k, p, n);
			k += n;
		}
		p += n;
	}
	if (!k)
		canon[k++] = '/';
	canon[k] = '\0';
	return true;
}

bool unl_file_path(const char *path, pid_t self, char *canon, size_t len)
{
	char buf[PATH_MAX];
	const char *r;

	if (!path || path[0] != '/' || (path[1] != 'p' && path[1] != 's'))
		return false;
	if (!unl_file_tidy(path, buf, sizeof(buf)))
		return false;
	if ((r = proc_net_alias(buf, self))) {
		if ((size_t)snprintf(canon, len, "/proc/net%s", r) >= len)
			return false;
	} else {
		snprintf(canon, len, "%s", buf);
	}
	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
		if (under(canon, roots[i]))
			return true;
	return false;
}

/* A link's target made absolute against the link's directory, with
 * "../" taken off. */
bool unl_file_resolve(const char *link, const char *target, char *out,
		      size_t len)
{
	char dir[PATH_MAX];
	char *slash;

	if (target[0] == '/')
		return (size_t)snprintf(out, len, "%s", target) < len;
	snprintf(dir, sizeof(dir), "%s", link);
	slash = strrchr(dir, '/');
	if (!slash)
		return false;
	*slash = '\0';
	while (!strncmp(target, "../", 3)) {
		slash = strrchr(dir, '/');
		if (!slash)
			return false;
		*slash = '\0';
		target += 3;
	}
	return (size_t)snprintf(out, len, "%s/%s", dir, target) < len;
}
