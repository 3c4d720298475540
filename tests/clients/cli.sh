#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The unetlink tool itself: exit codes and messages a shell user expects,
# the private daemon's lifetime, status and its JSON.
set -u
CLI=${UNETLINK_CLI:?}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
unset UNETLINK_SOCKET LD_PRELOAD
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export XDG_RUNTIME_DIR="$WORK/xdg"
mkdir -m 700 "$XDG_RUNTIME_DIR"
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
# expect STATUS CMD...: run CMD with a timeout, compare its status; its
# stderr is in $WORK/err, stdout in $WORK/out.
expect() {
	want=$1
	shift
	timeout -k 2 30 "$@" >"$WORK/out" 2>"$WORK/err"
	got=$?
	if [ "$got" = "$want" ]; then
		echo "pass ($got) $*"
	else
		fail "status $got, wanted $want: $*"
		sed 's/^/#   /' "$WORK/err" "$WORK/out"
	fi
}
# stderr_is REGEX: the last command's stderr matches, in one line.
stderr_is() {
	if [ "$(wc -l <"$WORK/err")" -le "${2:-1}" ] && grep -qE "$1" "$WORK/err"; then
		:
	else
		fail "stderr does not match '$1': $(cat "$WORK/err")"
	fi
}

# --- usage: exit 2 with a hint; --help and --version: 0 ---------------
expect 0 "$CLI" --version
grep -qE '^unetlink [0-9]' "$WORK/out" || fail "--version prints '$(cat "$WORK/out")'"
expect 0 "$CLI" --help
grep -q '^Usage: unetlink' "$WORK/out" || fail "--help prints no usage"
for c in run shell daemon status profile; do
	expect 0 "$CLI" "$c" --help
	grep -q "^Usage: unetlink $c" "$WORK/out" || fail "$c --help prints no usage"
done
expect 2 "$CLI"
stderr_is "^unetlink: missing command" 2
expect 2 "$CLI" frobnicate
stderr_is "^unetlink: unknown command 'frobnicate'" 2
grep -q "Try 'unetlink --help'" "$WORK/err" || fail "no hint after a usage error"
expect 2 "$CLI" run
stderr_is "^unetlink: missing command to run" 2
grep -q "Try 'unetlink run --help'" "$WORK/err" || fail "no hint for run"
expect 2 "$CLI" run --bogus true
stderr_is "^unetlink: unrecognized option '--bogus'" 2
expect 2 "$CLI" status --socket
stderr_is "^unetlink: option '--socket' requires an argument" 2
expect 2 "$CLI" status extra
expect 2 "$CLI" daemon --admin-uid nobody
stderr_is "^unetlink: invalid uid 'nobody'" 2
expect 2 "$CLI" status --admin-uid 0
expect 2 "$CLI" run --admin everyone true
stderr_is "^unetlink: invalid admin mode 'everyone' \\(root, owner or none\\)" 2
expect 2 "$CLI" status --admin root

# --- runtime failures: exit 1, one line -------------------------------
expect 1 "$CLI" status --socket "$WORK/none"
stderr_is "^unetlink: no daemon listens at $WORK/none\$"
: >"$WORK/notasocket"
expect 1 "$CLI" status --socket "$WORK/notasocket"
stderr_is "^unetlink: "
expect 1 env UNETLINK_PRELOAD="$WORK/missing.so" "$CLI" run true
stderr_is "^unetlink: UNETLINK_PRELOAD=$WORK/missing.so: No such file"

if [ -z "${UNETLINK_PRELOAD:-}" ] || [ ! -f "$UNETLINK_PRELOAD" ]; then
	echo "# the shim is not built: run, shell and status against a daemon untested"
	[ "$failures" = 0 ] || exit 1
	exit 77
fi

# --- run: the command's status, as shells report it -------------------
expect 0 "$CLI" run true
expect 1 "$CLI" run false
expect 3 "$CLI" run -- sh -c 'exit 3'
expect 143 "$CLI" run sh -c 'kill -TERM $$'
expect 137 "$CLI" run sh -c 'kill -KILL $$'
expect 127 "$CLI" run unetlink-no-such-command
stderr_is "^unetlink: unetlink-no-such-command: command not found"
expect 127 "$CLI" run "$WORK/no/such/file"
expect 126 "$CLI" run "$WORK/notasocket"
# The command's own options are not ours.
expect 0 "$CLI" run sh -c 'test "$1" = --socket' sh --socket
# The environment the command sees.
expect 0 "$CLI" run sh -c 'echo "$LD_PRELOAD"; echo "$UNETLINK_SOCKET"'
preload=$(sed -n 1p "$WORK/out")
sock=$(sed -n 2p "$WORK/out")
case $preload in
*/"$(basename "$UNETLINK_PRELOAD")") ;;
*) fail "LD_PRELOAD is '$preload'" ;;
esac
case $sock in
"$XDG_RUNTIME_DIR"/unetlink.*/socket) ;;
*) fail "UNETLINK_SOCKET is '$sock', not in a private directory" ;;
esac
[ ! -e "$(dirname "$sock")" ] || fail "the private directory $(dirname "$sock") was left behind"
# Nothing of the daemon's reaches the command's stdout.
expect 0 "$CLI" run echo hello
[ "$(cat "$WORK/out")" = hello ] || fail "stdout of run echo: '$(cat "$WORK/out")'"
# Two concurrent runs get two daemons.
"$CLI" run sh -c 'echo "$UNETLINK_SOCKET"; sleep 1' >"$WORK/a" 2>&1 &
a=$!
"$CLI" run sh -c 'echo "$UNETLINK_SOCKET"; sleep 1' >"$WORK/b" 2>&1 &
b=$!
wait $a
wait $b
[ "$(cat "$WORK/a")" != "$(cat "$WORK/b")" ] || fail "two concurrent runs shared $(cat "$WORK/a")"
# SIGTERM to run reaches the command; the daemon goes too.
"$CLI" run sh -c 'echo "$UNETLINK_SOCKET"; exec sleep 30' >"$WORK/t" 2>&1 &
t=$!
sleep 0.5
kill -TERM $t
wait $t
st=$?
[ "$st" = 143 ] || fail "run after SIGTERM: status $st, wanted 143"
sock=$(sed -n 1p "$WORK/t")
[ -n "$sock" ] && [ ! -e "$sock" ] || fail "the daemon's socket $sock outlived run"
# A shell reads its commands from stdin.
echo 'exit 5' | timeout 20 "$CLI" shell >/dev/null 2>&1
st=$?
[ "$st" = 5 ] || fail "shell: status $st, wanted 5"

