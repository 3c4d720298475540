#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# State files (docs/state.md), as ip sees them:
#  1. a net configured with ip on a daemon (links of several kinds, a
#     bridge port, a vrf, addresses, routes in two tables and a vrf's,
#     a rule, a neighbour, nexthops and a group, xfrm SAs and policies,
#     an nf_tables ruleset, a VLAN-filtering bridge's VLANs and global
#     VLAN options (bridge vlan global), FDB and
#     MDB entries, a vxlan's FDB, a VNI-filtering vxlan's VNIs, proxy entries, an altname, sysctls of
#     both families, of net.core, net.unix and net.netfilter and the
#     neighbour tables' (written and set by `ip ntable`), the SPD's defaults and hash thresholds, tc qdiscs,
#     classes, filters and actions, a WireGuard device's keys and peers,
#     ipset sets, conntrack entries) is saved, as text and
#     as JSON (the same requests); the text loads into a fresh daemon
#     (`run --state`), the JSON into a running one (`state load`), and
#     `ip -d link/addr/route/rule/neigh/nexthop` show the same there,
#     line for line, and so do bridge vlan/vlan global/fdb/mdb, ip xfrm policy
#     getdefault/count, tc, wg showconf, ipset list, conntrack -L and
#     the files of /proc/sys/net/ipv{4,6}/{conf,neigh}, core, unix and
#     netfilter;
#  2. a kernel namespace (`unshare -n`) configured with the kinds this
#     kernel has (and an xfrm policy, the same nf_tables ruleset, FDB and
#     MDB entries, proxy entries, an altname, sysctls (net.core,
#     net.unix, neighbour tables, conntrack's among them), the SPD's
#     defaults, htb with a class, a pfifo and a u32 filter, clsact,
#     ipset sets, a conntrack entry, and bridge VLANs if it filters
#     them) is
#     imported (`state import`, read through the kernel's
#     netlink) into a daemon, whose dumps are the kernel's.
# Timers (a bridge's gc_timer) are left out of the comparison, and so is
# the order among the routes the kernel makes for devices coming up
# (it follows the order their carriers came, a history no state keeps)
# and among a device's multicast addresses (the order it joined them).
# The devices make no link-local addresses (addrgenmode none, saved as
# it is), so no DAD is waited for.
. "$(dirname "$0")/lib.sh"
need ip iproute2
[ "$MODE" = root ] || skip "state files are tested by root"

