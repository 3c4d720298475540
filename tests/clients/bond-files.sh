#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# bond's files under the `full` profile (as Linux 6.12 has it, with the
# bonding module loaded): /proc/net/bonding/BOND, the bond's
# /sys/class/net/BOND/bonding/, its ports' bonding_slave/ and
# /sys/class/net/bonding_masters, read and written (bond-files.py, so
# that no tool's wording differs) after bonds of several modes are made
# with veth ports, against bond-files.expected: what Linux 6.12
# (Debian's 6.12.118, in a virtual machine, bonding loaded with
# max_bonds=0) printed for the commands of bond-files.cmds.  Recorded
# with
#   scripts/kernel-vm.sh -m tls -m bonding VM.sh bond-files.py bond-files.cmds
# where VM.sh loads tls and bonding (max_bonds=0) and runs the loop
# below.  The driver's version line carries the kernel's release: both
# sides print RELEASE there.  Needs ip and python3; no root, no kernel.
set -u
cli=${UNETLINK_CLI:?}
here=$(cd "$(dirname "$0")" && pwd)
command -v ip >/dev/null || { echo "skip: no ip (iproute2)"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
out=$(mktemp)
bin=$(mktemp -d)
trap 'rm -rf "$out" "$bin"' EXIT
ln -s "$(python3 -c 'import sys; print(sys.executable)')" "$bin/python3"
PATH=$bin:$PATH
BF="python3 -S $here/bond-files.py"
export BF
printf 'base full\nname full-6.12\nkernel 6.12\nmodule bonding\n' \
	>"$bin/linux-6.12.profile"
"$cli" run --profile "$bin/linux-6.12.profile" -- sh -c '
while IFS= read -r cmd; do
	echo "\$ $cmd"
	sh -c "$cmd" 2>&1
	echo "-> $?"
done' <"$here/bond-files.cmds" 2>&1 |
	sed 's/^\(Ethernet Channel Bonding Driver: v\).*/\1RELEASE/' >"$out"
if diff -u "$here/bond-files.expected" "$out"; then
	echo "ok: bond-files"
else
	exit 1
fi
