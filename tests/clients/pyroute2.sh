#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A pyroute2 script (python3-pyroute2) under unetlink run.
. "$(dirname "$0")/lib.sh"
# Debian's interpreter, where python3-pyroute2 installs.
PY=
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import pyroute2' 2>/dev/null; then
		PY=$(command -v "$p")
		break
	fi
done
[ -n "$PY" ] || skip "python3-pyroute2 is not installed"
cp "$(dirname "$0")/pyroute2_client.py" "$WORK/client.py"
chmod 644 "$WORK/client.py"

unl "$WORK/out" "$PY" "$WORK/client.py"
no_transport_error "$WORK/out"
[ "$RC" = 0 ] || fail "pyroute2 client: $(grep -E 'FAIL|Error' "$WORK/out" | head -3)"
echo "pass"
