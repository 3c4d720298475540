#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Blocking receives through the seccomp front end (seccomp_block.c): a
# thread asleep in recv() stalls no other thread, wakes with the
# notification it waited for, a signal interrupts it with EINTR, and
# MSG_DONTWAIT and SO_RCVTIMEO give EAGAIN: what the kernel does in a
# fresh `unshare -n`.  The program is dynamic: --seccomp forces the
# front end.
. "$(dirname "$0")/lib.sh"
[ -n "${SECCOMP_BLOCK:-}" ] && [ -x "$SECCOMP_BLOCK" ] ||
	skip "seccomp_block is not built"
export CLIENT_PROFILE=host UNETLINK_PROFILE=host
unshare -n "$SECCOMP_BLOCK" >"$WORK/k.out" 2>&1 ||
	skip "the kernel could not run it: $(tail -1 "$WORK/k.out")"
timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" --seccomp -- \
	"$SECCOMP_BLOCK" >"$WORK/u.out" 2>&1
rc=$?
cat "$WORK/u.out"
[ "$rc" = 0 ] || fail "seccomp_block exited with $rc"
diff -u "$WORK/k.out" "$WORK/u.out" ||
	fail "blocking receives under seccomp differ from the kernel"
echo "pass"
