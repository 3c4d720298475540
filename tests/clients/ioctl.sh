#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Device ioctls (busybox ifconfig, busybox ip link, ethtool -i) and a
# tun file under unetlink run: they act on the model and answer as the
# kernel does for the same user.  root and owner (uid 65534 with a
# private daemon, admin there as `unshare -rn` makes it) compare with the
# kernel in a fresh namespace; unpriv (uid 65534 without capabilities,
# a shared root daemon) must be refused with EPERM where Linux refuses,
# and see the model's devices when it reads.
. "$(dirname "$0")/lib.sh"
need busybox busybox
need ip iproute2

# The same commands, printing what a user checks; run in the model or in
# a kernel namespace.
cat >"$WORK/cmds.sh" <<'EOS'
busybox ifconfig lo 10.3.3.3 netmask 255.255.0.0 up; echo "ifconfig $?"
busybox ifconfig lo:1 10.4.4.4; echo "alias $?"
busybox ip link set lo mtu 9000; echo "mtu $?"
busybox ifconfig nosuch up 2>&1; echo "nosuch $?"
ip -br addr show lo
ip -br link show lo | cut -d' ' -f1,2
EOS
chmod 644 "$WORK/cmds.sh"

case $MODE in
root)
	unshare -n true 2>/dev/null || skip "unshare -n is not permitted"
	unshare -n sh "$WORK/cmds.sh" >"$WORK/kernel" 2>&1
	;;
owner)
	# shellcheck disable=SC2086
	$AS unshare -rn sh "$WORK/cmds.sh" >"$WORK/kernel" 2>&1 ||
		skip "unprivileged user namespaces are not permitted"
	;;
esac

# Both front ends: the shim's ioctl(), and the seccomp supervisor's
# for programs the shim cannot reach (the whole script under it).
for UNL_FRONT in --preload --seccomp; do
	echo "# front end $UNL_FRONT"
	unl "$WORK/model" sh "$WORK/cmds.sh"
	no_transport_error "$WORK/model"
	if [ "$MODE" = unpriv ]; then
		grep -q '^ifconfig 1' "$WORK/model" &&
			grep -q 'Operation not permitted' "$WORK/model.err" ||
			fail "$UNL_FRONT: an unprivileged SIOCSIFFLAGS was not refused with EPERM"
		grep -q '^nosuch 1' "$WORK/model" ||
			fail "$UNL_FRONT: ifconfig of a missing device did not fail"
		# reads are anyone's, and come from the model: lo is down there
		unl "$WORK/flags" busybox ifconfig lo
		grep -q 'LOOPBACK  MTU:65536' "$WORK/flags" ||
			fail "$UNL_FRONT: SIOCGIFFLAGS/SIOCGIFMTU did not describe the model's lo"
	else
		diff -u "$WORK/kernel" "$WORK/model" ||
			fail "$UNL_FRONT: the model answered the ioctls otherwise than the kernel"
	fi
done
echo "pass"
