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

# unetlink's side.
if [ "$MODE" = unpriv ]; then
	timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" -- \
		sh -c "'$P' build && '$P' show" >"$WORK/u" 2>&1 ||
		fail "building and reading as root: $(grep -E 'FAIL|rror' "$WORK/u" | head -3)"
	unl "$WORK/denied" "$P" denied
	no_transport_error "$WORK/denied"
	[ "$RC" = 0 ] || fail "unprivileged: $(grep FAIL "$WORK/denied" | head -3)"
	cat "$WORK/denied" >>"$WORK/u"
else
	unl "$WORK/u" sh -c "'$P' build && '$P' show"
	no_transport_error "$WORK/u"
	[ "$RC" = 0 ] || fail "libnl: $(grep -E 'FAIL|rror' "$WORK/u" "$WORK/u.err" | head -3)"
fi
grep -q '^b link .* v0 kind=veth up=1 ' "$WORK/u" || fail "v0 is not in b"
grep -q '^a addr 10.0.0.1/24 dev v1' "$WORK/u" || fail "v1 has no address in a"

# The kernel's side, when this user may make network and mount
# namespaces.
if [ "$(id -u)" != 0 ] || ! unshare -n -m true 2>/dev/null; then
	echo "# no kernel namespace to compare with (not root, or unshare -nm refused)"
	echo "pass"
	exit 0
fi
kcmd="mount -t tmpfs -o mode=755 libnl-netns /run && '$P' build && '$P' show"
[ "$MODE" = unpriv ] && kcmd="$kcmd && $AS '$P' denied"
timeout -k 3 60 unshare -n -m --propagation private sh -c "$kcmd" \
	>"$WORK/k" 2>&1 ||
	fail "the kernel side failed: $(grep -E 'FAIL|rror' "$WORK/k" | head -3)"
if ! cmp -s "$WORK/k" "$WORK/u"; then
	echo "# kernel (-) and unetlink (+) differ:"
	diff -u "$WORK/k" "$WORK/u" | sed 's/^/#   /' | head -60
	fail "libnl sees other nets on unetlink than on the kernel"
fi
echo "# $(wc -l <"$WORK/u") lines identical to the kernel's"
echo "pass"
