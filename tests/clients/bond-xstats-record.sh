#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Records what a kernel prints for bond-xstats.cmds, for bond-xstats.sh:
# the VM.sh its header describes, run by scripts/kernel-vm.sh (tls,
# bonding with max_bonds=0 and bridge loaded; WAIT=sleep; IPv6 off in
# every net, each new one as soon as it is made), on stdout.  A
# developer's tool (qemu-system-x86, busybox, the kernel in /boot with
# its modules):
#   tests/clients/bond-xstats-record.sh -k 6.12.118+deb12-rt-amd64 \
#     >tests/clients/bond-xstats.expected
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/VM.sh" <<'GUEST'
insmod /mods/extra/tls.ko 2>/dev/null
insmod /mods/extra/bonding.ko max_bonds=0
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
WAIT=sleep
AD=$(cat /work/bond-lacp.awk)
ST=$(cat /work/bond-xstats.awk)
TTY="python3 -S /work/bond-xstats-tty.py"
DELTA="sh /work/bond-xstats-delta.sh"
DELTA_STATE=/tmp/delta
export WAIT AD ST TTY DELTA DELTA_STATE
while IFS= read -r cmd; do
	printf '$ %s\n' "$cmd"
	sh -c "$cmd" </dev/null 2>&1
	echo "-> $?"
	case $cmd in
	"ip netns add "*)
		ip netns exec "${cmd#ip netns add }" sysctl -qw \
			net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 ;;
	esac
done </work/bond-xstats.cmds 2>&1
GUEST
KERNEL_VM_PROGS="${KERNEL_VM_PROGS:-} bridge" \
KERNEL_VM_MODULES="${KERNEL_VM_MODULES:-} bridge" \
	sh "$here/../../scripts/kernel-vm.sh" "$@" -m tls -m bonding \
	"$work/VM.sh" "$here/bond-lacp.awk" "$here/bond-xstats.awk" \
	"$here/bond-xstats.cmds" "$here/bond-xstats-tty.py" \
	"$here/bond-xstats-delta.sh"
