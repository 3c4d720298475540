#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The differential test of rtnetlink: every sequence of iproute2 commands
# in `sequences` runs in a fresh kernel network namespace (unshare -n) and
# under `unetlink run`, and what iproute2 prints afterwards must be the
# same.  Only what the kernel randomises (MAC addresses and what derives
# from them: EUI-64 link-local addresses) and statistics are normalised.
#
#   rtnl-diff.sh [-v] [-k] [NAME...]
#     -v  print the diff of each differing sequence
#     -k  keep going quietly (always exit 0); for exploration
# Environment: UNETLINK_CLI (the unetlink tool), UNETLINK_PRELOAD.
set -u
here=$(cd "$(dirname "$0")" && pwd)
verbose=0
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	-v) verbose=1; shift ;;
	-k) keep=1; shift ;;
	*) break ;;
	esac
done
only=("$@")
# Sequences may run the helpers that live beside this script.
export RTNL_DIFF_DIR=$here

cli=${UNETLINK_CLI:-}
[ -n "$cli" ] && [ -x "$cli" ] || { echo "skip: UNETLINK_CLI is not set"; exit 77; }
command -v ip >/dev/null || { echo "skip: no iproute2"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
unshare -n true 2>/dev/null || { echo "skip: unshare -n is not permitted"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# What both sides print once a sequence has run.  The kernel changes
# operational state and finishes DAD asynchronously: give it time to
# settle when links went up.
views='
settle() { case "$SEQ" in *" up"*) sleep ${RTNL_DIFF_SETTLE:-2.5} ;; esac; }
[ "$SIDE" = kernel ] && settle
for v in "ip -j -d link" "ip -j addr" "ip -j route show table all" \
	 "ip -j -6 route show table all" "ip -j neigh" "ip -j rule" \
	 "ip -j -6 rule"; do
	echo "### $v"
	$v 2>&1
	echo
done'

# A sequence whose first line is "@monitor" runs `ip monitor` beside its
# commands and prints what it saw, once everything has settled.
run_side() { # side script out
	local side=$1 script=$2 out=$3
	local body="
SIDE=$side
SEQ=\$(cat '$script')
MP=
if head -1 '$script' | grep -q '^@monitor'; then
	ip monitor >'$work/mon.$side' 2>&1 &
	MP=\$!
	sleep 0.3
fi
while IFS= read -r cmd; do
	case \"\$cmd\" in @*) continue ;; esac
	echo \"\$ \$cmd\"
	sh -c \"\$cmd\" 2>&1
	echo \"-> \$?\"
done < '$script'
$views
if [ -n \"\$MP\" ]; then
	sleep 0.3
	kill \$MP
	wait \$MP 2>/dev/null
	echo '### ip monitor'
	cat '$work/mon.$side'
fi"
	if [ "$side" = kernel ]; then
		timeout 60 unshare -n bash -c "$body" >"$out" 2>&1
	else
		timeout 60 "$cli" run -- bash -c "$body" >"$out" 2>&1
	fi
}

normalise() { python3 "$here/normalise.py" "$1"; }

n=0 same=0 differ=0
name= script=
flush() {
	[ -n "$name" ] || return 0
	if [ ${#only[@]} -gt 0 ]; then
		local hit=0
		for o in "${only[@]}"; do [ "$o" = "$name" ] && hit=1; done
		[ $hit = 1 ] || return 0
	fi
	n=$((n + 1))
	# The kernel settles links asynchronously, and on a loaded machine
	# 'settle' may not be long enough: a sequence counts as differing
	# only if it differs on a second run too (the unetlink side is
	# deterministic, so a second chance cannot hide its bugs unless the
	# kernel happens to agree with them).
	local try
	for try in 1 2; do
		run_side kernel "$script" "$work/k.raw"
		run_side unetlink "$script" "$work/u.raw"
		normalise "$work/k.raw" >"$work/k"
		normalise "$work/u.raw" >"$work/u"
		cmp -s "$work/k" "$work/u" && break
		[ $try = 1 ] && echo "# $name differed once; running it again"
	done
	if cmp -s "$work/k" "$work/u"; then
		same=$((same + 1))
		echo "ok $name"
	else
		differ=$((differ + 1))
		echo "DIFFER $name"
		[ $verbose = 1 ] && diff -u "$work/k" "$work/u" | sed 's/^/    /'
	fi
}
while IFS= read -r line; do
	case $line in
	'#'*) continue ;;
	'== '*)
		flush
		name=${line#== }
		script=$work/$name.sh
		: >"$script"
		;;
	*) [ -n "$name" ] && printf '%s\n' "$line" >>"$script" ;;
	esac
done <"$here/sequences"
flush
echo "rtnl-diff: $n sequences, $same identical, $differ differ"
[ $keep = 1 ] && exit 0
[ $differ = 0 ]
