#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The differential test of ctnetlink: every sequence of conntrack
# commands in `sequences` runs in a fresh kernel network namespace and
# under `unetlink run`, and each command's output and status, then the
# tables conntrack shows (side.sh), must be the same.  The scaffold is
# rtnl-diff.sh's (options, TAP output, @needs, environment).
#   ct-diff.sh [-v] [-k] [NAME...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v conntrack >/dev/null; then
	echo "1..0 # SKIP no conntrack (Debian package conntrack)"
	exit 0
fi
if ! command -v perl >/dev/null; then
	echo "1..0 # SKIP no perl"
	exit 0
fi
if ! unshare -n conntrack -L >/dev/null 2>&1; then
	echo "1..0 # SKIP the host kernel has no ctnetlink"
	exit 0
fi
export RTNL_DIFF_SEQUENCES=$here/sequences
export RTNL_DIFF_SIDE=$here/side.sh
export RTNL_DIFF_NAME=ct-diff
# One sequence per CPU: the sequences compare conntrack's countdowns, in
# whole seconds, so neither side may wait long for a CPU.
export RTNL_DIFF_JOBS=${RTNL_DIFF_JOBS:-$(nproc 2>/dev/null || echo 2)}
exec bash "$here/../rtnl-diff/rtnl-diff.sh" "$@"
