#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# firewalld (Debian's, nftables backend) against the kernel: the same
# daemon, on a D-Bus system bus of its own, and the same firewall-cmd
# calls in a fresh net and mount namespace of the kernel and under
# `unetlink run` (firewalld-side.sh, both at once; the calls are
# firewall-cmd's, made through firewalld's client library from one
# process, firewalld-calls.py); what each call
# printed, the ruleset firewalld made, the ruleset it left when it
# stopped, and what it logged as a warning or error must be the same.
# firewalld is taken installed, or unpacked by scripts/install-deps.sh
# (its package would start the machine's firewall).
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
unpacked=/usr/local/lib/unetlink-tests/firewalld
if command -v firewalld >/dev/null && [ -d /usr/lib/firewalld ]; then
	FW=$(command -v firewalld)
	DEF=/usr/lib/firewalld
	CONF=/etc/firewalld/firewalld.conf
else
	FW=$unpacked/usr/sbin/firewalld
	DEF=$unpacked/usr/lib/firewalld
	CONF=$unpacked/etc/firewalld/firewalld.conf
fi
[ -x "$FW" ] && [ -f "$CONF" ] ||
	skip "firewalld is not installed or unpacked (package firewalld)"
/usr/bin/python3 -c 'import firewall, nftables, dbus, gi' 2>/dev/null ||
	skip "firewalld's python modules are missing (python3-firewall, python3-nftables, python3-dbus, python3-gi)"
need dbus-daemon dbus-daemon
need nft nftables
[ "$(id -u)" = 0 ] || skip "the kernel's side needs root"
unshare -n -m true 2>/dev/null || skip "unshare -n -m is not permitted here"
[ "$MODE" = root ] || skip "root only"

side=$(dirname "$0")/firewalld-side.sh
calls=$(dirname "$0")/firewalld-calls.py
mkdir -p "$WORK/k" "$WORK/u"
timeout -k 5 90 unshare -n -m sh "$side" "$WORK/k" "$FW" "$calls" "$DEF" "$CONF" \
	>"$WORK/kernel" 2>&1 &
kpid=$!
timeout -k 5 90 "$CLI" run -- sh "$side" "$WORK/u" "$FW" "$calls" "$DEF" "$CONF" \
	>"$WORK/model" 2>&1
urc=$?
wait "$kpid"
krc=$?
[ "$krc" = 0 ] || { sed 's/^/# kernel: /' "$WORK/kernel"; skip "firewalld does not run on the kernel here (status $krc)"; }
no_transport_error "$WORK/model"
grep -qx 'state RUNNING' "$WORK/kernel" ||
	{ sed 's/^/# kernel: /' "$WORK/kernel"; skip "firewalld did not start on the kernel here"; }
echo "# kernel's transcript: $(wc -l <"$WORK/kernel") lines, unetlink's status $urc"
if ! cmp -s "$WORK/kernel" "$WORK/model"; then
	diff -u "$WORK/kernel" "$WORK/model" | sed 's/^/# /' | head -80
	fail "firewalld under unetlink differs from the kernel"
fi
grep -c '^\$ ' "$WORK/model" | sed 's/^/# calls: /'
echo "pass"
