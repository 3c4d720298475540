#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Rate estimators where this host's kernel may lack the kinds that take
# them: drr, qfq and hfsc classes (qfq ignores one given with an
# unchanged weight), and filters' estimators, which each action the
# filter makes takes (gact, matchall's, police, whose average rate needs
# one; an action only bound keeps what it had), under the full profile
# as Linux 6.12 has it, against tc-est.expected: what Debian's 6.12
# kernel printed (TC_RECORD=tc-est scripts/tc-kinds-record.sh).
# Needs tc; no root, no kernel.  With a RELEASE argument (6.1), under
# the profile of that release against tc-est.RELEASE.expected.
set -u
cli=${UNETLINK_CLI:?}
here=$(cd "$(dirname "$0")" && pwd)
command -v tc >/dev/null || { echo "skip: no tc (iproute2)"; exit 77; }
out=$(mktemp)
prof=$(mktemp)
trap 'rm -f "$out" "$prof"' EXIT
kv=${1:-6.12}
expected=$here/tc-est.expected
[ "$kv" = 6.12 ] || expected=$here/tc-est.$kv.expected
printf 'base full\nname full-%s\nkernel %s\n' "$kv" "$kv" >"$prof"
TC_RAW=$here/../rtnl-diff/tc-raw.py
export TC_RAW
# each command, its output and status, as rtnl-diff's transcripts
"$cli" run --profile "$prof" -- sh -c '
while IFS= read -r cmd; do
	echo "\$ $cmd"
	sh -c "$cmd" 2>&1
	echo "-> $?"
done' >"$out" 2>&1 <<'CMDS'
ip link add v0 numtxqueues 4 type veth peer name v1
ip link set v0 up
tc qdisc add dev v0 root handle 8: estimator 1s 8s drr
tc class add dev v0 parent 8: classid 8:1 estimator 250ms 1s drr quantum 1500
tc class add dev v0 parent 8: classid 8:2 drr
tc class change dev v0 classid 8:2 estimator 2s 16s drr quantum 2000
tc -s class show dev v0
python3 -S $TC_RAW class 3
tc qdisc replace dev v0 root handle 9: qfq
tc class add dev v0 parent 9: classid 9:1 estimator 1s 8s qfq weight 10
tc class add dev v0 parent 9: classid 9:2 qfq weight 10
tc class change dev v0 classid 9:2 estimator 1s 8s qfq weight 10
tc class add dev v0 parent 9: classid 9:3 qfq weight 10
tc class change dev v0 classid 9:3 estimator 1s 8s qfq weight 11
tc -s class show dev v0
tc qdisc replace dev v0 root handle a: hfsc default 10
tc class add dev v0 parent a: classid a:1 estimator 1s 8s hfsc sc rate 10mbit ul rate 20mbit
tc class add dev v0 parent a:1 classid a:10 hfsc ls rate 1mbit
tc class change dev v0 parent a:1 classid a:10 estimator 500ms 4s hfsc ls rate 2mbit
tc class change dev v0 classid a:0 estimator 1s 8s hfsc ls rate 5mbit
tc -s class show dev v0
tc qdisc add dev v1 clsact
tc filter add dev v1 ingress protocol ip pref 1 estimator 1s 8s u32 match ip dst 1.2.3.4 action gact pass action police avrate 500kbit conform-exceed drop
tc filter add dev v1 ingress protocol ip pref 2 u32 match ip dst 1.2.3.5 action police avrate 500kbit conform-exceed drop
tc filter add dev v1 ingress protocol ip pref 3 u32 match ip dst 1.2.3.6 action gact drop index 7
tc filter add dev v1 ingress protocol ip pref 4 estimator 1s 8s u32 match ip dst 1.2.3.7 action gact index 7
tc filter add dev v1 ingress protocol ip pref 5 estimator 1s 8s matchall action gact continue
tc -s filter show dev v1 ingress | sed 's/ installed [0-9]* sec used [0-9]* sec//'
tc -s actions ls action gact | sed 's/ installed [0-9]* sec used [0-9]* sec//'
tc -s actions ls action police | sed 's/ installed [0-9]* sec used [0-9]* sec//'
tc actions add action police avrate 500kbit conform-exceed drop index 20
tc actions add action gact pass index 21
tc -s actions get action gact index 21 | sed 's/ installed [0-9]* sec used [0-9]* sec//'
tc filter replace dev v1 ingress protocol ip pref 1 handle 800::800 u32 match ip dst 1.2.3.4 action police avrate 200kbit conform-exceed drop
tc filter add dev v1 ingress protocol ip pref 6 estimator 1s 8s u32 match ip dst 1.2.3.8 action police avrate 300kbit conform-exceed drop index 30
tc filter add dev v1 ingress protocol ip pref 7 u32 match ip dst 1.2.3.9 action police avrate 300kbit conform-exceed drop index 30
tc -s actions ls action police | sed 's/ installed [0-9]* sec used [0-9]* sec//'
CMDS
if diff -u "$expected" "$out"; then
	echo "ok: tc-est"
	exit 0
fi
exit 1
