#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Legacy xtables (ip_tables, ip6_tables, arp_tables) through their socket
# options: the commands of iptables-legacy.cmds (iptables-legacy,
# ip6tables-legacy, arptables-legacy when installed, their -save and
# -restore, and xt_blobs.py's good and bad blobs with
# the errno of each and the bytes GET_ENTRIES gives back) under
# `unetlink run`, through the preload shim and through the seccomp
# supervisor, against the same in a new kernel namespace (unshare -n).
# Neither run is isolated: an option that escaped would land in the
# host's tables, which are read (only the tables already there: no
# table is made by looking; their counters, which the host's traffic
# moves, left out) before and after.  ebtables is refused by a profile
# without it (ENOPROTOOPT), never the host's (ebtables-legacy.sh tests
# it).
# Needs root, iptables-legacy and a kernel with ip_tables and
# ip6_tables.  The kernel's transcript does not depend on the build:
# with RTNL_DIFF_KERNEL_CACHE (tests/run-all.sh) the second build reuses
# the first's.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cli=${UNETLINK_CLI:?}
py=/usr/bin/python3
[ "$(id -u)" = 0 ] || { echo "skip: needs root for unshare -n"; exit 77; }
for c in iptables-legacy ip6tables-legacy iptables-legacy-save \
	iptables-legacy-restore ip6tables-legacy-save \
	ip6tables-legacy-restore; do
	command -v "$c" >/dev/null || { echo "skip: no $c"; exit 77; }
done
unshare -n sh -c 'iptables-legacy -L -n && ip6tables-legacy -L -n' \
	>/dev/null 2>&1 ||
	{ echo "skip: the kernel has no ip_tables or ip6_tables"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export XT_BLOBS="$here/xt_blobs.py"
transcript() {
	(cd "$dir" && "$@" sh "$here/transcript.sh" \
		"$here/iptables-legacy.cmds") 2>&1
}
fail=0
"$py" "$XT_BLOBS" host >"$dir/host.before" 2>&1
# the kernel's side, from the cache when it holds it
key=$(cat "$here/iptables-legacy.cmds" "$XT_BLOBS" "$here/transcript.sh" |
	sha256sum | cut -d' ' -f1)
cached=${RTNL_DIFF_KERNEL_CACHE:+$RTNL_DIFF_KERNEL_CACHE/iptables-legacy.$key}
if [ -n "$cached" ] && [ -e "$cached" ]; then
	cp "$cached" "$dir/kernel"
else
	transcript unshare -n >"$dir/kernel"
	[ -z "$cached" ] || cp "$dir/kernel" "$cached"
fi
transcript "$cli" run --shared -- >"$dir/shim"
transcript "$cli" run --shared --seccomp -- >"$dir/seccomp"
"$py" "$XT_BLOBS" host >"$dir/host.after" 2>&1
for f in shim seccomp; do
	if diff -u "$dir/kernel" "$dir/$f"; then
		echo "ok: iptables-legacy ($f) as the kernel"
	else
		echo "not ok: iptables-legacy ($f) differs from the kernel"
		fail=1
	fi
done
if diff -u "$dir/host.before" "$dir/host.after"; then
	echo "ok: the host's tables untouched"
else
	echo "not ok: the host's tables changed"
	fail=1
fi
printf 'ebtables: ENOPROTOOPT\nipvs info: ENOPROTOOPT\nipvs version: ENOPROTOOPT\n' \
	>"$dir/refused.want"
# a kernel without ebtables-legacy (ebtables-legacy.sh tests one with it)
# and without ip_vs (ipvs-sockopt.sh tests one with it)
printf 'base full\nname no-ebtables\nfeature -BRIDGE_NF_EBTABLES_LEGACY\ngenl -IPVS\n' \
	>"$dir/no-ebtables.profile"
for mode in --preload --seccomp; do
	"$cli" run --profile "$dir/no-ebtables.profile" $mode -- \
		"$py" "$XT_BLOBS" refused >"$dir/refused" 2>&1
	if diff -u "$dir/refused.want" "$dir/refused"; then
		echo "ok: ebtables and IPVS refused ($mode)"
	else
		echo "not ok: ebtables or IPVS answered ($mode)"
		fail=1
	fi
done
# The shim answers them without a system call: under strace, no IPVS
# option reaches the kernel (which, with ip_vs loaded, would answer it)
if command -v strace >/dev/null; then
	strace -f -e trace=getsockopt -o "$dir/strace" \
		"$cli" run --preload -- "$py" "$XT_BLOBS" refused >/dev/null 2>&1
	if grep -q 'SOL_IP, \(IP_VS_\|1152\|1153\)' "$dir/strace"; then
		echo "not ok: an IPVS option reached the kernel"
		fail=1
	else
		echo "ok: no IPVS option reached the kernel"
	fi
else
	echo "ok: IPVS options and the kernel # SKIP no strace"
fi
exit $fail
