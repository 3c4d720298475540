#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# One side of firewalld.sh, run inside `unshare -n -m` (the kernel) or
# under `unetlink run` (unetlink):
#   firewalld-side.sh DIR FIREWALLD CALLS DEFAULT_CONFIG CONF
# A bus of its own (dbus-daemon, a system bus at DIR/bus), firewalld on
# it with its system configuration in DIR/etc, and firewall-cmd's calls
# (CALLS, firewalld-calls.py); each printed with its answer, then what firewalld
# made of them (`nft list ruleset`), then the same once firewalld has
# stopped (it cleans up on exit), then what it logged as a warning or an
# error.  The calls are the ones an administrator makes: ports,
# services, masquerading, forwarding, rich rules, ICMP blocks, sources,
# an interface of a zone, an ipset (nf_tables sets under the nftables
# backend), permanent changes and a reload, panic mode, the denied-packet
# log, and one refused port.
set -u
dir=$1 fw=$2 calls=$3 def=$4 conf=$5
mkdir -p "$dir/etc" "$dir/bus"
cp "$conf" "$dir/etc/firewalld.conf"
cat >"$dir/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:dir=$dir/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
EOF
dbus-daemon --config-file="$dir/bus.conf" --nofork --print-address=3 \
	3>"$dir/address" 2>"$dir/bus.log" &
bus=$!
fwpid=
trap '[ -z "$fwpid" ] || kill "$fwpid" 2>/dev/null; kill "$bus" 2>/dev/null; wait' EXIT
for _ in $(seq 100); do
	[ -s "$dir/address" ] && break
	sleep 0.05
done
DBUS_SYSTEM_BUS_ADDRESS=$(head -n1 "$dir/address")
export DBUS_SYSTEM_BUS_ADDRESS
[ -n "$DBUS_SYSTEM_BUS_ADDRESS" ] || { echo "no bus: $(cat "$dir/bus.log")"; exit 1; }

"$fw" --nofork --nopid --system-config "$dir/etc" --default-config "$def" \
	--log-target console >"$dir/firewalld.log" 2>&1 &
fwpid=$!
ip link add fw0 type veth peer name fw1
/usr/bin/python3 "$calls" 2>&1
echo "## nft list ruleset"
nft list ruleset 2>&1
kill "$fwpid"
wait "$fwpid"
echo "## firewalld stopped: status $?"
fwpid=
echo "## nft list ruleset"
nft list ruleset 2>&1
echo "## firewalld's warnings and errors"
sed -n 's/^[0-9-]* [0-9:]* \(WARNING\|ERROR\)/\1/p' "$dir/firewalld.log"
