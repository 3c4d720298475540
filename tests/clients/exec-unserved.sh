#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Programs the shim cannot serve, started by programs it serves, under a
# plain `unetlink run` (the shim by default): a static busybox and a Go
# CNI plugin run from sh, from `ip netns exec` and through posix_spawn()
# (and scripts they interpret) go to the seccomp front end (the shim execs them through `unetlink
# seccomp-exec`, src/shim/exec.c), keeping their pid, parent, exit status
# and net; a 32-bit program fails with ENOEXEC as on a kernel without
# 32-bit emulation; loading or unloading a kernel module is EPERM.  Each
# runs inside a throwaway kernel namespace (`unshare -n`), so that what
# escaped would be seen there.
. "$(dirname "$0")/lib.sh"
need python3 python3
need unshare util-linux
[ "$(id -u)" = 0 ] || skip "not root: cannot make a throwaway namespace"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)

BB=${UNETLINK_BUSYBOX_STATIC:-}
if [ -z "$BB" ]; then
	for b in /usr/local/lib/unetlink-tests/busybox-static/bin/busybox \
		/bin/busybox /usr/bin/busybox; do
		"$PY" "$(dirname "$0")/static-elf.py" "$b" && BB=$b && break
	done
fi
[ -n "$BB" ] && "$PY" "$(dirname "$0")/static-elf.py" "$BB" ||
	skip "no static busybox (package busybox-static, or set UNETLINK_BUSYBOX_STATIC)"
private_copy "$BB" "$WORK/busybox" 755
BB=$WORK/busybox
shared_daemon

# in_throwaway CMD...: CMD in a fresh kernel net, as the mode's user.
in_throwaway() {
	# shellcheck disable=SC2086
	timeout -k 3 "$CLIENT_TIMEOUT" unshare -n $AS "$@"
}
# under OUT SH-SCRIPT: the script under `unetlink run` (no front end
# chosen: sh is served by the shim), in a throwaway kernel net, whose
# links are then listed after the script's output (a line "kernel:").
under() {
	out=$1
	shift
	timeout -k 3 "$CLIENT_TIMEOUT" unshare -n sh -c '
		as=$1; cli=$2; sock=$3; shift 3
		$as "$cli" run --socket "$sock" -- sh -c "$1"
		echo "status $?"
		echo kernel:
		ip -o link | cut -d: -f2' sh "$AS" "$CLI" "$SOCK" "$@" \
		>"$out" 2>"$out.err"
	echo "# $* ->"
	sed 's/^/#   /' "$out" "$out.err" | head -30
}

# A link only the model has: as root (in unpriv mode the daemon is
# shared, and uid 65534 may not make one).
"$CLI" run --socket "$SOCK" -- ip link add unlx0 type veth peer name unlx1 ||
	fail "cannot make the model's veth pair"

# 1. busybox from sh lists the model's links, not the kernel's
under "$WORK/list" "$BB ip -o link"
grep -q 'unlx0' "$WORK/list" || fail "busybox from sh did not see the model's link"
sed -n '/^kernel:/,$p' "$WORK/list" | grep -q unlx ||
	echo "# the throwaway net has no unlx* link, as it should"
sed -n '/^kernel:/,$p' "$WORK/list" | grep -q unlx &&
	fail "a unlx link is in the kernel's net"

# 1b. a script whose interpreter is busybox: what its interpreter is
printf '#!%s sh\nexec %s ip -o link\n' "$BB" "$BB" >"$WORK/bb-script"
chmod 755 "$WORK/bb-script"
under "$WORK/script" "$WORK/bb-script"
grep -q 'unlx0' "$WORK/script" ||
	fail "a script run by busybox did not see the model's link"

# 2. a change from busybox lands in the model only (root: the kernel
# would have taken it)
if [ "$MODE" = root ]; then
	under "$WORK/add" "$BB ip link add unlx2 type veth peer name unlx3 && ip -o link show unlx2"
	grep -q 'status 0' "$WORK/add" || fail "busybox's link add failed"
	grep -q '^[0-9]*: unlx2' "$WORK/add" ||
		fail "the shim's ip does not see busybox's link"
	sed -n '/^kernel:/,$p' "$WORK/add" | grep -q unlx2 &&
		fail "busybox's link reached the kernel"
