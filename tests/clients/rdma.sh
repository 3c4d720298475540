#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# iproute2's rdma tool under unetlink.  Under the "full" profile (ib_core
# built: NETLINK_RDMA in every namespace) a fresh namespace has no RDMA
# device: `rdma dev` and `rdma link` print nothing and succeed, `rdma
# system` shows the defaults; as uid 65534 too, since listing needs no
# privilege.  Under the host's profile, rdma answers as it does on this
# kernel (in `unshare -n`).
. "$(dirname "$0")/lib.sh"
need rdma iproute2
need setpriv util-linux
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all"

for who in root nobody; do
	as= UNL_FRONT=
	# uid 65534 reaches the private daemon only when it is shared
	[ "$who" = nobody ] && as=$NOBODY UNL_FRONT=--shared
	for cmd in dev link; do
		# shellcheck disable=SC2086
		unl "$WORK/$who-$cmd" $as rdma $cmd
		no_transport_error "$WORK/$who-$cmd"
		[ "$RC" = 0 ] || fail "rdma $cmd ($who) failed ($RC)"
		[ -s "$WORK/$who-$cmd" ] && fail "rdma $cmd ($who) lists a device"
	done
	# shellcheck disable=SC2086
	unl "$WORK/$who-system" $as rdma system
	[ "$RC" = 0 ] || fail "rdma system ($who) failed ($RC)"
	grep -q '^netns shared copy-on-fork on' "$WORK/$who-system" ||
		fail "rdma system ($who) shows otherwise"
done

UNL_FRONT=
# the host's profile against this kernel
if unshare -n true 2>/dev/null; then
	unshare -n rdma dev >"$WORK/kernel-dev" 2>&1
	KRC=$?
	UNETLINK_PROFILE=host
	unl "$WORK/host-dev" rdma dev
	UNETLINK_PROFILE=full
	cat "$WORK/host-dev.err" >>"$WORK/host-dev"
	sed 's/^/# kernel: /' "$WORK/kernel-dev"
	[ "$RC" = "$KRC" ] || fail "rdma dev: status $RC, the kernel's $KRC"
	cmp -s "$WORK/kernel-dev" "$WORK/host-dev" ||
		fail "rdma dev prints otherwise than on this kernel: $(cat "$WORK/host-dev")"
fi
echo "pass"
