#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# 802.3ad (LACP) between modelled bonds whose ports are veth peers, under
# the `full` profile: bA in the first net with s1..s3, bB in net b with
# t1 and t2 (the peers of s1 and s2; t3, the peer of s3, in no bond), and
# b1 and b2 of one net facing each other over u1/v1 (slow rate, ad_select
# count); in net p, bP (lacp_active off) facing bQ over w1/x1: its port
# says passive, as from Linux 6.17 on (Debian's 6.12.118 and 6.1.0-57
# carry that change: stable backports).  After they negotiate, after a
# port's peer goes down and after it comes back: `ip -br link` (the bonds' carrier), `ip -d link`
# (IFLA_BOND_AD_INFO, the ports' AD states) and /proc/net/bonding,
# against bond-lacp.expected: what Linux 6.12 (Debian's 6.12.118 in a
# virtual machine, bonding loaded with max_bonds=0) printed for the
# commands of bond-lacp.cmds, where $WAIT was sleep.  Recorded with
#   scripts/kernel-vm.sh -m tls -m bonding VM.sh bond-files.py \
#     bond-lacp.cmds bond-lacp.awk
# where VM.sh loads tls and bonding (max_bonds=0), sets WAIT=sleep,
# BF="python3 -S /work/bond-files.py" and AD to bond-lacp.awk's text,
# and runs the loop below.  Here $WAIT moves the daemon's clock
# (`unetlink clock advance`) instead of sleeping.  A few ip processes
# do it all (-batch, one listing per net: the run costs a process a
# command).  Every address is given, so nothing is random; the driver's
# version line carries the kernel's release: both sides print RELEASE
# there.  Needs ip, awk and python3; no root, no kernel.
set -u
cli=${UNETLINK_CLI:?}
here=$(cd "$(dirname "$0")" && pwd)
command -v ip >/dev/null || { echo "skip: no ip (iproute2)"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
command -v awk >/dev/null || { echo "skip: no awk"; exit 77; }
out=$(mktemp)
bin=$(mktemp -d)
trap 'rm -rf "$out" "$bin"' EXIT
ln -s "$(python3 -c 'import sys; print(sys.executable)')" "$bin/python3"
PATH=$bin:$PATH
BF="python3 -S $here/bond-files.py"
WAIT="$cli clock advance"
# the tool itself runs under the shim there (a sanitized build's too)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
AD=$(cat "$here/bond-lacp.awk")
export BF WAIT AD
# with a RELEASE argument (6.1), under the profile of that release
# against bond-lacp.RELEASE.expected (bond-lacp-record.sh; Debian's
# 6.1.192 printed what 6.12 did: a developer's check, not in meson)
kv=${1:-6.12}
expected=$here/bond-lacp.expected
[ "$kv" = 6.12 ] || expected=$here/bond-lacp.$kv.expected
printf 'base full\nname full-%s\nkernel %s\nmodule bonding\n' "$kv" "$kv" \
	>"$bin/linux.profile"
"$cli" run --profile "$bin/linux.profile" -- sh -c '
while IFS= read -r cmd; do
	printf "\$ %s\\n" "$cmd"
	sh -c "$cmd" 2>&1
	echo "-> $?"
done' <"$here/bond-lacp.cmds" 2>&1 |
	sed 's/^\(Ethernet Channel Bonding Driver: v\).*/\1RELEASE/' >"$out"
if diff -u "$expected" "$out"; then
	echo "ok: bond-lacp"
else
	exit 1
fi
