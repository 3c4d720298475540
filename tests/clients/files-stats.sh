#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The counter files of /proc/net (snmp, netstat, snmp6) and the
# neighbour tables' sysctls (/proc/sys/net/ipv{4,6}/neigh) read with cat
# and awk, against the kernel in `unshare -n`, in states that move no
# packets (devices down, or lo only): the kernel's counters stay 0 there
# as the model's do.  Root only: the kernel side needs unshare -n.
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
need ip iproute2
need unshare util-linux
[ "$(id -u)" = 0 ] || skip "needs root for the kernel side (unshare -n)"
unshare -n true 2>/dev/null || skip "unshare -n is not permitted here"
[ -r /proc/net/snmp ] && [ -r /proc/net/snmp6 ] ||
	skip "the host kernel has no /proc/net/snmp or snmp6 (IPv6 missing?)"

cat >"$WORK/seq.sh" <<'SEQ'
ip link add v0 type veth peer name v1
ip link set lo up
ip addr add 10.0.0.1/24 dev lo
ip addr add 2001:db8::1/64 dev lo
ip addr add 10.1.0.1/24 dev v0
echo 1 > /proc/sys/net/ipv4/ip_forward
SEQ
cat >"$WORK/read.sh" <<'SEQ'
for f in snmp netstat snmp6; do echo "== /proc/net/$f"; cat /proc/net/$f; done
echo "== awk"; awk '/^Ip: [0-9]/ { print "forwarding", $2, "ttl", $3 }' /proc/net/snmp
SEQ
# every device's neighbour parameters, as ls and cat show them; a
# namespace has no "default" directory of its own
cat >"$WORK/neigh.sh" <<'SEQ'
for f in ipv4 ipv6; do
	ls /proc/sys/net/$f/neigh
	for d in /proc/sys/net/$f/neigh/*; do
		echo "== $d"
		for e in "$d"/*; do
			printf '%s %s ' "${e##*/}" "$(stat -c %a "$e")"; cat "$e"
		done
	done
done
ls /proc/sys/net/ipv4/neigh/default 2>&1 | sed 's/^ls: //'
SEQ

unshare -n sh -c ". '$WORK/seq.sh' && . '$WORK/neigh.sh'" >"$WORK/nk" 2>&1 ||
	fail "the kernel side failed: $(cat "$WORK/nk")"
unshare -n "$CLI" run --private sh -c ". '$WORK/seq.sh' && . '$WORK/neigh.sh'" \
	>"$WORK/nu" 2>&1 || fail "the unetlink side failed: $(cat "$WORK/nu")"
cmp -s "$WORK/nk" "$WORK/nu" || {
	diff -u "$WORK/nk" "$WORK/nu" | sed 's/^/#   /'
	fail "the neighbour sysctls differ from the kernel's"
}
# A neighbour parameter written is kept for the device, and ip ntable
# reports it (rtnl-diff's files-neigh-parms compares with the kernel).
f=/proc/sys/net/ipv4/neigh/v0/mcast_solicit
unshare -n "$CLI" run --private sh -c ". '$WORK/seq.sh'
	echo 5 > $f && cat $f && ip ntable show dev v0 name arp_cache" \
	>"$WORK/nw" 2>&1
[ "$(head -n1 "$WORK/nw")" = 5 ] || fail "$f did not keep 5: $(cat "$WORK/nw")"
grep -q "mcast_probes 5" "$WORK/nw" ||
	fail "ip ntable does not report $f: $(cat "$WORK/nw")"

unshare -n sh -c ". '$WORK/seq.sh' && . '$WORK/read.sh'" >"$WORK/kernel" 2>&1 ||
	fail "the kernel side failed: $(cat "$WORK/kernel")"
unshare -n "$CLI" run --private sh -c ". '$WORK/seq.sh' && . '$WORK/read.sh'" \
	>"$WORK/unl" 2>&1 || fail "the unetlink side failed: $(cat "$WORK/unl")"

# The fields are Linux 6.18's (docs/conformance.md): another kernel adds
# or lacks some, so there only the fields both have are compared, as
# "file section field value" lines.
fields() {
	awk '/^== / { file = $2; next }
	     file ~ /snmp6$/ { print file, $1, $2; next }
	     /^[A-Za-z]+: [A-Za-z]/ { n = split($0, names, " "); next }
	     /^[A-Za-z]+: -?[0-9]/ { for (i = 2; i <= NF; i++)
					print file, names[1], names[i], $i }' "$1" | sort
}
case "$(uname -r)" in
6.18|6.18.*|6.18-*)
	cmp -s "$WORK/kernel" "$WORK/unl" || {
		diff -u "$WORK/kernel" "$WORK/unl" | sed 's/^/#   /'
		fail "the files differ from the kernel's"
	} ;;
*)
	fields "$WORK/kernel" >"$WORK/fk"
	fields "$WORK/unl" >"$WORK/fu"
	awk 'NR == FNR { k[$1 " " $2 " " $3] = $4; next }
	     ($1 " " $2 " " $3) in k && k[$1 " " $2 " " $3] != $4 {
		print "#   " $0 " (kernel: " k[$1 " " $2 " " $3] ")"; bad = 1 }
	     END { exit bad }' "$WORK/fk" "$WORK/fu" ||
		fail "the fields both kernels have differ from the kernel's"
	grep '^== awk' -A1 "$WORK/kernel" >"$WORK/ak"
	grep '^== awk' -A1 "$WORK/unl" >"$WORK/au"
	cmp -s "$WORK/ak" "$WORK/au" || fail "awk over /proc/net/snmp differs" ;;
esac
echo ok
