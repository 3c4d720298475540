#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Debian's CNI plugins (containernetworking-plugins: bridge with
# host-local IPAM, ptp, loopback), Go programs that the seccomp front
# end serves, driven with ADD, CHECK and DEL through the CNI environment
# into namespaces that `ip netns add` made under unetlink: each plugin
# opens /run/netns/NAME (a handle of the daemon), statfs()s it, setns()es
# into it from a locked OS thread and back through /proc/PID/task/TID/
# ns/net, moves a veth end with IFLA_NET_NS_FD and writes ip_forward.
# The plugins' answers and the links, addresses and routes of every
# net must be what the same sequence (seccomp-cni-seq.sh) gives in the
# kernel, in an `unshare -n -m` with a private /run.  Modes: root, owner
# (uid 65534 with a private daemon of its own) and unpriv (uid 65534
# against a root daemon: refused as the kernel refuses it).
. "$(dirname "$0")/lib.sh"
need ip iproute2
need unshare util-linux
need python3 python3
for p in bridge host-local ptp loopback; do
	[ -x "/usr/lib/cni/$p" ] ||
		skip "no /usr/lib/cni/$p (package containernetworking-plugins)"
done
private_copy "$(dirname "$0")/seccomp-cni-seq.sh" "$WORK/seq.sh" 644

# configs DIR: the networks, their leases kept in DIR/leases
configs() {
	mkdir -p "$1/leases"
	cat >"$1/bridge.json" <<EOF
{"cniVersion": "1.0.0", "name": "unlbr", "type": "bridge",
 "bridge": "unlbr0", "isGateway": true, "mtu": 1400,
 "ipam": {"type": "host-local", "subnet": "10.88.1.0/24",
          "dataDir": "$1/leases"}}
EOF
	cat >"$1/ptp.json" <<EOF
{"cniVersion": "1.0.0", "name": "unlptp", "type": "ptp", "mtu": 1300,
 "ipam": {"type": "host-local", "subnet": "10.88.2.0/24",
          "routes": [{"dst": "10.99.0.0/16"}], "dataDir": "$1/leases"}}
EOF
	cat >"$1/loopback.json" <<EOF
{"cniVersion": "1.0.0", "name": "unllo", "type": "loopback"}
EOF
}
mkdir "$WORK/k" "$WORK/u"
chmod 777 "$WORK/u"
configs "$WORK/k"
configs "$WORK/u"
# the leases directory is the plugin's (uid 65534 in owner mode)
[ -z "$AS" ] || chown -R 65534:65534 "$WORK/u" "$WORK/k"

# The plugins from the script under the shim: `unetlink run` again (it
# finds the running daemon), itself under the shim like any program.
NESTED="$CLI run --"

host_links() {
	ip -o link show | cut -d' ' -f2
	cat /proc/sys/net/ipv4/ip_forward
}
host_links >"$WORK/host.before"

if [ "$MODE" = unpriv ]; then
	# uid 65534 may neither name a net nor make a link: `ip netns add`
	# is refused, and a plugin run into its own net (/proc/self/ns/net)
	# fails as the kernel fails it, before anything is made
	UNL_FRONT=--preload unl "$WORK/model" sh "$WORK/seq.sh" "$WORK/u" \
		"$NESTED"
	no_transport_error "$WORK/model"
	grep -q 'Permission denied' "$WORK/model.err" ||
		fail "ip netns add was not refused: $(head -5 "$WORK/model.err")"
	[ "$RC" != 0 ] || fail "the sequence went on after a refusal"
	for p in bridge ptp; do
		env CNI_COMMAND=ADD CNI_CONTAINERID=c CNI_IFNAME=eth0 \
			CNI_NETNS=/proc/self/ns/net CNI_PATH=/usr/lib/cni \
			$AS /usr/lib/cni/$p <"$WORK/k/$p.json" \
			>"$WORK/k.$p" 2>&1
		grep -q 'operation not permitted\|permission denied' "$WORK/k.$p" ||
			skip "the kernel did not refuse $p: $(cat "$WORK/k.$p")"
		CNI_COMMAND=ADD CNI_CONTAINERID=c CNI_IFNAME=eth0 \
			CNI_NETNS=/proc/self/ns/net CNI_PATH=/usr/lib/cni \
			unl "$WORK/u.$p" sh -c 'exec "$0" <"$1"' \
			/usr/lib/cni/$p "$WORK/u/$p.json"
		no_transport_error "$WORK/u.$p"
		cat "$WORK/u.$p.err" >>"$WORK/u.$p"
		diff -u "$WORK/k.$p" "$WORK/u.$p" ||
			fail "$p as uid 65534 differs from the kernel"
	done
	host_links | diff -u "$WORK/host.before" - ||
		fail "the host's links changed"
	echo "pass"
	exit 0
fi

unshare -n -m true 2>/dev/null || skip "unshare -n -m is not permitted"
unshare -n -m --propagation private sh -c '
	mount -t tmpfs unl-run /run || exit 1
	ip link set lo up
	exec sh "$1" "$2" ""' sh "$WORK/seq.sh" "$WORK/k" \
	>"$WORK/kernel" 2>&1
grep -q '^bridge ADD br1: status 0' "$WORK/kernel" ||
	skip "the kernel's bridge plugin failed: $(head -20 "$WORK/kernel")"
grep -qx done "$WORK/kernel" ||
	skip "the kernel's sequence did not finish: $(tail -5 "$WORK/kernel")"

export CLIENT_PROFILE=host UNETLINK_PROFILE=host
# the initial net's lo is up, as in the kernel's sequence
UNL_FRONT=--preload unl "$WORK/model" sh -c 'ip link set lo up &&
	exec sh "$1" "$2" "$3"' sh "$WORK/seq.sh" "$WORK/u" "$NESTED"
no_transport_error "$WORK/model"
cat "$WORK/model.err" >>"$WORK/model"
sed "s|$WORK/k|DIR|g" "$WORK/kernel" >"$WORK/kernel.x"
sed "s|$WORK/u|DIR|g" "$WORK/model" >"$WORK/model.x"
diff -u "$WORK/kernel.x" "$WORK/model.x" ||
	fail "the CNI plugins under unetlink differ from the kernel"
host_links | diff -u "$WORK/host.before" - ||
	fail "the host's links changed"
echo "pass"
