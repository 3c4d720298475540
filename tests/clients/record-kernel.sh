#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `unetlink record --kernel`: the shim in pass-through mode records what
# ip and genl send to and receive from the real kernel (in a fresh
# `unshare -n` namespace, so the host is not touched): the requests,
# the kernel's answers and ACKs, as a recording (docs/record.md).  Then
# `replay --check` runs the same commands on unetlink and finds the
# same requests: a golden test made against Linux, passed by unetlink.
# Requests written on a copy of the socket (dup(), then F_DUPFD_CLOEXEC,
# then dup2()), with write() and sendmmsg(), and answers read with read()
# and recvmmsg(), are recorded too, and a
# listener's notifications with their group, which replay --serve
# multicasts to it again, a group above 32 (joined with
# NETLINK_ADD_MEMBERSHIP) included; and a socket handed to another
# process with SCM_RIGHTS.  A sleep between two commands shows as a gap
# at least as long in the recording's usec column.
. "$(dirname "$0")/lib.sh"
need ip iproute2
need unshare util-linux
[ "$MODE" = root ] || skip "recording from a kernel namespace needs root"
# the pass-through shim, beside the shim's private copy
PT=$(dirname "$UNETLINK_CLI")/../shim/libunetlink-passthrough.so
[ -f "$PT" ] || skip "the pass-through shim is not built"
private_copy "$PT" "$WORK/libunetlink-passthrough.so" 755
cmds='ip link add br0 type bridge && ip addr add 10.9.0.1/24 dev br0 && ip -br addr show br0'
timeout 20 unshare -n "$CLI" record --kernel -w "$WORK/k.rec" -- sh -c "$cmds" >"$WORK/out" 2>&1 ||
	fail "record --kernel: $(cat "$WORK/out")"
grep -q '^br0 .*10.9.0.1/24' "$WORK/out" || fail "the command did not run on the kernel: $(cat "$WORK/out")"
head -1 "$WORK/k.rec" | grep -qx '# unetlink recording 1' || fail "no recording header"
# br0's NEWLINK (IFLA_IFNAME "br0") went to the kernel; its ACK came back
grep ' req 0 ' "$WORK/k.rec" | grep -q '0800030062723000' || fail "br0's request is not recorded"
grep -q ' rx 0 [0-9]* [0-9]* [0-9]* 2400000002000' "$WORK/k.rec" || fail "no ACK recorded"
awk -v host="$(stat -L -c %i /proc/self/ns/net)" '$3 == 0 && $4 == host { exit 1 }' "$WORK/k.rec" ||
	fail "a message is recorded in the host's namespace"
echo "# $(grep -c ' req ' "$WORK/k.rec") requests and $(grep -c ' rx ' "$WORK/k.rec") answers recorded from the kernel"
"$CLI" replay --check "$WORK/k.rec" -- sh -c "$cmds" >"$WORK/rp" 2>&1 ||
	fail "unetlink's run asked otherwise than the kernel's: $(cat "$WORK/rp")"
# a generic netlink conversation too
if command -v genl >/dev/null 2>&1; then
	timeout 20 unshare -n "$CLI" record --kernel -w "$WORK/g.rec" -- genl ctrl get name nlctrl >"$WORK/out" 2>&1 ||
		fail "record --kernel genl: $(cat "$WORK/out")"
	grep -q ' req 16 ' "$WORK/g.rec" && grep -q ' rx 16 ' "$WORK/g.rec" ||
		fail "genl's conversation is not recorded"
	"$CLI" replay --check "$WORK/g.rec" -- genl ctrl get name nlctrl >"$WORK/rp" 2>&1 ||
		fail "genl asked unetlink otherwise: $(cat "$WORK/rp")"
fi
# relative timing: a sleep between two commands is a gap in the usec
# column of the pass-through shim's recording too
timeout 20 unshare -n "$CLI" record --kernel -w "$WORK/gap.rec" -- \
	sh -c 'ip link show lo >/dev/null; sleep 0.2; ip link show lo >/dev/null' \
	>"$WORK/out" 2>&1 || fail "record --kernel of two commands: $(cat "$WORK/out")"
