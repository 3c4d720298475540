#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Every sequence of a differential test's sequences file, one after the
# other, each in a net of its own (`unshare -n`), as one transcript: a
# line "=== NAME", then what the test's side script printed for it, or
# "skip: WHY" when the kernel in front of it lacks what the sequence
# @needs.  Run in a virtual machine with another kernel
# (scripts/kernel-vm.sh: the kernel side recorded, vm-record.sh) and
# under `unetlink run --profile` of that kernel (the unetlink side,
# vm-compare.sh), so that both sides judge the @needs alike.
#   transcript.sh SIDE SEQUENCES [NAME...]
#     SIDE       the side script (nft-diff's or ct-diff's side.sh), run
#                as `SIDE kernel DIR`
#     SEQUENCES  the sequences file (tests/rtnl-diff/sequences' format)
#     NAME       only these sequences (default: all)
#   TRANSCRIPT_KERNEL  the release @needs kernel:X.Y is judged against
#                      (default: uname -r; under unetlink, the profile's)
set -u
side=$1
sequences=$2
shift 2
kernel=${TRANSCRIPT_KERNEL:-$(uname -r)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Whether the kernel (or the model) in front of us meets $1; the probes
# of rtnl-diff.sh, asked in a net of their own.
have() {
	case $1 in
	tool:*) command -v "${1#tool:}" >/dev/null ;;
	kernel:*)
		[ "$(printf '%s\n%s\n' "${1#kernel:}" "$kernel" | sort -V |
			head -n1)" = "${1#kernel:}" ] ;;
	has:nft-flowtable) unshare -n sh -c 'nft add table inet p &&
		nft add flowtable inet p f "{ hook ingress priority 0; }"' \
		>/dev/null 2>&1 ;;
	lacks:nft-flowtable) ! have has:nft-flowtable ;;
	has:nfnetlink-hook) unshare -n python3 -S "$NFT_DIFF_HOOKS" --probe ;;
	lacks:nfnetlink-hook) ! have has:nfnetlink-hook ;;
	lacks:lsm-secmark) unshare -n sh -c 'nft add table ip p &&
		nft add secmark ip p s "{ \"system_u:object_r:unlabeled_t:s0\" }"' \
		2>&1 | grep -q 'No such file' ;;
	ipset:*) unshare -n ipset create p "${1#ipset:}" >/dev/null 2>&1 ;;
	feature:NETFILTER_XT_SET) unshare -n sh -c 'ipset create p hash:ip &&
		iptables-nft -A INPUT -m set --match-set p src' \
		>/dev/null 2>&1 ;;
	*) return 2 ;;
	esac
}

# Why the sequence whose needs are in file $1 cannot run, or nothing.
unmet() {
	local need
	while IFS= read -r need; do
		have "$need" && continue
		case $need in
		tool:*) echo "no ${need#tool:}" ;;
		kernel:*) echo "kernel $kernel is older than ${need#kernel:}" ;;
		lacks:*) echo "the kernel has ${need#lacks:}" ;;
		has:*) echo "the kernel lacks ${need#has:}" ;;
		ipset:*) echo "the kernel lacks ipset type ${need#ipset:}" ;;
		*) echo "the kernel lacks $need" ;;
		esac
		return
	done <"$1"
}

run_one() { # name dir
	local why
	echo "=== $1"
	why=$(unmet "$2/needs")
	if [ -n "$why" ]; then
		echo "skip: $why"
		return
	fi
	(cd "$2" && unshare -n bash "$side" kernel "$2") 2>&1
}

# the sequences file, as rtnl-diff.sh parses it: "== NAME", commands,
# @needs lines; other directives are left to the side script's dir
name= dir=
while IFS= read -r line; do
	case $line in
	'#'* | '') continue ;; # a blank line ends a sequence, runs nothing
	'== '*)
		[ -n "$name" ] && run_one "$name" "$dir"
		name=${line#== } dir=
		if [ $# -gt 0 ]; then
			for o in "$@"; do
				[ "$o" = "$name" ] && dir=x
			done
			[ -n "$dir" ] || { name=; continue; }
		fi
		dir=$work/$name
		mkdir -p "$dir"
		: >"$dir/commands"
		: >"$dir/needs"
		;;
	'@needs '*)
		[ -n "$name" ] && printf '%s\n' ${line#@needs } >>"$dir/needs" ;;
	@*) ;;
	*) [ -n "$name" ] && printf '%s\n' "$line" >>"$dir/commands" ;;
	esac
done <"$sequences"
[ -n "$name" ] && run_one "$name" "$dir"
exit 0
