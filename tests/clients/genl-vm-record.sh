#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Records what another kernel's nlctrl says of its generic netlink
# families, for genl-releases.sh: the names `genl ctrl list` prints,
# then tests/rtnl-diff/genl-family.py's description (ops, groups, the
# GETPOLICY dump) of each family unetlink models, in the initial
# namespace of scripts/kernel-vm.sh's machine with drop_monitor and
# wireguard loaded.  A developer's tool (qemu-system-x86, busybox, the
# kernel in /boot with its modules; a few minutes under TCG):
#   tests/clients/genl-vm-record.sh -k 6.1.0-57-amd64 \
#     >tests/clients/genl-6.1.expected
set -eu
here=$(cd "$(dirname "$0")" && pwd)
rd=$here/../rtnl-diff
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/guest.sh" <<'GUEST'
echo "# $(uname -r)"
echo "== list"
genl ctrl list 2>&1 | sed -n 's/^Name: //p'
echo "== families"
python3 genl-family.py nlctrl wireguard tcp_metrics mptcp_pm SEG6 IOAM6 \
	netdev TASKSTATS handshake NET_DM devlink ethtool 2>&1
GUEST
VM_MODULES="drop_monitor wireguard" KERNEL_VM_PROGS=genl \
	sh "$here/../../scripts/kernel-vm.sh" "$@" "$work/guest.sh" \
	"$rd/genl-family.py" "$rd/nlmsg.py"
