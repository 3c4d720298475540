#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The qdisc kinds of issue 17 this host's kernel may lack (skbprio,
# multiq, red, choke, pie, fq_pie, drr, qfq, hfsc, fq, mqprio, cake;
# ets, cbs, etf, hhf, sfb, gred, taprio, teql), under the `full` profile
# as Linux 6.12 has it: their options, defaults, errors, classes,
# `tc -s -d`, `tc -j` and the raw dumps (tc-raw.py) against
# tc-kinds.expected, which is what Linux 6.12 (Debian's 6.12.118, in a
# virtual machine with net.core.default_qdisc pfifo_fast, in a fresh
# net namespace) printed for the same commands: scripts/tc-kinds-record.sh
# records it again.  dualpi2 came with Linux 6.17, so 6.12 does not
# know it; its part (tc-dualpi2.py, which tc of this distribution
# cannot ask for) runs under the full profile of 6.18 against
# tc-dualpi2.expected, checked against Linux's source only.  On a host
# whose kernel has the modules, sequences-tc compares them live as
# well.  Needs tc and python3; no root, no kernel.
set -u
cli=${UNETLINK_CLI:?}
here=$(cd "$(dirname "$0")" && pwd)
command -v tc >/dev/null || { echo "skip: no tc (iproute2)"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
out=$(mktemp)
bin=$(mktemp -d)
trap 'rm -rf "$out" "$out.dualpi2" "$bin"' EXIT
TC_RAW=$here/../rtnl-diff/tc-raw.py
TC_TAPRIO=$here/tc-taprio-raw.py
export TC_RAW TC_TAPRIO
# python3 itself, not a wrapper that looks for it (pyenv's shims take
# a third of a second, ten times over)
ln -s "$(python3 -c 'import sys; print(sys.executable)')" "$bin/python3"
PATH=$bin:$PATH
# the full profile as the recording's kernel, 6.12, has it (fq has no
# offload horizon before 6.13); with a RELEASE argument (6.1), as that
# release has it, against tc-kinds.RELEASE.expected (TC_RECORD_OUT=...
# scripts/tc-kinds-record.sh -k ...), without dualpi2's part
kv=${1:-6.12}
expected=$here/tc-kinds.expected
[ "$kv" = 6.12 ] || expected=$here/tc-kinds.$kv.expected
printf 'base full\nname full-%s\nkernel %s\n' "$kv" "$kv" >"$bin/linux.profile"
# each command, its output and status, as rtnl-diff's transcripts
"$cli" run --profile "$bin/linux.profile" -- sh -c '
while IFS= read -r cmd; do
	echo "\$ $cmd"
	sh -c "$cmd" 2>&1
	echo "-> $?"
done' >"$out" 2>&1 <<'CMDS'
ip link add v0 numtxqueues 4 type veth peer name v1 numtxqueues 2
ip link set v0 up
ip link set v1 up
tc qdisc add dev v0 root handle 1: skbprio
tc qdisc change dev v0 root handle 1: skbprio limit 100
tc -s -d qdisc show dev v0
tc -s class show dev v0 parent 1: | head -n 6
tc class show dev v0 | wc -l
tc qdisc add dev v0 parent 1:1 pfifo
python3 -S "$TC_RAW"
tc qdisc replace dev v0 root handle 2: multiq
tc -s qdisc show dev v0 invisible
tc -s class show dev v0
tc qdisc del dev v0 parent 2:2
tc qdisc add dev v0 parent 2:2 handle 22: bfifo limit 5000
tc class show dev v0
tc qdisc del dev v0 parent 2:2 handle 22:
tc class show dev v0
tc qdisc show dev v0 invisible
tc qdisc add dev lo root multiq
tc qdisc replace dev v0 root handle 3: red limit 400000 min 30000 max 90000 avpkt 1000 burst 55 ecn adaptive bandwidth 10Mbit
tc -s -d qdisc show dev v0 invisible
tc -s class show dev v0
python3 -S "$TC_RAW"
tc qdisc change dev v0 root handle 3: red limit 1000 min 300 max 900 avpkt 100 burst 5 probability 0.5 harddrop
tc -d qdisc show dev v0 invisible
tc qdisc change dev v0 root handle 3: red limit 1000 min 900 max 300 avpkt 100 burst 5
tc qdisc add dev v0 parent 3:1 handle 30: pfifo limit 3
tc class show dev v0
tc qdisc replace dev v0 root handle 4: choke limit 1000 bandwidth 10mbit avpkt 1000 ecn
tc -s -d qdisc show dev v0
tc qdisc change dev v0 root handle 4: choke limit 200000 bandwidth 10mbit avpkt 1000
tc qdisc change dev v0 root handle 4: choke limit 100 min 10 max 30 avpkt 500 burst 20 bandwidth 1mbit probability 0.1
tc -d qdisc show dev v0
tc class show dev v0
python3 -S "$TC_RAW"
tc qdisc replace dev v0 root handle 5: pie
tc -s -d qdisc show dev v0
tc qdisc change dev v0 root handle 5: pie limit 500 target 20ms tupdate 30ms alpha 3 beta 30 ecn bytemode dq_rate_estimator
tc -s -d qdisc show dev v0
tc qdisc change dev v0 root handle 5: pie noecn target 1s
tc -d qdisc show dev v0
python3 -S "$TC_RAW"
tc qdisc replace dev v0 root handle 6: fq_pie
tc -s -d qdisc show dev v0
tc qdisc change dev v0 root handle 6: fq_pie flows 10
tc qdisc change dev v0 root handle 6: fq_pie limit 20 quantum 100 ecn_prob 5 memory_limit 1Mb target 10ms tupdate 10ms alpha 1 beta 2 ecn bytemode dq_rate_estimator
tc -d qdisc show dev v0
tc qdisc replace dev v0 root handle 7: fq_pie flows 0
tc qdisc replace dev v0 root handle 7: fq_pie flows 65537
tc qdisc replace dev v0 root handle 7: fq_pie flows 65536 quantum 2000000
tc qdisc replace dev v0 root handle 7: fq_pie flows 16
tc -s -d qdisc show dev v0
python3 -S "$TC_RAW"
tc qdisc replace dev v0 root handle 8: drr
tc -s -d qdisc show dev v0
tc class add dev v0 parent 8: classid 8:1 drr quantum 1500
tc class add dev v0 parent 8: classid 8:2 drr
tc class add dev v0 parent 8: classid 8:3 drr quantum 0
tc class add dev v0 parent 8: classid 8:3 drr quantum 100
tc class add dev v0 parent 8: classid 8:4 drr quantum 2000000
tc class add dev v0 parent 8: classid 8:5 drr quantum 9000
tc class add dev v0 parent 8: classid 8:6 drr quantum 9000
tc class add dev v0 parent 8: classid 8:10 drr
tc -s class show dev v0
tc qdisc add dev v0 parent 8:1 handle 10: pfifo limit 5
tc class show dev v0
tc qdisc show dev v0 invisible
tc class del dev v0 classid 8:2
tc class change dev v0 classid 8:1 drr quantum 100
tc class change dev v0 classid 8:7 drr quantum 100
tc class add dev v0 parent 8: classid 8:1 drr quantum 100
tc class show dev v0
python3 -S "$TC_RAW" class 3
tc qdisc del dev v0 parent 8:1
tc qdisc show dev v0 invisible
tc qdisc replace dev v0 root handle 9: qfq
tc class add dev v0 parent 9: classid 9:1 qfq weight 10 maxpkt 2000
tc class add dev v0 parent 9: classid 9:2 qfq
tc class add dev v0 parent 9: classid 9:3 qfq weight 1025
tc class add dev v0 parent 9: classid 9:4 qfq maxpkt 100
tc class add dev v0 parent 9: classid 9:5 qfq weight 1000 maxpkt 65536
tc -s -d class show dev v0
tc class change dev v0 classid 9:2 qfq weight 1024
seq 10 80 | sed "s/.*/class add dev v0 parent 9: classid 9:& qfq weight 1024/" | tc -b - 2>&1
tc class show dev v0 | wc -l
tc class del dev v0 classid 9:5
tc class change dev v0 classid 9:2 qfq weight 1000
tc class show dev v0 | head -n 8
python3 -S "$TC_RAW" class 3
tc qdisc replace dev v0 root handle a: hfsc default 10
tc -s -d qdisc show dev v0
tc -s class show dev v0
tc class add dev v0 parent a: classid a:1 hfsc sc rate 10mbit ul rate 20mbit
tc class add dev v0 parent a:1 classid a:10 hfsc rt m1 5mbit d 10ms m2 1mbit
tc class add dev v0 parent a:10 classid a:11 hfsc ls rate 1mbit
tc class add dev v0 parent a:1 classid a:12 hfsc ls m2 0
tc class add dev v0 parent a:1 classid b:12 hfsc ls rate 1mbit
tc class add dev v0 parent a:7 classid a:13 hfsc ls rate 1mbit
tc class add dev v0 parent a:1 classid a:11 hfsc ls rate 1mbit
tc -s class show dev v0
tc qdisc show dev v0 invisible
tc qdisc add dev v0 parent a:1 handle 20: pfifo
tc qdisc add dev v0 parent a:11 handle 21: pfifo
tc class del dev v0 classid a:1
tc class del dev v0 classid a:11
tc class del dev v0 classid a:
tc class change dev v0 parent a:1 classid a:10 hfsc ul rate 3mbit
tc class change dev v0 parent a:3 classid a:10 hfsc ul rate 3mbit
tc class show dev v0
tc qdisc change dev v0 root handle a: hfsc default 12
tc qdisc show dev v0
python3 -S "$TC_RAW" class 3
tc qdisc replace dev v0 root handle b: fq
tc -s -d qdisc show dev v0
tc qdisc change dev v0 root handle b: fq limit 100 flow_limit 10 quantum 3000 initial_quantum 20000 maxrate 1gbit buckets 512 refill_delay 50ms orphan_mask 511 low_rate_threshold 1mbit ce_threshold 5ms timer_slack 20us horizon 5s horizon_cap nopacing
tc -d qdisc show dev v0
tc qdisc change dev v0 root handle b: fq buckets 1000000 limit 7
tc qdisc change dev v0 root handle b: fq quantum 10 initial_quantum 2000000
tc qdisc change dev v0 root handle b: fq quantum 2000000 pacing
tc -d qdisc show dev v0
tc qdisc replace dev v0 root handle c: mqprio num_tc 2 map 0 0 0 1 queues 2@0 2@2 hw 0
tc -s -d qdisc show dev v0
tc -s class show dev v0
tc qdisc replace dev v0 root handle c: mqprio num_tc 2 map 0 0 0 1 queues 2@0 2@1 hw 0
tc qdisc replace dev v0 root handle d: mqprio num_tc 2 map 0 0 0 1 queues 2@0 2@1 hw 0
tc qdisc replace dev v0 root handle d: mqprio num_tc 2 map 0 0 0 1 queues 2@0 2@2
tc qdisc replace dev v0 root handle d: mqprio num_tc 2 map 0 0 0 3 queues 2@0 2@2 hw 0
tc qdisc replace dev v0 root handle d: mqprio num_tc 2 map 0 0 0 1 queues 0@0 2@2 hw 0
tc qdisc replace dev v0 root handle d: mqprio num_tc 2 map 0 0 0 1 queues 2@0 3@2 hw 0
tc qdisc replace dev v0 root handle d: mqprio num_tc 17 hw 0
tc qdisc add dev v0 parent c:3 handle 30: pfifo
tc qdisc add dev v0 parent c:ffe1 handle 31: pfifo
tc qdisc show dev v0
tc class show dev v0
python3 -S "$TC_RAW"
tc qdisc add dev v1 root mqprio num_tc 1 map 0 queues 1@0 hw 0
tc qdisc add dev v1 parent 5:1 mqprio num_tc 1 map 0 queues 1@0 hw 0
tc qdisc show dev v1
tc qdisc del dev v0 root
tc qdisc replace dev v0 root handle e: cake
tc -s -d qdisc show dev v0
tc qdisc change dev v0 root handle e: cake bandwidth 100mbit diffserv4 nat wash ack-filter rtt 50ms overhead 18 mpu 64 memlimit 1mb fwmark 0xff00 ingress
tc -s -d qdisc show dev v0
tc qdisc change dev v0 root handle e: cake besteffort raw no-split-gso
tc -s qdisc show dev v0
tc qdisc change dev v0 root handle e: cake diffserv8 bandwidth 1gbit autorate-ingress dual-srchost
tc -s qdisc show dev v0
tc qdisc change dev v0 root handle e: cake precedence unlimited flows atm
tc -s -d qdisc show dev v0
tc class show dev v0
python3 -S "$TC_RAW"
tc qdisc replace dev v0 root handle f: cake bandwidth 5mbit
tc -s qdisc show dev v0
tc qdisc del dev v0 root
tc qdisc show dev v0
tc qdisc del dev v1 root
tc qdisc add dev v0 root handle 1: ets bands 4 strict 1 quanta 1000 2000 priomap 0 1 2 3 3 2 1
tc -s -d qdisc show dev v0 invisible
tc -s class show dev v0
tc -j qdisc show dev v0
tc class change dev v0 classid 1:1 ets quantum 500
tc class change dev v0 classid 1:2 ets quantum 500
tc class change dev v0 classid 1:3 ets quantum 0
tc class change dev v0 classid 1:3 ets
tc class add dev v0 parent 1: classid 1:9 ets quantum 500
tc class del dev v0 classid 1:2
tc class show dev v0
tc qdisc add dev v0 parent 1:2 handle 12: pfifo limit 7
tc class show dev v0
tc qdisc del dev v0 parent 1:2 handle 12:
tc qdisc show dev v0 invisible
python3 -S "$TC_RAW" class 3
tc qdisc change dev v0 root handle 1: ets bands 2
tc qdisc show dev v0 invisible
tc qdisc change dev v0 root handle 1: ets bands 17
tc qdisc change dev v0 root handle 1: ets bands 2 strict 3
tc qdisc change dev v0 root handle 1: ets bands 2 priomap 0 1 2
tc qdisc change dev v0 root handle 1: ets bands 2 quanta 1 2 3
tc qdisc change dev v0 root handle 1: ets quanta 10 0 20
tc qdisc change dev v0 root handle 1: ets strict 2 quanta 10 20
tc -d qdisc show dev v0
tc qdisc change dev v0 root handle 1: ets strict 3
tc -d qdisc show dev v0
tc class show dev v0
python3 -S "$TC_RAW"
tc qdisc add dev v1 root ets
tc qdisc replace dev v0 root handle 2: cbs idleslope 20000 sendslope -980000 hicredit 30 locredit -1470
tc -s -d qdisc show dev v0
tc -s class show dev v0
tc qdisc change dev v0 root handle 2: cbs idleslope 1001 sendslope -3 hicredit 1 locredit -1
tc qdisc show dev v0
tc qdisc change dev v0 root handle 2: cbs idleslope 1 sendslope 1 hicredit 1 locredit 1 offload 1
tc qdisc add dev v0 parent 2:5 handle 25: pfifo limit 3
tc qdisc show dev v0
tc class show dev v0
tc qdisc del dev v0 parent 2:1
tc qdisc show dev v0 invisible
tc class show dev v0
python3 -S "$TC_RAW"
tc qdisc add dev v1 root cbs idleslope 1 sendslope 1 hicredit 1 locredit 1 offload 1
tc qdisc replace dev v0 root handle 10: mqprio num_tc 2 map 0 0 0 1 queues 2@0 2@2 hw 0
tc qdisc replace dev v0 parent 10:2 handle 12: cbs idleslope 5000 sendslope -5000 hicredit 10 locredit -10
tc qdisc show dev v0
tc class show dev v0
tc qdisc replace dev v0 root handle 3: etf clockid CLOCK_TAI delta 300000 deadline_mode
tc -s -d qdisc show dev v0
tc class show dev v0
tc qdisc change dev v0 root handle 3: etf clockid CLOCK_TAI delta 100
tc qdisc replace dev v0 root handle 4: etf clockid CLOCK_REALTIME delta 100
tc qdisc replace dev v0 root handle 4: etf clockid CLOCK_TAI delta -5
tc qdisc replace dev v0 root handle 4: etf clockid CLOCK_TAI delta 5 offload
tc qdisc replace dev v0 root handle 4: etf clockid CLOCK_TAI skip_sock_check
tc -j qdisc show dev v0
python3 -S "$TC_RAW"
tc qdisc add dev v0 parent 4:1 pfifo
tc qdisc replace dev v0 root handle 5: hhf
tc -s -d qdisc show dev v0
tc qdisc change dev v0 root handle 5: hhf limit 50 quantum 100 hh_limit 20 reset_timeout 3ms admit_bytes 1000 evict_timeout 1234us non_hh_weight 3
tc -d qdisc show dev v0
tc qdisc change dev v0 root handle 5: hhf hh_limit 3000
tc qdisc change dev v0 root handle 5: hhf non_hh_weight 0
tc qdisc change dev v0 root handle 5: hhf quantum 1000000 non_hh_weight 3000
tc -j qdisc show dev v0
python3 -S "$TC_RAW"
tc class show dev v0
tc qdisc replace dev v0 root handle 6: sfb
tc -s -d qdisc show dev v0 invisible
tc -s class show dev v0
tc qdisc add dev v0 parent 6:1 handle 61: pfifo limit 9
tc qdisc show dev v0 invisible
tc qdisc change dev v0 root handle 6: sfb limit 100 max 30 target 10 increment 0.001 decrement 0.0001 penalty_rate 20 penalty_burst 30 rehash 10000 db 1000
tc -d qdisc show dev v0 invisible
tc class add dev v0 parent 6: classid 6:1 sfb
tc class del dev v0 classid 6:1
tc qdisc del dev v0 parent 6:1
tc qdisc show dev v0 invisible
python3 -S "$TC_RAW"
tc -j qdisc show dev v0
tc qdisc del dev v0 root
tc qdisc add dev v0 root handle 7: gred setup vqs 4 default 1 grio
tc -s -d qdisc show dev v0
tc qdisc change dev v0 root handle 7: gred limit 60KB min 15KB max 45KB burst 20 avpkt 1000 bandwidth 10Mbit DP 1 probability 0.02 prio 2
tc qdisc change dev v0 root handle 7: gred limit 60KB min 15KB max 45KB burst 20 avpkt 1000 bandwidth 10Mbit DP 2 prio 2 ecn
tc qdisc change dev v0 root handle 7: gred limit 6000KB min 15KB max 45KB burst 20 avpkt 1000 bandwidth 10Mbit DP 0
tc -s -d qdisc show dev v0
tc -j qdisc show dev v0
python3 -S "$TC_RAW"
tc qdisc change dev v0 root handle 7: gred limit 60KB min 15KB max 45KB burst 20 avpkt 1000 bandwidth 10Mbit DP 4
tc qdisc change dev v0 root handle 7: gred limit 60KB min 45KB max 15KB burst 20 avpkt 1000 bandwidth 10Mbit DP 3
tc qdisc change dev v0 root handle 7: gred limit 60KB min 15KB max 45KB burst 20 avpkt 1000 bandwidth 10Mbit DP 3 harddrop
tc qdisc change dev v0 root handle 7: gred setup vqs 2 default 0 ecn
tc qdisc change dev v0 root handle 7: gred setup vqs 2 default 0 limit 100000
tc -d qdisc show dev v0
tc qdisc change dev v0 root handle 7: gred setup vqs 2 default 2
tc qdisc change dev v0 root handle 7: gred setup vqs 17 default 0
tc qdisc change dev v0 root handle 7: gred setup vqs 3 default 0 ecn
tc qdisc change dev v0 root handle 7: gred limit 60KB min 15KB max 45KB burst 20 avpkt 1000 bandwidth 10Mbit DP 2
tc -d qdisc show dev v0
python3 -S "$TC_RAW"
tc qdisc replace dev v0 root handle 8: gred setup vqs 0 default 0
tc qdisc replace dev v0 root handle 8: gred limit 60KB min 15KB max 45KB burst 20 avpkt 1000 bandwidth 10Mbit DP 0
tc qdisc add dev v1 root gred setup vqs 16 default 15
tc -d qdisc show dev v1
tc class show dev v0
tc qdisc del dev v0 root
tc qdisc del dev v1 root
tc qdisc add dev v0 root handle 1: taprio num_tc 3 map 2 2 1 0 2 2 2 2 2 2 2 2 2 2 2 2 queues 1@0 1@1 2@2 base-time 0 sched-entry S 01 300000 sched-entry S 02 300000 sched-entry S 04 400000 clockid CLOCK_TAI
tc -s -d qdisc show dev v0
tc -s class show dev v0
tc -j qdisc show dev v0
python3 -S "$TC_RAW"
python3 -S "$TC_RAW" class 3
tc qdisc change dev v0 root handle 1: taprio base-time 2000000000000000000 sched-entry S 03 10000 sched-entry S 04 20000 clockid CLOCK_TAI
tc qdisc show dev v0
python3 -S "$TC_RAW"
tc qdisc change dev v0 root handle 1: taprio base-time 0 sched-entry S 03 10000 clockid CLOCK_REALTIME
tc qdisc change dev v0 root handle 1: taprio num_tc 2 map 0 1 queues 1@0 1@1 base-time 0 sched-entry S 03 10000 clockid CLOCK_TAI
tc qdisc change dev v0 root handle 1: taprio base-time 0 sched-entry S 03 10000 clockid CLOCK_TAI flags 0x1
tc qdisc change dev v0 root handle 1: taprio base-time 0 sched-entry S 03 10 clockid CLOCK_TAI
tc qdisc change dev v0 root handle 1: taprio base-time 0 cycle-time 10 sched-entry S 03 1000 clockid CLOCK_TAI
tc -d qdisc show dev v0
tc qdisc change dev v0 root handle 1: taprio base-time 0 txtime-delay 100 sched-entry S 03 10000 clockid CLOCK_TAI
tc qdisc change dev v0 root handle 1: taprio base-time 0 sched-entry S 03 10000 sched-entry S 04 20000 clockid CLOCK_TAI
tc qdisc show dev v0
python3 -S "$TC_RAW"
tc qdisc add dev v0 parent 1:2 handle 12: pfifo limit 4
tc qdisc add dev v0 parent 1:5 handle 15: pfifo limit 4
tc qdisc show dev v0
tc class show dev v0
tc qdisc del dev v0 parent 1:2 handle 12:
tc qdisc show dev v0
tc qdisc replace dev v0 root handle 2: taprio num_tc 2 map 0 1 queues 2@0 2@2 base-time 0 sched-entry S 01 50000 clockid CLOCK_TAI flags 0x1 txtime-delay 20000
tc -d qdisc show dev v0
tc qdisc change dev v0 root handle 2: taprio base-time 0 sched-entry S 02 60000 clockid CLOCK_TAI flags 0x1
tc -d qdisc show dev v0
python3 -S "$TC_RAW"
tc qdisc change dev v0 root handle 2: taprio base-time 0 sched-entry S 02 60000 clockid CLOCK_TAI
tc qdisc replace dev v0 root handle 3: taprio num_tc 2 map 0 1 queues 2@0 2@2 base-time 0 sched-entry S 01 50000 flags 0x2
tc qdisc replace dev v0 root handle 3: taprio num_tc 2 map 0 1 queues 2@0 2@2 base-time 0 sched-entry S 01 50000 clockid CLOCK_TAI flags 0x3
tc qdisc replace dev v0 root handle 3: taprio num_tc 2 map 0 1 queues 2@0 1@1 base-time 0 sched-entry S 01 50000 clockid CLOCK_TAI
tc qdisc replace dev v0 root handle 3: taprio num_tc 5 map 0 1 queues 1@0 1@1 1@2 1@3 1@3 base-time 0 sched-entry S 01 50000 clockid CLOCK_TAI
tc qdisc replace dev v0 root handle 3: taprio base-time 0 sched-entry S 01 50000 clockid CLOCK_TAI
tc qdisc show dev v0
tc qdisc replace dev v0 root handle 3: taprio num_tc 2 map 0 1 queues 2@0 2@2 base-time 0 clockid CLOCK_TAI
tc qdisc add dev lo root taprio num_tc 1 map 0 queues 1@0 base-time 0 sched-entry S 01 50000 clockid CLOCK_TAI
tc qdisc add dev v0 parent 2:1 taprio num_tc 1 map 0 queues 1@0 base-time 0 sched-entry S 01 50000 clockid CLOCK_TAI
tc qdisc add dev v1 root handle 4: taprio num_tc 2 map 0 1 queues 1@0 1@1 base-time 0 sched-entry S 01 50000 clockid CLOCK_TAI
tc -s qdisc show dev v1
python3 -S "$TC_TAPRIO" 2 4
python3 -S "$TC_RAW"
tc qdisc del dev v1 root
tc qdisc add dev v1 root handle 5: mqprio num_tc 1 map 0 queues 1@0 hw 0
tc qdisc show dev v1
tc qdisc del dev v0 root
tc qdisc show dev v0
tc qdisc add dev v0 root handle 8: teql0
tc -s -d qdisc show dev v0
tc -j qdisc show dev v0
tc qdisc change dev v0 root handle 8: teql0
tc class show dev v0
tc qdisc add dev v1 root teql0
tc qdisc show dev v1
tc qdisc del dev v1 root
tc qdisc replace dev v0 root handle 9: prio
tc qdisc add dev v0 parent 9:1 teql0
tc qdisc add dev v0 root teql1
python3 -S "$TC_RAW"
tc qdisc add dev v1 root handle 9: dualpi2
tc qdisc del dev v0 root
tc qdisc show dev v0
CMDS
if [ "$kv" != 6.12 ]; then
	diff -u "$expected" "$out" || exit 1
	echo "ok: tc-kinds $kv"
	exit 0
fi
# dualpi2 under a profile of a kernel that has it
printf 'base full\nname full-6.18\nkernel 6.18\n' >"$bin/linux-6.18.profile"
"$cli" run --profile "$bin/linux-6.18.profile" -- sh -c '
ip link add v0 numtxqueues 4 type veth peer name v1 numtxqueues 2 &&
python3 -S "$0" 3' "$here/tc-dualpi2.py" >"$out.dualpi2" 2>&1
if diff -u "$expected" "$out" &&
	diff -u "$here/tc-dualpi2.expected" "$out.dualpi2"; then
	echo "ok: tc-kinds"
else
	exit 1
fi
