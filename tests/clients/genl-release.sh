#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The generic netlink families under a profile of an older kernel
# against what that kernel's nlctrl said (genl-RELEASE.expected,
# recorded with genl-vm-record.sh): which of the families unetlink
# models it registers, in its order, and each one's description (ops,
# groups, GETPOLICY dump; tests/rtnl-diff/genl-family.py), as the
# release in the profile's `kernel` line selects them (the ops' and
# groups' since/until).  One TAP line a family.  Needs python3; no
# root, no kernel.
#   genl-release.sh RELEASE
set -u
cli=${UNETLINK_CLI:?}
here=$(cd "$(dirname "$0")" && pwd)
kv=${1:?usage: genl-release.sh RELEASE}
expected=$here/genl-$kv.expected
py=/usr/bin/python3
[ -x $py ] || { echo "1..0 # SKIP no /usr/bin/python3"; exit 0; }
command -v genl >/dev/null || { echo "1..0 # SKIP no genl (iproute2)"; exit 0; }
# the families unetlink models, as the recording asked for them
fams="nlctrl wireguard tcp_metrics mptcp_pm SEG6 IOAM6 netdev TASKSTATS
	handshake NET_DM devlink ethtool"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'base full\nname full-%s\nkernel %s\n' "$kv" "$kv" >"$work/p.profile"
"$cli" run --profile "$work/p.profile" -- sh -c '
echo "== list"
genl ctrl list 2>&1 | sed -n "s/^Name: //p"
echo "== families"
'$py' "$0" '"$(echo $fams)" "$here/../rtnl-diff/genl-family.py" \
	>"$work/u" 2>&1
# the list as far as the model goes: the names it knows
list() {
	sed -n '/^== list$/,/^== families$/p' "$1" | sed '1d;$d' |
		grep -xF -f <(tr ' \t' '\n\n' <<<"$fams" | sed '/^$/d')
}
# the block of family $2 in $1
block() {
	awk -v f="$2" '/^family |^[A-Za-z_0-9]+ [A-Z]+$/ {
		on = ($1 == "family" ? $2 : $1) == f } on' "$1"
}
set -- $fams
echo "1..$(($# + 1))"
if diff -u --label "linux-$kv" --label unetlink <(list "$expected") \
	<(list "$work/u") >"$work/d"; then
	echo "ok 1 list"
else
	echo "not ok 1 list"
	sed 's/^/#   /' "$work/d"
fi
i=1
for f; do
	i=$((i + 1))
	if diff -u --label "linux-$kv" --label unetlink \
		<(block "$expected" "$f") <(block "$work/u" "$f") >"$work/d"; then
		echo "ok $i $f"
	else
		echo "not ok $i $f"
		sed 's/^/#   /' "$work/d"
	fi
done