fi

# 3. the program keeps the caller's net: `ip netns exec` (iproute2
# under the shim) runs busybox in the model's NAME
if [ "$MODE" = root ]; then
	timeout -k 3 "$CLIENT_TIMEOUT" unshare -mn sh -c '
		mount -t tmpfs none /run && mkdir -p /run/netns || exit 3
		"$1" run --socket "$2" -- sh -c "
			ip netns add unlxns &&
			ip -n unlxns link add unlxa type veth peer name unlxb &&
			ip netns exec unlxns $3 ip -o link | cut -d: -f2 &&
			ip netns exec unlxns $3 ip link set unlxa up &&
			ip -n unlxns -o link show unlxa | grep -o \"state [A-Z]*\"
			ip netns del unlxns"' sh "$CLI" "$SOCK" "$BB" \
		>"$WORK/ns" 2>&1
	sed 's/^/#   /' "$WORK/ns"
	[ "$(grep -c 'unlx[ab]' "$WORK/ns")" = 2 ] ||
		fail "busybox in the net of 'ip netns exec' did not list its links"
	grep -q 'unlx0' "$WORK/ns" && fail "busybox listed the first net's links"
	grep -qE 'state (UP|LOWERLAYERDOWN)' "$WORK/ns" ||
		fail "busybox's change in the named net was not made there"
fi

# 4. exit status, pid and wait(): the program is the process sh forked
under "$WORK/wait" "$BB sh -c 'exit 7'; echo exit \$?; $BB sleep 0.1 & p=\$!; wait \$p; echo waited \$?; $BB sh -c 'echo \$\$' & p=\$!; wait; echo forked \$p"
grep -q '^exit 7$' "$WORK/wait" || fail "busybox's exit status was lost"
grep -q '^waited 0$' "$WORK/wait" || fail "wait for busybox failed"
child=$(sed -n 's/^forked //p' "$WORK/wait")
[ -n "$child" ] && grep -qx "$child" "$WORK/wait" ||
	fail "busybox's pid is not the one sh forked"

# 5. posix_spawn() (Python's os.posix_spawn; glibc's spawn wrapper)
under "$WORK/spawn" "$PY -c 'import os, sys; p = os.posix_spawn(sys.argv[1], [\"busybox\", \"ip\", \"-o\", \"link\"], dict(os.environ)); print(\"spawned\", os.waitpid(p, 0)[1])' $BB"
grep -q '^spawned 0$' "$WORK/spawn" || fail "posix_spawn() of busybox failed"
grep -q 'unlx0' "$WORK/spawn" || fail "busybox from posix_spawn() did not see the model"

# 6. a Go program (a CNI plugin) from sh: loopback sets lo up in a net
# of the model
CNI_DIR=
for d in /usr/lib/cni /opt/cni/bin; do
	[ -x "$d/loopback" ] && CNI_DIR=$d && break
