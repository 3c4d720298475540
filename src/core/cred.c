// SPDX-License-Identifier: LGPL-2.1-or-later
/* Credentials: who a socket acts as (the cred and capability model). */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#include "core/internal.h"

void unl_cred_from_process(struct unl_cred *cred)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[2];

	memset(cred, 0, sizeof(*cred));
	cred->pid = getpid();
	cred->uid = geteuid();
	cred->gid = getegid();
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) == 0)
		cred->caps = (uint64_t)data[0].effective |
			     ((uint64_t)data[1].effective << 32);
}
