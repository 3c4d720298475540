#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# record-seeds.sh UNETLINK OUTDIR SEQUENCES...: run each sequence of the
# differential tests' files (rtnl-diff, nft-diff, ct-diff: "== NAME"
# then shell commands) under `unetlink record` with the "full" profile
# (the fuzz harness's), and turn each recording into a fuzz-netlink
# program in OUTDIR (record-to-corpus.py), named rec-FILE-SEQUENCE.
# docs/fuzzing.md says how the programs that add coverage join the
# committed corpus.
set -u
unetlink=$(realpath "$1")
out=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export RTNL_DIFF_DIR="$here/../rtnl-diff"
export NFT_DIFF_RULESETS="$here/../nft-diff/rulesets"
export UNETLINK_PROFILE=full
mkdir -p "$work/rec"
for seqs in "$@"; do
	base=$(basename "$seqs")
	# one script per sequence: its commands, directives and comments out
	awk -v dir="$work" -v base="$base" '
		/^== / { f = dir "/" base "-" $2 ".sh"; next }
		/^[#@]/ || !f { next }
		{ print > f }' "$seqs"
done
for script in "$work"/*.sh; do
	name=$(basename "$script" .sh)
	(cd "$work" && timeout 20 "$unetlink" record -w "$work/rec/$name" -- \
		sh "$script" >/dev/null 2>&1 </dev/null)
done
python3 "$here/record-to-corpus.py" "$out" "$work"/rec/*
