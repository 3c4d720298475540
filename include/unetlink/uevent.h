/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unetlink: injecting uevents, for tests of programs that listen on
 * NETLINK_KOBJECT_UEVENT (udev monitors, hotplug daemons), as umockdev
 * does by preloading.  The net's own devices send theirs already; these
 * are for any other subsystem, or events a test stages.
 */
#ifndef UNETLINK_UEVENT_H
#define UNETLINK_UEVENT_H

#include <stddef.h>
#include <stdint.h>

#include <unetlink/net.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The groups of NETLINK_KOBJECT_UEVENT: the kernel's, and udevd's. */
#define UNL_UEVENT_GROUP_KERNEL 1
#define UNL_UEVENT_GROUP_UDEV 2

/*
 * Send a uevent to the NETLINK_KOBJECT_UEVENT sockets of net that joined
 * group.  props holds "KEY=VALUE" strings, each ended by a NUL (len
 * bytes in all), ACTION, DEVPATH and SUBSYSTEM among them; SEQNUM=n
 * (the world's next number, shared with the devices' own uevents) is
 * appended when props has none.
 *
 *   group 1 (kernel)  "ACTION@DEVPATH", then the properties; from portid
 *                     0 with the kernel's credentials (pid, uid, gid 0)
 *   group 2 (udev)    libudev's header (prefix "libudev", magic,
 *                     subsystem and devtype hashes in network order, no
 *                     tag bloom), then the properties; from portid
 *                     sender with pid sender, uid 0, gid 0, as udevd
 *                     sends from its own socket
 *
 * Locks the net itself.  0 (whether anyone listened or not), -EINVAL
 * (another group, no ACTION or DEVPATH, props not NUL-ended), -EMSGSIZE
 * (more than the 2048 bytes of a uevent buffer for group 1, 8192 for
 * group 2), -ENOMEM.
 */
UNL_EXPORT int unl_uevent_inject(struct unl_net *net, unsigned int group,
				 uint32_t sender, const char *props,
				 size_t len);

#ifdef __cplusplus
}
#endif
#endif
