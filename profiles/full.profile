# The "full" kernel profile: everything unetlink models, as a Linux 6.18
# kernel built with all of it offers it.  Sysctls not listed here take the
# kernel's built-in defaults.  Format: docs/profiles.md.
name     full
kernel   6.18
link     bridge dummy tun veth vlan
link     macvlan macvtap ifb vxlan
genl     nlctrl
feature  IP_MULTIPLE_TABLES IPV6_MULTIPLE_TABLES IPV6_SUBTREES
feature  IP_ROUTE_CLASSID
feature  IP_MROUTE IPV6_MROUTE
feature  IP_MROUTE_MULTIPLE_TABLES IPV6_MROUTE_MULTIPLE_TABLES
feature  IPV6_ROUTER_PREF IPV6_ROUTE_INFO IPV6_OPTIMISTIC_DAD
feature  BRIDGE_VLAN_FILTERING BRIDGE_IGMP_SNOOPING BRIDGE_NETFILTER
feature  WEXT_CORE
tcpcong  reno bbr bic cdg cubic dctcp highspeed htcp hybla illinois lp nv
tcpcong  scalable vegas veno westwood yeah
