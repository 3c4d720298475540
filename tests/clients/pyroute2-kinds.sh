#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# pyroute2's IPRoute making macvlan, macvtap and vxlan links
# (pyroute2_kinds.py): the answers to each request, those that must
# fail included, then every link's kind, lower device, MTU and
# IFLA_INFO_DATA, under unetlink and in a kernel network namespace; the
# transcripts must be the same.  Skipped when the kernel lacks one of
# the kinds (the daemon follows the host's profile).
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
need_pyroute2 pyroute2_kinds.py kinds.py
C=$WORK/kinds.py
if [ "$(id -u)" != 0 ] || ! unshare -n true 2>/dev/null; then
	skip "no kernel namespace to compare with (not root, or unshare -n refused)"
fi
for kind in veth macvlan macvtap vxlan; do
	case $kind in
	macvlan|macvtap) args="link lo" ;;
	vxlan) args="id 1 dstport 4789" ;;
	*) args= ;;
	esac
	unshare -n ip link add probe $args type $kind 2>&1 |
		grep -q "Unknown device type\|not supported" &&
		skip "the host kernel lacks link kind $kind"
done

unl "$WORK/u" "$PY" "$C"
no_transport_error "$WORK/u"
[ "$RC" = 0 ] || fail "pyroute2: $(grep -E 'FAIL|Error' "$WORK/u" | head -3)"
timeout -k 3 60 unshare -n "$PY" "$C" >"$WORK/k" 2>&1 ||
	fail "the kernel side failed: $(grep -E 'FAIL|Error' "$WORK/k" | head -3)"
if ! cmp -s "$WORK/k" "$WORK/u"; then
	echo "# kernel (-) and unetlink (+) differ:"
	diff -u "$WORK/k" "$WORK/u" | sed 's/^/#   /' | cut -c1-400 | head -60
	fail "pyroute2 sees something else on unetlink than on the kernel"
fi
echo "# $(wc -l <"$WORK/u") lines identical to the kernel's"
echo "pass"
