#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A pyroute2 script (python3-pyroute2) under unetlink run.
. "$(dirname "$0")/lib.sh"
need_pyroute2 pyroute2_client.py client.py

unl "$WORK/out" "$PY" "$WORK/client.py"
no_transport_error "$WORK/out"
[ "$RC" = 0 ] || fail "pyroute2 client: $(grep -E 'FAIL|Error' "$WORK/out" | head -3)"
echo "pass"
