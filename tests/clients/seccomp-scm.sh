#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A netlink socket passed to another process with SCM_RIGHTS
# (seccomp_scm.c): the receiver holds the same socket (the sender's
# portid, the ACK queued before, its own request's ACK read by the
# sender), and a pipe passed beside it arrives as it was: what the
# kernel does in a fresh `unshare -n`, under both front ends.
. "$(dirname "$0")/lib.sh"
need unshare util-linux
[ -n "${SECCOMP_SCM:-}" ] && [ -x "$SECCOMP_SCM" ] ||
	skip "seccomp_scm is not built"
unshare -n true 2>/dev/null || skip "unshare -n is not permitted"
export CLIENT_PROFILE=host UNETLINK_PROFILE=host
unshare -n "$SECCOMP_SCM" >"$WORK/k.out" 2>&1 ||
	skip "the kernel could not run it: $(tail -1 "$WORK/k.out")"
for front in --seccomp --preload; do
	timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" $front -- \
		"$SECCOMP_SCM" >"$WORK/u.out" 2>&1
	rc=$?
	cat "$WORK/u.out"
	[ "$rc" = 0 ] || fail "seccomp_scm under $front exited with $rc"
	diff -u "$WORK/k.out" "$WORK/u.out" ||
		fail "a passed netlink socket under $front differs from the kernel"
done
echo "pass"
