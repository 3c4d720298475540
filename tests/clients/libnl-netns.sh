#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Network namespaces through libnl-route (libnl_netns.c): named nets made
# as `ip netns add` makes them, a veth across two nets, a device moved,
# addresses and a route in each, nsids; then what each net holds.  The
# program runs in a kernel network namespace (with a mount namespace
# and a tmpfs on /run of its own) and under unetlink, and both
# transcripts must be the same.  Unprivileged, root builds and reads
# through the shared daemon and uid 65534 is refused every change
# (EPERM) but may read nsids.  Without a kernel namespace the program's
# own checks remain.
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
[ -n "${LIBNL_NETNS:-}" ] && [ -x "$LIBNL_NETNS" ] ||
	skip "libnl_netns is not built (libnl-route-3-dev)"
private_copy "$LIBNL_NETNS" "$WORK/libnl_netns" 755
P=$WORK/libnl_netns

netns_unl_side "'$P'"
grep -q '^b link .* v0 kind=veth up=1 ' "$WORK/u" || fail "v0 is not in b"
grep -q '^a addr 10.0.0.1/24 dev v1' "$WORK/u" || fail "v1 has no address in a"

netns_kernel_compare "'$P'" libnl
