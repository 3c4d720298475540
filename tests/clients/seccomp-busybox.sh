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
# listing is left out: its counters are the kernel's traffic.
#
# The files of a net (/sys/class/net, /proc/sys/net): busybox's ls, stat,
# readlink, cat and test read them with getdents64, newfstatat, access
# and readlink, which the supervisor serves too (src/seccomp/stat.c),
# compared with the kernel's in `unshare -nm` with sysfs mounted afresh;
# as uid 65534, after root made the devices.
#
# The namespace paths: stat of /run/netns/NAME and /proc/self/ns/net
# shows the net's inode, the same for both after nsenter into NAME, as
# `ip netns identify` compares them (the name made by iproute2 under the
# shim, through the same daemon).
#
# /dev/net/tun: busybox's tunctl makes and removes a persistent tap
# device with TUNSETIFF and TUNSETPERSIST, which the supervisor sends
# to a tun file of the daemon (src/seccomp/tun.c); as uid 65534 it is
# refused as the kernel refuses it.
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

# What a reader of the files sees; exec'd by the unprivileged user too.
cat >"$WORK/files.sh" <<EOS
exec 2>&1
bb=$BB
\$bb ls /sys/class/net
\$bb ls /proc/sys/net/ipv4/conf /proc/sys/net/ipv4/conf/unlsf0
\$bb ls /sys/class/net/unlsf0/ /sys/devices/virtual/net/unlsf0/statistics
\$bb stat -c '%n %F %a %s %u %g' /sys/class/net /sys/class/net/unlsf0 \\
	/sys/class/net/unlsf0/mtu /sys/devices/virtual/net/unlsf0 \\
	/proc/sys/net/ipv4/conf /proc/sys/net/ipv4/conf/unlsf0/forwarding \\
	/proc/sys/net/ipv4/ip_forward /proc/net/dev /proc/net /proc/net/route
\$bb stat -L -c '%n %F %a %s' /sys/class/net/unlsf0 /sys/class/net/lo
\$bb stat /sys/class/net/unlsf1
\$bb readlink /sys/class/net/unlsf0; \$bb readlink /sys/class/net/lo
\$bb stat -c '%n %F' /sys/class/net/unlsf0/ /sys/class/net/unlsf0/mtu/
\$bb readlink /sys/class/net/unlsf0/; echo "readlink DEV/: \$?"
\$bb test -r /sys/class/net/unlsf0/mtu/; echo "test -r FILE/: \$?"
\$bb ls -l /sys/class/net | \$bb awk '{ print \$1, \$9, \$10, \$11 }'
\$bb cat /sys/class/net/unlsf0/mtu /sys/class/net/unlsf0/ifindex \\
	/proc/sys/net/ipv4/conf/unlsf0/forwarding
for f in /sys/class/net/unlsf0/mtu /sys/class/net/unlsf0/ifindex \\
	/sys/class/net/unlsf0 /proc/sys/net/ipv4/conf \\
	/proc/sys/net/ipv4/conf/unlsf0/forwarding /proc/net/dev; do
	printf '%s' "\$f"
	for t in r w x; do \$bb test -\$t "\$f" && printf ' %s' \$t; done
	echo
done
cd /sys/class/net && \$bb ls unlsf0/statistics | \$bb head -3 && \$bb cat unlsf0/mtu
EOS
# conntrack's files (CONFIG_NF_CONNTRACK_PROCFS), when a new namespace
# of the kernel has them: the tables empty, the modes root's 0440
if unshare -n test -e /proc/net/nf_conntrack 2>/dev/null; then
	cat >>"$WORK/files.sh" <<EOS
\$bb stat -c '%n %F %a %u %g' /proc/net/nf_conntrack \\
	/proc/net/nf_conntrack_expect /proc/net/stat/nf_conntrack
\$bb cat /proc/net/nf_conntrack /proc/net/nf_conntrack_expect
\$bb head -1 /proc/net/stat/nf_conntrack
EOS
fi
chmod 644 "$WORK/files.sh"
cat >"$WORK/same.sh" <<EOS
bb=$BB
[ "\$(\$bb stat -c %i /run/netns/unlns1)" = \\
	"\$(\$bb stat -L -c %i /proc/self/ns/net)" ] && echo same || echo differ
EOS
cat >"$WORK/ns.sh" <<EOS
exec 2>&1
bb=$BB
\$bb stat -c '%n %F %a %s %h %u' /run/netns/unlns1 /proc/self/ns/net \\
	/run/netns/nosuch
