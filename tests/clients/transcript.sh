#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Each command of the files named (one a line), with its output and
# exit status: the transcript that tests of unetlink compare with one a
# kernel printed (scripts/kernel-vm.sh runs this script in the guest).
#   transcript.sh [FILE...]   (none: every *.cmds here)
[ $# -gt 0 ] || set -- *.cmds
for f in "$@"; do
	while IFS= read -r cmd; do
		printf '$ %s\n' "$cmd"
		sh -c "$cmd" 2>&1
		echo "-> $?"
	done <"$f"
done
