#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Fault injection (unetlink(1), FAULT INJECTION) as real clients see it:
# each action makes ip, genl, ip monitor, pyroute2 and libnl's tools
# react as they do when the kernel fails that way.
#   - error= with msg=: `ip link add` prints the extended ACK and fails,
#     and nothing was made; nth=2 fails the second address only
#   - dump-intr: ip warns "Dump was interrupted"; pyroute2's get_links()
#     raises NetlinkDumpInterrupted and its poll() retries to a result
#   - overrun: `ip monitor` prints the ENOBUFS error and goes on;
#     drop with nth=1: the monitor misses the first link only
#   - truncate=: ip reports the remnant; socket-error=, bind-error=:
#     ip and genl say they cannot open or bind their socket
#   - prob= with a seed fails the same requests in two runs
#   - `unetlink fault add/list/del` on a running daemon, the daemon's log
#     of each fault that fired; net= and pid= rules fire for their net
#     (`ip -n blue`) and their process only
# As the owner of a private daemon (root, or uid 65534 in owner mode)
# all of it works; uid 65534 on a daemon of root's may not add rules.
. "$(dirname "$0")/lib.sh"
need ip iproute2

# frun OUT RULE... -- CMD: CMD under a daemon of its own with the rules
frun() {
	out=$1
	shift
	set -- "$@"
	args=
	while [ "$1" != -- ]; do
		args="$args --fault \"$1\""
		shift
	done
	shift
	eval "timeout -k 3 \"$CLIENT_TIMEOUT\" $AS \"$CLI\" run --socket \"$SOCK\" $args -- \"\$@\"" \
		>"$out" 2>&1
	RC=$?
	sed 's/^/#   /' "$out" | head -20
}

if [ "$MODE" = unpriv ]; then
	frun "$WORK/deny" 'family=route error=EBUSY' -- true
	[ "$RC" != 0 ] && grep -q 'CAP_NET_ADMIN is needed' "$WORK/deny" ||
		fail "uid 65534 added a rule to root's daemon (status $RC)"
	# shellcheck disable=SC2086
	$AS "$CLI" fault --socket "$SOCK" add 'drop' >"$WORK/deny2" 2>&1 &&
		fail "uid 65534 could use 'fault add'"
	grep -q 'CAP_NET_ADMIN is needed' "$WORK/deny2" ||
		fail "uid 65534's fault add: $(cat "$WORK/deny2")"
	echo pass
	exit 0
fi

frun "$WORK/e1" 'family=route type=RTM_NEWLINK error=EBUSY msg=injected: busy' -- \
	sh -c 'ip link add br0 type bridge; echo "rc=$?"; ip -br link show br0'
grep -qx 'Error: injected: busy.' "$WORK/e1" && grep -qx 'rc=2' "$WORK/e1" &&
	grep -q 'does not exist' "$WORK/e1" ||
	fail "error= with msg= did not fail ip link add as the kernel would"

frun "$WORK/e2" 'family=route type=RTM_NEWADDR nth=2 error=EEXIST' -- \
	sh -c 'for a in 1 2 3; do ip addr add 10.0.0.$a/8 dev lo; echo "rc=$?"; done; ip -br addr show dev lo'
[ "$(grep -c '^rc=0$' "$WORK/e2")" = 2 ] &&
	grep -q 'RTNETLINK answers: File exists' "$WORK/e2" &&
	grep -q '10.0.0.1/8 10.0.0.3/8' "$WORK/e2" ||
	fail "nth=2 did not fail the second address alone"

frun "$WORK/d1" 'family=route type=RTM_GETLINK dump-intr' -- ip link show
grep -q 'Dump was interrupted and may be inconsistent' "$WORK/d1" ||
	fail "ip did not see the interrupted dump"

PY=$(pyroute2_python)
if [ -n "$PY" ]; then
	cat >"$WORK/intr.py" <<'PYEOF'
from pyroute2 import IPRoute
from pyroute2.netlink.exceptions import NetlinkDumpInterrupted
ip = IPRoute()
try:
    ip.get_links()
    print("get_links: no exception")
except NetlinkDumpInterrupted:
    print("get_links: NetlinkDumpInterrupted")
