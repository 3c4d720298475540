#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# ebtables-legacy through ebtables' socket options, whose replace points
# at the entries and counters the front ends follow: the commands of
# ebtables-legacy.cmds (filter, nat and broute; user chains and loops;
# among, ip, ip6, arp, vlan, stp, 802_3, pkttype, limit, mark_m, the log
# and nflog watchers, the mark, dnat, snat, redirect and arpreply
# targets; -L --Lc/--Lx, -Z, -P, -X, atomic save, commit and init) and
# ebt_blobs.py's good and bad tables (each errno, the bytes GET_ENTRIES
# writes where it points, SET_ENTRIES' old counters), under the full
# profile as Linux 6.12 has it, through the preload shim and through the
# seccomp supervisor, against ebtables-legacy.expected: what Debian's
# 6.12 printed for them in a virtual machine with ebtables' modules
# (scripts/ebtables-record.sh records it again).  On a host whose kernel
# has ebtables-legacy, also against a new kernel namespace.  Needs
# root (ebt_blobs.py's unprivileged case drops to uid 65534),
# ebtables-legacy and python3.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cli=${UNETLINK_CLI:?}
[ "$(id -u)" = 0 ] || { echo "skip: needs root"; exit 77; }
command -v ebtables-legacy >/dev/null ||
	{ echo "skip: no ebtables-legacy (Debian's ebtables)"; exit 77; }
[ -x /usr/bin/python3 ] || { echo "skip: no /usr/bin/python3"; exit 77; }
# ebtables-legacy leaves some of what it mallocs unset (ebt_nflog's
# flags): with meson's MALLOC_PERTURB_ the kernel would refuse it too,
# and the recording ran without it
unset MALLOC_PERTURB_
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
mkdir "$dir/bin"
ln -s /usr/bin/python3 "$dir/bin/python3"
cp "$here/transcript.sh" "$here/ebtables-legacy.cmds" "$here/ebt_blobs.py" \
	"$dir/"
printf 'base full\nname full-6.12\nkernel 6.12\n' >"$dir/linux-6.12.profile"
transcript() {
	(cd "$dir" && rm -f ebt.atomic ebt.init &&
		PATH=$dir/bin:$PATH "$@" sh ./transcript.sh \
			ebtables-legacy.cmds) 2>&1
}
fail=0
for mode in --preload --seccomp; do
	transcript "$cli" run --shared --profile "$dir/linux-6.12.profile" \
		$mode -- >"$dir/out"
	if diff -u "$here/ebtables-legacy.expected" "$dir/out"; then
		echo "ok: ebtables-legacy ($mode) as Linux 6.12"
	else
		echo "not ok: ebtables-legacy ($mode) differs from Linux 6.12"
		fail=1
	fi
done
if unshare -n ebtables-legacy -L >/dev/null 2>&1; then
	transcript unshare -n >"$dir/kernel"
	transcript "$cli" run --shared -- >"$dir/out"
	if diff -u "$dir/kernel" "$dir/out"; then
		echo "ok: ebtables-legacy as this host's kernel"
	else
		echo "not ok: ebtables-legacy differs from this host's kernel"
		fail=1
	fi
else
	echo "skip: this host's kernel has no ebtables-legacy (compared with Linux 6.12 only)"
fi
exit $fail
