# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by the client tests: run a real program under `unetlink run`, as
# root or as an unprivileged user, and tell a transport failure (the shim
# or the daemon broke the socket) from the protocol's answer (the stack
# said no, as a kernel without that feature would).
#
# A test script sources this with its mode as $1:
#   root     the client runs as the invoking user (root in CI); each
#            `unl` starts a private daemon at $SOCK for the command
#   unpriv   a daemon runs as root at $SOCK; the client runs as uid/gid
#            65534 with no capabilities, so EPERM paths are taken
#   owner    as root, but the client runs as uid/gid 65534 with no
#            capabilities: its private daemon makes it admin, as
#            `unshare -rn` would (a test that offers this mode says so)
# Environment from meson: UNETLINK_CLI, UNETLINK_PRELOAD, MNL_CLIENT.
set -u

MODE=${1:-root}
CLIENT_TIMEOUT=${CLIENT_TIMEOUT:-20}

# A test meson runs with protocol 'tap' (it sets UNL_TAP=1 before it sources
# this) reports a partial skip as "ok N WHAT # SKIP WHY"; a whole skip is
# then an empty plan with its reason, and a failure bails out (meson's TAP
# protocol wants status 0 but for a failure).
skip() {
	if [ -n "${UNL_TAP:-}" ]; then
		echo "1..0 # SKIP $*"
		exit 0
	fi
	echo "skip: $*"
	exit 77
}
fail() {
	echo "FAIL: $*"
	[ -z "${UNL_TAP:-}" ] || echo "Bail out! $*"
	exit 1
}
need() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed (package $2)"
}
# private_copy SRC DEST MODE: a copy of SRC that uid 65534 can reach,
# whatever the permissions of the build tree on the way to SRC.
private_copy() {
	cp "$1" "$2"
	chmod "$3" "$2"
}
# need_pyroute2 SCRIPT NAME: $PY becomes a python3 that imports pyroute2,
# or the test skips; SCRIPT, from this directory, is copied to $WORK/NAME.
# shellcheck source=../pyroute2-python.sh
. "$(dirname "$0")/../pyroute2-python.sh"
need_pyroute2() {
	PY=$(pyroute2_python)
	[ -n "$PY" ] || skip "python3-pyroute2 is not installed"
	private_copy "$(dirname "$0")/$1" "$WORK/$2" 644
}

[ -n "${UNETLINK_CLI:-}" ] && [ -x "$UNETLINK_CLI" ] ||
	skip "the unetlink tool is not built"
[ -n "${UNETLINK_PRELOAD:-}" ] && [ -f "$UNETLINK_PRELOAD" ] ||
	skip "the preload shim is not built"
need timeout coreutils

WORK=$(mktemp -d)
DAEMON_PID=
cleanup() {
	st=$?
	if [ -n "$DAEMON_PID" ]; then
		kill -TERM "$DAEMON_PID" 2>/dev/null
		wait "$DAEMON_PID"
		dst=$?
		# A clean stop on SIGTERM is status 0 (a sanitizer report or a
		# crash is not).
		if [ "$dst" != 0 ]; then
			echo "FAIL: the shared daemon ended with status $dst"
			sed 's/^/#   /' "$WORK/daemon.log"
			st=1
		fi
	fi
	rm -rf "$WORK"
	exit "$st"
}
trap cleanup EXIT
# The build tree may be out of reach of uid 65534: run private copies.
chmod 755 "$WORK"
private_copy "$UNETLINK_CLI" "$WORK/unetlink" 755
private_copy "$UNETLINK_PRELOAD" "$WORK/$(basename "$UNETLINK_PRELOAD")" 755
CLI=$WORK/unetlink
export UNETLINK_PRELOAD="$WORK/$(basename "$UNETLINK_PRELOAD")"
mkdir "$WORK/run"
SOCK=$WORK/run/socket
unset UNETLINK_SOCKET LD_PRELOAD
# These tests judge the transport, not the host: every daemon follows the
# "full" kernel profile, so that what they make (dummy links) exists
# whatever the machine's kernel lacks.  A test that compares its
# transcript with the running kernel's sets CLIENT_PROFILE=host first,
# so that what the kernel was built with (bridge VLAN filtering...) is
# reported alike.
export UNETLINK_PROFILE="${CLIENT_PROFILE:-full}"
# An instrumented tool (the sanitizer build) must not refuse to start a
# program whose first preloaded library is the (uninstrumented) shim.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

