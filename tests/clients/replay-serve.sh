#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `unetlink replay --serve`: ip and genl answered from a recording, not
# from the model.  A recording made on a daemon (and one of a dump of
# 500 routes, which is paced as a dump), and one made against
# the kernel in an `unshare -n` namespace (record --kernel), are each
# served to the same commands, which print what they printed then; a
# command asking what the recording lacks gets EOPNOTSUPP with an
# extended ACK saying so; a file that is no recording is refused; a
# listener that made no request hears the notifications served, as it
# heard them when recorded, one of a group above 32 (joined with
# NETLINK_ADD_MEMBERSHIP) too, each notification once however many
# sockets and notifications the recording has (many_notes.py); a socket
# handed to another process with SCM_RIGHTS is recorded, checked and
# served.  A notification recorded
# 0.5 s after its request is heard no earlier than 0.5 s after it is
# replayed (not with --no-timing); so is each part of a dump recorded
# late after its request (dump_parts.py: a reader of the route dump's
# datagrams), and with --no-timing the same datagrams come.
. "$(dirname "$0")/lib.sh"
need ip iproute2
[ "$MODE" = root ] || skip "replay --serve is tested by root"
cmds='ip link add br0 type bridge && ip addr add 10.9.0.1/24 dev br0 && ip -br addr show br0 && ip -d link show br0'
serve() { # RECORDING COMMANDS -> $WORK/s, status in $RC
	timeout 20 "$CLI" replay --serve "$1" -- sh -c "$2" >"$WORK/s" 2>&1
	RC=$?
}

# 1. recorded on a daemon
timeout 20 "$CLI" record -w "$WORK/d.rec" -- sh -c "$cmds" >"$WORK/d.out" 2>&1 ||
	fail "record: $(cat "$WORK/d.out")"
serve "$WORK/d.rec" "$cmds"
[ "$RC" = 0 ] || fail "served from the daemon's recording: $(cat "$WORK/s")"
diff -u "$WORK/d.out" "$WORK/s" >"$WORK/diff" ||
	fail "ip printed otherwise: $(head -20 "$WORK/diff")"
grep -q '^br0 .*10.9.0.1/24' "$WORK/s" || fail "no br0 in what was served"

# a dump of several datagrams (500 routes), served paced as recorded
{
	echo "link add v0 type veth peer name v1"
	echo "link set v0 up"
	echo "link set v1 up"
	echo "addr add 10.0.0.1/8 dev v0"
	for i in $(seq 1 5); do
		for j in $(seq 1 100); do echo "route add 11.$i.$j.0/24 via 10.0.0.2"; done
	done
} >"$WORK/routes.batch"
chmod 644 "$WORK/routes.batch"
rcmds="ip -batch $WORK/routes.batch && ip route show"
# and a reader's own dump of them, one message a datagram, which a
# replay serves as a dump (dump_parts.py)
DPY=/usr/bin/python3
[ -x "$DPY" ] || DPY=$(command -v python3)
if [ -n "$DPY" ]; then
	private_copy "$(dirname "$0")/dump_parts.py" "$WORK/dump_parts.py" 755
	rcmds="$rcmds && $DPY $WORK/dump_parts.py read $WORK/parts"
fi
timeout 20 "$CLI" record -w "$WORK/r.rec" -- sh -c "$rcmds" >"$WORK/r.out" 2>&1 ||
	fail "record of the routes: $(tail -3 "$WORK/r.out")"
[ "$(grep -c '^11\.' "$WORK/r.out")" = 500 ] || fail "not 500 routes recorded"
serve "$WORK/r.rec" "$rcmds"
[ "$RC" = 0 ] || fail "served the routes: $(tail -3 "$WORK/s")"
cmp -s "$WORK/r.out" "$WORK/s" || fail "the served dump differs from the recorded one"

# the reader's dump with its k-th part recorded 0.1 * k s after the
# request (and what follows it as much later): the reader gets each part
# no earlier than that (1 ms: the recording's microseconds are rounded
# down), and the same datagrams, sooner, with --no-timing
if [ -n "$DPY" ]; then
	"$DPY" "$WORK/dump_parts.py" late "$WORK/r.rec" "$WORK/rl.rec" 100 \
		>"$WORK/rl.gaps" || fail "no late dump made of r.rec"
	[ "$(wc -l <"$WORK/rl.gaps")" -ge 2 ] ||
		fail "the route dump was recorded in $(wc -l <"$WORK/rl.gaps") datagram"
	serve "$WORK/rl.rec" "$DPY $WORK/dump_parts.py read $WORK/rl.got"
	[ "$RC" = 0 ] || fail "the late dump served: $(cat "$WORK/s")"
	paste -d' ' "$WORK/rl.gaps" "$WORK/rl.got" | awk '
		NF != 3 || $2 < $1 - 1000 { print; bad = 1 } END { exit bad }' \
		>"$WORK/rl.early" ||
		fail "dump parts came before their recorded time (gap, got, bytes): $(cat "$WORK/rl.early")"
	timeout 20 "$CLI" replay --serve "$WORK/rl.rec" --no-timing -- \
		"$DPY" "$WORK/dump_parts.py" read "$WORK/rl.now" >"$WORK/s" 2>&1 ||
		fail "the late dump served with --no-timing: $(cat "$WORK/s")"
	[ "$(cut -d' ' -f2 "$WORK/rl.now")" = "$(cut -d' ' -f2 "$WORK/rl.got")" ] ||
		fail "--no-timing served other datagrams: $(cat "$WORK/rl.now")"
