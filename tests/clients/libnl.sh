#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# libnl's tools (libnl-utils: nl-link-list, nl-addr-list, nl-route-list,
# nl-fib-lookup, nl-route-add) on the rtnetlink model.  The same state (a
# veth pair, a bridge, IPv4 and IPv6 addresses, routes in main and in
# table 100, a blackhole) is built with iproute2 in a kernel network
# namespace and under unetlink, and every tool must print the same in
# both; only creation timestamps are normalised (the MACs are given).
# Without a kernel namespace to compare with, what a user would check is
# still asserted.  Unprivileged, root builds the state through the
# shared daemon, the tools read it as uid 65534, and nl-route-add and
# nl-addr-add are refused with EPERM, as Linux refuses them.
. "$(dirname "$0")/lib.sh"
need ip iproute2
for t in nl-link-list nl-addr-list nl-route-list nl-fib-lookup nl-route-add \
	nl-addr-add nl-neigh-list nl-link-set; do
	need $t libnl-utils
done

cat >"$WORK/setup.sh" <<'EOF'
set -e
ip link set lo up
ip link add veth0 address 02:00:00:00:00:01 type veth peer name veth1 address 02:00:00:00:00:02
ip link add br0 address 02:00:00:00:00:03 type bridge
ip link set veth1 master br0
ip link set veth0 up
ip link set veth1 up
ip link set br0 up
ip addr add 10.1.0.1/24 dev veth0
ip addr add 10.2.0.1/16 brd + dev br0
ip addr add 2001:db8:1::1/64 dev veth0 nodad
ip route add 192.0.2.0/24 via 10.1.0.254
ip route add 198.51.100.0/24 dev br0 metric 50
ip route add 203.0.113.0/24 via 10.1.0.2 table 100
ip route add blackhole 198.18.0.0/15
ip route add 2001:db8:2::/64 via 2001:db8:1::2
# libnl's own write path
nl-route-add --dst=100.64.0.0/10 --nexthop=dev=veth0,via=10.1.0.9 --table=100 >/dev/null
nl-link-set --name=veth0 --txqlen=500 --ifalias=uplink >/dev/null
# neighbours and the bridge's forwarding database, for nl-neigh-list
ip neigh add 10.1.0.7 lladdr 02:00:00:00:00:07 dev veth0 nud permanent
bridge fdb add 02:00:00:00:00:0a dev veth1 master static
bridge fdb add 02:00:00:00:00:0b dev veth0 self
EOF

# The kernel configures IPv6 (link-local addresses, after linkwatch and
# DAD) a while after the links went up; unetlink has done it already.
cat >"$WORK/settle.sh" <<'EOF'
for _ in $(seq 100); do
	n=$(ip -6 addr show scope link | grep -c 'inet6 fe80')
	[ "$n" -ge 3 ] && [ -z "$(ip -6 addr show tentative)" ] && exit 0
	sleep 0.1
done
echo "the kernel did not finish DAD in 10 s"
EOF

# nl-link-list --details and --stats are left out: libnl 3.7 crashes
# printing IPv6 statistics, on the kernel as here.
cat >"$WORK/views.sh" <<'EOF'
for c in "nl-link-list" "nl-link-list --name=br0" \
	 "nl-link-list --family=inet6" "nl-link-list --family=bridge" \
	 "nl-addr-list" "nl-addr-list --details" "nl-addr-list --env" \
	 "nl-addr-list --family=inet6 --dev=veth0" \
	 "nl-route-list" "nl-route-list -f details" "nl-route-list --table=100" \
	 "nl-route-list --family=inet6" "nl-route-list --dst=198.18.0.0/15" \
	 "ip link show veth0"; do
	echo "### $c"
	$c 2>&1
	echo "-> $?"
