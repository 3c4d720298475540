#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# pyroute2's IPRoute on the rtnetlink model (pyroute2_iproute.py): links
# (veth, bridge), addresses and routes made with IPRoute, the answers to
# requests that must fail, then get_links, get_addr, get_routes and
# route('get').  The script runs in a kernel network namespace and under
# unetlink and both transcripts must be the same (what only a clock, a
# random draw or a packet changes is left out by the script).  As uid
# 65534: root builds the state through the shared daemon, the reads must
# give what the kernel gives to uid 65534, and every change NetlinkError
# 1 (EPERM).  Without a kernel namespace the script's own checks remain.
# The transcripts are compared with the kernel's: the daemon follows it.
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
need_pyroute2 pyroute2_iproute.py iproute.py
C=$WORK/iproute.py

# unetlink's side.
if [ "$MODE" = unpriv ]; then
	timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" -- \
		"$PY" "$C" build >"$WORK/u" 2>&1 ||
		fail "building the state as root: $(grep -E 'FAIL|Error' "$WORK/u" | head -3)"
	unl "$WORK/show" "$PY" "$C" show
	no_transport_error "$WORK/show"
	[ "$RC" = 0 ] || fail "reading as uid 65534: $(grep -E 'FAIL|Error' "$WORK/show" | head -3)"
	cat "$WORK/show" >>"$WORK/u"
	unl "$WORK/denied" "$PY" "$C" denied
	no_transport_error "$WORK/denied"
	[ "$RC" = 0 ] || fail "unprivileged changes: $(grep -E 'FAIL|Error' "$WORK/denied" | head -3)"
	cat "$WORK/denied" >>"$WORK/u"
else
	unl "$WORK/u" sh -c "'$PY' '$C' build && '$PY' '$C' show"
	no_transport_error "$WORK/u"
	[ "$RC" = 0 ] || fail "pyroute2: $(grep -E 'FAIL|Error' "$WORK/u" | head -3)"
fi

# The kernel's side, when this user may make a network namespace.
if [ "$(id -u)" != 0 ] || ! unshare -n true 2>/dev/null; then
	echo "# no kernel namespace to compare with (not root, or unshare -n refused)"
	echo "pass"
	exit 0
fi
if [ "$MODE" = unpriv ]; then
	kcmd="'$PY' '$C' build && $AS '$PY' '$C' show && $AS '$PY' '$C' denied"
else
	kcmd="'$PY' '$C' build && '$PY' '$C' show"
fi
timeout -k 3 60 unshare -n sh -c "$kcmd" >"$WORK/k" 2>&1 ||
	fail "the kernel side failed: $(grep -E 'FAIL|Error' "$WORK/k" | head -3)"
if ! cmp -s "$WORK/k" "$WORK/u"; then
	echo "# kernel (-) and unetlink (+) differ:"
	diff -u "$WORK/k" "$WORK/u" | sed 's/^/#   /' | cut -c1-400 | head -60
	fail "pyroute2 sees something else on unetlink than on the kernel"
fi
echo "# $(wc -l <"$WORK/u") lines identical to the kernel's"
echo "pass"
