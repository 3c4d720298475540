#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The files of a net (/proc/net, /sys/class/net, /proc/sys/net) read with
# cat, ls, awk and psutil after a sequence of ip commands, against the
# kernel in `unshare -nm` (sysfs mounted afresh) and under `unetlink run`.
# The unetlink side runs inside a throwaway kernel namespace, which must
# be unchanged afterwards: nothing escaped.  Then --isolate: a command
# that bypasses the shim changes a namespace of its own, not ours.
# Needs root (the kernel side, the throwaway namespaces).
# As uid 65534 (unpriv) the state is made by root, then read and written
# by the unprivileged user on both sides.  The kernel side is the running
# kernel: the model follows its profile.
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
need ip iproute2
need unshare util-linux
[ "$(id -u)" = 0 ] || skip "needs root for the kernel side (unshare -nm)"
unshare -nm true 2>/dev/null || skip "unshare -nm is not permitted here"

cat >"$WORK/seq.sh" <<'EOF'
ip link add v0 type veth peer name v1
ip link add br0 type bridge
ip link set v1 master br0
ip link set lo up
ip link set v0 up
ip addr add 10.0.0.1/24 dev v0
ip addr add 2001:db8::1/64 dev v0 nodad
ip route add 192.168.0.0/16 via 10.0.0.2
ip route add unreachable 172.16.0.0/12
ip route add 10.9.9.9 dev v0 metric 5
ip neigh add 10.0.0.3 lladdr 00:11:22:aa:bb:cc dev v0
echo 1 > /proc/sys/net/ipv4/conf/all/forwarding
echo 1 > /proc/sys/net/ipv6/conf/v0/forwarding
echo 1400 > /sys/class/net/v0/mtu
echo 2000 > /sys/class/net/v0/tx_queue_len
# forwarding first: the kernel joins an address's solicited-node group
# from a work queue, which a sysctl written just after may overtake
echo 1 > /proc/sys/net/ipv6/conf/v1/forwarding
ip addr add 2001:db8::2/64 dev v1 nodad
ip link add v2 type veth peer name v3
ip link set v2 up
ip link set v2 down
echo 1 > /proc/sys/net/ipv6/conf/v3/forwarding
ip addr add 2001:db8:1::7/64 dev v3
ip link set v3 up
ip link set v2 up
# an entry of the conntrack table: /proc/sys/net/netfilter counts it
if command -v conntrack >/dev/null; then conntrack -I -p udp -s 10.0.0.1 -d 10.0.0.2 --sport 1 --dport 2 -t 100 >/dev/null 2>&1; fi
EOF
cat >"$WORK/read.sh" <<'EOF'
for f in dev route; do echo "== /proc/net/$f"; cat /proc/net/$f; done
# Linux lists the device-less proxy entries of every namespace of the
# machine here (pneigh entries with no device escape the namespace
# filter): another test's may show up; ours has none
echo "== /proc/net/arp"; awk '$6 != "*"' /proc/net/arp
for f in igmp igmp6; do echo "== /proc/net/$f"; cat /proc/net/$f; done
# A device's link-layer groups are listed newest first, and the kernel
# joins some of them from work queues (IPv6's solicited-node groups, in
# DAD's), so their order races with the IPv4 joins: compared sorted.
echo "== /proc/net/dev_mcast"; sort -k1,1n -k5,5 /proc/net/dev_mcast
echo "== ip maddr"; ip maddr | sort
echo "== if_inet6"; sort -k2,2 -k1,1 /proc/net/if_inet6
echo "== awk"; awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' /proc/net/dev
echo "== ls"; ls /sys/class/net; ls /sys/class/net/v0/ /sys/class/net/v0/statistics
ls /proc/sys/net/ipv4/conf /proc/sys/net/ipv4/conf/v0
for d in lo v0 v1 br0; do
	for a in ifindex iflink mtu operstate carrier flags type tx_queue_len \
		 dormant speed duplex addr_len statistics/rx_bytes; do
		printf '%s/%s: ' $d $a
		cat /sys/class/net/$d/$a 2>&1 | sed 's/^cat: .*: //'
	done
done
cat /sys/class/net/lo/address
for d in all default lo v0; do
	printf '%s: ' $d; cat /proc/sys/net/ipv4/conf/$d/forwarding
	printf '%s: ' $d; cat /proc/sys/net/ipv6/conf/$d/forwarding