done
# While no rule was added, Linux shares one trie between local and main:
# table 255 sees main's routes and table 254 the local ones.
for a in 192.0.2.7 10.1.0.9 10.2.3.4 198.51.100.1 198.18.1.1 203.0.113.5 \
	 100.64.1.1 8.8.8.8 127.0.0.1 10.1.0.1 10.2.255.255; do
	for t in "" "-t 100" "-t 254" "-t 255"; do
		echo "### nl-fib-lookup $t $a"
		nl-fib-lookup $t $a 2>&1
		echo "-> $?"
	done
done
EOF
# Neighbours and forwarding databases: the kernel's also hold what its
# traffic made (multicast neighbours, learnt and snooped entries), so
# these are only checked for what a user put there.
cat >"$WORK/neigh.sh" <<'EOF'
for c in "nl-neigh-list" "nl-neigh-list --family=bridge" \
	 "nl-neigh-list --dev=veth1"; do
	echo "### $c"
	$c 2>&1
	echo "-> $?"
done
EOF
chmod 644 "$WORK/setup.sh" "$WORK/settle.sh" "$WORK/views.sh" "$WORK/neigh.sh"

normalise() {
	sed -E 's/boot-time\+[0-9a-z]+( [0-9]+(d|h|m|s|msec))*/boot-time+T/g' "$1"
}

# unetlink's side.
if [ "$MODE" = unpriv ]; then
	# root is admin on the shared daemon: it builds, 65534 reads.
	timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" -- \
		sh "$WORK/setup.sh" >"$WORK/setup.out" 2>&1 ||
		fail "building the state as root: $(cat "$WORK/setup.out")"
	unl "$WORK/u" sh "$WORK/views.sh"
	unl "$WORK/n" sh "$WORK/neigh.sh"
else
	# one private daemon per run: the neighbours are read in the same
	unl "$WORK/u" sh -c "sh '$WORK/setup.sh' && sh '$WORK/views.sh' &&
		sh '$WORK/neigh.sh' >'$WORK/n' 2>&1"
fi
no_transport_error "$WORK/u"
[ "$RC" = 0 ] || fail "the views ended with status $RC"

# What a user checks, whatever the kernel says.
expect() {
	grep -qF -- "$1" "$WORK/u" || fail "missing from the output: $1"
}
expect 'veth1 ether 02:00:00:00:00:02 master br0 <broadcast,multicast,up,running,lowerup> slave-of veth0'
expect 'bridge br0 ether 02:00:00:00:00:03 <broadcast,multicast,up,running,lowerup>'
expect 'inet6 veth0 ether 02:00:00:00:00:01'
expect 'bridge veth1 ether 02:00:00:00:00:02 master br0'
expect '10.2.0.1/16 inet dev br0 scope global <permanent>'
expect 'label br0 broadcast 10.2.255.255'
expect '2001:db8:1::1/64 inet6 dev veth0 scope global <nodad,permanent>'
expect 'fe80::ff:fe00:3/64 inet6 dev br0 scope link <permanent>'
expect 'inet 198.18.0.0/15 table main type blackhole'
expect 'inet 203.0.113.0/24 table 0x64 type unicast via 10.1.0.2 dev veth0'
expect 'inet 100.64.0.0/10 table 0x64 type unicast via 10.1.0.9 dev veth0'
expect 'inet6 2001:db8:2::/64 table main type unicast via 2001:db8:1::2 dev veth0'
expect 'inet 10.2.255.255 table local type broadcast via dev br0'
expect 'qlen 500'
expect 'alias uplink'
no_transport_error "$WORK/n"
# expect_n TEXT: nl-neigh-list printed TEXT.
expect_n() {
	grep -qF -- "$1" "$WORK/n" || fail "missing from nl-neigh-list: $1"
}
expect_n 'inet 10.1.0.7 dev veth0 lladdr 02:00:00:00:00:07 <permanent>'
expect_n 'bridge dev veth1 lladdr 02:00:00:00:00:0a br0 <noarp>'
expect_n 'bridge dev veth1 lladdr 02:00:00:00:00:02 br0 <permanent>'
expect_n 'bridge dev veth0 lladdr 02:00:00:00:00:0b (null) <permanent,self>'
expect_n 'bridge dev br0 lladdr 02:00:00:00:00:03 br0 <permanent>'
! grep -q '^-> [1-9]' "$WORK/u" "$WORK/n" ||
	fail "a tool failed: $(grep -B3 '^-> [1-9]' "$WORK/u" | head -8)"
