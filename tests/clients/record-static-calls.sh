#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `unetlink record --kernel` of a static program (record_static.c) under
# the seccomp recorder (src/seccomp/passthrough.c, pt-recv.c): what the
# peek-and-continue recorder could not see is recorded, and the program
# prints on the recorder what it prints on the kernel alone:
# - answers taken several at once with recvmmsg() (MSG_WAITFORONE, a
#   blocking call, a dump, an error), each datagram a line;
# - requests written on a dup() and an fcntl(F_DUPFD_CLOEXEC) copy of the
#   socket;
# - a netlink socket handed to a child with SCM_RIGHTS (beside
#   /dev/null), on which the child asks and reads;
# - notifications of RTNLGRP_IPV4_MCADDR (37, above bind()'s 32 groups)
#   recorded with their group for a listener that did not turn
#   NETLINK_PKTINFO on, which still gets no control message, and for one
#   that did;
# - dup2() of a netlink socket below the range is refused with EBUSY, as
#   the daemon's seccomp front end refuses it (docs/conformance.md);
# - a blocking recvmmsg() that took one datagram and waits for a second,
#   ended by a signal: Linux returns the one; on the recorder the call
#   restarts (SA_RESTART) or is tried again after EINTR, and gets it;
# - a netlink socket handed over with SCM_RIGHTS taken with recvmmsg(),
#   and 40 and 2100 the program had from before the recorder started
#   (inherited across exec): the requests and answers on each are
#   recorded.
# Then `replay --check` runs the program on unetlink (the daemon's seccomp
# front end) and finds the same requests: the passed socket works there
# too, though its sender closed its own before the child took it.
# TAP: a check this kernel cannot show (group 37 before Linux 6.13) is a
# skipped test point, not a pass.
UNL_TAP=1
. "$(dirname "$0")/lib.sh"
t=0
ok() {
	t=$((t + 1))
	echo "ok $t $*"
}
need unshare util-linux
[ "$(id -u)" = 0 ] || skip "not root: cannot unshare -n"
RS=${RECORD_STATIC:-}
[ -n "$RS" ] && [ -x "$RS" ] || fail "RECORD_STATIC is not built"
private_copy "$RS" "$WORK/record_static" 755

timeout -k 3 30 unshare -n "$WORK/record_static" >"$WORK/k.out" 2>&1 ||
	fail "record_static on the kernel: $(tail -3 "$WORK/k.out")"
timeout -k 3 30 unshare -n "$CLI" record --kernel -w "$WORK/r.rec" \
	-- "$WORK/record_static" >"$WORK/r.out" 2>&1 ||
	fail "record_static recorded: $(tail -3 "$WORK/r.out")"
if ! cmp -s "$WORK/k.out" "$WORK/r.out"; then
	diff -u "$WORK/k.out" "$WORK/r.out" | sed 's/^/#   /'
	fail "record_static under record --kernel differs from the kernel"
fi
sed 's/^/#   /' "$WORK/r.out"
ok "record_static prints on the recorder what it prints on the kernel"

# lines of the recording: requests, answers, notifications of group 37
lines() {
	awk -v d="$1" '$2 == d && $3 == 0 { n++ } END { print n + 0 }' "$WORK/r.rec"
}
# datagrams the program printed on lines starting with $1
printed() {
	grep -E "^($1):" "$WORK/r.out" | tr -cd '[' | wc -c
}
# seven requests: three on the socket and its two copies, two more, a
# dump, one on the passed socket
[ "$(lines req)" = 7 ] || fail "want 7 requests recorded, got $(lines req)"
# every datagram recvmmsg() took, and the passed socket's answer
want=$(($(printed 'three|two|dump') + 1))
[ "$(lines rx)" = "$want" ] ||
	fail "want $want answers recorded, got $(lines rx)"
# the passed socket's request is the child's
[ "$(awk '$2 == "req" { print $6 }' "$WORK/r.rec" | sort -u | wc -l)" = 2 ] ||
	fail "the request on the passed socket is not the child's"
ok "recorded: $(lines req) requests, $(lines rx) answers"

if grep -q '^groups:' "$WORK/k.out"; then
	want=$(($(printed groups) + $(grep -c '^pktinfo:.* group 37$' "$WORK/r.out")))
	[ "$(lines rx@37)" = "$want" ] ||
		fail "want $want notifications of group 37 recorded, got $(lines rx@37)"
	ok "recorded: $(lines rx@37) notifications of group 37"
else
	ok "notifications of group 37 recorded # SKIP this kernel sends no RTNLGRP_IPV4_MCADDR (Linux < 6.13)"
fi

timeout -k 3 30 unshare -n "$CLI" record --kernel -w "$WORK/d.rec" \
	-- "$WORK/record_static" dup2 >"$WORK/d.out" 2>&1 ||
	fail "record_static dup2: $(cat "$WORK/d.out")"
[ "$(cat "$WORK/d.out")" = "dup2: Device or resource busy" ] ||
	fail "dup2() below the range: $(cat "$WORK/d.out")"
ok "dup2() of a netlink socket below the range: EBUSY"

timeout -k 3 30 unshare -n "$WORK/record_static" signal >"$WORK/ks.out" 2>&1 ||
	fail "record_static signal on the kernel: $(tail -3 "$WORK/ks.out")"
