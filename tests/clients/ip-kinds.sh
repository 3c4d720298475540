#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Link kinds the reference kernel lacks (ipvlan, wireguard, geneve,
# vrf, nlmon, bond), under the `full` profile: a transcript of `ip`,
# `wg` and sysfs, compared with ip-kinds.MODE.expected, which was
# checked against Linux's source (the drivers' newlink, changelink,
# validate and fill_info, wireguard's netlink.c).  Keys are fixed so
# that the transcript is too.  Root builds and reads everything;
# unprivileged, root builds it through the shared daemon, and the user
# may read links but neither change them nor ask wireguard's family
# (GENL_UNS_ADMIN_PERM), as Linux answers.
. "$(dirname "$0")/lib.sh"
need ip iproute2
need wg wireguard-tools
here=$(cd "$(dirname "$0")" && pwd)

# Fixed keys: A's private and public, B's public, a preshared key.
cat >"$WORK/kinds.sh" <<'SCRIPT'
A_PRIV=ALJ7RQKAokeaalXa1tKPX1h7Tl4IrSo4TtJbdXRjglo=
B_PUB=GdrKcPJ6tTUB67NGmgyT2yA+WQubB3q4P+Wv4+X1mF8=
run() {
	echo "\$ $*"
	"$@" 2>&1
	echo "[$?]"
}
build() {
	run ip link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02
	run ip link add ipv0 link v0 type ipvlan mode l2
	run ip link add ipv1 link v0 type ipvlan mode l3 private
	run ip link add ipv2 link ipv1 type ipvlan mode l3s
	run ip link add ipv3 link lo type ipvlan
	run ip link add ipv3 type ipvlan
	run ip link add br0 type bridge
	run ip link set ipv0 master br0
	run ip link add mv0 link ipv0 type macvlan
	run ip link del br0
	run ip link add ipv3 mtu 9000 link ipv0 type ipvlan mode l2 vepa
	run ip link set ipv0 address 02:00:00:00:00:09
	run ip link set v1 up
	run ip link set v0 up
	run ip link set ipv0 up
	# an address is one ipvlan's on the port (not the lower device's)
	run ip addr add 10.7.0.1/24 dev ipv0
	run ip addr add 10.7.0.1/24 dev ipv1
	run ip addr add 10.7.0.1/24 dev v0
	run ip addr add 2001:db8:7::1/64 dev ipv1 nodad
	run ip addr add 2001:db8:7::1/64 dev ipv2 nodad
	run ip link add wg0 type wireguard
	printf '%s\n' "$A_PRIV" >/tmp/unl-kinds-a.key
	run wg set wg0 private-key /tmp/unl-kinds-a.key listen-port 51820 fwmark 0x10
	rm -f /tmp/unl-kinds-a.key
	run wg set wg0 peer "$B_PUB" endpoint 192.0.2.1:51820 persistent-keepalive 25 allowed-ips 10.0.0.1/24,fd00::5/64
	run wg set wg0 peer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= endpoint [2001:db8::1]:1234 allowed-ips 10.0.0.0/24,10.1.0.0/16
	# the device's own key is no peer
	run wg set wg0 peer 6jI+lxES2a9IKcZamhKWVxjzzGoL0SfNnX2kQhn/RVQ= allowed-ips 10.9.0.0/16
	# allowed-ips replaces the list (WGPEER_F_REPLACE_ALLOWEDIPS)
	run wg set wg0 peer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= allowed-ips 10.1.0.0/16,10.2.0.0/16
	run ip link set wg0 up
	run ip link add wg1 type wireguard
	run wg set wg1 listen-port 51820
	run ip link set wg1 up
	# geneve: the MTU from the route toward the remote
	run ip link add d0 address 02:00:00:00:01:01 type veth peer name d1 address 02:00:00:00:01:02
	run ip link set d0 mtu 9000
	run ip link set d0 up
	run ip addr add 192.0.2.1/24 dev d0
	run ip link add g0 address 02:00:00:00:00:10 type geneve id 10 remote 192.0.2.2
	run ip link add g1 address 02:00:00:00:00:11 type geneve id 10 remote 192.0.2.2
	run ip link add g1 address 02:00:00:00:00:11 type geneve id 11 remote 198.51.100.1 ttl 5 tos 0x10 df set dstport 6082 noudpcsum
	run ip link add g2 address 02:00:00:00:00:12 type geneve id 12 remote 2001:db8::1 ttl inherit flowlabel 0x12345 udp6zerocsumtx udp6zerocsumrx
	run ip link add g3 address 02:00:00:00:00:13 type geneve external
	run ip link add g3 address 02:00:00:00:00:13 type geneve external dstport 6090
	run ip link add g4 address 02:00:00:00:00:14 type geneve external dstport 6090
	run ip link add g4 address 02:00:00:00:00:14 type geneve id 4 remote 10.0.0.4 dstport 6090
	run ip link add g4 address 02:00:00:00:00:14 type geneve id 4 remote fe80::1
	run ip link add g4 address 02:00:00:00:00:14 type geneve id 4 remote 10.0.0.1 flowlabel 5
	run ip link add g4 address 02:00:00:00:00:14 mtu 9000 type geneve id 4 remote 10.0.0.1 innerprotoinherit
	run ip link add g5 address 02:00:00:00:00:15 mtu 1000 type geneve id 5 remote 2001:db8::5
	run ip link add g6 address 02:00:00:00:00:16 type geneve id 6 remote 192.0.2.1
	# vrf: the l3mdev rules, a port's routes in the VRF's table
	run ip link add e0 address 02:00:00:00:02:01 type veth peer name e1 address 02:00:00:00:02:02
	run ip link set e1 up
	run ip link set e0 up
	run ip addr add 10.5.0.1/24 dev e0
	run ip addr add 2001:db8:5::1/64 dev e0 nodad
	run ip link add red address 02:00:00:00:02:10 type vrf table 10
	run ip link add blue type vrf
	run ip link add blue type vrf table 0
	run ip link set red up
	run ip link set e0 master red
	run ip link set lo master red
	run ip link set red master red
	# nlmon: no address, no IPv6 autoconfiguration
	run ip link add nl0 type nlmon
	run ip link add nl1 address 02:00:00:00:00:01 type nlmon
	run ip link set nl0 up
	run ip link set nl0 mtu 15
	# bond: options and their refusals, ports down only, MTU and MAC
	# taken and given back, the active port
	run ip link add s0 address 02:00:00:00:03:01 type veth peer name s0p address 02:00:00:00:03:02
	run ip link add s1 address 02:00:00:00:03:03 type veth peer name s1p address 02:00:00:00:03:04
	run ip link set s0p up
	run ip link set s0 mtu 1400
	run ip link add bond1 type bond mode active-backup miimon 100 updelay 250 primary s1
	run ip link add bond2 type bond mode active-backup miimon 100 arp_interval 100
	run ip link add bond2 type bond mode 802.3ad ad_actor_system 01:00:00:00:00:01
	run ip link add bond2 type bond mode balance-rr lacp_rate fast
	run ip link add bond2 type bond updelay 100
	run ip link add bond2 address 02:00:00:00:03:20 type bond mode 802.3ad lacp_rate fast ad_actor_system 02:00:00:00:00:01 ad_actor_sys_prio 10
	run ip link set bond2 up
	run ip link set bond2 type bond lacp_rate slow
	run ip link set bond2 type bond arp_ip_target 10.0.0.1,10.0.0.2 ns_ip6_target 2001:db8::1
	run ip link add bond3 address 02:00:00:00:03:30 type bond arp_interval 100 arp_ip_target 192.0.2.1,192.0.2.2 arp_validate all
	run ip link set s0 up
	run ip link set s0 master bond1
	run ip link set s0 down
	run ip link set s0 master bond1
	run ip link set s1 master bond1
	run ip link set bond1 up
	run ip link set bond1 type bond mode balance-xor
	run ip link set bond1 type bond active_slave s1
}
show() {
	run ip -d link show
	run cat /sys/class/net/ipv1/dev_id /sys/class/net/ipv0/addr_assign_type
	run ip -6 addr show dev ipv0
	run wg show wg0
	run wg showconf wg0
	run wg show all dump
	run ip addr show dev wg0
	run ip rule
	run ip -6 rule
	run ip vrf show
	run ip -d link show e0
	run ip addr show dev e0
	run ip route show table 10
	run ip route show vrf red
	run ip -6 route show vrf red
	run ip route show table main
	run ip link show vrf red
	run ip -d link show nl0
	run ip -6 route show table all dev nl0
	run ip -d link show s0
	run ip -d link show s1
	run ip -d link show bond1
	run ip -d link show bond2
	run ip -d link show bond3
}
change() {
	run ip link set ipv1 type ipvlan mode l2 bridge
	run ip link set g0 type geneve id 10 remote 192.0.2.9 ttl 9
	run ip link set g0 type geneve id 11
	run ip link set g0 type geneve id 10 remote 2001:db8::9
	run ip link set g3 type geneve external
	run ip -d link show g0
	run ip link set ipv1 type ipvlan mode 7
	run wg set wg0 listen-port 4000 peer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= remove
	run ip -d link show ipv0
	run wg show wg0 listen-port
	run wg show lo
	run wg show nosuch
	run ip link set red type vrf table 11
	run ip link set e0 nomaster
	run ip route show table 10
	run ip route show table main
	run ip link del red
	run ip rule
	run ip link set s0 nomaster
	run ip -d link show s0
	run ip link del bond1
	run ip -d link show s1
	run ip link del v0
	run ip link
}
# wg-quick up, syncconf and down (as root only: it runs sudo otherwise)
quick() {
	cd "$(dirname "$0")" || return
	conf=./wgq0.conf
	cat >"$conf" <<CONF
[Interface]
PrivateKey = $A_PRIV
Address = 10.20.0.2/24, fd20::2/64
ListenPort = 51821
MTU = 1400

[Peer]
PublicKey = $B_PUB
Endpoint = 192.0.2.1:51820
AllowedIPs = 10.30.0.0/16, fd30::/64
PersistentKeepalive = 15
CONF
	chmod 600 "$conf"
	run wg-quick up "$conf"
	run ip addr show dev wgq0
	run ip route show dev wgq0
	run ip -6 route show dev wgq0
	run wg showconf wgq0
	wg-quick strip "$conf" >"$conf.stripped"
	run wg syncconf wgq0 "$conf.stripped"
	run wg-quick down "$conf"
}
case $1 in
build) build ;;
show) show ;;
change) change ;;
all) build; show; change; quick ;;
esac
SCRIPT
chmod 644 "$WORK/kinds.sh"
if [ "$MODE" = unpriv ]; then
	timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" -- \
		sh "$WORK/kinds.sh" build >"$WORK/u" 2>&1 ||
		fail "building as root failed: $(tail -3 "$WORK/u")"
	unl "$WORK/show" sh "$WORK/kinds.sh" show
	no_transport_error "$WORK/show"
	cat "$WORK/show" >>"$WORK/u"
	unl "$WORK/change" sh "$WORK/kinds.sh" change
	no_transport_error "$WORK/change"
	cat "$WORK/change" >>"$WORK/u"
else
	unl "$WORK/u" sh "$WORK/kinds.sh" all
	no_transport_error "$WORK/u"
	[ "$RC" = 0 ] || fail "the transcript did not run: $(tail -3 "$WORK/u.err")"
fi
# The daemon's own transcript, as the kernel's would be.
if ! diff -u "$here/ip-kinds.$MODE.expected" "$WORK/u" >"$WORK/diff"; then
	echo "# Linux (-) and unetlink (+) differ:"
	sed 's/^/#   /' "$WORK/diff" | cut -c1-300 | head -80
	fail "the transcript differs from Linux's"
fi
echo "# $(wc -l <"$WORK/u") lines as Linux's source says"
echo "pass"