dumps() { # the dumps compared, from inside `unetlink run` or a netns
	cat <<'EOF'
for i in $(seq 100); do ip -6 addr | grep -q tentative || break; sleep 0.1; done
for o in "-d link" "-d addr" "-d rule" "-6 -d rule" "-d neigh" "-6 neigh" "-d nexthop"; do
	echo "== ip $o"; ip $o
done
for o in "-s xfrm state" "-s xfrm policy"; do
	echo "== ip $o"; ip $o
done
if command -v nft >/dev/null; then echo "== nft list ruleset"; nft list ruleset; fi
# a device's own multicast addresses (self) are listed in the order it
# joined their groups, a history no state keeps: sorted
# per-VLAN options (-d) on the daemons of part 1 only: a kernel without
# VLAN filtering lists none where a daemon of its profile refuses the
# request (EOPNOTSUPP)
if [ -n "${ALL_SYSCTLS:-}" ]; then
	echo "== bridge -d vlan"; bridge -d vlan show
	echo "== bridge -d vlan global"; bridge -d vlan global show
else
	echo "== bridge vlan"; bridge vlan show
fi
echo "== bridge mdb"; bridge mdb
echo "== bridge fdb"; bridge fdb | grep -Ev '^(33:33|01:00:5e):.* self permanent$'
echo "== bridge fdb (multicast, sorted)"
bridge fdb | grep -E '^(33:33|01:00:5e):.* self permanent$' | sort
echo "== bridge vni"; bridge -d vni show
echo "== ip neigh show proxy"; ip neigh show proxy
echo "== ip xfrm policy getdefault"; ip xfrm policy getdefault; ip xfrm policy count
echo "== ip netconf"; ip netconf
echo "== sysctls"
grep -H . /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/*/rp_filter \
	/proc/sys/net/ipv4/conf/*/forwarding /proc/sys/net/ipv6/conf/*/hop_limit \
	/proc/sys/net/ipv6/conf/*/dad_transmits /proc/sys/net/core/somaxconn \
	/proc/sys/net/core/txrehash /proc/sys/net/unix/max_dgram_qlen \
	/proc/sys/net/ipv4/neigh/*/ucast_solicit \
	/proc/sys/net/ipv4/neigh/*/unres_qlen_bytes \
	/proc/sys/net/ipv4/neigh/*/base_reachable_time_ms \
	/proc/sys/net/ipv6/neigh/*/locktime
# conntrack's, where this kernel has it
grep -H . /proc/sys/net/netfilter/nf_conntrack_tcp_timeout_time_wait 2>/dev/null
# remaining timeouts count down; conntrack lists in its hash's order
if command -v ipset >/dev/null; then
	echo "== ipset list"
	ipset list | grep -v '^Size in memory' |
		sed -E 's/timeout [0-9]+ /timeout T /'
fi
if command -v conntrack >/dev/null; then
	# the entries made here (not those of the stack's own IGMP
	# reports, which come as timers say)
	echo "== conntrack -L (sorted)"
	conntrack -L 2>/dev/null | grep -E ' src=(10\.0\.0\.1|2001:db8::1) ' |
		sed -E 's/^(tcp|udp|icmp|icmpv6) +([0-9]+) +[0-9]+ /\1 \2 T /' | sort
	echo "== conntrack -L expect"
	conntrack -L expect 2>/dev/null | sed -E 's/^[0-9]+ /T /'
fi
# qdiscs sorted: a dump of every device's goes in the order devices were
# made, a history no state keeps
echo "== tc (qdiscs sorted)"
tc -d qdisc show | sort
# one tc for the rest (tc -batch): classes and filters of each device
# with qdiscs of its own (not the default ones, handle 0:)
Q=$(tc qdisc show)
for d in $(echo "$Q" | awk '$3 != "0:" { print $5 }' | sort -u); do
	echo "class show dev $d"
	for p in $(echo "$Q" | awk -v d="$d" '$5 == d && $3 != "0:" && $3 != "ffff:" { print $3 }') \
		$(tc class show dev "$d" | awk '{ print $3 }'); do
		echo "filter show dev $d parent $p"
	done
	if echo "$Q" | grep -q "^qdisc clsact ffff: dev $d "; then
		echo "filter show dev $d ingress"
		echo "filter show dev $d egress"
	fi
done | tc -d -batch - 2>/dev/null
tc actions ls action gact 2>/dev/null; tc actions ls action mirred 2>/dev/null
if command -v wg >/dev/null; then
	for d in $(wg show interfaces 2>/dev/null); do
		echo "== wg showconf $d"; wg showconf "$d"
	done
fi
if [ -n "${ALL_SYSCTLS:-}" ]; then
	grep -r . /proc/sys/net/ipv4/conf /proc/sys/net/ipv6/conf \
		/proc/sys/net/ipv4/neigh /proc/sys/net/ipv6/neigh \
		/proc/sys/net/core /proc/sys/net/unix /proc/sys/net/netfilter 2>&1
fi
for o in "-d route show table all" "-6 -d route show table all"; do
	echo "== ip $o (sorted)"; ip $o | sort
done
EOF
}
dumps >"$WORK/dumps.sh"
chmod 644 "$WORK/dumps.sh"
# timers count down while we look; SAs and policies say when they were
# added (loaded)
untimed() {
	sed -E 's/(_timer) +[0-9.]+/\1 T/g; s/add [0-9-]+ [0-9:]+ /add T /' "$1"
}
same() { # WHAT A B
	untimed "$2" >"$2.u"
	untimed "$3" >"$3.u"
	diff -u "$2.u" "$3.u" >"$WORK/diff" ||
		fail "$1: the dumps differ: $(head -30 "$WORK/diff")"
	grep -q '^== ip -d link' "$2" || fail "$1: no dumps: $(head -5 "$2")"
}

