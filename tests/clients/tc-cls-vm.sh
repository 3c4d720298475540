# SPDX-License-Identifier: LGPL-2.1-or-later
# The guest side of tc-cls.expected's recording (see tc-cls.sh): each
# section of tc-cls.cmds in a fresh network namespace of a Linux booted
# by scripts/kernel-vm.sh, with the modules the actions need beyond
# net/sched (given, decompressed, as FILEs) loaded first.  The command
# list is the one .cmds FILE given (tc-cls.cmds or tc-cls-more.cmds);
# xtables extensions given as FILEs (libxt_policy.so, for tc's ipt
# ematch) are found in /work.
for m in crc32c_generic libcrc32c psample nf_defrag_ipv4 nf_defrag_ipv6 nf_conntrack nf_nat nf_flow_table; do
	[ -f "$m.ko" ] && insmod "$m.ko" 2>/dev/null
done
for m in /mods/*.ko; do insmod "$m" 2>/dev/null; done
mkdir -p /etc/iproute2 && cp ematch_map /etc/iproute2/
TC_FILTER_RAW=/work/tc-filter-raw.py
TC_CLS_RAW=/work/tc-cls-raw.py
XTABLES_LIBDIR=/work
TC_RAW=/work/tc-raw.py
TC_SCHED_RAW=/work/tc-sched-raw.py
export TC_FILTER_RAW TC_CLS_RAW XTABLES_LIBDIR TC_RAW TC_SCHED_RAW
cmds=$(ls ./*.cmds | head -n 1)
awk '/^### /{n++; f=sprintf("/tmp/section%03d", n); print > f; next} {print >> f}' "$cmds"
for s in /tmp/section*; do
	head -n 1 "$s"
	sed 1d "$s" | unshare -n sh ./tc-cls-loop.sh
done
