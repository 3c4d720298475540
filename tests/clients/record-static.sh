#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `unetlink record --kernel` of programs no preload reaches: the seccomp
# front end in pass-through mode (src/seccomp/passthrough.c,
# docs/record.md) writes down what they send to the kernel and receive.
#
# 1. A static busybox's `ip link show` in a fresh `unshare -n` with a
#    veth pair: the recording has its one dump request and the answers;
#    `replay --check` of the same command passes, of another (`ip addr
#    show`) fails; `replay --serve` prints the links the kernel had.
#    (busybox reads each link's qlen with SIOCGIFTXQLEN, an ioctl, not
#    netlink: no recording holds it, so it is left out of that
#    comparison.)
# 2. seccomp_block (the blocking-receive checks of seccomp-block.sh)
#    under `record --kernel --seccomp`: it prints what it prints on the
#    kernel alone (receives that sleep, signals, timeouts, overruns,
#    recvmmsg, sends that block), and its recording has requests,
#    answers and notifications with their group.
# 3. Two busybox commands a sleep apart, the shell's tree under the
#    filter (--seccomp): the sleep is a gap at least as long in the
#    recording's usec column.
. "$(dirname "$0")/lib.sh"
need python3 python3
need unshare util-linux
[ "$(id -u)" = 0 ] || skip "not root: cannot unshare -n"

BB=${UNETLINK_BUSYBOX_STATIC:-}
if [ -z "$BB" ]; then
	for b in /usr/local/lib/unetlink-tests/busybox-static/bin/busybox \
		/bin/busybox /usr/bin/busybox; do
		python3 "$(dirname "$0")/static-elf.py" "$b" && BB=$b && break
	done
fi
[ -n "$BB" ] && python3 "$(dirname "$0")/static-elf.py" "$BB" ||
	skip "no static busybox (package busybox-static, or set UNETLINK_BUSYBOX_STATIC)"

# the requests (req), answers (rx) and notifications (rx@GROUP) of a
# recording
count() {
	awk -v d="$2" '$2 == d || (d == "rx@" && $2 ~ /^rx@/) { n++ } END { print n + 0 }' "$1"
}

timeout -k 3 30 unshare -n sh -c "ip link add v0 type veth peer name v1 &&
	'$CLI' record --kernel -w '$WORK/k.rec' -- '$BB' ip link show" \
	>"$WORK/k.out" 2>"$WORK/k.err" ||
	fail "record --kernel of a static busybox: $(cat "$WORK/k.err")"
[ -s "$WORK/k.err" ] && fail "record --kernel said: $(cat "$WORK/k.err")"
head -1 "$WORK/k.rec" | grep -qx '# unetlink recording 1' ||
	fail "not a recording: $(head -1 "$WORK/k.rec")"
[ "$(count "$WORK/k.rec" req)" = 1 ] ||
	fail "want the one dump request, the recording has $(count "$WORK/k.rec" req)"
# the dump's datagrams, the last ending with its NLMSG_DONE (20 bytes,
# type 3, NLM_F_MULTI, error 0)
[ "$(count "$WORK/k.rec" rx)" -ge 2 ] ||
	fail "want the dump's answers, the recording has $(count "$WORK/k.rec" rx)"
tail -1 "$WORK/k.rec" | grep -Eq ' rx [0-9 ]+ ([0-9a-f]{8})*1400000003000200[0-9a-f]{16}00000000$' ||
	fail "the last answer does not end with the dump's NLMSG_DONE"
grep -q 'v0@v1' "$WORK/k.out" || fail "ip link show: $(cat "$WORK/k.out")"
echo "# recorded: $(count "$WORK/k.rec" req) request, $(count "$WORK/k.rec" rx) answers"

"$CLI" replay --check "$WORK/k.rec" -- "$BB" ip link show >/dev/null 2>"$WORK/c.err" ||
	fail "replay --check of the same command: $(cat "$WORK/c.err")"
if "$CLI" replay --check "$WORK/k.rec" -- "$BB" ip addr show >/dev/null 2>"$WORK/c.err"; then
	fail "replay --check of another command passed"
fi
grep -q 'request 1 differs' "$WORK/c.err" ||
	fail "replay --check of another command: $(cat "$WORK/c.err")"

"$CLI" replay --serve "$WORK/k.rec" -- "$BB" ip link show >"$WORK/s.out" 2>/dev/null ||
	fail "replay --serve exited $?"
noqlen() { sed -e 's/ qlen [0-9]*//' -e 's/ *$//' "$1"; }
noqlen "$WORK/k.out" >"$WORK/k.cmp"
noqlen "$WORK/s.out" >"$WORK/s.cmp"
if ! cmp -s "$WORK/k.cmp" "$WORK/s.cmp"; then
	diff -u "$WORK/k.cmp" "$WORK/s.cmp" | sed 's/^/#   /'
	fail "replay --serve printed other links than the kernel had"
fi
echo "# replay --check and --serve of the recording: as on the kernel"

# relative timing: a sleep between two busybox commands is a gap in the
# usec column of the seccomp recorder's recording (--seccomp: the shell
# is dynamic; the whole tree is under the filter)
timeout -k 3 30 unshare -n "$CLI" record --kernel --seccomp -w "$WORK/gap.rec" -- \
	sh -c "'$BB' ip link show lo >/dev/null; sleep 0.2; '$BB' ip link show lo >/dev/null" \
	>"$WORK/gap.out" 2>&1 || fail "record --kernel --seccomp of two commands: $(cat "$WORK/gap.out")"
[ "$(count "$WORK/gap.rec" req)" = 2 ] ||
	fail "want the two dump requests, the recording has $(count "$WORK/gap.rec" req)"
gap_check "$WORK/gap.rec" 0.2

SB=${SECCOMP_BLOCK:-}
[ -n "$SB" ] && [ -x "$SB" ] || fail "SECCOMP_BLOCK is not built"
private_copy "$SB" "$WORK/seccomp_block" 755
timeout -k 3 60 unshare -n "$WORK/seccomp_block" >"$WORK/b.kernel" 2>&1 ||
	fail "seccomp_block on the kernel: $(tail -3 "$WORK/b.kernel")"
timeout -k 3 60 unshare -n "$CLI" record --kernel --seccomp -w "$WORK/b.rec" \
	-- "$WORK/seccomp_block" >"$WORK/b.out" 2>&1 ||
	fail "seccomp_block recorded: $(tail -3 "$WORK/b.out")"
if ! cmp -s "$WORK/b.kernel" "$WORK/b.out"; then
	diff -u "$WORK/b.kernel" "$WORK/b.out" | sed 's/^/#   /'
	fail "seccomp_block under record --kernel --seccomp differs from the kernel"
fi
for d in req rx rx@; do
	[ "$(count "$WORK/b.rec" $d)" -gt 0 ] ||
		fail "the recording of seccomp_block has no $d line"
done
echo "# seccomp_block recorded: $(count "$WORK/b.rec" req) requests, $(count "$WORK/b.rec" rx) answers, $(count "$WORK/b.rec" rx@) notifications"
echo pass
