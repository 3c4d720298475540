#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Tasks made with a bare clone() (seccomp_rawclone.c, static: system
# calls by hand, as musl and Go make them) under the seccomp front end:
# a thread keeps the filter and the process's sockets, one made by a
# thread that moved starts in that thread's net, and a process made with
# CLONE_PARENT acts as itself (its own portid) and starts in its maker's
# net: what the kernel does, as root in a fresh `unshare -n`, as uid
# 65534 in `unshare -rn` (against a root daemon).
. "$(dirname "$0")/lib.sh"
need unshare util-linux
[ -n "${SECCOMP_RAWCLONE:-}" ] && [ -x "$SECCOMP_RAWCLONE" ] ||
	skip "seccomp_rawclone is not built (x86-64 only)"
private_copy "$SECCOMP_RAWCLONE" "$WORK/rawclone" 755
export CLIENT_PROFILE=host UNETLINK_PROFILE=host
case $MODE in
root)
	unshare -n true 2>/dev/null || skip "unshare -n is not permitted"
	unshare -n "$WORK/rawclone" >"$WORK/kernel" 2>&1
	set -- "$WORK/rawclone"
	;;
unpriv)
	# shellcheck disable=SC2086
	$AS unshare -rn true 2>/dev/null ||
		skip "uid 65534 may not make a user namespace here"
	# shellcheck disable=SC2086
	$AS unshare -rn "$WORK/rawclone" >"$WORK/kernel" 2>&1
	set -- unshare -rn "$WORK/rawclone"
	;;
esac
grep -q '^main at the end: ' "$WORK/kernel" ||
	skip "the kernel did not run it through: $(head -3 "$WORK/kernel")"
UNL_FRONT=--seccomp unl "$WORK/model" "$@"
[ "$RC" = 0 ] || fail "seccomp_rawclone exited with $RC"
cat "$WORK/model.err" >>"$WORK/model"
diff -u "$WORK/kernel" "$WORK/model" ||
	fail "tasks made with a bare clone() differ from the kernel"
echo "pass"
