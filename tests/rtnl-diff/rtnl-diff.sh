#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The differential test of rtnetlink: every sequence of iproute2 commands
# in `sequences` (then in each `sequences-TOPIC`: `sequences-xfrm` has
# the NETLINK_XFRM ones, with directives of their own described there)
# runs in a fresh kernel network namespace (unshare -n,
# with a mount namespace and a tmpfs on /run of its own, so that `ip
# netns` names never reach the host's /run/netns) and under `unetlink
# run`, and what iproute2 prints afterwards must be the
# same.  Only what the kernel randomises (MAC addresses and what derives
# from them: EUI-64 link-local addresses) and statistics are normalised.
#
#   rtnl-diff.sh [-v] [-k] [NAME...]
#     -v  also print, for each sequence, how long each side took and
#         what settling waited for in vain
#     -k  always exit 0 (the verdicts are in the TAP lines; meson's TAP
#         protocol wants status 0)
# Prints TAP: the plan, then one line per sequence in the file's order:
# "ok N NAME", "not ok N NAME" followed by the diff (kernel first) as
# "#" lines, or "ok N NAME # SKIP host kernel lacks ..." for a sequence
# whose @needs the host kernel does not meet; last the summary as a
# comment.  Exit status 1 if a sequence differs.
# Environment: UNETLINK_CLI (the unetlink tool), UNETLINK_PRELOAD,
# RTNL_DIFF_SEQUENCES, RTNL_DIFF_SIDE and RTNL_DIFF_NAME (the sequences
# file, the script that runs one side, and the name in the summary: other
# differential tests, tests/nft-diff, reuse this scaffold with their own),
# RTNL_DIFF_JOBS (sequences at a time; default: twice the CPUs),
# RTNL_DIFF_TIMEOUT (seconds a side may take; default 60), and for
# side.sh and settle.py RTNL_DIFF_QUIET_MS and RTNL_DIFF_SETTLE_CAP.
# RTNL_DIFF_CAPTURE=1: the unetlink sides also run with `unetlink run
# --capture`, and one more test point says whether tshark decodes every
# message of every capture without a malformed packet, its header fields
# and attributes as the bytes have them (tshark-fields.py; skipped
# without tshark and mergecap).
# RTNL_DIFF_KEY_FILES: more files the sequences read (their names, split
# on blanks), part of the cache key.
# RTNL_DIFF_KERNEL_CACHE: a directory where the kernel side's output is
# kept, keyed by the sequence, the scripts that run it, the kernel
# release and iproute2's version.  The kernel side does not depend on
# the build under test, so run-all.sh's second build reuses the first's.
set -u
here=$(cd "$(dirname "$0")" && pwd)
verbose=0
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	-v) verbose=1; shift ;;
	-k) keep=1; shift ;;
	*) break ;;
	esac
done
only=("$@")
# Sequences may run the helpers that live beside this script.
export RTNL_DIFF_DIR=$here
sequences=${RTNL_DIFF_SEQUENCES:-$here/sequences}
export RTNL_DIFF_SIDE=${RTNL_DIFF_SIDE:-$here/side.sh}
diff_name=${RTNL_DIFF_NAME:-rtnl-diff}

skip_all() { echo "1..0 # SKIP $1"; exit 0; }
# side.sh times the monitor with $EPOCHREALTIME.
[ -n "${EPOCHREALTIME:-}" ] || skip_all "bash 5 or later is needed"
cli=${UNETLINK_CLI:-}
[ -n "$cli" ] && [ -x "$cli" ] || skip_all "UNETLINK_CLI is not set"
command -v ip >/dev/null || skip_all "no iproute2"
command -v python3 >/dev/null || skip_all "no python3"
unshare -n true 2>/dev/null || skip_all "unshare -n is not permitted"
# The kernel side also gets a mount namespace with a tmpfs on /run, for
# `ip netns`'s names: the host's /run/netns is never touched.
unshare -n -m --propagation private mount -t tmpfs none /run 2>/dev/null ||
	skip_all "unshare -m and a tmpfs on /run are not permitted"
