#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The generic netlink families this host's kernel may lack, NET_DM
# (drop monitor), handshake and devlink, under the `full` profile as
# Linux 6.12 has it, against what Debian's 6.12 kernel answered in its initial namespace
# (genl-full.expected, recorded with scripts/kernel-vm.sh, drop_monitor
# loaded): nlctrl's description of each (ops, flags, groups, the
# GETPOLICY dump; the two dump-only commands of devlink under their
# command, as 6.12 writes them, where 6.18 writes 0: genl-full-6.18),
# the requests of tests/rtnl-diff/net-dm.py,
# handshake.py and devlink.py as root and uid 65534, and the devlink
# tool on a machine without devices.  Needs root (the uid change).
set -u
cli=${UNETLINK_CLI:?}
here=$(cd "$(dirname "$0")" && pwd)
rd=$here/../rtnl-diff
[ "$(id -u)" = 0 ] || { echo "skip: needs root (requests as uid 65534)"; exit 77; }
py=/usr/bin/python3
[ -x $py ] || { echo "skip: no /usr/bin/python3"; exit 77; }
command -v devlink >/dev/null || { echo "skip: no devlink (iproute2)"; exit 77; }
out=$(mktemp)
prof=$(mktemp)
trap 'rm -f "$out" "$prof" "$out".*' EXIT
# the full profile as the recording's kernel, 6.12, has it
printf 'base full\nname full-6.12\nkernel 6.12\n' >"$prof"
"$cli" run --shared --profile "$prof" -- sh -c '
echo "== families"
'$py' "$1/genl-family.py" NET_DM handshake devlink
echo "== net-dm"
'$py' "$1/net-dm.py"
echo "== handshake"
'$py' "$1/handshake.py"
echo "== devlink-raw"
'$py' "$1/devlink.py"
echo "== devlink-cli"
for c in "dev" "dev show" "-j dev show" "port" "dev info" \
	"dev show pci/0000:01:00.0" "sb" "dev param show" "region show" \
	"health" "trap" "dev eswitch show pci/0000:01:00.0" \
	"port show pci/0000:01:00.0/1" "lc" "rate"; do
	echo "\$ devlink $c"
	sh -c "devlink $c" 2>&1
	echo "-> $?"
done' sh "$rd" >"$out" 2>&1
# devlink as Linux 6.18 describes it (the full profile's release):
# genl-full-6.18.expected, written from 6.18's net/devlink/netlink_gen.c
# (6.17's rate bandwidths per class, 6.18's health burst period)
"$cli" run --shared --profile full -- \
	$py "$rd/genl-family.py" devlink >"$out.6.18" 2>&1
# PARAM_SET's type under each release, from net/devlink/netlink_gen.c:
# any u8 passes the 6.12 policy and the missing device answers; from
# 6.16 a policy function takes only DEVLINK_VAR_ATTR_TYPE_* values
# (NLA_U8..NLA_FLAG, NLA_NUL_STRING, NLA_BINARY) before any lookup
for p in "$prof" full; do
	"$cli" run --shared --profile "$p" -- \
		$py "$rd/devlink.py" param-types 2>&1
done >"$out.types"
bad="EINVAL invalid enum value (at 56)" # the type attribute
{
	for t in 1 6 7 9 10 11 12 128 129 255; do
		echo "param-set type $t ENODEV"
	done
	for t in 1 6 7 9 10 11 12 128 129 255; do
		case $t in
		1|6|10|11) echo "param-set type $t ENODEV" ;;
		*) echo "param-set type $t $bad" ;;
		esac
	done
} >"$out.types.expected"
status=0
diff -u "$out.types.expected" "$out.types" || status=1
diff -u "$here/genl-full.expected" "$out" || status=1
diff -u "$here/genl-full-6.18.expected" "$out.6.18" || status=1
[ $status = 0 ] && echo "ok: genl-full"
exit $status
