#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# vrf, which the reference kernel lacks, under the `full` profile: `ip
# route get` through a VRF and through one of its ports (the VRF's
# table, no on-link guess), and net.vrf.strict_mode, which the vrf
# module brings with it (no two VRFs on one table); a transcript
# compared with ip-vrf.expected, checked against Linux 6.18's source
# (net/l3mdev/l3mdev.c, net/ipv4/route.c, drivers/net/vrf.c) and its
# Documentation/networking/vrf.rst.  Root only: ip-kinds.sh checks the
# rights.
. "$(dirname "$0")/lib.sh"
need ip iproute2
here=$(cd "$(dirname "$0")" && pwd)
[ "$MODE" = root ] || skip "root only (the rights are ip-kinds.sh's)"

cat >"$WORK/vrf.sh" <<'SCRIPT'
run() {
	echo "\$ $*"
	"$@" 2>&1
	echo "[$?]"
}
wr() { # FILE VALUE: a sysctl write and whether it was taken (sh's
	# echo says "I/O error" whatever the errno)
	echo "\$ echo $2 > $1"
	(echo "$2" >"$1") 2>/dev/null
	echo "[$?]"
}
run ls /proc/sys/net
run ip link add e0 address 02:00:00:00:02:01 type veth peer name e1 address 02:00:00:00:02:02
run ip link set e1 up
run ip link set e0 up
run ip addr add 10.5.0.1/24 dev e0
run ip link add red address 02:00:00:00:02:10 type vrf table 10
run ls /proc/sys/net/vrf
run ip link set red up
run ip link set e0 master red
run ip route get 10.5.0.7 vrf red
run ip route get 10.5.0.7
run ip route get 10.6.0.7 vrf red
run ip route get 10.6.0.7 oif e0
run ip route add 10.6.0.0/24 via 10.5.0.9 vrf red
run ip route get 10.6.0.7 vrf red
run ip route get 10.6.0.7 oif e0
run ip route get 239.1.1.1 vrf red
run ip addr add 2001:db8:5::1/64 dev e0 nodad
run ip -6 route get 2001:db8:5::7 vrf red
run ip -6 route get 2001:db8:6::7 vrf red
run ip -6 route get 2001:db8:5::7 oif e0
run cat /proc/sys/net/vrf/strict_mode
run ip link add blue address 02:00:00:00:02:11 type vrf table 10
wr /proc/sys/net/vrf/strict_mode 1
run cat /proc/sys/net/vrf/strict_mode
run ip link del blue
wr /proc/sys/net/vrf/strict_mode 1
run cat /proc/sys/net/vrf/strict_mode
run ip link add blue address 02:00:00:00:02:11 type vrf table 10
run ip link add green address 02:00:00:00:02:12 type vrf table 11
run ip -br link
SCRIPT
chmod 644 "$WORK/vrf.sh"
unl "$WORK/u" sh "$WORK/vrf.sh"
no_transport_error "$WORK/u"
[ "$RC" = 0 ] || fail "the transcript did not run: $(tail -3 "$WORK/u.err")"
if ! diff -u "$here/ip-vrf.expected" "$WORK/u" >"$WORK/diff"; then
	echo "# Linux (-) and unetlink (+) differ:"
	sed 's/^/#   /' "$WORK/diff" | cut -c1-300 | head -80
	fail "the transcript differs from Linux's"
fi
echo "# $(wc -l <"$WORK/u") lines as Linux's source says"
echo "pass"
