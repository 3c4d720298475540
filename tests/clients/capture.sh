#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Captures as tshark reads them (Debian tshark).  A client sends three
# requests of known shape (capture_client.py: RTM_NEWLINK of a bridge,
# an RTM_GETLINK dump, nlctrl's GETFAMILY) while
#   - `unetlink capture` runs live, for every protocol, and for the
#     generic one alone (--family generic), and one with --pid 1 that
#     must see nothing of the client's,
#   - and, as root, `unetlink run --capture` records the client's run;
# the generic capture is pcapng by -F pcapng, the run's by its name
# (run.pcapng), the others pcap;
# tshark must find no malformed packet in any file, decode each message's
# header and attributes as its bytes have them (tshark-fields.py), and
# the fields it decodes (family, type, flags, sequence, port id, error,
# device name, family name) must be what was sent and what the client
# was answered.  In a pcapng file every message is on the interface of
# the client's net and its comment names the client's process and the
# port id of its socket.
# As root, a capture of one net (--netns) to standard output (-w -) has
# that net's messages alone.
# Unprivileged, the client runs as uid 65534 (its NEWLINK is refused:
# the capture shows error -1) and may not capture at all.
. "$(dirname "$0")/lib.sh"
need tshark tshark
need python3 python3

shared_daemon
private_copy "$(dirname "$0")/capture_client.py" "$WORK/client.py" 644

# start_capture NAME ARGS...: a live capture to $WORK/NAME.pcap, its
# pid in CAP_PID; returns once the file has its pcap header.
start_capture() {
	name=$1
	shift
	"$CLI" capture --socket "$SOCK" -w "$WORK/$name.pcap" "$@" \
		2>"$WORK/$name.err" &
	CAP_PID=$!
	for _ in $(seq 200); do
		[ "$(stat -c %s "$WORK/$name.pcap" 2>/dev/null || echo 0)" -ge 24 ] &&
			return
		sleep 0.05
	done
	fail "capture $name did not start: $(cat "$WORK/$name.err")"
}
stop_capture() { # PID NAME
	kill -INT "$1"
	wait "$1" || fail "capture $2 failed: $(cat "$WORK/$2.err")"
	grep -q '^[0-9]* messages captured$' "$WORK/$2.err" ||
		fail "capture $2 did not count: $(cat "$WORK/$2.err")"
}

start_capture all
all=$CAP_PID
start_capture generic --family generic -F pcapng
generic=$CAP_PID
start_capture pid1 --pid 1
pid1=$CAP_PID
if [ "$MODE" = root ]; then
	runcap="--capture $WORK/run.pcapng"
else
	runcap=
fi
# shellcheck disable=SC2086
timeout -k 3 "$CLIENT_TIMEOUT" $AS "$CLI" run --socket "$SOCK" $runcap -- \
	python3 "$WORK/client.py" >"$WORK/out" 2>&1 ||
	fail "the client failed: $(cat "$WORK/out")"
sed 's/^/#   /' "$WORK/out"
stop_capture "$all" all
stop_capture "$generic" generic
stop_capture "$pid1" pid1

rport=$(awk '$1 == "route" { print $2 }' "$WORK/out")
gport=$(awk '$1 == "genl" { print $2 }' "$WORK/out")
cpid=$(awk '$1 == "pid" { print $2 }' "$WORK/out")
[ -n "$rport" ] && [ -n "$gport" ] && [ -n "$cpid" ] ||
	fail "the client printed no portids or pid"
# The NEWLINK's answer: an ACK (its request capped to the header,
# NLM_F_CAPPED) and a dump of two links, or EPERM (the whole request
# echoed) and a dump of lo alone.
if [ "$MODE" = root ]; then
	newlink=0 ackflags=0x0100
	dump="0x0002,0x0002|4243,4243|$rport,$rport||lo,capbr0|"
else
	newlink=-1 ackflags=0x0000
	dump="0x0002|4243|$rport||lo|"
fi
grep -qx "newlink error $newlink" "$WORK/out" ||
	fail "the client's NEWLINK was not answered $newlink"

