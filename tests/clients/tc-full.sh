#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The qdisc kinds this host's kernel may lack (prio, fq_codel, codel,
# plug, sfq, netem), under the `full` profile as Linux 6.12 has it,
# against tc-full.expected: what Debian's 6.12 kernel printed for the
# same commands (TC_RECORD=tc-full scripts/tc-kinds-record.sh; its last
# two lines, the `minimal` profile's, added by hand), and a kind the
# `minimal` profile leaves out refused as a kernel without its module
# refuses it.  Needs tc; no root, no kernel.
set -u
cli=${UNETLINK_CLI:?}
here=$(cd "$(dirname "$0")" && pwd)
command -v tc >/dev/null || { echo "skip: no tc (iproute2)"; exit 77; }
out=$(mktemp)
prof=$(mktemp)
trap 'rm -f "$out" "$prof"' EXIT
printf 'base full\nname full-6.12\nkernel 6.12\n' >"$prof"
# each command, its output and status, as rtnl-diff's transcripts
"$cli" run --profile "$prof" -- sh -c '
while IFS= read -r cmd; do
	echo "\$ $cmd"
	sh -c "$cmd" 2>&1
	echo "-> $?"
done' >"$out" 2>&1 <<'CMDS'
ip link add v0 type veth peer name v1
ip link set v0 up
tc qdisc add dev v0 root handle 1: prio
tc -s -d qdisc show dev v0
tc qdisc show dev v0 invisible
tc -s class show dev v0
tc qdisc add dev v0 parent 1:2 handle 20: pfifo limit 4
tc qdisc change dev v0 root handle 1: prio bands 5 priomap 0 1 2 3 4 0 0 0 0 0 0 0 0 0 0 0
tc class show dev v0
tc qdisc show dev v0 invisible
tc qdisc change dev v0 root handle 1: prio bands 2
tc qdisc change dev v0 root handle 1: prio bands 2 priomap 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1
tc qdisc show dev v0 invisible
tc qdisc del dev v0 parent 1:2
tc qdisc show dev v0 invisible
tc class add dev v0 parent 1: classid 1:3 htb rate 1mbit
tc qdisc replace dev v0 root handle 2: prio bands 17
tc qdisc replace dev v0 root handle 2: fq_codel
tc -s -d qdisc show dev v0
tc qdisc change dev v0 root handle 2: fq_codel limit 100 target 3ms interval 50ms quantum 300 ce_threshold 2ms noecn memory_limit 4Mb
tc -d qdisc show dev v0
tc qdisc change dev v0 root handle 2: fq_codel flows 20
tc qdisc change dev v0 root handle 2: fq_codel quantum 2000000
tc qdisc change dev v0 root handle 2: fq_codel quantum 100
tc -d qdisc show dev v0
tc class show dev v0
tc qdisc add dev v0 parent 2:1 handle 3: pfifo
tc qdisc add dev v1 root handle 4: fq_codel flows 100000
tc qdisc add dev v1 root handle 4: fq_codel flows 16 target 1
tc -d qdisc show dev v1
tc qdisc replace dev v1 root handle 5: codel
tc -s -d qdisc show dev v1
tc qdisc change dev v1 root handle 5: codel limit 50 target 10ms interval 30ms ecn ce_threshold 4ms
tc -d qdisc show dev v1
tc qdisc replace dev v1 root handle 6: plug limit 10000
tc -s qdisc show dev v1
tc qdisc change dev v1 root handle 6: plug block
tc qdisc change dev v1 root handle 6: plug release
tc qdisc change dev v1 root handle 6: plug release_indefinite
tc qdisc change dev v1 root handle 6: plug limit 5
tc qdisc change dev v1 root handle 6: codel
tc qdisc show dev v1
tc qdisc replace dev v1 root handle 7: sfq
tc -s -d qdisc show dev v1
tc qdisc change dev v1 root handle 7: sfq perturb 10 quantum 3000 limit 200 depth 20 divisor 256 flows 64 headdrop
tc -d qdisc show dev v1
tc qdisc change dev v1 root handle 7: sfq limit 5000 depth 3 flows 2
tc -d qdisc show dev v1
tc qdisc change dev v1 root handle 7: sfq divisor 100
tc qdisc change dev v1 root handle 7: sfq divisor 131072
tc class show dev v1
tc qdisc add dev v1 parent 7:1 pfifo
tc qdisc replace dev v1 root handle 8: netem delay 100ms 10ms 25% loss 0.5% duplicate 1% corrupt 0.1% reorder 25% 50% rate 1mbit limit 500
tc -s -d qdisc show dev v1
tc class show dev v1
tc qdisc add dev v1 parent 8:1 handle 9: pfifo limit 9
tc class show dev v1
tc qdisc change dev v1 root handle 8: netem loss gemodel 1% 10% 70% 0.1% slot 10ms 20ms ecn
tc -d qdisc show dev v1
tc qdisc del dev v1 parent 8:1
tc qdisc add dev v1 parent 8:1 handle 10: netem duplicate 5%
tc qdisc replace dev v1 root handle 11: netem delay 1s 100ms loss state 1% 2% 3% 4% 5%
tc -d qdisc show dev v1
tc qdisc replace dev v1 root handle 12: netem delay 2ms loss 200%
tc qdisc replace dev v1 root handle 12: netem delay 2ms
tc qdisc show dev v1
CMDS
"$cli" run --profile minimal -- tc qdisc add dev lo root htb >>"$out" 2>&1
echo "-> $?" >>"$out"
if diff -u "$here/tc-full.expected" "$out"; then
	echo "ok: tc-full"
else
	exit 1
fi