# ---- 1. save and load, on daemons of the full profile --------------
# an nf_tables ruleset: two families, base and regular chains, a named
# set, a verdict map, a counter object, anonymous sets, a jump
cat >"$WORK/r.nft" <<'EOF'
table inet filter {
	set allowed { type ipv4_addr; elements = { 10.0.0.1, 10.0.0.2 } }
	map ports { type inet_service : verdict; elements = { 22 : accept } }
	counter hits { packets 3 bytes 300 }
	chain input {
		type filter hook input priority 0; policy drop;
		ct state established,related accept
		ip saddr @allowed counter accept
		tcp dport { 80, 443 } accept
		tcp dport vmap @ports
		jump extra
		counter name "hits"
	}
	chain extra {
		iif "lo" accept
	}
}
table ip nat {
	chain post { type nat hook postrouting priority 100; masquerade; }
}
EOF
chmod 644 "$WORK/r.nft"
cp "$(dirname "$0")/../ct-diff/ct-help.py" "$WORK/"
cat >"$WORK/conf.sh" <<'EOF'
set -e
ip link add br0 type bridge
ip link add v0 index 12 type veth peer name v1
ip link set v0 master br0
ip link set v0 type bridge_slave cost 7 learning off
ip link set v0 mtu 1400
ip link add d0 type dummy
ip link add link d0 name d0.5 type vlan id 5
ip link add mv0 link d0 type macvlan mode bridge
ip link add vr type vrf table 10
ip link add d1 type dummy
ip link set d1 master vr alias "behind a vrf"
# no link-local addresses (and no DAD to wait for): addrgenmode is saved
for l in br0 v0 v1 d0 d1 vr; do ip link set dev $l addrgenmode none; done
ip link set br0 up; ip link set v0 up; ip link set v1 up; ip link set lo up
ip link set d0 up; ip link set d1 up; ip link set vr up
ip addr add 10.1.0.1/24 dev br0
ip addr add 10.1.0.2/24 dev br0
ip addr add 2001:db8::1/64 dev br0 nodad
ip addr add 10.2.0.1/24 dev d0 label d0:x
ip addr add 10.3.0.1/24 dev d1
ip route add 192.168.5.0/24 via 10.1.0.254
ip route add 192.168.6.0/24 via 10.1.0.254 table 100 metric 7
ip route add 192.168.8.0/24 via 10.3.0.9 vrf vr
ip -6 route add 2001:db8:5::/64 via 2001:db8::fe
ip rule add from 10.9.0.0/16 table 100 pref 100
ip rule del pref 32767
ip neigh add 10.1.0.77 lladdr 00:11:22:33:44:55 dev br0
ip neigh add proxy 10.1.0.9 dev br0
ip -6 neigh add proxy 2001:db8::9 dev br0 router
ip nexthop add id 1 via 10.1.0.253 dev br0
ip nexthop add id 2 via 10.1.0.252 dev br0
ip nexthop add id 3 group 1/2
ip route add 192.168.7.0/24 nhid 3
ip xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100 reqid 7 mode tunnel enc 'cbc(aes)' 0x00112233445566778899aabbccddeeff auth-trunc 'hmac(sha256)' 0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff 128 mark 0x5 mask 0xff
ip xfrm state add src 10.0.0.2 dst 10.0.0.1 proto esp spi 0x101 mode transport aead 'rfc4106(gcm(aes))' 0x0011223344556677889900112233445566778899 128 limit time-hard 3600
ip xfrm policy add src 10.1.0.0/24 dst 10.2.0.0/24 dir out tmpl src 10.0.0.1 dst 10.0.0.2 proto esp reqid 7 mode tunnel priority 100
ip xfrm policy add dir fwd src 10.3.0.0/16 dst 0.0.0.0/0 action block index 1234
ip xfrm policy setdefault in block fwd accept out accept
ip xfrm policy set hthresh4 24 16
ip link add brv type bridge vlan_filtering 1
ip link add v4 type veth peer name v5
ip link set v4 master brv
ip link property add dev v5 altname veth-five
for l in brv v4 v5; do ip link set dev $l addrgenmode none; done
ip link set brv up; ip link set v4 up; ip link set v5 up
bridge vlan add dev v4 vid 10 pvid untagged
bridge vlan add dev v4 vid 20
bridge vlan del dev v4 vid 1
bridge vlan add dev brv vid 10 self
bridge vlan set dev v4 vid 20 mcast_router 2
ip link set brv type bridge mcast_vlan_snooping 1
bridge vlan global set dev brv vid 10 mcast_igmp_version 3 mcast_last_member_count 5 mcast_query_interval 12000 msti 2
bridge vlan global set dev brv vid 1 mcast_snooping 0 mcast_mld_version 2
bridge fdb add 02:00:00:00:00:01 dev v4 master static vlan 10
bridge fdb add 02:00:00:00:00:02 dev v4 master permanent
bridge fdb add 02:00:00:00:00:03 dev v0 master static
ip link add vx0 type vxlan id 42 dstport 4789 remote 10.9.9.1 nolearning
bridge fdb append 00:00:00:00:00:00 dev vx0 dst 10.9.9.10
bridge fdb add 02:00:00:00:00:07 dev vx0 dst 10.9.9.11 port 4790 vni 43
ip link add vx1 type vxlan external vnifilter dstport 4790 remote 10.9.9.1
bridge vni add dev vx1 vni 100-102
bridge vni add dev vx1 vni 200 remote 10.9.9.20
bridge vni add dev vx1 vni 200 remote 10.9.9.21
bridge mdb add dev brv port v4 grp 239.1.1.1 permanent vid 10
bridge mdb add dev brv port brv grp 239.1.1.2 temp
echo 1 > /proc/sys/net/ipv4/ip_forward
echo 2 > /proc/sys/net/ipv4/conf/d0/rp_filter
echo 0 > /proc/sys/net/ipv4/conf/v1/forwarding
echo 33 > /proc/sys/net/ipv6/conf/d0/hop_limit
echo 5 > /proc/sys/net/ipv6/conf/default/dad_transmits
# the socket layer's, netfilter's and the neighbour tables' (by sysctl
# and by RTM_SETNEIGHTBL)
echo 77 > /proc/sys/net/core/somaxconn
echo 1 > /proc/sys/net/core/rps_default_mask
echo 0 > /proc/sys/net/core/txrehash
echo 42 > /proc/sys/net/unix/max_dgram_qlen
echo 100 > /proc/sys/net/netfilter/nf_conntrack_tcp_timeout_time_wait
echo 9 > /proc/sys/net/ipv4/neigh/v0/ucast_solicit
echo 12345 > /proc/sys/net/ipv4/neigh/br0/base_reachable_time_ms
echo 7 > /proc/sys/net/ipv6/neigh/d0/mcast_solicit
ip ntable change name arp_cache dev v1 queue 9 app_probes 2
ip -6 ntable change name ndisc_cache dev d1 locktime 250
ip link add t0 type dummy
ip link add t1 type dummy
ip link add t2 type dummy
tc qdisc add dev t0 root handle 1: htb default 20
tc class add dev t0 parent 1: classid 1:1 htb rate 100mbit ceil 100mbit
tc class add dev t0 parent 1:1 classid 1:10 htb rate 10mbit ceil 50mbit prio 1
tc class add dev t0 parent 1:1 classid 1:20 htb rate 20mbit
tc qdisc add dev t0 parent 1:10 handle 10: fq_codel
tc qdisc add dev t0 parent 1:20 handle 20: sfq perturb 10
tc filter add dev t0 parent 1: protocol ip prio 1 u32 match ip dst 10.0.0.0/8 flowid 1:10
tc filter add dev t0 parent 1: protocol ip prio 2 matchall classid 1:20 action gact pass
tc filter add dev t0 parent 1:1 protocol ip prio 4 u32 match ip src 10.0.0.0/8 flowid 1:10
tc qdisc add dev t1 root tbf rate 1mbit burst 32kb latency 400ms
tc qdisc add dev t1 clsact
tc filter add dev t1 ingress matchall action mirred egress redirect dev t2
tc actions add action gact drop index 42
tc filter add dev t1 egress prio 3 matchall action gact index 42
tc qdisc add dev t2 root handle 5: prio bands 4
tc qdisc add dev t2 parent 5:2 netem delay 10ms
tc qdisc add dev t2 parent 5:1 handle 6: stab overhead 24 linklayer ethernet bfifo limit 5000
if command -v wg >/dev/null; then
	ip link add wg0 type wireguard
	wg genkey >"$(dirname "$0")/k1"
	wg genkey | wg pubkey >"$(dirname "$0")/p2"
	wg genkey | wg pubkey >"$(dirname "$0")/p3"
	wg set wg0 private-key "$(dirname "$0")/k1" listen-port 51820 fwmark 7 \
		peer "$(cat "$(dirname "$0")/p2")" endpoint 10.0.0.2:51820 \
		allowed-ips 10.9.0.0/24,fd00::/64 persistent-keepalive 25 \
		preshared-key "$(dirname "$0")/k1" \
		peer "$(cat "$(dirname "$0")/p3")" allowed-ips 10.8.0.1/32