gap_check "$WORK/gap.rec" 0.2
# a dup() of the socket, write()/read(), sendmmsg()/recvmmsg(); and a
# listener's notifications, with the group they were multicast to
# the system's python3 (a version manager's wrapper costs a lot a run)
PY3=/usr/bin/python3
[ -x "$PY3" ] || PY3=$(command -v python3)
if [ -n "$PY3" ]; then
	private_copy "$(dirname "$0")/nl_calls.py" "$WORK/nl_calls.py" 755
	private_copy "$(dirname "$0")/../rtnl-diff/nlmsg.py" "$WORK/nlmsg.py" 644
	private_copy "$(dirname "$0")/link_listener.py" "$WORK/listener.py" 755
	timeout 20 unshare -n "$CLI" record --kernel -w "$WORK/c.rec" -- \
		"$PY3" "$WORK/nl_calls.py" >"$WORK/out" 2>&1 ||
		fail "record --kernel of the other calls: $(cat "$WORK/out")"
	grep -q '^read lo$' "$WORK/out" && grep -q '^recvmmsg lo$' "$WORK/out" ||
		fail "the calls did not run: $(cat "$WORK/out")"
	[ "$(grep -c ' req 0 ' "$WORK/c.rec")" = 2 ] ||
		fail "write() on a dup() and sendmmsg() are not both recorded"
	# lo's IFLA_IFNAME, answered twice: to read() and to recvmmsg()
	[ "$(grep ' rx 0 ' "$WORK/c.rec" | grep -c '070003006c6f00')" = 2 ] ||
		fail "read() and recvmmsg() are not both recorded"
	"$CLI" replay --check "$WORK/c.rec" -- "$PY3" "$WORK/nl_calls.py" \
		>"$WORK/rp" 2>&1 || fail "the other calls asked otherwise: $(cat "$WORK/rp")"
	lcmds="$PY3 $WORK/listener.py $WORK/ready 1 >$WORK/heard & l=\$!;
		while [ ! -s $WORK/ready ]; do sleep 0.05; done;
		ip link add br7 type bridge && wait \$l && cat $WORK/heard"
	timeout 20 unshare -n "$CLI" record --kernel -w "$WORK/l.rec" -- \
		sh -c "$lcmds" >"$WORK/l.out" 2>&1 || fail "record --kernel with a listener: $(cat "$WORK/l.out")"
	grep -q '^NEWLINK br7$' "$WORK/l.out" || fail "the listener heard nothing: $(cat "$WORK/l.out")"
	grep -q ' rx@1 0 ' "$WORK/l.rec" || fail "the group of a notification is not recorded"
	rm -f "$WORK/ready" "$WORK/heard"
	timeout 20 "$CLI" replay --serve "$WORK/l.rec" -- sh -c "$lcmds" >"$WORK/s" 2>&1 ||
		fail "served to a listener: $(cat "$WORK/s")"
	cmp -s "$WORK/l.out" "$WORK/s" || fail "the listener heard otherwise: $(cat "$WORK/s")"
	# two listeners of RTNLGRP_TUNNEL (35), above bind()'s 32 groups,
	# one asking for NETLINK_PKTINFO itself, while a socket goes to
	# another process with SCM_RIGHTS: the notifications are recorded
	# with their group (from a NETLINK_PKTINFO of the recorder's, which
	# the first listener does not see) and served to both again, and
	# what the process that was handed the socket asked and read is
	# recorded; each prints what it printed on the kernel
	if unshare -n ip link add vx0 type vxlan dstport 4789 external vnifilter 2>/dev/null; then
		private_copy "$(dirname "$0")/group_listener.py" "$WORK/gl.py" 755
		private_copy "$(dirname "$0")/nl_pass.py" "$WORK/nl_pass.py" 755
		gcmds="for pk in nopkt pktinfo; do
				$PY3 $WORK/gl.py 35 $WORK/ready-\$pk \$pk 2 >$WORK/heard-\$pk &
			done
			while [ ! -s $WORK/ready-nopkt ] || [ ! -s $WORK/ready-pktinfo ]; do sleep 0.05; done;
			$PY3 $WORK/nl_pass.py &&
			ip link add vx0 type vxlan dstport 4789 external vnifilter &&
			bridge vni add dev vx0 vni 100 && bridge vni add dev vx0 vni 200-201 &&
			wait && cat $WORK/heard-nopkt $WORK/heard-pktinfo"
		rm -f "$WORK"/ready-*
		timeout 20 unshare -n "$CLI" record --kernel -w "$WORK/g35.rec" -- \
			sh -c "$gcmds" >"$WORK/g.out" 2>&1 ||
			fail "record --kernel of group 35: $(cat "$WORK/g.out")"
		# as Linux has it: nl_groups 0 above 32, the control message
		# only for the listener that asked for it
		w='NEWTUNNEL nl_groups 0x0'
		[ "$(cat "$WORK/g.out")" = "$(printf 'passed lo\nagain lo\n%s \n%s \n%s\n%s' \
			"$w" "$w" "$w cmsg 270/3 group 35" "$w cmsg 270/3 group 35")" ] ||
			fail "recorded, the programs printed: $(cat "$WORK/g.out")"
		[ "$(grep -c ' rx@35 0 ' "$WORK/g35.rec")" = 4 ] ||
			fail "group 35's notifications are not recorded with it"
		# the dump asked by the first process, then by the second,
		# answered to the second
		[ "$(awk '$2 == "req" && $3 == 0 && $7 ~ /^20000000120001/' "$WORK/g35.rec" |
			awk '{ print $6 }' | sort -u | wc -l)" = 2 ] ||
			fail "the requests of both processes are not recorded"
		rm -f "$WORK"/ready-*
		timeout 20 "$CLI" replay --serve "$WORK/g35.rec" -- sh -c "$gcmds" \
			>"$WORK/s" 2>&1 || fail "group 35 served: $(cat "$WORK/s")"
		cmp -s "$WORK/g.out" "$WORK/s" ||
			fail "served, the programs printed otherwise: $(cat "$WORK/s")"
	else
		echo "# no vxlan vnifilter in this kernel: no group above 32 recorded"
	fi
else
	echo "# no python3: dup(), read(), sendmmsg() and listeners not recorded"
fi
echo pass
