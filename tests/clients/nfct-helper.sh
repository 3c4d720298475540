#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# nfnetlink_cthelper, which this host's kernel may lack
# (NF_CT_NETLINK_HELPER), under the `full` profile as Linux 6.12 has it:
# the `nfct ... helper` commands of nfct-helper.cmds, from this network
# namespace and from new ones (`unshare -n`: Linux keeps the helpers for
# the whole machine, so each sees and changes the others'), against
# nfct-helper.expected, which is what Linux 6.12 (Debian's 6.12.118)
# printed for them:
#   KERNEL_VM_PROGS="nfct unshare" KERNEL_VM_MODULES="crc32c_generic \
#   nfnetlink_cthelper" scripts/kernel-vm.sh tests/clients/transcript.sh \
#   tests/clients/nfct-helper.cmds
# Needs nfct (conntrack-tools' nfct) and unshare; no root, no kernel.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cli=${UNETLINK_CLI:?}
command -v nfct >/dev/null || { echo "skip: no nfct (Debian package nfct)"; exit 77; }
command -v unshare >/dev/null || { echo "skip: no unshare"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# The recorded kernel had no helper module loaded (nf_conntrack_ftp,
# _tftp, _sip): its names were free for userspace helpers.
printf 'base full\nname full-6.12\nkernel 6.12\n%s\n' \
	'feature -NF_CONNTRACK_FTP -NF_CONNTRACK_TFTP -NF_CONNTRACK_SIP' \
	>"$dir/linux-6.12.profile"
cp "$here/nfct-helper.cmds" "$dir/commands"
(cd "$dir" && "$cli" run --profile linux-6.12.profile -- \
	sh "$here/transcript.sh" commands) >"$dir/out" 2>&1
if diff -u "$here/nfct-helper.expected" "$dir/out"; then
	echo "ok: nfct-helper"
else
	exit 1
fi
