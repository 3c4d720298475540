#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Records what another kernel prints for nft-diff's sequences (those of
# `sequences` and `sequences-vm`), for vm-compare.sh: boots the kernel
# of /boot (Debian's 6.12) with scripts/kernel-vm.sh, every netfilter
# module loaded, and runs transcript.sh there with side.sh, the host's
# nft, iptables-nft, ipset, conntrack ... copied in.  A developer's tool:
# needs qemu-system-x86, busybox, a kernel image and its modules, and
# a build (for nft-batch); takes many minutes under TCG (an
# hour on a loaded machine).
#   tests/nft-diff/vm-record.sh [-k RELEASE] BUILDDIR [NAME...] >FILE
# e.g.  tests/nft-diff/vm-record.sh build >tests/nft-diff/linux-6.12.expected
# With NAMEs only those sequences (to put in place of their old record).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
rel=
[ "${1:-}" = -k ] && { rel=$2; shift 2; }
build=${1:?usage: vm-record.sh [-k RELEASE] BUILDDIR [NAME...]}
shift
[ -n "$rel" ] || rel=$(ls /boot/vmlinuz-* | sort -V | tail -n1 | sed 's|/boot/vmlinuz-||')
mods=/lib/modules/$rel
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the sequences, their side script and rulesets, and the runner
mkdir "$work/b"
cp "$here/transcript.sh" "$here/side.sh" "$here/sequences" \
	"$here/sequences-vm" "$here/osf.py" "$here/../clients/nft-events.py" \
	"$here/nft-hooks-raw.py" "$here/ct-uhelp.py" \
	"$work/b/"
cp -r "$here/rulesets" "$work/b/"
# a raw client, beside the netlink helpers it imports (../rtnl-diff)
mkdir "$work/b/nft-diff" "$work/b/rtnl-diff"
cp "$here/nft-reg-raw.py" "$here/nftmsg.py" "$work/b/nft-diff/"
cp "$here/../rtnl-diff/nlmsg.py" "$work/b/rtnl-diff/"
[ -x "$build/tests/nft-diff/nft-batch" ] && PATH=$build/tests/nft-diff:$PATH
printf '%s\n' "$@" >"$work/b/names"
(cd "$work/b" && tar cf "$work/bundle.tar" .)
cat >"$work/guest.sh" <<'GUEST'
mkdir b && cd b && tar xf ../bundle.tar
export NFT_DIFF_RULESETS=$PWD/rulesets
export NFT_DIFF_EVENTS=$PWD/nft-events.py NFT_DIFF_OSF=$PWD/osf.py
export NFT_DIFF_HOOKS=$PWD/nft-hooks-raw.py NFT_DIFF_CT_UHELP=$PWD/ct-uhelp.py
export NFT_DIFF_REG_RAW=$PWD/nft-diff/nft-reg-raw.py
# the sequences print nft's version nowhere; the comparison wants it
echo "# $(uname -r); $(nft -v)"
# where the rulesets are is the guest's: "RULESETS/" (vm-compare.sh
# writes its own so)
{ bash ./transcript.sh "$PWD/side.sh" "$PWD/sequences" $(cat names)
  bash ./transcript.sh "$PWD/side.sh" "$PWD/sequences-vm" $(cat names)
} 2>&1 | sed "s|$NFT_DIFF_RULESETS/|RULESETS/|g"
GUEST
# every netfilter module the kernel has (ipvs aside), the protocol
# and service names nft looks up, iptables-nft's extensions
modules=$(find "$mods/kernel/net/netfilter" "$mods/kernel/net/ipv4/netfilter" \
	"$mods/kernel/net/ipv6/netfilter" "$mods/kernel/net/bridge/netfilter" \
	-name '*.ko*' -not -path '*/ipvs/*' | sed 's|.*/||; s|\.ko.*||' |
	grep -v '^xt_LED$' | sort | tr '\n' ' ')
progs="bash perl unshare setpriv nft iptables-nft iptables-nft-save
	iptables-nft-restore ip6tables-nft ip6tables-nft-save ebtables-nft
	arptables-nft ipset conntrack nfct nfacct nft-batch nfnl_osf"
have_progs=
for p in $progs; do
	command -v "$p" >/dev/null && have_progs="$have_progs $p"
done
files=
for f in /usr/lib/x86_64-linux-gnu/xtables /etc/ethertypes \
	/usr/lib/x86_64-linux-gnu/conntrack-tools; do
	[ -e "$f" ] && files="$files $f"
done
VM_IPV6=1 KERNEL_VM_PROGS=$have_progs KERNEL_VM_FILES=$files \
KERNEL_VM_MODULES="crc32c_generic $modules" \
KERNEL_VM_TIMEOUT=${KERNEL_VM_TIMEOUT:-3000} \
	sh "$top/scripts/kernel-vm.sh" -k "$rel" "$work/guest.sh" "$work/bundle.tar"
