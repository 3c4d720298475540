#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# pyroute2's IPRoute.tc() (pyroute2_tc.py) on every qdisc kind it has a
# plugin for (sfq, codel, fq_codel, choke, cake, netem, plug, drr and
# hfsc with classes, tbf, htb, ingress, clsact), under the `full`
# profile, against pyroute2-tc-full.expected: what the same script
# printed on Linux 6.12 (Debian's 6.12.118, in a virtual machine), whose
# modules this host's kernel may lack.  pyroute2-tc.sh compares the
# kinds the host has live.
. "$(dirname "$0")/lib.sh"
need_pyroute2 pyroute2_tc.py tc.py
UNETLINK_PROFILE=full
export UNETLINK_PROFILE
unl "$WORK/u" "$PY" "$WORK/tc.py" sfq codel fq_codel choke cake netem \
	plug drr hfsc tbf htb ingress clsact
no_transport_error "$WORK/u"
[ "$RC" = 0 ] || fail "pyroute2: $(grep -E 'FAIL|Error' "$WORK/u" "$WORK/u.err" | head -3)"
if ! cmp -s "$(dirname "$0")/pyroute2-tc-full.expected" "$WORK/u"; then
	echo "# Linux 6.12 (-) and unetlink (+) differ:"
	diff -u "$(dirname "$0")/pyroute2-tc-full.expected" "$WORK/u" |
		sed 's/^/#   /' | cut -c1-400 | head -60
	fail "pyroute2 sees something else on unetlink than on Linux"
fi
echo "# $(wc -l <"$WORK/u") lines identical to Linux 6.12's"
echo "pass"
