#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Records tests/clients/ipvs-sockopt.expected again: the commands of
# tests/clients/ipvs-sockopt.cmds (the raw socket option client
# ipvs-sockopt.c, built here, and sysctl on net.ipv4.vs) run by Linux
# in a virtual machine (scripts/kernel-vm.sh, with ip_vs and the rr and
# wlc schedulers loaded, crc32c_generic first for nf_conntrack), in
# the transcript format of ipvs-sockopt.sh, in a fresh net namespace.
# A developer's tool, not a test.  A slow guest may stop the backup
# sync daemon before its thread first ran, which Linux answers EINTR
# ("STOP backup: EINTR"): a race of the recording, record again.
#
#   scripts/ipvs-sockopt-record.sh [-k RELEASE]
. "$(dirname "$0")/record-lib.sh"
mkdir "$work/bin"
${CC:-cc} -std=gnu11 -O1 -o "$work/bin/ipvs-sockopt" "$clients/ipvs-sockopt.c"
record_each ipvs-sockopt.cmds
PATH=$work/bin:$PATH KERNEL_VM_PROGS="ipvs-sockopt sysctl" \
	KERNEL_VM_MODULES="crc32c_generic ip_vs ip_vs_rr ip_vs_wlc" \
	"$here/kernel-vm.sh" "$@" "$work/run.sh" "$clients/ipvs-sockopt.cmds" \
	>"$work/out"
record_keep "$clients/ipvs-sockopt.expected"
