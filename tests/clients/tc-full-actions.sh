#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The tc filter and action kinds this host may lack (matchall, gact,
# skbedit),
# gact alone and bound to u32 and matchall filters, with goto chain,
# under the full profile, against what Debian's 6.12 kernel printed
# (tc-full-actions.expected, recorded in a net of its own with
# scripts/kernel-vm.sh, as tc-cls.sh says): the counts of references and bindings,
# EEXIST without replace, EPERM for a bound action, the chain only
# actions hold hidden from listings; matchall's one filter per priority.
set -u
cli=${UNETLINK_CLI:?}
here=$(cd "$(dirname "$0")" && pwd)
command -v tc >/dev/null || { echo "skip: no tc (iproute2)"; exit 77; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$cli" run --profile full -- sh -c '
one=$(mktemp)
while IFS= read -r cmd; do
	echo "\$ $cmd"
	sh -c "$cmd" >"$one" 2>&1
	rc=$?
	sed "s/ installed [0-9]* sec used [0-9]* sec//" "$one"
	echo "-> $rc"
done
rm -f "$one"' >"$out" 2>&1 <<'CMDS'
ip link add v0 type veth peer name v1
tc qdisc add dev v0 clsact
tc actions add action gact drop
tc actions add action gact pass index 7
tc actions add action gact pass index 7
tc actions replace action gact continue index 7
tc actions add action gact goto chain 3
tc actions add action gact drop random determ pass 10 index 9
tc -s actions ls action gact
tc actions get action gact index 9
tc actions get action gact index 8
tc filter add dev v0 ingress protocol ip prio 1 u32 match ip dst 1.2.3.4 action gact drop action goto chain 5
tc filter add dev v0 ingress protocol ip prio 2 u32 match ip dst 1.2.3.5 action gact index 7
tc chain show dev v0 ingress
tc chain get dev v0 ingress chain 5
tc filter show dev v0 ingress
tc actions delete action gact index 7
tc actions delete action gact index 9
tc actions ls action gact
tc filter del dev v0 ingress
tc chain add dev v0 ingress chain 5
tc chain show dev v0 ingress
tc actions ls action gact
tc filter add dev v0 egress protocol all prio 3 matchall classid 1:5 action gact index 7
tc filter add dev v0 egress protocol all prio 3 matchall action gact pass
tc filter add dev v0 egress protocol all prio 4 handle 9 matchall skip_hw action gact drop
tc filter add dev v0 egress protocol all prio 5 matchall skip_sw action gact drop
tc filter add dev v0 egress protocol all prio 6 matchall
tc -s -d filter show dev v0 egress
tc filter get dev v0 egress protocol all prio 4 handle 9 matchall
tc filter get dev v0 egress protocol all prio 4 handle 1 matchall
tc filter del dev v0 egress protocol all prio 3 handle 1 matchall
tc filter show dev v0 egress
tc actions ls action gact
tc actions add action skbedit mark 7/0xff priority 1:5 queue_mapping 2 ptype host index 3
tc actions add action skbedit inheritdsfield pipe
tc actions add action skbedit index 9
tc actions replace action skbedit mark 9 index 3
tc filter add dev v0 egress protocol all prio 7 matchall action skbedit priority 2 action skbedit index 3
tc -s actions ls action skbedit
tc filter show dev v0 egress prio 7
CMDS
if diff -u "$here/tc-full-actions.expected" "$out"; then
	echo "ok: tc-full-actions"
else
	exit 1
fi
