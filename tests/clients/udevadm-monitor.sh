#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `udevadm monitor --kernel --property` hears the uevents of `ip link
# add` (a veth pair), `ip link set name` and `ip link del` under unetlink
# as it hears them in a fresh `unshare -n`: the same events, actions,
# paths and properties in the same order (timestamps and SEQNUM values
# are the machine's, so they are left out).  Unprivileged, the monitor
# runs as uid 65534 (anyone may join group 1) and root changes the links.
# compared with the running kernel: the daemons follow its profile
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
need ip iproute2
need udevadm udev
[ "$(id -u)" = 0 ] || skip "not root: the kernel side needs unshare -n"
unshare -n true 2>/dev/null || skip "unshare -n is not permitted here"

# The monitor listening: a NETLINK_KOBJECT_UEVENT socket in group 1, as
# the net's /proc/net/netlink lists it (modelled under the shim).
cat >"$WORK/inner.sh" <<'INNER'
set -u
$RUN_MON udevadm monitor --kernel --property >"$OUT" 2>&1 &
mon=$!
for _ in $(seq 200); do
	$RUN_IP cat /proc/net/netlink 2>/dev/null |
		awk '$2 == 15 && $4 == "00000001" { f = 1 } END { exit !f }' && break
	sleep 0.05
done
$RUN_IP ip link add unlu1 type veth peer name unlu2
$RUN_IP ip link set unlu1 name unlu3
$RUN_IP ip link del unlu3
for _ in $(seq 200); do
	grep -q '^ACTION=remove' "$OUT" &&
		grep -q '^DEVPATH=/devices/virtual/net/unlu2$' "$OUT" &&
		awk '/^DEVPATH=\/devices\/virtual\/net\/unlu2$/ { d = 1 }
		     d && /^ACTION=remove/ { r = 1 } END { exit !r }' "$OUT" && break
	sleep 0.05
done
kill "$mon"
wait "$mon"
INNER

# The events of our devices, without the moment and the sequence number.
normalise() {
	awk '/^KERNEL\[/ { sub(/\[[0-9.]+\]/, ""); blk = $0; keep = ($3 ~ /^\/devices\/virtual\/net\/unlu/); next }
	     /^SEQNUM=/ { next }
	     /^$/ { if (keep) print blk "\n" body; blk = ""; body = ""; keep = 0; next }
	     blk != "" { body = body (body == "" ? "" : "\n") $0 }' "$1"
}

shared_daemon
OUT=$WORK/kernel RUN_MON="$AS" RUN_IP="" \
	timeout -k 3 "$CLIENT_TIMEOUT" unshare -n sh "$WORK/inner.sh"
OUT=$WORK/model RUN_MON="$AS $CLI run --socket $SOCK --" \
	RUN_IP="$CLI run --socket $SOCK --" \
	timeout -k 3 "$CLIENT_TIMEOUT" sh "$WORK/inner.sh"
no_transport_error "$WORK/model"
normalise "$WORK/kernel" >"$WORK/kernel.n"
normalise "$WORK/model" >"$WORK/model.n"
sed 's/^/# kernel: /' "$WORK/kernel.n" | head -12
[ -s "$WORK/kernel.n" ] || fail "the kernel side heard no uevent: $(head -5 "$WORK/kernel")"
diff -u "$WORK/kernel.n" "$WORK/model.n" | sed 's/^/# /'
cmp -s "$WORK/kernel.n" "$WORK/model.n" ||
	fail "udevadm monitor heard other uevents under unetlink"
echo "pass"
