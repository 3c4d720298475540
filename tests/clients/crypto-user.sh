#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# NETLINK_CRYPTO under unetlink (crypto_user.py, raw sockets as
# getcrypto-style tools use): the dump lists the profile's algorithms
# (those Linux has a crypto implementation of), a GETALG by name and by
# driver name answers each as the dump does, and the privileged calls
# answer as crypto/crypto_user.c does (EPERM unprivileged).  Where the
# host kernel has crypto_user, the algorithms both list must report the
# same type and sizes (drivers differ by machine).
. "$(dirname "$0")/lib.sh"
need python3 python3
private_copy "$(dirname "$0")/crypto_user.py" "$WORK/crypto_user.py" 644
PY="python3 $WORK/crypto_user.py"
# has NAME FILE: a record line of FILE is NAME's
has() {
	awk -v n="$1" '$1 == n { found = 1 } END { exit !found }' "$2"
}

NAMES=$("$CLI" profile show --profile "$UNETLINK_PROFILE" |
	awk '$1 == "algo" { for (i = 2; i <= NF; i++) print $i }')
[ -n "$NAMES" ] || fail "the profile lists no algorithm"

# shellcheck disable=SC2086
unl "$WORK/dump" $PY dump $NAMES
no_transport_error "$WORK/dump"
[ "$RC" = 0 ] || fail "the dump failed ($RC)"
# lzs and lzjh are in xfrm_algo.c for PF_KEY only: no crypto module
# implements them, so no kernel lists them.
for n in $NAMES; do
	case $n in lzs | lzjh) continue ;; esac
	has "$n" "$WORK/dump" ||
		fail "the dump does not list the profile's $n"
done
for n in lzs lzjh; do
	has "$n" "$WORK/dump" && fail "the dump lists $n, which Linux cannot make"
done

# shellcheck disable=SC2086
unl "$WORK/get" $PY get $(cut -d' ' -f1 "$WORK/dump")
no_transport_error "$WORK/get"
[ "$RC" = 0 ] || fail "a driver name finds another record"
diff -u "$WORK/dump" "$WORK/get" | sed 's/^/# /'
cmp -s "$WORK/dump" "$WORK/get" || fail "GETALG answers otherwise than the dump"

# The calls, as crypto_user.c answers them.
CBC='[cbc(aes) blkcipher:lskcipher geniv=<none> blocksize=16 min_keysize=16 max_keysize=32 ivsize=16 priority=100 type=0x4 instance]'
if [ "$UNL_EXPECT_ADMIN" = 1 ]; then
	ADMIN_NEW=EEXIST ADMIN_PRIO=EINVAL ADMIN_UNKNOWN=ENOENT
	ADMIN_BYNAME=ENOENT ADMIN_BASE=EINVAL ADMIN_OK=0
	UPDATED='[cbc(aes) blkcipher:lskcipher geniv=<none> blocksize=16 min_keysize=16 max_keysize=32 ivsize=16 priority=4242 type=0x4 instance]'
	DELETED=ENOENT
else
	ADMIN_NEW=EPERM ADMIN_PRIO=EPERM ADMIN_UNKNOWN=EPERM
	ADMIN_BYNAME=EPERM ADMIN_BASE=EPERM ADMIN_OK=EPERM
	UPDATED=$CBC DELETED="0 $CBC"
fi
cat >"$WORK/calls-expected" <<END
getalg short: EINVAL
getalg unknown: ENOENT
getalg unterminated: EINVAL
getalg wrong type: ENOENT
getstat: EINVAL
unknown type: EINVAL
newalg existing: $ADMIN_NEW
newalg priority without driver: $ADMIN_PRIO
newalg unknown: $ADMIN_UNKNOWN
delalg by name only: $ADMIN_BYNAME
delalg base algorithm: $ADMIN_BASE
delalg hmac(sha256), no instance: $ADMIN_BASE
updatealg priority without driver: $ADMIN_PRIO
updatealg priority: $ADMIN_OK
getalg after update: 0 $UPDATED
delalg instance: $ADMIN_OK
getalg after delete: $DELETED
newalg again: $ADMIN_OK
getalg after newalg: 0 $CBC
delrng: $ADMIN_OK
END
unl "$WORK/calls" $PY calls
no_transport_error "$WORK/calls"
diff -u "$WORK/calls-expected" "$WORK/calls" | sed 's/^/# /'
cmp -s "$WORK/calls-expected" "$WORK/calls" || fail "the calls answer otherwise than Linux"

# The kernel, where it has crypto_user: the algorithms both list.
if [ "$MODE" = root ] && unshare -n true 2>/dev/null; then
	# shellcheck disable=SC2086
	unshare -n $PY dump $NAMES >"$WORK/kdump" 2>&1
	KRC=$?
	if [ "$KRC" = 2 ] && grep -qx nosocket "$WORK/kdump"; then
		echo "# skip kernel comparison: the host kernel has no NETLINK_CRYPTO (CONFIG_CRYPTO_USER)"
	else
		[ "$KRC" = 0 ] || fail "the kernel's dump failed: $(cat "$WORK/kdump")"
		# name and report: type and sizes, not the driver's priority
		cut -d' ' -f1-8 "$WORK/kdump" | sed 's/ priority=.*//' >"$WORK/k"
		cut -d' ' -f1-8 "$WORK/dump" | sed 's/ priority=.*//' >"$WORK/m"
		while read -r name rest; do
			has "$name" "$WORK/m" || continue
			line=$(awk -v n="$name" '$1 == n' "$WORK/m")
			[ "$line" = "$name $rest" ] ||
				fail "the kernel reports '$name $rest', the model '$line'"
			echo "# kernel and model agree: $name"
		done <"$WORK/k"
	fi
fi
# What crypto_user reports is what /proc/crypto shows: the model, under
# the host's profile (with CRYPTO_USER), against this kernel's
# /proc/crypto, for the algorithms both have (the report must be one of
# the kernel's implementations of that name).
if [ "$MODE" = root ] && [ -r /proc/crypto ]; then
	printf 'base host\nfeature CRYPTO_USER\n' >"$WORK/host-crypto.profile"
	HNAMES=$("$CLI" profile show --profile "$WORK/host-crypto.profile" |
		awk '$1 == "algo" { for (i = 2; i <= NF; i++) print $i }')
	# shellcheck disable=SC2086
	UNETLINK_PROFILE=$WORK/host-crypto.profile unl "$WORK/hdump" $PY dump $HNAMES
	[ "$RC" = 0 ] || fail "the dump under the host's profile failed ($RC)"
	# shellcheck disable=SC2086
	$PY proc $HNAMES >"$WORK/proc"
	compared=0
	while read -r name report; do
		has "$name" "$WORK/proc" || continue
		report=${report% priority=*}
		awk -v l="$name $report" '$0 == l { f = 1 } END { exit !f }' "$WORK/proc" ||
			fail "/proc/crypto has no '$name $report': $(awk -v n="$name" '$1 == n' "$WORK/proc")"
		compared=$((compared + 1))
	done <"$WORK/hdump"
	echo "# $compared algorithms report what /proc/crypto shows"
	[ "$compared" -gt 0 ] || echo "# skip /proc/crypto comparison: no algorithm in common"
fi
echo "pass: NETLINK_CRYPTO"
