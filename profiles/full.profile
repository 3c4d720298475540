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
feature  SECURITY_SELINUX CONNECTOR SCSI_NETLINK NETLINK_DIAG AUDIT
feature  XFRM_USER XFRM_SUB_POLICY
xfrm     esp4 esp6 ah4 ah6 ipcomp4 ipcomp6 ipip4 ipip6 mip6
algo     digest_null hmac(md5) hmac(sha1) hmac(sha256) hmac(sha384)
algo     hmac(sha512) hmac(rmd160) xcbc(aes) cmac(aes)
algo     ecb(cipher_null) cbc(des) cbc(des3_ede) cbc(cast5) cbc(blowfish)
algo     cbc(aes) cbc(serpent) cbc(camellia) cbc(twofish) rfc3686(ctr(aes))
algo     rfc4106(gcm(aes)) rfc4309(ccm(aes)) rfc4543(gcm(aes))
algo     rfc7539esp(chacha20,poly1305) deflate lzs lzjh
link     xfrm
feature  NF_TABLES
nft      payload meta cmp immediate counter bitwise lookup ct log limit
nft      reject nat masq redir fib range quota objref
nft      byteorder exthdr rt xfrm socket osf tproxy synproxy hash numgen
nft      connlimit last dup fwd queue match target
nft      dynset
nft      inner tunnel
feature  CRYPTO_USER
feature  NF_CT_NETLINK
feature  IP_SET
feature  NETFILTER_NETLINK_ACCT NETFILTER_NETLINK_LOG NETFILTER_NETLINK_QUEUE
feature  NETFILTER_NETLINK_GLUE_CT NETWORK_SECMARK NF_CT_NETLINK_TIMEOUT
feature  NF_CT_PROTO_SCTP NF_CT_PROTO_GRE NF_CT_PROTO_UDPLITE
feature  NETFILTER_SYNPROXY
# DCCP's tracker, which a kernel before 6.16 has
feature  NF_CT_PROTO_DCCP
feature  NETFILTER_XT_MATCH_CONNTRACK NETFILTER_XT_MATCH_STATE
feature  NETFILTER_XT_MATCH_MULTIPORT NETFILTER_XT_MATCH_COMMENT
feature  NETFILTER_XT_MATCH_ADDRTYPE NETFILTER_XT_MATCH_MARK
feature  NETFILTER_XT_MATCH_CONNMARK NETFILTER_XT_MATCH_LIMIT
feature  NETFILTER_XT_TARGET_MARK NETFILTER_XT_TARGET_CONNMARK
feature  NETFILTER_XT_TARGET_MASQUERADE NETFILTER_XT_NAT
feature  NETFILTER_XT_TARGET_LOG IP_NF_TARGET_REJECT
feature  IP6_NF_TARGET_REJECT NETFILTER_XT_TARGET_TCPMSS NF_LOG_SYSLOG
feature  IP_SET_HASH_IPPORT IP_SET_HASH_NETPORT IP_SET_HASH_IPPORTIP
feature  IP_SET_HASH_IPPORTNET IP_SET_BITMAP_PORT IP_SET_BITMAP_IP
feature  XFRM_MIGRATE
link     ipvlan
genl     wireguard
link     wireguard
link     geneve
link     vrf
link     nlmon
link     bond
qdisc    pfifo_fast pfifo bfifo pfifo_head_drop mq noqueue
qdisc    ingress clsact tbf htb prio fq_codel codel plug sfq netem
genl     tcp_metrics mptcp_pm SEG6 IOAM6
genl     netdev
feature  INFINIBAND SCSI_ISCSI_ATTRS
link     ipip gre gretap erspan vti
feature  NETFILTER_XT_SET
feature  IP_SET_BITMAP_IPMAC IP_SET_HASH_NETIFACE IP_SET_LIST_SET
feature  NETFILTER_XT_MATCH_PHYSDEV NETFILTER_XT_MATCH_HASHLIMIT
feature  NETFILTER_XT_MATCH_RECENT NETFILTER_XT_TARGET_CLASSIFY IP_NF_ARP_MANGLE
feature  BRIDGE_EBT_AMONG BRIDGE_EBT_LIMIT BRIDGE_EBT_PKTTYPE BRIDGE_EBT_IP
feature  BRIDGE_EBT_IP6 BRIDGE_EBT_VLAN BRIDGE_EBT_STP BRIDGE_EBT_802_3
feature  BRIDGE_EBT_LOG BRIDGE_EBT_NFLOG BRIDGE_EBT_MARK_T BRIDGE_EBT_DNAT
feature  BRIDGE_EBT_SNAT BRIDGE_EBT_REDIRECT BRIDGE_EBT_ARPREPLY
feature  BRIDGE_EBT_ARP
feature  IP_SET_HASH_NETNET IP_SET_HASH_NETPORTNET IP_SET_HASH_IPMAC
qdisc    skbprio multiq red choke pie fq_pie drr qfq hfsc fq mqprio cake
cls      u32 bpf matchall
act      mirred gact skbedit
feature  CLS_U32_MARK CLS_U32_PERF GACT_PROB
feature  IP_SET_HASH_MAC IP_SET_HASH_IPMARK
nft      flow_offload flowtable
feature  NF_CT_NETLINK_HELPER
link     sit ip6tnl ip6gre ip6gretap ip6erspan vti6
qdisc    ets cbs etf hhf sfb gred taprio teql dualpi2
cls      flower basic fw route cgroup flow
act      police vlan csum nat tunnel_key pedit connmark sample gate ct
genl     TASKSTATS
genl     handshake NET_DM
feature  NET_DEVLINK
genl     devlink
feature  NETFILTER_NETLINK_OSF
feature  NF_CONNTRACK_FTP NF_CONNTRACK_TFTP NF_CONNTRACK_SIP NF_CONNTRACK_IRC
feature  NF_CONNTRACK_AMANDA NF_CONNTRACK_H323 NF_CONNTRACK_PPTP
feature  NF_CONNTRACK_SANE NF_CONNTRACK_SNMP NF_CONNTRACK_NETBIOS_NS
ematch   cmp nbyte u32 meta text canid ipset ipt
feature  NETFILTER_XT_MATCH_POLICY
feature  NF_NAT_FTP NF_NAT_TFTP NF_NAT_SIP NF_NAT_IRC NF_NAT_AMANDA
feature  NF_NAT_SNMP_BASIC NF_CONNTRACK_TIMEOUT
feature  IP_NF_IPTABLES IP_NF_FILTER IP_NF_MANGLE IP_NF_NAT IP_NF_RAW
feature  IP_NF_SECURITY IP6_NF_IPTABLES IP6_NF_FILTER IP6_NF_MANGLE
feature  IP6_NF_NAT IP6_NF_RAW IP6_NF_SECURITY IP_NF_ARPTABLES IP_NF_ARPFILTER
feature  NETFILTER_NETLINK_HOOK
feature  NF_CONNTRACK_PROCFS
genl     IPVS
ipvs     rr wrr lc wlc fo ovf lblc lblcr dh sh mh sed nq twos sip
feature  BRIDGE_NF_EBTABLES_LEGACY BRIDGE_EBT_T_FILTER BRIDGE_EBT_T_NAT BRIDGE_EBT_BROUTE
feature  BRIDGE_EBT_MARK
