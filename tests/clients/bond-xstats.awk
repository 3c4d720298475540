# the name and the statistics of each line of `ip -s -o link show`
{
	name = $2
	sub(/@.*/, "", name)
	sub(/:$/, "", name)
	i = index($0, "RX:")
	if (i)
		print name, substr($0, i)
}
