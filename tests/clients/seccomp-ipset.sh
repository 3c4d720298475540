#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# iptables' set match through the seccomp front end: libxt_set names the
# set with getsockopt(SOL_IP, SO_IP_SET) on a raw AF_INET socket, which
# the filter traps on any descriptor and the supervisor forwards
# (UNL_OP_NF_SOCKOPT); the rule then holds the set (References).  The
# same transcript as the kernel's in a fresh `unshare -n` (tests/ct-diff
# compares the shim's).  The tools are dynamic: --seccomp forces the
# front end.
. "$(dirname "$0")/lib.sh"
need ipset ipset
need iptables-nft iptables
export CLIENT_PROFILE=host UNETLINK_PROFILE=host
cat >"$WORK/seq.sh" <<'SEQ'
ipset create foo hash:ip
ipset create bar hash:ip
iptables-nft -A INPUT -m set --match-set foo src -j ACCEPT
iptables-nft -A INPUT -m set --match-set nosuch src -j ACCEPT
iptables-nft -A FORWARD -j SET --add-set bar dst
iptables-nft-save | grep -- '-A'
ipset list -t | grep -E '^(Name|References)'
ipset destroy foo
iptables-nft -F
ipset list -t | grep -E '^(Name|References)'
SEQ
unshare -n sh "$WORK/seq.sh" >"$WORK/k.out" 2>&1
grep -q 'match-set foo' "$WORK/k.out" ||
	skip "the kernel has no xt_set: $(head -3 "$WORK/k.out")"
timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --socket "$SOCK" --seccomp -- \
	sh "$WORK/seq.sh" >"$WORK/u.out" 2>&1
diff -u "$WORK/k.out" "$WORK/u.out" ||
	fail "the set match under seccomp differs from the kernel"
cat "$WORK/u.out"
echo "pass"
