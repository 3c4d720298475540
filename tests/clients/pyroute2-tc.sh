#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# pyroute2's IPRoute.tc() (pyroute2_tc.py) on the qdisc kinds the host's
# kernel has of tbf, htb (with classes), ingress and clsact: the answer
# to each request, those that must fail included, and every qdisc and
# class as pyroute2 decodes them, under unetlink and in a kernel network
# namespace; the transcripts must be the same.  Kinds the kernel lacks
# are left out by name; with none left, the test skips.
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
need_pyroute2 pyroute2_tc.py tc.py
C=$WORK/tc.py
if [ "$(id -u)" != 0 ] || ! unshare -n true 2>/dev/null; then
	skip "no kernel namespace to compare with (not root, or unshare -n refused)"
fi
kinds=
for kind in tbf htb ingress clsact; do
	case $kind in
	tbf) args="root tbf rate 1mbit burst 10kb latency 10ms" ;;
	ingress | clsact) args=$kind ;;
	*) args="root $kind" ;;
	esac
	# shellcheck disable=SC2086
	if unshare -n tc qdisc add dev lo $args 2>&1 | grep -q 'kind is unknown'; then
		echo "# the host kernel lacks qdisc kind $kind: left out"
	else
		kinds="$kinds $kind"
	fi
done
[ -n "$kinds" ] || skip "the host kernel has none of tbf, htb, ingress, clsact"

# shellcheck disable=SC2086
unl "$WORK/u" "$PY" "$C" $kinds
no_transport_error "$WORK/u"
[ "$RC" = 0 ] || fail "pyroute2: $(grep -E 'FAIL|Error' "$WORK/u" "$WORK/u.err" | head -3)"
# shellcheck disable=SC2086
timeout -k 3 60 unshare -n "$PY" "$C" $kinds >"$WORK/k" 2>/dev/null ||
	fail "the kernel side failed"
if ! cmp -s "$WORK/k" "$WORK/u"; then
	echo "# kernel (-) and unetlink (+) differ:"
	diff -u "$WORK/k" "$WORK/u" | sed 's/^/#   /' | cut -c1-400 | head -60
	fail "pyroute2 sees something else on unetlink than on the kernel"
fi
echo "# $(wc -l <"$WORK/u") lines identical to the kernel's"
echo "pass"
