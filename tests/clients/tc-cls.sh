#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The filter kinds flower, basic (with ematches), fw, route, cgroup and
# flow, chain templates, and the action kinds police, pedit, vlan, csum,
# nat, tunnel_key, connmark, ct, sample and gate, which this host's
# kernel may lack, under the `full` profile (as Linux 6.12 has it):
# each section of tc-cls.cmds in a net of its own, its transcript
# (tc-cls-loop.sh: commands, output, status; the raw dumps of
# tc-filter-raw.py) against tc-cls.expected, which Debian's 6.12 kernel
# printed for the same commands, recorded with
#   scripts/kernel-vm.sh tests/clients/tc-cls-vm.sh \
#     tests/clients/tc-cls-loop.sh tests/clients/tc-cls.cmds \
#     tests/rtnl-diff/tc-filter-raw.py /etc/iproute2/ematch_map \
#     MODS... >tests/clients/tc-cls.expected
# (MODS: crc32c_generic, libcrc32c, psample, nf_defrag_ipv4, nf_defrag_ipv6,
# nf_conntrack, nf_nat and nf_flow_table, as NAME.ko decompressed from
# the kernel's /lib/modules).  Needs tc, python3 and iproute2's
# ematch_map; no root, no kernel.
#
# With an argument NAME (tc-cls-more), the same for NAME.cmds against
# NAME.expected: more ematches (text, canid, ipset, ipt), ct's helpers
# and NAT, flower's gtp and pfcp options, filters on classes; recorded
# as above with tc-cls-more.cmds, tests/clients/tc-cls-raw.py,
# tests/rtnl-diff/nlmsg.py and
# libxt_policy.so and libxt_addrtype.so of /usr/lib/x86_64-linux-gnu/xtables
# as FILEs, and
#   KERNEL_VM_PROGS="ipset nfct" KERNEL_VM_MODULES="crc32c_generic
#   ip_set_hash_ip ip_set_hash_net em_ipset nfnetlink_cthelper xt_policy
#   xt_addrtype ts_kmp ts_bm ts_fsm act_ct"
# for the modules beyond net/sched.  Needs ipset and nfct too.
#
# With tc-sched: tc-sched.cmds, the qdiscs prio, ets, cbs, netem, drr
# and qfq (their options, defaults, classes, grafts and refusals, with
# tc-sched-raw.py's requests tc cannot make) and the dumps of flower and
# basic filters, against tc-sched.expected, recorded as tc-cls.expected
# with tc-sched.cmds, tests/clients/tc-sched-raw.py,
# tests/rtnl-diff/tc-raw.py and tests/rtnl-diff/nlmsg.py added as FILEs.
# tc-sched-6.9.cmds: flower's pfcp options under a 6.9 profile (they
# came with 6.10), against tc-sched-6.9.expected, written from Linux
# 6.9's cls_flower.c (no 6.9 kernel to record it with).
set -u
cli=${UNETLINK_CLI:?}
here=$(cd "$(dirname "$0")" && pwd)
name=${1:-tc-cls}
if [ "$name" = tc-cls-more ]; then
	for p in ipset nfct; do
		command -v $p >/dev/null || { echo "skip: no $p"; exit 77; }
	done
fi
command -v tc >/dev/null || { echo "skip: no tc (iproute2)"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
[ -r /etc/iproute2/ematch_map ] ||
	{ echo "skip: no /etc/iproute2/ematch_map (tc's ematch names)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TC_FILTER_RAW=$here/../rtnl-diff/tc-filter-raw.py
TC_CLS_RAW=$here/tc-cls-raw.py
TC_RAW=$here/../rtnl-diff/tc-raw.py
TC_SCHED_RAW=$here/tc-sched-raw.py
export TC_FILTER_RAW TC_CLS_RAW TC_RAW TC_SCHED_RAW
# python3 itself, not a wrapper that looks for it
mkdir "$tmp/bin"
ln -s "$(python3 -c 'import sys; print(sys.executable)')" "$tmp/bin/python3"
PATH=$tmp/bin:$PATH
# transcript CMDS RELEASE: each section of CMDS in a net of its own,
# under the full profile as Linux RELEASE has it
transcript() {
	rm -f "$tmp"/section*
	printf 'base full\nname full-%s\nkernel %s\n' "$2" "$2" >"$tmp/linux.profile"
	awk -v d="$tmp" '/^### /{n++; f=sprintf("%s/section%03d", d, n); print > f; next} {print >> f}' "$1"
	for s in "$tmp"/section*; do
		head -n 1 "$s"
		sed 1d "$s" | "$cli" run --profile "$tmp/linux.profile" -- \
			sh "$here/tc-cls-loop.sh" 2>&1
	done
}
transcript "$here/$name.cmds" 6.12 >"$tmp/out"
status=0
diff -u "$here/$name.expected" "$tmp/out" || status=1
# NAME-RELEASE.cmds: the same under an older release's profile, against
# NAME-RELEASE.expected (written from that release's source)
for c in "$here/$name"-[0-9]*.cmds; do
	[ -r "$c" ] || continue
	rel=${c##*-}; rel=${rel%.cmds}
	transcript "$c" "$rel" >"$tmp/out-$rel"
	diff -u "${c%.cmds}.expected" "$tmp/out-$rel" || status=1
done
[ $status = 0 ] && echo "ok: $name"
exit $status
