#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A kernel to compare with when the running one lacks a module: boots a
# kernel installed in /boot (with its modules from /lib/modules) in
# qemu, with an initramfs of busybox, iproute2, the host's python3 and
# pyroute2, runs a shell script there and prints its output.  Every
# net/sched module (qdiscs, classifiers, actions) and veth are loaded
# first; net.core.default_qdisc is pfifo_fast and IPv6 is off, so that
# nothing is sent and every counter stays 0.  A developer's tool
# (tc-kinds.expected was recorded with it), not a test: it needs
# qemu-system-x86 and a kernel image.
#
#   scripts/kernel-vm.sh [-k RELEASE] [-m MODULE]... SCRIPT [FILE...]
#     RELEASE  a release under /boot (default: the newest vmlinuz there)
#     MODULE   another module (bonding ...), put in /mods/extra for the
#              script to insmod with the parameters it wants
#     SCRIPT   run with sh in the guest, as root, in /work
#     FILE     copied to /work beside it (tc-raw.py, a command list ...)
#   KERNEL_VM_PROGS="nft ipset"  more programs (from the PATH) in /sbin
#   KERNEL_VM_FILES="/usr/lib/x86_64-linux-gnu/xtables ..."  more files
#     or directories, at the same path in the guest, with the libraries
#     each file loads (iptables-nft's extensions, which it dlopen()s)
#   KERNEL_VM_MODULES="nf_flow_table_inet ..."  more modules, each loaded
#     first with the ones it needs (modules.dep): the guest has no
#     modprobe, so what a script uses must be loaded beforehand
#   VM_MODULES="m1 m2 ..."  more modules (with what they depend on) loaded
#            after those, in this order (sit ip6_tunnel ...): a module's
#            pernet devices then come in a new net in that order
#   VM_IPV6=1  leave IPv6 on
#   KERNEL_VM_TIMEOUT  seconds before the machine is stopped (600)
set -eu
rel=
extra=
while :; do
	case ${1:-} in
	-k) rel=$2; shift 2 ;;
	-m) extra="$extra $2"; shift 2 ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { sed -n '3,30p' "$0"; exit 2; }
command -v qemu-system-x86_64 >/dev/null || { echo "no qemu-system-x86_64" >&2; exit 1; }
command -v busybox >/dev/null || { echo "no busybox" >&2; exit 1; }
[ -n "$rel" ] || rel=$(ls /boot/vmlinuz-* | sort -V | tail -n1 | sed 's|/boot/vmlinuz-||')
kernel=/boot/vmlinuz-$rel
mods=/lib/modules/$rel
[ -r "$kernel" ] && [ -d "$mods" ] || { echo "no $kernel or $mods" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/mods/extra" "$root/work" \
	"$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/run"
# a program and the libraries it loads
copy_prog() {
	cp "$1" "$root$2"
	ldd "$1" | grep -o '/[^ ]*' | while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
copy_prog "$(command -v busybox)" /bin/busybox
copy_prog "$(command -v tc)" /sbin/tc
copy_prog "$(command -v ip)" /sbin/ip
py=
for p in /usr/bin/python3.[0-9]*; do
	case $p in *-*) continue ;; esac
	[ -x "$p" ] && py=$p && break
done
if [ -n "$py" ]; then
	copy_prog "$py" /usr/bin/python3
	lib=/usr/lib/$(basename "$py")
	mkdir -p "$root$lib"
	(cd "$lib" && tar cf - --exclude=test --exclude=__pycache__ \
		--exclude=idlelib --exclude=tkinter --exclude=ensurepip .) |
		(cd "$root$lib" && tar xf -)
	[ -d /usr/lib/python3/dist-packages/pyroute2 ] &&
		mkdir -p "$root/usr/lib/python3/dist-packages" &&
		cp -r /usr/lib/python3/dist-packages/pyroute2 \
			"$root/usr/lib/python3/dist-packages/"
fi
# the modules, decompressed (busybox's insmod reads plain ones)
# unpack FILE DIR [NAME]: FILE decompressed into DIR, as NAME (default:
# its own name without the compression suffix)
unpack() {
	b=$(basename "$1"); b=${b%.xz}; b=${b%.zst}; b=${b%.gz}
	b=${3:-$b}
	case $1 in
	*.xz) xz -dc "$1" >"$2/$b" ;;
	*.zst) zstd -qdc "$1" >"$2/$b" ;;
	*.gz) gzip -dc "$1" >"$2/$b" ;;
	*) cp "$1" "$2/$b" ;;
	esac
}
for m in $(find "$mods/kernel/net/sched" -name '*.ko*') \
	$(find "$mods/kernel/drivers/net" -name 'veth.ko*'); do
	unpack "$m" "$root/mods"
