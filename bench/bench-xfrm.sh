#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The SAD at scale, a kernel network namespace against unetlink: N states
# added by one `ip -batch` (larval states from `xfrm state allocspi`
# with a chosen SPI: the only states a kernel without esp4/ah4 makes),
# then each read back by SPI (`xfrm state get`) by another, then the
# bucket count GETSADINFO reports.  Wall time of each batch, best of 3,
# and the ratio unetlink/kernel.  Numbers, not verdicts; not run by the
# tests.
#
#   bench/bench-xfrm.sh [--count N] [--cli PATH-TO-unetlink]
# The kernel side needs root (unshare -n); without it, it is skipped.
set -u
count=10000
cli=${UNETLINK_CLI:-build/src/cli/unetlink}
while [ $# -gt 0 ]; do
	case $1 in
	--count) count=$2; shift 2 ;;
	--cli) cli=$2; shift 2 ;;
	*) echo "usage: $0 [--count N] [--cli PATH]" >&2; exit 2 ;;
	esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# state K: 192.0.2.1 -> 10.a.b.c, SPI 0x10000 + K
for ((k = 0; k < count; k++)); do
	d="10.$((k >> 16 & 255)).$((k >> 8 & 255)).$((k & 255))"
	echo "xfrm state allocspi src 192.0.2.1 dst $d proto esp min $((65536 + k)) max $((65536 + k))" >&3
	echo "xfrm state get src 192.0.2.1 dst $d proto esp spi $((65536 + k))" >&4
done 3>"$tmp/add" 4>"$tmp/get"

# One run on the current side: "ADD_SECONDS GET_SECONDS BUCKETS"
cat >"$tmp/run.sh" <<'INNER'
t0=$EPOCHREALTIME
ip -batch "$1/add" >/dev/null || exit 1
t1=$EPOCHREALTIME
ip -batch "$1/get" >/dev/null || exit 1
t2=$EPOCHREALTIME
b=$(ip -s -s xfrm state count | sed -n 's/.*buckets count \([0-9]*\).*/\1/p')
echo "$(echo "$t1 - $t0" | bc) $(echo "$t2 - $t1" | bc) $b"
INNER

best() { # SIDE-COMMAND...: best add and get times of 3 runs
	local ba= bg= b a g x
	for _ in 1 2 3; do
		read -r a g b < <("$@" bash "$tmp/run.sh" "$tmp") || return 1
		[ -z "$ba" ] || x=$(echo "$a < $ba" | bc); [ -z "$ba" ] || [ "$x" = 1 ] && ba=$a
		[ -z "$bg" ] || x=$(echo "$g < $bg" | bc); [ -z "$bg" ] || [ "$x" = 1 ] && bg=$g
	done
	echo "$ba $bg $b"
}

kern="skipped skipped -"
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
	kern=$(best unshare -n) || kern="failed failed -"
fi
unl=$(best "$cli" run --private --) || unl="failed failed -"
read -r ka kg kb <<<"$kern"
read -r ua ug ub <<<"$unl"
ratio() { case "$1$2" in *[a-z]*) echo - ;; *) echo "scale=2; $2 / $1" | bc ;; esac; }
printf '%-28s %10s %10s %8s\n' "$count states" kernel unetlink ratio
printf '%-28s %10s %10s %7sx\n' "allocspi batch (s)" "$ka" "$ua" "$(ratio "$ka" "$ua")"
printf '%-28s %10s %10s %7sx\n' "get by SPI batch (s)" "$kg" "$ug" "$(ratio "$kg" "$ug")"
printf '%-28s %10s %10s\n' "SAD buckets afterwards" "$kb" "$ub"
