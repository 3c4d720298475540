# SPDX-License-Identifier: LGPL-2.1-or-later
# Reads commands, one a line, and prints each ("$ CMD"), its output
# and its status ("-> RC"), an action's times left out: the transcript
# tc-cls.sh compares.  Sourced with sh by tc-cls.sh (under unetlink)
# and by tc-cls-vm.sh (in Linux, to record tc-cls.expected).
while IFS= read -r cmd; do
	echo "\$ $cmd"
	sh -c "$cmd" 2>&1
	echo "-> $?"
done | sed "s/ installed [0-9]* sec used [0-9]* sec//; s/ installed [0-9]* sec//; s/ firstused [0-9]* sec//"
