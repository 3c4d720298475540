#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The IPv4 tunnels (ipip, gre, gretap, erspan, vti), which the reference
# kernel lacks, under the `full` profile: a transcript of `ip`, compared
# with ip-tunnels.expected, whose first part is what Linux 6.12 printed
# (Debian's 6.12.118 in a virtual machine, scripts/kernel-vm.sh with
# VM_MODULES="ip_tunnel tunnel4 gre" VM_IPV6=1, in a new netns, each of
# ipip, ip_gre, ip_vti loaded by insmod at the first `ip` that names
# one of its kinds, as request_module would) and whose module-loaded
# parts were checked against Linux 6.18's source (ip_tunnel.c, ipip.c,
# ip_gre.c, ip_vti.c, addrconf.c).  The
# first request for a kind loads its module, whose fallback devices
# then appear and take the tunnel that matches nothing else; a profile
# with the module loaded has them from the start, and
# fb_tunnels_only_for_init_net 1 or 2 leaves them out.  Root only: the
# kinds' rights are every link's, which ip-kinds.sh checks.
. "$(dirname "$0")/lib.sh"
need ip iproute2
here=$(cd "$(dirname "$0")" && pwd)
[ "$MODE" = root ] || skip "root only (the rights are ip-kinds.sh's)"

cat >"$WORK/tunnels.sh" <<'SCRIPT'
run() {
	echo "\$ $*"
	"$@" 2>&1
	echo "[$?]"
}
case $1 in
loaded)
	run ip -d link show
	run ip link add g1 type gre
	run ip -br link
	;;
