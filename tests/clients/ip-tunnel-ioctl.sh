#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The tunnel ioctls (SIOC*TUNNEL on ipip, gre, vti, sit, ip6tnl, ip6gre
# and vti6 devices, sit's SIOC*PRL and SIOC*6RD), which the reference
# kernel lacks the modules for, under the `full` profile with the
# modules loaded: `ip tunnel` and `ip -6 tunnel` add, change, del,
# show, prl and 6rd (ip-tunnel-ioctl.cmds), then the raw requests of
# ip-tunnel-ioctl-raw.py (other kinds, missing devices, no argument,
# the bytes answered), against ip-tunnel-ioctl.expected: what Linux
# 6.12 (Debian's 6.12.118 in a virtual machine, scripts/kernel-vm.sh
# with VM_MODULES="ip_gre ipip ip_vti sit ip6_tunnel ip6_gre ip6_vti"
# VM_IPV6=1, each part in a new netns) printed.  Root only: the kinds'
# rights are every link's.
. "$(dirname "$0")/lib.sh"
need ip iproute2
need /usr/bin/python3 python3
need unshare util-linux
here=$(cd "$(dirname "$0")" && pwd)
[ "$MODE" = root ] || skip "root only (the rights are ip-kinds.sh's)"

for f in ip6-tunnels-run.sh ip-tunnel-ioctl.cmds ip-tunnel-ioctl-raw.py; do
	private_copy "$here/$f" "$WORK/$f" 644
done
mods='module ip_gre\nmodule ipip\nmodule ip_vti\nmodule sit\nmodule ip6_tunnel\nmodule ip6_gre\nmodule ip6_vti\n'
printf "base full\\nname full-6.12\\nkernel 6.12\\n$mods" >"$WORK/t.profile"
# one daemon: the raw requests in a net of their own, as in the recording
cat >"$WORK/both.sh" <<'SCRIPT'
sh "$1/ip6-tunnels-run.sh" "$1/ip-tunnel-ioctl.cmds"
echo "# raw"
unshare -n /usr/bin/python3 "$1/ip-tunnel-ioctl-raw.py"
SCRIPT
UNETLINK_PROFILE=$WORK/t.profile unl "$WORK/u" sh "$WORK/both.sh" "$WORK"
no_transport_error "$WORK/u"
[ "$RC" = 0 ] || fail "the transcript did not run: $(tail -3 "$WORK/u.err")"
if ! diff -u "$here/ip-tunnel-ioctl.expected" "$WORK/u" >"$WORK/diff"; then
	echo "# Linux (-) and unetlink (+) differ:"
	sed 's/^/#   /' "$WORK/diff" | cut -c1-300 | head -"${DIFF_LINES:-80}"
	fail "the transcript differs from Linux's"
fi
echo "# $(wc -l <"$WORK/u") lines as Linux 6.12 printed them"
echo "pass"
