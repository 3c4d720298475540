#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A bridge's global VLAN options (`bridge vlan global set|show`,
# RTM_NEWVLAN and RTM_GETVLAN with BRIDGE_VLANDB_GLOBAL_OPTIONS and
# BRIDGE_VLANDB_DUMPF_GLOBAL) under the full profile as Linux 6.12 has
# it, against bridge-vlan-global.expected: what Linux 6.12 (Debian's
# 6.12.118, in a virtual machine, in a fresh net namespace) printed for
# the same commands; scripts/bridge-vlan-global-record.sh records it
# again.  This host's kernel filters no VLANs, so rtnl-diff cannot
# compare them live.  Needs ip and bridge; no root, no kernel.
set -u
cli=${UNETLINK_CLI:?}
here=$(cd "$(dirname "$0")" && pwd)
command -v bridge >/dev/null || { echo "skip: no bridge (iproute2)"; exit 77; }
out=$(mktemp)
prof=$(mktemp)
trap 'rm -f "$out" "$prof"' EXIT
printf 'base full\nname full-6.12\nkernel 6.12\n' >"$prof"
"$cli" run --profile "$prof" -- sh -c '
while IFS= read -r cmd; do
	echo "\$ $cmd"
	sh -c "$cmd" 2>&1
	echo "-> $?"
done' >"$out" 2>&1 <<'CMDS'
ip link add br0 type bridge vlan_filtering 1
ip link add v0 type veth peer name v1
ip link set v0 master br0
bridge vlan add dev br0 vid 10 self
bridge vlan add dev br0 vid 20-23 self
bridge vlan add dev v0 vid 30
bridge vlan global show
bridge -d vlan global show
bridge vlan global set dev br0 vid 10 mcast_igmp_version 3 mcast_mld_version 2
bridge vlan global set dev br0 vid 10 mcast_igmp_version 4
bridge vlan global set dev br0 vid 10 mcast_mld_version 3
bridge vlan global set dev br0 vid 21-22 mcast_last_member_count 5 mcast_startup_query_count 7
bridge vlan global set dev br0 vid 21 mcast_last_member_interval 200 mcast_membership_interval 30000 mcast_querier_interval 26000 mcast_query_interval 12000 mcast_query_response_interval 900 mcast_startup_query_interval 3000
bridge vlan global set dev br0 vid 23 mcast_query_interval 50 mcast_startup_query_interval 20
bridge vlan global set dev br0 vid 23 mcast_querier 1
bridge vlan global set dev br0 vid 99 mcast_querier 1
bridge vlan global set dev br0 vid 30 mcast_querier 1
bridge vlan global set dev v0 vid 10 mcast_querier 1
bridge vlan global set dev br0 vid 10 mcast_snooping 0
ip link set br0 type bridge mcast_vlan_snooping 1
bridge vlan global set dev br0 vid 20 mcast_snooping 0
bridge -d vlan global show
bridge -j vlan global show
bridge -d vlan global show dev br0 vid 21
bridge vlan global set dev br0 vid 10 msti 3
ip link set br0 type bridge mst_enabled 1
bridge vlan global set dev br0 vid 10 msti 3
bridge vlan global set dev br0 vid 10 msti 5000
bridge -d vlan global show vid 10
ip link set br0 type bridge mcast_snooping 0
bridge -d vlan global show
bridge -d vlan show
ip link set br0 type bridge vlan_filtering 0
bridge vlan global show
bridge vlan global set dev br0 vid 10 mcast_querier 0
CMDS
if ! diff -u "$here/bridge-vlan-global.expected" "$out"; then
	echo "FAIL: bridge vlan global: unetlink differs from Linux 6.12 (above)"
	exit 1
fi
echo "pass: $(grep -c '^\$ ' "$out") commands as Linux 6.12 answers them"