timeout -k 3 30 unshare -n "$CLI" record --kernel -w "$WORK/s.rec" \
	-- "$WORK/record_static" signal >"$WORK/s.out" 2>&1 ||
	fail "record_static signal recorded: $(tail -3 "$WORK/s.out")"
sed 's/^/#   /' "$WORK/s.out"
if ! cmp -s "$WORK/ks.out" "$WORK/s.out"; then
	diff -u "$WORK/ks.out" "$WORK/s.out" | sed 's/^/#   /'
	fail "a signal during recvmmsg() lost its datagram on the recorder"
fi
[ "$(grep -c ': recvmmsg 1: \[ lo ' "$WORK/s.out")" = 2 ] ||
	fail "recvmmsg() did not return lo's answer after the signal"
[ "$(awk '$2 == "rx"' "$WORK/s.rec" | wc -l)" = 2 ] ||
	fail "want the two answers recorded once each: $(cut -c1-40 "$WORK/s.rec")"
ok "a signal ends a blocking recvmmsg() with the datagram it took"

# compare KEY CMD...: CMD prints on the recorder what it prints on the
# kernel alone; its recording is $WORK/KEY.rec
compare() {
	key=$1
	shift
	timeout -k 3 30 unshare -n "$@" >"$WORK/k$key.out" 2>&1 ||
		fail "$key on the kernel: $(tail -3 "$WORK/k$key.out")"
	timeout -k 3 30 unshare -n "$CLI" record --kernel -w "$WORK/$key.rec" \
		-- "$@" >"$WORK/$key.out" 2>&1 ||
		fail "$key recorded: $(tail -3 "$WORK/$key.out")"
	sed 's/^/#   /' "$WORK/$key.out"
	if ! cmp -s "$WORK/k$key.out" "$WORK/$key.out"; then
		diff -u "$WORK/k$key.out" "$WORK/$key.out" | sed 's/^/#   /'
		fail "$key on the recorder differs from the kernel"
	fi
}
compare scm "$WORK/record_static" scm-mmsg
grep -q '^scm: passed socket: lo$' "$WORK/scm.out" ||
	fail "the passed socket was not used: $(cat "$WORK/scm.out")"
awk '$2 == "req" { n++ } END { exit n != 1 }' "$WORK/scm.rec" &&
	awk '$2 == "rx" { n++ } END { exit n != 1 }' "$WORK/scm.rec" ||
	fail "want the passed socket's request and answer: $(cut -c1-40 "$WORK/scm.rec")"
ok "a netlink socket handed over and taken with recvmmsg() is recorded"

PY3=/usr/bin/python3
[ -x "$PY3" ] || PY3=$(command -v python3)
private_copy "$(dirname "$0")/inherit_netlink.py" "$WORK/inherit_netlink.py" 755
# the sockets are made before the recorder starts, which gets them
# across exec and runs record_static with their numbers: 40 of them
# (each a test of the filter, its answers compared with the kernel's),
# and 2100 (more than one filter holds: every call is trapped then; some
# past the range, numbered 1024 and on)
inherited() { # N [kernel]
	if [ "${2:-}" = kernel ]; then
		timeout -k 3 30 unshare -n "$PY3" "$WORK/inherit_netlink.py" \
			-n "$1" "$WORK/record_static" inherited \
			>"$WORK/kinh.out" 2>&1 ||
			fail "$1 inherited on the kernel: $(tail -3 "$WORK/kinh.out")"
	fi
	timeout -k 3 30 unshare -n "$PY3" "$WORK/inherit_netlink.py" -n "$1" \
		"$CLI" record --kernel -w "$WORK/inh.rec" -- \
		"$WORK/record_static" inherited >"$WORK/inh.out" 2>&1 ||
		fail "$1 inherited recorded: $(tail -3 "$WORK/inh.out")"
	[ "${2:-}" != kernel ] || cmp -s "$WORK/kinh.out" "$WORK/inh.out" ||
		fail "$1 inherited: on the kernel $(head -3 "$WORK/kinh.out"), recorded $(head -3 "$WORK/inh.out")"
	[ "$(grep -c '^inherited: lo$' "$WORK/inh.out")" = "$1" ] ||
		fail "the $1 inherited sockets were not used: $(head -3 "$WORK/inh.out")"
	awk -v n="$1" '$2 == "req" { k++ } END { exit k != n }' "$WORK/inh.rec" &&
		[ "$(awk '$2 == "rx" { print $5 }' "$WORK/inh.rec" | sort -u | wc -l)" = "$1" ] ||
		fail "want a request and an answer on each of $1 inherited sockets: $(awk '{ print $2 }' "$WORK/inh.rec" | sort | uniq -c)"
}
inherited 40 kernel
ok "40 netlink sockets from before the recorder started are recorded"
inherited 2100
ok "2100 netlink sockets from before the recorder started are recorded"

"$CLI" replay --check "$WORK/r.rec" -- "$WORK/record_static" \
	>"$WORK/c.out" 2>"$WORK/c.err" ||
	fail "replay --check: $(cat "$WORK/c.err")"
ok "replay --check on unetlink finds the same requests"
echo "1..$t"
