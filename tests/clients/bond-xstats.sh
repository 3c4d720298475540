#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The counters of 802.3ad under the `full` profile, where Linux's are
# the same from run to run: the bond bS (fast rate) whose one port s4
# faces t4, a veth in no bond, counts on its own ticks only (LACPDUs
# sent, none taken: t4 drops them), so its totals after 8.5 s are
# compared; bonds facing each other (bA and bB in net b, fast; b1 and
# b2, slow) count their first exchange by which one's tick comes first
# in a jiffy (two recordings differed by one), so only what moved over
# a settled stretch is compared ($DELTA: 30 s in which the slow bonds
# send one periodic LACPDU each, bS one, the fast ones nothing as they
# were closed; then v1 going down, which sends nothing: its key loses
# the duplex bit, LACP is off).  In net c, bC and bD (slow) face each
# other through the bridge brc (ports p1 and q1 with group_fwd_mask 4,
# q1 without learning; r1, facing the lone bE, without the mask and
# without mcast_flood): they negotiate, brc learns the sources of the
# LACPDUs it sees (c1's and e1's permanent addresses, not d1's), floods
# bC's and bD's to each other and up to itself, drops bE's on r1; its
# learnt entries go with `bridge fdb flush ... dynamic`, come back with
# the next periodic LACPDUs and age out (60 s) after the bonds close
# (before v1 goes down: slow LACPDUs every 30 s would otherwise fall
# into the 4 s stretch or not by how fast the recording machine ran);
# the bridge-wide group_fwd_mask refuses bit 2.  Shown: RTM_GETSTATS' bond xstats
# (`ip link xstats`, `ip stats`), the devices' packet counters (a
# LACPDU is a 124-byte frame) and /proc/net/dev, the AD states, against
# bond-xstats.expected: what Linux 6.12 (Debian's 6.12.118 in a virtual
# machine, bonding loaded with max_bonds=0, IPv6 off in every net so
# that nothing else is sent) printed for the commands of
# bond-xstats.cmds, where $WAIT was sleep.  Recorded with
# bond-xstats-record.sh (its VM.sh loads tls, bonding with max_bonds=0
# and bridge, mounts /dev/pts, sets WAIT=sleep, AD, ST, TTY and DELTA,
# and runs the loop below, turning IPv6 off in each net it makes).  Here
# $WAIT moves the daemon's clock (`unetlink clock advance`), which
# otherwise stands still (--manual-clock): the counts do not depend on
# how long the commands take.  iproute2 6.1's `ip link xstats type
# bond` aborts after its first device (a stack array too short for
# LINK_XSTATS_TYPE_MAX): it runs on a terminal of its own ($TTY) so that
# both sides show what it printed and the abort.  Needs ip, awk,
# python3 and a pseudo-terminal; no root, no kernel.
set -u
cli=${UNETLINK_CLI:?}
here=$(cd "$(dirname "$0")" && pwd)
command -v ip >/dev/null || { echo "skip: no ip (iproute2)"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
command -v awk >/dev/null || { echo "skip: no awk"; exit 77; }
[ -c /dev/ptmx ] || { echo "skip: no /dev/ptmx"; exit 77; }
out=$(mktemp)
bin=$(mktemp -d)
trap 'rm -rf "$out" "$bin"' EXIT
ln -s "$(python3 -c 'import sys; print(sys.executable)')" "$bin/python3"
PATH=$bin:$PATH
WAIT="$cli clock advance"
TTY="python3 -S $here/bond-xstats-tty.py"
DELTA="sh $here/bond-xstats-delta.sh"
DELTA_STATE=$bin/delta
# the tool itself runs under the shim there (a sanitized build's too)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
AD=$(cat "$here/bond-lacp.awk")
ST=$(cat "$here/bond-xstats.awk")
export WAIT TTY AD ST DELTA DELTA_STATE
printf 'base full\nname full-6.12\nkernel 6.12\nmodule bonding\n' \
	>"$bin/linux-6.12.profile"
"$cli" run --manual-clock --profile "$bin/linux-6.12.profile" -- sh -c '
while IFS= read -r cmd; do
	printf "\$ %s\\n" "$cmd"
	sh -c "$cmd" </dev/null 2>&1
	echo "-> $?"
done' <"$here/bond-xstats.cmds" >"$out" 2>&1
if diff -u "$here/bond-xstats.expected" "$out"; then
	echo "ok: bond-xstats"
else
	exit 1
fi