fi
if command -v ipset >/dev/null; then
	ipset create s1 hash:ip timeout 300 counters
	ipset add s1 10.0.0.1 timeout 100 packets 5 bytes 50
	ipset add s1 10.0.0.2
	ipset create s2 hash:net,port
	ipset add s2 10.1.0.0/16,tcp:80
	ipset create l list:set
	ipset add l s1
fi
if command -v conntrack >/dev/null; then
	conntrack -I -s 10.0.0.1 -d 10.0.0.2 -p tcp --sport 1000 --dport 80 \
		--state ESTABLISHED -t 300 -u SEEN_REPLY,ASSURED --mark 7
	conntrack -I -s 2001:db8::1 -d 2001:db8::2 -p icmpv6 \
		--icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 5 -t 30 -w 3
	# masters with helpers (ftp's 10.0.0.1:1000), and an expectation
	/usr/bin/python3 -S "$(dirname "$0")/ct-help.py" >/dev/null
	conntrack -I expect -s 10.0.0.1 -d 10.0.0.2 -p tcp --sport 1000 \
		--dport 21 --tuple-src 10.0.0.1 --tuple-dst 10.0.0.2 \
		--mask-src 255.255.255.255 --mask-dst 255.255.255.255 \
		--tuple-port-src 0 --tuple-port-dst 2000 --mask-port-src 0 \
		--mask-port-dst 65535 -t 200
