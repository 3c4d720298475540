#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# mnl_client (a libmnl program) under unetlink run: acks parsed by
# mnl_cb_run, USERSOCK unicast and multicast, poll, EAGAIN, and the EPERM
# paths when unprivileged.  The program checks its own results.
. "$(dirname "$0")/lib.sh"
[ -n "${MNL_CLIENT:-}" ] && [ -x "$MNL_CLIENT" ] ||
	skip "libmnl-dev was not found at build time"
private_copy "$MNL_CLIENT" "$WORK/mnl_client" 755

unl "$WORK/out" "$WORK/mnl_client"
no_transport_error "$WORK/out"
[ "$RC" = 0 ] || fail "mnl_client: $(grep FAIL "$WORK/out" | head -3)"
echo "pass"