done
cat /proc/sys/net/ipv4/ip_forward
readlink /sys/class/net/v0
# the anycast addresses forwarding devices join, and their routes; both
# are in the order DAD ended, which is random: sorted
echo "== anycast6"; sort -k1,1n -k3,3 /proc/net/anycast6
ip -6 route show table local type anycast | sort
for f in mcfilter mcfilter6 rt_cache; do echo "== $f"; cat /proc/net/$f; done
# counters move with the kernel's neighbour discovery: not compared
echo "== dev_snmp6"; ls /proc/net/dev_snmp6
grep -v 'Type[0-9]' /proc/net/dev_snmp6/v0 | sed -E '2,$s/[0-9]+$/N/'
# /proc/net's names the model makes or leaves to the kernel (a host's
# modules add others: unions and subsets are checked below)
echo "== /proc/net"
ls /proc/net | grep -xE 'anycast6|arp|dev|dev_mcast|dev_snmp6|fib_trie|fib_triestat|if_inet6|igmp6?|ipv6_route|mcfilter6?|netlink|netstat|route|rt_cache|rt_acct|snmp6?|ip6?_mr_(vif|cache)|netfilter|xt_recent|ip6?t_hashlimit|tcp6?|udp6?|udplite6?|raw6?|unix|packet|icmp6?|sockstat6?|protocols|ptype|psched|softnet_stat|ip6_flowlabel'
# a file the model does not make is the real one, not an error
cat /proc/net/protocols >/dev/null && echo "protocols readable"
# the net's conntrack count: what `conntrack -C` reads when netlink
# refuses it (without CAP_NET_ADMIN), never the host's
cat /proc/sys/net/netfilter/nf_conntrack_count /proc/sys/net/netfilter/nf_conntrack_udp_timeout 2>&1 | sed 's/^cat: //'
if command -v conntrack >/dev/null; then conntrack -C 2>&1; fi
EOF
# What a reader may show differently (docs/conformance.md): random MACs
# and the link-local addresses made from them; traffic counters (the
# kernel's devices send neighbour discovery, the model moves nothing).
norm() {
	sed -E -e 's/([0-9a-f]{2}:){5}[0-9a-f]{2}/MAC/g' \
		-e 's/^fe80000000000000[0-9a-f]{16}/fe80::IID/' \
		-e 's/ff0200000000000000000001ff[0-9a-f]{6} /ff02::1:ffLL /' \
		-e 's/3333ff[0-9a-f]{6}$/3333ffLL/' \
		-e 's/33:33:ff:MAC/33:33:ff:LL/' \
		-e 's/ff02::1:ff[0-9a-f]{2}:[0-9a-f]{1,4}( |$)/ff02::1:ffLL\1/' \
		-e '/^ *[a-z0-9]+: +[0-9]+ /s/:? +[0-9]+/ N/g' \
		-e 's|(statistics/[a-z_]+: )[0-9]+|\1N|' "$1"
}

# The kernel defers linkwatch and DAD: settle.py waits for them, as
# rtnl-diff.sh does (unetlink does that work before it answers).  Then
# the unsolicited MLD reports: their timers run (MAF_TIMER_RUNNING, an
# odd flags column of igmp6) until the last one is sent.
cat >"$WORK/mld-settle.sh" <<'EOF'
mld_settle() {
	for _ in $(seq 100); do
		awk '$5 ~ /[13579BDF]$/ { busy = 1 } END { exit !busy }' \
			/proc/net/igmp6 || return 0
		sleep 0.1
	done
}
EOF
SETTLE="$(dirname "$0")/../rtnl-diff/settle.py"

