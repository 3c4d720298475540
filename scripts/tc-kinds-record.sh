#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Records tests/clients/tc-kinds.expected again: the commands of
# tc-kinds.sh run by Linux in a virtual machine (scripts/kernel-vm.sh,
# every net/sched module loaded), each in the same transcript format,
# in a fresh net namespace (the initial one holds sch_teql's teql0 and
# would shift the ifindexes) with IPv6 off so that nothing is sent.
# A developer's tool, not a test.  With TC_RECORD=tc-full, the same
# for tests/clients/tc-full.sh and tc-full.expected.  TC_RECORD_OUT
# names another file to write (another release's recording:
# TC_RECORD_OUT=tests/clients/tc-kinds.6.1.expected with -k 6.1...).
#
#   scripts/tc-kinds-record.sh [-k RELEASE]
. "$(dirname "$0")/record-lib.sh"
name=${TC_RECORD:-tc-kinds}
test=$clients/$name.sh
sed -n "/<<'CMDS'\$/,/^CMDS\$/p" "$test" | sed '1d;$d' >"$work/cmds.txt"
cp "$here/../tests/rtnl-diff/tc-raw.py" "$clients/tc-taprio-raw.py" \
	"$work/"
cat >"$work/run.sh" <<'RUN'
TC_RAW=/work/tc-raw.py
TC_TAPRIO=/work/tc-taprio-raw.py
export TC_RAW TC_TAPRIO
exec unshare -n sh -c '
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
while IFS= read -r cmd; do
	echo "\$ $cmd"
	sh -c "$cmd" 2>&1
	echo "-> $?"
done < /work/cmds.txt'
RUN
"$here/kernel-vm.sh" "$@" "$work/run.sh" "$work/cmds.txt" "$work/tc-raw.py" \
	"$work/tc-taprio-raw.py" >"$work/out"
record_keep "${TC_RECORD_OUT:-$clients/$name.expected}"