print("poll:", [l.get_attr("IFLA_IFNAME") for l in ip.poll(ip.link, "dump")])
PYEOF
	chmod 644 "$WORK/intr.py"
	frun "$WORK/d2" 'family=route type=RTM_GETLINK nth=1 dump-intr' -- \
		"$PY" "$WORK/intr.py"
	grep -qx 'get_links: NetlinkDumpInterrupted' "$WORK/d2" &&
		grep -qx "poll: \['lo'\]" "$WORK/d2" ||
		fail "pyroute2 did not raise on, then retry, the interrupted dump"
else
	echo "skip: pyroute2's reaction to an interrupted dump: no python3-pyroute2"
fi

# libnl's tools: a cache refill interrupted once is made again from the
# start (nl_cache_refill() restarts on NLE_DUMP_INTR), an error with its
# message is libnl's error text, a socket() that fails is its connect
# failure
if command -v nl-link-list >/dev/null 2>&1; then
	frun "$WORK/l1" 'family=route type=RTM_GETLINK nth=1 dump-intr' -- \
		nl-link-list
	[ "$RC" = 0 ] && grep -q '^lo ' "$WORK/l1" &&
		[ "$(grep -c 'fault 1 fired' "$WORK/l1")" = 1 ] ||
		fail "libnl did not dump again after the interrupted dump"
	frun "$WORK/l2" 'family=route type=RTM_NEWADDR error=EBUSY' -- \
		nl-addr-add --dev lo --local 10.0.0.1/8
	[ "$RC" != 0 ] && grep -q 'Unable to add address: Object busy' "$WORK/l2" ||
		fail "libnl did not report the injected EBUSY"
	frun "$WORK/l3" 'family=route socket-error=EMFILE' -- nl-link-list
	[ "$RC" != 0 ] && grep -q 'Unable to connect netlink socket' "$WORK/l3" ||
		fail "libnl did not report the failed socket()"
else
	echo "skip: libnl's reactions: no libnl-utils (nl-link-list)"
fi

mon='ip monitor link >"$0" 2>&1 & m=$!; sleep 0.5
ip link add br0 type bridge; ip link add br1 type bridge; sleep 0.5
kill $m; cat "$0"'
chmod 777 "$WORK"
frun "$WORK/o1" 'family=route type=RTM_NEWLINK nth=1 overrun' -- \
	sh -c "$mon" "$WORK/o1.mon"
grep -q 'netlink receive error No buffer space available (105)' "$WORK/o1" &&
	grep -q ': br1: ' "$WORK/o1" ||
	fail "ip monitor did not report the overrun and go on"
frun "$WORK/o2" 'family=route type=RTM_NEWLINK nth=1 drop' -- \
	sh -c "$mon" "$WORK/o2.mon"
grep -q ': br0: ' "$WORK/o2" && fail "the dropped notification arrived"
grep -q ': br1: ' "$WORK/o2" || fail "the notification after the dropped one is missing"

frun "$WORK/t1" 'family=route type=RTM_NEWLINK truncate=20' -- ip link show
grep -q 'Remnant of size 20' "$WORK/t1" || fail "ip did not see the cut message"
frun "$WORK/s1" 'family=route socket-error=EMFILE' -- ip link show
grep -q 'Cannot open netlink socket: Too many open files' "$WORK/s1" ||
	fail "socket-error= did not fail ip's socket()"
frun "$WORK/b1" 'family=generic bind-error=EADDRINUSE' -- genl ctrl list
grep -q 'Cannot bind netlink socket: Address already in use' "$WORK/b1" ||
	fail "bind-error= did not fail genl's bind()"

adds='for a in $(seq 1 30); do ip addr add 10.0.1.$a/32 dev lo 2>/dev/null || echo "fail $a"; done'
frun "$WORK/p1" 'family=route type=RTM_NEWADDR prob=0.5 seed=7 error=ENOMEM' -- sh -c "$adds"
frun "$WORK/p2" 'family=route type=RTM_NEWADDR prob=0.5 seed=7 error=ENOMEM' -- sh -c "$adds"
n=$(grep -c '^fail' "$WORK/p1")
# (the daemon's log lines, which name its pid, left out)
[ "$n" -gt 0 ] && [ "$n" -lt 30 ] &&
	[ "$(grep '^fail' "$WORK/p1")" = "$(grep '^fail' "$WORK/p2")" ] ||
	fail "prob=0.5 seed=7 failed $n of 30, or not the same ones twice"

