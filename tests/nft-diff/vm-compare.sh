#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# nft-diff's sequences (and sequences-vm's) against another kernel than
# the host's: linux-6.12.expected is what Linux 6.12 (Debian's
# 6.12.118, every netfilter module loaded, in scripts/kernel-vm.sh's
# virtual machine, each sequence in a fresh net) printed for them, and
# the unetlink side runs here under the `full` profile as Linux 6.12
# has it, through the same transcript.sh.  Each sequence is one TAP
# line: identical, differing (with the diff), or skipped by name (what
# the recording's kernel lacked, what this host lacks, what the model
# does not follow yet).  The transcript depends on nft's version: on a
# host with another nft than the recording's, everything is skipped.
#   vm-compare.sh [-k RELEASE] [-a] [NAME...]
#     -k    the recording of another release, linux-RELEASE.expected
#           (6.1: Debian's 6.1.192), under a profile of that release
#     -a    every sequence of the recording; by default only those
#           whose behaviour depends on the kernel's release or
#           configuration (DEFAULT below), which keeps run-all short;
#           another release's recording: all of it by default
#     NAME  only these
# linux-6.1.expected (Debian's 6.1.192) holds the DEFAULT sequences and
# chain-hook-mismatch, chain-type-mismatch and rule-jump-loop:
#   tests/nft-diff/vm-record.sh -k 6.1.0-57-amd64 build chain-hook-mismatch \
#     chain-type-mismatch rule-jump-loop DEFAULT... >linux-6.1.expected
# To record again (a few minutes under TCG; needs qemu-system-x86,
# busybox and the 6.12 kernel in /boot with its modules):
#   tests/nft-diff/vm-record.sh build >tests/nft-diff/linux-6.12.expected
# or, for some sequences only, record them with their names and put
# their blocks in place of the old ones.
# Environment: UNETLINK_CLI, NFT_DIFF_TOOLS (where nft-batch is).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/vm-verdict.sh"
cli=${UNETLINK_CLI:?}
# The sequences whose behaviour depends on the release (hook devices,
# deletion events, hooks whose device went, a batch's attribute errors
# without an extended ACK before 6.13, payload offsets above 255 refused
# before 6.18, loads of registers the rule never stored refused from
# 6.12) or the configuration (flowtables), and those that change
# the machine (osf); flowtables' others are compared with 6.12 by
# tests/clients/nft-flowtable as well.
DEFAULT="netdev-device-missing flowtable-device-missing delete-events-raw
	delete-events-flowtable-raw flowtable-absent chain-netdev-devices
	osf-fingerprints osf-nfnl-osf malformed-batches expr-inner-tunnel-raw
	netdev-device-gone netdev-device-gone-flowtable
	hooks-chains hooks-conntrack hooks-flowtables netdev-device-renamed
	ct-help-userspace expr-register-loads ct-expect-uhelper"
# Sequences the model does not follow under 6.12 yet, or whose
# recording differs for another reason than the kernel, and why.
declare -A KNOWN=(
	[xt-recent-hashlimit-proc]="recorded with busybox's ls, whose long listing has other columns than coreutils'"
)

kv=6.12
[ "${1:-}" = -k ] && { kv=$2; shift 2; }
# what Debian's 6.1.192 does that the model does not follow under a 6.1
# profile (docs/conformance.md)
if [ "$kv" = 6.1 ]; then
	KNOWN[rule-jump-loop]="6.1 refuses a jump that loops (EMLINK, at the expression) when the rule is added, before any base chain reaches it"
	KNOWN[delete-events-raw]="6.1 writes a table's, a chain's and an object's attributes in another order (docs/conformance.md)"
	KNOWN[netdev-device-gone]="6.1 deletes a netdev chain with its rules when its only device goes (docs/conformance.md)"
	KNOWN[delete-events-flowtable-raw]="6.1 writes a table's and a chain's attributes in another order (as delete-events-raw)"
fi
expected=$here/linux-$kv.expected
all=0
[ "${1:-}" = -a ] && { all=1; shift; }
[ -e "$expected" ] || vm_skip_all "no recording ($expected)"
mapfile -t names < <(vm_names "$kv" "$expected" $all "$DEFAULT" "$@")
command -v nft >/dev/null || vm_skip_all "no nft (nftables)"
command -v perl >/dev/null || vm_skip_all "no perl"
recorded=$(sed -n '1s/^# [^;]*; //p' "$expected")
[ "$recorded" = "$(nft -v)" ] ||
	vm_skip_all "nft here is $(nft -v), the recording's $recorded"
echo "1..${#names[@]}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "${NFT_DIFF_TOOLS:-}" ] && export PATH=$NFT_DIFF_TOOLS:$PATH
export NFT_DIFF_RULESETS=$here/rulesets
export NFT_DIFF_EVENTS=$here/../clients/nft-events.py
export NFT_DIFF_OSF=$here/osf.py
export NFT_DIFF_HOOKS=$here/nft-hooks-raw.py
export NFT_DIFF_CT_UHELP=$here/ct-uhelp.py
export NFT_DIFF_REG_RAW=$here/nft-reg-raw.py
export TRANSCRIPT_KERNEL=$kv
# Debian's kernels run AppArmor, whose netfilter hook is in every net
printf 'base full\nname full-%s\nkernel %s\nfeature SECURITY_APPARMOR\n' \
	"$kv" "$kv" >"$work/linux.profile"
# one daemon, a net of its own for each sequence (transcript.sh)
mapfile -t run < <(vm_to_run "${names[@]}")
(cd "$work" && "$cli" run --profile linux.profile -- bash -c '
	bash "$0" "$1" "$2" "${@:4}"
	bash "$0" "$1" "$3" "${@:4}"' "$here/transcript.sh" "$here/side.sh" \
	"$here/sequences" "$here/sequences-vm" "${run[@]}") 2>&1 |
	sed "s|$NFT_DIFF_RULESETS/|RULESETS/|g" >"$work/actual"
vm_verdicts vm_block "$kv" "$expected" "$work/actual" "${names[@]}"
exit 0
