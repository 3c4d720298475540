// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/net/snmp, netstat and snmp6: the MIB counters of a net, as
 * net/ipv4/proc.c and net/ipv6/proc.c print them for Linux 6.18.  No
 * packets move in the model, so every counter is 0; the few fields that
 * are settings (Ip Forwarding and DefaultTTL, Tcp's RTO algorithm and
 * bounds, MaxConn) come from the net as Linux reads them.  IcmpMsg is
 * left out, as icmpmsg_put() prints only the message types counted.
 * The daemon puts the kernel's sections about sockets (Tcp, Udp...) in
 * place of these (src/daemon/mib.c): those sockets are the kernel's.
 */
#include <stdio.h>
#include <string.h>

#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/route/route-private.h"

/* The fields of each section, in the kernel's order: the names of
 * snmp4_ipstats_list and its neighbours (names are the user-visible
 * interface). */
struct snmp_section {
	const char *tag;
	const char *names; /* space-separated */
};

static const struct snmp_section snmp4[] = {
	{ "Ip",
	  "Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams "
	  "InUnknownProtos InDiscards InDelivers OutRequests OutDiscards "
	  "OutNoRoutes ReasmTimeout ReasmReqds ReasmOKs ReasmFails FragOKs "
	  "FragFails FragCreates OutTransmits" },
	{ "Icmp",
	  "InMsgs InErrors InCsumErrors InDestUnreachs InTimeExcds InParmProbs "
	  "InSrcQuenchs InRedirects InEchos InEchoReps InTimestamps "
	  "InTimestampReps InAddrMasks InAddrMaskReps OutMsgs OutErrors "
	  "OutRateLimitGlobal OutRateLimitHost OutDestUnreachs OutTimeExcds "
	  "OutParmProbs OutSrcQuenchs OutRedirects OutEchos OutEchoReps "
	  "OutTimestamps OutTimestampReps OutAddrMasks OutAddrMaskReps" },
	{ "Tcp",
	  "RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens "
	  "AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs "
	  "OutRsts InCsumErrors" },
	{ "Udp",
	  "InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors "
	  "InCsumErrors IgnoredMulti MemErrors" },
	{ "UdpLite",
	  "InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors "
	  "InCsumErrors IgnoredMulti MemErrors" },
};

