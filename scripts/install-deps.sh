#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Install what building and testing unetlink needs on Debian 12.
# zlib1g-dev: the host kernel profile reads /proc/config.gz.
# Runs apt-get through sudo when not root.
set -eu
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
# util-linux: setpriv and unshare, to run tests unprivileged and with
# capabilities dropped (libcap2-bin's capsh too).  iproute2 (ip, genl, ss),
# libmnl-dev and python3-pyroute2: the real clients of tests/clients/;
# with libnl-3-dev, libnl-genl-3-dev and libnl-utils (genl-ctrl-list), the
# kvstore example's clients and tests/service/; libnl-route-3-dev for
# tests/clients/libnl_netns.c.  clang: the libFuzzer harnesses of
# tests/fuzz (docs/fuzzing.md).  busybox, ethtool and bridge-utils:
# tests/rtnl-diff's ioctl sequences (ifconfig, route, arp, brctl,
# ethtool -i).  python3-psutil: a reader of /proc/net in
# tests/clients/files.sh.  golang-go and
# golang-github-vishvananda-netlink-dev: the Go client of the seccomp
# front end (tests/clients/seccomp-go.sh).  udev: udevadm monitor
# (tests/clients/udevadm-monitor.sh).  strongswan-charon and
# strongswan-swanctl: charon's trap policies through NETLINK_XFRM
# (tests/clients/charon-trap.sh).  conntrack and ipset: ctnetlink's and
# ipset's differential test (tests/ct-diff).  python3-firewall,
# python3-nftables, python3-dbus, python3-gi, gir1.2-glib-2.0 and
# dbus-daemon: firewalld (unpacked below) on a bus of its own
# (tests/clients/firewalld.sh).  ebtables: ebtables-legacy through
# ebtables' socket options (tests/clients/ebtables-legacy.sh).
PKGS="gcc meson ninja-build pkg-config libpcap-dev libcmocka-dev zlib1g-dev \
      util-linux iproute2 python3 libmnl-dev python3-pyroute2 \
      libnl-3-dev libnl-genl-3-dev libnl-route-3-dev libnl-utils libcap2-bin \
      clang busybox ethtool bridge-utils python3-psutil golang-go \
      golang-github-vishvananda-netlink-dev \
      containernetworking-plugins \
      udev strongswan-charon strongswan-swanctl nftables iptables \
      libauparse0 \
      conntrack ipset \
      tshark \
      nettle-dev \
      nfacct nfct \
      arptables \
      strace \
      python3-firewall python3-nftables python3-dbus python3-gi \
      gir1.2-glib-2.0 dbus-daemon \
      ipvsadm \
      ebtables"
missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi
# wireguard-tools without its recommendations: they name a kernel
# image (for the wireguard module), which a test machine never needs.
if ! dpkg-query -W -f='${Status}' wireguard-tools 2>/dev/null |
	grep -q "ok installed"; then
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends wireguard-tools
fi
# libFuzzer's runtime is a separate package of the same version as
# clang on Debian 12 (libclang-rt-14-dev); a missing one only skips the
# fuzzers.
v=$(clang -dumpversion 2>/dev/null | cut -d. -f1)
if [ -n "$v" ] && ! dpkg-query -W -f='${Status}' "libclang-rt-$v-dev" \
	2>/dev/null | grep -q "ok installed"; then
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		"libclang-rt-$v-dev" || true
fi
# unpack PACKAGE FILE: a package whose installation would change the
# machine (start a daemon, replace a program) is unpacked under
# /usr/local/lib/unetlink-tests/PACKAGE instead, unless FILE (a path in
# the package) is there already; a failed download only skips its tests.
unpack() {
	dir=/usr/local/lib/unetlink-tests/$1
	[ ! -x "$dir/$2" ] || return 0
	tmp=$(mktemp -d)
	if (cd "$tmp" && apt-get download -qq "$1" >/dev/null 2>&1); then
		$SUDO mkdir -p "$dir" &&
			$SUDO dpkg-deb -x "$tmp/$1"_*.deb "$dir" || true
	fi
	rm -rf "$tmp"
}
# auditd's package starts the machine's audit daemon, which changes the
# kernel's audit state for everyone: only its auditctl is used (with
# libauparse0, above), for tests/clients/auditctl.sh.
unpack auditd sbin/auditctl
# firewalld's package would start the machine's firewall (its libraries,
# python3-firewall and the rest, are in PKGS), for
# tests/clients/firewalld.sh.
unpack firewalld usr/sbin/firewalld
# Debian's busybox-static replaces busybox (the ioctl sequences need the
# dynamic one, which the shim serves), for
# tests/clients/seccomp-busybox.sh.
unpack busybox-static bin/busybox
