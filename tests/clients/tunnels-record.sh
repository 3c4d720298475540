#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A developer's tool, not a test: records what Linux (a kernel of /boot
# in qemu, scripts/kernel-vm.sh) prints for the tunnel transcripts.
#   tunnels-record.sh ip6 >ip6-tunnels.expected  (then sort the route
#     listing's masked lines, as ip6-tunnels.cmds does itself)
#   tunnels-record.sh ip4 >FILE  the first part of ip-tunnels.expected
#   tunnels-record.sh ioctl >ip-tunnel-ioctl.expected
# ip6: sit, ip6_tunnel, ip6_gre, ip6_vti loaded at boot, the commands run
# in a new netns.  ip4: ipip, ip_gre, ip_vti loaded by insmod at the
# first `ip` that names one of their kinds, as request_module() would.
# ioctl: the seven tunnel modules at boot, in the order unetlink makes
# their fallback devices.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vm=$here/../../scripts/kernel-vm.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case ${1:-} in
ip6)
	cat >"$tmp/drv.sh" <<'DRV'
mkdir -p /run/netns
ip netns add t
ip netns exec t sh ./ip6-tunnels-run.sh ip6-tunnels.cmds
echo "# fb_tunnels_only_for_init_net 1"
sysctl -qw net.core.fb_tunnels_only_for_init_net=1
ip netns add f
ip netns exec f sh ./ip6-tunnels-run.sh ip6-tunnels-fb.cmds
DRV
	VM_MODULES="sit ip6_tunnel ip6_gre ip6_vti" VM_IPV6=1 sh "$vm" \
		"$tmp/drv.sh" "$here/ip6-tunnels-run.sh" \
		"$here/ip6-tunnels.cmds" "$here/ip6-tunnels-fb.cmds"
	;;
ip4)
	rel=$(ls /boot/vmlinuz-* | sort -V | tail -n1 | sed 's|/boot/vmlinuz-||')
	for m in ipip ip_gre ip_vti; do
		f=$(modinfo -k "$rel" -n "$m")
		case $f in
		*.xz) xz -dc "$f" >"$tmp/$m.ko" ;;
		*.zst) zstd -qdc "$f" >"$tmp/$m.ko" ;;
		*) cp "$f" "$tmp/$m.ko" ;;
		esac
	done
	sed -n "/^cat >\"\$WORK\/tunnels.sh\" <<'SCRIPT'/,/^SCRIPT/p" \
		"$here/ip-tunnels.sh" | sed '1d;$d' >"$tmp/tunnels4.sh"
	cat >"$tmp/drv.sh" <<'DRV'
mkdir -p /run/netns /tmp/bin
cat >/tmp/bin/ip <<'E'
#!/bin/sh
prev=
for a in "$@"; do
	if [ "$prev" = type ]; then
		case $a in
		ipip) m=ipip ;;
		gre|gretap|erspan) m=ip_gre ;;
		vti) m=ip_vti ;;
		*) m= ;;
		esac
		if [ -n "$m" ] && ! grep -q "^$m " /proc/modules; then
			insmod /work/$m.ko
		fi
	fi
	prev=$a
done
exec /sbin/ip "$@"
E
chmod 755 /tmp/bin/ip
ip netns add t
PATH=/tmp/bin:$PATH ip netns exec t sh ./tunnels4.sh all
DRV
	VM_MODULES="ip_tunnel tunnel4 gre" VM_IPV6=1 sh "$vm" "$tmp/drv.sh" \
		"$tmp/tunnels4.sh" "$tmp/ipip.ko" "$tmp/ip_gre.ko" \
		"$tmp/ip_vti.ko"
	;;
ioctl)
	cat >"$tmp/drv.sh" <<'DRV'
mkdir -p /run/netns
ip netns add t
ip netns exec t sh ./ip6-tunnels-run.sh ip-tunnel-ioctl.cmds
echo "# raw"
ip netns add r
ip netns exec r python3 ./ip-tunnel-ioctl-raw.py
DRV
	VM_MODULES="ip_gre ipip ip_vti sit ip6_tunnel ip6_gre ip6_vti" VM_IPV6=1 \
		sh "$vm" "$tmp/drv.sh" "$here/ip6-tunnels-run.sh" \
		"$here/ip-tunnel-ioctl.cmds" "$here/ip-tunnel-ioctl-raw.py"
	;;
*)
	sed -n '3,11p' "$0"
	exit 2
	;;
esac
