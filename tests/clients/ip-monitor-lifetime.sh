#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The daemon runs the net's timers by itself: `ip monitor address` hears
# an address deprecated and then deleted when its lifetimes end, while
# nobody makes any request (no status either: any call on the net would
# run due timers too).
. "$(dirname "$0")/lib.sh"
need ip iproute2

# shellcheck disable=SC2086
timeout -k 3 "$CLIENT_TIMEOUT" $AS "$CLI" run --socket "$SOCK" -- \
	ip monitor address >"$WORK/mon" 2>"$WORK/mon.err" &
pid=$!
seen=
for _ in $(seq 60); do
	sleep 0.1
	kill -0 "$pid" 2>/dev/null || break
	if status >"$WORK/status" 2>/dev/null &&
		awk 'NR > 1 && $2 == 0 && $4 != "00000000" { f = 1 } END { exit !f }' "$WORK/status"; then
		seen=1
		break
	fi
done
[ -n "$seen" ] || fail "the daemon never listed ip monitor's subscribed socket"
# The invoking user adds (unprivileged: the uid-65534 listener is told).
timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" -- \
	ip addr add 192.0.2.7/32 dev lo valid_lft 2 preferred_lft 1 \
	>"$WORK/add" 2>&1 || fail "ip addr add: $(cat "$WORK/add")"
# Deprecated after a second, deleted after two; 15 s is only the bound
# of a hang.
for _ in $(seq 150); do
	grep -q '^Deleted .*192\.0\.2\.7' "$WORK/mon" && break
	sleep 0.1
done
kill -TERM "$pid" 2>/dev/null
wait "$pid"
sed 's/^/#   /' "$WORK/mon" "$WORK/mon.err" | head -20
no_transport_error "$WORK/mon"
grep -q '192\.0\.2\.7.* deprecated' "$WORK/mon" ||
	fail "ip monitor did not hear the address deprecated"
grep -q '^Deleted .*192\.0\.2\.7' "$WORK/mon" ||
	fail "ip monitor did not hear the address deleted"
echo "pass"
