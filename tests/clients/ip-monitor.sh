#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `ip monitor all` in the background, stopped after a while: it must open
# and bind its multicast groups through the shim (the daemon lists its
# socket with the groups) and stop on SIGTERM without a transport error.
# ip first dumps the links (ll_init_map) and gives up if that fails: while
# NETLINK_ROUTE cannot dump links, ending there with the protocol's answer
# is accepted.
. "$(dirname "$0")/lib.sh"
need ip iproute2

# shellcheck disable=SC2086
timeout -k 3 "$CLIENT_TIMEOUT" $AS "$CLI" run --socket "$SOCK" -- \
	ip monitor all >"$WORK/mon" 2>"$WORK/mon.err" &
pid=$!
seen=
for _ in $(seq 60); do
	sleep 0.1
	kill -0 "$pid" 2>/dev/null || break
	# A NETLINK_ROUTE socket (Eth 0) with groups subscribed.
	if status >"$WORK/status" 2>/dev/null &&
		awk 'NR > 1 && $2 == 0 && $4 != "00000000" { f = 1 } END { exit !f }' "$WORK/status"; then
		seen=1
		break
	fi
done
sed 's/^/# status: /' "$WORK/status" 2>/dev/null
# Where the stack can add links, the monitor hears of it (unprivileged:
# the invoking root adds, the uid-65534 listener is told).
event=
if [ -n "$seen" ]; then
	timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" -- \
		ip link add unlmon0 type dummy >"$WORK/add" 2>&1 && event=1
	[ -n "$event" ] || fail "ip link add of a dummy failed: $(cat "$WORK/add")"
	for _ in $(seq 40); do
		[ -z "$event" ] || grep -q unlmon0 "$WORK/mon" && break
		sleep 0.05
	done
fi
kill -TERM "$pid" 2>/dev/null
wait "$pid"
RC=$?
echo "# ip monitor all -> status $RC"
sed 's/^/#   /' "$WORK/mon" "$WORK/mon.err" | head -20
no_transport_error "$WORK/mon"
if [ "$RC" != 143 ] && [ "$RC" != 0 ]; then
	[ -z "$seen" ] && [ "$RC" = 1 ] && netlink_answer "$WORK/mon" ||
		fail "ip monitor ended with status $RC, not on SIGTERM"
	echo "# ip monitor stopped at the stack's answer to its link dump"
else
	[ -n "$seen" ] || fail "the daemon never listed ip monitor's subscribed socket"
	[ -z "$event" ] || grep -q unlmon0 "$WORK/mon" ||
		fail "ip monitor did not report the link added meanwhile"
fi
echo "pass"
