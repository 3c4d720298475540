#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Fault injection for families served from userspace: a timeout rule
# (`unetlink fault add 'family=generic timeout=MS'`) keeps a request
# from the kvstore server, and the libmnl and pyroute2 clients get
# ETIMEDOUT as they do when a server hangs; the server never saw the
# request (its next answer is to the next request); with the rule
# removed the same request is answered.  A delay rule makes one
# request's answer come at least its delay after it (the recording's
# times).
set -u
T=${CLIENT_TIMEOUT:-20}
. "$(dirname "$0")/lib.sh"
CLI=$UNETLINK_CLI
export UNETLINK_PRELOAD
unset UNETLINK_SOCKET LD_PRELOAD
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
[ -n "${KVSTORE_MNL:-}" ] || skip "no libmnl client"
mkdir "$WORK/run"
SOCK=$WORK/run/socket
start_daemon
start_server

unl() { # OUT CMD...: CMD under the shim; status in RC
	out=$1
	shift
	timeout -k 3 "$T" "$CLI" run --socket "$SOCK" -- "$@" >"$out" 2>&1
	RC=$?
	echo "# $* -> $RC"
	sed 's/^/#   /' "$out" | head -10
	[ "$RC" != 124 ] && [ "$RC" != 137 ] || fail "$1 hung"
}
unl "$WORK/o" "$KVSTORE_MNL" set greeting hello
[ "$RC" = 0 ] || fail "set without a fault"
id=$("$CLI" fault add --socket "$SOCK" 'family=generic timeout=200') ||
	fail "fault add timeout"
unl "$WORK/o" "$KVSTORE_MNL" get greeting
[ "$RC" != 0 ] || fail "a request the server never saw was answered"
expect "$WORK/o" 'error: Connection timed out' "the mnl client's ETIMEDOUT"
. "$(dirname "$0")/../pyroute2-python.sh"
PY=$(pyroute2_python)
if [ -n "$PY" ] && [ -n "${KVSTORE_PY:-}" ]; then
	unl "$WORK/p" $PY "$KVSTORE_PY" get greeting
	[ "$RC" != 0 ] || fail "pyroute2: a request the server never saw was answered"
	grep -qiE 'timed out|ETIMEDOUT|110' "$WORK/p" || fail "pyroute2 did not see ETIMEDOUT"
else
	echo "# pyroute2 is not installed: its client is not run"
fi
"$CLI" fault list --socket "$SOCK" >"$WORK/list"
grep -q "^$id fired=[1-9][0-9]* family=generic timeout=200\$" "$WORK/list" ||
	fail "the rule's firing is not listed: $(cat "$WORK/list")"
"$CLI" fault del --socket "$SOCK" "$id" || fail "fault del"
unl "$WORK/o" "$KVSTORE_MNL" get greeting
[ "$RC" = 0 ] || fail "get after the rule went"
expect "$WORK/o" 'hello' "the server's answer after the rule went"
grep -q 'fault [0-9]* fired in net [0-9]*: family=generic timeout=200' "$WORK/daemon.log" ||
	fail "the fault is not in the daemon's log"

# delay: the answer comes at least 300 ms after the request
"$CLI" fault add --socket "$SOCK" 'family=generic delay=300' >/dev/null ||
	fail "fault add delay"
"$CLI" capture --socket "$SOCK" -f generic -w "$WORK/d.pcap" -c 2 2>/dev/null &
CP=$!
PIDS="$PIDS $CP"
# the file's header is written once the capture runs
for _ in $(seq 100); do
	[ -s "$WORK/d.pcap" ] && break
	sleep 0.05
done
unl "$WORK/o" "$KVSTORE_MNL" get greeting
[ "$RC" = 0 ] || fail "a delayed request failed"
expect "$WORK/o" 'hello' "the delayed answer"
wait "$CP" || fail "capture of the delayed request"
if command -v tshark >/dev/null 2>&1; then
	tshark -r "$WORK/d.pcap" -T fields -e frame.time_epoch >"$WORK/times" 2>/dev/null
	awk 'NR == 1 { a = $1 } NR == 2 { b = $1 } END { exit !(NR == 2 && b - a >= 0.3) }' "$WORK/times" ||
		fail "the answer did not wait for the delay: $(cat "$WORK/times")"
else
	echo "# tshark is not installed: the delay's length is not read"
fi
echo pass
