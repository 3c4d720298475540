#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `unetlink record` and `unetlink replay --check` (docs/record.md) as a
# golden test of what a program asks of netlink: ip's requests are
# recorded, the same commands replay identical (twice: nothing of a run
# leaks into the comparison) with their own exit status, and a changed
# name, a missing request and a file that is no recording are each
# reported, saying where.  Run by root and by uid 65534 (each owns the
# private daemon the command runs on).  As root, a fault injected with
# `record --fault` is in the recording, before the error it made, and
# `replay --check --fault-file` injects it again, and a delay= fault
# leaves ip waiting at least its delay for an ACK.  A sleep between two
# commands shows as a gap at least as long in the recording's usec column.
. "$(dirname "$0")/lib.sh"
need ip iproute2
[ "$MODE" = unpriv ] && skip "record and replay run on a private daemon: see mode owner"

# a directory the client (uid 65534 in owner mode) may write in
R=$WORK/rw
mkdir "$R" && chmod 777 "$R"
cmds='ip link add br0 type bridge && ip addr add 10.9.0.1/24 dev br0 && ip -br addr show br0'
# shellcheck disable=SC2086
$AS "$CLI" record -w "$R/rec" -- sh -c "$cmds" >"$WORK/out" 2>&1 ||
	fail "record failed: $(cat "$WORK/out")"
sed 's/^/#   /' "$WORK/out"
head -1 "$R/rec" | grep -qx '# unetlink recording 1' || fail "no recording header"
[ "$(grep -c ' req 0 ' "$R/rec")" -ge 3 ] || fail "fewer than three route requests recorded"
grep -q ' rx 0 ' "$R/rec" || fail "no answers recorded"
# the NEWLINK of br0: IFLA_IFNAME "br0" (08 00 03 00 62 72 30 00)
grep ' req 0 ' "$R/rec" | grep -q '0800030062723000' || fail "br0's name is not in a request"

replay() { # EXPECTED-STATUS COMMANDS
	want=$1
	shift
	# shellcheck disable=SC2086
	$AS "$CLI" replay --check "$R/rec" -- sh -c "$1" >"$WORK/rp" 2>&1
	st=$?
	sed 's/^/#   /' "$WORK/rp"
	[ "$st" = "$want" ] || fail "replay of '$1' ended $st, not $want"
}
replay 0 "$cmds"
replay 0 "$cmds"
replay 3 "$cmds; exit 3"
replay 1 "$(echo "$cmds" | sed 's/br0/br1/g')"
grep -q 'request 2 differs from the recording (first at byte 38' "$WORK/rp" ||
	fail "the changed name was not reported where it is"
grep -q 'recorded: protocol 0, 56 bytes, type 16, flags 0x605' "$WORK/rp" ||
	fail "the recorded request was not shown"
replay 1 "ip link add br0 type bridge"
grep -q 'the recording has [0-9]* requests, this run made [0-9]*' "$WORK/rp" ||
	fail "the missing requests were not reported"
echo "not a recording" >"$R/bad"
chmod 644 "$R/bad"
# shellcheck disable=SC2086
$AS "$CLI" replay --check "$R/bad" -- true >"$WORK/rp" 2>&1 &&
	fail "a file that is no recording was accepted"
grep -q 'not a unetlink recording' "$WORK/rp" || fail "bad recording: $(cat "$WORK/rp")"

# relative timing: a sleep between two commands is a gap in the usec
# column (no process but the recorded ones' own answers in between)
# shellcheck disable=SC2086
$AS "$CLI" record -w "$R/gap.rec" -- sh -c 'ip link show lo >/dev/null; sleep 0.2; ip link show lo >/dev/null' \
	>"$WORK/gap.out" 2>&1 || fail "record of two commands: $(cat "$WORK/gap.out")"
gap_check "$R/gap.rec" 0.2

# a fault in the recording: its line (protocol 0, the rule's text as
# bytes), then the error it made (NLMSG_ERROR, -EBUSY: f0ffffff); by
# root only (fault-owner shows uid 65534's private daemon takes rules)
[ "$MODE" = root ] || { echo pass; exit 0; }
fcmd='ip link add br0 type bridge; echo "rc=$?"'
# (flags: ip link add's request, not the probe iproute2 sends first)
rule='family=route type=RTM_NEWLINK flags=0x600 error=EBUSY msg=injected here'
"$CLI" record --fault "$rule" -w "$R/f.rec" -- sh -c "$fcmd" >"$WORK/f.out" 2>&1 ||
	fail "record --fault failed: $(cat "$WORK/f.out")"
grep -qx 'Error: injected here.' "$WORK/f.out" && grep -qx 'rc=2' "$WORK/f.out" ||
	fail "record --fault did not fail ip link add: $(cat "$WORK/f.out")"
awk '$2 == "fault" { f = $7; getline; if ($2 == "rx" && $7 ~ /^........0200....................f0ffffff/) print f }' \
	"$R/f.rec" >"$WORK/f.hex"
[ "$(wc -l <"$WORK/f.hex")" = 1 ] ||
	fail "want one fault line before the error it made: $(cut -c1-60 "$R/f.rec")"
text=$(sed 's/../\\x&/g' "$WORK/f.hex" | xargs -0 printf '%b')
case $text in
*family=route*flags=0x600*error=EBUSY*"msg=injected here"*) ;;
*) fail "the fault line holds '$text'" ;;
esac
printf '# a comment\n\n%s\n' "$rule" >"$R/rules"
chmod 644 "$R/rules"
"$CLI" replay --check "$R/f.rec" --fault-file "$R/rules" -- sh -c "$fcmd" \
	>"$WORK/f2.out" 2>&1 || fail "replay --fault-file: $(cat "$WORK/f2.out")"
grep -qx 'Error: injected here.' "$WORK/f2.out" ||
	fail "replay --fault-file did not inject: $(cat "$WORK/f2.out")"
# a delay fault, as ip sees it (it waits, then succeeds) and as the
# recording's times show it: from ip link add's request (type 16, flags
# create|excl, not iproute2's probe) to its ACK at least the delay passed
"$CLI" record --fault 'family=route type=RTM_NEWLINK flags=0x600 delay=200' \
	-w "$R/d.rec" -- ip link add br0 type bridge >"$WORK/d.out" 2>&1 ||
	fail "ip link add under a delay fault: $(cat "$WORK/d.out")"
wait=$(awk '$2 == "req" && substr($7, 9, 4) == "1000" && substr($7, 15, 2) == "06" { t = $1; p = $5 }
	t != "" && $2 == "rx" && $5 == p { print $1 - t; exit }' "$R/d.rec")
[ "${wait:-0}" -ge 200000 ] ||
	fail "the delayed request was answered after ${wait:-no} us, want at least 200000"
"$CLI" record --kernel --fault "$rule" -w "$R/k.rec" -- true 2>"$WORK/k.err" &&
	fail "record --kernel --fault was taken"
grep -q 'no --fault' "$WORK/k.err" || fail "record --kernel --fault: $(cat "$WORK/k.err")"
echo pass
