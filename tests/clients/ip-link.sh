#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `ip link show`, `ip -j link` and `ip link add` under unetlink run.
# What is asserted is that every
# request reached the stack and was answered by it (an RTNETLINK answer or
# a dump), never a transport failure; and, unprivileged, that a change is
# refused with EPERM as Linux refuses it.
. "$(dirname "$0")/lib.sh"
need ip iproute2

unl "$WORK/show" ip link show
no_transport_error "$WORK/show"
if [ "$RC" = 0 ]; then
	# Listing links must come from the stack, not from the host kernel.
	ip link show >"$WORK/host" 2>/dev/null
	if grep -qv ' lo:\|loopback' "$WORK/host" && cmp -s "$WORK/show" "$WORK/host"; then
		fail "ip link show printed the host kernel's links: the shim was bypassed"
	fi
else
	netlink_answer "$WORK/show" ||
		fail "ip link show failed without a netlink answer"
fi

unl "$WORK/json" ip -j link
no_transport_error "$WORK/json"
# stdout is JSON even when the dump was refused ("[]").
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/json" ||
	fail "ip -j link printed invalid JSON"
[ "$RC" = 0 ] || netlink_answer "$WORK/json" ||
	fail "ip -j link failed without a netlink answer"

# A change: RTM_NEWLINK.  Unprivileged, the front door refuses it before
# anything else, as netlink_net_capable() does in Linux.
unl "$WORK/add" ip link add unltest0 type dummy
no_transport_error "$WORK/add"
if [ "$MODE" = unpriv ]; then
	grep -q 'Operation not permitted' "$WORK/add.err" ||
		fail "an unprivileged RTM_NEWLINK was not refused with EPERM"
else
	! grep -q 'Operation not permitted' "$WORK/add.err" ||
		fail "root got EPERM for RTM_NEWLINK"
	[ "$RC" = 0 ] || fail "ip link add of a dummy failed (profile full)"
	# One daemon, two processes: the second sees what the first made
	# (by name: if_nametoindex too).
	unl "$WORK/both" sh -c 'ip link add unltest1 type dummy && ip link show dev unltest1'
	no_transport_error "$WORK/both"
	[ "$RC" = 0 ] && grep -q 'unltest1' "$WORK/both" ||
		fail "a link added through the shim is not listed"
fi
echo "pass"