# --- a daemon shared by several commands, and status ------------------
mkdir "$WORK/d"
"$CLI" daemon --socket "$WORK/d/socket" 2>"$WORK/daemon.log" &
d=$!
for _ in $(seq 100); do
	[ -S "$WORK/d/socket" ] && break
	sleep 0.05
done
expect 0 "$CLI" status --socket "$WORK/d/socket"
grep -q '^sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode$' "$WORK/out" ||
	fail "status header: $(head -1 "$WORK/out")"
# run uses the live daemon at the path instead of starting one.
expect 0 "$CLI" run --socket "$WORK/d/socket" sh -c 'echo "$UNETLINK_SOCKET"'
[ "$(cat "$WORK/out")" = "$WORK/d/socket" ] || fail "run did not use the live daemon"
expect 0 env UNETLINK_SOCKET="$WORK/d/socket" "$CLI" status -j
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; l=json.load(open(sys.argv[1])); assert isinstance(l, list)' "$WORK/out" ||
		fail "status -j is not a JSON list: $(cat "$WORK/out")"
fi
kill -TERM $d
wait $d
st=$?
[ "$st" = 0 ] || fail "daemon after SIGTERM: status $st, wanted 0 ($(cat "$WORK/daemon.log"))"
[ ! -S "$WORK/d/socket" ] || fail "the daemon left its socket behind"

# --- kernel profiles ---------------------------------------------------
expect 0 "$CLI" profile list
[ "$(tr '\n' ' ' <"$WORK/out")" = "host full minimal " ] ||
	fail "profile list: $(cat "$WORK/out")"
expect 0 "$CLI" profile show --profile minimal
grep -q '^name     minimal$' "$WORK/out" || fail "profile show minimal: $(cat "$WORK/out")"
# what show prints parses back to the same profile
cp "$WORK/out" "$WORK/min.profile"
expect 0 "$CLI" profile show --profile "$WORK/min.profile"
diff "$WORK/out" "$WORK/min.profile" >/dev/null || fail "profile show does not round-trip"
expect 0 "$CLI" profile show
grep -q '^name     host$' "$WORK/out" || fail "profile show without a daemon is not host's"
printf 'name bad\nlink veth\nfrobnicate 1\n' >"$WORK/bad.profile"
expect 2 "$CLI" run --profile "$WORK/bad.profile" true
stderr_is "^unetlink: $WORK/bad.profile:3: unknown keyword 'frobnicate'" 2
expect 2 "$CLI" run --profile nosuch true
stderr_is "^unetlink: nosuch: no such profile" 2
expect 2 "$CLI" status --profile full
stderr_is "^unetlink: unrecognized option '--profile'" 2
# what a profile leaves out is refused as by a kernel without it
if command -v ip >/dev/null; then
	expect 2 "$CLI" run --profile minimal ip link add b0 type bridge
	stderr_is "Unknown device type" 2
	expect 0 "$CLI" run --profile full sh -c 'ip link add d0 type dummy && ip -o link show d0'
	grep -q 'd0: <BROADCAST,NOARP>' "$WORK/out" || fail "full: no dummy d0: $(cat "$WORK/out")"
fi
# a daemon reports the profile it follows
mkdir "$WORK/p"
"$CLI" daemon --profile minimal --socket "$WORK/p/socket" 2>"$WORK/pdaemon.log" &
d=$!
for _ in $(seq 100); do
	[ -S "$WORK/p/socket" ] && break
	sleep 0.05
done
expect 0 "$CLI" profile show -j --socket "$WORK/p/socket"
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); assert p["name"] == "minimal" and p["link"] == ["veth"], p' "$WORK/out" ||
		fail "profile show -j of the daemon: $(cat "$WORK/out")"
fi
expect 1 "$CLI" run --profile full --socket "$WORK/p/socket" true
stderr_is "already listens" 2
kill -TERM $d
wait $d

echo "$failures failures"
[ "$failures" = 0 ]
