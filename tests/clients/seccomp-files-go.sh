#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The files of a net as a Go program sees them (seccomp-files-go/main.go:
# os.ReadDir, os.Stat, os.Lstat, os.Readlink, os.ReadFile and
# syscall.Access, all made without libc) under `unetlink run --seccomp`,
# against the kernel in `unshare -nm` with sysfs mounted afresh; as uid
# 65534 after root made the devices.  Then 150 children each exit
# holding a directory of a net: the supervisor must not keep them all.  Built here from Debian's golang-go
# only, never from the network.
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
need go golang-go
need ip iproute2
need unshare util-linux
[ "$(id -u)" = 0 ] || skip "needs root for the kernel side (unshare -nm)"
unshare -nm true 2>/dev/null || skip "unshare -nm is not permitted here"

mkdir -p "$WORK/gopath/src/unlfiles"
cp "$(dirname "$0")/seccomp-files-go/main.go" "$WORK/gopath/src/unlfiles/"
[ -n "${HOME:-}" ] && [ -w "${HOME:-/nonexistent}" ] ||
	export GOCACHE="$WORK/gocache"
(cd "$WORK" && env GOPATH="$WORK/gopath" GO111MODULE=off GOFLAGS= \
	GOPROXY=off CGO_ENABLED=0 go build -o "$WORK/unlfiles" unlfiles) \
	>"$WORK/build.log" 2>&1 ||
	skip "cannot build the Go program: $(tail -3 "$WORK/build.log")"
chmod 755 "$WORK/unlfiles"

make='ip link add unlgf0 type veth peer name unlgf1 && ip link add unlgf2 type bridge'
paths="/sys/class/net /sys/class/net/unlgf0 /sys/class/net/unlgf0/mtu
	/sys/class/net/unlgf2/bridge /sys/class/net/unlgf2/bridge/stp_state
	/sys/devices/virtual/net/unlgf1/address /sys/devices/virtual/net
	/proc/sys/net/ipv4/conf /proc/sys/net/ipv4/conf/unlgf0
	/proc/sys/net/ipv4/conf/unlgf0/forwarding /proc/sys/net/ipv4/ip_forward
	/proc/net/route /sys/class/net/nosuch /proc/sys/net/ipv4/conf/nosuch"
paths=$(echo $paths)

if [ "$MODE" = unpriv ]; then
	unshare -nm sh -c "mount -t sysfs sysfs /sys && $make &&
		$AS '$WORK/unlfiles' $paths &&
		$AS '$WORK/unlfiles' -leak /sys/class/net" >"$WORK/k.out" 2>&1 ||
		skip "the kernel made no veth or bridge: $(tail -1 "$WORK/k.out")"
	timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" --seccomp -- \
		sh -c "$make" || fail "root could not make the devices"
	UNL_FRONT=--seccomp unl "$WORK/u.out" sh -c \
		"'$WORK/unlfiles' $paths && '$WORK/unlfiles' -leak /sys/class/net"
else
	unshare -nm sh -c "mount -t sysfs sysfs /sys && $make &&
		'$WORK/unlfiles' $paths &&
		'$WORK/unlfiles' -leak /sys/class/net" >"$WORK/k.out" 2>&1 ||
		skip "the kernel made no veth or bridge: $(tail -1 "$WORK/k.out")"
	# --seccomp for the shell too: ip and the Go program in one net
	UNL_FRONT=--seccomp unl "$WORK/u.out" sh -c "$make && '$WORK/unlfiles' $paths &&
		'$WORK/unlfiles' -leak /sys/class/net"
fi
no_transport_error "$WORK/u.out"
cat "$WORK/u.out.err" >>"$WORK/u.out"
mac='s/\([0-9a-f][0-9a-f]:\)\{5\}[0-9a-f][0-9a-f]/MAC/g'
sed "$mac" "$WORK/k.out" >"$WORK/k.norm"
sed "$mac" "$WORK/u.out" >"$WORK/u.norm"
grep -q 'unlgf0(L---------)' "$WORK/k.norm" ||
	fail "the kernel side listed no unlgf0: $(head -3 "$WORK/k.norm")"
diff -u "$WORK/k.norm" "$WORK/u.norm" ||
	fail "the Go program's view of the files of a net differs from the kernel's"
echo "pass"
