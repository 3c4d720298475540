#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A genl family served from userspace: the unl_kvstore example server
# beside a daemon, and real clients under `unetlink run` (iproute2's genl,
# libnl's genl-ctrl-list, the libmnl, libnl and pyroute2 kvstore clients).
#
#   kvstore.sh root     everything as the invoking user (root in CI): a
#                       private daemon whose owner is admin
#   kvstore.sh unpriv   a shared daemon as root; server and clients as uid
#                       65534 (not admin: SET gets EPERM), a root client
#                       makes the changes
#
# Environment from meson: UNETLINK_CLI, UNETLINK_PRELOAD, KVSTORE_SERVER,
# KVSTORE_MNL, KVSTORE_NL (each optional but the first three), KVSTORE_PY.
set -u

MODE=${1:-root}
T=${CLIENT_TIMEOUT:-20}

. "$(dirname "$0")/lib.sh"
chmod 755 "$WORK"
# Private copies: the build tree may be out of reach of uid 65534.
for v in UNETLINK_CLI UNETLINK_PRELOAD KVSTORE_SERVER KVSTORE_MNL KVSTORE_NL KVSTORE_PY; do
	eval "f=\${$v:-}"
	[ -n "$f" ] && [ -f "$f" ] || continue
	cp "$f" "$WORK/$(basename "$f")"
	chmod 755 "$WORK/$(basename "$f")"
	eval "$v=\$WORK/\$(basename \"\$f\")"
done
CLI=$UNETLINK_CLI
export UNETLINK_PRELOAD
unset UNETLINK_SOCKET LD_PRELOAD
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
mkdir "$WORK/run"
SOCK=$WORK/run/socket

AS=
SHARED=
case $MODE in
root) ;;
unpriv)
	[ "$(id -u)" = 0 ] || skip "not root: cannot drop to an unprivileged user"
	command -v setpriv >/dev/null || skip "no setpriv (util-linux)"
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs"
	SHARED=--shared
	;;
*) fail "unknown mode '$MODE'" ;;
esac

# shellcheck disable=SC2086
start_daemon $SHARED
echo "# mode $MODE"

# unl [--root] OUT CMD...: CMD under the shim, with a timeout; status in RC.
unl() {
	as=$AS
	if [ "$1" = --root ]; then
		as=
		shift
	fi
	out=$1
	shift
	# shellcheck disable=SC2086
	timeout -k 3 "$T" $as "$CLI" run --socket "$SOCK" -- "$@" >"$out" 2>&1
	RC=$?
	echo "# $* -> $RC"
	sed 's/^/#   /' "$out" | head -30
	[ "$RC" != 124 ] && [ "$RC" != 137 ] || fail "$1 hung"
	! grep -qE 'AddressSanitizer|runtime error:|Segmentation|unetlink: ' "$out" ||
		fail "$1: a transport or sanitizer failure"
}
# bg OUT CMD...: the same in the background (a monitor).
bg() {
	out=$1
	shift
	# shellcheck disable=SC2086
	timeout -k 3 "$BG_T" $AS "$CLI" run --socket "$SOCK" -- "$@" >"$out" 2>&1 &
	PIDS="$PIDS $!"
}

# shellcheck source=../pyroute2-python.sh
. "$(dirname "$0")/../pyroute2-python.sh"
PY=$(pyroute2_python)
# The clients that exist here, by name.
CLIENTS=
[ -n "${KVSTORE_MNL:-}" ] && CLIENTS="$CLIENTS mnl"
[ -n "${KVSTORE_NL:-}" ] && CLIENTS="$CLIENTS nl"
[ -n "$PY" ] && [ -n "${KVSTORE_PY:-}" ] && CLIENTS="$CLIENTS py"
client() { # NAME -> the command line
	case $1 in
	mnl) echo "$KVSTORE_MNL" ;;
	nl) echo "$KVSTORE_NL" ;;
	py) echo "$PY $KVSTORE_PY" ;;
	esac
}
HAVE_GENL=$(command -v genl || true)

