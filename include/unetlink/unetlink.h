/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* unetlink: Linux netlink in userspace.  The umbrella header. */
#ifndef UNETLINK_UNETLINK_H
#define UNETLINK_UNETLINK_H

#include <unetlink/net.h>
#include <unetlink/profile.h>
#include <unetlink/attr.h>
#include <unetlink/kernel.h>
#include <unetlink/genl.h>
#include <unetlink/transport.h>
#include <unetlink/service.h>
#include <unetlink/fault.h>

#endif
