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

# unetlink's side.
if [ "$MODE" = unpriv ]; then
	timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" -- \
		sh -c "'$PY' '$C' build && '$PY' '$C' show" >"$WORK/u" 2>&1 ||
		fail "building and reading as root: $(grep -E 'FAIL|Error' "$WORK/u" | head -3)"
	unl "$WORK/denied" "$PY" "$C" denied
	no_transport_error "$WORK/denied"
	[ "$RC" = 0 ] || fail "unprivileged: $(grep -E 'FAIL|Error' "$WORK/denied" "$WORK/denied.err" | head -3)"
	cat "$WORK/denied" >>"$WORK/u"
else
	unl "$WORK/u" sh -c "'$PY' '$C' build && '$PY' '$C' show"
	no_transport_error "$WORK/u"
	[ "$RC" = 0 ] || fail "pyroute2: $(grep -E 'FAIL|Error' "$WORK/u" "$WORK/u.err" | head -3)"
fi
grep -q '^b link .* v0 kind=veth up=1 ' "$WORK/u" || fail "v0 is not in b"
grep -q '^a addr 10.0.0.1/24 ' "$WORK/u" || fail "v1 has no address in a"

# The kernel's side, when this user may make network and mount
# namespaces.
if [ "$(id -u)" != 0 ] || ! unshare -n -m true 2>/dev/null; then
	echo "# no kernel namespace to compare with (not root, or unshare -nm refused)"
	echo "pass"
	exit 0
fi
kcmd="mount -t tmpfs -o mode=755 pyroute2-netns /run && '$PY' '$C' build && '$PY' '$C' show"
[ "$MODE" = unpriv ] && kcmd="$kcmd && $AS '$PY' '$C' denied"
timeout -k 3 60 unshare -n -m --propagation private sh -c "$kcmd" \
	>"$WORK/k" 2>&1 ||
	fail "the kernel side failed: $(grep -E 'FAIL|Error' "$WORK/k" | head -3)"
if ! cmp -s "$WORK/k" "$WORK/u"; then
	echo "# kernel (-) and unetlink (+) differ:"
	diff -u "$WORK/k" "$WORK/u" | sed 's/^/#   /' | cut -c1-300 | head -60
	fail "pyroute2 sees other nets on unetlink than on the kernel"
fi
echo "# $(wc -l <"$WORK/u") lines identical to the kernel's"
echo "pass"