# 1. nlctrl announces the family when the server starts.
if [ -n "$HAVE_GENL" ]; then
	bg "$WORK/ctrlmon" genl ctrl monitor
	# until the monitor's socket (NETLINK_GENERIC, Eth 16) is in nlctrl's
	# group: the family's announcement must not come before it listens
	for _ in $(seq 200); do
		"$CLI" status --socket "$SOCK" 2>/dev/null |
			awk 'NR > 1 && $2 == 16 && $4 != "00000000" { f = 1 } END { exit !f }' &&
			break
		sleep 0.05
	done
fi
start_server
if [ -n "$HAVE_GENL" ]; then
	wait_for "$WORK/ctrlmon" 'Name: unl_kvstore'
	unl "$WORK/list" genl ctrl list
	[ "$RC" = 0 ] || fail "genl ctrl list"
	expect "$WORK/list" 'Name: unl_kvstore' "genl ctrl list"
	expect "$WORK/list" 'name: changes' "genl ctrl list: the group"
	expect "$WORK/list" 'Name: nlctrl' "genl ctrl list: nlctrl"
	unl "$WORK/get" genl ctrl get name unl_kvstore
	[ "$RC" = 0 ] || fail "genl ctrl get name unl_kvstore"
	expect "$WORK/get" 'ID-0x3' "genl ctrl get: the DEL command"
	unl "$WORK/getctl" genl ctrl get name nlctrl
	[ "$RC" = 0 ] || fail "genl ctrl get name nlctrl"
fi
if command -v genl-ctrl-list >/dev/null; then
	unl "$WORK/nlist" genl-ctrl-list
	expect "$WORK/nlist" 'unl_kvstore version 1' "genl-ctrl-list"
fi
[ -n "$CLIENTS" ] || skip "no kvstore client (libmnl, libnl-genl-3, pyroute2)"

# 2. Every client monitors the "changes" group.
for c in $CLIENTS; do
	# shellcheck disable=SC2046
	bg "$WORK/mon-$c" $(client "$c") monitor 4
done
for c in $CLIENTS; do
	wait_for "$WORK/mon-$c" '^monitoring'
done

# 3. Changes: by each client when admin; as uid 65534, SET is refused
# with EPERM (GENL_ADMIN_PERM) and root makes them.
i=0
for c in $CLIENTS; do
	i=$((i + 1))
	# shellcheck disable=SC2046
	unl "$WORK/set-$c" $(client "$c") set "k$c" "v$i"
	if [ "$MODE" = unpriv ]; then
		[ "$RC" = 1 ] || fail "$c: an unprivileged set succeeded"
		expect "$WORK/set-$c" 'Operation not permitted' "$c: EPERM"
		# shellcheck disable=SC2046
		unl --root "$WORK/set-$c" $(client "$c") set "k$c" "v$i"
	fi
	[ "$RC" = 0 ] || fail "$c: set"
done
FIRST=$(echo $CLIENTS | cut -d' ' -f1)
# Pad to four events for the monitors.
n=$(echo $CLIENTS | wc -w)
while [ "$n" -lt 3 ]; do
	n=$((n + 1))
	# shellcheck disable=SC2046
	unl --root "$WORK/pad" $(client "$FIRST") set "pad$n" x
done

# 4. Gets, dumps and a delete, by each client.
i=0
for c in $CLIENTS; do
	i=$((i + 1))
	# shellcheck disable=SC2046
	unl "$WORK/get-$c" $(client "$c") get "k$c"
	[ "$RC" = 0 ] || fail "$c: get"
	expect "$WORK/get-$c" "^k$c=v$i\$" "$c: get"
	# shellcheck disable=SC2046
	unl "$WORK/dump-$c" $(client "$c") dump
	[ "$RC" = 0 ] || fail "$c: dump"
	for d in $CLIENTS; do
		expect "$WORK/dump-$c" "^k$d=" "$c: dump lists k$d"
	done
	# shellcheck disable=SC2046
	unl "$WORK/miss-$c" $(client "$c") get nosuchkey
	[ "$RC" = 1 ] || fail "$c: get of a missing key"
	expect "$WORK/miss-$c" 'No such file or directory' "$c: ENOENT"
