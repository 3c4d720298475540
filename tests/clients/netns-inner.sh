#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Run by netns.sh under `unetlink run` (one daemon for all of it), by a
# user the daemon makes admin: iproute2's network namespace commands,
# util-linux's unshare -n, and the unetlink tool's view of the nets.
# Prints "ok NAME" for each check that holds, "bad NAME: WHY" for each
# that does not.  $1 is the unetlink tool, $2 clone3_run (or empty).
CLI=$1
CLONE3=${2:-}
ok() { echo "ok $1"; }
bad() { echo "bad $1: $2"; }
# check NAME CONDITION...: run the condition (a shell command line)
check() {
	name=$1
	shift
	if eval "$*"; then ok "$name"; else bad "$name" "$*"; fi
}
has_link() { grep -q "^$1 "; }

# ip netns add, list; the names are files of /run/netns and /var/run/netns
ip netns add a
rc=$?
check add '[ $rc = 0 ]'
out=$(ip netns add a 2>&1)
rc=$?
check add-twice '[ $rc != 0 ] && echo "$out" | grep -q "File exists"'
check list '[ "$(ip netns list | grep -c "^a\( \|$\)")" = 1 ]'
check paths '[ -f /run/netns/a ] && [ -f /var/run/netns/a ]'
check ls 'ls /run/netns | grep -qx a'

# nsids (RTM_NEWNSID, RTM_GETNSID): ip netns set and list-id
check list-id-none '[ -z "$(ip netns list-id)" ]'
ip netns set a 7
rc=$?
check set '[ $rc = 0 ] && [ "$(ip netns list-id)" = "nsid 7 (iproute2 netns name: a)" ]'
check list-with-id 'ip netns list | grep -qx "a (id: 7)"'
out=$(ip netns set a 8 2>&1)
rc=$?
check set-twice '[ $rc != 0 ] && echo "$out" | grep -q "Peer netns already has a nsid assigned"'
check list-id-filter '[ "$(ip netns list-id nsid 7)" = "nsid 7 (iproute2 netns name: a)" ] && [ -z "$(ip netns list-id nsid 8)" ]'
# a has no nsid for the initial net until a link of a that reaches it
# is shown there (the dump gives one, as Linux's peernet2id_alloc())
check list-id-other '[ -z "$(ip -n a netns list-id)" ]'
ip link add vx type veth peer name vy netns a
check link-netns 'ip -n a -o link show vy | grep -q "link-netnsid 0" && ip -o link show vx | grep -q "link-netns a"'
check list-id-auto 'ip -n a netns list-id | grep -qx "nsid 0 *"'
ip link del vx

# a link made in a is seen there only
ip -n a link add d0 type dummy
rc=$?
check n-add '[ $rc = 0 ]'
check n-link 'ip -n a -br link | has_link d0'
check isolation '! ip -br link | has_link d0'
check exec 'ip netns exec a ip -br link | has_link d0'
# the command of ip netns exec, what it runs, and what closes every
# descriptor it does not know before it runs a program stay there
check exec-nested 'ip netns exec a sh -c "sh -c \"ip -br link\"" | has_link d0'
if command -v python3 >/dev/null 2>&1; then
	check exec-closerange 'ip netns exec a python3 -c "import os, subprocess; os.closerange(3, 65536); subprocess.run([\"ip\", \"-br\", \"link\"], close_fds=True)" | has_link d0'
fi

# what identifies a net: readlink and stat of /proc/PID/ns/net and of the
# names agree, as ip netns identify and pids expect
init=$(readlink /proc/self/ns/net)
ina=$(ip netns exec a readlink /proc/self/ns/net)
check readlink 'case $ina in net:\[*\]) [ "$ina" != "$init" ] ;; *) false ;; esac'
check stat-name '[ "net:[$(stat -L -c %i /run/netns/a)]" = "$ina" ]'
check stat-self '[ "$(ip netns exec a stat -L -c %i /proc/self/ns/net)" = "$(stat -L -c %i /run/netns/a)" ]'
check identify-initial '[ -z "$(ip netns identify)" ]'
check identify-self '[ "$(ip netns exec a ip netns identify)" = a ]'
ip netns exec a sleep 60 &
pid=$!
for _ in $(seq 200); do
	[ "$(ip netns identify $pid 2>/dev/null)" = a ] && break
	sleep 0.05