# What tshark must decode from the client's messages, in order:
# family|type|flags|seq|port id|error|device names|genl family name
# (an error message shows its own header and the request's; rtnetlink's
# dissector leaves netlink.hdr_type empty for the messages it decodes)
cat >"$WORK/want" <<WANT
0x0000||0x0605,0x0605|4242|0||capbr0|
0x0000|0x0002,0x0010|$ackflags,0x0605,0x0605|4242,4242|$rport,0|$newlink||
0x0000||0x0301,0x0301|4243|0|||
0x0000||$dump
0x0000|0x0003|0x0002|4243|$rport|||
0x0010||0x0005|4244|0|||nlctrl
0x0010||0x0000|4244|$gport|||nlctrl
0x0010|0x0002,0x0010|0x0100,0x0005|4244,4244|$gport,0|0||
WANT
decoded() { # FILE [FIELD...]
	f=$1
	shift
	tshark -r "$f" -T fields -E separator='|' "$@" -e netlink.family \
		-e netlink.hdr_type -e netlink.hdr_flags -e netlink.hdr_seq \
		-e netlink.hdr_pid -e netlink.error -e netlink-route.ifla_ifname \
		-e genl.ctrl.family_name \
		-Y 'netlink.hdr_seq >= 4242 && netlink.hdr_seq <= 4244' 2>/dev/null
}
# tshark-fields.py (rtnl-diff's capture check): tshark finds no
# malformed packet, decodes every message, and its header fields and
# attributes are the bytes of the file
# (a pcapng file's lines start with each frame's interface and comment,
# which must be the client's net and its process and socket)
check_file() { # FILE WANT
	python3 "$(dirname "$0")/../rtnl-diff/tshark-fields.py" \
		"$WORK/$1" >"$WORK/$1.v" 2>&1 ||
		fail "tshark misreads $1: $(head -20 "$WORK/$1.v")"
	if [ "$(od -An -tx1 -N4 "$WORK/$1" | tr -d ' ')" = 0a0d0d0a ]; then
		decoded "$WORK/$1" -e frame.interface_name -e frame.comment \
			>"$WORK/$1.ng"
		awk -F'|' -v pid="$cpid" -v r="$rport" -v g="$gport" '
			NR == 1 { iface = $1 }
			{ port = $3 == "0x0010" ? g : r
			  if ($1 != iface || iface !~ /^nlmon-[0-9]+$/ ||
			      $2 != "unetlink net " substr(iface, 7) ", pid " \
				    pid ", port id " port) { print; bad = 1 } }
			END { exit bad }' "$WORK/$1.ng" >"$WORK/$1.badng" ||
			fail "$1: frames off the client's net, process or port: $(head -5 "$WORK/$1.badng")"
		cut -d'|' -f3- "$WORK/$1.ng" >"$WORK/$1.got"
	else
		decoded "$WORK/$1" >"$WORK/$1.got"
	fi
	diff -u "$2" "$WORK/$1.got" | sed "s/^/# $1: /"
	cmp -s "$2" "$WORK/$1.got" || fail "$1 does not decode to what was sent"
}
check_file all.pcap "$WORK/want"
grep '^0x0010' "$WORK/want" >"$WORK/want.generic"
[ "$(od -An -tx1 -N4 "$WORK/generic.pcap" | tr -d ' ')" = 0a0d0d0a ] ||
	fail "-F pcapng wrote no pcapng section header"
check_file generic.pcap "$WORK/want.generic"
[ "$MODE" = root ] && check_file run.pcapng "$WORK/want"
# every message of the generic capture is of the generic family
tshark -r "$WORK/generic.pcap" -T fields -e netlink.family 2>/dev/null |
	grep -v '^0x0010$' && fail "--family generic captured other families"
# nothing of the client's process in the capture of pid 1
[ "$(decoded "$WORK/pid1.pcap" | wc -l)" = 0 ] ||
	fail "--pid 1 captured the client's messages"

# --netns NAME to standard output (-w -): the messages of that net's
# sockets alone
if [ "$MODE" = root ]; then
	"$CLI" run --socket "$SOCK" -- ip netns add capblue ||
		fail "ip netns add capblue"
	"$CLI" capture --socket "$SOCK" --netns capblue -w - \
		>"$WORK/blue.pcap" 2>"$WORK/blue.err" &
	blue=$!
	for _ in $(seq 200); do
		[ "$(stat -c %s "$WORK/blue.pcap")" -ge 24 ] && break
		sleep 0.05
	done
	"$CLI" run --socket "$SOCK" -- sh -c \
		'ip link add capbr8 type bridge && ip -n capblue link add capbr9 type bridge' ||
		fail "the links of --netns capblue were not made"
	stop_capture "$blue" blue
	# (tshark costs seconds a run: the bytes tell as much) a pcap file
	# of LINKTYPE_NETLINK (253), with capbr9's name and not capbr8's
	case $(od -An -tx1 -j20 -N4 "$WORK/blue.pcap" | tr -d ' ') in
	fd000000 | 000000fd) ;; # (written in the host's byte order)
	*) false ;;
	esac ||
		fail "the capture of standard output is no pcap of LINKTYPE_NETLINK"
	grep -q capbr9 "$WORK/blue.pcap" && ! grep -q capbr8 "$WORK/blue.pcap" ||
		fail "--netns capblue did not capture capbr9's messages alone"
	"$CLI" run --socket "$SOCK" -- ip netns del capblue
fi

if [ -n "$AS" ]; then
	# shellcheck disable=SC2086
	$AS "$CLI" capture --socket "$SOCK" -w /dev/null -c 1 >"$WORK/deny" 2>&1 &&
		fail "uid 65534 could capture"
	grep -q 'CAP_NET_ADMIN and CAP_NET_RAW are needed' "$WORK/deny" ||
		fail "uid 65534's capture: $(cat "$WORK/deny")"
fi
echo "pass"