done
AS_DEL=
[ "$MODE" = unpriv ] && AS_DEL=--root
# shellcheck disable=SC2046
unl $AS_DEL "$WORK/del" $(client "$FIRST") del "k$FIRST"
[ "$RC" = 0 ] || fail "del"
for c in $CLIENTS; do
	wait_for "$WORK/mon-$c" "^event del k$FIRST\$"
	expect "$WORK/mon-$c" "^event set k$FIRST=v1\$" "$c: the set event"
done

# 5. The family's message comes back in the extended ACK (missing key),
# and the core's policy check with an offset (a key longer than 63).
if [ -n "${KVSTORE_MNL:-}" ]; then
	unl "$WORK/miss" "$KVSTORE_MNL" get nosuchkey
	expect "$WORK/miss" 'no such key \(offset 20\)' "ENOENT's extended ACK"
	long=$(printf '%070d' 0)
	# (As uid 65534, GENL_ADMIN_PERM is checked first, as in Linux.)
	unl $AS_DEL "$WORK/long" "$KVSTORE_MNL" set "$long" x
	[ "$RC" = 1 ] || fail "an over-long key was accepted"
	expect "$WORK/long" 'Invalid argument: Attribute failed policy validation \(offset 20\)' \
		"the policy violation's extended ACK"
fi
if [ -n "$PY" ] && [ -n "${KVSTORE_PY:-}" ]; then
	unl "$WORK/pymiss" $PY "$KVSTORE_PY" get nosuchkey
	expect "$WORK/pymiss" 'no such key' "pyroute2: the extended ACK's message"
fi

# 6. A server that does not answer: the request gets ETIMEDOUT (after
# 4 s), not a hang; one in flight when it dies gets ENOENT at once.
C=$(client "$FIRST")
kill -STOP "$SERVER_PID"
# shellcheck disable=SC2086
unl "$WORK/stopped" $C get "k$FIRST"
[ "$RC" = 1 ] || fail "a request to a stopped server succeeded"
expect "$WORK/stopped" 'timed out' "a stopped server: ETIMEDOUT"
# shellcheck disable=SC2086
timeout -k 3 "$T" $AS "$CLI" run --socket "$SOCK" -- $C dump >"$WORK/inflight" 2>&1 &
INFLIGHT=$!
sleep 1
kill -KILL "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=
wait "$INFLIGHT"
RC=$?
sed 's/^/#   /' "$WORK/inflight"
[ "$RC" = 1 ] || fail "a request in flight when the server died: status $RC"
expect "$WORK/inflight" 'No such file or directory' "in flight: ENOENT"

# 7. The family is gone: DELFAMILY seen, lists without it, ENOENT.
if [ -n "$HAVE_GENL" ]; then
	# NEWFAMILY, NEWMCAST_GRP, then DELMCAST_GRP, DELFAMILY.
	for _ in $(seq 100); do
		[ "$(grep -c 'Name: unl_kvstore' "$WORK/ctrlmon")" -ge 4 ] && break
		sleep 0.05
	done
	[ "$(grep -c 'Name: unl_kvstore' "$WORK/ctrlmon")" -ge 4 ] ||
		fail "genl ctrl monitor did not see the family go"
	unl "$WORK/list2" genl ctrl list
	! grep -q unl_kvstore "$WORK/list2" || fail "the family outlived its server"
fi
# shellcheck disable=SC2086
unl "$WORK/gone" $C get "k$FIRST"
[ "$RC" = 1 ] || fail "a request to a gone family succeeded"

# 8. A new server gets the name again.
start_server
# shellcheck disable=SC2086
unl "$WORK/again" $C dump
[ "$RC" = 0 ] || fail "dump from a restarted server"
echo "pass"
