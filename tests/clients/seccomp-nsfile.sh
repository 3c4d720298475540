#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Through the seccomp front end, what Linux gives for the namespace paths
# and tun's net (docs/seccomp.md, "Paths" and "/dev/net/tun"):
# - access(), readlink() and fstat() of /proc/self/ns/net,
#   /run/netns/NAME and their kin (seccomp_nsfile.c): a net's link names
#   the inode its stat() shows, a handle's fstat() is its path's stat();
# - TUNSETQUEUE, TUNSETTXFILTER and TUNGETDEVNETNS (rtnl-diff's
#   tun-queue.py), the handle's fstat() against /proc/self/ns/net.
# Each against the kernel in a fresh `unshare -nm` with the same name
# bound, as root and as uid 65534.
. "$(dirname "$0")/lib.sh"
need unshare util-linux
need ip iproute2
[ -n "${SECCOMP_NSFILE:-}" ] && [ -x "$SECCOMP_NSFILE" ] ||
	skip "seccomp_nsfile is not built"
private_copy "$SECCOMP_NSFILE" "$WORK/seccomp_nsfile" 755
unshare -nm true 2>/dev/null || skip "unshare -nm is not permitted"
export CLIENT_PROFILE=host UNETLINK_PROFILE=host

# the kernel's answers, the name bound in a private /run
unshare -nm sh -c "mount -t tmpfs tmpfs /run && ip netns add unlnsf &&
	$AS '$WORK/seccomp_nsfile' unlnsf" >"$WORK/kernel" 2>&1 ||
	skip "the kernel could not bind a net: $(head -1 "$WORK/kernel")"
if [ "$MODE" = root ]; then
	# a daemon of our own, as the unprivileged mode has one, so that
	# the name outlives the command that binds it
	"$CLI" daemon --socket "$SOCK" >"$WORK/daemon.log" 2>&1 &
	DAEMON_PID=$!
	for _ in $(seq 100); do
		"$CLI" status --socket "$SOCK" >/dev/null 2>&1 && break
		sleep 0.05
	done
fi
timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" --preload -- \
	ip netns add unlnsf || fail "ip netns add through the daemon failed"
UNL_FRONT=--seccomp unl "$WORK/model" "$WORK/seccomp_nsfile" unlnsf
no_transport_error "$WORK/model"
cat "$WORK/model.err" >>"$WORK/model"
diff -u "$WORK/kernel" "$WORK/model" ||
	fail "the namespace paths under seccomp differ from the kernel's"

tq=$(dirname "$0")/../rtnl-diff/tun-queue.py
# the system's python3, which uid 65534 may run (not a pyenv shim)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
if [ -c /dev/net/tun ] && [ -n "$PY" ]; then
	private_copy "$tq" "$WORK/tun-queue.py" 644
	# shellcheck disable=SC2086
	unshare -n $AS "$PY" "$WORK/tun-queue.py" unlmq0 >"$WORK/tk" \
		2>"$WORK/tk.err"
	cat "$WORK/tk.err" >>"$WORK/tk"
	UNL_FRONT=--seccomp unl "$WORK/tu" "$PY" "$WORK/tun-queue.py" unlmq0
	no_transport_error "$WORK/tu"
	cat "$WORK/tu.err" >>"$WORK/tu"
	diff -u "$WORK/tk" "$WORK/tu" ||
		fail "tun requests under seccomp differ from the kernel's"
else
	echo "skip: tun requests (no /dev/net/tun or no python3)"
fi
echo "pass"
