#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# clone(CLONE_NEWNET) and clone3(CLONE_NEWNET) through the seccomp front
# end (docs/seccomp.md, "Nets"): a script run whole under `unetlink run
# --seccomp` must see what it sees in a kernel `unshare -n`: the child
# starts in a new, empty net, where what it makes stays, and the parent
# stays where it was, twice in a row.  As uid 65534 both are refused as
# the kernel refuses them.
. "$(dirname "$0")/lib.sh"
need ip iproute2
need unshare util-linux
[ -n "${CLONE_RUN:-}" ] && [ -x "$CLONE_RUN" ] &&
	[ -n "${CLONE3_RUN:-}" ] && [ -x "$CLONE3_RUN" ] ||
	skip "clone_run and clone3_run are not built"
private_copy "$CLONE_RUN" "$WORK/clone_run" 755
private_copy "$CLONE3_RUN" "$WORK/clone3_run" 755
"$WORK/clone3_run" true 2>/dev/null
[ $? != 77 ] || skip "the kernel has no clone3()"

cat >"$WORK/seq.sh" <<'EOS2'
links() { ip -o link show | cut -d' ' -f2 | tr '\n' ' '; echo; }
ip link add unlcl0 type bridge 2>&1; echo "add $?"
for run in "$1" "$2" "$1"; do
	"$run" sh -c 'ip link add inner0 type bridge; ip link show inner0 |
		cut -d" " -f2; ip -o link show | wc -l' 2>&1
	echo "$(basename "$run") $?"
	links
done
"$2" "$1" sh -c 'ip link add deep0 type bridge; ip -o link show |
	cut -d" " -f2' 2>&1
echo "nested $?"
links
# a user namespace with the net: allowed to every user, the child root
# in its own net (clone(), flags in a register)
CLONE_RUN_USER=1 "$1" sh -c 'ip link add user0 type bridge; ip -o link show |
	cut -d" " -f2' 2>&1
echo "user $?"
links
EOS2
chmod 644 "$WORK/seq.sh"

case $MODE in
root)
	unshare -n true 2>/dev/null || skip "unshare -n is not permitted"
	unshare -n sh "$WORK/seq.sh" "$WORK/clone_run" "$WORK/clone3_run" \
		>"$WORK/kernel" 2>&1
	grep -q '^add 0' "$WORK/kernel" ||
		skip "the kernel made no bridge: $(head -3 "$WORK/kernel")"
	;;
unpriv)
	# shellcheck disable=SC2086
	$AS sh "$WORK/seq.sh" "$WORK/clone_run" "$WORK/clone3_run" \
		>"$WORK/kernel" 2>&1
	;;
esac

UNL_FRONT=--seccomp unl "$WORK/model" sh "$WORK/seq.sh" "$WORK/clone_run" \
	"$WORK/clone3_run"
no_transport_error "$WORK/model"
cat "$WORK/model.err" >>"$WORK/model"
if [ "$MODE" = unpriv ]; then
	# the refusals only: the kernel lists the host's links, run the
	# daemon's
	for f in kernel model; do
		grep -v -e '^[0-9a-z@]*: $' -e '^lo: ' "$WORK/$f" >"$WORK/$f.x"
		mv "$WORK/$f.x" "$WORK/$f"
	done
	grep -q 'clone: Operation not permitted' "$WORK/model" &&
		grep -q 'clone3: Operation not permitted' "$WORK/model" ||
		fail "an unprivileged clone(CLONE_NEWNET) was not refused"
fi
diff -u "$WORK/kernel" "$WORK/model" ||
	fail "the nets under seccomp differ from the kernel's"
echo "pass"
