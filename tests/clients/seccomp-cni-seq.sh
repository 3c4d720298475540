#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The CNI sequence of seccomp-cni.sh, run whole in the kernel (in an
# `unshare -n -m` with its own /run) or under `unetlink run`.  $1: the
# directory of the CNI configurations and of host-local's leases; $2:
# how to run a plugin ("" in the kernel, "unetlink run --" under it:
# the plugins are Go programs, which the seccomp front end serves).
D=$1
RUN=$2
P=/usr/lib/cni

# plugin TYPE CMD NETNS IFNAME CONFIG: the plugin's answer, with what
# the kernel chooses at random (MAC addresses, veth names) masked
plugin() {
	CNI_COMMAND=$2 CNI_CONTAINERID=ctr-$3 CNI_NETNS=/run/netns/$3 \
		CNI_IFNAME=$4 CNI_PATH=$P $RUN $P/$1 <"$5" >"$D/out" 2>&1
	echo "$1 $2 $3: status $?"
	mask <"$D/out"
	echo
}
mask() {
	sed -e 's/[0-9a-f][0-9a-f]\(:[0-9a-f][0-9a-f]\)\{5\}/MAC/g' \
		-e 's/veth[0-9a-f]\{8\}/VETH/g' \
		-e 's/fe80::[0-9a-f:]*/fe80::LL/g'
}
# CHECK needs the ADD's answer as prevResult, as a runtime gives it
with_prev() {
	python3 -c '
import json, sys
conf = json.load(open(sys.argv[1]))
conf["prevResult"] = json.load(open(sys.argv[2]))
json.dump(conf, open(sys.argv[3], "w"))
' "$1" "$2" "$3"
}
# the links, IPv4 addresses, routes and ip_forward of a net ("" the
# current one)
show() {
	n=${1:+-n $1}
	echo "== net ${1:-host}"
	# shellcheck disable=SC2086
	{
		ip $n -o link show | sed -e 's/^[0-9]*: //' \
			-e 's/ qlen [0-9]*//' -e 's/ link-netns[^ ]*//' \
			-e 's/ link-netnsid [0-9]*//' -e 's/altname.*//'
		ip $n -o -4 addr show | sed 's/^[0-9]*: //'
		ip $n -6 addr show scope link | grep -c inet6
		ip $n route show
		ip $n -6 route show | grep -v '^multicast'
		if [ -z "$1" ]; then
			cat /proc/sys/net/ipv4/ip_forward
		else
			ip netns exec "$1" cat /proc/sys/net/ipv4/ip_forward
		fi
	} 2>&1 | mask
}

ip netns add br1 || exit 1
ip netns add pp1 || exit 1
ip netns add lo1 || exit 1

plugin bridge ADD br1 eth0 "$D/bridge.json"
cp "$D/out" "$D/bridge.add"
with_prev "$D/bridge.json" "$D/bridge.add" "$D/bridge.check.json"
plugin bridge CHECK br1 eth0 "$D/bridge.check.json"
plugin ptp ADD pp1 eth0 "$D/ptp.json"
cp "$D/out" "$D/ptp.add"
with_prev "$D/ptp.json" "$D/ptp.add" "$D/ptp.check.json"
plugin ptp CHECK pp1 eth0 "$D/ptp.check.json"
plugin loopback ADD lo1 lo "$D/loopback.json"
cp "$D/out" "$D/loopback.add"
with_prev "$D/loopback.json" "$D/loopback.add" "$D/loopback.check.json"
plugin loopback CHECK lo1 lo "$D/loopback.check.json"
# a second ADD into the bridge: the next lease, the same bridge
ip netns add br2 || exit 1
plugin bridge ADD br2 eth1 "$D/bridge.json"
# CHECK of a configuration that does not match (another address)
sed 's/10\.88\.1\.2/10.88.1.9/' "$D/bridge.check.json" >"$D/bad.json"
plugin bridge CHECK br1 eth0 "$D/bad.json"
for n in "" br1 br2 pp1 lo1; do
	show "$n"
done

echo "== DEL"
plugin bridge DEL br1 eth0 "$D/bridge.json"
plugin bridge DEL br2 eth1 "$D/bridge.json"
plugin ptp DEL pp1 eth0 "$D/ptp.json"
plugin loopback DEL lo1 lo "$D/loopback.json"
# DEL again: nothing left to remove is no error
plugin bridge DEL br1 eth0 "$D/bridge.json"
# The kernel tells a bridge's loss of carrier (its last port gone) a
# moment later (linkwatch): wait for it to settle, up to 5 s.
for _ in $(seq 50); do
	ip link show unlbr0 | grep -q NO-CARRIER && break
	sleep 0.1
done
for n in "" br1 pp1 lo1; do
	show "$n"
done
ls "$D/leases/unlbr" "$D/leases/unlptp" 2>&1 | sort
for n in br1 br2 pp1 lo1; do
	ip netns del "$n"
done
echo done
