#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Who is admin: `unetlink run --admin root|owner|none`, --admin-uid, and
# the owner of a private daemon inside a user namespace of its own, where
# `unshare -rn` and `unshare -r` must give what they give in the kernel.
. "$(dirname "$0")/lib.sh"
need ip iproute2
need setpriv util-linux
need unshare util-linux
[ "$(id -u)" = 0 ] || skip "not root: cannot run as another user"

NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all"
# A directory of uid 65534's own for its private daemons.
mkdir "$WORK/nobody"
chown 65534:65534 "$WORK/nobody"

# check NAME WANT-STATUS [AS] -- CMD...: CMD under `unetlink run` with the
# options before --; with AS=nobody as uid 65534.  Its status must be
# WANT-STATUS and, when that is 2, ip's message EPERM.
check() {
	name=$1 want=$2
	shift 2
	as=
	if [ "$1" = nobody ]; then
		as=$NOBODY
		shift
	fi
	opts=
	while [ "$1" != -- ]; do
		opts="$opts $1"
		shift
	done
	shift
	rm -f "$WORK/nobody/sock" "$SOCK"
	sock=$SOCK
	[ -z "$as" ] || sock=$WORK/nobody/sock
	# shellcheck disable=SC2086
	timeout -k 3 "$CLIENT_TIMEOUT" $as "$CLI" run --private --socket "$sock" \
		$opts -- "$@" >"$WORK/$name" 2>"$WORK/$name.err"
	rc=$?
	echo "# ${as:+uid 65534: }run$opts -- $* -> $rc"
	sed 's/^/#   /' "$WORK/$name.err"
	no_transport_error "$WORK/$name"
	[ "$rc" = "$want" ] || fail "$name: status $rc, wanted $want"
	[ "$want" != 2 ] || grep -q 'Operation not permitted' "$WORK/$name.err" ||
		fail "$name: no EPERM"
}

UP="ip link set lo up"
# shellcheck disable=SC2086
{
	check root-default 0 -- $UP
	check root-root 0 --admin root -- $UP
	check root-none 2 --admin none -- $UP
	check nobody-default 0 nobody -- $UP
	check nobody-owner 0 nobody --admin owner -- $UP
	check nobody-root 2 nobody --admin root -- $UP
	check nobody-none 2 nobody --admin none -- $UP
	check nobody-listed 0 nobody --admin root --admin-uid 65534 -- $UP
}

# In a user namespace of its own the owner holds what the kernel lets it
# hold there over a net it makes there (`unshare -rn`), and nothing over
# the daemon's nets, which are the namespace's `run` started in, however
# the policy names it (`unshare -r` in a net of root's: cap_capable()
# does not look below the net's owner).  The kernel answers first.
if $NOBODY unshare -r true 2>/dev/null; then
	NOADMIN="setpriv --inh-caps=-net_admin --bounding-set=-net_admin"
	for form in -rn -r; do
		for cmd in "$UP" "$NOADMIN $UP"; do
			# shellcheck disable=SC2086
			if [ "$form" = -rn ]; then
				timeout -k 3 "$CLIENT_TIMEOUT" $NOBODY unshare -rn \
					$cmd >/dev/null 2>"$WORK/kernel.err"
			else
				timeout -k 3 "$CLIENT_TIMEOUT" unshare -n $NOBODY \
					unshare -r $cmd >/dev/null 2>"$WORK/kernel.err"
			fi
			krc=$?
			# shellcheck disable=SC2086
			check userns "$krc" nobody -- unshare $form $cmd
			cmp -s "$WORK/kernel.err" "$WORK/userns.err" ||
				fail "unshare $form $cmd: messages differ from the kernel's"
		done
	done
	# A shared daemon of another user (uid 65533, which cannot look at
	# uid 65534's namespace) must not take a user namespace's root for
	# one of its own.
	mkdir "$WORK/other"
	chown 65533:65533 "$WORK/other"
	setpriv --reuid=65533 --regid=65533 --clear-groups "$CLI" daemon \
		--shared --socket "$WORK/other/sock" >"$WORK/other.log" 2>&1 &
	other=$!
	for _ in $(seq 100); do
		[ -S "$WORK/other/sock" ] && break
		sleep 0.05
	done
	# shellcheck disable=SC2086
	timeout -k 3 "$CLIENT_TIMEOUT" $NOBODY "$CLI" run \
		--socket "$WORK/other/sock" -- unshare -r $UP \
		>"$WORK/foreign" 2>"$WORK/foreign.err"
	rc=$?
	kill "$other"
	wait "$other"
	echo "# uid 65534 in unshare -r, uid 65533's shared daemon -> $rc"
	no_transport_error "$WORK/foreign"
	[ "$rc" = 2 ] && grep -q 'Operation not permitted' "$WORK/foreign.err" ||
		fail "another user's namespace root got admin rights"
else
	echo "# unprivileged user namespaces are not permitted: those cases skipped"
fi
echo "pass"
