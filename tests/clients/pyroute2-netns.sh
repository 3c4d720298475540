#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Network namespaces through pyroute2 (pyroute2_netns.py): nets made
# with pyroute2.netns.create(), a veth across two nets, a device moved
# (net_ns_fd), nsids, addresses and a route set through NetNS; then what
# each net holds.  pyroute2's netns module calls libc through ctypes.
# The script runs in a kernel network namespace (with a mount namespace
# and a tmpfs on /run of its own) and under unetlink, and both
# transcripts must be the same.  Unprivileged, root builds and reads
# through the shared daemon; uid 65534 is refused every change and
# entering a net (EPERM) but may read nsids.  Without a kernel namespace
# the script's own checks remain.
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
need_pyroute2 pyroute2_netns.py netns.py
C=$WORK/netns.py

netns_unl_side "'$PY' '$C'"
grep -q '^b link .* v0 kind=veth up=1 ' "$WORK/u" || fail "v0 is not in b"
grep -q '^a addr 10.0.0.1/24 ' "$WORK/u" || fail "v1 has no address in a"

netns_kernel_compare "'$PY' '$C'" pyroute2
