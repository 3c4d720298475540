#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `ss -f netlink -e -m` (NETLINK_SOCK_DIAG's netlink_diag) under unetlink
# lists what it lists in a fresh `unshare -n`: the same sockets of a
# program that holds a USERSOCK socket in groups 1 and 3, a uevent
# listener, a connected generic netlink socket and an unbound rtnetlink
# socket in group 3 (listed twice, as Linux lists every group member),
# with the same groups, memory information and flags, and the kernel
# sockets; pids and autobound portids are left out, and lines are
# sorted, since Linux lists in the order of its hash.  Protocols the
# model does not build yet (xfrm, audit, nft) are left out.
# compared with the running kernel: the daemons follow its profile
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
need ss iproute2
# the system's python3, which uid 65534 can run too
PY=/usr/bin/python3
[ -x "$PY" ] || skip "/usr/bin/python3 is not installed (package python3)"
[ "$(id -u)" = 0 ] || skip "not root: the kernel side needs unshare -n"
unshare -n true 2>/dev/null || skip "unshare -n is not permitted here"

cat >"$WORK/holder.py" <<'PY'
import socket, sys
held = []
for proto, how, arg in ((2, "bind", 5), (15, "bind", 1), (16, "connect", 0),
                        (0, "join", 3)):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
    try:
        if how == "bind":
            s.bind((0, arg))
        elif how == "connect":
            s.connect((0, arg))
        else:
            s.setsockopt(270, 1, arg)
    except OSError as e:
        print("holder:", proto, how, e.strerror, flush=True)
    held.append(s)
print("ready", flush=True)
sys.stdin.read()
PY
chmod 644 "$WORK/holder.py"
cat >"$WORK/inner.sh" <<'INNER'
set -u
rm -f "$WORK/fifo" && mkfifo "$WORK/fifo" && chmod 666 "$WORK/fifo"
$RUN "$PY" "$WORK/holder.py" <"$WORK/fifo" >"$OUT.holder" 2>&1 &
exec 3>"$WORK/fifo"
for _ in $(seq 200); do
	grep -q ready "$OUT.holder" && break
	sleep 0.05
done
$RUN ss -f netlink -e -m >"$OUT" 2>&1
exec 3>&-
wait
INNER
normalise() {
	sed -E 's#/[0-9]+ #/PID #; s#:-[0-9]+ #:NEG #; s/[[:space:]]+/ /g' "$1" |
		awk '$3 ~ /^(rtnl|usersock|tcpdiag|fiblookup|uevent|genl):/' |
		sort
}
shared_daemon
# shellcheck disable=SC2086
OUT=$WORK/kernel RUN="$AS" WORK=$WORK PY=$PY \
	timeout -k 3 "$CLIENT_TIMEOUT" unshare -n sh "$WORK/inner.sh"
OUT=$WORK/model RUN="$AS $CLI run --socket $SOCK --" WORK=$WORK PY=$PY \
	timeout -k 3 "$CLIENT_TIMEOUT" sh "$WORK/inner.sh"
no_transport_error "$WORK/model"
normalise "$WORK/kernel" >"$WORK/kernel.n"
normalise "$WORK/model" >"$WORK/model.n"
sed 's/^/# kernel: /' "$WORK/kernel.holder" "$WORK/kernel.n"
grep -q "uevent:python" "$WORK/kernel.n" ||
	fail "the kernel side listed no socket of the holder: $(cat "$WORK/kernel")"
diff -u "$WORK/kernel.n" "$WORK/model.n" | sed 's/^/# /'
cmp -s "$WORK/kernel.n" "$WORK/model.n" ||
	fail "ss -f netlink lists other sockets under unetlink"
cmp -s "$WORK/kernel.holder" "$WORK/model.holder" ||
	fail "the holder's calls went otherwise: $(cat "$WORK/model.holder")"
echo "pass"
