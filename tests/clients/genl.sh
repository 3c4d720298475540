#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `genl ctrl list`: generic netlink answers with its families, or, where
# the stack has no NETLINK_GENERIC, socket() fails with EPROTONOSUPPORT as
# on a kernel without it.  Either is the protocol's answer.
. "$(dirname "$0")/lib.sh"
need genl iproute2

unl "$WORK/out" genl ctrl list
no_transport_error "$WORK/out" 'Cannot open netlink socket: Protocol not supported'
if [ "$RC" = 0 ]; then
	grep -q 'nlctrl' "$WORK/out" || fail "genl ctrl list does not list nlctrl"
	# The families must be the stack's, not the host kernel's.
	genl ctrl list >"$WORK/host" 2>/dev/null
	[ "$(grep -c '^Name:' "$WORK/host")" -le 1 ] || ! cmp -s "$WORK/out" "$WORK/host" ||
		fail "genl ctrl list printed the host kernel's families: the shim was bypassed"
else
	cat "$WORK/out" "$WORK/out.err" | grep -qE 'Protocol not supported|No such file|answers' ||
		fail "genl ctrl list failed without a netlink answer"
fi
unl "$WORK/get" genl ctrl get name nlctrl
no_transport_error "$WORK/get" 'Cannot open netlink socket: Protocol not supported'
echo "pass"
