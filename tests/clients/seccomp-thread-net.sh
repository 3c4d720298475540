#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The net of each thread (thread_net.c) through both front ends: a
# thread's unshare() and setns() move it alone; its sockets, the threads
# and processes it makes (fork, vfork, a bare clone, a child's child made
# before that child's first call, posix_spawn with and without file
# actions; and what they exec), /proc/thread-self/net
# and its device ioctls are in its net, /proc/self/net and the other
# threads stay in the leader's.  The output must be the kernel's: as
# root in a fresh `unshare -n`, as uid 65534 in `unshare -rn` (against a
# root daemon, the user namespace's net being its own).
. "$(dirname "$0")/lib.sh"
need unshare util-linux
[ -n "${THREAD_NET:-}" ] && [ -x "$THREAD_NET" ] ||
	skip "thread_net is not built"
private_copy "$THREAD_NET" "$WORK/thread_net" 755

case $MODE in
root)
	unshare -n true 2>/dev/null || skip "unshare -n is not permitted"
	unshare -n "$WORK/thread_net" >"$WORK/kernel" 2>&1
	set -- "$WORK/thread_net"
	;;
unpriv)
	# shellcheck disable=SC2086
	$AS unshare -rn true 2>/dev/null ||
		skip "uid 65534 may not make a user namespace here"
	# shellcheck disable=SC2086
	$AS unshare -rn "$WORK/thread_net" >"$WORK/kernel" 2>&1
	set -- unshare -rn "$WORK/thread_net"
	;;
esac
grep -q '^main after exec: ' "$WORK/kernel" ||
	skip "the kernel did not run it through: $(head -3 "$WORK/kernel")"
# The seccomp front end finds a forked child's net among its forking
# thread's children, which a kernel without CONFIG_PROC_CHILDREN does
# not list: those lines are left out there.
nokids='^$'
if [ ! -e "/proc/$$/task/$$/children" ]; then
	echo "# SKIP the seccomp front end's forked children: no /proc/PID/task/TID/children here"
	nokids='^(process (forked|vforked|cloned) by the moved thread|grandchild forked|child of the moved thread|process forked before the thread moved back):'
fi
for front in --seccomp --preload; do
	gap='^$'
	[ "$front" = --preload ] || gap=$nokids
	UNL_FRONT=$front unl "$WORK/model" "$@"
	no_transport_error "$WORK/model"
	cat "$WORK/model.err" >>"$WORK/model"
	grep -vE "$gap" "$WORK/kernel" >"$WORK/kernel.cmp"
	grep -vE "$gap" "$WORK/model" >"$WORK/model.cmp"
	diff -u "$WORK/kernel.cmp" "$WORK/model.cmp" ||
		fail "the threads' nets under $front differ from the kernel's"
done
# exec() from a thread other than the leader, each in a net of its own:
# the new program is in that thread's
if [ "$MODE" = root ]; then
	unshare -n "$WORK/thread_net" exec-thread >"$WORK/kexec" 2>&1
	for front in --seccomp --preload; do
		UNL_FRONT=$front unl "$WORK/sexec" "$WORK/thread_net" exec-thread
		cat "$WORK/sexec.err" >>"$WORK/sexec"
		diff -u "$WORK/kexec" "$WORK/sexec" ||
			fail "exec from a thread under $front differs from the kernel"
	done
fi
# Nested user namespaces (unpriv): a process in a user namespace of its
# own (unshare -r) enters the net its child made in a namespace below
# (unshare -rn): its capabilities count over the nets of namespaces
# below its own, and it made that one (Linux's cap_capable())
if [ "$MODE" = unpriv ]; then
	cat >"$WORK/nest.sh" <<'EOS2'
unshare -rn sleep 30 & pid=$!
i=0
while [ "$(readlink /proc/$pid/ns/net)" = "$(readlink /proc/self/ns/net)" ] &&
	[ $i -lt 500 ]; do
	sleep 0.02
	i=$((i + 1))
done
nsenter --net=/proc/$pid/ns/net sh -c 'ip link add nest0 type bridge;
	echo "add $?"; ip -o link show | cut -d" " -f2'
echo "nsenter $?"
kill $pid
EOS2
	chmod 644 "$WORK/nest.sh"
	# shellcheck disable=SC2086
	$AS unshare -r sh "$WORK/nest.sh" >"$WORK/knest" 2>&1
	grep -q '^nest0:' "$WORK/knest" ||
		skip "the kernel did not let the parent namespace in: $(head -3 "$WORK/knest")"
	for front in --seccomp --preload; do
		UNL_FRONT=$front unl "$WORK/mnest" unshare -r sh "$WORK/nest.sh"
		cat "$WORK/mnest.err" >>"$WORK/mnest"
		diff -u "$WORK/knest" "$WORK/mnest" ||
			fail "nested user namespaces under $front differ"
	done
fi
# dup2()/dup3() of a netlink socket: below the seccomp front end's
# range the copy would not trap, so it is refused with EBUSY (as Linux
# may refuse dup2()); into the range it works, as with the shim
if [ "$MODE" = root ]; then
	unshare -n "$WORK/thread_net" dup >"$WORK/kdup" 2>&1
	UNL_FRONT=--preload unl "$WORK/pdup" "$WORK/thread_net" dup
	diff -u "$WORK/kdup" "$WORK/pdup" || fail "dup2 under the shim differs"
	UNL_FRONT=--seccomp unl "$WORK/sdup" "$WORK/thread_net" dup
	sed 's/^dup2 to 10: .*/dup2 to 10: Device or resource busy/' \
		"$WORK/kdup" >"$WORK/kdup.sc"
	diff -u "$WORK/kdup.sc" "$WORK/sdup" ||
		fail "dup2 under seccomp is not as documented"
fi
echo "pass"
