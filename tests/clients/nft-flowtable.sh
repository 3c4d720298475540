#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# nf_tables flowtables, which this host's kernel may lack
# (nf_flow_table_inet), under the `full` profile as Linux 6.12 has it:
# the commands of nft-flowtable.cmds (flowtables made, listed, grown by
# devices, refused, used by `flow add` rules and deleted, with what
# `nft monitor` printed meanwhile) against nft-flowtable.expected,
# which is what Linux 6.12 (Debian's 6.12.118) printed for them:
#   KERNEL_VM_PROGS=nft KERNEL_VM_MODULES="crc32c_generic nf_tables \
#   nft_flow_offload nf_flow_table_inet veth" scripts/kernel-vm.sh \
#   tests/clients/transcript.sh tests/clients/nft-flowtable.cmds |
#   tests/clients/nft-flowtable.sh --normalise
# The monitor is waited for by making and deleting a chain of a table
# `sync` until it shows, and what it printed is shown from the deletion
# of that table to its making again at the end (which is waited for
# likewise): how many times that took moves the generation numbers,
# which are masked with the pids of the processes that made them.  On a host
# whose kernel has flowtables, nft-diff's flowtable-* sequences compare
# them live as well.  nft does not print flowtable events, so the
# events of nft-flowtable-events.cmds, as raw messages
# (nft-events.py), are compared with nft-flowtable-events.expected,
# recorded likewise with the guest script
#   python3 -S nft-events.py nft-flowtable-events.cmds
# and the files tests/clients/nft-events.py and
# nft-flowtable-events.cmds.  Needs nft and python3; no root, no
# kernel.
set -u
here=$(cd "$(dirname "$0")" && pwd)
normalise() {
	sed -E 's/new generation [0-9]+ by process [0-9]+/new generation G by process PID/'
}
if [ "${1:-}" = --normalise ]; then
	normalise
	exit 0
fi
cli=${UNETLINK_CLI:?}
command -v nft >/dev/null || { echo "skip: no nft (nftables)"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'base full\nname full-6.12\nkernel 6.12\n' >"$dir/linux-6.12.profile"
cp "$here/nft-flowtable.cmds" "$dir/commands"
(cd "$dir" && "$cli" run --profile linux-6.12.profile -- \
	sh "$here/transcript.sh" commands) 2>&1 | normalise >"$dir/out"
(cd "$dir" && "$cli" run --profile linux-6.12.profile -- \
	python3 -S "$here/nft-events.py" "$here/nft-flowtable-events.cmds") \
	>"$dir/events" 2>&1
if diff -u "$here/nft-flowtable.expected" "$dir/out" &&
	diff -u "$here/nft-flowtable-events.expected" "$dir/events"; then
	echo "ok: nft-flowtable"
else
	exit 1
fi
