#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A saved state loads back byte-identical in rtnetlink's dumps (issue
# 19): a net configured with ip (a bridge with a veth port, IPv4 and
# IPv6 addresses, routes in two tables and one through a nexthop group,
# a rule, neighbours of both families, nexthops) is saved with `state
# save` and loaded into a new net (`state load --netns`), and every
# message of the link, address, route, rule, neighbour and nexthop dumps
# there is the same byte for byte (state_dump.py: sequence numbers, port
# ids, ages and timestamps left out), where state.sh compares what ip
# prints after `run --state`.
# (A bridge that is down and has no port comes back otherwise, as on
# Linux: docs/state.md, "What is left out".)
. "$(dirname "$0")/lib.sh"
need ip iproute2
PY3=/usr/bin/python3
[ -x "$PY3" ] || PY3=$(command -v python3) || skip "no python3"
private_copy "$(dirname "$0")/state_dump.py" "$WORK/state_dump.py" 644

# one ip for all (ip -batch): each process costs, the more in the
# sanitizer build; no link-local addresses (addrgenmode none before up),
# so no DAD to wait for
setup='ip -batch - <<EOB
link add br0 type bridge
link add v0 type veth peer name v1
link set v0 master br0
link set br0 addrgenmode none
link set v0 addrgenmode none
link set v1 addrgenmode none
link set br0 up
link set v0 up
link set v1 up
addr add 10.1.0.1/24 dev br0
addr add 2001:db8::1/64 dev br0 nodad
route add 10.2.0.0/16 via 10.1.0.2
route add 10.4.0.0/16 via 10.1.0.3 table 100
route add 2001:db8:1::/48 via 2001:db8::2
rule add from 10.3.0.0/16 table 100 pref 10
neigh add 10.1.0.5 lladdr 02:00:00:00:00:05 dev br0
neigh add 2001:db8::5 lladdr 02:00:00:00:00:06 dev br0
nexthop add id 1 via 10.1.0.2 dev br0
nexthop add id 2 via 10.1.0.3 dev br0
nexthop add id 10 group 1/2
route add 10.5.0.0/16 nhid 10
EOB
'
# saved from the initial net, loaded into a new one of the same daemon
# (one daemon: each costs, the more in the sanitizer build)
# shellcheck disable=SC2016
timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" run --private -- sh -c "$setup"'[ $? = 0 ] &&
	"$0" state save >"$1/s.state" && "$2" "$1/state_dump.py" >"$1/a.dump" &&
	ip netns add fresh &&
	ip netns exec fresh "$2" "$1/state_dump.py" >"$1/before.dump" &&
	"$0" state load --netns fresh "$1/s.state" &&
	ip netns exec fresh "$2" "$1/state_dump.py" >"$1/b.dump"' \
	"$CLI" "$WORK" "$PY3" >"$WORK/a.out" 2>&1 ||
	fail "the net was not made, saved and loaded: $(cat "$WORK/a.out")"
# the dumps are the new net's: other than the saved net's before the load
cmp -s "$WORK/a.dump" "$WORK/before.dump" &&
	fail "the new net dumps as the saved one before the load"
for k in 18 22 26 30 34 106; do
	grep -q "^$k " "$WORK/a.dump" || fail "the dump of type $k is empty"
done
if ! cmp -s "$WORK/a.dump" "$WORK/b.dump"; then
	diff "$WORK/a.dump" "$WORK/b.dump" | cut -c1-200 | sed 's/^/#   /'
	fail "the loaded state dumps other bytes than the saved net"
fi
echo "# $(wc -l <"$WORK/a.dump") messages the same byte for byte"
echo pass
