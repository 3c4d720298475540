#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Processes the command forks, through the seccomp front end: each acts
# as itself (UNL_OP_ACT_FOR, docs/seccomp.md "Identity"): its own pid
# for autobind, its own descriptors for NETNSA_FD, its own credentials
# (a child that gives up root is refused, its parent is not).  The
# output of seccomp_fork.c must be the kernel's in a fresh `unshare -n`;
# as uid 65534 every change is refused alike.
. "$(dirname "$0")/lib.sh"
need unshare util-linux
[ -n "${SECCOMP_FORK:-}" ] && [ -x "$SECCOMP_FORK" ] ||
	skip "seccomp_fork is not built"
private_copy "$SECCOMP_FORK" "$WORK/seccomp_fork" 755

export CLIENT_PROFILE=host UNETLINK_PROFILE=host
case $MODE in
root)
	unshare -n true 2>/dev/null || skip "unshare -n is not permitted"
	unshare -n "$WORK/seccomp_fork" >"$WORK/kernel" 2>&1
	;;
unpriv)
	# shellcheck disable=SC2086
	unshare -n $AS "$WORK/seccomp_fork" >"$WORK/kernel" 2>&1
	;;
esac
grep -q '^parent RTM_NEWLINK' "$WORK/kernel" ||
	skip "the kernel's run did not finish: $(head -3 "$WORK/kernel")"
UNL_FRONT=--seccomp unl "$WORK/model" "$WORK/seccomp_fork"
no_transport_error "$WORK/model" "RTM_GETNSID fd 500: Bad file descriptor"
cat "$WORK/model.err" >>"$WORK/model"
diff -u "$WORK/kernel" "$WORK/model" ||
	fail "forked processes under seccomp differ from the kernel"
echo "pass"
