#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# ipset's hash:mac and hash:ip,mark (with its markmask), which this
# host's kernel may lack, under the `full` profile as Linux 6.12 has it:
# the commands of ipset-mac-mark.cmds, their errors, listings and save
# against ipset-mac-mark.expected, which is what Linux 6.12 (Debian's
# 6.12.118, scripts/kernel-vm.sh with KERNEL_VM_MODULES="ip_set_hash_mac
# ip_set_hash_ipmark") printed for them, normalised as here: as in
# ct-diff, each command's output is sorted (a hash lists its elements in
# the order of buckets of a random seed), a set's initval and size in
# memory are masked, and what is left of an element's timeout is
# rounded up to a minute.  To record it again:
#   KERNEL_VM_PROGS=ipset KERNEL_VM_MODULES="ip_set_hash_mac \
#   ip_set_hash_ipmark" scripts/kernel-vm.sh tests/clients/transcript.sh \
#   tests/clients/ipset-mac-mark.cmds |
#   tests/clients/ipset-mac-mark.sh --normalise
# On a host whose kernel has the types, ct-diff's ipset-hash-mac and
# ipset-hash-ipmark compare them live as well.  Needs ipset; no root,
# no kernel.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# The output between a "$ command" line and its "-> status" line sorted,
# with the random and the timing-dependent masked.
normalise() {
	perl -ne '
		sub out { print sort @block; @block = (); }
		if (/^\$ / || /^-> \d+$/) { out(); print; next; }
		s/initval 0x[0-9a-f]+/initval INITVAL/;
		s/^Size in memory: \d+/Size in memory: SIZE/;
		s/ timeout (\d+)/" timeout ".(int(($1+59)\/60)*60)/ge
			unless /^(Header|create) /;
		push @block, $_;
		END { out(); }'
}
if [ "${1:-}" = --normalise ]; then
	LC_ALL=C normalise
	exit 0
fi
cli=${UNETLINK_CLI:?}
command -v ipset >/dev/null || { echo "skip: no ipset"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'base full\nname full-6.12\nkernel 6.12\n' >"$dir/linux-6.12.profile"
cp "$here/ipset-mac-mark.cmds" "$dir/commands"
(cd "$dir" && "$cli" run --profile linux-6.12.profile -- \
	sh "$here/transcript.sh" commands) 2>&1 | LC_ALL=C normalise >"$dir/out"
if diff -u "$here/ipset-mac-mark.expected" "$dir/out"; then
	echo "ok: ipset-mac-mark"
else
	exit 1
fi
