#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Run a test program as an unprivileged user (uid/gid 65534, no
# capabilities), since many of unetlink's answers differ by privilege.
# Skips (exit 77) unless started as root with setpriv available.
set -eu
exe=$1
shift
[ "$(id -u)" = 0 ] || { echo "skip: not root, cannot drop to an unprivileged user"; exit 77; }
command -v setpriv >/dev/null || { echo "skip: setpriv (util-linux) missing"; exit 77; }
# The build tree may not be reachable by that user: run a private copy.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp "$exe" "$dir/"
chmod 755 "$dir" "$dir/$(basename "$exe")"
cd "$dir"
setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all --bounding-set=-all --no-new-privs \
	"$dir/$(basename "$exe")" "$@"
