#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The files view of a sequence with @files (side.sh runs it last, on both
# sides): /proc/net, /sys/class/net and /proc/sys/net read with cat, ls
# and awk, as a program would.  Only what the kernel leaves to chance or
# to packets is rewritten here (normalise.py then maps MACs, as for the
# other views):
#  - traffic counters (/proc/net/dev, statistics/*) become N: the
#    kernel's devices send neighbour discovery and MLD, the model nothing;
#  - EUI-64 interface ids (they derive from random MACs) become IID, and
#    the groups and MACs made from them (solicited-node ff02::1:ffXX:XXXX,
#    33:33:ff:XX:XX:XX) lose those bytes; runs of lines that differ only
#    there are sorted;
#  - the bridge's running timers (hello, gc, forward delay) become T,
#    and its ids (PRIO.MAC) are printed with colons, for normalise.py;
#  - a stable_secret that is set reads SET (random mode draws one);
#  - /proc/net/if_inet6 and arp are sorted (the kernel walks hashes with
#    a random seed), arp without device-less proxy entries (Linux shows
#    every namespace's there), ipv6_route without its reference counts
#    (docs/conformance.md).
set -u

# Sort each run of consecutive lines that start with $1.
sort_runs() {
	local line run=
	while IFS= read -r line; do
		if [ "${line#"$1"}" != "$line" ]; then
			run+="$line"$'\n'
			continue
		fi
		[ -z "$run" ] || printf '%s' "$run" | sort
		run=
		printf '%s\n' "$line"
	done
	[ -z "$run" ] || printf '%s' "$run" | sort
}

iid() {
	sed -E -e 's/fe80000000000000[0-9a-f]{16}/fe80::IID/g' \
		-e 's/ff0200000000000000000001ff[0-9a-f]{6}/ff02::1:ffLL/g' \
		-e 's/3333ff[0-9a-f]{6}/3333ffLL/g' \
		-e 's/33:33:ff(:[0-9a-f]{2}){3}/33:33:ff:LL/g' \
		-e 's/ff02::1:ff[0-9a-f]{2}:[0-9a-f]{1,4}/ff02::1:ffLL/g'
}

# What `cat FILE` prints as the views show it: a cat error ("cat: FILE:
# Permission denied") as its reason alone, line by line, as
# `sed 's/^cat: .*: //'` would; without a second argument, trailing
# newlines dropped, as $(...) drops them; with one (lines), each newline
# made a space, as `tr '\n' ' '` would (uevent's lines on one line).
# Then a newline.  cat is the one process per file: the views read
# hundreds of files, and a pipe through sed (and tr) for each was most
# of what the files view cost the CPU.
cat_value() { # file [lines]
	local v line out= sep=$'\n' end
	if [ -n "${2:-}" ]; then
		# (the dot keeps the trailing newlines from $(...))
		v=$(cat "$1" 2>&1; echo .)
		v=${v%.}
		sep=' '
	else
		v=$(cat "$1" 2>&1)
	fi
	while [ -n "$v" ]; do
		line=${v%%$'\n'*}
		end=
		if [ "$line" != "$v" ]; then
			v=${v#*$'\n'}
			end=$sep
		else
			v=
		fi
		case $line in
		'cat: '*': '*) line=${line##cat: *: } ;;
		esac
		out+=$line$end
	done
	printf '%s\n' "$out"
}

echo "### files"
echo "## /proc/net/dev"
sed -E '/^ *[^ ]+: +[0-9]+ /s/:? +[0-9]+/ N/g' /proc/net/dev
echo "## /proc/net/route"
cat /proc/net/route
for f in fib_trie fib_triestat; do
	echo "## /proc/net/$f"
	cat "/proc/net/$f"
done
echo "## /proc/net/ipv6_route"
awk '{ $7 = "R"; print }' /proc/net/ipv6_route | iid | sort_runs fe80::IID
echo "## /proc/net/if_inet6"
iid </proc/net/if_inet6 | sort -k2,2 -k1,1
echo "## /proc/net/arp"
awk 'NR == 1 || $6 != "*"' /proc/net/arp | sort
for f in igmp igmp6; do
	echo "## /proc/net/$f"
	iid <"/proc/net/$f"
done
# A device's link-layer groups are listed newest first, and the kernel
# joins IPv6's solicited-node groups from DAD's work queue, so their
# place among the IPv4 joins races: sorted, by device.
echo "## /proc/net/dev_mcast"
iid </proc/net/dev_mcast | sort -k1,1n -k5,5
# a device's anycast list is in the order its addresses' DAD ended
echo "## /proc/net/anycast6"
sort -k1,1n -k3,3 /proc/net/anycast6
echo "## ip maddr"
ip maddr | iid | sort_runs $'\tlink '
echo "## /sys/class/net"
ls /sys/class/net
for d in /sys/class/net/*; do
	n=${d##*/}
	echo "## $n -> $(readlink "$d")"
	ls "$d/" | tr '\n' ' '
	echo
	ls "$d/statistics" | tr '\n' ' '
	echo
	for a in ifindex iflink address broadcast mtu operstate carrier \
		 flags type tx_queue_len dormant testing speed duplex addr_len \
		 addr_assign_type link_mode netdev_group ifalias uevent \
		 statistics/rx_bytes statistics/tx_packets; do
		printf '%s: ' "$a"
		cat_value "$d/$a" lines
	done | sed -E 's/^(statistics\/[a-z_]+: )[0-9]+/\1N/'
	# a bridge's and a port's (running timers become T)
	for sub in bridge brport brif; do
		[ -d "$d/$sub" ] || continue
		for f in "$d/$sub"/*; do
			if [ -L "$f" ]; then
				printf '%s -> %s\n' "${f#"$d/"}" "$(readlink "$f")"
				continue
			fi
			printf '%s: ' "${f#"$d/"}"
			cat_value "$f"
		done | sed -E -e 's/(_timer: )[1-9][0-9]*$/\1T/' \
			-e 's/: ([0-9a-f]{4})\.([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/: \1.\2:\3:\4:\5:\6:\7/'
	done
	[ ! -e "$d/brforward" ] || echo "brforward: $(wc -c <"$d/brforward") bytes"
done
for fam in ipv4 ipv6; do
	echo "## /proc/sys/net/$fam/conf"
	ls "/proc/sys/net/$fam/conf" | tr '\n' ' '
	echo
	for d in /proc/sys/net/$fam/conf/*; do
		for f in "$d"/*; do
			printf '%s ' "${f#/proc/sys/net/}"
			cat_value "$f"
		done | sed -E 's/(stable_secret )[0-9a-f:]{39}$/\1SET/'
	done
done
echo "## /proc/sys/net/ipv4/ip_forward $(cat /proc/sys/net/ipv4/ip_forward)"
for f in rmem_default wmem_default rmem_max wmem_max; do
	echo "## /proc/sys/net/core/$f $(cat /proc/sys/net/core/$f)"
done
