#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `unetlink uevent inject` puts uevents of any subsystem into the
# daemon's net, as the kernel sends them (group 1) and as udevd sends
# them (group 2, libudev's header): `udevadm monitor --kernel --udev
# --property --subsystem-match=usb/usb_device` shows both, with the
# properties given, and its socket filter (udev's subsystem and devtype
# hashes) drops another subsystem's.  Unprivileged, the monitor runs as
# uid 65534, and uid 65534 may not inject (CAP_SYS_ADMIN, CAP_NET_ADMIN).
. "$(dirname "$0")/lib.sh"
need udevadm udev

shared_daemon
# shellcheck disable=SC2086
timeout -k 3 "$CLIENT_TIMEOUT" $AS "$CLI" run --socket "$SOCK" -- \
	udevadm monitor --kernel --udev --property \
	--subsystem-match=usb/usb_device >"$WORK/mon" 2>&1 &
mon=$!
# both of its sockets subscribed (groups 1 and 2)
for _ in $(seq 200); do
	status 2>/dev/null | awk '$2 == 15 && $4 == "00000001" { k = 1 }
		$2 == 15 && $4 == "00000002" { u = 1 } END { exit !(k && u) }' && break
	sleep 0.05
done
inject() {
	"$CLI" uevent inject --socket "$SOCK" "$@" >"$WORK/inj" 2>&1 ||
		fail "uevent inject $*: $(cat "$WORK/inj")"
}
inject add /devices/virtual/block/loop9 SUBSYSTEM=block DEVTYPE=disk
inject add /devices/pci0000:00/usb1/1-1 SUBSYSTEM=usb DEVTYPE=usb_device \
	PRODUCT=1d6b/2/0
inject --udev add /devices/virtual/block/loop9 SUBSYSTEM=block DEVTYPE=disk
inject --udev change /devices/pci0000:00/usb1/1-1 SUBSYSTEM=usb \
	DEVTYPE=usb_device ID_VENDOR=unl
for _ in $(seq 200); do
	grep -q '^ID_VENDOR=unl' "$WORK/mon" && break
	sleep 0.05
done
if [ -n "$AS" ]; then
	# shellcheck disable=SC2086
	$AS "$CLI" uevent inject --socket "$SOCK" add /x SUBSYSTEM=usb \
		>"$WORK/deny" 2>&1 && fail "uid 65534 injected a uevent"
	grep -q 'Operation not permitted' "$WORK/deny" ||
		fail "uid 65534's injection: $(cat "$WORK/deny")"
fi
kill "$mon"
wait "$mon"
sed 's/^/#   /' "$WORK/mon"
no_transport_error "$WORK/mon"
awk '/^(KERNEL|UDEV) *\[/ { sub(/\[[0-9.]+\]/, ""); print $1, $2, $3, $4 }
     /^(ACTION|DEVPATH|SUBSYSTEM|DEVTYPE|PRODUCT|ID_VENDOR|SEQNUM)=/' \
	"$WORK/mon" >"$WORK/got"
cat >"$WORK/want" <<'WANT'
KERNEL add /devices/pci0000:00/usb1/1-1 (usb)
ACTION=add
DEVPATH=/devices/pci0000:00/usb1/1-1
SUBSYSTEM=usb
DEVTYPE=usb_device
PRODUCT=1d6b/2/0
SEQNUM=2
UDEV change /devices/pci0000:00/usb1/1-1 (usb)
ACTION=change
DEVPATH=/devices/pci0000:00/usb1/1-1
SUBSYSTEM=usb
DEVTYPE=usb_device
ID_VENDOR=unl
SEQNUM=4
WANT
diff -u "$WORK/want" "$WORK/got" | sed 's/^/# /'
cmp -s "$WORK/want" "$WORK/got" || fail "udevadm monitor did not see what was injected"
echo "pass"
