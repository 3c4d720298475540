#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# IPVS's socket options and sysctls (issue 15) under the `full` profile
# as Linux 6.12 has it: the commands of ipvs-sockopt.cmds (the raw
# client ipvs-sockopt.c: every IP_VS_SO_SET_* and IP_VS_SO_GET_* option
# with good and bad lengths, the services, destinations, timeouts and
# sync daemons they make and read, uid 65534's EPERM, SOL_IP on an
# AF_INET6 socket; /proc/sys/net/ipv4/vs's entries, modes, defaults and
# writes good and bad; sysctl on net.ipv4.vs) through the shim and
# through the seccomp supervisor, against ipvs-sockopt.expected: what
# Linux 6.12 (Debian's 6.12.118 in a virtual machine, ip_vs loaded, in
# a fresh net namespace) printed; scripts/ipvs-sockopt-record.sh
# records it again.  Two values are the machine's and are left out of
# the comparison: sync_qlen_max's default (free pages / 32) and the
# CPUs est_cpulist lists before a write.  Then a profile without ip_vs:
# the options are ENOPROTOOPT and the directory is missing.  Then the
# listings: /proc/sys/net/ipv4 names vs (ls, sysctl -a, os.listdir;
# busybox-static ls under --seccomp), and not without ip_vs.  Where the
# host's kernel has ip_vs loaded, the commands also run in `unshare -n`
# and are compared live.  Needs root (the uid change).
set -u
cli=${UNETLINK_CLI:?}
client=${IPVS_SOCKOPT:?}
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "skip: needs root (requests as uid 65534)"; exit 77; }
command -v sysctl >/dev/null || { echo "skip: no sysctl"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/bin"
ln -s "$client" "$dir/bin/ipvs-sockopt"
PATH=$dir/bin:$PATH
printf 'base full\nname full-6.12\nkernel 6.12\n' >"$dir/linux-6.12.profile"
printf 'base full\nname no-ipvs\ngenl -IPVS\n' >"$dir/no-ipvs.profile"
loop='
while IFS= read -r cmd; do
	printf "\$ %s\n" "$cmd"
	sh -c "$cmd" 2>&1
	echo "-> $?"
done <"$1"'
# the machine's values
normal() {
	sed -e "s/^\(sync_qlen_max 644\) '[0-9]*'$/\1 'N'/" \
		-e "s/^\(net.ipv4.vs.sync_qlen_max =\) [0-9]*$/\1 N/" \
		-e "0,/^est_cpulist 644/s/^\(est_cpulist 644\) '.*'$/\1 'CPUS'/" "$1"
}
normal "$here/ipvs-sockopt.expected" >"$dir/want"
status=0
for mode in --preload --seccomp; do
	"$cli" run --shared --profile "$dir/linux-6.12.profile" $mode -- \
		sh -c "$loop" sh "$here/ipvs-sockopt.cmds" >"$dir/out" 2>&1
	normal "$dir/out" >"$dir/got"
	if diff -u "$dir/want" "$dir/got"; then
		echo "ok: IPVS options and sysctls ($mode, Linux 6.12's transcript)"
	else
		status=1
	fi
done
# without ip_vs: as a kernel without the module
printf 'GET_INFO: ENOPROTOOPT\nGET_VERSION len 64: ENOPROTOOPT\nopendir: ENOENT\n' \
	>"$dir/absent.want"
"$cli" run --shared --profile "$dir/no-ipvs.profile" -- sh -c \
	'ipvs-sockopt inet6; ipvs-sockopt sysctl' >"$dir/absent" 2>&1
if diff -u "$dir/absent.want" "$dir/absent"; then
	echo "ok: no ip_vs in the profile, no options and no sysctls"
else
	status=1
fi
# the listings: /proc/sys/net/ipv4 names vs and `sysctl -a` walks
# into it, as on Linux with ip_vs loaded, though the host's kernel
# lists ipv4 (the daemon merges its entries with the model's); without
# ip_vs in the profile neither does
# a static busybox for the seccomp front end (--preload leaves a
# static program unserved; its `sysctl -a` costs a second, the shim's
# a tenth)
bb=/usr/local/lib/unetlink-tests/busybox-static/bin/busybox
[ -x "$bb" ] || bb=$(command -v busybox) || bb=
walk_shim='n=$(ls /proc/sys/net/ipv4/vs 2>/dev/null | wc -l)
echo "ls: $(ls /proc/sys/net/ipv4 | grep -cx vs)"
echo "sysctl -a: $(sysctl -a 2>/dev/null | grep -c "^net\.ipv4\.vs\.") of $n"
echo "listdir: $(/usr/bin/python3 -c "import os; print(os.listdir(\"/proc/sys/net/ipv4\").count(\"vs\"))")"'
walk_seccomp='echo "busybox ls: $("$1" ls /proc/sys/net/ipv4 | grep -cx vs)"'
# walk_want MODE HAS N: the lines of the walk when vs is there (1) or
# not (0)
walk_want() {
	if [ "$1" = --preload ]; then
		printf 'ls: %s\nsysctl -a: %s of %s\nlistdir: %s\n' "$2" "$3" "$3" "$2"
	else
		printf 'busybox ls: %s\n' "$2"
	fi
}
for mode in --preload --seccomp; do
	if [ $mode = --preload ]; then
		walk=$walk_shim
	elif [ -n "$bb" ]; then
		walk=$walk_seccomp
	else
		echo "skip: busybox ls of /proc/sys/net/ipv4 (no busybox)"
		continue
	fi
	"$cli" run --shared --profile "$dir/linux-6.12.profile" $mode -- \
		sh -c "$walk" sh "$bb" >"$dir/walk" 2>&1
	n=$(sed -n 's/^sysctl -a: .* of //p' "$dir/walk")
	walk_want $mode 1 "$n" >"$dir/walk.want"
	if [ $mode = --seccomp ] || [ "${n:-0}" -gt 0 ] &&
		diff -u "$dir/walk.want" "$dir/walk"; then
		echo "ok: /proc/sys/net/ipv4 lists vs ($mode)"
	else
		status=1
	fi
	"$cli" run --shared --profile "$dir/no-ipvs.profile" $mode -- \
		sh -c "$walk" sh "$bb" >"$dir/walk" 2>&1
	walk_want $mode 0 0 >"$dir/walk.want"
	if diff -u "$dir/walk.want" "$dir/walk"; then
		echo "ok: no ip_vs in the profile, no vs in the listings ($mode)"
	else
		status=1
	fi
done
if [ -d /sys/module/ip_vs ] && unshare -n true 2>/dev/null; then
	unshare -n sh -c "$loop" sh "$here/ipvs-sockopt.cmds" >"$dir/live" 2>&1
	"$cli" run --shared -- sh -c "$loop" sh "$here/ipvs-sockopt.cmds" \
		>"$dir/model" 2>&1
	normal "$dir/live" >"$dir/live.n"
	normal "$dir/model" >"$dir/model.n"
	if diff -u "$dir/live.n" "$dir/model.n"; then
		echo "ok: IPVS options and sysctls (this kernel, live)"
	else
		status=1
	fi
else
	echo "skip: live comparison (the kernel has no ip_vs loaded)"
fi
exit $status
