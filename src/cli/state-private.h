/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the parts of `unetlink state` share (state.c: the requests
 * written, the dumps read, links, addresses, routes, rules, neighbours,
 * xfrm, nf_tables; state_more.c: sysctls, bridge VLANs, FDB and MDB,
 * altnames, tc, conntrack, ipset, the SPD's defaults, WireGuard).
 */
#ifndef UNETLINK_CLI_STATE_PRIVATE_H
#define UNETLINK_CLI_STATE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "cli/state.h"

/* a request (or a batch) being written */
struct buf {
	unsigned char *p;
	size_t len, cap;
	bool oom;
};

/* copies of the messages of a dump */
struct msgs {
	struct nlmsghdr **v;
	size_t n, cap;
};

/* the state being written */
struct out {
	FILE *fp;
	bool json;
	size_t n;
	bool oom;
	int protocol; /* of the requests emitted now */
};

/* a device of the net saved */
struct link {
	const struct nlmsghdr *h;
	const struct ifinfomsg *ifi;
	const struct nlattr *tb[IFLA_MAX + 1];
	const struct nlattr *info[IFLA_INFO_MAX + 1];
	char kind[32];
	int lower;     /* IFLA_LINK in this net, 0: none */
	bool is_lo, made, skip;
};

struct net_state {
	struct msgs links_m;
	struct link *links;
	size_t nlinks;
};

#define RECV_BUF (256u * 1024u)

void st_buf_put(struct buf *b, const void *data, size_t n);
/* a request with NLM_F_REQUEST | NLM_F_ACK | flags and family header */
void st_req_start(struct buf *b, uint16_t type, uint16_t flags,
		  const void *hdr, size_t hlen);
void st_put_attr(struct buf *b, uint16_t type, const void *data, size_t n);
void st_put_copy(struct buf *b, const struct nlattr *a);
void st_put_u32(struct buf *b, uint16_t type, uint32_t v);
size_t st_nest_start(struct buf *b, uint16_t type);
void st_nest_end(struct buf *b, size_t off);
void st_req_end(struct buf *b);

void st_msgs_free(struct msgs *m);
int st_msgs_add(struct msgs *m, const struct nlmsghdr *h);
int st_nl_open(int protocol);
/* dump type (with attributes, or none) into m: 0 or -errno */
int st_dump_with(int fd, uint16_t type, const void *hdr, size_t hlen,
		 const struct buf *attrs, struct msgs *m);
int st_dump(int fd, uint16_t type, const void *hdr, size_t hlen,
	    struct msgs *m);
/* a request that is no dump: its answers (but the ACK) into m */
int st_query(int fd, uint16_t type, const void *hdr, size_t hlen,
	     const struct buf *attrs, struct msgs *m);

void st_parse(const void *start, size_t len, const struct nlattr **tb,
	      int max);
const void *st_payload(const struct nlattr *a);
size_t st_plen(const struct nlattr *a);
uint32_t st_get_u32(const struct nlattr *a);
uint8_t st_get_u8(const struct nlattr *a);
void st_parse_msg(const struct nlmsghdr *h, size_t hlen,
		  const struct nlattr **tb, int max);
void st_copy_attrs(struct buf *b, const void *start, size_t len,
		   bool (*skip)(const struct nlattr *a, const void *ctx),
		   const void *ctx);

/* the request in b (closed here) as a line of step */
void st_emit(struct out *o, const char *step, struct buf *b);
/* a datagram as it is (a batch) */
void st_emit_raw(struct out *o, const char *step, struct buf *b);

struct link *st_link_by_index(struct net_state *s, int ifindex);
bool st_link_skipped(struct net_state *s, int ifindex);
const char *st_link_name(const struct link *l);

/* state_more.c, each after the step it follows (docs/state.md) */
int st_save_sysctls(struct out *o, struct net_state *s);
void st_save_altnames(struct out *o, struct net_state *s, struct buf *b);
int st_save_bridge_vlans(int fd, struct out *o, struct net_state *s,
			 struct buf *b);
int st_save_vlan_options(int fd, struct out *o, struct net_state *s,
			 struct buf *b);
int st_save_vlan_global(int fd, struct out *o, struct net_state *s,
			struct buf *b);
int st_save_fdb(int fd, struct out *o, struct net_state *s, struct buf *b);
int st_save_mdb(int fd, struct out *o, struct net_state *s, struct buf *b);
/* vxlan VNI filters (RTM_NEWTUNNEL), after the FDB: a VNI's entries are
 * there already, its add appends nothing. */
int st_save_vni(int fd, struct out *o, struct net_state *s, struct buf *b);
int st_save_xfrm_spd(struct out *o, struct buf *b);
int st_save_ipset(struct out *o, struct buf *b);
int st_save_conntrack(struct out *o, struct buf *b);
int st_save_wireguard(struct out *o, struct net_state *s, struct buf *b);
/* state_neigh.c: each device's neighbour parameters (RTM_SETNEIGHTBL) */
int st_save_neigh_parms(int fd, struct out *o, struct net_state *s,
			struct buf *b);
/* state_tc.c: lone actions, qdiscs, classes, filters */
int st_save_tc(int fd, struct out *o, struct net_state *s, struct buf *b);
/* a generic netlink family's id by name, 0: none */
int st_genl_family(int fd, const char *name);

/* loading a sysctl line: 1 when the line was one (done or said), 0 when
 * not; the refusal in *refused */
int st_load_sysctl(const char *line, const char *where, int *refused);

#endif
