#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Runs the commands of ip6-tunnels.cmds (or another list), each line
# echoed with its output and status.  The addresses Linux draws at
# random (an IPv6 tunnel's permanent address, and the EUI-64 link-local
# made from it) are masked, the rest kept as printed.  Used for the
# recording in a virtual machine (scripts/kernel-vm.sh) and by
# ip6-tunnels.sh under unetlink: the same commands on both.
mask() {
	sed -E -e 's/permaddr [0-9a-f:.]+/permaddr PERM/g' \
		-e 's/"permaddr":"[^"]*"/"permaddr":"PERM"/g' \
		-e 's/fe80::[0-9a-f:]*ff:fe[0-9a-f:]*/fe80::EUI/g'
}
while IFS= read -r cmd; do
	case $cmd in
	'' | '#'*)
		echo "$cmd"
		continue
		;;
	esac
	echo "\$ $cmd"
	out=$(sh -c "$cmd" 2>&1)
	rc=$?
	[ -n "$out" ] && printf '%s\n' "$out" | mask
	echo "[$rc]"
done <"$1"