done
for name in $extra; do
	m=$(find "$mods/kernel" -name "$name.ko*" | head -n1)
	[ -n "$m" ] || { echo "no module $name in $mods" >&2; exit 1; }
	unpack "$m" "$root/mods/extra"
done
# what programs look names up in (nft's protocol and service names)
mkdir -p "$root/etc"
for f in /etc/protocols /etc/services; do
	[ -r "$f" ] && cp "$f" "$root$f"
done
for p in ${KERNEL_VM_PROGS:-}; do
	copy_prog "$(command -v "$p")" "/sbin/$p"
done
for p in ${KERNEL_VM_FILES:-}; do
	# symbolic links too (libxt_state.so -> libxt_conntrack.so), as
	# copies of what they point to
	find "$p" \( -type f -o -type l \) | while read -r f; do
		mkdir -p "$root$(dirname "$f")"
		copy_prog "$f" "$f" 2>/dev/null || cp "$f" "$root$f"
	done
done
# the named modules after what they need: modules.dep lists every
# module one needs, the last to be loaded first
unpack_module() {
	b=$(basename "$1"); b=${b%.xz}; b=${b%.zst}; b=${b%.gz}
	grep -qx "$b" "$root/mods/order" 2>/dev/null && return 0
	unpack "$mods/$1" "$root/mods"
	echo "$b" >>"$root/mods/order"
}
for name in ${KERNEL_VM_MODULES:-}; do
	line=$(grep -E "/$name\.ko(\.[a-z]+)?:" "$mods/modules.dep") ||
		{ echo "no module $name in $mods" >&2; exit 1; }
	for m in $(echo "${line#*:}" | tr ' ' '\n' | sed '/^$/d' | tac) \
		"${line%%:*}"; do
		unpack_module "$m"
	done
done
# the extra modules, dependencies first, in the order asked
mkdir -p "$root/mods-extra"
: >"$root/mods-extra/order"
add_mod() {
	grep -qx "$1" "$root/mods-extra/order" && return 0
	modinfo -k "$rel" -n "$1" >/dev/null 2>&1 || { echo "no module $1" >&2; exit 1; }
	for d in $(modinfo -k "$rel" -F depends "$1" | tr , ' '); do add_mod "$d"; done
	unpack "$(modinfo -k "$rel" -n "$1")" "$root/mods-extra" "$1.ko"
	echo "$1" >>"$root/mods-extra/order"
}
for m in ${VM_MODULES:-}; do add_mod "$m"; done
[ "${VM_IPV6:-0}" = 1 ] && touch "$root/mods-extra/ipv6"
cp "$1" "$root/work/script.sh"
shift
for f in "$@"; do cp "$f" "$root/work/"; done
cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sys /sys
/bin/busybox mount -t devtmpfs dev /dev
/bin/busybox --install -s /bin
export PATH=/usr/bin:/sbin:/bin
# the modules asked for, in order
[ -f /mods/order ] && while read -r m; do insmod "/mods/$m"; done </mods/order
# dependencies first: a module whose symbols are missing loads next round
for round in 1 2 3; do
	for m in /mods/*.ko; do insmod "$m" 2>/dev/null; done
done
while read -r m; do insmod "/mods-extra/$m.ko"; done </mods-extra/order
sysctl -qw net.core.default_qdisc=pfifo_fast
if [ ! -e /mods-extra/ipv6 ]; then
	sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	sysctl -qw net.ipv6.conf.default.disable_ipv6=1
fi
echo ===VM-BEGIN===
cd /work && sh ./script.sh 2>&1
echo ===VM-END===
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$work/initrd.gz"
# TCG: a nested KVM may fail to emulate the decompressor; no_timer_check:
# on a loaded host the emulated timer may fail the IO-APIC check (panic)
timeout "${KERNEL_VM_TIMEOUT:-600}" qemu-system-x86_64 -accel tcg -cpu max -m 1024 -smp 2 \
	-nographic -no-reboot -kernel "$kernel" -initrd "$work/initrd.gz" \
	-append "console=ttyS0 quiet loglevel=0 panic=-1 no_timer_check" 2>/dev/null |
	tr -d '\r' | sed -n '/===VM-BEGIN===/,/===VM-END===/p' | sed '1d;$d'