AS=
case $MODE in
root)
	# Each command gets a private daemon, whose owner (we) is admin.
	export UNL_EXPECT_ADMIN=1
	;;
unpriv)
	[ "$(id -u)" = 0 ] || skip "not root: cannot drop to an unprivileged user"
	need setpriv util-linux
	export UNL_EXPECT_ADMIN=0
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs"
	"$CLI" daemon --shared --socket "$SOCK" >"$WORK/daemon.log" 2>&1 &
	DAEMON_PID=$!
	for _ in $(seq 100); do
		"$CLI" status --socket "$SOCK" >/dev/null 2>&1 && break
		kill -0 "$DAEMON_PID" 2>/dev/null ||
			fail "the daemon died: $(cat "$WORK/daemon.log")"
		sleep 0.05
	done
	"$CLI" status --socket "$SOCK" >/dev/null 2>&1 ||
		fail "the daemon does not answer at $SOCK"
	;;
owner)
	[ "$(id -u)" = 0 ] || skip "not root: cannot run as an unprivileged user"
	need setpriv util-linux
	export UNL_EXPECT_ADMIN=1
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs"
	# uid 65534's private daemons live here
	chown 65534:65534 "$WORK/run"
	;;
*) fail "unknown mode '$MODE' (root, unpriv or owner)" ;;
esac
echo "# mode $MODE: $(if [ -n "$AS" ]; then echo uid 65534; else id -un; fi)"

# unl OUTFILE CMD [ARGS]: run CMD under the shim with a timeout; its
# stdout goes to OUTFILE, its stderr to OUTFILE.err, its status to $RC.
# $UNL_FRONT, if set, is given to run (--seccomp, --preload).
unl() {
	out=$1
	shift
	# shellcheck disable=SC2086
	timeout -k 3 "$CLIENT_TIMEOUT" $AS "$CLI" run --socket "$SOCK" \
		${UNL_FRONT:-} -- "$@" \
		>"$out" 2>"$out.err"
	RC=$?
	echo "# $* -> status $RC"
	sed 's/^/#   /' "$out" "$out.err" | head -40
	[ "$RC" != 124 ] && [ "$RC" != 137 ] || fail "$1 hung (killed after ${CLIENT_TIMEOUT}s)"
	# 129..192: killed by a signal (255 is ip's exit(-1), not one).
	[ "$RC" -le 128 ] || [ "$RC" -gt 192 ] || [ "$RC" = 143 ] ||
		fail "$1 died of signal $((RC - 128))"
	return 0
}

# What only a broken transport prints: the socket could not be made,
# bound or used, the shim did not load, the daemon is out of reach, or a
# sanitizer fired.  A protocol's refusal ("RTNETLINK answers: Operation
# not supported") is an answer, not one of these.
TRANSPORT_ERRORS='Cannot open netlink socket|Cannot bind netlink socket|Cannot getsockname|Cannot send dump request|Cannot talk to rtnetlink|Bad file descriptor|Socket operation on non-socket|Connection refused|Connection reset|Transport endpoint|Broken pipe|No such file or directory.*socket|Address family not supported|cannot be preloaded|unetlink:|Segmentation fault|AddressSanitizer|LeakSanitizer|runtime error:|netlink receive error|EOF on netlink'

# no_transport_error OUTFILE [ALLOWED-REGEX]: in OUTFILE and OUTFILE.err
# (if any).  A test program's own "pass ..." lines are its verified
# expectations (an ECONNREFUSED it was meant to get), not complaints.
no_transport_error() {
	bad=$(cat "$1" "$1.err" 2>/dev/null | grep -v '^pass ' |
		grep -E "$TRANSPORT_ERRORS" | grep -vE "${2:-^\$}")
	[ -z "$bad" ] || fail "transport error: $bad"
}
# netlink_answer OUTFILE: the client printed the protocol's refusal.
netlink_answer() {
	cat "$1" "$1.err" 2>/dev/null |
		grep -qE 'RTNETLINK answers|Dump terminated|Error:|NetlinkError|answers:'
}

