# The "minimal" kernel profile: a Linux 6.18 kernel with routing tables and
# veth, and nothing optional beyond them: no bridge, dummy or 8021q
# module, no multicast routing, no IPv6 source routing (subtrees), no
# IPv6 router preferences or optimistic DAD; TCP congestion control reno
# and cubic only.  Format: docs/profiles.md.
name     minimal
kernel   6.18
link     veth
genl     nlctrl
feature  IP_MULTIPLE_TABLES IPV6_MULTIPLE_TABLES
tcpcong  reno cubic
