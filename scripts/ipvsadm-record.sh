#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Records tests/clients/ipvsadm.expected again: the commands of
# tests/clients/ipvsadm.cmds (ipvsadm, and ipvs-raw.py's requests) run
# by Linux in a virtual machine (scripts/kernel-vm.sh, ip_vs with every
# scheduler and the SIP persistence engine loaded, since the guest has
# no modprobe, and crc32c_generic first, which libcrc32c and so
# nf_conntrack need), each in the transcript format of ipvsadm.sh, in a
# fresh net namespace.  A developer's tool, not a test.
#
#   scripts/ipvsadm-record.sh [-k RELEASE]
. "$(dirname "$0")/record-lib.sh"
cat >"$work/run.sh" <<'RUN'
IPVS_RAW=/work/ipvs-raw.py
export IPVS_RAW
RUN
record_each ipvsadm.cmds
scheds="ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_fo ip_vs_ovf ip_vs_lblc
	ip_vs_lblcr ip_vs_dh ip_vs_sh ip_vs_mh ip_vs_sed ip_vs_nq ip_vs_twos
	ip_vs_pe_sip"
KERNEL_VM_PROGS="ipvsadm" KERNEL_VM_MODULES="crc32c_generic ip_vs $(echo $scheds)" \
	"$here/kernel-vm.sh" "$@" "$work/run.sh" "$clients/ipvsadm.cmds" \
	"$clients/ipvs-raw.py" "$here/../tests/rtnl-diff/nlmsg.py" >"$work/out"
record_keep "$clients/ipvsadm.expected"
