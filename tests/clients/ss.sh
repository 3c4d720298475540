#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `ss -A netlink` asks NETLINK_SOCK_DIAG (absent from the stack: socket()
# says EPROTONOSUPPORT) and falls back to /proc/net/netlink.  Asserted: no
# crash, no hang, no transport error.
. "$(dirname "$0")/lib.sh"
need ss iproute2

unl "$WORK/out" ss -A netlink
no_transport_error "$WORK/out" 'Cannot open netlink socket: Protocol not supported'
unl "$WORK/out2" ss -A netlink -p
no_transport_error "$WORK/out2" 'Cannot open netlink socket: Protocol not supported'
echo "pass"
