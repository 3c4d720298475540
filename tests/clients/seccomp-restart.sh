#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Calls restarted after a signal (SA_RESTART, as Go's preemption signal
# restarts them) through the seccomp front end (seccomp_restart.c): a
# bind() or a request the daemon already ran is not run a second time,
# as in Linux, where the call completes before the signal is handled.
# The output must be the kernel's in a fresh `unshare -n`.
. "$(dirname "$0")/lib.sh"
[ -n "${SECCOMP_RESTART:-}" ] && [ -x "$SECCOMP_RESTART" ] ||
	skip "seccomp_restart is not built"
export CLIENT_PROFILE=host UNETLINK_PROFILE=host
unshare -n "$SECCOMP_RESTART" >"$WORK/k.out" 2>&1 ||
	skip "the kernel could not run it: $(tail -1 "$WORK/k.out")"
grep -qx 'signals: many' "$WORK/k.out" ||
	skip "the timer did not interrupt the kernel's run"
timeout -k 3 60 "$CLI" run --socket "$SOCK" --seccomp -- \
	"$SECCOMP_RESTART" >"$WORK/u.out" 2>&1
rc=$?
cat "$WORK/u.out"
[ "$rc" = 0 ] || fail "seccomp_restart exited with $rc"
diff -u "$WORK/k.out" "$WORK/u.out" ||
	fail "restarted calls under seccomp differ from the kernel"
echo "pass"
