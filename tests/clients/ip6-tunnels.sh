#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The IPv6 tunnels (sit, ip6tnl, ip6gre, ip6gretap, ip6erspan, vti6),
# which the reference kernel lacks, under the `full` profile with their
# modules loaded: the commands of ip6-tunnels.cmds (adds with options,
# dumps, `ip -d -j`, changes, errors, MTU bounds, sysfs, link-local
# addresses once up) and, with fb_tunnels_only_for_init_net 1,
# ip6-tunnels-fb.cmds, against ip6-tunnels.expected: what Linux 6.12
# (Debian's 6.12.118 in a virtual machine, scripts/kernel-vm.sh with
# VM_MODULES="sit ip6_tunnel ip6_gre ip6_vti" VM_IPV6=1, in a new
# netns) printed for the same commands.  The addresses Linux draws at
# random (permaddr, the EUI-64 link-locals made from it) are masked on
# both sides.  Root only: the kinds' rights are every link's.
. "$(dirname "$0")/lib.sh"
need ip iproute2
here=$(cd "$(dirname "$0")" && pwd)
[ "$MODE" = root ] || skip "root only (the rights are ip-kinds.sh's)"

for f in ip6-tunnels-run.sh ip6-tunnels.cmds ip6-tunnels-fb.cmds; do
	private_copy "$here/$f" "$WORK/$f" 644
done
mods='module sit\nmodule ip6_tunnel\nmodule ip6_gre\nmodule ip6_vti\n'
printf "base full\\nname full-6.12\\nkernel 6.12\\n$mods" >"$WORK/t.profile"
UNETLINK_PROFILE=$WORK/t.profile unl "$WORK/u" sh "$WORK/ip6-tunnels-run.sh" \
	"$WORK/ip6-tunnels.cmds"
no_transport_error "$WORK/u"
[ "$RC" = 0 ] || fail "the transcript did not run: $(tail -3 "$WORK/u.err")"
echo "# fb_tunnels_only_for_init_net 1" >>"$WORK/u"
printf "base full\\nname full-6.12\\nkernel 6.12\\n${mods}sysctl net.core.fb_tunnels_only_for_init_net = 1\\n" \
	>"$WORK/fb.profile"
UNETLINK_PROFILE=$WORK/fb.profile unl "$WORK/f" sh "$WORK/ip6-tunnels-run.sh" \
	"$WORK/ip6-tunnels-fb.cmds"
no_transport_error "$WORK/f"
cat "$WORK/f" >>"$WORK/u"
if ! diff -u "$here/ip6-tunnels.expected" "$WORK/u" >"$WORK/diff"; then
	echo "# Linux (-) and unetlink (+) differ:"
	sed 's/^/#   /' "$WORK/diff" | cut -c1-300 | head -80
	fail "the transcript differs from Linux's"
fi
echo "# $(wc -l <"$WORK/u") lines as Linux 6.12 printed them"
echo "pass"
