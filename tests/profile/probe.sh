#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The host profile against the kernel it describes: for each link kind
# and feature the model consults, `unetlink profile show --profile host`
# must say what a fresh namespace of the running kernel shows, and the
# sysctls a fresh namespace starts with must be the profile's.  Run as
# root (for unshare -n), and again with the probe itself unprivileged
# (argument "unprivileged"), which must reach the same answers.
#
#   probe.sh [unprivileged]      environment: UNETLINK_CLI
set -u
cli=${UNETLINK_CLI:-}
[ -n "$cli" ] && [ -x "$cli" ] || { echo "1..0 # SKIP UNETLINK_CLI is not set"; exit 0; }
command -v ip >/dev/null || { echo "1..0 # SKIP no iproute2"; exit 0; }
unshare -n true 2>/dev/null || { echo "1..0 # SKIP unshare -n is not permitted"; exit 0; }
command -v python3 >/dev/null || { echo "1..0 # SKIP no python3"; exit 0; }

show=("$cli" profile show --profile host -j)
if [ "${1:-}" = unprivileged ]; then
	command -v setpriv >/dev/null || { echo "1..0 # SKIP no setpriv"; exit 0; }
	show=(setpriv --reuid 65534 --regid 65534 --clear-groups "${show[@]}")
fi
json=$("${show[@]}") || { echo "1..1"; echo "not ok 1 profile show failed"; exit 1; }

# Does the profile name NAME in CLASS?  (exit status)
has() {
	python3 -c 'import json,sys; p=json.load(sys.stdin); sys.exit(0 if sys.argv[2] in p[sys.argv[1]] else 1)' \
		"$1" "$2" <<<"$json"
}

# What the kernel itself answers, in a namespace of its own.
kernel_kind() { # kind
	case $1 in
	vlan) unshare -n sh -c 'ip link add l0 type veth peer name l1 &&
		ip link add link l0 name l0.5 type vlan id 5' 2>/dev/null ;;
	*) unshare -n ip link add x0 type "$1" 2>/dev/null ;;
	esac
}
kernel_feature() { # feature
	case $1 in
	IP_MROUTE) unshare -n test -e /proc/self/net/ip_mr_vif ;;
	IPV6_MROUTE) unshare -n test -e /proc/self/net/ip6_mr_vif ;;
	IP_MROUTE_MULTIPLE_TABLES) unshare -n ip mrule show >/dev/null 2>&1 ;;
	IPV6_MROUTE_MULTIPLE_TABLES) unshare -n ip -6 mrule show >/dev/null 2>&1 ;;
	IP_MULTIPLE_TABLES) unshare -n ip rule show >/dev/null 2>&1 ;;
	IPV6_MULTIPLE_TABLES) unshare -n ip -6 rule show >/dev/null 2>&1 ;;
	XFRM_USER) unshare -n ip xfrm policy list >/dev/null 2>&1 ;;
	XFRM_SUB_POLICY) unshare -n ip xfrm policy add src 10.0.0.0/8 \
		dst 10.0.0.0/8 dir out ptype sub >/dev/null 2>&1 ;;
	esac
}
# An xfrm type: a state of it is made (its algorithms are built in
# wherever the type is).
kernel_xfrm() { # type
	case $1 in
	esp4) set -- "proto esp enc aes 0x$(printf '%032d' 0)" ;;
	ah4) set -- "proto ah auth sha1 0x$(printf '%040d' 0)" ;;
	ipcomp4) set -- "proto comp comp deflate ''" ;;
	esac
	unshare -n sh -c "ip xfrm state add src 192.0.2.1 dst 192.0.2.2 \
		spi 0x100 $1" >/dev/null 2>&1
}

kinds="bridge dummy veth vlan"
features="IP_MROUTE IPV6_MROUTE IP_MROUTE_MULTIPLE_TABLES
	  IPV6_MROUTE_MULTIPLE_TABLES IP_MULTIPLE_TABLES IPV6_MULTIPLE_TABLES"
