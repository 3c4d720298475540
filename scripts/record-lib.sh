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
