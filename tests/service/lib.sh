# SPDX-License-Identifier: LGPL-2.1-or-later
# What the served-family tests share (kvstore.sh, kvstore-netns.sh):
# verdicts, the prerequisites from meson's environment, a work directory
# whose clean-up kills what the test started and checks that the daemon
# ended well, the daemon started on a private socket, waiting for a line
# in a file, and the kvstore server.  Sourced; $T is the client timeout.

skip() {
	echo "skip: $*"
	exit 77
}
fail() {
	echo "FAIL: $*"
	exit 1
}
[ -n "${UNETLINK_CLI:-}" ] && [ -x "$UNETLINK_CLI" ] || skip "no unetlink tool"
[ -n "${UNETLINK_PRELOAD:-}" ] && [ -f "$UNETLINK_PRELOAD" ] || skip "no shim"
[ -n "${KVSTORE_SERVER:-}" ] && [ -x "$KVSTORE_SERVER" ] || skip "no server"
command -v timeout >/dev/null || skip "no timeout (coreutils)"

WORK=$(mktemp -d)
# A background client (a monitor) lives until the test's end, when
# cleanup kills it: its bound is the test's (meson's 120 s), not a
# client's, or a slow run (the ASan build under load) loses it midway.
BG_T=${BG_TIMEOUT:-100}
PIDS=
DAEMON_PID=
SERVER_PID=
cleanup() {
	st=$?
	for p in $PIDS $SERVER_PID; do
		kill -KILL "$p" 2>/dev/null
	done
	if [ -n "$DAEMON_PID" ]; then
		kill -TERM "$DAEMON_PID" 2>/dev/null
		wait "$DAEMON_PID"
		dst=$?
		if [ "$dst" != 0 ]; then
			echo "FAIL: the daemon ended with status $dst"
			sed 's/^/#   /' "$WORK/daemon.log"
			st=1
		fi
	fi
	rm -rf "$WORK"
	exit "$st"
}
trap cleanup EXIT

# start_daemon [DAEMON OPTION...]: a daemon on $SOCK, answering.
start_daemon() {
	"$CLI" daemon "$@" --socket "$SOCK" -v >"$WORK/daemon.log" 2>&1 &
	DAEMON_PID=$!
	for _ in $(seq 100); do
		"$CLI" status --socket "$SOCK" >/dev/null 2>&1 && return 0
		kill -0 "$DAEMON_PID" 2>/dev/null ||
			fail "the daemon died: $(cat "$WORK/daemon.log")"
		sleep 0.05
	done
	fail "the daemon does not answer: $(cat "$WORK/daemon.log")"
}

# wait_for FILE REGEX: up to 10 s.
wait_for() {
	for _ in $(seq 200); do
		grep -qE "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "# $1:"
	sed 's/^/#   /' "$1"
	fail "timed out waiting for '$2' in $(basename "$1")"
}
expect() { # OUT REGEX WHAT
	grep -qE "$2" "$1" || fail "$3: expected /$2/"
}

# start_server [SERVER OPTION...]: the kvstore server (as $AS), once it
# has registered its family.
start_server() {
	# Emptied here, not by the child's redirection: a restart must not
	# find the last server's "ready" before the new one opens the file.
	: >"$WORK/server.out"
	# shellcheck disable=SC2086
	${AS:-} "$KVSTORE_SERVER" "$@" --socket "$SOCK" >>"$WORK/server.out" 2>&1 &
	SERVER_PID=$!
	wait_for "$WORK/server.out" '^ready [0-9]+'
}