# On a running daemon: add, list, del; the log names each fault fired.
if [ "$MODE" = root ]; then
	S2=$WORK/run/socket2
	"$CLI" daemon --socket "$S2" >"$WORK/d.log" 2>&1 &
	DAEMON_PID=$!
	for _ in $(seq 100); do
		"$CLI" status --socket "$S2" >/dev/null 2>&1 && break
		sleep 0.05
	done
	# (flags: ip link add's request, not the probe iproute2 sends first)
	id=$("$CLI" fault add --socket "$S2" 'family=route type=RTM_NEWLINK flags=0x600 error=EPERM') ||
		fail "fault add failed"
	"$CLI" run --socket "$S2" -- ip link add br0 type bridge 2>"$WORK/r1" &&
		fail "the rule added at run time did not fire"
	"$CLI" fault list --socket "$S2" >"$WORK/list"
	sed 's/^/#   /' "$WORK/list"
	grep -qx "$id fired=1 family=route type=16 flags=0x600 error=EPERM" "$WORK/list" ||
		fail "fault list does not show the rule and its count"
	"$CLI" fault del --socket "$S2" "$id" || fail "fault del failed"
	"$CLI" run --socket "$S2" -- ip link add br0 type bridge ||
		fail "the rule still fires after fault del"
	[ -z "$("$CLI" fault list --socket "$S2")" ] || fail "fault list is not empty"
	"$CLI" fault del --socket "$S2" "$id" 2>"$WORK/del2" &&
		fail "a rule deleted twice"
	grep -q 'no such rule' "$WORK/del2" || fail "fault del of a gone rule: $(cat "$WORK/del2")"
	grep -q "fault $id fired in net [0-9]*: family=route type=16 flags=0x600 error=EPERM" "$WORK/d.log" ||
		fail "the daemon did not log the fault: $(cat "$WORK/d.log")"

	# net=: a rule for the net of `ip netns add blue` (its id as
	# status prints it) fails ip's request there, not in the initial net
	"$CLI" run --socket "$S2" -- ip netns add blue || fail "ip netns add blue"
	blue=$("$CLI" status --socket "$S2" | awk '$1 == "net" && $3 == "blue" { print $2 }')
	[ -n "$blue" ] || fail "status shows no net blue"
	id=$("$CLI" fault add --socket "$S2" "net=$blue family=route type=RTM_NEWLINK flags=0x600 error=EPERM") ||
		fail "fault add net="
	"$CLI" run --socket "$S2" -- sh -c \
		'ip link add br2 type bridge || exit 9; exec ip -n blue link add br2 type bridge' \
		2>"$WORK/n1"
	case $? in
	9) fail "net=$blue fired in the initial net" ;;
	0) fail "net=$blue did not fire in blue" ;;
	esac
	grep -q 'Operation not permitted' "$WORK/n1" || fail "net=: $(cat "$WORK/n1")"
	"$CLI" fault del --socket "$S2" "$id" || fail "fault del"

	# pid=: a rule for one process (a shell that waits, then execs ip,
	# keeping its pid) fails its request, not another process's (the
	# ip the shell runs first)
	mkfifo "$WORK/go"
	"$CLI" run --socket "$S2" -- sh -c 'echo $$ >"$0.pid"; read x <"$0"
		ip link add br4 type bridge || exit 9
		exec ip link add br3 type bridge' "$WORK/go" 2>"$WORK/p3" &
	waiter=$!
	for _ in $(seq 100); do
		[ -s "$WORK/go.pid" ] && break
		sleep 0.05
	done
	id=$("$CLI" fault add --socket "$S2" "pid=$(cat "$WORK/go.pid") family=route type=RTM_NEWLINK flags=0x600 error=EPERM") ||
		fail "fault add pid="
	echo go >"$WORK/go"
	wait "$waiter"
	case $? in
	9) fail "pid= fired for another process" ;;
	0) fail "pid= did not fire for its process" ;;
	esac
	grep -q 'Operation not permitted' "$WORK/p3" || fail "pid=: $(cat "$WORK/p3")"
	"$CLI" fault list --socket "$S2" | grep -q "^$id fired=1 " ||
		fail "pid=: $("$CLI" fault list --socket "$S2")"
fi
echo pass
