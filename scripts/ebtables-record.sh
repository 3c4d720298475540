#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Records tests/clients/ebtables-legacy.expected again: the commands of
# ebtables-legacy.cmds (ebtables-legacy and ebt_blobs.py) run by Linux
# in a virtual machine (scripts/kernel-vm.sh) with ebtables' tables and
# extensions loaded (and nfnetlink_log, which ebt_nflog's check asks
# a modprobe the guest lacks for), in a fresh net namespace, in
# transcript.sh's format.  A developer's tool, not a test.
#
#   scripts/ebtables-record.sh [-k RELEASE]
. "$(dirname "$0")/record-lib.sh"
cat >"$work/run.sh" <<'RUN'
exec unshare -n sh ./transcript.sh ebtables-legacy.cmds
RUN
KERNEL_VM_PROGS="ebtables-legacy unshare" \
KERNEL_VM_FILES="/etc/ethertypes $(ls /usr/lib/python3.*/lib-dynload/_ctypes.*.so | head -n1)" \
KERNEL_VM_MODULES="ebtable_filter ebtable_nat ebtable_broute ebt_ip ebt_ip6 \
ebt_arp ebt_among ebt_mark_m ebt_mark ebt_log ebt_nflog ebt_limit \
ebt_pkttype ebt_vlan ebt_stp ebt_802_3 ebt_dnat ebt_snat ebt_redirect \
ebt_arpreply nfnetlink_log" \
	"$here/kernel-vm.sh" "$@" "$work/run.sh" "$clients/transcript.sh" \
	"$clients/ebtables-legacy.cmds" "$clients/ebt_blobs.py" >"$work/out"
record_keep "$clients/ebtables-legacy.expected"
