#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# unshare(CLONE_NEWNET) through the seccomp front end (docs/seccomp.md,
# "Nets"): a script run whole under `unetlink run --seccomp` must see
# what it sees in a kernel `unshare -n`: `unshare -n` gives a new, empty
# net to what it runs, the shell's own net is left alone, and a program
# that closes every descriptor before exec (Python's subprocess) stays
# in the net its parent moved to.  As uid 65534 the moves are refused as
# the kernel refuses them.
. "$(dirname "$0")/lib.sh"
need unshare util-linux
need ip iproute2
need python3 python3

cat >"$WORK/seq.sh" <<'EOS'
ip link add unlns0 type bridge 2>&1; echo "add $?"
unshare -n ip -o link show 2>&1 | cut -d' ' -f1,2; echo "unshare $?"
unshare -n sh -c 'ip link add inner0 type bridge; ip -o link show' 2>&1 |
	cut -d' ' -f1,2
python3 -c '
import ctypes, subprocess
libc = ctypes.CDLL(None, use_errno=True)
print("unshare", libc.unshare(0x40000000), ctypes.get_errno())
out = subprocess.run(["ip", "-o", "link", "show"], capture_output=True,
                     text=True).stdout
print([l.split()[1] for l in out.splitlines()])
'
ip -o link show | cut -d' ' -f1,2
EOS
chmod 644 "$WORK/seq.sh"

case $MODE in
root)
	unshare -n true 2>/dev/null || skip "unshare -n is not permitted"
	unshare -n sh "$WORK/seq.sh" >"$WORK/kernel" 2>&1
	;;
unpriv)
	# shellcheck disable=SC2086
	$AS sh "$WORK/seq.sh" >"$WORK/kernel" 2>&1
	;;
esac
grep -q '^add 0' "$WORK/kernel" || [ "$MODE" = unpriv ] ||
	skip "the kernel made no bridge: $(head -3 "$WORK/kernel")"

UNL_FRONT=--seccomp unl "$WORK/model" sh "$WORK/seq.sh"
no_transport_error "$WORK/model"
cat "$WORK/model.err" >>"$WORK/model"
if [ "$MODE" = unpriv ]; then
	# the refusals only: the kernel lists the host's links, run the
	# daemon's
	for f in kernel model; do
		grep -v -e '^[0-9]*: ' -e '^\[' "$WORK/$f" >"$WORK/$f.x"
		mv "$WORK/$f.x" "$WORK/$f"
	done
	grep -q 'Operation not permitted' "$WORK/model" ||
		fail "an unprivileged unshare(CLONE_NEWNET) was not refused"
fi
diff -u "$WORK/kernel" "$WORK/model" ||
	fail "the nets under seccomp differ from the kernel's"
echo "pass"
