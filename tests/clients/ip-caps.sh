#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Capabilities as Linux sees them: `ip` run with capabilities dropped (the
# bounding set across exec, setuid to another user, ambient capabilities
# kept across it) in a fresh network namespace of the kernel and under a
# shared unetlink daemon; both must succeed or refuse at the same points,
# with the same messages.
. "$(dirname "$0")/lib.sh"
need ip iproute2
need setpriv util-linux
need unshare util-linux
[ "$(id -u)" = 0 ] || skip "not root: cannot drop capabilities or unshare"
unshare -n true 2>/dev/null || skip "unshare -n is not permitted here"

# both NAME CMD [ARGS]: CMD in a fresh network namespace and under a fresh
# daemon (--shared, so that a command that becomes uid 65534 reaches it;
# rights then come from the kernel's capabilities); status and stderr
# must agree.
both() {
	name=$1
	shift
	timeout -k 3 "$CLIENT_TIMEOUT" unshare -n "$@" \
		>"$WORK/$name.k" 2>"$WORK/$name.k.err"
	krc=$?
	rm -f "$SOCK"
	timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --shared --socket "$SOCK" \
		-- "$@" >"$WORK/$name.u" 2>"$WORK/$name.u.err"
	urc=$?
	echo "# $* -> kernel $krc, unetlink $urc"
	sed 's/^/#   kernel: /' "$WORK/$name.k.err"
	sed 's/^/#   unetlink: /' "$WORK/$name.u.err"
	[ "$urc" != 124 ] && [ "$urc" != 137 ] || fail "$name hung"
	no_transport_error "$WORK/$name.u"
	[ "$krc" = "$urc" ] || fail "$name: status $urc, the kernel's $krc"
	cmp -s "$WORK/$name.k.err" "$WORK/$name.u.err" ||
		fail "$name: messages differ from the kernel's"
}

NOADMIN="--inh-caps=-net_admin --bounding-set=-net_admin"
NOBODY="--reuid=65534 --regid=65534 --clear-groups"

# Root with every capability; then without CAP_NET_ADMIN in the bounding
# set, which execve() takes out of the effective set.
both up ip link set lo up
# shellcheck disable=SC2086
both bounding setpriv $NOADMIN ip link set lo up
# shellcheck disable=SC2086
both bounding-add setpriv $NOADMIN ip link add unlcap0 type veth peer name unlcap1
# Reading needs no capability.
# shellcheck disable=SC2086
both bounding-read setpriv $NOADMIN ip -o link show lo
# A root shell that dropped it starts ip without it; one that only took it
# out of the effective set starts ip with it again (root's execve()).
if command -v capsh >/dev/null 2>&1; then
	both capsh-drop capsh --drop=cap_net_admin -- -c 'ip link set lo up'
	both capsh-eff capsh --caps=cap_net_admin-e+p -- -c 'ip link set lo up'
else
	echo "# capsh is not installed (package libcap2-bin): its cases skipped"
fi
# uid 65534: nothing, unless CAP_NET_ADMIN comes along as an ambient
# capability.
# shellcheck disable=SC2086
both nobody setpriv $NOBODY ip link set lo up
# shellcheck disable=SC2086
both nobody-ambient setpriv $NOBODY --inh-caps=+net_admin \
	--ambient-caps=+net_admin ip link set lo up
# shellcheck disable=SC2086
both nobody-ambient-other setpriv $NOBODY --inh-caps=+net_raw \
	--ambient-caps=+net_raw ip link set lo up
echo "pass"