# fib_lookup_says T A PATTERN WHAT: what `nl-fib-lookup T A` printed
# matches PATTERN.
fib_lookup_says() {
	sed -n "/^### nl-fib-lookup $1 $2\$/,/^->/p" "$WORK/u" | grep -q "$3" ||
		fail "$4"
}
# nl-fib-lookup over NETLINK_FIB_LOOKUP: a route of main, one of table
# 100, a blackhole (EINVAL) and no route at all (EAGAIN).
fib_lookup_says "" 192.0.2.7 'table main prefixlen 24' \
	"nl-fib-lookup 192.0.2.7 did not find 192.0.2.0/24 in main"
fib_lookup_says "-t 100" 203.0.113.5 'table 0x64 prefixlen 24' \
	"nl-fib-lookup -t 100 203.0.113.5 did not find 203.0.113.0/24"
fib_lookup_says "" 198.18.1.1 'Invalid argument (-22)' \
	"nl-fib-lookup into a blackhole did not give EINVAL"
fib_lookup_says "" 8.8.8.8 'type unspec .*(-11)' \
	"nl-fib-lookup without a route did not give EAGAIN"
# Local and main merged: table 255 finds main's routes and blackholes,
# table 254 the local addresses.
fib_lookup_says "-t 255" 192.0.2.7 'table local prefixlen 24' \
	"nl-fib-lookup -t 255 192.0.2.7 did not see main's 192.0.2.0/24"
fib_lookup_says "-t 255" 198.18.1.1 'Invalid argument (-22)' \
	"nl-fib-lookup -t 255 into main's blackhole did not give EINVAL"
fib_lookup_says "-t 254" 10.1.0.1 'table main prefixlen 32 .*' \
	"nl-fib-lookup -t 254 10.1.0.1 did not see the local route"

if [ "$MODE" = unpriv ]; then
	unl "$WORK/radd" nl-route-add --dst=100.65.0.0/16 --nexthop=dev=veth0
	no_transport_error "$WORK/radd"
	grep -q 'Unable to add route: Operation not permitted' "$WORK/radd.err" ||
		fail "an unprivileged nl-route-add was not refused with EPERM"
	unl "$WORK/aadd" nl-addr-add --dev=veth0 --local=10.9.9.9/24
	no_transport_error "$WORK/aadd"
	grep -q 'Unable to add address: Operation not permitted' "$WORK/aadd.err" ||
		fail "an unprivileged nl-addr-add was not refused with EPERM"
fi

# The kernel's side, when this user may make a network namespace.
if [ "$(id -u)" != 0 ] || ! unshare -n true 2>/dev/null; then
	echo "# no kernel namespace to compare with (not root, or unshare -n refused)"
	echo "pass"
	exit 0
fi
# shellcheck disable=SC2086
timeout -k 3 60 unshare -n sh -c "sh '$WORK/setup.sh' && sh '$WORK/settle.sh' &&
	$AS sh '$WORK/views.sh'" >"$WORK/k" 2>&1 ||
	fail "the kernel side failed: $(tail -5 "$WORK/k")"
normalise "$WORK/k" >"$WORK/k.n"
normalise "$WORK/u" >"$WORK/u.n"
if ! cmp -s "$WORK/k.n" "$WORK/u.n"; then
	echo "# kernel (-) and unetlink (+) differ:"
	diff -u "$WORK/k.n" "$WORK/u.n" | sed 's/^/#   /' | head -80
	fail "libnl's tools print something else on unetlink than on the kernel"
fi
echo "# $(grep -c '^###' "$WORK/u") views identical to the kernel's"
echo "pass"