fi 2>/dev/null
if command -v nft >/dev/null; then
	nft -f "$(dirname "$0")/r.nft"
	# a flowtable and the rule that adds flows to it (the full profile
	# has them, the host's kernel may not: part 1 only)
	nft add table inet fast
	nft add flowtable inet fast ft '{ hook ingress priority 0; devices = { v1 }; }'
	nft add chain inet fast fc '{ type filter hook forward priority 0; policy accept; }'
	nft add rule inet fast fc ip protocol tcp flow add @ft
fi
EOF
chmod 644 "$WORK/conf.sh"
A=$WORK/a.sock
"$CLI" daemon --profile full --socket "$A" >"$WORK/a.log" 2>&1 &
APID=$!
trap 'rc=$?; kill -TERM $APID 2>/dev/null; (exit $rc); cleanup' EXIT
for _ in $(seq 100); do
	"$CLI" status --socket "$A" >/dev/null 2>&1 && break
	sleep 0.05
done
timeout 20 "$CLI" run --socket "$A" -- sh "$WORK/conf.sh" >"$WORK/conf.out" 2>&1 ||
	fail "configuring: $(cat "$WORK/conf.out")"
ALL_SYSCTLS=1 timeout 20 "$CLI" run --socket "$A" -- sh "$WORK/dumps.sh" >"$WORK/A" 2>&1
timeout 20 "$CLI" state save --socket "$A" >"$WORK/s.state" 2>"$WORK/save.err" ||
	fail "state save: $(cat "$WORK/save.err")"
timeout 20 "$CLI" state save -j --socket "$A" >"$WORK/s.json" 2>"$WORK/save.err" ||
	fail "state save -j: $(cat "$WORK/save.err")"
head -1 "$WORK/s.state" | grep -qx '# unetlink state 1' || fail "no state header"
grep -q '"step":"route","protocol":0,"type":"RTM_NEWROUTE"' "$WORK/s.json" ||
	fail "no route in the JSON state"
