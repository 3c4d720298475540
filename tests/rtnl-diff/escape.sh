#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The unetlink side of rtnl-diff.sh, run inside a throwaway kernel
# network namespace (unshare -n): whatever the program under unetlink
# changes in the kernel instead of the model (an ioctl the shim let
# through, a raw system call) lands there, and shows here as a diff of
# that namespace before and after, in the transcript the kernel side is
# compared with.  Nothing escaped: nothing extra is printed.
#   escape.sh CLI DIR
set -u
cli=$1
dir=$2
here=$(cd "$(dirname "$0")" && pwd)

# The kernel namespace as iproute2 shows it, without the shim.
kernel_state() {
	local v
	for v in "-d link" "addr" "route show table all" \
		 "-6 route show table all" "neigh" "-6 neigh"; do
		echo "## ip $v"
		# shellcheck disable=SC2086 # the view's words
		env -u LD_PRELOAD ip $v 2>&1
	done
	for v in "xfrm policy" "xfrm state"; do
		echo "## ip $v"
		# shellcheck disable=SC2086 # the view's words
		env -u LD_PRELOAD ip $v 2>&1
	done
	if command -v nft >/dev/null; then
		echo "## nft list ruleset"
		env -u LD_PRELOAD nft list ruleset 2>&1
	fi
}

before=$(kernel_state)
# with RTNL_DIFF_CAPTURE_DIR, every message of the side goes to a
# capture there (rtnl-diff.sh has tshark decode them all)
capture=()
[ -n "${RTNL_DIFF_CAPTURE_DIR:-}" ] &&
	capture=(--capture "$RTNL_DIFF_CAPTURE_DIR/$(basename "$dir").pcap")
# --shared: a sequence may switch users (setpriv --reuid), and each user's
# rights are still decided by its own credentials
"$cli" run --shared --profile host "${capture[@]}" -- \
	bash "${RTNL_DIFF_SIDE:-$here/side.sh}" unetlink "$dir"
rc=$?
after=$(kernel_state)
if [ "$before" != "$after" ]; then
	echo "### escaped: the kernel's namespace changed"
	diff <(echo "$before") <(echo "$after")
fi
exit $rc