*)
run ip link
# ipip: its module brings tunl0 first
run ip link add t0 type ipip remote 192.0.2.9 local 192.0.2.1 ttl 64
run ip link add t1 type ipip remote 192.0.2.9 local 192.0.2.1
run ip link add t1 type ipip mode mplsip remote 192.0.2.10
run ip link add t2 type ipip encap fou encap-sport 5555 encap-dport 5555 remote 192.0.2.11
# gre: the fallback device holds the tunnel without addresses or key
run ip link add g0 type gre
run ip link add g1 type gre remote 198.51.100.2 local 198.51.100.1 ttl 32 tos 0x10 key 7 seq csum
run ip link add g2 type gre remote 198.51.100.2 local 198.51.100.1 ikey 7 okey 7
run ip link add g2 type gre remote 198.51.100.2 local 198.51.100.1 key 8 nopmtudisc
run ip link add g3 type gre remote 239.1.1.1
run ip link add g3 type gre remote 239.1.1.1 local 198.51.100.1
run ip link add g4 type gre remote 198.51.100.4 ignore-df
run ip link add g4 type gre remote 198.51.100.4 nopmtudisc ignore-df fwmark 9
run ip link add g5 type gre external
run ip link add g6 type gre external
# the MTU from the device toward the remote
run ip link add d0 address 02:00:00:00:05:01 mtu 9000 type veth peer name d1 address 02:00:00:00:05:02
run ip link set d0 up
run ip addr add 203.0.113.1/24 dev d0
run ip link add g7 type gre remote 203.0.113.2 local 203.0.113.1
run ip link add g8 mtu 70000 type gre remote 203.0.113.3
# gretap and erspan
run ip link add gt0 address 02:00:00:00:05:10 type gretap remote 192.0.2.20 key 3
run ip link add gt1 address 02:00:00:00:05:11 type gretap remote 0.0.0.0
run ip link add gt1 address 01:00:00:00:05:11 type gretap remote 192.0.2.21
run ip link add e0 address 02:00:00:00:05:20 type erspan seq key 100 local 192.0.2.1 remote 192.0.2.30 erspan_ver 1 erspan 123
run ip link add e1 address 02:00:00:00:05:21 type erspan seq key 101 local 192.0.2.1 remote 192.0.2.31 erspan_ver 2 erspan_dir egress erspan_hwid 7
run ip link add e2 address 02:00:00:00:05:22 type erspan key 102 local 192.0.2.1 remote 192.0.2.32
run ip link add e2 address 02:00:00:00:05:22 type erspan seq key 2000 local 192.0.2.1 remote 192.0.2.32
run ip link add e2 address 02:00:00:00:05:22 type erspan seq key 102 local 192.0.2.1 remote 192.0.2.32 erspan_ver 3
run ip link add e2 address 02:00:00:00:05:22 type erspan local 192.0.2.1 remote 192.0.2.32 erspan_ver 0
# vti: one device per endpoints whatever the keys
run ip link add v0 type vti remote 192.0.2.40 local 192.0.2.1 ikey 5 okey 6
run ip link add v1 type vti remote 192.0.2.40 local 192.0.2.1 ikey 8
run ip link add v1 type vti remote 192.0.2.41 local 192.0.2.1 fwmark 3
run ip -d link show
# changes; the fallback device takes none, and stays
run ip link set gre0 type gre ttl 3
run ip link del gre0
run ip link set g2 type gre remote 198.51.100.3 local 198.51.100.1 key 8 seq
run ip link set g2 type gre remote 0.0.0.0 local 198.51.100.1 key 8
run ip link set t0 type ipip remote 0.0.0.0
run ip link set g1 type gre remote 198.51.100.2 local 198.51.100.1 ttl 32 tos 0x10 key 7 seq csum
run ip link set t0 type ipip remote 192.0.2.99 local 192.0.2.1 ttl 9
run ip link set v0 type vti remote 192.0.2.40 local 192.0.2.1 ikey 5 okey 6 fwmark 4
run ip link set e1 type erspan seq key 101 local 192.0.2.1 remote 192.0.2.31 erspan_ver 2 erspan_dir ingress erspan_hwid 9
run ip link set g2 mtu 65520
run ip link set g2 mtu 67
run ip link set g2 mtu 65000
run ip link set gt0 mtu 65479
run ip link set gt0 mtu 65478
run ip -d link show g2
run ip -d link show t0
run ip -d link show v0
run ip -d link show e1
run ip -d link show gre0
# up: an IPv4 GRE device's link-local is ISATAP's form of its address
run ip link set g7 up
run ip link set gre0 up
run ip link set gretap0 up
run ip link set t0 up
run ip -6 addr
run ip -6 route show table all
run ip link del g7
run ip link del t0
run ip -br link
;;
esac
SCRIPT
chmod 644 "$WORK/tunnels.sh"
unl "$WORK/u" sh "$WORK/tunnels.sh" all
no_transport_error "$WORK/u"
[ "$RC" = 0 ] || fail "the transcript did not run: $(tail -3 "$WORK/u.err")"
# A kernel that had ip_gre loaded: its fallback devices from the start
# (and nothing else's); with fb_tunnels_only_for_init_net, none.
for fb in 0 1 2; do
	printf 'base full\nmodule ip_gre\nsysctl net.core.fb_tunnels_only_for_init_net = %s\n' \
		"$fb" >"$WORK/gre-$fb.profile"
	echo "# module ip_gre, fb_tunnels_only_for_init_net $fb" >>"$WORK/u"
	UNETLINK_PROFILE=$WORK/gre-$fb.profile unl "$WORK/l" sh "$WORK/tunnels.sh" loaded
	no_transport_error "$WORK/l"
	cat "$WORK/l" >>"$WORK/u"
done
if ! diff -u "$here/ip-tunnels.expected" "$WORK/u" >"$WORK/diff"; then
	echo "# Linux (-) and unetlink (+) differ:"
	sed 's/^/#   /' "$WORK/diff" | cut -c1-300 | head -80
	fail "the transcript differs from Linux's"
fi
echo "# $(wc -l <"$WORK/u") lines as Linux 6.12 printed them and its source says"
echo "pass"