echo "# $(grep -vc '^#' "$WORK/s.state") requests saved"
# the JSON form carries the same requests
# (but for remaining timeouts, which count down between the two saves)
grep -v '"step":"\(conntrack\|ipset\)"' "$WORK/s.json" |
	grep -o '"request":"[0-9a-f]*"' | cut -d'"' -f4 >"$WORK/j.req"
grep -v '^#' "$WORK/s.state" | grep -v '^\(sysctl\|conntrack\|ipset\) ' |
	cut -d' ' -f3 >"$WORK/t.req"
[ "$(grep -c '"step":"\(conntrack\|ipset\)"' "$WORK/s.json")" = \
	"$(grep -c '^\(conntrack\|ipset\) ' "$WORK/s.state")" ] ||
	fail "the JSON state has other conntrack or ipset requests than the text one"
cmp -s "$WORK/j.req" "$WORK/t.req" || fail "the JSON state has other requests than the text one"
grep -o '"path":"[^"]*","value":"[^"]*"' "$WORK/s.json" |
	sed -E 's/"path":"([^"]*)","value":"([^"]*)"/sysctl \1 \2/' >"$WORK/j.sysctl"
grep '^sysctl ' "$WORK/s.state" >"$WORK/t.sysctl"
grep -q '^sysctl net/ipv4/conf/d0/rp_filter 2$' "$WORK/t.sysctl" ||
	fail "a sysctl set is not saved: $(head -5 "$WORK/t.sysctl")"
cmp -s "$WORK/j.sysctl" "$WORK/t.sysctl" || fail "the JSON state has other sysctls than the text one"
ALL_SYSCTLS=1 timeout 20 "$CLI" run --profile full --state "$WORK/s.state" -- \
	sh "$WORK/dumps.sh" >"$WORK/B" 2>&1 ||
	fail "run --state: $(tail -5 "$WORK/B")"
same "saved and loaded" "$WORK/A" "$WORK/B"
# what the comparison covers is there to compare
for want in '^02:00:00:00:00:01 dev v4 vlan 10 master brv static' \
	'^v4 *10 PVID' 'grp 239.1.1.1 permanent vid 10' 'veth-five' \
	'^/proc/sys/net/ipv4/conf/d0/rp_filter:2' ' in:  block' \
	'^qdisc netem [0-9a-f]*: dev t2 parent 5:2' 'index 42 ref 2 bind 1' \
	'Egress Redirect to device t2' 'pref 4 u32 chain 0 fh [0-9a-f]*::800' \
	'^02:00:00:00:00:07 dev vx0 dst 10.9.9.11 port 4790 vni 43' \
	'^10.1.0.9 dev br0 proxy' 'state forwarding mcast_router 2' \
	'^/proc/sys/net/core/somaxconn:77' '^/proc/sys/net/unix/max_dgram_qlen:42' \
	'^/proc/sys/net/ipv4/neigh/v1/unres_qlen_bytes:18810' \
	'^/proc/sys/net/ipv6/neigh/d1/locktime:25' \
	'^/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_time_wait:100' \
	'mcast_snooping 1 mcast_querier 0 mcast_igmp_version 3 mcast_mld_version 1 mcast_last_member_count 5 ' \
	'mcast_snooping 0 mcast_querier 0 mcast_igmp_version 2 mcast_mld_version 2 '; do
	grep -q -- "$want" "$WORK/A" || fail "not configured: $want"
done
if command -v wg >/dev/null; then
	grep -q '^PresharedKey' "$WORK/A" || fail "no WireGuard peer to compare"
fi
# state load of the JSON form, into a daemon that runs: the same again
B=$WORK/b.sock
"$CLI" daemon --profile full --socket "$B" >"$WORK/b.log" 2>&1 &
BPID=$!
trap 'rc=$?; kill -TERM $APID $BPID 2>/dev/null; (exit $rc); cleanup' EXIT
for _ in $(seq 100); do
	"$CLI" status --socket "$B" >/dev/null 2>&1 && break
	sleep 0.05
done
timeout 20 "$CLI" state load --socket "$B" "$WORK/s.json" >"$WORK/load.out" 2>&1 ||
	fail "state load: $(cat "$WORK/load.out")"
