#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A netlink socket passed to another process with SCM_RIGHTS
# (seccomp_scm.c): the receiver holds the same socket (the sender's
# portid, the ACK queued before, its own request's ACK read by the
# sender), and a pipe passed beside it arrives as it was: what the
# kernel does, under both front ends, as root in a fresh `unshare -n`
# (meson runs it so; `seccomp-scm.sh unpriv` runs it as uid 65534 in
# `unshare -rn` against a root daemon).
. "$(dirname "$0")/lib.sh"
need unshare util-linux
[ -n "${SECCOMP_SCM:-}" ] && [ -x "$SECCOMP_SCM" ] ||
	skip "seccomp_scm is not built"
private_copy "$SECCOMP_SCM" "$WORK/scm" 755
export CLIENT_PROFILE=host UNETLINK_PROFILE=host
case $MODE in
root)
	unshare -n true 2>/dev/null || skip "unshare -n is not permitted"
	unshare -n "$WORK/scm" >"$WORK/kernel" 2>&1
	set -- "$WORK/scm"
	;;
unpriv)
	# shellcheck disable=SC2086
	$AS unshare -rn true 2>/dev/null ||
		skip "uid 65534 may not make a user namespace here"
	# shellcheck disable=SC2086
	$AS unshare -rn "$WORK/scm" >"$WORK/kernel" 2>&1
	set -- unshare -rn "$WORK/scm"
	;;
esac
grep -q '^sender: the pipe got ' "$WORK/kernel" ||
	skip "the kernel did not run it through: $(head -3 "$WORK/kernel")"
for front in --seccomp --preload; do
	UNL_FRONT=$front unl "$WORK/model" "$@"
	[ "$RC" = 0 ] || fail "seccomp_scm under $front exited with $RC"
	cat "$WORK/model.err" >>"$WORK/model"
	diff -u "$WORK/kernel" "$WORK/model" ||
		fail "a passed netlink socket under $front differs from the kernel"
done
echo "pass"