static const struct snmp_section netstat4[] = {
	{ "TcpExt",
	  "SyncookiesSent SyncookiesRecv SyncookiesFailed EmbryonicRsts "
	  "PruneCalled RcvPruned OfoPruned OutOfWindowIcmps LockDroppedIcmps "
	  "ArpFilter TW TWRecycled TWKilled PAWSActive PAWSEstab BeyondWindow "
	  "TSEcrRejected PAWSOldAck PAWSTimewait DelayedACKs DelayedACKLocked "
	  "DelayedACKLost ListenOverflows ListenDrops TCPHPHits TCPPureAcks "
	  "TCPHPAcks TCPRenoRecovery TCPSackRecovery TCPSACKReneging "
	  "TCPSACKReorder TCPRenoReorder TCPTSReorder TCPFullUndo TCPPartialUndo "
	  "TCPDSACKUndo TCPLossUndo TCPLostRetransmit TCPRenoFailures "
	  "TCPSackFailures TCPLossFailures TCPFastRetrans TCPSlowStartRetrans "
	  "TCPTimeouts TCPLossProbes TCPLossProbeRecovery TCPRenoRecoveryFail "
	  "TCPSackRecoveryFail TCPRcvCollapsed TCPBacklogCoalesce TCPDSACKOldSent "
	  "TCPDSACKOfoSent TCPDSACKRecv TCPDSACKOfoRecv TCPAbortOnData "
	  "TCPAbortOnClose TCPAbortOnMemory TCPAbortOnTimeout TCPAbortOnLinger "
	  "TCPAbortFailed TCPMemoryPressures TCPMemoryPressuresChrono "
	  "TCPSACKDiscard TCPDSACKIgnoredOld TCPDSACKIgnoredNoUndo TCPSpuriousRTOs "
	  "TCPMD5NotFound TCPMD5Unexpected TCPMD5Failure TCPSackShifted "
	  "TCPSackMerged TCPSackShiftFallback TCPBacklogDrop PFMemallocDrop "
	  "TCPMinTTLDrop TCPDeferAcceptDrop IPReversePathFilter "
	  "TCPTimeWaitOverflow TCPReqQFullDoCookies TCPReqQFullDrop TCPRetransFail "
	  "TCPRcvCoalesce TCPOFOQueue TCPOFODrop TCPOFOMerge TCPChallengeACK "
	  "TCPSYNChallenge TCPFastOpenActive TCPFastOpenActiveFail "
	  "TCPFastOpenPassive TCPFastOpenPassiveFail TCPFastOpenListenOverflow "
	  "TCPFastOpenCookieReqd TCPFastOpenBlackhole TCPSpuriousRtxHostQueues "
	  "BusyPollRxPackets TCPAutoCorking TCPFromZeroWindowAdv "
	  "TCPToZeroWindowAdv TCPWantZeroWindowAdv TCPSynRetrans TCPOrigDataSent "
	  "TCPHystartTrainDetect TCPHystartTrainCwnd TCPHystartDelayDetect "
	  "TCPHystartDelayCwnd TCPACKSkippedSynRecv TCPACKSkippedPAWS "
	  "TCPACKSkippedSeq TCPACKSkippedFinWait2 TCPACKSkippedTimeWait "
	  "TCPACKSkippedChallenge TCPWinProbe TCPKeepAlive TCPMTUPFail "
	  "TCPMTUPSuccess TCPDelivered TCPDeliveredCE TCPAckCompressed "
	  "TCPZeroWindowDrop TCPRcvQDrop TCPWqueueTooBig TCPFastOpenPassiveAltKey "
	  "TcpTimeoutRehash TcpDuplicateDataRehash TCPDSACKRecvSegs "
	  "TCPDSACKIgnoredDubious TCPMigrateReqSuccess TCPMigrateReqFailure "
	  "TCPPLBRehash TCPAORequired TCPAOBad TCPAOKeyNotFound TCPAOGood "
	  "TCPAODroppedIcmps" },
	{ "IpExt",
	  "InNoRoutes InTruncatedPkts InMcastPkts OutMcastPkts InBcastPkts "
	  "OutBcastPkts InOctets OutOctets InMcastOctets OutMcastOctets "
	  "InBcastOctets OutBcastOctets InCsumErrors InNoECTPkts InECT1Pkts "
	  "InECT0Pkts InCEPkts ReasmOverlaps" },
	{ "MPTcpExt",
	  "MPCapableSYNRX MPCapableSYNTX MPCapableSYNACKRX MPCapableACKRX "
	  "MPCapableFallbackACK MPCapableFallbackSYNACK MPCapableSYNTXDrop "
	  "MPCapableSYNTXDisabled MPCapableEndpAttempt MPFallbackTokenInit "
	  "MPTCPRetrans MPJoinNoTokenFound MPJoinSynRx MPJoinSynBackupRx "
	  "MPJoinSynAckRx MPJoinSynAckBackupRx MPJoinSynAckHMacFailure MPJoinAckRx "
	  "MPJoinAckHMacFailure MPJoinRejected MPJoinSynTx MPJoinSynTxCreatSkErr "
	  "MPJoinSynTxBindErr MPJoinSynTxConnectErr DSSNotMatching "
	  "DSSCorruptionFallback DSSCorruptionReset InfiniteMapTx InfiniteMapRx "
	  "DSSNoMatchTCP DataCsumErr OFOQueueTail OFOQueue OFOMerge NoDSSInWindow "
	  "DuplicateData AddAddr AddAddrTx AddAddrTxDrop EchoAdd EchoAddTx "
	  "EchoAddTxDrop PortAdd AddAddrDrop MPJoinPortSynRx MPJoinPortSynAckRx "
	  "MPJoinPortAckRx MismatchPortSynRx MismatchPortAckRx RmAddr RmAddrDrop "
	  "RmAddrTx RmAddrTxDrop RmSubflow MPPrioTx MPPrioRx MPFailTx MPFailRx "
	  "MPFastcloseTx MPFastcloseRx MPRstTx MPRstRx SubflowStale SubflowRecover "
	  "SndWndShared RcvWndShared RcvWndConflictUpdate RcvWndConflict "
	  "MPCurrEstab Blackhole MPCapableDataFallback MD5SigFallback DssFallback "
	  "SimultConnectFallback FallbackFailed WinProbe" },
};

static const char snmp6_names[] =
	"Ip6InReceives Ip6InHdrErrors Ip6InTooBigErrors Ip6InNoRoutes "
	"Ip6InAddrErrors Ip6InUnknownProtos Ip6InTruncatedPkts Ip6InDiscards "
	"Ip6InDelivers Ip6OutForwDatagrams Ip6OutRequests Ip6OutDiscards "
	"Ip6OutNoRoutes Ip6ReasmTimeout Ip6ReasmReqds Ip6ReasmOKs Ip6ReasmFails "
	"Ip6FragOKs Ip6FragFails Ip6FragCreates Ip6InMcastPkts Ip6OutMcastPkts "
	"Ip6InOctets Ip6OutOctets Ip6InMcastOctets Ip6OutMcastOctets "
	"Ip6InBcastOctets Ip6OutBcastOctets Ip6InNoECTPkts Ip6InECT1Pkts "
	"Ip6InECT0Pkts Ip6InCEPkts Ip6OutTransmits Icmp6InMsgs Icmp6InErrors "
	"Icmp6OutMsgs Icmp6OutErrors Icmp6InCsumErrors Icmp6OutRateLimitHost "
	"Icmp6InDestUnreachs Icmp6InPktTooBigs Icmp6InTimeExcds "
	"Icmp6InParmProblems Icmp6InEchos Icmp6InEchoReplies "
	"Icmp6InGroupMembQueries Icmp6InGroupMembResponses "
	"Icmp6InGroupMembReductions Icmp6InRouterSolicits "
	"Icmp6InRouterAdvertisements Icmp6InNeighborSolicits "
	"Icmp6InNeighborAdvertisements Icmp6InRedirects Icmp6InMLDv2Reports "
	"Icmp6OutDestUnreachs Icmp6OutPktTooBigs Icmp6OutTimeExcds "
	"Icmp6OutParmProblems Icmp6OutEchos Icmp6OutEchoReplies "
	"Icmp6OutGroupMembQueries Icmp6OutGroupMembResponses "
	"Icmp6OutGroupMembReductions Icmp6OutRouterSolicits "
	"Icmp6OutRouterAdvertisements Icmp6OutNeighborSolicits "
	"Icmp6OutNeighborAdvertisements Icmp6OutRedirects Icmp6OutMLDv2Reports "
	"Udp6InDatagrams Udp6NoPorts Udp6InErrors Udp6OutDatagrams "
	"Udp6RcvbufErrors Udp6SndbufErrors Udp6InCsumErrors Udp6IgnoredMulti "
	"Udp6MemErrors UdpLite6InDatagrams UdpLite6NoPorts UdpLite6InErrors "
	"UdpLite6OutDatagrams UdpLite6RcvbufErrors UdpLite6SndbufErrors "
	"UdpLite6InCsumErrors UdpLite6MemErrors";

