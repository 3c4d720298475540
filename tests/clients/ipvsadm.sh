#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# IPVS (issue 15) under the `full` profile as Linux 6.12 has it: the
# ipvsadm commands of ipvsadm.cmds (services by address and by fwmark,
# every scheduler, persistence, the SIP engine, destinations with each
# forwarding method, tunnel types, weights and thresholds, listings
# with --stats, --rate, --thresholds, --tun-info, save and restore,
# timeouts, the sync daemons, zero, flush, and the errors of each) and
# ipvs-raw.py's requests (nlctrl's GETPOLICY of the family in hex,
# every command's replies in hex, malformed requests with their errno
# and extended ACK, uid 65534's refusal) against ipvsadm.expected: what
# Linux 6.12 (Debian's 6.12.118, in a virtual machine, ip_vs and its
# schedulers loaded, in a fresh net namespace) printed for the same
# commands; scripts/ipvsadm-record.sh records it again.  On a host
# whose kernel has ip_vs loaded, the same commands are also run in
# `unshare -n` and compared live with the model under the host's own
# profile.  Needs ipvsadm and python3 (and root
# for the uid change, the transcript's last part).
set -u
cli=${UNETLINK_CLI:?}
here=$(cd "$(dirname "$0")" && pwd)
command -v ipvsadm >/dev/null || { echo "skip: no ipvsadm"; exit 77; }
py=/usr/bin/python3
[ -x $py ] || { echo "skip: no /usr/bin/python3"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "skip: needs root (requests as uid 65534)"; exit 77; }
out=$(mktemp)
bin=$(mktemp -d)
trap 'rm -rf "$out" "$out".live "$out".model "$bin"' EXIT
ln -s $py "$bin/python3"
PATH=$bin:$PATH
IPVS_RAW=$here/ipvs-raw.py
export IPVS_RAW
printf 'base full\nname full-6.12\nkernel 6.12\n' >"$bin/linux-6.12.profile"
# the command's files (ipvsadm -S > FILE) in a directory of this run
sed "s|/tmp/ipvs.save|$bin/ipvs.save|g" "$here/ipvsadm.cmds" >"$bin/cmds"
"$cli" run --shared --profile "$bin/linux-6.12.profile" -- sh -c '
while IFS= read -r cmd; do
	printf "\$ %s\n" "$cmd"
	sh -c "$cmd" 2>&1
	echo "-> $?"
done <"$1"' sh "$bin/cmds" 2>&1 | sed "s|$bin/ipvs.save|/tmp/ipvs.save|g" >"$out"
status=0
if diff -u "$here/ipvsadm.expected" "$out"; then
	echo "ok: ipvsadm (Linux 6.12's transcript)"
else
	status=1
fi
# live, where the kernel has IPVS (loading ip_vs is up to the host):
# the kernel in `unshare -n` against the model under this host's own
# profile
if [ -d /sys/module/ip_vs ] && unshare -n true 2>/dev/null; then
	loop='
while IFS= read -r cmd; do
	printf "\$ %s\n" "$cmd"
	sh -c "$cmd" 2>&1
	echo "-> $?"
done <"$1"'
	unshare -n sh -c "$loop" sh "$bin/cmds" 2>&1 |
		sed "s|$bin/ipvs.save|/tmp/ipvs.save|g" >"$out.live"
	"$cli" run --shared -- sh -c "$loop" sh "$bin/cmds" 2>&1 |
		sed "s|$bin/ipvs.save|/tmp/ipvs.save|g" >"$out.model"
	if diff -u "$out.live" "$out.model"; then
		echo "ok: ipvsadm (this kernel, live)"
	else
		status=1
	fi
else
	echo "skip: live comparison (the kernel has no ip_vs loaded)"
fi
exit $status