features="$features XFRM_USER XFRM_SUB_POLICY"
xfrm_types="esp4 ah4 ipcomp4"
# The probe reads a new namespace's sysctls where it can make one (root,
# or unprivileged with user namespaces), else the namespace it runs in
# (docs/profiles.md); it says which, and must be right.
read_sysctls='cd /proc/sys/net && for f in ipv4/conf/default/* ipv6/conf/default/* ipv4/conf/all/forwarding ipv6/conf/all/forwarding core/rmem_default core/wmem_max; do v=$(cat "$f" 2>/dev/null) && echo "$f $v"; done'
text_show=("${show[@]}")
unset 'text_show[${#text_show[@]}-1]'
if "${text_show[@]}" | grep -q '^# sysctls: those of a new namespace'; then
	sysctls=$(unshare -n sh -c "$read_sysctls")
	where="a new namespace"
else
	sysctls=$(sh -c "$read_sysctls")
	where="this namespace"
fi

n=0 failed=0
result() { # ok? description
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		failed=$((failed + 1))
	fi
}
out=$(
for k in $kinds; do
	kernel_kind "$k"; kr=$?
	has link "$k"; pr=$?
	[ $((kr == 0)) = $((pr == 0)) ]
	result $? "link kind $k: kernel $([ $kr = 0 ] && echo has || echo lacks) it, profile agrees"
done
for f in $features; do
	kernel_feature "$f"; kr=$?
	has feature "$f"; pr=$?
	[ $((kr == 0)) = $((pr == 0)) ]
	result $? "feature $f: kernel $([ $kr = 0 ] && echo has || echo lacks) it, profile agrees"
done
for t in $xfrm_types; do
	kernel_xfrm "$t"; kr=$?
	has xfrm "$t"; pr=$?
	[ $((kr == 0)) = $((pr == 0)) ]
	result $? "xfrm type $t: kernel $([ $kr = 0 ] && echo has || echo lacks) it, profile agrees"
done
# every sysctl in one go: python prints "0|1 description" lines
while read -r rc desc; do
	result "$rc" "$desc"
done < <(SYSCTLS="$sysctls" WHERE="$where" python3 -c '
import json, os, sys
p = json.load(sys.stdin)["sysctl"]
for line in os.environ["SYSCTLS"].splitlines():
    f, _, v = line.partition(" ")
    key = "net." + f.replace("/", ".")
    got = p.get(key, "(unset)")
    print(0 if got == v else 1,
          "sysctl %s = %s in %s, profile says %s" % (key, v, os.environ["WHERE"], got))
' <<<"$json")
# The tunnel modules loaded now make fallback devices in every new
# namespace: the profile lists them, and the initial namespace's
# fb_tunnels_only_for_init_net, which decides whether they do.
for m in ip_gre ipip ip_vti vrf; do
	[ -d "/sys/module/$m" ]; kr=$?
	has module "$m"; pr=$?
	[ $((kr == 0)) = $((pr == 0)) ]
	result $? "module $m: kernel $([ $kr = 0 ] && echo has || echo lacks) it loaded, profile agrees"
done
if fb=$(cat /proc/sys/net/core/fb_tunnels_only_for_init_net 2>/dev/null); then
	got=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["sysctl"].get("net.core.fb_tunnels_only_for_init_net"))' <<<"$json")
	[ "$got" = "$fb" ]
	result $? "sysctl net.core.fb_tunnels_only_for_init_net = $fb here, profile says $got"
fi
# A namespace whose IPv6 defaults were changed: a new one has the
# kernel's again (IPv6 does not inherit), and the probe must say so.
if [ "$where" = "a new namespace" ] && [ "${1:-}" = unprivileged ]; then
	got=$(unshare -n sh -c 'echo 0 >/proc/sys/net/ipv6/conf/default/accept_ra &&
		"$@"' sh "${show[@]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["sysctl"].get("net.ipv6.conf.default.accept_ra"))')
	[ "$got" = 1 ]
	result $? "probed from a namespace with accept_ra 0, the profile has a new namespace's 1 (got $got)"
fi
echo "# $failed failed"
)
echo "1..$(grep -c '^\(not \)\?ok ' <<<"$out")"
echo "$out"
! grep -q '^not ok ' <<<"$out"