command -v nsenter >/dev/null || skip_all "no nsenter (util-linux)"
export UNETLINK_CLI=$cli
# The interpreter itself, not a wrapper that finds it (pyenv's shims take
# a tenth of a second), for the helpers run thousands of times; -S as
# they need nothing but the standard library.
RTNL_DIFF_PYTHON=$(python3 -c 'import sys; print(sys.executable)')
export RTNL_DIFF_PYTHON
# shellcheck source=../pyroute2-python.sh
. "$here/../pyroute2-python.sh"
RTNL_DIFF_PYROUTE2=$(pyroute2_python)
export RTNL_DIFF_PYROUTE2
# Every unetlink side gets a private daemon that follows the host's
# kernel (--profile host), whatever listens at the default path.
unset UNETLINK_SOCKET UNETLINK_PROFILE

# Twice the CPUs by default: a sequence spends most of its time with its
# kernel side waiting for DAD and linkwatch, not computing.
jobs=${RTNL_DIFF_JOBS:-$((2 * $(nproc 2>/dev/null || echo 2)))}
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1
timeout_s=${RTNL_DIFF_TIMEOUT:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ---- the sequences file ------------------------------------------------
# Sequence i lives in $work/i: `commands`, `monitor` (if @monitor) and
# `needs` (one requirement a line); names[i] is its name.
names=()
# `sequences`, then each `sequences-TOPIC` file (sequences-xfrm: the
# NETLINK_XFRM ones), one name space for all.
parse_sequences() {
	local f
	i=0
	# another differential test's own file (RTNL_DIFF_SEQUENCES)
	if [ "$sequences" != "$here/sequences" ]; then
		parse_file "$sequences"
		return
	fi
	for f in "$here/sequences" "$here"/sequences-*; do
		[ -e "$f" ] && parse_file "$f"
	done
}
parse_file() {
	local line d= take=0 hit o
	while IFS= read -r line; do
		case $line in
		'#'*) continue ;;
		'== '*)
			take=1
			if [ ${#only[@]} -gt 0 ]; then
				hit=0
				for o in "${only[@]}"; do
					[ "$o" = "${line#== }" ] && hit=1
				done
				take=$hit
			fi
			[ $take = 1 ] || continue
			for o in "${names[@]}"; do
				if [ "$o" = "${line#== }" ]; then
					echo "Bail out! sequences: two sequences called $o"
					exit 1
				fi
			done
			i=$((i + 1))
			names[i]=${line#== }
			d=$work/$i
			mkdir "$d"
			: >"$d/commands"
			: >"$d/needs"
			;;
		*)
			[ $take = 1 ] && [ -n "$d" ] || continue
			case $line in
			@monitor | '@monitor '*)
				printf '%s\n' ${line#@monitor} >"$d/monitor" ;;
			'@needs '*) printf '%s\n' ${line#@needs } >>"$d/needs" ;;
			@files) : >"$d/files" ;;
			@xfrm) : >"$d/xfrm" ;;
			@xfrm-monitor | '@xfrm-monitor '*)
				printf '%s\n' ${line#@xfrm-monitor} >"$d/monitor"
				: >"$d/monitor-xfrm" ;;
			@tc-monitor)
				echo >"$d/monitor"
				: >"$d/monitor-tc" ;;
			@*)
				echo "Bail out! sequences: ${names[i]}: unknown directive $line"
				exit 1
				;;
			*) printf '%s\n' "$line" >>"$d/commands" ;;
			esac
			;;
		esac
	done <"$1"
}

