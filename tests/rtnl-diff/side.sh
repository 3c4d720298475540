#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# One side of one sequence of rtnl-diff.sh, run inside `unshare -n` (the
# kernel) or under `unetlink run` (unetlink):
#   side.sh kernel|unetlink DIR
# DIR holds `commands` (one shell command a line) and, for a sequence
# that watches `ip monitor`, a file `monitor` (its arguments, one a line;
# "-n NAME" first for a monitor in the named net, which is made first
# with `ip netns add NAME`).  Prints the transcript: each command with
# its output and exit status, the views of the initial net and then of
# each named net (`ip netns list`), then what `ip monitor` printed.
# The kernel side runs in a network and mount namespace of its own with
# a tmpfs on /run (rtnl-diff.sh), so that `ip netns` names stay there.
#
# Settling.  The kernel finishes some work in work queues after it has
# answered a request: linkwatch (operational state, and IPv6 starting on
# a carrier change) and DAD.  unetlink does that work right after the
# answer, before it reads the next request (docs/conformance.md), so
# only the kernel side waits, with settle.py: for linkwatch after each
# command that changes a link (`ip link add/set/del`, and busybox's
# ifconfig and brctl, whose ioctls do the same: linkwatch usually
# runs at once, but on a busy machine the next command may come first,
# and some events wait up to a second), and after each command that may
# end a net (`ip netns`, `ip -n`, `unshare`: the kernel dismantles a net
# later, in a work queue), and for DAD too at each `settle` line and
# before the views.  Then, on both sides, a monitored sequence
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
mon_net=
mon=

# The kernel's deferred work, done (settle.py's arguments: --links), by
# one settle.py for the whole side (--serve: a request line, an answer
# line).  Started on first use; bash keeps a coprocess's pipes from the
# commands it runs, so only this shell can write to it or read from it.
settle_kernel() {
	[ "$side" = kernel ] || return 0
	if [ -z "${SETTLE_PID:-}" ]; then
		coproc SETTLE {
			exec "$RTNL_DIFF_PYTHON" -S "$here/settle.py" --serve \
				2>>"$log"
		}
	fi
	local answer
	{ echo "$*" >&"${SETTLE[1]}" && read -r answer <&"${SETTLE[0]}"; } \
		2>>"$log" || echo "settle: settle.py --serve has gone" >>"$log"
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

# The netlink sockets of the monitor's net ($mon_net, or the initial
# one) that belong to processes, as /proc/net/netlink (or `unetlink
# status`, which needs no shim: a sanitizer build refuses to start with
# it preloaded) lists them: portid not 0.  Socket lines only (their
# first field is the socket's address in hex): status prints a line per
# net and headers too.
user_sockets() {
	if [ "$side" = kernel ] && [ -n "$mon_net" ]; then
		nsenter --net="/run/netns/$mon_net" cat /proc/net/netlink
	elif [ "$side" = kernel ]; then
		cat /proc/net/netlink
	else
		# the block of the net: "net ID NAME..." ("(initial)" for it)
		env -u LD_PRELOAD "$UNETLINK_CLI" status |
			awk -v want="${mon_net:-(initial)}" '
				/^net / { inside = 0
					  for (i = 3; i <= NF; i++)
						  if ($i == want) inside = 1
					  next }
				inside'
	fi | awk -v joined="${1:-}" '$1 ~ /^[0-9a-f]+$/ && $3 != 0 &&
				      (!joined || $4 != "00000000")' | wc -l
}

# `ip monitor` listens once it has its second socket (the one it opens
# for namespace ids, after it joined every group), `ip xfrm monitor`
# (file monitor-xfrm) once it has its one NETLINK_XFRM socket; up to
# 3 s.
monitor_start() {
	local where=() args cmd=(ip monitor) want=2
	# (a bare @monitor leaves one empty line)
	mapfile -t args < <(grep . "$dir/monitor")
	mon_net=
	if [ "${args[0]:-}" = -n ]; then
		mon_net=${args[1]}
		where=(-n "$mon_net")
		args=("${args[@]:2}")
		echo "\$ ip netns add $mon_net"
		ip netns add "$mon_net" 2>&1
		echo "-> $?"
	fi
	if [ -e "$dir/monitor-xfrm" ]; then
		cmd=(ip xfrm monitor)
		want=1
	fi
	# `tc monitor` listens once it has its one socket in a group (it
	# opens another first, without, and closes it)
	local joined=
	if [ -e "$dir/monitor-tc" ]; then
		cmd=(tc monitor)
		want=1
		joined=1
	fi
	mon=$dir/mon.$side
	: >"$mon"
	exec {monfd}<"$mon"
	"${cmd[0]}" "${where[@]}" "${cmd[@]:1}" "${args[@]}" >>"$mon" 2>&1 </dev/null &
	monpid=$!
	local polls=0
	while [ "$(user_sockets $joined)" -lt $want ] && [ $polls -lt 300 ]; do
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
	*"link add "*|*"link set "*|*"link del"*|*ifconfig*|*brctl*|*netns*|*unshare*|*"ip -n "*)
		settle_kernel --links ;;
	*"addr add "*)
		settle_kernel --local-routes ;;
	esac
	monitor_quiet
done <"$dir/commands"

settle_kernel
monitor_quiet
# views NET: the views of a named net, or of the initial one
views() {
	local v n=${1:+-n $1}
	for v in "ip -j -d link" "ip -j addr" "ip -j route show table all" \
		 "ip -j -6 route show table all" "ip -j neigh" "ip -j rule" \
		 "ip -j -6 rule"; do
		echo "### ${n:+$n }$v"
		# shellcheck disable=SC2086 # the words of the command
		ip $n ${v#ip } 2>&1
		echo
	done
}
views
# the SPD and SAD, for sequences marked @xfrm
if [ -e "$dir/xfrm" ]; then
	for v in "ip xfrm policy list" "ip xfrm state list"; do
		echo "### $v"
		# shellcheck disable=SC2086 # the words of the command
		$v 2>&1
	done
fi
# (sorted: the order of a directory listing differs between file
# systems, and between kernels for tmpfs)
nets=$(ip netns list 2>&1 | sort)
if [ -n "$nets" ]; then
	echo "### ip netns list"
	echo "$nets"
	echo "### ip netns list-id"
	ip netns list-id 2>&1
	for n in $(echo "$nets" | cut -d' ' -f1); do
		views "$n"
	done
fi
[ -z "$mon" ] || monitor_stop
if [ -e "$dir/files" ]; then
	mld_settle
	bash "$here/files-view.sh" 2>&1
fi
