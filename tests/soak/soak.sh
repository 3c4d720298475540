#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The soak (bench/soak.c, issue 18): random valid and invalid operations
# from several client processes, first against the kernel in a fresh
# network namespace (which checks the soak's own model of Linux), then
# through the shim against a private daemon whose memory and sockets are
# watched from outside:
#   - every client's invariants hold (the soak's exit status);
#   - no socket is left once the clients are gone (`unetlink status -j`);
#   - the daemon's resident memory is flat once warmed up: its peak in
#     the last third of the run exceeds its peak in the middle third by
#     at most SOAK_RSS_GROWTH_KB
#     (SOAK_RSS_CHECK=0 in sanitizer builds, whose allocators keep freed
#     memory in quarantine).
# With SOAK_NO_KERNEL set the kernel's run is left out: a burst of many
# client processes (a fork bomb of shim users) checks the daemon alone.
# Usage: soak.sh SOAK CLI [SECONDS [CLIENTS]]
set -u
soak=$1 cli=$2 secs=${3:-10} clients=${4:-4}
growth_kb=${SOAK_RSS_GROWTH_KB:-2048}
fail() { echo "FAIL: $*"; exit 1; }

if [ -n "${SOAK_NO_KERNEL:-}" ]; then
	echo "# the kernel's run is left out (SOAK_NO_KERNEL: a burst)"
elif [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
	echo "# the kernel, ${clients} clients for $((secs / 2)) s"
	unshare -n "$soak" --clients "$clients" --seconds $((secs / 2)) --seed 7 ||
		fail "the soak's model of Linux is wrong: it failed on the kernel"
else
	echo "skip: the kernel's run (needs root and unshare -n)"
fi

dir=$(mktemp -d)
trap '[ -n "$dpid" ] && kill "$dpid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
env -u LD_PRELOAD "$cli" daemon --socket "$dir/socket" 2>"$dir/daemon.log" &
dpid=$!
for _ in $(seq 100); do
	[ -S "$dir/socket" ] && break
	sleep 0.05
done
[ -S "$dir/socket" ] || fail "the daemon did not start: $(cat "$dir/daemon.log")"

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$dpid/status"; }
# Sample the daemon's RSS every quarter second once every client is
# forked and their common clock runs (the soak makes $dir/ready then).
(while kill -0 "$dpid" 2>/dev/null; do
	[ -e "$dir/ready" ] && rss
	sleep 0.25
done) >"$dir/rss" &
sampler=$!
echo "# unetlink, ${clients} clients for ${secs} s"
SOAK_READY_FILE=$dir/ready "$cli" run --socket "$dir/socket" -- "$soak" \
	--clients "$clients" --seconds "$secs" --seed 7
rc=$?
kill "$sampler" 2>/dev/null
wait "$sampler" 2>/dev/null
[ $rc = 0 ] || fail "an invariant broke through unetlink"
kill -0 "$dpid" 2>/dev/null || fail "the daemon died: $(tail -5 "$dir/daemon.log")"

# The daemon learns of a close from the data socket's hang-up, on its
# own time: give it a few seconds.
left() {
	env -u LD_PRELOAD "$cli" status --socket "$dir/socket" -j |
		python3 -c 'import json,sys; print(sum(not s["kernel"] for n in json.load(sys.stdin) for s in n["sockets"]))'
}
for _ in $(seq 50); do
	[ "$(left)" = 0 ] && break
	sleep 0.1
done
left=$(left)
[ "$left" = 0 ] || {
	env -u LD_PRELOAD "$cli" status --socket "$dir/socket"
	fail "$left sockets left in the daemon after every client went"
}

n=$(wc -l <"$dir/rss")
# SOAK_SHOW_RSS=1: every sample, to see the run's shape
[ -z "${SOAK_SHOW_RSS:-}" ] || echo "# RSS samples (KiB):" $(cat "$dir/rss")
if [ "${SOAK_RSS_CHECK:-1}" = 0 ]; then
	echo "skip: the daemon's RSS (a sanitizer build keeps freed memory)"
elif [ "$n" -lt 6 ]; then
	echo "skip: the daemon's RSS (only $n samples)"
else
	# the highest of the middle third: the clients open their sockets
	# and fill their buffers in their first moments (a hundred of them
	# take a second under load, more with MALLOC_PERTURB_), so growth is
	# what the last third adds to the middle one's peak
	warm=$(sed -n "$((n / 3 + 1)),$((2 * n / 3))p" "$dir/rss" | sort -n | tail -1)
	last=$(sed -n "$((2 * n / 3 + 1)),\$p" "$dir/rss" | sort -n | tail -1)
	echo "# daemon RSS: ${warm} KiB warmed up, at most ${last} KiB later (bound +${growth_kb})"
	[ $((last - warm)) -le "$growth_kb" ] ||
		fail "the daemon's RSS grew by $((last - warm)) KiB after warming up"
fi
# A clean shutdown: status 0, and nothing from the sanitizers (a leak
# report makes the status non-zero too).
kill -TERM "$dpid"
wait "$dpid"
drc=$?
dpid=
grep -q 'Sanitizer' "$dir/daemon.log" &&
	fail "the daemon's sanitizer report: $(grep -A5 Sanitizer "$dir/daemon.log" | head -20)"
[ $drc = 0 ] || fail "the daemon exited with status $drc at SIGTERM"
echo "pass"
