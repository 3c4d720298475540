# SPDX-License-Identifier: LGPL-2.1-or-later
# Sourced by nft-diff's and ct-diff's vm-compare.sh: what both do with a
# recording of another kernel and the transcript unetlink printed of
# the same sequences.  The caller sets KNOWN (an associative array: a
# sequence whose recording differs for another reason than the kernel,
# and why) before it calls these.

# vm_skip_all WHY: the whole comparison skipped, by name
vm_skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

# vm_block FILE NAME: the block of sequence NAME in transcript FILE
vm_block() {
	awk -v n="=== $2" '$0 == n { on = 1; next } /^=== / { on = 0 } on' "$1"
}

# vm_names KV EXPECTED ALL DEFAULT [NAME...]: the sequences to compare,
# one a line: the NAMEs given, else every one of the recording EXPECTED
# (ALL = 1, or a recording of another release KV than 6.12), else
# DEFAULT's (names apart by white space)
vm_names() {
	local kv=$1 expected=$2 all=$3 default=$4
	shift 4
	if [ $# -gt 0 ]; then
		printf '%s\n' "$@"
	elif [ "$all" = 1 ] || [ "$kv" != 6.12 ]; then
		sed -n 's/^=== //p' "$expected"
	else
		printf '%s\n' $default
	fi
}

# vm_to_run NAME...: those of NAME that are not KNOWN, one a line (what
# the transcript is made of)
vm_to_run() {
	local n
	for n; do
		[ -n "${KNOWN[$n]:-}" ] || printf '%s\n' "$n"
	done
}

# vm_verdicts BLOCK KV EXPECTED ACTUAL NAME...: one TAP line a NAME, the
# block of it that the command BLOCK (called as BLOCK FILE NAME) takes
# from the recording EXPECTED of Linux KV against the one from ACTUAL:
# skipped by name (KNOWN, what the recording's kernel lacked, what this
# host lacks), identical, or differing with the diff as TAP comments.
# A sequence the recording does not hold fails: record it.
vm_verdicts() {
	local block=$1 kv=$2 expected=$3 actual=$4 i=0 n why
	shift 4
	local k=$actual.k u=$actual.u
	for n; do
		i=$((i + 1))
		if [ -n "${KNOWN[$n]:-}" ]; then
			echo "ok $i $n # SKIP ${KNOWN[$n]}"
			continue
		fi
		if ! grep -qx "=== $n" "$expected"; then
			echo "not ok $i $n # not in the recording: record it"
			continue
		fi
		"$block" "$expected" "$n" >"$k"
		"$block" "$actual" "$n" >"$u"
		why=$(sed -n '1s/^skip: //p' "$k")
		if [ -n "$why" ]; then
			echo "ok $i $n # SKIP Linux $kv: $why"
		elif grep -q '^skip: no ' "$u"; then
			echo "ok $i $n # SKIP $(sed -n '1s/^skip: //p' "$u") here"
		elif cmp -s "$k" "$u"; then
			echo "ok $i $n"
		else
			echo "not ok $i $n"
			diff -u --label "linux-$kv" --label unetlink "$k" "$u" |
				sed 's/^/#   /'
		fi
	done
}
