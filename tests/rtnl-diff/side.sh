#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# One side of one sequence of rtnl-diff.sh, run inside `unshare -n` (the
# kernel) or under `unetlink run` (unetlink):
#   side.sh kernel|unetlink DIR
# DIR holds `commands` (one shell command a line) and, for a sequence
# that watches `ip monitor`, a file `monitor`.  Prints the transcript:
# each command with its output and exit status, the views, then what
# `ip monitor` printed.
#
# Settling.  The kernel finishes some work in work queues after it has
# answered a request: linkwatch (operational state, and IPv6 starting on
# a carrier change) and DAD.  unetlink does that work right after the
# answer, before it reads the next request (docs/conformance.md), so
# only the kernel side waits, with settle.py: for linkwatch after each
# command that changes a link (`ip link add/set/del`: linkwatch usually
# runs at once, but on a busy machine the next command may come first,
# and some events wait up to a second), and for DAD too at each `settle`
# line and before the views.  Then, on both sides, a monitored sequence
# waits until `ip monitor` has been quiet for RTNL_DIFF_QUIET_MS (100):
# it is a process of its own and prints late on a busy machine, and it
# looks names up as it prints (a device deleted meanwhile shows as ifN).
# What settling waited for in vain goes to DIR/settle.SIDE, never into
# the transcript.
set -u
side=$1
dir=$2
here=$(cd "$(dirname "$0")" && pwd)
quiet_ms=${RTNL_DIFF_QUIET_MS:-100}
log=$dir/settle.$side
mon=

# The kernel's deferred work, done (settle.py's arguments: --links).
settle_kernel() {
	[ "$side" = kernel ] || return 0
	"$RTNL_DIFF_PYTHON" -S "$here/settle.py" "$@" 2>>"$log"
}

# Sleep for $1 seconds without a process: wait on a FIFO nobody writes.
nap() {
	local none
	read -r -t "$1" -u "$napfd" none
}

# Until the monitor's output has not grown for quiet_ms (at most 10 s of
# continuous output).  Reads what it printed as it comes, with builtins
# only: this runs after every command.
monitor_quiet() {
	[ -n "$mon" ] || return 0
	local line now start=${EPOCHREALTIME/./} last=${EPOCHREALTIME/./}
	while :; do
		while IFS= read -r -u "$monfd" line || [ -n "$line" ]; do
			last=${EPOCHREALTIME/./}
			line=
		done
		now=${EPOCHREALTIME/./}
		[ $((now - last)) -lt $((quiet_ms * 1000)) ] || return 0
		if [ $((now - start)) -ge 10000000 ]; then
			echo "monitor: still printing after 10s" >>"$log"
			return 0
		fi
		nap 0.01
	done
}

# The netlink sockets of the namespace that belong to processes, as
# /proc/net/netlink (or `unetlink status`, which needs no shim: a
# sanitizer build refuses to start with it preloaded) lists them: portid
# not 0.  Socket lines only (their first field is the socket's address in
# hex): status prints a line per net and headers too.
user_sockets() {
	if [ "$side" = kernel ]; then
		cat /proc/net/netlink
	else
		env -u LD_PRELOAD "$UNETLINK_CLI" status
	fi | awk '$1 ~ /^[0-9a-f]+$/ && $3 != 0' | wc -l
}

# `ip monitor` listens once it has its second socket (the one it opens
# for namespace ids, after it joined every group); up to 3 s.
monitor_start() {
	mon=$dir/mon.$side
	: >"$mon"
	exec {monfd}<"$mon"
	# shellcheck disable=SC2046 # the objects to watch, one a word
	ip monitor $(cat "$dir/monitor") >>"$mon" 2>&1 </dev/null &
	monpid=$!
	local polls=0
	while [ "$(user_sockets)" -lt 2 ] && [ $polls -lt 300 ]; do
		nap 0.01
		polls=$((polls + 1))
	done
	[ $polls -lt 300 ] || echo "monitor: not listening after 3s" >>"$log"
}

monitor_stop() {
	kill "$monpid"
	wait "$monpid" 2>/dev/null
	echo '### ip monitor'
	cat "$mon"
}

# The kernel's unsolicited MLD reports, before the files view: their
# timers (MAF_TIMER_RUNNING, an odd flags column of /proc/net/igmp6) run
# until the last report is sent.  unetlink sends none.
mld_settle() {
	[ "$side" = kernel ] || return 0
	local polls=0
	while awk '$5 ~ /[13579BDF]$/ { busy = 1 } END { exit !busy }' \
		/proc/net/igmp6 && [ $polls -lt 500 ]; do
		nap 0.01
		polls=$((polls + 1))
	done
	[ $polls -lt 500 ] || echo "mld: reports still pending after 5s" >>"$log"
}

mkfifo "$dir/nap.$side"
exec {napfd}<>"$dir/nap.$side"
[ -e "$dir/monitor" ] && monitor_start
while IFS= read -r cmd; do
	echo "\$ $cmd"
	if [ "$cmd" = settle ]; then
		settle_kernel
		monitor_quiet
		echo "-> 0"
		continue
	fi
	sh -c "$cmd" </dev/null 2>&1
	echo "-> $?"
	case $cmd in
	*"link add "*|*"link set "*|*"link del"*) settle_kernel --links ;;
	esac
	monitor_quiet
done <"$dir/commands"

settle_kernel
monitor_quiet
for v in "ip -j -d link" "ip -j addr" "ip -j route show table all" \
	 "ip -j -6 route show table all" "ip -j neigh" "ip -j rule" \
	 "ip -j -6 rule"; do
	echo "### $v"
	$v 2>&1
	echo
done
[ -z "$mon" ] || monitor_stop
if [ -e "$dir/files" ]; then
	mld_settle
	bash "$here/files-view.sh" 2>&1
fi
