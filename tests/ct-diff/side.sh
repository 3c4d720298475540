#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# One side of one sequence of ct-diff.sh, run inside `unshare -n` (the
# kernel) or under `unetlink run` (unetlink), by rtnl-diff.sh's scaffold:
#   side.sh kernel|unetlink DIR
# DIR/commands holds one shell command a line.  Prints each command with
# its output (sorted: the conntrack table is a hash, listed in the order
# of its buckets, which depends on a random seed) and exit status, then
# the tables as conntrack shows them, and the sets as ipset does.
# Normalised: what an event names as its sender (`[USERSPACE] portid=N
# progname=P`) is a socket's port id, whatever the process's pid was
# ("portid=PORTID"); a set's initval is random and its "Size in memory"
# what the kernel's hash allocated ("initval INITVAL", "Size in memory:
# SIZE").  What is left of a timeout counts down while the commands
# run, faster or slower on either side: an entry's remaining timeout
# (conntrack's countdown, an ipset element's "timeout 99") that lies at
# most 20 s below a timeout the commands set (--timeout N, -t N,
# timeout N) reads as that timeout; any other is rounded up, a
# conntrack countdown (text or XML) to a multiple of 5 s, an ipset one to
# a minute.
# (Rounding alone failed now and then: 599 and 594 round apart.)
set -u
dir=$2
CT_TIMEOUTS=$(grep -oE '(--timeout|-t|timeout) [0-9]+' "$dir/commands" |
	awk '{ print $2 }' | sort -nu | tr '\n' ' ')
# ct-help.py, ct-expect.py and ct-ext.py make their entries with 600 s
if grep -qE 'ct-(help|expect|ext)\.py' "$dir/commands"; then
	CT_TIMEOUTS="$CT_TIMEOUTS 600"
fi
export CT_TIMEOUTS
# "[EVENT] " "ipv4 2 " "udp 17 " then the timeout
round_timeout='s/^((\s*\[[A-Z]+\]\s+)?(ipv[46]\s+\d+\s+)?'
round_timeout+='[a-z0-9]+\s+\d+ )(\d+)/$1.set_or_up($4, 5)/e'
# (one perl for every rewrite, in this order: it runs twice per command)
norm() {
	perl -pe 'BEGIN {
			@set = sort { $a <=> $b } split " ", $ENV{CT_TIMEOUTS};
			sub set_or_up {
				my ($left, $step) = @_;
				for (@set) {
					return $_ if $_ >= $left && $_ - $left <= 20;
				}
				return int(($left + $step - 1) / $step) * $step;
			}
		}
		s/portid=[0-9]+( progname=[^ \n]+)?/portid=PORTID/;
		s/initval 0x[0-9a-f]+/initval INITVAL/;
		s/^Size in memory: [0-9]+/Size in memory: SIZE/;
		'"$round_timeout"';
		s/<timeout>(\d+)</"<timeout>".set_or_up($1, 5)."<"/ge;
		s/ timeout (\d+)/" timeout ".set_or_up($1, 60)/ge' |
		LC_ALL=C sort
}
# Standard output, then standard error, each sorted: conntrack writes
# its summary to one and the entries to the other, which a pipe would
# mix mid-line once the listing is long.
# (Both sides run at once on the same DIR: the file is a temporary
# one of this side's.)
err=$(mktemp)
trap 'rm -f "$err"' EXIT
show() { # command...
	"$@" 2>"$err" | norm
	rc=${PIPESTATUS[0]}
	[ ! -s "$err" ] || norm <"$err"
	return "$rc"
}
while IFS= read -r cmd; do
	echo "\$ $cmd"
	show bash -c "$cmd"
	echo "[rc=$?]"
done <"$dir/commands"
echo "## conntrack -L"
show conntrack -L
echo "## conntrack -L -o extended"
show conntrack -L -o extended
echo "## conntrack -C"
show conntrack -C
echo "## conntrack -L expect"
show conntrack -L expect
if command -v ipset >/dev/null; then
	echo "## ipset list -t"
	show ipset list -t
	echo "## ipset save"
	show ipset save
fi
exit 0
