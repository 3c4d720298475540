# SPDX-License-Identifier: LGPL-2.1-or-later
# What moved since the last call (none the first time) in the counters
# of the devices of the first net, of net b and of net c: each device's packet
# counters (`ip -s -o link show`) and its 802.3ad ones (`ip stats`'s bond
# xstats, of a bond or of a port); a line per device with a change,
# "name counter+N ...", in the order of the listings.  DELTA_STATE
# names the file that keeps the last values.
state=${DELTA_STATE:?}
{
	ip -s -o link show
	ip stats show group xstats subgroup bond
	ip stats show group xstats_slave subgroup bond
	echo "@ net b"
	ip -n b -s -o link show
	ip -n b stats show group xstats subgroup bond
	ip -n b stats show group xstats_slave subgroup bond
	echo "@ net c"
	ip -n c -s -o link show
	ip -n c stats show group xstats subgroup bond
	ip -n c stats show group xstats_slave subgroup bond
} | awk -v state="$state" '
function put(name, key, v) {
	k = net name " " key
	if (!(k in now)) {
		order[++n] = k
	}
	now[k] = v
}
/^@ net / { net = $3 ":"; next }
/RX:/ {
	name = $2; sub(/@.*/, "", name); sub(/:$/, "", name)
	# the fields after each header: bytes packets errors dropped ...
	for (i = 1; i <= NF; i++) {
		if ($i == "RX:") { put(name, "rx_bytes", $(i + 8)); put(name, "rx_packets", $(i + 9)); put(name, "rx_dropped", $(i + 11)) }
		if ($i == "TX:") { put(name, "tx_bytes", $(i + 8)); put(name, "tx_packets", $(i + 9)); put(name, "tx_dropped", $(i + 11)) }
	}
	next
}
/ group xstats/ { name = $2; sub(/:$/, "", name); next }
/LACPDU (Rx|Tx) / { put(name, ($1 " " $2 == "LACPDU Rx") ? "lacpdu_rx" : "lacpdu_tx", $3) }
END {
	had = 0
	while ((getline line < state) > 0) {
		split(line, f, "=")
		was[f[1]] = f[2]
		had = 1
	}
	close(state)
	for (i = 1; i <= n; i++) {
		k = order[i]
		split(k, p, " ")
		if (had && now[k] != was[k]) {
			if (!(p[1] in line_of)) { devs[++nd] = p[1]; line_of[p[1]] = p[1] }
			line_of[p[1]] = line_of[p[1]] " " p[2] "+" (now[k] - was[k])
		}
		print k "=" now[k] > state
	}
	close(state)
	for (i = 1; i <= nd; i++)
		print line_of[devs[i]]
}'
