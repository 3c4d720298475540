/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The request policies of the "ethtool" generic netlink family
 * (ethnl-policy.c), one array per command as Linux 6.18 declares them
 * in net/ethtool/<message>.c, the header and nested ones shared where
 * Linux shares them, so that nlctrl's GETPOLICY dump numbers them as
 * the kernel's does.
 */
#ifndef UNL_ROUTE_ETHNL_POLICY_H
#define UNL_ROUTE_ETHNL_POLICY_H

#include <unetlink/attr.h>

/* ETHTOOL_A_HEADER_*: PHY_INDEX (6.9) is newer than the system's
 * header; the flags a request may set, without and with
 * ETHTOOL_FLAG_STATS. */
#define ETHNL_A_HEADER_PHY_INDEX 4
#define ETHNL_HEADER_MAX ETHNL_A_HEADER_PHY_INDEX
#define ETHNL_FLAGS_BASIC 3u
#define ETHNL_FLAGS_STATS 7u

/* The header of every request but STATS_GET's. */
#define ETHNL_A_HEADER 1

/* The header alone (most GETs), with ETHTOOL_FLAG_STATS allowed, with
 * a PHY named, and the permissive one a header is parsed with once the
 * command's own policy accepted it. */
extern const struct unl_nla_policy ethnl_header_policy[];
extern const struct unl_nla_policy ethnl_header_policy_stats[];
extern const struct unl_nla_policy ethnl_header_policy_phy[];
extern const struct unl_nla_policy ethnl_header_policy_phy_stats[];

/* By command, with each one's highest attribute. */
struct ethnl_policy {
	const struct unl_nla_policy *policy;
	unsigned int maxattr;
};
extern const struct ethnl_policy ethnl_policies[];
#define ETHNL_CMD_MAX 50

/* A command's policy as releases before until had it (with today's
 * maxattr: the handlers read today's attributes). */
struct ethnl_older_policy {
	uint8_t cmd;
	uint16_t until;
	const struct unl_nla_policy *policy;
};
#define ETHNL_N_OLDER_POLICIES 14
extern const struct ethnl_older_policy
	ethnl_older_policies[ETHNL_N_OLDER_POLICIES];

#endif
