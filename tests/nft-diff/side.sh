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
# process that made it was: "by process PID".  What is left of a set
# element's timeout ("expires 59m59s984ms", JSON "expires": 3599) counts
# down from when it was added, so it is shown rounded up to whole
# minutes ("expires ~60m"): sequences give elements timeouts of whole
# minutes, which the time the commands take cannot move across one.
# A binding chain's name (nft's `jump { ... }`) counts such chains since
# the kernel started: "__chainN".
set -u
dir=$2
norm() {
	perl -pe '
		s/by process [0-9]+/by process PID/g;
		s/\b__chain[0-9]+/__chainN/g;
		sub ms { my ($t, $n) = (shift, 0);
			 $n += $1 * {d=>86400000, h=>3600000, m=>60000,
				     s=>1000, ms=>1}->{$2}
				while $t =~ /(\d+)(ms|d|h|m|s)/g;
			 return $n; }
		sub up { my $m = int((shift() + 59999) / 60000); "~${m}m" }
		s/\bexpires ((?:\d+(?:ms|d|h|m|s))+)/"expires " . up(ms($1))/ge;
		s/"expires": (\d+)/"\"expires\": \"" . up($1 * 1000) . "\""/ge;
	'
}
while IFS= read -r cmd; do
	echo "\$ $cmd"
	bash -c "$cmd" 2>&1 | norm
	echo "[rc=${PIPESTATUS[0]}]"
done <"$dir/commands"
echo "## nft -a list ruleset"
nft -a list ruleset 2>&1 | norm
echo "## nft -j list ruleset"
nft -j list ruleset 2>&1 | norm
if command -v iptables-nft-save >/dev/null; then
	echo "## iptables-nft-save"
	iptables-nft-save 2>&1 | grep -v '^#'
fi
# The other families' views, for the sequences that use those tools.
if grep -q ip6tables "$dir/commands" &&
	command -v ip6tables-nft-save >/dev/null; then
	echo "## ip6tables-nft-save"
	ip6tables-nft-save 2>&1 | grep -v '^#'
fi
if grep -q ebtables "$dir/commands" && command -v ebtables-nft >/dev/null
then
	for t in filter nat; do
		echo "## ebtables-nft -t $t -L"
		ebtables-nft -t $t -L 2>&1
	done
fi
exit 0
