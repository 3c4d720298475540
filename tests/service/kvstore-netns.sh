#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A served genl family across the daemon's network namespaces, with real
# clients (iproute2's genl, the kvstore clients) under `unetlink run
# --netns NAME`, compared with Linux's rules for a kernel family:
#  - without netnsok the family exists in the initial namespace only:
#    another namespace does not list it (genl ctrl list) and cannot
#    resolve or use it;
#  - with netnsok (kvstore-server --netnsok) every namespace lists and
#    uses it, one made after the registration too; the server keeps a
#    store per namespace (genl_info's net), and its events reach the
#    listeners of the namespace that made the change, no other.
# Environment from meson: UNETLINK_CLI, UNETLINK_PRELOAD, KVSTORE_SERVER,
# KVSTORE_MNL, KVSTORE_NL, KVSTORE_PY (the same as kvstore.sh).
set -u
T=${CLIENT_TIMEOUT:-20}

. "$(dirname "$0")/lib.sh"
if [ -n "${KVSTORE_MNL:-}" ]; then
	KV=$KVSTORE_MNL
elif [ -n "${KVSTORE_NL:-}" ]; then
	KV=$KVSTORE_NL
else
	skip "no C kvstore client (libmnl, libnl-genl-3)"
fi
HAVE_GENL=$(command -v genl || true)
CLI=$UNETLINK_CLI
export UNETLINK_PRELOAD
unset UNETLINK_SOCKET LD_PRELOAD
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
mkdir "$WORK/run"
SOCK=$WORK/run/socket

start_daemon
"$CLI" netns add blue --socket "$SOCK" || fail "unetlink netns add blue"

# unl NS OUT CMD...: CMD under the shim in NS ('-' the initial one);
# status in RC.
unl() {
	ns=$1
	out=$2
	shift 2
	set -- "$@"
	if [ "$ns" = - ]; then
		timeout -k 3 "$T" "$CLI" run --socket "$SOCK" -- "$@" >"$out" 2>&1
	else
		timeout -k 3 "$T" "$CLI" run --socket "$SOCK" --netns "$ns" -- "$@" >"$out" 2>&1
	fi
	RC=$?
	echo "# [$ns] $* -> $RC"
	sed 's/^/#   /' "$out" | head -20
	[ "$RC" != 124 ] && [ "$RC" != 137 ] || fail "$out hung"
	! grep -qE 'AddressSanitizer|runtime error:|Segmentation|unetlink: ' "$out" ||
		fail "$out: a transport or sanitizer failure"
}
bg() { # NS OUT CMD...
	ns=$1
	out=$2
	shift 2
	timeout -k 3 "$BG_T" "$CLI" run --socket "$SOCK" --netns "$ns" -- "$@" >"$out" 2>&1 &
	PIDS="$PIDS $!"
}
stop_server() {
	kill -KILL "$SERVER_PID"
	wait "$SERVER_PID" 2>/dev/null
	SERVER_PID=
}

# 1. Without netnsok: the initial namespace only.
start_server
unl - "$WORK/set0" "$KV" set k init
[ "$RC" = 0 ] || fail "set in the initial namespace"
unl blue "$WORK/get-blue" "$KV" get k
[ "$RC" != 0 ] || fail "a family without netnsok answered in another namespace"
if [ -n "$HAVE_GENL" ]; then
	unl - "$WORK/list0" genl ctrl list
	expect "$WORK/list0" 'Name: unl_kvstore' "genl ctrl list, initial namespace"
	unl blue "$WORK/list-blue" genl ctrl list
	[ "$RC" = 0 ] || fail "genl ctrl list in blue"
	expect "$WORK/list-blue" 'Name: nlctrl' "genl ctrl list in blue: nlctrl"
	! grep -q unl_kvstore "$WORK/list-blue" ||
		fail "blue lists a family without netnsok"
	unl blue "$WORK/get-blue" genl ctrl get name unl_kvstore
	[ "$RC" != 0 ] || fail "genl ctrl get found a family without netnsok in blue"
fi
stop_server

# 2. With netnsok: every namespace, one store each, events where made.
start_server --netnsok
"$CLI" netns add green --socket "$SOCK" || fail "unetlink netns add green"
if [ -n "$HAVE_GENL" ]; then
	for ns in blue green; do
		unl "$ns" "$WORK/list-$ns" genl ctrl list
		expect "$WORK/list-$ns" 'Name: unl_kvstore' "genl ctrl list in $ns"
		expect "$WORK/list-$ns" 'name: changes' "genl ctrl list in $ns: the group"
	done
fi
bg blue "$WORK/mon-blue" "$KV" monitor 1
bg green "$WORK/mon-green" "$KV" monitor 1
wait_for "$WORK/mon-blue" '^monitoring'
wait_for "$WORK/mon-green" '^monitoring'
unl blue "$WORK/set-blue" "$KV" set k blue
[ "$RC" = 0 ] || fail "set in blue"
unl green "$WORK/set-green" "$KV" set k green
[ "$RC" = 0 ] || fail "set in green"
unl blue "$WORK/get-blue" "$KV" get k
expect "$WORK/get-blue" '^k=blue$' "blue's store"
unl green "$WORK/get-green" "$KV" get k
expect "$WORK/get-green" '^k=green$' "green's store"
unl - "$WORK/get-init" "$KV" get k
[ "$RC" = 1 ] || fail "the initial namespace saw another's key"
wait_for "$WORK/mon-blue" '^event set k=blue$'
wait_for "$WORK/mon-green" '^event set k=green$'
! grep -q 'k=green' "$WORK/mon-blue" || fail "blue heard green's event"
! grep -q 'k=blue' "$WORK/mon-green" || fail "green heard blue's event"
echo "pass"
