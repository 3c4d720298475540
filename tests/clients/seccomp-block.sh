#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Blocking receives through the seccomp front end (seccomp_block.c): a
# thread asleep in recv() stalls no other thread, wakes with the
# notification it waited for, a signal interrupts it with EINTR, and
# MSG_DONTWAIT and SO_RCVTIMEO give EAGAIN: what the kernel does in a
# fresh `unshare -n`.  The program is dynamic: --seccomp forces the
# front end; the shim runs it too (its epoll waits report a pending
# error as EPOLLERR, src/wire/epoll-err.c).
. "$(dirname "$0")/lib.sh"
[ -n "${SECCOMP_BLOCK:-}" ] && [ -x "$SECCOMP_BLOCK" ] ||
	skip "seccomp_block is not built"
export CLIENT_PROFILE=host UNETLINK_PROFILE=host
unshare -n "$SECCOMP_BLOCK" >"$WORK/k.out" 2>&1 ||
	skip "the kernel could not run it: $(tail -1 "$WORK/k.out")"
for front in --seccomp --preload; do
	timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" $front -- \
		"$SECCOMP_BLOCK" >"$WORK/u.out" 2>&1
	rc=$?
	cat "$WORK/u.out"
	[ "$rc" = 0 ] || fail "seccomp_block under $front exited with $rc"
	diff -u "$WORK/k.out" "$WORK/u.out" ||
		fail "blocking receives under $front differ from the kernel"
done
# Waits that do not watch POLLIN/EPOLLIN (poll, ppoll for POLLPRI, an
# epoll item for no event) or whose edge-triggered item has taken its
# edge, on a socket that overruns while they sleep: woken with POLLERR
# (EPOLLIN|EPOLLERR for the edge), as the kernel wakes them
unshare -n "$SECCOMP_BLOCK" sleeping-error >"$WORK/ks.out" 2>&1
for front in --seccomp --preload; do
	timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" $front -- \
		"$SECCOMP_BLOCK" sleeping-error >"$WORK/us.out" 2>&1
	rc=$?
	cat "$WORK/us.out"
	[ "$rc" != 124 ] && [ "$rc" != 137 ] ||
		fail "a wait for no event slept through the overrun under $front"
	diff -u "$WORK/ks.out" "$WORK/us.out" ||
		fail "a wait for no event under $front differs from the kernel"
done
echo "pass"