# ---- what the host kernel has (see the header of `sequences`) ----------
declare -A have
# Whether the host kernel has requirement $1 (status 0), asked of the
# kernel itself, not of unetlink's profile of it; status 2 for a
# requirement this script cannot judge (an error in `sequences`).
probe() {
	case $1 in
	link:*)
		# Linux refuses a kind it has no driver (or module) for with
		# EOPNOTSUPP, "Unknown device type"; any other answer (even an
		# error about missing attributes) means the kind exists.
		! unshare -n ip link add rtnl-diff-probe type "${1#link:}" 2>&1 |
			grep -qi 'unknown device type\|operation not supported'
		;;
	feature:IP_MROUTE) [ -e /proc/net/ip_mr_vif ] ;;
	feature:IPV6_MROUTE) [ -e /proc/net/ip6_mr_vif ] ;;
	feature:IP_ROUTE_CLASSID) [ -e /proc/net/rt_acct ] ;;
	tool:*) command -v "${1#tool:}" >/dev/null ;;
	# Linux refuses a state of a type it has no module for with
	# "Requested type not found"; the state is made in a namespace
	# of its own.
	xfrm:*) unshare -n sh -c "ip xfrm state add src 192.0.2.1 \
		dst 192.0.2.2 $(xfrm_probe_args "${1#xfrm:}")" 2>/dev/null ||
		return 1 ;;
	# Linux refuses a qdisc kind it has no module for with
	# "Specified qdisc kind is unknown"; the qdisc is made on lo of a
	# namespace of its own.
	qdisc:*) ! unshare -n tc qdisc add dev lo $(qdisc_probe_args \
		"${1#qdisc:}") 2>&1 | grep -q 'kind is unknown' ;;
	# Linux refuses a filter kind it has no module for with "TC
	# classifier not found", whatever else the request lacks.
	cls:*) ! unshare -n sh -c "tc qdisc add dev lo clsact; tc filter add \
		dev lo ingress protocol all prio 1 ${1#cls:}" 2>&1 |
		grep -q 'classifier not found' ;;
	# An action of a kind Linux lacks is "Specified TC action kind not
	# found"; one it has, by an index not used, "... index not found".
	act:*) unshare -n tc actions get action "${1#act:}" index 1 2>&1 |
		grep -q 'index not found' ;;
	# python:pyroute2: a python3 that imports pyroute2, which the
	# sequence runs as $RTNL_DIFF_PYROUTE2
	python:pyroute2) [ -n "$RTNL_DIFF_PYROUTE2" ] ;;
	# kernel:MAJOR.MINOR: behaviour Linux added in that release
	kernel:*)
		local want=${1#kernel:} have
		have=$(uname -r | grep -o '^[0-9]*\.[0-9]*')
		[ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -n1)" = "$want" ]
		;;
	# lacks:nft-flowtable: a host whose kernel has no nf_tables
	# flowtables (nf_flow_table_inet), which says ENOENT to a new one.
	lacks:nft-flowtable) ! unshare -n sh -c 'nft add table inet \
		rtnl_diff_probe && nft add flowtable inet rtnl_diff_probe f \
		"{ hook ingress priority 0; }"' >/dev/null 2>&1 ;;
	# has:nft-flowtable: a host whose kernel has them (the probe above,
	# the other way round)
	has:nft-flowtable) unshare -n sh -c 'nft add table inet \
		rtnl_diff_probe && nft add flowtable inet rtnl_diff_probe f \
		"{ hook ingress priority 0; }"' >/dev/null 2>&1 ;;
	# has:nfnetlink-hook: a host whose kernel lists a net's netfilter
	# hooks (nfnetlink_hook; without it every request is EINVAL), asked
	# by nft-diff's raw client
	has:nfnetlink-hook) unshare -n python3 -S "$NFT_DIFF_HOOKS" --probe ;;
	lacks:nfnetlink-hook) ! unshare -n python3 -S "$NFT_DIFF_HOOKS" \
		--probe ;;
	# lacks:lsm-secmark: a host with no LSM that gives a security
	# context a secid, where nf_tables' secmark objects are ENOENT
	lacks:lsm-secmark) unshare -n sh -c 'nft add table ip rtnl_diff_probe &&
		nft add secmark ip rtnl_diff_probe s \
		"{ \"system_u:object_r:unlabeled_t:s0\" }"' 2>&1 |
		grep -q 'No such file' ;;
	# Without them the rule dump of the family fails (EAFNOSUPPORT).
	feature:IP_MULTIPLE_TABLES) unshare -n ip -4 rule show >/dev/null 2>&1 ;;
	feature:IPV6_MULTIPLE_TABLES) unshare -n ip -6 rule show >/dev/null 2>&1 ;;
	# ipset:TYPE: a set of that type made in a namespace
	ipset:*) unshare -n ipset create p "${1#ipset:}" >/dev/null 2>&1 ;;
	# xt_set: iptables-nft's set match on a set of a namespace
	feature:NETFILTER_XT_SET) unshare -n sh -c 'ipset create p hash:ip &&
		iptables-nft -A INPUT -m set --match-set p src' \
		>/dev/null 2>&1 ;;
	*) return 2 ;;
	esac
}

