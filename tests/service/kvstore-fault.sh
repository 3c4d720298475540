#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Fault injection for families served from userspace: a timeout rule
# (`unetlink fault add 'family=generic timeout=MS'`) keeps a request
# from the kvstore server, and the libmnl client gets ETIMEDOUT as it
# does when a server hangs (pyroute2's client is left out: its import
# alone would double the test's time); the server never saw the
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
# the two packets' times, from the pcap records' headers
if command -v python3 >/dev/null 2>&1; then
	python3 - "$WORK/d.pcap" <<'PY' || fail "the answer did not wait for the delay"
import struct, sys
b = open(sys.argv[1], "rb").read()
off, ts = 24, []
while off + 16 <= len(b):
    sec, usec, incl, _ = struct.unpack_from("<IIII", b, off)
    ts.append(sec + usec / 1e6)
    off += 16 + incl
print("# request to answer: %.3f s" % (ts[1] - ts[0]))
sys.exit(0 if len(ts) == 2 and ts[1] - ts[0] >= 0.3 else 1)
PY
else
	echo "# python3 is not installed: the delay's length is not read"
fi
echo pass
