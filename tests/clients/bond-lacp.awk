# the name and the 802.3ad part of each line of `ip -d -o link show`
# (a bond's from ad_select, a port's from bond_slave)
{
	name = $2
	sub(/@.*/, "", name)
	sub(/:$/, "", name)
	i = index($0, "ad_select ")
	if (!i)
		i = index($0, "bond_slave ")
	if (i)
		print name, substr($0, i)
}