if [ "$MODE" = unpriv ]; then
	# what uid 65534 reads, and its writes refused as Linux refuses
	# them (EACCES at open: the files are root's, 0644)
	{
		echo 'exec 2>&1'
		cat "$WORK/read.sh"
		echo 'echo 1 > /proc/sys/net/ipv4/conf/all/forwarding'
		echo 'echo 1400 > /sys/class/net/v0/mtu'
		echo 'echo 45 > /proc/sys/net/netfilter/nf_conntrack_udp_timeout'
		echo 'echo 2 > /proc/sys/net/ipv6/conf/v0/use_tempaddr'
		echo 'cat /proc/sys/net/ipv4/conf/all/forwarding /sys/class/net/v0/mtu'
		echo 'cat /proc/sys/net/netfilter/nf_conntrack_udp_timeout /proc/sys/net/ipv6/conf/v0/use_tempaddr'
		# files others may not read: 0600, 0440 (EACCES)
		echo 'cat /proc/sys/net/ipv6/conf/v0/stable_secret'
		echo 'cat /proc/net/ip_tables_names; true'
	} >"$WORK/unpriv.sh"
	cp "$SETTLE" "$WORK/settle.py"
	chmod 644 "$WORK"/*.sh "$WORK/settle.py"
	unshare -nm sh -c ". '$WORK/mld-settle.sh'; mount -t sysfs sysfs /sys &&
		. '$WORK/seq.sh' && ip link set v1 up && python3 '$WORK/settle.py' &&
		mld_settle && $AS sh '$WORK/unpriv.sh'" >"$WORK/kernel" 2>&1 ||
		fail "the kernel side failed: $(cat "$WORK/kernel")"
	unshare -n "$CLI" run --socket "$SOCK" sh -c ". '$WORK/seq.sh'; ip link set v1 up" \
		>/dev/null 2>&1
	unl "$WORK/unl" sh "$WORK/unpriv.sh"
	norm "$WORK/kernel" | sed 's/^sh: [0-9]*: //' >"$WORK/k"
	norm "$WORK/unl" | sed 's/^sh: [0-9]*: //' >"$WORK/u"
	if ! cmp -s "$WORK/k" "$WORK/u"; then
		diff -u "$WORK/k" "$WORK/u" | sed 's/^/#   /'
		fail "what uid 65534 sees differs from the kernel's"
	fi
	echo ok
	exit 0
fi

# The kernel, as root.
unshare -nm sh -c ". '$WORK/mld-settle.sh'; mount -t sysfs sysfs /sys && . '$WORK/seq.sh' &&
	ip link set v1 up && python3 '$SETTLE' && mld_settle && . '$WORK/read.sh'" \
	>"$WORK/kernel" 2>&1 || fail "the kernel side failed: $(cat "$WORK/kernel")"

# unetlink, inside a throwaway namespace whose state must not move.
snapshot='ip -o link; ip -o addr; ip route show table all; ip neigh;
	cat /proc/sys/net/ipv4/conf/all/forwarding /proc/sys/net/ipv6/conf/all/forwarding'
unshare -n sh -c "
	( $snapshot ) >'$WORK/before' 2>&1
	'$CLI' run --private sh -c \". '$WORK/seq.sh'; ip link set v1 up; . '$WORK/read.sh'\" \
		>'$WORK/unl' 2>&1
	( $snapshot ) >'$WORK/after' 2>&1
	# an escape, to show the check sees one: the shim bypassed
	'$CLI' run --private sh -c 'env -u LD_PRELOAD ip link set lo up'
	( $snapshot ) >'$WORK/escaped' 2>&1
	# the same escape under --isolate lands in a namespace of its own
	ip link set lo down
	( $snapshot ) >'$WORK/before2' 2>&1
	'$CLI' run --private --isolate sh -c 'env -u LD_PRELOAD ip link set lo up'
	( $snapshot ) >'$WORK/after2' 2>&1
"
norm "$WORK/kernel" >"$WORK/k"
norm "$WORK/unl" >"$WORK/u"
if ! cmp -s "$WORK/k" "$WORK/u"; then
	diff -u "$WORK/k" "$WORK/u" | sed 's/^/#   /'
	fail "the files differ from the kernel's"
fi
# /proc/net's listing names nothing a new namespace of the kernel lacks,
# neither in a throwaway namespace nor in the host's (whose own names,
# such as connector or pnp, belong to the initial namespace only); a
# file the model does not make is missing, not the host's
unshare -n ls /proc/net >"$WORK/ls-fresh"
unshare -n "$CLI" run --private ls /proc/net >"$WORK/ls-unl" 2>&1
"$CLI" run --private ls /proc/net >"$WORK/ls-host" 2>&1
for l in ls-unl ls-host; do
	extra=$(comm -13 "$WORK/ls-fresh" "$WORK/$l" | tr '\n' ' ')
	[ -z "$extra" ] || fail "/proc/net under unetlink ($l) lists what a new namespace has not: $extra"
done
! "$CLI" run --private cat /proc/net/stat/rt_cache /proc/net/rt6_stats >/dev/null 2>&1 ||
	fail "a /proc/net file the model does not make was the host's"

cmp -s "$WORK/before" "$WORK/after" ||
	fail "the unetlink side changed the kernel namespace it ran in"
! cmp -s "$WORK/before" "$WORK/escaped" ||
	fail "the escape check does not see a command that bypasses the shim"
cmp -s "$WORK/before2" "$WORK/after2" ||
	fail "--isolate let a command change the namespace it was run from"

# psutil reads /proc/net/dev for its interface names and counters.
PSPY=
for p in python3 /usr/bin/python3; do
	"$p" -c 'import psutil' 2>/dev/null && { PSPY=$(command -v "$p"); break; }
done
if [ -n "$PSPY" ]; then
	# names and counters' shape (the model moves no packets); the
	# addresses' families and netmasks (getifaddrs()); net_if_stats(),
	# which asks SIOCGIFFLAGS, SIOCGIFMTU and ETHTOOL_GSET of every
	# device /proc/net/dev names (a bridge's duplex is unknown)
	py='import psutil; c = psutil.net_io_counters(pernic=True)
for n in sorted(c): print(n, len(c[n]))
a = psutil.net_if_addrs()
for n in sorted(a): print(n, sorted((int(x.family), x.netmask or "") for x in a[n] if x.family != psutil.AF_LINK))
s = psutil.net_if_stats()
for n in sorted(s): print(n, s[n])'
	unshare -nm sh -c "mount -t sysfs sysfs /sys && . '$WORK/seq.sh' >/dev/null 2>&1;
		ip link set v1 up; python3 '$SETTLE' --links; $PSPY -c '$py'" \
		>"$WORK/pk" 2>&1
	unshare -n "$CLI" run --private sh -c \
		". '$WORK/seq.sh' >/dev/null 2>&1; ip link set v1 up; $PSPY -c '$py'" \
		>"$WORK/pu" 2>&1
	cmp -s "$WORK/pk" "$WORK/pu" || {
		diff -u "$WORK/pk" "$WORK/pu" | sed 's/^/#   /'
		fail "psutil's net_io_counters, net_if_addrs or net_if_stats differ from the kernel's"
	}
else
	echo "skip: psutil (python3-psutil is not installed)"
fi
echo "ok"
