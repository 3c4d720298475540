#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Records tests/clients/bridge-vlan-global.expected again: the commands
# of bridge-vlan-global.sh run by Linux in a virtual machine
# (scripts/kernel-vm.sh, with the bridge module), in the same transcript
# format, in a fresh net namespace.  A developer's tool, not a test.
#
#   scripts/bridge-vlan-global-record.sh [-k RELEASE]
. "$(dirname "$0")/record-lib.sh"
test=$clients/bridge-vlan-global.sh
sed -n "/<<'CMDS'\$/,/^CMDS\$/p" "$test" | sed '1d;$d' >"$work/cmds.txt"
cat >"$work/run.sh" <<'RUN'
exec unshare -n sh -c '
while IFS= read -r cmd; do
	echo "\$ $cmd"
	sh -c "$cmd" 2>&1
	echo "-> $?"
done < /work/cmds.txt'
RUN
KERNEL_VM_PROGS="bridge ${KERNEL_VM_PROGS:-}" \
KERNEL_VM_MODULES="bridge ${KERNEL_VM_MODULES:-}" \
	"$here/kernel-vm.sh" "$@" "$work/run.sh" "$work/cmds.txt" >"$work/out"
record_keep "$clients/bridge-vlan-global.expected"
