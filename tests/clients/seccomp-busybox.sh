#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A static busybox (Debian's busybox-static) under `unetlink run`: no
# preload reaches it, so run picks the seccomp front end by itself
# (docs/seccomp.md).  Its `ip` sequences must print what they print on
# the kernel, in a fresh `unshare -n`; as uid 65534, a change is refused
# as the kernel refuses it.
#
# Besides netlink, busybox looks devices up by name with ioctls on an
# AF_INET socket (SIOCGIFINDEX), reads each link's qlen with
# SIOCGIFTXQLEN and sets addresses, flags and the MTU with ifconfig's
# ioctls: the supervisor forwards them (UNL_OP_IOCTL).  ifconfig's
# listing is left out: it reads /proc/net/dev, which this front end does
# not serve yet.
. "$(dirname "$0")/lib.sh"
need python3 python3

BB=${UNETLINK_BUSYBOX_STATIC:-}
if [ -z "$BB" ]; then
	# scripts/install-deps.sh unpacks Debian's busybox-static there
	for b in /usr/local/lib/unetlink-tests/busybox-static/bin/busybox \
		/bin/busybox /usr/bin/busybox; do
		python3 "$(dirname "$0")/static-elf.py" "$b" && BB=$b && break
	done
fi
[ -n "$BB" ] && python3 "$(dirname "$0")/static-elf.py" "$BB" ||
	skip "no static busybox (package busybox-static, or set UNETLINK_BUSYBOX_STATIC)"
# uid 65534 may not reach the original
private_copy "$BB" "$WORK/busybox" 755
BB=$WORK/busybox

# MAC addresses are random on both sides.
norm() {
	sed -e 's|link/ether [0-9a-f:]*|link/ether MAC|' \
		-e 's|brd [0-9a-f:]*|brd BRD|' "$@" |
		sed -e 's| *$||' -e 's| *\\|\\|g' | grep -v '^$'
}

if [ "$MODE" = unpriv ]; then
	# The kernel refuses uid 65534 before it looks at anything: the
	# host's net is safe to ask.
	$AS "$BB" ip link add unlsc0 type bridge >"$WORK/k.out" 2>&1
	unl "$WORK/u.out" "$BB" ip link add unlsc0 type bridge
	no_transport_error "$WORK/u.out"
	cat "$WORK/u.out.err" >>"$WORK/u.out"
	diff -u "$WORK/k.out" "$WORK/u.out" ||
		fail "an unprivileged RTM_NEWLINK differs from the kernel's"
	grep -q 'Operation not permitted' "$WORK/u.out" ||
		fail "the unprivileged RTM_NEWLINK was not refused with EPERM"
	echo "pass"
	exit 0
fi

cat >"$WORK/seq.sh" <<EOS
set -u
bb=$BB
\$bb ip link add unlsc0 type bridge
\$bb ip link add unlsc1 type veth
\$bb ip addr add 10.9.8.7/24 dev unlsc0
\$bb ip link set unlsc1 mtu 1400
\$bb ip link show
\$bb ip -o link show
\$bb ip addr show
\$bb ip -4 route show
\$bb ip -6 route show
\$bb ip link del unlsc1
\$bb ifconfig unlsc0 10.1.2.3 netmask 255.255.0.0 mtu 1300 up
\$bb ifconfig unlsc0 down
\$bb ip link show
\$bb ip -4 addr show
echo done
EOS
unshare -n sh "$WORK/seq.sh" >"$WORK/k.out" 2>"$WORK/k.err" ||
	skip "cannot make a kernel network namespace (unshare -n)"
cat "$WORK/k.err" >>"$WORK/k.out"
grep -q 'unlsc0' "$WORK/k.out" ||
	skip "the kernel made no bridge: $(head -3 "$WORK/k.out")"
# --seccomp for the whole script: the dynamic shell is served by the
# supervisor too, so nothing it starts can bypass it (a static program
# started by a shell under the shim would reach the host's kernel).
timeout -k 3 "$CLIENT_TIMEOUT" env UNETLINK_PROFILE=host \
	"$CLI" run --socket "$SOCK" --seccomp -- sh "$WORK/seq.sh" \
	>"$WORK/u.out" 2>"$WORK/u.err"
cat "$WORK/u.err" >>"$WORK/u.out"
echo "# run --seccomp sh seq.sh -> status $?"
no_transport_error "$WORK/u.out"
norm "$WORK/k.out" >"$WORK/k.norm"
norm "$WORK/u.out" >"$WORK/u.norm"
diff -u "$WORK/k.norm" "$WORK/u.norm" ||
	fail "busybox ip under unetlink differs from the kernel"

# Without --seccomp: run sees a static binary and picks the front end.
unl "$WORK/a.out" "$BB" ip link add unlsc2 type bridge
no_transport_error "$WORK/a.out"
[ "$RC" = 0 ] || fail "ip link add under run (by itself) failed"
! ip link show unlsc2 >/dev/null 2>&1 || {
	ip link del unlsc2
	fail "the bridge landed in the host kernel: the front end was bypassed"
}
echo "pass"
