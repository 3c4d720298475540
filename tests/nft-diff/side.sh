#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# One side of one sequence of nft-diff.sh, run inside `unshare -n` (the
# kernel) or under `unetlink run` (unetlink), by rtnl-diff.sh's scaffold:
#   side.sh kernel|unetlink DIR
# DIR/commands holds one shell command a line.  Prints each command with
# its output and exit status, then the ruleset as nft shows it (with
# handles, and as JSON) and as iptables-nft-save shows it (without its
# comment lines, which carry the date).  The pid nft prints with a new
# generation (`nft -e`, `nft monitor`) is whatever the pid of the
# process that made it was: "by process PID".
set -u
dir=$2
while IFS= read -r cmd; do
	echo "\$ $cmd"
	bash -c "$cmd" 2>&1 | sed 's/by process [0-9]*/by process PID/'
	echo "[rc=${PIPESTATUS[0]}]"
done <"$dir/commands"
echo "## nft -a list ruleset"
nft -a list ruleset 2>&1
echo "## nft -j list ruleset"
nft -j list ruleset 2>&1
if command -v iptables-nft-save >/dev/null; then
	echo "## iptables-nft-save"
	iptables-nft-save 2>&1 | grep -v '^#'
fi
exit 0
