#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `unetlink monitor` on a running daemon, as a person reads it and as
# JSON, while real clients talk to it: ip's requests and their ACKs,
# an error with its errno and extended ACK in red, an injected fault in
# magenta before the error it makes, a generic netlink conversation
# (genl's controller request, answer and ACK) named by family and
# command.  Then a protocol filter shows only that protocol.
. "$(dirname "$0")/lib.sh"
need ip iproute2
[ "$MODE" = root ] || skip "the monitor is tested by root (it needs CAP_NET_ADMIN and CAP_NET_RAW)"
shared_daemon
M=$WORK/mon
J=$WORK/mon.json
G=$WORK/mon.genl
"$CLI" monitor --socket "$SOCK" --color=always >"$M" 2>"$M.err" &
MP=$!
"$CLI" monitor --socket "$SOCK" -j >"$J" 2>"$J.err" &
JP=$!
"$CLI" monitor --socket "$SOCK" -f generic >"$G" 2>"$G.err" &
GP=$!
trap 'rc=$?; kill -INT $MP $JP $GP 2>/dev/null; (exit $rc); cleanup' EXIT
# the monitors are attached once each has seen a probe
need genl iproute2
for _ in $(seq 100); do
	unl "$WORK/o" genl ctrl get name nlctrl >/dev/null
	grep -q 'GETFAMILY' "$M" && grep -q 'GETFAMILY' "$J" &&
		grep -q 'GETFAMILY' "$G" && break
	sleep 0.05
done
grep -q 'GETFAMILY' "$G" || fail "the monitor saw nothing: $(cat "$M.err" "$G.err")"
unl "$WORK/o" ip link add br0 type bridge
[ "$RC" = 0 ] || fail "ip link add: $(cat "$WORK/o.err")"
unl "$WORK/o" ip link add lo type dummy
"$CLI" fault add --socket "$SOCK" 'family=route type=RTM_NEWADDR error=EBUSY msg=busy here' >/dev/null ||
	fail "fault add failed"
unl "$WORK/o" ip addr add 10.0.0.1/24 dev br0
grep -q 'busy here' "$WORK/o.err" || fail "ip did not see the fault: $(cat "$WORK/o.err")"
unl "$WORK/o" genl ctrl get name nlctrl
[ "$RC" = 0 ] || fail "genl: $(cat "$WORK/o.err")"
# the monitors print what they still have, then end
kill -INT "$MP" "$JP" "$GP"
wait "$MP" || fail "monitor ended badly: $(cat "$M.err")"
wait "$JP" || fail "monitor -j ended badly: $(cat "$J.err")"
wait "$GP" || fail "monitor -f generic ended badly: $(cat "$G.err")"
trap cleanup EXIT
sed 's/^/#   /' "$M" | tail -12
E=$(printf '\033')
grep -q " route > pid [0-9]* port [0-9]*: RTM_NEWLINK seq [0-9]* flags request,ack,excl,create len [0-9]*: dev br0 kind bridge" "$M" ||
	fail "br0's RTM_NEWLINK is not shown decoded"
grep -q "route < .*: NLMSG_ERROR .*: ACK to RTM_NEWLINK" "$M" || fail "no ACK shown"
grep -q "^$E\[31m.*ERROR EEXIST (-17) to RTM_NEWLINK.*$E\[0m\$" "$M" ||
	fail "the EEXIST error is not shown in red"
grep -q "^$E\[35m.* route FAULT: family=route type=20 error=EBUSY msg=busy here$E\[0m\$" "$M" ||
	fail "the fault is not shown in magenta"
grep -A1 'FAULT:' "$M" | grep -q "ERROR EBUSY (-16) to RTM_NEWADDR: busy here" ||
	fail "the fault's error does not follow it"
grep -q "generic > .*: genl nlctrl .*: CTRL_CMD_GETFAMILY family nlctrl" "$M" ||
	fail "genl's request is not decoded"
grep -q "generic < .*: CTRL_CMD_NEWFAMILY family nlctrl" "$M" ||
	fail "the controller's answer is not decoded"
grep -q ' route ' "$G" && fail "the generic-only monitor showed route messages"
grep -q 'CTRL_CMD_GETFAMILY' "$G" || fail "the generic-only monitor missed genl"
grep -q "$E" "$G" && fail "colour when not asked for and not on a terminal"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$J" <<'PY' || fail "monitor -j: not the JSON expected"
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1])]
errs = [m for m in msgs if m.get("error", 0) == -16]
assert errs and errs[0]["ext_ack"] == "busy here", errs
assert any(m.get("fault", "").startswith("family=route") for m in msgs)
assert any(m.get("type") == "RTM_NEWLINK" and m.get("dir") == "to-kernel"
           and "dev br0" in m.get("summary", "") for m in msgs)
PY
fi
echo pass
