#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Records what a kernel prints for bond-lacp.cmds, for bond-lacp.sh: the
# VM.sh its header describes, run by scripts/kernel-vm.sh (tls and
# bonding loaded, max_bonds=0; WAIT=sleep), on stdout.  A developer's
# tool (qemu-system-x86, busybox, the kernel in /boot with its modules):
#   tests/clients/bond-lacp-record.sh -k 6.1.0-57-amd64 \
#     >tests/clients/bond-lacp.6.1.expected
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/VM.sh" <<'GUEST'
insmod /mods/extra/tls.ko 2>/dev/null
insmod /mods/extra/bonding.ko max_bonds=0
WAIT=sleep
BF="python3 -S /work/bond-files.py"
AD=$(cat /work/bond-lacp.awk)
export WAIT BF AD
while IFS= read -r cmd; do
	printf '$ %s\n' "$cmd"
	sh -c "$cmd" 2>&1
	echo "-> $?"
done </work/bond-lacp.cmds 2>&1 |
	sed 's/^\(Ethernet Channel Bonding Driver: v\).*/\1RELEASE/'
GUEST
sh "$here/../../scripts/kernel-vm.sh" "$@" -m tls -m bonding "$work/VM.sh" \
	"$here/bond-files.py" "$here/bond-lacp.cmds" "$here/bond-lacp.awk"