ALL_SYSCTLS=1 timeout 20 "$CLI" run --socket "$B" -- sh "$WORK/dumps.sh" >"$WORK/B" 2>&1
same "state load" "$WORK/A" "$WORK/B"
# a refused request is said, with its extended ACK, and the status is 1
timeout 20 "$CLI" state load --socket "$B" "$WORK/s.state" >"$WORK/load.out" 2>&1 &&
	fail "loading twice was not refused"
grep -q '(link, RTM_NEWLINK): File exists' "$WORK/load.out" ||
	fail "the refusal was not said: $(head -3 "$WORK/load.out")"
echo "not a state" >"$WORK/bad"
"$CLI" state load --socket "$B" "$WORK/bad" >"$WORK/load.out" 2>&1 &&
	fail "a file that is no state was loaded"
grep -q 'not a unetlink state file' "$WORK/load.out" ||
	fail "bad file: $(cat "$WORK/load.out")"
kill -TERM "$APID" "$BPID"
wait "$APID" "$BPID" || fail "a daemon ended badly: $(cat "$WORK/a.log" "$WORK/b.log")"
trap cleanup EXIT

# ---- 2. import from a kernel namespace -----------------------------
need unshare util-linux
[ "$(id -u)" = 0 ] || skip "not root: no kernel namespace to import"
cat >"$WORK/kconf.sh" <<'EOF'
set -e
ip link add br0 type bridge
ip link add v0 index 12 type veth peer name v1
ip link set v0 master br0
ip link add v2 type veth peer name v3
ip link add vx type vxlan id 5 dstport 4789 2>/dev/null || true
for l in br0 v0 v1 v2; do ip link set dev $l addrgenmode none; done
ip link set br0 up; ip link set v0 up; ip link set v1 up; ip link set v2 up
ip link set lo up
ip addr add 10.1.0.1/24 dev br0
ip addr add 2001:db8::1/64 dev br0 nodad
ip addr add 10.2.0.1/24 dev v2 label v2:x
ip route add 192.168.5.0/24 via 10.1.0.254
ip route add 192.168.6.0/24 via 10.1.0.254 table 100 metric 7
ip -6 route add 2001:db8:5::/64 via 2001:db8::fe
ip rule add from 10.9.0.0/16 table 100 pref 100
ip neigh add 10.1.0.77 lladdr 00:11:22:33:44:55 dev br0
ip neigh add proxy 10.1.0.9 dev br0
ip -6 neigh add proxy 2001:db8::9 dev br0 router
# the bridge's carrier comes with linkwatch, late on a busy machine
for _ in $(seq 100); do
	ip -br link show br0 | grep -q LOWER_UP && break
	sleep 0.05
done
ip nexthop add id 1 via 10.1.0.253 dev br0
ip route add 192.168.7.0/24 nhid 1
ip xfrm policy add src 10.1.0.0/24 dst 10.2.0.0/24 dir out action block priority 100
ip xfrm policy setdefault in block fwd accept out accept
ip xfrm policy set hthresh4 24 16
ip link property add dev v1 altname veth-one
# the port forwards (STP is off) once the bridge has seen its carrier
for _ in $(seq 100); do
	ip -d link show v0 | grep -q "state forwarding" && break
	sleep 0.05
done
bridge fdb add 02:00:00:00:00:01 dev v0 master static
bridge fdb add 02:00:00:00:00:02 dev v0 master permanent
bridge mdb add dev br0 port v0 grp 239.1.1.1 permanent
echo 1 > /proc/sys/net/ipv4/ip_forward
echo 2 > /proc/sys/net/ipv4/conf/v2/rp_filter
echo 0 > /proc/sys/net/ipv4/conf/v1/forwarding
echo 33 > /proc/sys/net/ipv6/conf/v2/hop_limit
echo 5 > /proc/sys/net/ipv6/conf/default/dad_transmits
echo 77 > /proc/sys/net/core/somaxconn
echo 0 > /proc/sys/net/core/txrehash
echo 42 > /proc/sys/net/unix/max_dgram_qlen
echo 9 > /proc/sys/net/ipv4/neigh/v0/ucast_solicit
echo 12345 > /proc/sys/net/ipv4/neigh/br0/base_reachable_time_ms
ip ntable change name arp_cache dev v1 queue 9
ip -6 ntable change name ndisc_cache dev v2 locktime 250
[ ! -w /proc/sys/net/netfilter/nf_conntrack_tcp_timeout_time_wait ] ||
	echo 100 > /proc/sys/net/netfilter/nf_conntrack_tcp_timeout_time_wait