# The algorithms a state of each type needs, for probe().
xfrm_probe_args() {
	case $1 in
	esp) echo "proto esp spi 0x100 enc 'cbc(aes)' 0x$(printf '%032d' 0)" ;;
	ah) echo "proto ah spi 0x100 auth 'hmac(sha1)' 0x$(printf '%040d' 0)" ;;
	comp) echo "proto comp spi 0x100 comp deflate ''" ;;
	*) echo "proto $1" ;;
	esac
}

# Where and with what options a qdisc of kind $1 is made, for probe().
qdisc_probe_args() {
	case $1 in
	tbf) echo "root tbf rate 1mbit burst 10kb latency 10ms" ;;
	# tc refuses these without options before asking the kernel
	red) echo "root red limit 400000 min 30000 max 90000 avpkt 1000 burst 55 bandwidth 10mbit" ;;
	choke) echo "root choke limit 100 bandwidth 1mbit" ;;
	ets) echo "root ets bands 2" ;;
	etf) echo "root etf clockid CLOCK_TAI delta 1" ;;
	gred) echo "root gred setup vqs 1 default 0" ;;
	cbs) echo "root cbs idleslope 1 sendslope 1 hicredit 1 locredit 1" ;;
	taprio) echo "root taprio num_tc 1 map 0 queues 1@0 base-time 0 sched-entry S 1 100000 clockid CLOCK_TAI" ;;
	ingress | clsact) echo "$1" ;;
	*) echo "root $1" ;;
	esac
}