\$bb stat -L -c '%n %F %a %s %h' /proc/self/ns/net
sh '$WORK/same.sh'
\$bb nsenter --net=/run/netns/unlns1 \$bb sh '$WORK/same.sh'
\$bb unshare -n \$bb sh '$WORK/same.sh'
\$bb nsenter --net=/run/netns/unlns1 \$bb unshare -n \$bb sh '$WORK/same.sh'
echo done
EOS
chmod 644 "$WORK/same.sh" "$WORK/ns.sh"
# ns_check AS: the kernel's answers against the daemon's
ns_check() {
	command -v ip >/dev/null 2>&1 ||
		{ echo "skip: namespace paths (ip, package iproute2)"; return 0; }
	unshare -nm sh -c "mount -t tmpfs tmpfs /run && ip netns add unlns1 &&
		$1 sh '$WORK/ns.sh'" >"$WORK/nk" 2>&1 ||
		{ echo "skip: namespace paths (no kernel netns: $(head -1 "$WORK/nk"))"; return 0; }
	timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" --preload -- \
		ip netns add unlns1 || fail "ip netns add through the daemon failed"
	UNL_FRONT=--seccomp unl "$WORK/nu" sh "$WORK/ns.sh"
	no_transport_error "$WORK/nu"
	diff -u "$WORK/nk" "$WORK/nu" ||
		fail "busybox's stat of the namespace paths differs from the kernel's"
}
# MAC addresses are random; the kernel lists a sysctl directory sorted,
# the model as it made it (docs/conformance.md): ls sorts both.
files_check() {
	sed -e 's|\([0-9a-f][0-9a-f]:\)\{5\}[0-9a-f][0-9a-f]|MAC|g' "$WORK/fk" >"$WORK/fk.norm"
	sed -e 's|\([0-9a-f][0-9a-f]:\)\{5\}[0-9a-f][0-9a-f]|MAC|g' "$WORK/fu" >"$WORK/fu.norm"
	grep -q unlsf0 "$WORK/fk.norm" ||
		skip "the kernel made no veth: $(head -3 "$WORK/fk")"
	diff -u "$WORK/fk.norm" "$WORK/fu.norm" ||
		fail "busybox's view of the files of a net differs from the kernel's"
}
if [ "$MODE" = unpriv ]; then
	unshare -nm sh -c "mount -t sysfs sysfs /sys &&
		'$BB' ip link add unlsf0 type veth && $AS sh '$WORK/files.sh'" \
		>"$WORK/fk" 2>&1 || skip "cannot make a kernel namespace with a veth"
	timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" --seccomp -- \
		"$BB" ip link add unlsf0 type veth ||
		fail "root could not make the veth through the shared daemon"
	UNL_FRONT=--seccomp unl "$WORK/fu" sh "$WORK/files.sh"
	no_transport_error "$WORK/fu"
	cat "$WORK/fu.err" >>"$WORK/fu"
	files_check
	ns_check "$AS"
	# the kernel refuses TUNSETIFF before it makes anything: the
	# host is safe to ask
	if [ -c /dev/net/tun ]; then
		$AS "$BB" tunctl -t unltap0 >"$WORK/tk" 2>&1
		UNL_FRONT=--seccomp unl "$WORK/tu" "$BB" tunctl -t unltap0
		cat "$WORK/tu.err" >>"$WORK/tu"
		diff -u "$WORK/tk" "$WORK/tu" ||
			fail "an unprivileged TUNSETIFF differs from the kernel's"
		grep -q 'not permitted' "$WORK/tu" ||
			fail "the unprivileged TUNSETIFF was not refused"
	else
		echo "skip: tunctl (the host has no /dev/net/tun)"
	fi
fi

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

unshare -nm sh -c "mount -t sysfs sysfs /sys &&
	'$BB' ip link add unlsf0 type veth && sh '$WORK/files.sh'" >"$WORK/fk" 2>&1
timeout -k 3 "$CLIENT_TIMEOUT" env UNETLINK_PROFILE=host \
	"$CLI" run --socket "$SOCK" --seccomp -- sh -c \
	"'$BB' ip link add unlsf0 type veth && sh '$WORK/files.sh'" \
	>"$WORK/fu" 2>&1
no_transport_error "$WORK/fu"
files_check

# a daemon of our own for the namespace paths, as the unprivileged
# mode has one
"$CLI" daemon --socket "$SOCK" >"$WORK/daemon.log" 2>&1 &
DAEMON_PID=$!
for _ in $(seq 100); do
	"$CLI" status --socket "$SOCK" >/dev/null 2>&1 && break
	sleep 0.05
done
ns_check ""

# a persistent tap device made, shown and removed through /dev/net/tun
cat >"$WORK/tun.sh" <<EOS
exec 2>&1
bb=$BB
\$bb tunctl -t unltap0
\$bb ip link show unltap0
\$bb tunctl -d unltap0
\$bb ip link show
\$bb tunctl -t unltap1 -f /dev/null
echo done
EOS
if [ -c /dev/net/tun ] && unshare -n sh "$WORK/tun.sh" >"$WORK/tk" 2>&1 &&
	grep -q 'unltap0:' "$WORK/tk"; then
	# in a throwaway kernel namespace, which must hold no tap after
	unshare -n sh -c "timeout -k 3 '$CLIENT_TIMEOUT' '$CLI' run \
		--socket '$SOCK' --seccomp -- sh '$WORK/tun.sh'
		ip link show unltap0 >/dev/null 2>&1 && echo ESCAPED" \
		>"$WORK/tu" 2>&1
	no_transport_error "$WORK/tu"
	! grep -q ESCAPED "$WORK/tu" ||
		fail "the tap device landed in the kernel"
	norm "$WORK/tk" >"$WORK/tk.norm"
	norm "$WORK/tu" >"$WORK/tu.norm"
	diff -u "$WORK/tk.norm" "$WORK/tu.norm" ||
		fail "busybox tunctl under unetlink differs from the kernel"
else
	echo "skip: tunctl (no /dev/net/tun, or the kernel made no tap: $(head -1 "$WORK/tk"))"
fi

# Without --seccomp: run sees a static binary and picks the front end.
unl "$WORK/a.out" "$BB" ip link add unlsc2 type bridge
no_transport_error "$WORK/a.out"
[ "$RC" = 0 ] || fail "ip link add under run (by itself) failed"
! ip link show unlsc2 >/dev/null 2>&1 || {
	ip link del unlsc2
	fail "the bridge landed in the host kernel: the front end was bypassed"
}
echo "pass"