# bridge VLANs, when this kernel filters them
if ip link add brv type bridge vlan_filtering 1 2>/dev/null; then
	ip link add v4 type veth peer name v5
	ip link set v4 master brv
	for l in brv v4 v5; do ip link set dev $l addrgenmode none; done
	ip link set brv up; ip link set v4 up; ip link set v5 up
	bridge vlan add dev v4 vid 10 pvid untagged
	bridge vlan del dev v4 vid 1
	bridge vlan add dev brv vid 10 self
else
	echo "# this kernel's bridges filter no VLANs: none imported" >&2
fi
# tc, of the kinds this kernel has
if tc qdisc add dev v2 root handle 1: htb default 20 2>/dev/null; then
	tc class add dev v2 parent 1: classid 1:1 htb rate 1mbit
	tc qdisc add dev v2 parent 1:1 handle 11: pfifo limit 50
	tc filter add dev v2 parent 1: protocol ip prio 3 u32 \
		match ip dst 10.0.0.0/8 flowid 1:1 2>/dev/null || true
else
	echo "# no htb in this kernel: no tc imported" >&2
fi
tc qdisc add dev v1 clsact 2>/dev/null || true
# ipset and conntrack, when this kernel has them
if command -v ipset >/dev/null && ipset create s1 hash:ip timeout 300 counters 2>/dev/null; then
	ipset add s1 10.0.0.1 timeout 100 packets 5 bytes 50
	ipset create s2 hash:net,port
	ipset add s2 10.1.0.0/16,tcp:80
else
	echo "# no ipset in this kernel: none imported" >&2
fi
if ! { command -v conntrack >/dev/null &&
	conntrack -I -s 10.0.0.1 -d 10.0.0.2 -p tcp --sport 1000 --dport 80 \
		--state ESTABLISHED -t 300 -u SEEN_REPLY,ASSURED --mark 7; } 2>/dev/null; then
	echo "# no conntrack in this kernel: none imported" >&2
fi
if command -v nft >/dev/null; then nft -f "$(dirname "$0")/r.nft"; fi
EOF
C=$WORK/c.sock
UNETLINK_PROFILE=host "$CLI" daemon --socket "$C" >"$WORK/c.log" 2>&1 &
CPID=$!
trap 'rc=$?; kill -TERM $CPID 2>/dev/null; (exit $rc); cleanup' EXIT
for _ in $(seq 100); do
	"$CLI" status --socket "$C" >/dev/null 2>&1 && break
	sleep 0.05
done
timeout 30 unshare -n sh -c "sh '$WORK/kconf.sh' && sh '$WORK/dumps.sh' >'$WORK/K' &&
	'$CLI' state import --socket '$C'" >"$WORK/imp.out" 2>&1 ||
	fail "import: $(cat "$WORK/imp.out")"
timeout 20 "$CLI" run --socket "$C" -- sh "$WORK/dumps.sh" >"$WORK/L" 2>&1
same "imported from the kernel" "$WORK/K" "$WORK/L"
for want in '^/proc/sys/net/core/somaxconn:77' '^/proc/sys/net/core/txrehash:0' \
	'^/proc/sys/net/unix/max_dgram_qlen:42' \
	'^/proc/sys/net/ipv4/neigh/v1/unres_qlen_bytes:18810' \
	'^/proc/sys/net/ipv4/neigh/br0/base_reachable_time_ms:12' \
	'^/proc/sys/net/ipv6/neigh/v2/locktime:25'; do
	grep -q -- "$want" "$WORK/L" || fail "not imported: $want"
done
kill -TERM "$CPID"
wait "$CPID" || fail "the daemon ended badly: $(cat "$WORK/c.log")"
trap cleanup EXIT
echo pass