done
check identify-pid '[ "$(ip netns identify $pid)" = a ]'
check pids 'ip netns pids a | grep -qx $pid'
check pids-not-self '! ip netns pids a | grep -qx $$'
check readlink-pid '[ "$(readlink /proc/$pid/ns/net)" = "$ina" ]'
ip netns attach b $pid
rc=$?
check attach '[ $rc = 0 ] && [ "$(stat -L -c %i /run/netns/b)" = "$(stat -L -c %i /run/netns/a)" ]'

# the tool: names, and the sockets of each net (ip monitor in a)
check tool-list '"$CLI" netns list | grep -qx a && "$CLI" netns list -j | grep -q "\"name\":\"b\""'
ip -n a monitor link >/dev/null 2>&1 &
mon=$!
for _ in $(seq 200); do
	"$CLI" status -j | grep -q "\"owner_pid\":$mon" && break
	sleep 0.05
done
if command -v python3 >/dev/null 2>&1; then
	check tool-status '"$CLI" status -j | python3 -c "
import json, sys
nets = json.load(sys.stdin)
a = [n for n in nets if \"a\" in n[\"names\"]]
assert len(a) == 1 and \"b\" in a[0][\"names\"], nets
assert any(s[\"owner_pid\"] == $mon for s in a[0][\"sockets\"]), a
assert not any(s[\"owner_pid\"] == $mon for n in nets if n is not a[0] for s in n[\"sockets\"])
assert [n[\"initial\"] for n in nets].count(True) == 1
"'
fi
check tool-status-text '"$CLI" status | grep -q "^net [0-9]* a b$"'
kill $mon $pid
wait $mon $pid 2>/dev/null

# unshare -n: a new net for the command, gone with it
check unshare 'unshare -n sh -c "ip link add d1 type dummy && ip -br link" | has_link d1'
check unshare-isolation '! ip -br link | has_link d1 && ! ip -n a -br link | has_link d1'
check unshare-readlink '[ "$(unshare -n readlink /proc/self/ns/net)" != "$init" ]'

# clone3() with CLONE_NEWNET (through syscall()): a new net for the child
if [ -n "$CLONE3" ]; then
	"$CLONE3" true
	if [ $? = 77 ]; then
		echo "skip clone3: the kernel has no clone3()"
		echo "skip clone3-readlink"
	else
		check clone3 '"$CLONE3" sh -c "ip link add d3 type dummy && ip -br link" | has_link d3 && ! ip -br link | has_link d3'
		check clone3-readlink '[ "$("$CLONE3" readlink /proc/self/ns/net)" != "$init" ]'
	fi
fi

# every name
out=$(ip -all netns exec ip -br link show lo)
check all-exec 'echo "$out" | grep -qx "netns: a" && echo "$out" | grep -qx "netns: b"'

# a bound name is a mount point: busy until ip netns delete unmounts it
out=$(rm /run/netns/b 2>&1)
check rm-busy '[ -e /run/netns/b ] && echo "$out" | grep -qi busy'
ip netns del a
rc=$?
check del '[ $rc = 0 ] && ! ip netns list | grep -q "^a\( \|$\)"'
out=$(ip netns del a 2>&1)
rc=$?
check del-twice '[ $rc != 0 ] && echo "$out" | grep -q "Cannot remove namespace file"'
ip -all netns delete
rc=$?
check all-delete '[ $rc = 0 ] && [ -z "$(ip netns list)" ]'
echo done
