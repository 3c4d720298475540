#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# ss's inet and unix modes under unetlink: their sockets are the host's,
# so the daemon passes NETLINK_SOCK_DIAG's requests to the kernel, and
# `ss -tuan`, `ss -tuanp`, `ss -tinm`, `ss -xa`, `ss -s` (but for its
# total, which counts unetlink's own unix sockets; its established
# count is the kernel's, /proc/net/snmp's Tcp section) and libnl's
# idiag-socket-details print in a fresh
# `unshare -n` (a TCP listener, an established connection, a UDP socket,
# a unix listener) what they print there without unetlink.  `ss -K`
# closes the connection through SOCK_DESTROY as root and is refused
# without CAP_NET_ADMIN.  The unix listing leaves out unetlink's own
# sockets (the daemon's and the shim's transport).
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
need ss iproute2
PY=/usr/bin/python3
[ -x "$PY" ] || skip "/usr/bin/python3 is not installed (package python3)"

unshare -n true 2>/dev/null || skip "unshare -n is not permitted here"

cat >"$WORK/peer.py" <<'PY'
import socket, sys, os
l = socket.socket(); l.bind(("127.0.0.1", 40123)); l.listen(4)
c = socket.create_connection(("127.0.0.1", 40123)); a, _ = l.accept()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 40124))
x = socket.socket(socket.AF_UNIX); x.bind(sys.argv[1]); x.listen(1)
print("ready", flush=True)
sys.stdin.read()
PY
cat >"$WORK/inner.sh" <<'INNER'
set -u
ip link set lo up
rm -f "$WORK/fifo" && mkfifo "$WORK/fifo"
"$PY" "$WORK/peer.py" "$WORK/unix.sock" <"$WORK/fifo" >"$WORK/peer.out" 2>&1 &
exec 3>"$WORK/fifo"
for _ in $(seq 200); do
	grep -q ready "$WORK/peer.out" && break
	sleep 0.05
done
for m in -tuan -tuanp -tinm -xa; do
	ss $m >"$WORK/kernel$m" 2>&1
	"$CLI" run -- ss $m >"$WORK/model$m" 2>&1
done
# the summary: /proc/net/sockstat's counts, the same but for unetlink's
# own unix sockets in the namespace's total
ss -s >"$WORK/kernel-s" 2>&1
"$CLI" run -- ss -s >"$WORK/model-s" 2>&1
# libnl's inet_diag client, where libnl-utils is installed
if command -v idiag-socket-details >/dev/null 2>&1; then
	idiag-socket-details >"$WORK/kernel-idiag" 2>&1
	"$CLI" run -- idiag-socket-details >"$WORK/model-idiag" 2>&1
fi
# SOCK_DESTROY: refused without CAP_NET_ADMIN, done with it
"$CLI" run -- setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
	ss -K dst 127.0.0.1 dport = :40123 >"$WORK/kill-unpriv" 2>&1
ss -tn state established >"$WORK/est-before" 2>&1
"$CLI" run -- ss -K dst 127.0.0.1 dport = :40123 >"$WORK/kill" 2>&1
ss -tn state established >"$WORK/est-after" 2>&1
exec 3>&-
wait
INNER
WORK=$WORK PY=$PY CLI=$CLI timeout -k 3 "$CLIENT_TIMEOUT" \
	unshare -n sh "$WORK/inner.sh" || fail "the run in unshare -n failed"
for m in -tuan -tuanp -tinm -xa; do
	no_transport_error "$WORK/model$m"
	# unix: only the test's own listener, its columns as wide as the
	# widest of all listed (unetlink's own sockets among them)
	if [ "$m" = -xa ]; then
		for f in kernel model; do
			awk '/unix.sock/' "$WORK/$f$m" |
				sed -E 's/[[:space:]]+/ /g' >"$WORK/$f$m.n"
			mv "$WORK/$f$m.n" "$WORK/$f$m"
		done
	fi
	# how long ago a segment went or came is the moment ss ran
	for f in kernel model; do
		sed -E 's/last(snd|rcv|ack):[0-9]+/last\1:N/g' "$WORK/$f$m" >"$WORK/$f$m.n"
		mv "$WORK/$f$m.n" "$WORK/$f$m"
	done
	sed "s/^/# kernel $m: /" "$WORK/kernel$m"
	diff -u "$WORK/kernel$m" "$WORK/model$m" | sed 's/^/# /'
	cmp -s "$WORK/kernel$m" "$WORK/model$m" || fail "ss $m prints otherwise under unetlink"
done
grep -q 40123 "$WORK/kernel-tuan" || fail "the kernel side shows no listener"
# ss -s: every line but the total of all sockets; the established
# count, which ss takes from /proc/net/snmp's Tcp section, is the
# kernel's for the program's namespace (docs/conformance.md)
no_transport_error "$WORK/model-s"
sed 's/^/# kernel -s: /' "$WORK/kernel-s"
grep -q '^TCP:.*estab 2,' "$WORK/kernel-s" || fail "ss -s printed no TCP summary"
for f in kernel model; do
	grep -v '^Total:' "$WORK/$f-s" >"$WORK/$f-s.n"
done
diff -u "$WORK/kernel-s.n" "$WORK/model-s.n" | sed 's/^/# /'
cmp -s "$WORK/kernel-s.n" "$WORK/model-s.n" || fail "ss -s prints otherwise under unetlink"
if [ -f "$WORK/kernel-idiag" ]; then
	sed 's/^/# kernel idiag-socket-details: /' "$WORK/kernel-idiag"
	grep -q 40123 "$WORK/kernel-idiag" || fail "idiag-socket-details listed nothing"
	cmp -s "$WORK/kernel-idiag" "$WORK/model-idiag" ||
		fail "idiag-socket-details prints otherwise: $(cat "$WORK/model-idiag")"
else
	echo "# idiag-socket-details is not installed (libnl-utils): not compared"
fi
sed 's/^/# /' "$WORK/kill-unpriv" "$WORK/est-before" "$WORK/kill" "$WORK/est-after"
# still both ends after the refused attempt
[ "$(grep -c ':40123' "$WORK/est-before")" = 2 ] ||
	fail "no established connection to close, or the refused ss -K closed it"
grep -q ':40123' "$WORK/kill" || fail "ss -K closed nothing under unetlink"
grep -q 'SOCK_DESTROY answers: Operation not permitted' "$WORK/kill-unpriv" ||
	fail "ss -K without CAP_NET_ADMIN was not refused"
grep -q ':40123' "$WORK/est-after" && fail "the connection is still established after ss -K"
echo "pass"
