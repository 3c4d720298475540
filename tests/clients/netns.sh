#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Network namespaces under `unetlink run`: `ip netns add|list|list-id|set|
# exec|pids|identify|attach|del`, `ip -n`, `ip -all netns exec|delete`, util-linux's
# `unshare -n`, `unetlink run --netns`, `unetlink netns` and `unetlink
# status`.  Modes: root, owner (uid 65534 with a private daemon of its
# own, which makes it admin as `unshare -rn` would) and unpriv (uid 65534
# against a root daemon that grants nothing: refused where Linux refuses
# an unprivileged user).  In every mode, nothing may reach the host: its
# /run/netns, its interfaces and its mounts stay as they were.
. "$(dirname "$0")/lib.sh"
need ip iproute2
need unshare util-linux

# What the host has, before and after.
host_state() {
	{
		ls -la /run/netns 2>&1
		ip -o link show 2>&1 | sed 's/ state .*//'
		cut -d' ' -f5 /proc/self/mountinfo | sort
		readlink /proc/self/ns/net
	} >"$1"
}
host_state "$WORK/host.before"

private_copy "$(dirname "$0")/netns-inner.sh" "$WORK/inner.sh" 644
CLONE3=
if [ -n "${CLONE3_RUN:-}" ] && [ -x "$CLONE3_RUN" ]; then
	private_copy "$CLONE3_RUN" "$WORK/clone3_run" 755
	CLONE3=$WORK/clone3_run
fi

case $MODE in
root | owner)
	# Checks, each an "ok" line: a missing one is as bad as a "bad".
	unl "$WORK/ns" sh "$WORK/inner.sh" "$CLI" "$CLONE3"
	no_transport_error "$WORK/ns"
	! grep '^bad ' "$WORK/ns" || fail "$(grep -c '^bad ' "$WORK/ns") checks failed"
	grep -qx done "$WORK/ns" || fail "the checks did not run to the end"
	want=$(grep -c '^[[:space:]]*check ' "$WORK/inner.sh")
	command -v python3 >/dev/null 2>&1 || want=$((want - 2))
	# clone3: not built, or a kernel without it (the checks say so)
	[ -n "$CLONE3" ] || want=$((want - 2))
	want=$((want - $(grep -c '^skip clone3' "$WORK/ns")))
	got=$(grep -c '^ok ' "$WORK/ns")
	[ "$got" = "$want" ] || fail "$got checks passed, of $want"

	# run --netns: a private daemon makes the name; a running one must
	# have it
	# shellcheck disable=SC2086
	timeout -k 3 "$CLIENT_TIMEOUT" $AS "$CLI" run --socket "$SOCK" \
		--netns blue -- ip netns identify >"$WORK/runns" 2>&1
	[ "$(cat "$WORK/runns")" = blue ] ||
		fail "run --netns blue: $(cat "$WORK/runns")"
	# shellcheck disable=SC2086
	timeout -k 3 "$CLIENT_TIMEOUT" $AS "$CLI" run --socket "$SOCK" -- \
		sh -c '"$0" run --netns nope true' "$CLI" >"$WORK/nope" 2>&1
	rc=$?
	[ "$rc" = 1 ] && grep -q 'no network namespace "nope"' "$WORK/nope" ||
		fail "run --netns of a name a running daemon lacks: $rc $(cat "$WORK/nope")"
	;;
unpriv)
	# The root daemon's names are everybody's to see, nobody else's to
	# make, enter or remove (uid 65534 holds no capability there).
	"$CLI" netns add shared --socket "$SOCK" || fail "netns add as root"
	unl "$WORK/list" ip netns list
	grep -q '^shared' "$WORK/list" || fail "ip netns list: $(cat "$WORK/list")"
	unl "$WORK/listid" ip netns list-id
	[ "$RC" = 0 ] || fail "an unprivileged ip netns list-id failed: $(cat "$WORK/listid.err")"
	unl "$WORK/set" ip netns set shared 3
	[ "$RC" != 0 ] && grep -q 'Operation not permitted' "$WORK/set.err" ||
		fail "an unprivileged ip netns set was not refused with EPERM"
	unl "$WORK/add" ip netns add mine
	[ "$RC" != 0 ] && grep -q 'Permission denied\|Operation not permitted' "$WORK/add.err" ||
		fail "an unprivileged ip netns add was not refused"
	unl "$WORK/exec" ip netns exec shared true
	[ "$RC" != 0 ] &&
		grep -q 'setting the network namespace "shared" failed: Operation not permitted' "$WORK/exec.err" ||
		fail "an unprivileged ip netns exec was not refused with EPERM"
	unl "$WORK/n" ip -n shared link
	[ "$RC" != 0 ] && grep -q 'Operation not permitted' "$WORK/n.err" ||
		fail "an unprivileged ip -n was not refused with EPERM"
	unl "$WORK/unshare" unshare -n true
	[ "$RC" != 0 ] && grep -q 'Operation not permitted' "$WORK/unshare.err" ||
		fail "an unprivileged unshare -n was not refused with EPERM"
	unl "$WORK/del" ip netns del shared
	[ "$RC" != 0 ] && grep -q 'Permission denied' "$WORK/del.err" ||
		fail "an unprivileged ip netns del was not refused"
	"$CLI" netns list --socket "$SOCK" | grep -qx shared ||
		fail "an unprivileged ip netns del removed the name"
	unl "$WORK/runns" "$CLI" run --netns shared true
	[ "$RC" = 1 ] && grep -q 'Operation not permitted' "$WORK/runns.err" ||
		fail "an unprivileged run --netns was not refused"
	;;
esac

# unshare -rn (a user namespace, then a net, in one call): in every mode
# the new net is the caller's, as Linux gives one to whoever may make a
# user namespace, and what it makes there stays there; the net it left
# is still not its own to change (unpriv).
if $AS unshare -rn true 2>/dev/null; then
	unl "$WORK/rn" sh -c 'unshare -rn sh -c "ip link add rn0 type bridge && ip -br link"; echo "rc $?"; ip link add rn1 type bridge 2>/dev/null; ip -br link'
	grep -qx 'rc 0' "$WORK/rn" || fail "unshare -rn: $(cat "$WORK/rn" "$WORK/rn.err")"
	[ "$(grep -c '^rn0 ' "$WORK/rn")" = 1 ] ||
		fail "unshare -rn: the bridge is not in the new net alone: $(cat "$WORK/rn")"
	if [ "$MODE" = unpriv ]; then
		! grep -q '^rn1 ' "$WORK/rn" ||
			fail "unshare -rn: uid 65534 changed the daemon's net"
	fi
fi

host_state "$WORK/host.after"
diff "$WORK/host.before" "$WORK/host.after" >"$WORK/host.diff" ||
	fail "the host changed: $(cat "$WORK/host.diff")"
echo "pass"