done
if [ "$MODE" = root ] && [ -n "$CNI_DIR" ]; then
	timeout -k 3 "$CLIENT_TIMEOUT" unshare -mn sh -c '
		mount -t tmpfs none /run && mkdir -p /run/netns || exit 3
		"$1" run --socket "$2" -- sh -c "
			ip netns add unlxcni &&
			echo {\\\"cniVersion\\\":\\\"1.0.0\\\",\\\"name\\\":\\\"lo\\\",\\\"type\\\":\\\"loopback\\\"} |
			CNI_COMMAND=ADD CNI_CONTAINERID=unlx CNI_NETNS=/run/netns/unlxcni \
			CNI_IFNAME=lo CNI_PATH=$3 $3/loopback >/dev/null &&
			ip -n unlxcni -o link show lo | grep -o \"<[A-Z,_-]*>\"
			ip netns del unlxcni"
		echo kernel: $(ip -o link show lo | grep -o "<[A-Z,_-]*>")' \
		sh "$CLI" "$SOCK" "$CNI_DIR" >"$WORK/cni" 2>&1
	sed 's/^/#   /' "$WORK/cni"
	grep -q '^<LOOPBACK,UP,LOWER_UP>$' "$WORK/cni" ||
		fail "the CNI loopback plugin did not set the model's lo up"
	grep -q '^kernel: <LOOPBACK>$' "$WORK/cni" ||
		fail "the CNI loopback plugin changed a kernel net"
else
	echo "# no CNI loopback plugin (containernetworking-plugins) or not root: part 6 left out"
fi

# 7. a 32-bit program: ENOEXEC (top level, from sh under the shim, from
# sh under --seccomp, through posix_spawn)
if printf '.globl _start\n_start:\n movl $4,%%eax\n movl $1,%%ebx\n movl $m,%%ecx\n movl $4,%%edx\n int $0x80\n movl $1,%%eax\n movl $0,%%ebx\n int $0x80\n.data\nm: .ascii "ran\\n"\n' \
	>"$WORK/ran32.s" &&
	as --32 -o "$WORK/ran32.o" "$WORK/ran32.s" 2>/dev/null &&
	ld -m elf_i386 -o "$WORK/ran32" "$WORK/ran32.o" 2>/dev/null; then
	chmod 755 "$WORK/ran32"
	in_throwaway "$CLI" run --socket "$SOCK" -- "$WORK/ran32" \
		>"$WORK/r32" 2>&1
	rc=$?
	sed 's/^/#   /' "$WORK/r32"
	[ "$rc" = 126 ] && grep -q 'Exec format error' "$WORK/r32" ||
		fail "run of a 32-bit program: status $rc, not 126 with ENOEXEC"
	for front in "" --seccomp; do
		in_throwaway "$CLI" run --socket "$SOCK" $front -- "$PY" -c '
import os, sys
try:
    os.execv(sys.argv[1], [sys.argv[1]])
except OSError as e:
    print("exec", e.errno == 8)
try:
    os.posix_spawn(sys.argv[1], [sys.argv[1]], {})
except OSError as e:
    print("spawn", e.errno == 8)' "$WORK/ran32" >"$WORK/r32" 2>&1
		sed 's/^/#   /' "$WORK/r32"
		grep -q '^ran' "$WORK/r32" && fail "a 32-bit program ran ($front)"
		grep -q '^exec True$' "$WORK/r32" ||
			fail "exec of a 32-bit program was not ENOEXEC ($front)"
		[ -n "$front" ] || grep -q '^spawn True$' "$WORK/r32" ||
			fail "posix_spawn of a 32-bit program was not ENOEXEC"
	done
else
	echo "# no i386 assembler and linker (binutils): part 7 left out"
fi

# 8. kernel modules: EPERM under both front ends, whatever the host's
# kernel says (ENOSYS without modules, EBADF for a bad descriptor); as
# uid 65534 the kernel says EPERM itself, and under the shim the filter
# is there only with no_new_privs (or CAP_SYS_ADMIN)
if [ "$(uname -m)" = x86_64 ]; then
	cat >"$WORK/mod.py" <<'EOP'
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
for name, nr, args in (("finit_module", 313, (-1, b"", 0)),
                       ("delete_module", 176, (b"unetlink_none", 0o4000)),
                       ("init_module", 175, (None, 0, b""))):
    r = libc.syscall(nr, *args)
    print(name, r, os.strerror(ctypes.get_errno()) if r < 0 else "")
EOP
	chmod 644 "$WORK/mod.py"
	for front in --preload --seccomp; do
		in_throwaway "$CLI" run --socket "$SOCK" $front -- "$PY" "$WORK/mod.py" \
			>"$WORK/mod" 2>&1
		sed 's/^/#   /' "$WORK/mod"
		if [ "$MODE" = root ] || [ "$front" = --seccomp ]; then
			[ "$(grep -c 'Operation not permitted' "$WORK/mod")" = 3 ] ||
				fail "module calls under $front are not EPERM"
		elif [ "$(grep -c 'Operation not permitted' "$WORK/mod")" != 3 ]; then
			# the filter needs no_new_privs here (setpriv set it):
			# without it, the kernel's answer
			in_throwaway "$PY" "$WORK/mod.py" >"$WORK/mod.k" 2>&1
			cmp -s "$WORK/mod" "$WORK/mod.k" ||
				fail "module calls of uid 65534 under the shim differ from the kernel's"
		fi
	done
fi
echo "ok"
