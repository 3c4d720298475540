# SPDX-License-Identifier: LGPL-2.1-or-later
# Sourced by test scripts: pyroute2_python prints a python3 that imports
# pyroute2 (Debian's interpreter first: python3-pyroute2 installs for
# it), or nothing.
pyroute2_python() {
	local p
	for p in /usr/bin/python3 python3; do
		if command -v "$p" >/dev/null 2>&1 &&
			"$p" -c 'import pyroute2' 2>/dev/null; then
			command -v "$p"
			return
		fi
	done
}
