#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# strongSwan's charon as a real NETLINK_XFRM client: a swanctl
# connection whose child has `start_action = trap` makes charon install
# its trap policies (out, in and fwd, with an ESP tunnel template)
# through XFRM, and its routing rule through rtnetlink, which needs no
# ESP in the kernel.  charon runs in a fresh network and mount namespace
# (a tmpfs on /run for its pid file and vici socket), once on the kernel
# and once under `unetlink run`; `ip xfrm policy`, `ip xfrm state`,
# `ip rule` and table 220 must read the same.  The socket policies
# charon sets on its own IKE sockets (setsockopt IP_XFRM_POLICY) are the
# kernel's, on kernel sockets, and are left out of the comparison
# (docs/conformance.md).  Needs root.
set -u
CLI=${UNETLINK_CLI:-}
skip() {
	echo "skip: $*"
	exit 77
}
fail() {
	echo "FAIL: $*"
	exit 1
}
charon=/usr/lib/ipsec/charon
[ -x "$charon" ] || skip "charon is not installed (package strongswan-charon)"
command -v swanctl >/dev/null 2>&1 ||
	skip "swanctl is not installed (package strongswan-swanctl)"
[ -n "$CLI" ] && [ -x "$CLI" ] || skip "the unetlink tool is not built"
[ "$(id -u)" = 0 ] || skip "needs root (unshare -n -m)"
unshare -n -m --propagation private mount -t tmpfs none /run 2>/dev/null ||
	skip "unshare -n -m and a tmpfs on /run are not permitted"
unset UNETLINK_SOCKET
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
chmod 755 "$WORK"

cat >"$WORK/strongswan.conf" <<'CONF'
charon {
	load_modular = no
	load = random nonce openssl pem pkcs1 pubkey x509 kernel-netlink socket-default vici
	install_routes = yes
	plugins {
		vici {
			socket = unix:///run/charon-test.vici
		}
	}
}
CONF
cat >"$WORK/swanctl.conf" <<'CONF'
connections {
	trap {
		local_addrs = 192.0.2.1
		remote_addrs = 192.0.2.2
		local {
			auth = psk
		}
		remote {
			auth = psk
		}
		children {
			net {
				local_ts = 10.1.0.0/16
				remote_ts = 10.2.0.0/16
				start_action = trap
				esp_proposals = aes128-sha256
			}
			net6 {
				local_ts = 2001:db8:1::/48
				remote_ts = 2001:db8:2::/48
				start_action = trap
				esp_proposals = aes128-sha256
			}
		}
	}
}
secrets {
	ike-peer {
		id = 192.0.2.2
		secret = test
	}
}
CONF
# One side: charon up, the connection loaded, its policies awaited
# (5 s at most), the views printed, charon stopped.
cat >"$WORK/side.sh" <<'SIDE'
d=$1
ip link set lo up
ip addr add 192.0.2.1/24 dev lo
STRONGSWAN_CONF=$d/strongswan.conf $2 >"$d/charon.log.$3" 2>&1 &
cpid=$!
for _ in $(seq 100); do [ -S /run/charon-test.vici ] && break; sleep 0.05; done
swanctl --load-all --file "$d/swanctl.conf" \
	--uri unix:///run/charon-test.vici >"$d/swanctl.$3" 2>&1 ||
	echo "swanctl failed: $(tail -3 "$d/swanctl.$3")"
for _ in $(seq 100); do
	[ "$(ip xfrm policy | grep -c 'dir \(in\|out\|fwd\) ')" -ge 6 ] &&
		break
	sleep 0.05
done
echo "### ip xfrm policy"
ip xfrm policy
echo "### ip xfrm state"
ip xfrm state
echo "### ip rule"
ip rule
echo "### ip route show table 220"
ip route show table 220 2>&1
echo "### ip -6 route show table 220"
ip -6 route show table 220 2>&1
kill "$cpid"
wait "$cpid"
SIDE
# The policies of sockets (dir "socket in/out") are dropped with their
# selector line.
views() {
	awk '/^src / { held = $0; next }
	     held != "" { if ($1 != "socket") print held; held = ""
			  if ($1 == "socket") next }
	     { print }' "$1"
}
timeout -k 5 60 unshare -n -m --propagation private sh -c \
	'mount -t tmpfs none /run && exec sh "$0/side.sh" "$0" "$1" kernel' \
	"$WORK" "$charon" >"$WORK/k.raw" 2>&1
timeout -k 5 60 unshare -n -m --propagation private sh -c \
	'mount -t tmpfs none /run && exec "$2" run -- sh "$0/side.sh" "$0" "$1" unetlink' \
	"$WORK" "$charon" "$CLI" >"$WORK/u.raw" 2>&1
views "$WORK/k.raw" >"$WORK/k"
views "$WORK/u.raw" >"$WORK/u"
sed 's/^/#   /' "$WORK/k"
# not a comparison of two empty lists: the kernel has the trap policies
for d in out in fwd; do
	[ "$(grep -c "dir $d priority" "$WORK/k")" = 2 ] ||
		fail "the kernel shows no two trap policies dir $d (charon: $(tail -3 "$WORK/charon.log.kernel"))"
done
# and the unetlink side listed unetlink's SPD, not the kernel's (which
# has charon's socket policies)
! grep -q "socket \(in\|out\)" "$WORK/u.raw" ||
	fail "the unetlink side listed the kernel's policies"
if ! diff -u --label kernel --label unetlink "$WORK/k" "$WORK/u"; then
	tail -5 "$WORK/charon.log.unetlink"
	fail "charon's policies differ"
fi
echo "ok: charon's trap policies are the kernel's"
