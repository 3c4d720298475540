#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A datagram a program has received is gone before its receive returns:
# a select() right after it (not trapped under seccomp: it runs on the
# data socket) finds nothing more.  The seccomp supervisor once answered
# the receive first and took the datagram off after, and more than half
# of such selects found the socket readable (nft then reported its
# failing batch as "Resource temporarily unavailable").  Compared with
# the kernel under both front ends.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || skip "no /usr/bin/python3"
private_copy "$(dirname "$0")/recv-then-select.py" "$WORK/rts.py" 644
[ "$MODE" = root ] || skip "root mode only"
unshare -n "$PY" "$WORK/rts.py" 300 >"$WORK/k" 2>&1 || fail "the kernel side failed: $(cat "$WORK/k")"
for front in --preload --seccomp; do
	UNL_FRONT=$front unl "$WORK/u" "$PY" "$WORK/rts.py" 300
	[ "$RC" = 0 ] || fail "under $front: status $RC"
	cmp -s "$WORK/k" "$WORK/u" ||
		fail "under $front: $(cat "$WORK/u"), the kernel: $(cat "$WORK/k")"
done
echo "ok: $(cat "$WORK/k")"
