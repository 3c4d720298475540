#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# run-fuzz.sh HARNESS SEED-CORPUS: fuzz for $FUZZ_SECONDS (default 30)
# from the seed corpus, writing new inputs to a scratch directory so the
# committed corpus stays as it is.  Exit status 1 on a crash, a leak,
# undefined behaviour or a timeout of one input (libFuzzer's own 77 is
# what meson takes for a skip).
set -eu
harness=$1
seeds=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
artifacts=${FUZZ_ARTIFACTS:-$work}
mkdir -p "$artifacts" "$work/corpus"
# UBSan findings must stop the run, as ASan's do.  An input may take
# 75 s before it counts as a hang: a machine busy with other tests can
# keep the daemon's thread waiting for the CPU (fuzz_daemon.c waits a
# minute for it, saying so).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
rc=0
"$harness" -max_total_time="${FUZZ_SECONDS:-30}" -timeout=75 \
	-error_exitcode=1 -timeout_exitcode=1 \
	-rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$artifacts/" "$work/corpus" "$seeds" || rc=$?
# The scratch directory goes with the run: a CI log is all that stays,
# so it carries the failing input itself (base64 -d > crash; HARNESS crash).
if [ "$rc" -ne 0 ]; then
	for f in "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* \
		"$artifacts"/oom-*; do
		[ -f "$f" ] || continue
		echo "reproducer $(basename "$f") (base64):"
		head -c 65536 "$f" | base64 -w 76
	done
fi
exit "$rc"