/* A field that is a setting, not a counter. */
struct snmp_const {
	const char *name;
	long value;
};

static long const_of(const struct snmp_const *c, size_t n, const char *name,
		     size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(c[i].name) == len && !strncmp(c[i].name, name, len))
			return c[i].value;
	return 0;
}

/* "Tag: names" then "Tag: values", as snmp_seq_show_*() write them. */
static void section_show(FILE *out, const struct snmp_section *s,
			 const struct snmp_const *c, size_t nc)
{
	fprintf(out, "%s: %s\n%s:", s->tag, s->names, s->tag);
	for (const char *p = s->names; *p;) {
		size_t len = strcspn(p, " ");

		fprintf(out, " %ld", const_of(c, nc, p, len));
		p += len;
		p += strspn(p, " ");
	}
	fputc('\n', out);
}

/* net.ipv4.ip_default_ttl: the profile's, else IPDEFTTL. */
static long default_ttl(const struct rtnl_net *rn)
{
	long v;

	if (unl_profile_sysctl_int(rn->net->profile, "net.ipv4.ip_default_ttl",
				   &v))
		v = 64;
	return v;
}

/* snmp_seq_show_ipstats() and snmp_seq_show_tcp_udp(): Forwarding is
 * 1 when forwarding and 2 when not (RFC 1213); tcp_mib_init()'s RTO
 * algorithm (other), bounds in ms and MaxConn -1 (dynamic). */
int rtnl_proc_snmp(struct rtnl_net *rn, FILE *out)
{
	const struct snmp_const c[] = {
		{ "Forwarding",
		  rn->cnf4_all[RTNL_DEVCONF4_FORWARDING] ? 1 : 2 },
		{ "DefaultTTL", default_ttl(rn) },
		{ "RtoAlgorithm", 1 },
		{ "RtoMin", 200 },
		{ "RtoMax", 120000 },
		{ "MaxConn", -1 },
	};

	/* the settings' names are unique across the sections */
	for (size_t i = 0; i < sizeof(snmp4) / sizeof(snmp4[0]); i++)
		section_show(out, &snmp4[i], c, sizeof(c) / sizeof(c[0]));
	return 0;
}

/* netstat_seq_show(): TcpExt, IpExt and MPTcpExt, all counters. */
int rtnl_proc_netstat(struct rtnl_net *rn, FILE *out)
{
	(void)rn;
	for (size_t i = 0; i < sizeof(netstat4) / sizeof(netstat4[0]); i++)
		section_show(out, &netstat4[i], NULL, 0);
	return 0;
}

/* snmp6_seq_show(): one "name<pad>\tvalue" line per counter. */
int rtnl_proc_snmp6(struct rtnl_net *rn, FILE *out)
{
	(void)rn;
	for (const char *p = snmp6_names; *p;) {
		size_t len = strcspn(p, " ");

		fprintf(out, "%-32.*s\t%lu\n", (int)len, p, 0ul);
		p += len;
		p += strspn(p, " ");
	}
	return 0;
}

/* snmp6_seq_show_dev(): the device's index, then its Ip6 and Icmp6
 * counters; the rate limit of hosts is the namespace's only. */
int rtnl_proc_dev_snmp6(struct rtnl_net *rn, const struct rtnl_link *l,
			FILE *out)
{
	(void)rn;
	fprintf(out, "%-32s\t%d\n", "ifIndex", l->ifindex);
	for (const char *p = snmp6_names; *p;) {
		size_t len = strcspn(p, " ");

		bool ours = !strncmp(p, "Ip6", 3) || !strncmp(p, "Icmp6", 5);

		if (len == strlen("Icmp6OutRateLimitHost") &&
		    !strncmp(p, "Icmp6OutRateLimitHost", len))
			ours = false;
		if (ours)
			fprintf(out, "%-32.*s\t%lu\n", (int)len, p, 0ul);
		p += len;
		p += strspn(p, " ");
	}
	return 0;
}