# The daemon's sockets, as `unetlink status` lists them (a daemon must
# be listening at $SOCK).
status() {
	"$CLI" status --socket "$SOCK" "$@"
}

# shared_daemon: in root mode too, a daemon of root's at $SOCK for the
# test's commands to share (each `unl` starts one of its own otherwise);
# unpriv mode has one already.
shared_daemon() {
	[ "$MODE" = root ] || return 0
	"$CLI" daemon --socket "$SOCK" >"$WORK/daemon.log" 2>&1 &
	DAEMON_PID=$!
	for _ in $(seq 100); do
		status >/dev/null 2>&1 && break
		sleep 0.05
	done
}

# The network-namespace clients (libnl-netns.sh, pyroute2-netns.sh): a
# program PROG (a shell word list, quoted for sh -c) with the commands
# `build`, `show` and `denied`.
#
# netns_unl_side PROG: "PROG build && PROG show" under unetlink into
# $WORK/u.  Unprivileged, root builds and reads through the shared
# daemon, then "PROG denied" runs as this user and is appended.
netns_unl_side() {
	if [ "$MODE" = unpriv ]; then
		timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" -- \
			sh -c "$1 build && $1 show" >"$WORK/u" 2>&1 ||
			fail "building and reading as root: $(grep -E 'FAIL|rror' "$WORK/u" | head -3)"
		# shellcheck disable=SC2086
		eval "unl \"\$WORK/denied\" $1 denied"
		no_transport_error "$WORK/denied"
		[ "$RC" = 0 ] || fail "unprivileged: $(grep -E 'FAIL|rror' "$WORK/denied" "$WORK/denied.err" | head -3)"
		cat "$WORK/denied" >>"$WORK/u"
	else
		unl "$WORK/u" sh -c "$1 build && $1 show"
		no_transport_error "$WORK/u"
		[ "$RC" = 0 ] || fail "$1: $(grep -E 'FAIL|rror' "$WORK/u" "$WORK/u.err" | head -3)"
	fi
}

# netns_kernel_compare PROG WHAT: the same in a kernel network namespace
# (with a mount namespace and a tmpfs on /run of its own) into $WORK/k,
# which must equal $WORK/u; passes without comparing when this user may
# not make those namespaces (the program's own checks remain).
netns_kernel_compare() {
	if [ "$(id -u)" != 0 ] || ! unshare -n -m true 2>/dev/null; then
		echo "# no kernel namespace to compare with (not root, or unshare -nm refused)"
		echo "pass"
		exit 0
	fi
	kcmd="mount -t tmpfs -o mode=755 unetlink-netns /run && $1 build && $1 show"
	[ "$MODE" = unpriv ] && kcmd="$kcmd && $AS $1 denied"
	timeout -k 3 60 unshare -n -m --propagation private sh -c "$kcmd" \
		>"$WORK/k" 2>&1 ||
		fail "the kernel side failed: $(grep -E 'FAIL|rror' "$WORK/k" | head -3)"
	if ! cmp -s "$WORK/k" "$WORK/u"; then
		echo "# kernel (-) and unetlink (+) differ:"
		diff -u "$WORK/k" "$WORK/u" | sed 's/^/#   /' | cut -c1-300 | head -60
		fail "$2 sees other nets on unetlink than on the kernel"
	fi
	echo "# $(wc -l <"$WORK/u") lines identical to the kernel's"
	echo "pass"
}

# gap_check REC SECONDS: a recording of two processes' conversations made
# SECONDS apart (`a; sleep SECONDS; b`) keeps that relative timing: its
# usec column never goes back, and from the first process's last message
# to the second's first at least SECONDS passed (a lower bound the sleep
# guarantees, not a speed).
gap_check() {
	gap=$(awk -v us="$2" 'BEGIN { us *= 1000000 }
		/^#/ || $2 == "fault" { next }
		$1 + 0 < last { print "the usec column goes back at line " NR; exit }
		{ last = $1 + 0 }
		first == "" { first = $6 }
		$6 == first { end = $1; next }
		start == "" { start = $1 }
		END { if (start == "") print "no second process";
		      else if (start - end < us) print "the gap is " start - end " us, want at least " us }' "$1")
	[ -z "$gap" ] || fail "relative timing of $1: $gap"
}
