#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Tasks made with a bare clone() (seccomp_rawclone.c, static, so `run`
# picks the seccomp front end by itself): a thread made as musl and Go
# make them keeps the filter and the process's sockets, one made by a
# thread that moved starts in that thread's net, and a process made
# with CLONE_PARENT acts as itself (its own portid) and starts in its
# maker's net: what the kernel does in a fresh `unshare -n`.
. "$(dirname "$0")/lib.sh"
need unshare util-linux
[ -n "${SECCOMP_RAWCLONE:-}" ] && [ -x "$SECCOMP_RAWCLONE" ] ||
	skip "seccomp_rawclone is not built (x86-64 only)"
unshare -n true 2>/dev/null || skip "unshare -n is not permitted"
export CLIENT_PROFILE=host UNETLINK_PROFILE=host
unshare -n "$SECCOMP_RAWCLONE" >"$WORK/k.out" 2>&1 ||
	skip "the kernel could not run it: $(tail -1 "$WORK/k.out")"
timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" -- \
	"$SECCOMP_RAWCLONE" >"$WORK/u.out" 2>&1
rc=$?
cat "$WORK/u.out"
[ "$rc" = 0 ] || fail "seccomp_rawclone exited with $rc"
diff -u "$WORK/k.out" "$WORK/u.out" ||
	fail "tasks made with a bare clone() differ from the kernel"
echo "pass"
