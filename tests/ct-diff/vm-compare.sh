#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ct-diff's sequences against another kernel than the host's:
# linux-6.12.expected is what Linux 6.12 (Debian's 6.12.118, every
# netfilter module loaded, in scripts/kernel-vm.sh's virtual machine,
# each sequence in a fresh net; vm-record.sh) printed for them, and the
# unetlink side runs here under the `full` profile as Linux 6.12 has
# it, through nft-diff's transcript.sh with ct-diff's side.sh.  Each
# sequence is one TAP line: identical, differing (with the diff), or
# skipped by name (what the recording's kernel lacked, what this host
# lacks).  The transcript depends on conntrack's and ipset's versions:
# on a host with others than the recording's, everything is skipped.
#   vm-compare.sh [-k RELEASE] [-a] [NAME...]
#     -k    the recording of another release, linux-RELEASE.expected
#           (6.1: Debian's 6.1.192, some sequences only), under a
#           profile of that release
#     -a    every sequence of the recording; by default only those
#           whose behaviour depends on the kernel's release or
#           configuration (DEFAULT below), which keeps run-all short;
#           another release's recording: all of it by default
#     NAME  only these
# linux-6.1.expected (Debian's 6.1.192) holds some sequences only:
#   tests/ct-diff/vm-record.sh -k 6.1.0-57-amd64 insert-status \
#     ipset-create-errors nfct-timeout sysctl-netfilter \
#     ipset-hash-netnet-netportnet-ipmac ct-help-names ct-seqadj-synproxy \
#     expect-helpers expect-cli proc-files >tests/ct-diff/linux-6.1.expected
# (expect-helpers answers issue 15's question: 6.1 refuses an
# expectation on a master without a helper, EOPNOTSUPP, with a timeout
# too, as 6.12 and 6.18).
# To record again (many minutes under TCG; needs qemu-system-x86,
# busybox and the 6.12 kernel in /boot with its modules):
#   tests/ct-diff/vm-record.sh >tests/ct-diff/linux-6.12.expected
# or, for some sequences only, record them with their names and put
# their blocks in place of the old ones.
# Environment: UNETLINK_CLI.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../nft-diff/vm-verdict.sh"
cli=${UNETLINK_CLI:?}
# The sequences whose behaviour depends on the release or the
# configuration: DCCP's tracker (before 6.16) and flowtables' offload
# timeouts (sysctls, cttimeout), the machine's table sizes; and the
# set types this host may lack (hash:net,net's revision 4).
DEFAULT="sysctl-netfilter nfct-timeout ipset-hash-netnet-netportnet-ipmac ipset-netnet-bitmask"
# Sequences whose recording differs for another reason than the
# kernel, and why.
declare -A KNOWN=(
	[insert-protocols]="its 30 s entries expired in the recording: the sequence took longer than that under TCG"
	[tcp-states]="its SYN_RECV (60 s) and FIN_WAIT (120 s) entries expired in the recording: the sequence took longer than that under TCG"
	[ipset-list-set]="its element with a 10 s timeout expired in the recording before the listing: the sequence took longer than that under TCG"
)

kv=6.12
[ "${1:-}" = -k ] && { kv=$2; shift 2; }
# the same for the 6.1 recording (Debian's 6.1.192 under TCG on a
# loaded machine)
if [ "$kv" = 6.1 ]; then
	KNOWN[sysctl-netfilter]="its 50 s entry expired in the recording: the sequence took longer than that under TCG"
	KNOWN[proc-files]="its 30 s entries expired in the recording: the sequence took longer than that under TCG"
	# 6.1 had no hash:net,net revision 4 either
	unset 'KNOWN[ipset-hash-netnet-netportnet-ipmac]'
fi
expected=$here/linux-$kv.expected
all=0
[ "${1:-}" = -a ] && { all=1; shift; }
[ -e "$expected" ] || vm_skip_all "no recording ($expected)"
mapfile -t names < <(vm_names "$kv" "$expected" $all "$DEFAULT" "$@")
for t in conntrack ipset perl; do
	command -v $t >/dev/null || vm_skip_all "no $t"
done
tools="$(conntrack --version 2>&1 | head -n1); $(ipset version 2>&1 | head -n1)"
recorded=$(sed -n '1s/^# [^;]*; //p' "$expected")
[ "$recorded" = "$tools" ] ||
	vm_skip_all "tools here are $tools, the recording's $recorded"
echo "1..${#names[@]}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export RTNL_DIFF_DIR=$here/../rtnl-diff
export TRANSCRIPT_KERNEL=$kv
# The recording's machine as a profile: Linux 6.12; 1 GiB of memory,
# from which conntrack sized its table (nf_conntrack_max, _buckets,
# _expect_max); nf_log_syslog loaded (with every other netfilter
# module), whose loggers every family it serves starts bound to.
# (6.1 sized it from the same memory as 7680 entries)
max=8192 expect=128
[ "$kv" = 6.1 ] && max=7680 expect=120
cat >"$work/linux.profile" <<PROFILE
base full
name full-$kv
kernel $kv
sysctl net.netfilter.nf_conntrack_max = $max
sysctl net.netfilter.nf_conntrack_buckets = $max
sysctl net.netfilter.nf_conntrack_expect_max = $expect
sysctl net.netfilter.nf_log.2 = nf_log_ipv4
sysctl net.netfilter.nf_log.3 = nf_log_arp
sysctl net.netfilter.nf_log.5 = nf_log_netdev
sysctl net.netfilter.nf_log.7 = nf_log_bridge
sysctl net.netfilter.nf_log.10 = nf_log_ipv6
PROFILE
# one daemon, a net of its own for each sequence (transcript.sh)
mapfile -t run < <(vm_to_run "${names[@]}")
(cd "$work" && "$cli" run --profile linux.profile -- \
	bash "$here/../nft-diff/transcript.sh" "$here/side.sh" \
	"$here/sequences" "${run[@]}") >"$work/actual" 2>&1
# The block of sequence $2 in transcript $1, each conntrack entry's
# remaining timeout as "T" (in -o xml too; and the entries of a
# listing sorted again), and an ipset element's likewise:
# the machine runs under TCG, many times slower than this host, and its
# countdowns run down between commands far more than side.sh's rounding
# absorbs.
block() {
	vm_block "$1" "$2" |
		perl -ne '
			if (s/^((\s*\[[A-Z]+\]\s+)?(ipv[46]\s+\d+\s+)?[a-z0-9]+\s+\d+ )\d+ (?=([A-Z_0-9]+ )?src=)/$1T /) {
				push @run, $_; next;
			}
			s|<timeout>\d+</timeout>|<timeout>T</timeout>|g;
			s/ timeout [1-9]\d*/ timeout T/g
				unless /^(\$ |create |Header: )/;
			print sort @run; @run = (); print;
			END { print sort @run }'
}
vm_verdicts block "$kv" "$expected" "$work/actual" "${names[@]}"
exit 0
