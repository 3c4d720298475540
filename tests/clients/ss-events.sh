#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `ss -E` under unetlink: ss joins NETLINK_SOCK_DIAG's destroy groups,
# the daemon joins the kernel's, and the kernel's events about the
# host's sockets reach ss.  In a fresh `unshare -n`, the same sockets
# (TCP and UDP, v4 and v6) are opened and closed while ss -E runs on the
# kernel and under unetlink, as root and as uid 65534 (whom Linux lets
# join those groups too, NL_CFG_F_NONROOT_RECV; its private daemon is
# unprivileged as well): the four transcripts must be identical.  A
# fifth comes from a program in a namespace of its own, beside a daemon
# that stays in the first one (the daemon listens to the program's
# namespace, as root may enter it); there `ss -tlm` shows a listener
# with its memory, which only sock_diag gives (the daemon asks the
# kernel from within that namespace).
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
need ss iproute2
need stdbuf coreutils
need setpriv util-linux
PY=/usr/bin/python3
[ -x "$PY" ] || skip "/usr/bin/python3 is not installed (package python3)"
unshare -n true 2>/dev/null || skip "unshare -n is not permitted here"
mkdir "$WORK/u" && chown 65534:65534 "$WORK/u"

cat >"$WORK/inner.sh" <<'INNER'
set -u
ip link set lo up
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all"
# Whether some NETLINK_SOCK_DIAG socket of this namespace listens to a
# group (ss itself, or the daemon for it).
listening() {
	awk '$2 == 4 && $4 != "00000000" { f = 1 } END { exit !f }' \
		/proc/net/netlink
}
# events NAME CMD...: ss -E run by CMD while the sockets come and go
events() {
	name=$1
	shift
	"$@" stdbuf -oL ss -E -tu >"$WORK/$name" 2>&1 &
	pid=$!
	for _ in $(seq 200); do
		listening && break
		sleep 0.05
	done
	listening || echo "no listener" >>"$WORK/$name"
	"$PY" -c '
import socket
for fam, addr in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    t = socket.socket(fam); t.bind((addr, 40133)); t.listen(4); t.close()
    u = socket.socket(fam, socket.SOCK_DGRAM); u.bind((addr, 40134)); u.close()
'
	# the last event (UDP over ::1) printed, or ss is gone
	for _ in $(seq 200); do
		grep -q '\[::1\]:40134' "$WORK/$name" && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.05
	done
	kill $pid
	wait $pid
	# a daemon that outlives ss leaves the groups at their next event
	[ -n "${DAEMON_STAYS:-}" ] && return
	for _ in $(seq 200); do
		listening || break
		sleep 0.05
	done
}
events kernel
events model "$CLI" run --
events kernel-nobody $NOBODY
events model-nobody $NOBODY env XDG_RUNTIME_DIR="$WORK/u" "$CLI" run --
# the daemon here, the program in a namespace of its own
"$CLI" daemon --socket "$WORK/d.sock" >"$WORK/daemon.out" 2>&1 &
dpid=$!
for _ in $(seq 100); do
	"$CLI" status --socket "$WORK/d.sock" >/dev/null 2>&1 && break
	sleep 0.05
done
sed -n '/^# the inner namespace/,$p' "$WORK/inner.sh" >"$WORK/other.sh"
unshare -n sh -c ". '$WORK/fns.sh' && . '$WORK/other.sh'"
kill -TERM $dpid
wait $dpid || echo "the daemon ended with status $?" >>"$WORK/daemon.out"
exit 0
# the inner namespace: a program there, the daemon outside
ip link set lo up
DAEMON_STAYS=1
events model-otherns "$CLI" run --socket "$WORK/d.sock" --
"$PY" -c '
import socket, sys
t = socket.socket(); t.bind(("127.0.0.1", 40135)); t.listen(4)
print("ready", flush=True); sys.stdin.read()' <"$WORK/fifo" >"$WORK/py.out" &
exec 3>"$WORK/fifo"
for _ in $(seq 200); do
	grep -q ready "$WORK/py.out" && break
	sleep 0.05
done
ss -tlmn >"$WORK/kernel-m" 2>&1
"$CLI" run --socket "$WORK/d.sock" -- ss -tlmn >"$WORK/model-m" 2>&1
exec 3>&-
wait
INNER
# the functions of inner.sh alone, for the inner namespace's script
sed -n '/^NOBODY=/,/^}$/p;/^events() {/,/^}$/p' "$WORK/inner.sh" >"$WORK/fns.sh"
mkfifo "$WORK/fifo"
WORK=$WORK PY=$PY CLI=$CLI timeout -k 3 "$CLIENT_TIMEOUT" \
	unshare -n sh "$WORK/inner.sh" || fail "the run in unshare -n failed"
sed 's/^/# kernel: /' "$WORK/kernel"
grep -q '127.0.0.1:40133' "$WORK/kernel" || fail "the kernel reported no destroyed TCP socket"
grep -q '\[::1\]:40134' "$WORK/kernel" || fail "the kernel reported no destroyed UDP6 socket"
for f in model kernel-nobody model-nobody model-otherns; do
	no_transport_error "$WORK/$f"
	diff -u "$WORK/kernel" "$WORK/$f" | sed 's/^/# /'
	cmp -s "$WORK/kernel" "$WORK/$f" || fail "ss -E ($f) prints otherwise"
done
grep -q 'status' "$WORK/daemon.out" && fail "$(cat "$WORK/daemon.out")"
sed 's/^/# kernel ss -tlmn: /' "$WORK/kernel-m"
grep -q 'skmem:' "$WORK/kernel-m" || fail "the kernel's ss -tlmn shows no memory"
no_transport_error "$WORK/model-m"
diff -u "$WORK/kernel-m" "$WORK/model-m" | sed 's/^/# /'
cmp -s "$WORK/kernel-m" "$WORK/model-m" ||
	fail "ss -tlmn in another namespace than the daemon's prints otherwise"
echo "pass"