fi

# 2. recorded against the kernel
PT=$(dirname "$UNETLINK_CLI")/../shim/libunetlink-passthrough.so
if [ -f "$PT" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	private_copy "$PT" "$WORK/libunetlink-passthrough.so" 755
	kcmds="$cmds"
	command -v genl >/dev/null && kcmds="$kcmds && genl ctrl get name nlctrl"
	timeout 20 unshare -n "$CLI" record --kernel -w "$WORK/k.rec" -- \
		sh -c "$kcmds" >"$WORK/k.out" 2>&1 ||
		fail "record --kernel: $(cat "$WORK/k.out")"
	serve "$WORK/k.rec" "$kcmds"
	[ "$RC" = 0 ] || fail "served from the kernel's recording: $(cat "$WORK/s")"
	diff -u "$WORK/k.out" "$WORK/s" >"$WORK/diff" ||
		fail "ip printed otherwise than on the kernel: $(head -20 "$WORK/diff")"
else
	echo "# not root or no pass-through shim: no kernel recording served"
fi

# 4. a listener that made no request hears the notifications, multicast
# to its group as Linux would (the recording says which: rx@GROUP)
# the system's python3 (a version manager's wrapper costs a lot a run)
PY3=/usr/bin/python3
[ -x "$PY3" ] || PY3=$(command -v python3)
if [ -n "$PY3" ]; then
	private_copy "$(dirname "$0")/link_listener.py" "$WORK/listener.py" 755
	lcmds="$PY3 $WORK/listener.py $WORK/ready 1 >$WORK/heard & l=\$!;
		while [ ! -s $WORK/ready ]; do sleep 0.05; done;
		ip link add br7 type bridge && wait \$l && cat $WORK/heard"
	rm -f "$WORK/ready"
	timeout 20 "$CLI" record -w "$WORK/l.rec" -- sh -c "$lcmds" \
		>"$WORK/l.out" 2>&1 || fail "record with a listener: $(cat "$WORK/l.out")"
	grep -q '^NEWLINK br7$' "$WORK/l.out" || fail "the listener heard nothing: $(cat "$WORK/l.out")"
	grep -q ' rx@1 0 ' "$WORK/l.rec" || fail "the recording does not say the group"
	rm -f "$WORK/ready" "$WORK/heard"
	serve "$WORK/l.rec" "$lcmds"
	[ "$RC" = 0 ] || fail "served to a listener: $(cat "$WORK/s")"
	cmp -s "$WORK/l.out" "$WORK/s" ||
		fail "the listener heard otherwise: $(cat "$WORK/s")"
	# many notifications of one request, and one of many receivers: the
	# same recording with the listener's NEWLINK made 40 sockets' (x40),
	# then the same bytes again to the 40th (a second event), then 300
	# more (000..299) each to 2 sockets; served, each is multicast once:
	# no copy is sent again, no second event taken for a copy
	# (many_notes.py)
	private_copy "$(dirname "$0")/many_notes.py" "$WORK/many_notes.py" 755
	"$PY3" "$WORK/many_notes.py" "$WORK/l.rec" "$WORK/m.rec" ||
		fail "no recording of many notifications made of: $(head -5 "$WORK/l.rec")"
	rm -f "$WORK/ready" "$WORK/heard"
	serve "$WORK/m.rec" "$PY3 $WORK/listener.py $WORK/ready 302 8000000 >$WORK/heard & l=\$!;
		while [ ! -s $WORK/ready ]; do sleep 0.05; done;
		ip link add br7 type bridge && wait \$l && cat $WORK/heard"
	[ "$RC" = 0 ] || fail "many notifications served: $(tail -3 "$WORK/s")"
	{ echo 'NEWLINK x40'; echo 'NEWLINK x40'; seq -f 'NEWLINK %03g' 0 299; } |
		diff - "$WORK/s" >"$WORK/diff" ||
		fail "the listener heard otherwise than x40 twice, 000..299: $(head -10 "$WORK/diff")"
	# timing: the same recording with everything from its first
	# notification on (the listener's NEWLINK, then ip's ACK) made 0.5 s
	# later, as an event the kernel sends a while after the request:
	# served, the listener hears it no earlier than 0.5 s after the
	# request (ip runs beside it: its late ACK is not what is timed);
	# with --no-timing it hears the same
	awk 'NR == 1 || /^#/ { print; next }
		$2 ~ /^rx@/ { late = 1 } late { $1 += 500000 } { print }' \
		"$WORK/l.rec" >"$WORK/late.rec"
	[ "$(grep -c ' rx@1 0 ' "$WORK/late.rec")" -ge 1 ] &&
		! cmp -s "$WORK/l.rec" "$WORK/late.rec" ||
		fail "no late recording made of: $(head -5 "$WORK/l.rec")"
	tcmds="$PY3 $WORK/listener.py $WORK/ready 1 >$WORK/heard & l=\$!;
		while [ ! -s $WORK/ready ]; do sleep 0.05; done; date +%s%N >$WORK/t0;
		ip link add br7 type bridge & i=\$!;
		wait \$l && date +%s%N >$WORK/t1 && wait \$i && cat $WORK/heard"
	rm -f "$WORK/ready" "$WORK/heard"
	serve "$WORK/late.rec" "$tcmds"
	[ "$RC" = 0 ] || fail "the late recording served: $(cat "$WORK/s")"
	cmp -s "$WORK/l.out" "$WORK/s" || fail "the listener heard otherwise late: $(cat "$WORK/s")"
	# 0.49 s: the shell reads the wall clock, the daemon the monotonic one
	[ $(($(cat "$WORK/t1") - $(cat "$WORK/t0"))) -ge 490000000 ] ||
		fail "heard $(($(cat "$WORK/t1") - $(cat "$WORK/t0"))) ns after the request, recorded 500 ms"
	rm -f "$WORK/ready" "$WORK/heard"
	timeout 20 "$CLI" replay --serve "$WORK/late.rec" --no-timing -- sh -c "$lcmds" >"$WORK/s" 2>&1 ||
		fail "served with --no-timing: $(cat "$WORK/s")"
	cmp -s "$WORK/l.out" "$WORK/s" || fail "--no-timing: the listener heard otherwise: $(cat "$WORK/s")"
	"$CLI" replay --check "$WORK/l.rec" --no-timing -- true >/dev/null 2>&1
	[ $? = 2 ] || fail "--no-timing without --serve is not refused as a usage error"
	# a listener of RTNLGRP_BRVLAN (33), above bind()'s 32 groups,
	# joined with NETLINK_ADD_MEMBERSHIP, on a daemon of the full profile
	# (VLAN filtering), while a socket goes to another process with
	# SCM_RIGHTS: recorded (the notifications with their group),
	# checked, and served, each program printing what it printed
	private_copy "$(dirname "$0")/group_listener.py" "$WORK/gl.py" 755
	private_copy "$(dirname "$0")/nl_pass.py" "$WORK/nl_pass.py" 755
	private_copy "$(dirname "$0")/../rtnl-diff/nlmsg.py" "$WORK/nlmsg.py" 644
	gcmds="$PY3 $WORK/gl.py 33 $WORK/ready nopkt 3 >$WORK/heard & l=\$!;
		while [ ! -s $WORK/ready ]; do sleep 0.05; done;
		$PY3 $WORK/nl_pass.py && ip link add br0 type bridge vlan_filtering 1 &&
		bridge vlan add dev br0 vid 10 self && bridge vlan del dev br0 vid 10 self &&
		wait \$l && cat $WORK/heard"
	rm -f "$WORK/ready"
	timeout 20 "$CLI" record --profile full -w "$WORK/g33.rec" -- sh -c "$gcmds" \
		>"$WORK/g.out" 2>&1 || fail "record of group 33: $(cat "$WORK/g.out")"
	[ "$(cat "$WORK/g.out")" = "$(printf 'passed lo\nagain lo\nNEWVLAN nl_groups 0x0 \nNEWVLAN nl_groups 0x0 \nDELVLAN nl_groups 0x0 ')" ] ||
		fail "recorded, the programs printed: $(cat "$WORK/g.out")"
	[ "$(grep -c ' rx@33 0 ' "$WORK/g33.rec")" = 3 ] ||
		fail "group 33's notifications are not recorded with it"
	rm -f "$WORK/ready"
	timeout 20 "$CLI" replay --profile full --check "$WORK/g33.rec" -- sh -c "$gcmds" \
		>"$WORK/s" 2>&1 || fail "checked: $(cat "$WORK/s")"
	rm -f "$WORK/ready"
	serve "$WORK/g33.rec" "$gcmds"
	[ "$RC" = 0 ] || fail "group 33 served: $(cat "$WORK/s")"
	cmp -s "$WORK/g.out" "$WORK/s" || fail "served, the programs printed otherwise: $(cat "$WORK/s")"
	# a listener may join every group Linux has (RTNLGRP_STATS, 36)
	serve "$WORK/l.rec" "$PY3 -c 'import socket; socket.socket(16, 3, 0).setsockopt(270, 1, 36)'"
	[ "$RC" = 0 ] || fail "group 36 cannot be joined: $(cat "$WORK/s")"
else
	echo "# no python3: no listener served"
fi

# 3. what the recording lacks
serve "$WORK/d.rec" "ip link add br1 type bridge"
[ "$RC" != 0 ] || fail "a request not in the recording was answered"
grep -q 'Error: unetlink replay: this request is not in the recording' "$WORK/s" ||
	fail "the refusal is not said: $(cat "$WORK/s")"
echo "not a recording" >"$WORK/bad"
serve "$WORK/bad" "true"
[ "$RC" != 0 ] || fail "a file that is no recording was served"
echo pass
