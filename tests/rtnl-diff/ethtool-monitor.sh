#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# What `ethtool --monitor` prints while commands run:
# ethtool-monitor.sh LAST CMD...  starts the monitor, waits until it
# listens, runs each CMD (one shell command line) quietly, waits until
# the text LAST shows in the monitor's output (at most 10 s: a missing
# notification still ends), then prints that output.
last=$1
shift
out=$(mktemp)
stdbuf -oL ethtool --monitor >"$out" 2>&1 &
mon=$!
wait_for() {
	i=0
	while ! grep -q "$1" "$out" && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}
wait_for listening
for cmd in "$@"; do
	sh -c "$cmd" >/dev/null 2>&1
done
wait_for "$last"
kill $mon
wait $mon 2>/dev/null
cat "$out"
rm -f "$out"