# Probe every requirement of the sequences to run, once.
probe_needs() {
	local need rc
	for need in $(cat "$work"/*/needs 2>/dev/null | sort -u); do
		probe "$need"
		rc=$?
		if [ $rc = 2 ]; then
			echo "Bail out! sequences: unknown requirement $need"
			exit 1
		fi
		have[$need]=$rc
	done
}

# Why sequence $1 cannot run on this host, or nothing; worded as the
# conformance harness words it.
unmet_need() {
	local need
	while IFS= read -r need; do
		if [ "${have[$need]}" != 0 ]; then
			case $need in
			link:*) echo "host kernel lacks link kind ${need#link:}" ;;
			feature:*) echo "host kernel lacks feature ${need#feature:}" ;;
			tool:*) echo "host lacks the tool ${need#tool:}" ;;
			xfrm:*) echo "host kernel lacks xfrm type ${need#xfrm:}" ;;
			qdisc:*) echo "host kernel lacks qdisc kind ${need#qdisc:}" ;;
			cls:*) echo "host kernel lacks tc filter kind ${need#cls:}" ;;
			python:*) echo "host lacks the python module ${need#python:}" ;;
			act:*) echo "host kernel lacks tc action kind ${need#act:}" ;;
			kernel:*) echo "host kernel $(uname -r) is older than ${need#kernel:}" ;;
			lacks:*) echo "host kernel has ${need#lacks:}: the sequence is about a kernel without it" ;;
			has:*) echo "host kernel lacks ${need#has:}" ;;
			ipset:*) echo "host kernel lacks ipset type ${need#ipset:}" ;;
			esac
			return
		fi
	done <"$work/$1/needs"
}

# ---- one sequence ------------------------------------------------------
normalise() { "$RTNL_DIFF_PYTHON" -S "$here/normalise.py" "$@"; }

# The cache key of the kernel side of the sequence in dir $1.
kernel_key() {
	{
		echo "$kernel_env"
		cat "$1/commands" "$1/needs"
		[ -e "$1/monitor" ] && { echo @monitor; cat "$1/monitor"; }
		[ -e "$1/files" ] && echo @files
		[ -e "$1/xfrm" ] && echo @xfrm
		[ -e "$1/monitor-xfrm" ] && echo @xfrm-monitor
		[ -e "$1/monitor-tc" ] && echo @tc-monitor
	} | sha256sum | cut -d' ' -f1
}

# The kernel side from the cache when it holds it (output and "rc s").
cached_kernel_side() { # dir out rcfile
	local key
	[ -n "${RTNL_DIFF_KERNEL_CACHE:-}" ] || return 1
	key=$RTNL_DIFF_KERNEL_CACHE/$(kernel_key "$1")
	[ -e "$key.rc" ] || return 1
	cp "$key.out" "$2" && cp "$key.rc" "$3"
}

# Keep a kernel side that finished (not killed by the timeout).
cache_kernel_side() { # dir out rcfile
	local key rc
	[ -n "${RTNL_DIFF_KERNEL_CACHE:-}" ] || return 0
	read -r rc _ <"$3"
	[ "$rc" != 124 ] && [ "$rc" != 137 ] || return 0
	key=$RTNL_DIFF_KERNEL_CACHE/$(kernel_key "$1")
	cp "$2" "$key.out.$$" && mv "$key.out.$$" "$key.out" &&
		cp "$3" "$key.rc"
}

run_side() { # side dir out
	if [ "$1" = kernel ]; then
		# a /run of its own for ip netns; for @files also a /sys,
		# which shows the namespace that mounted it: a fresh one
		local mounts='mount -t tmpfs -o mode=755 rtnl-diff /run'
		[ -e "$2/files" ] && mounts="$mounts && mount -t sysfs sysfs /sys"
		timeout -k 5 "$timeout_s" unshare -n -m --propagation private \
			sh -c "$mounts"' && exec bash "$0" "$@"' \
			"$RTNL_DIFF_SIDE" "$1" "$2" >"$3" 2>&1
	else
		# in a throwaway namespace of its own, checked afterwards:
		# nothing may escape to the kernel (escape.sh)
		timeout -k 5 "$timeout_s" unshare -n \
			bash "$here/escape.sh" "$cli" "$2" >"$3" 2>&1
	fi
}

# Run sequence $1 and leave its TAP report in $work/$1/tap, its verdict
# (ok, differ) in .../verdict, then create .../done.
run_sequence() {
	local i=$1 d=$work/$1 name=${names[$1]} t0=$SECONDS
	local krc urc tk tu
	if ! cached_kernel_side "$d" "$d/k.raw" "$d/k.rc"; then
		(s=$SECONDS; run_side kernel "$d" "$d/k.raw"; r=$?;
		 echo "$r $((SECONDS - s))" >"$d/k.rc";
		 cache_kernel_side "$d" "$d/k.raw" "$d/k.rc") &
	fi
	(s=$SECONDS; run_side unetlink "$d" "$d/u.raw"; r=$?;
	 echo "$r $((SECONDS - s))" >"$d/u.rc") &
	wait
	read -r krc tk <"$d/k.rc"
	read -r urc tu <"$d/u.rc"
	# a normaliser that fails must not leave two empty, equal files
	if ! normalise "$d/k.raw" "$d/k" "$d/u.raw" "$d/u"; then
		echo "normalise.py failed on the kernel side" >>"$d/k"
		echo "normalise.py failed on the unetlink side" >>"$d/u"
	fi
	# countdowns a second or two apart are the same (countdowns.py)
	cmp -s "$d/k" "$d/u" ||
		"$RTNL_DIFF_PYTHON" -S "$here/countdowns.py" "$d/k" "$d/u"
	{
		if [ "$krc" != 124 ] && [ "$krc" != 137 ] &&
		   [ "$urc" != 124 ] && [ "$urc" != 137 ] &&
		   cmp -s "$d/k" "$d/u"; then
			echo ok >"$d/verdict"
			echo "ok $i $name"
		else
			echo differ >"$d/verdict"
			echo "not ok $i $name"
			for s in kernel:$krc unetlink:$urc; do
				case ${s#*:} in
				124|137) echo "# the ${s%:*} side was killed after ${timeout_s}s" ;;
				esac
			done
			diff -u --label kernel --label unetlink "$d/k" "$d/u" |
				sed 's/^/#   /'
		fi
		if [ $verbose = 1 ]; then
			echo "# kernel ${tk}s, unetlink ${tu}s"
			cat "$d"/settle.* 2>/dev/null | sed 's/^/#   /'
		fi
	} >"$d/tap"
	: >"$d/done"
}

# ---- the run -----------------------------------------------------------
# What the kernel side's output depends on besides the sequence.
kernel_env=$(uname -r; ip -V; nft -v 2>/dev/null; echo "$diff_name"
	cat "$here"/*.sh "$here"/*.py "$RTNL_DIFF_SIDE" \
		${RTNL_DIFF_KEY_FILES:-} | sha256sum)
if [ -n "${RTNL_DIFF_KERNEL_CACHE:-}" ]; then
	mkdir -p "$RTNL_DIFF_KERNEL_CACHE" ||
		skip_all "cannot make RTNL_DIFF_KERNEL_CACHE"
fi
parse_sequences
n=${#names[@]}
probe_needs
capture_point=0
if [ "${RTNL_DIFF_CAPTURE:-}" = 1 ]; then
	capture_point=1
	if command -v tshark >/dev/null && command -v mergecap >/dev/null; then
		export RTNL_DIFF_CAPTURE_DIR=$work/pcaps
		mkdir "$RTNL_DIFF_CAPTURE_DIR"
	fi
fi

same=0 differ=0 skipped=0 printed=0
# Print the reports that are ready, in the file's order.
print_ready() {
	local d
	while [ $printed -lt $n ] && [ -e "$work/$((printed + 1))/done" ]; do
		printed=$((printed + 1))
		d=$work/$printed
		cat "$d/tap"
		case $(cat "$d/verdict") in
		ok) same=$((same + 1)) ;;
		skip) skipped=$((skipped + 1)) ;;
		*) differ=$((differ + 1)) ;;
		esac
	done
}

# The sequences, longest sleepers first (the reports still come in the
# file's order): xfrm-state-acquire-expires sleeps 32 s, and started among
# the last it would hold the whole run up alone at its end.  What a
# sequence sleeps for certain: its `sleep N` commands at the start of a
# command line or after ; or & (not `ip netns exec a sleep 30 &`, killed
# once it is there).
order=$([ "$n" = 0 ] || awk -v n="$n" '
	BEGIN { for (i = 1; i <= n; i++) t[i] = 0 }
	{ i = FILENAME; sub(/\/commands$/, "", i); sub(/.*\//, "", i)
	  while (match($0, /(^|[;&] *)sleep [0-9.]+/)) {
		s = substr($0, RSTART, RLENGTH); sub(/.*sleep /, "", s)
		t[i] += s; $0 = substr($0, RSTART + RLENGTH) } }
	END { for (i = 1; i <= n; i++) print t[i], i }' "$work"/*/commands |
	sort -s -k1,1nr | cut -d' ' -f2)

echo "1..$((n + capture_point))"
running=0
for i in $order; do
	why=$(unmet_need $i)
	if [ -n "$why" ]; then
		echo "ok $i ${names[i]} # SKIP $why" >"$work/$i/tap"
		echo skip >"$work/$i/verdict"
		: >"$work/$i/done"
		print_ready
		continue
	fi
	while [ $running -ge "$jobs" ]; do
		wait -n
		running=$((running - 1))
		print_ready
	done
	run_sequence $i &
	running=$((running + 1))
	print_ready
done
wait
print_ready
# The captures of the unetlink sides, decoded by tshark as one file.
check_captures() {
	local t=$((n + 1)) all=$work/all.pcap bad
	if [ -z "${RTNL_DIFF_CAPTURE_DIR:-}" ]; then
		echo "ok $t tshark-decodes-captures # SKIP no tshark or mergecap (Debian tshark)"
		return
	fi
	if ! mergecap -F pcap -w "$all" "$RTNL_DIFF_CAPTURE_DIR"/*.pcap 2>"$work/merge.err"; then
		echo "not ok $t tshark-decodes-captures"
		sed 's/^/#   /' "$work/merge.err"
		differ=$((differ + 1))
		return
	fi
	# one pass of tshark (the captures of all sequences take it a
	# while): no malformed packet, and the fields it decodes are the
	# bytes of each message (tshark-fields.py)
	if bad=$(python3 "$here/tshark-fields.py" "$all" 2>&1); then
		echo "ok $t tshark-decodes-captures"
		echo "# $bad"
	else
		echo "not ok $t tshark-decodes-captures"
		echo "${bad:-no output}" | sed 's/^/#   /'
		differ=$((differ + 1))
	fi
}
[ $capture_point = 0 ] || check_captures
echo "# $diff_name: $n sequences, $same identical, $differ differ, $skipped skipped"
[ $keep = 1 ] && exit 0
[ $differ = 0 ]
