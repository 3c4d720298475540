#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# auditctl (Debian auditd) under unetlink against the kernel: `-s` prints
# the status a kernel without auditd prints (compared whole when the
# host's audit is at its boot defaults: no auditd, off), and the same
# rule calls (`-a` of a syscall rule, `-w` of a watch, the same `-a`
# again, `-d` twice, `-l` between) print the same.  The kernel's rules
# are the machine's: the kernel side adds only rules with this test's
# key and deletes them, whatever happens.  $AUDITCTL names another
# auditctl (an unpacked copy).
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
# auditctl installed, or unpacked by scripts/install-deps.sh (auditd's
# package would start the machine's audit daemon)
unpacked=/usr/local/lib/unetlink-tests/auditd/sbin/auditctl
[ -x "$unpacked" ] || unpacked=
AUDITCTL=${AUDITCTL:-$(command -v auditctl || echo "$unpacked")}
[ -n "$AUDITCTL" ] || skip "auditctl is not installed (package auditd)"
unshare -n true 2>/dev/null || skip "unshare -n is not permitted here"
"$AUDITCTL" -s >/dev/null 2>&1 || skip "the kernel's audit does not answer here"
KEY=unetlink-test-$$
WATCH=$WORK/watched
: >"$WATCH"

kernel_cleanup() {
	"$AUDITCTL" -d never,exit -F arch=b64 -S 999 -k "$KEY" >/dev/null 2>&1
	"$AUDITCTL" -W "$WATCH" -p wa -k "$KEY" >/dev/null 2>&1
}
trap 'rc=$?; kernel_cleanup; (exit $rc); cleanup' EXIT

# the calls, as root; $1 runs them (nothing: the kernel)
calls() {
	for c in "-a never,exit -F arch=b64 -S 999 -k $KEY" \
		"-w $WATCH -p wa -k $KEY" \
		"-l" \
		"-a never,exit -F arch=b64 -S 999 -k $KEY" \
		"-d never,exit -F arch=b64 -S 999 -k $KEY" \
		"-d never,exit -F arch=b64 -S 999 -k $KEY" \
		"-l" \
		"-W $WATCH -p wa -k $KEY" \
		"-l"; do
		echo "## auditctl $c"
		# shellcheck disable=SC2086
		$1 "$AUDITCTL" $c 2>&1
		echo "## status $?"
	done
}
# only this test's rules, and no "No rules" (the machine may have some)
rules_of_test() {
	grep -E "^## |$KEY" "$1" | sed "s#$WORK#WORK#g"
}
unshare -n "$AUDITCTL" -s >"$WORK/kernel-s" 2>&1
"$CLI" run -- "$AUDITCTL" -s >"$WORK/model-s" 2>&1
no_transport_error "$WORK/model-s"
sed 's/^/# kernel -s: /' "$WORK/kernel-s"
if grep -qx 'pid 0' "$WORK/kernel-s" && grep -qx 'enabled 0' "$WORK/kernel-s"; then
	diff -u "$WORK/kernel-s" "$WORK/model-s" | sed 's/^/# /'
	cmp -s "$WORK/kernel-s" "$WORK/model-s" || fail "auditctl -s prints otherwise"
else
	echo "# the host runs auditd or enabled audit: -s compared by its keys"
	cut -d' ' -f1 "$WORK/kernel-s" >"$WORK/kernel-keys"
	cut -d' ' -f1 "$WORK/model-s" >"$WORK/model-keys"
	cmp -s "$WORK/kernel-keys" "$WORK/model-keys" || fail "auditctl -s lists other fields"
fi
calls "" >"$WORK/kernel" 2>&1
kernel_cleanup
# one daemon for all the calls, as one kernel
"$CLI" daemon --socket "$SOCK" >"$WORK/daemon.log" 2>&1 &
DAEMON_PID=$!
for _ in $(seq 100); do
	status >/dev/null 2>&1 && break
	sleep 0.05
done
calls "$CLI run --socket $SOCK --" >"$WORK/model" 2>&1
no_transport_error "$WORK/model"
rules_of_test "$WORK/kernel" >"$WORK/kernel.n"
rules_of_test "$WORK/model" >"$WORK/model.n"
sed 's/^/# kernel: /' "$WORK/kernel.n"
grep -q "$KEY" "$WORK/kernel.n" || fail "the kernel side listed none of the test's rules"
diff -u "$WORK/kernel.n" "$WORK/model.n" | sed 's/^/# /'
cmp -s "$WORK/kernel.n" "$WORK/model.n" || fail "auditctl's rule calls go otherwise"
echo "pass"
