#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Records what another kernel prints for ct-diff's sequences, for
# vm-compare.sh: boots the kernel of /boot (Debian's 6.12) with
# scripts/kernel-vm.sh, every netfilter module loaded, and runs
# nft-diff's transcript.sh there with ct-diff's side.sh, the host's
# conntrack, ipset, nfct, nfacct, iptables-nft ... copied in (and
# dash as sh and coreutils' ls, stat, cat and cut, whose messages the
# sequences compare).  A developer's tool: needs qemu-system-x86,
# busybox, a kernel image and its modules; takes many minutes under TCG
# (an hour for all of them on a loaded machine: KERNEL_VM_TIMEOUT).
#   tests/ct-diff/vm-record.sh [-k RELEASE] [NAME...] >FILE
# e.g.  tests/ct-diff/vm-record.sh >tests/ct-diff/linux-6.12.expected
# With NAMEs only those sequences (to put in place of their old record).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
rel=
[ "${1:-}" = -k ] && { rel=$2; shift 2; }
[ -n "$rel" ] || rel=$(ls /boot/vmlinuz-* | sort -V | tail -n1 | sed 's|/boot/vmlinuz-||')
mods=/lib/modules/$rel
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the sequences name their helpers as "$RTNL_DIFF_DIR/../ct-diff/X.py":
# the bundle keeps that layout
mkdir -p "$work/b/ct-diff" "$work/b/rtnl-diff"
cp "$here/side.sh" "$here/sequences" "$here"/*.py "$work/b/ct-diff/"
cp "$here/../nft-diff/transcript.sh" "$work/b/"
printf '%s\n' "$@" >"$work/b/names"
(cd "$work/b" && tar cf "$work/bundle.tar" .)
cat >"$work/guest.sh" <<'GUEST'
mkdir b && cd b && tar xf ../bundle.tar
export RTNL_DIFF_DIR=$PWD/rtnl-diff
# the comparison skips everything when the tools differ from these
echo "# $(uname -r); $(conntrack --version 2>&1 | head -n1); $(ipset version 2>&1 | head -n1)"
bash ./transcript.sh "$PWD/ct-diff/side.sh" "$PWD/ct-diff/sequences" $(cat names) 2>&1
GUEST
modules=$(find "$mods/kernel/net/netfilter" "$mods/kernel/net/ipv4/netfilter" \
	"$mods/kernel/net/ipv6/netfilter" "$mods/kernel/net/bridge/netfilter" \
	-name '*.ko*' -not -path '*/ipvs/*' | sed 's|.*/||; s|\.ko.*||' |
	grep -v '^xt_LED$' | sort | tr '\n' ' ')
progs="bash sh cat cut perl unshare setpriv ls stat conntrack ipset nfct nfacct
	iptables-nft iptables-nft-save ip6tables-nft ip6tables-nft-save"
have_progs=
for p in $progs; do
	command -v "$p" >/dev/null && have_progs="$have_progs $p"
done
# python's ctypes (so-ip-set.py) with the libffi it loads, xtables'
# extensions (iptables-nft dlopen()s them), ethertypes, and the names
# of users and groups (ls -l's columns)
files=$(/usr/bin/python3 -c 'import _ctypes; print(_ctypes.__file__)' 2>/dev/null || :)
for f in /usr/lib/x86_64-linux-gnu/xtables /etc/ethertypes /etc/passwd \
	/etc/group; do
	[ -e "$f" ] && files="$files $f"
done
VM_IPV6=1 KERNEL_VM_PROGS=$have_progs KERNEL_VM_FILES=$files \
KERNEL_VM_MODULES="crc32c_generic $modules" \
KERNEL_VM_TIMEOUT=${KERNEL_VM_TIMEOUT:-3000} \
	sh "$top/scripts/kernel-vm.sh" -k "$rel" "$work/guest.sh" "$work/bundle.tar"
