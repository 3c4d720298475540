# SPDX-License-Identifier: LGPL-2.1-or-later
# Sourced (POSIX sh) by the scripts/*-record.sh recorders, which run a
# command list in scripts/kernel-vm.sh's virtual machine and keep what
# Linux printed as a test's .expected: sets -eu, $here (scripts/),
# $clients (tests/clients/) and $work (a directory of their own,
# removed at exit; the guest's script goes in $work/run.sh and what the
# machine prints in $work/out).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
clients=$here/../tests/clients
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# record_keep FILE: what the machine printed becomes FILE; nothing is
# a failure (the machine did not run the script), FILE left as it was
record_keep() {
	[ -s "$work/out" ] || { echo "the virtual machine printed nothing" >&2; exit 1; }
	mv "$work/out" "$1"
}

# record_each CMDS: the guest's script runs each line of /work/CMDS with
# sh -c in a fresh net, printed as "$ LINE", its output and "-> STATUS"
# (appended to what $work/run.sh already has: variables first)
record_each() {
	cat >>"$work/run.sh" <<'RUN'
exec unshare -n sh -c '
while IFS= read -r cmd; do
	printf "\$ %s\n" "$cmd"
	sh -c "$cmd" 2>&1
	echo "-> $?"
RUN
	printf "done < /work/%s'\n" "$1" >>"$work/run.sh"
}
