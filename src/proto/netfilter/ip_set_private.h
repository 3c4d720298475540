/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ipset inside: the set, its elements and the ops table of a set type
 * (Linux's struct ip_set_type and ip_set_type_variant), shared by
 * ip_set_core.c and one file per type (ip_set_hash_ip.c, ...).  Not
 * installed.
 *
 * An element is one struct for every type: its key (what a type lacks
 * stays 0) and the values of its extensions.  The core keeps the
 * elements (an array in the order they came, with an index that finds
 * one by key), their extensions, the commands and the dumps; a type
 * parses its create and add/del/test data into keys, and writes its
 * header and its elements' keys back.
 */
#ifndef UNETLINK_PROTO_IP_SET_PRIVATE_H
#define UNETLINK_PROTO_IP_SET_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include <net/if.h>
#include <linux/netfilter/ipset/ip_set.h>

#include <unetlink/attr.h>
#include <unetlink/kernel.h>

#define IPS_MAX_SETS 256 /* CONFIG_IP_SET_MAX */
#define IPS_NAME_LEN 32  /* IPSET_MAXNAMELEN */
#define IPS_PROTO 7      /* IPSET_PROTOCOL */
#define IPS_PROTO_MIN 6  /* IPSET_PROTOCOL_MIN */
#define IPS_HASH_MIN 64  /* IPSET_MIMINAL_HASHSIZE */
#define IPS_BUCKET_DEFAULT 12 /* AHASH_MAX_SIZE */
#define IPS_MAX_RANGE 0x0000FFFFu /* IPSET_BITMAP_MAX_RANGE */
/* IPSET_MAX_TIMEOUT: what fits in jiffies of HZ 250 */
#define IPS_MAX_TIMEOUT (0x7fffffffu / 250)
#define IPS_CADT_WITH_ (IPSET_FLAG_WITH_COUNTERS | IPSET_FLAG_WITH_COMMENT | \
			IPSET_FLAG_WITH_SKBINFO | IPSET_FLAG_WITH_FORCEADD)

/* enum ip_set_feature: what a type's elements are made of; two sets
 * swap only when their types have the same */
#define IPS_FEAT_IP 0x01
#define IPS_FEAT_PORT 0x02
#define IPS_FEAT_MAC 0x04
#define IPS_FEAT_IP2 0x08
#define IPS_FEAT_NAME 0x10
#define IPS_FEAT_IFACE 0x20
#define IPS_FEAT_MARK 0x40
#define IPS_FEAT_NOMATCH 0x80
#define IPS_FEAT_DUMP_LAST 0x100 /* listed after the others (list:set) */

/* Linux 6.2's hash:ip bitmask, newer than some uapi headers */
#ifndef IPSET_ATTR_BITMASK
#define IPSET_ATTR_BITMASK 12
#endif
/* ... and its error, after IPSET_ERR_HASH_RANGE */
#define IPS_ERR_BITMASK_NETMASK_EXCL (IPSET_ERR_TYPE_SPECIFIC + 6)

#define NETORDER(a) (((a)->nla_type & NLA_F_NET_BYTEORDER) != 0)

/* An element: its key, then the values of the set's extensions, which
 * the key's hash and equality ignore (nomatch too, as Linux's
 * data_equal does). */
struct ips_elem {
	uint8_t addr[16];
	uint8_t cidr;
	uint8_t proto;
	uint16_t port; /* network order */
	uint8_t addr2[16];
	uint8_t cidr2; /* of addr2, for the second network */
	uint8_t mac[6];
	bool physdev; /* hash:net,iface: the bridge port, not the device */
	char iface[IFNAMSIZ];
	uint16_t ref; /* list:set: the member set's index */
	uint32_t mark; /* hash:ip,mark: cut to the set's markmask */
	/* ---- not the key ---- */
	bool has_vmac; /* bitmap:ip,mac: its MAC (a value there) */
	uint8_t vmac[6];
	uint32_t seq; /* list:set: its place in the list, from 0 */
	bool nomatch;
	/* timeout: when it expires (ms of the net's clock), 0 never */
	int64_t expires_ms;
	uint64_t bytes, packets;
	char *comment;
	uint32_t skbmark, skbmarkmask, skbprio;
	uint16_t skbqueue;
};

/* What an add gives an element besides its key (struct ip_set_ext):
 * the counters only when given. */
struct ips_ext {
	bool has_timeout, has_bytes, has_packets;
	uint32_t timeout;
	uint64_t bytes, packets;
	const char *comment;
	uint32_t skbmark, skbmarkmask, skbprio;
	uint16_t skbqueue;
};

struct ips_net;
struct ips_set;

/* struct ip_set_type with its variant: one per type file. */
struct ips_type {
	const char *name;
	uint8_t rev_min, rev_max;
	/* the release (major * 100 + minor) that brought rev_max, where
	 * a profile may describe an older kernel: that one's newest
	 * revision is rev_max - 1 (0: every profile has rev_max) */
	int rev_max_since;
	uint8_t family;      /* NFPROTO_IPV4 (bitmap:ip), NFPROTO_UNSPEC
				(inet and inet6 or none: see no_family) */
	bool no_family;      /* its sets have none (bitmap:port, list:set) */
	uint32_t features;   /* IPS_FEAT_* */
	const char *feature; /* its module's Kconfig symbol; NULL: always */
	/* the key layout the hash types' shared code reads
	 * (ip_set_hash_gen.c) */
	bool net;  /* elements carry a prefix length */
	bool port; /* a protocol and a port */
	bool ip2;  /* a second address */
	bool net2; /* ... which is a network */
	bool netmask; /* IP_SET_HASH_WITH_NETMASK: a netmask or bitmask */
	bool iface;   /* an interface's name (hash:net,iface) */
	bool mac;     /* a MAC address (hash:ip,mac) */
	bool mark;    /* a mark, under a markmask (hash:ip,mark) */
	/* IP_SET_PROTO_UNDEF: its sets have no family, and one that names
	 * a family is refused (hash:mac) */
	bool proto_undef;
	/* The create data (parsed; NULLs for what was not given): fill
	 * the set's parameters.  0 or -errno. */
	int (*create)(struct ips_set *s, const struct nlattr *const tb[]);
	/* One add, del or test data nest (parsed): every element it names
	 * through ips_adt_one().  For a test 1 or 0, else 0 or -errno. */
	int (*uadt)(struct ips_set *s, int cmd, const struct nlattr *const tb[],
		    bool exist_ok, struct ips_ext *ext);
	/* The header's own part inside IPSET_ATTR_DATA (the hash
	 * parameters, a bitmap's range).  0, or -1 when it does not fit. */
	int (*head)(struct unl_skb *skb, const struct ips_set *s);
	/* An element's key inside its IPSET_ATTR_DATA. */
	int (*elem)(struct unl_skb *skb, const struct ips_set *s,
		    const struct ips_elem *e);
	/* IPSET_ATTR_MEMSIZE as the kernel's variant counts it. */
	uint32_t (*memsize)(const struct ips_set *s);
	/* A dump in the kernel's order: how many positions, and the
	 * element at one (NULL: none there).  NULL: the order they came. */
	uint32_t (*list_total)(const struct ips_set *s);
	struct ips_elem *(*list_at)(struct ips_set *s, uint32_t i);
	/* mtype_same_set() beyond what the core compares */
	bool (*same)(const struct ips_set *a, const struct ips_set *b);
	/* A test of a key that may be covered by a network of the set
	 * (mtype_test_cidrs); NULL: an exact lookup.  1, 0 or
	 * -ENOTEMPTY (a nomatch element holds it). */
	int (*test)(struct ips_set *s, const struct ips_elem *e);
	/* An element going (deleted, flushed, expired, its set
	 * destroyed): what it holds let go (list:set's member set) */
	void (*release)(struct ips_set *s, const struct ips_elem *e);
};

struct ips_set {
	char name[IPS_NAME_LEN];
	const struct ips_type *type;
	struct ips_net *in;
	uint8_t family, revision, bucketsize;
	uint32_t hashsize, maxelem, initval;
	/* the kernel components holding it (struct ip_set's ref): the
	 * set match and SET target of iptables rules, list:set */
	uint32_t ref;
	/* extensions: a default timeout (with_timeout), and the
	 * IPSET_FLAG_WITH_* of its creation */
	bool with_timeout;
	uint32_t timeout;
	uint32_t cadt_with;
	/* bitmap:port: its range (host order) */
	uint16_t first_port, last_port;
	/* bitmap:ip and bitmap:ip,mac: its range (host order), and the
	 * addresses each element covers (netmask) */
	uint32_t first_ip, last_ip, hosts;
	/* bitmap:ip, hash:ip: the netmask (32 or 128: none), and what
	 * hash:ip cuts addresses to (the netmask's, or a bitmask) */
	uint8_t netmask;
	uint8_t bitmask[16];
	/* hash:ip,mark: what of a mark counts (0xffffffff by default) */
	uint32_t markmask;
	/* the extensions of the add under way, for each element it makes */
	const struct ips_ext *ext;
	bool nomatch; /* ... and its nomatch flag */
	struct ips_elem *elems;
	uint32_t n, cap;
	/* The index: a power of two of slots, each 0 (empty), IPS_TOMB (a
	 * deleted one) or an element's position + 1. */
	uint32_t *slot;
	uint32_t nslot, used; /* used: slots not empty, tombstones too */
};

#define IPS_TOMB UINT32_MAX

struct ips_net {
	struct unl_net *net;
	struct ips_set *sets[IPS_MAX_SETS];
	uint32_t seed; /* initvals: get_random_u32() there */
};

/* The types (one file each), found by ip_set_core.c's ips_types[]. */
extern const struct ips_type ip_set_hash_ip_type;
extern const struct ips_type ip_set_hash_net_type;
extern const struct ips_type ip_set_hash_ipport_type;
extern const struct ips_type ip_set_hash_netport_type;
extern const struct ips_type ip_set_hash_ipportip_type;
extern const struct ips_type ip_set_hash_ipportnet_type;
extern const struct ips_type ip_set_bitmap_port_type;
extern const struct ips_type ip_set_bitmap_ip_type;
extern const struct ips_type ip_set_bitmap_ipmac_type;
extern const struct ips_type ip_set_hash_netiface_type;
extern const struct ips_type ip_set_list_set_type;
extern const struct ips_type ip_set_hash_netnet_type;
extern const struct ips_type ip_set_hash_netportnet_type;
extern const struct ips_type ip_set_hash_ipmac_type;
extern const struct ips_type ip_set_hash_mac_type;
extern const struct ips_type ip_set_hash_ipmark_type;

/* ---- ip_set_core.c's helpers for the types ---- */

size_t ips_alen(uint8_t family);
uint8_t ips_host_mask(uint8_t family);
int64_t ips_now_ms(const struct ips_set *s);
/* ip_set_get_ipaddr4/6(): a nest holding the address in network order */
int ips_get_addr(const struct nlattr *nla, uint8_t family, uint8_t *addr);
/* the address of family as IPSET_ATTR_IP-like nest type */
int ips_put_addr(struct unl_skb *skb, int type, uint8_t family,
		 const uint8_t *addr);
void ips_mask(uint8_t *addr, uint8_t cidr, size_t alen);
bool ips_is_zero(const uint8_t *addr, size_t alen);
uint32_t ips_v4(const uint8_t *a);
void ips_set_v4(uint8_t *a, uint32_t v);
uint32_t ips_hostmask(uint8_t cidr);
/* A bitmap:ip or bitmap:ip,mac create's range: IP to IP_TO, or IP's
 * network of CIDR (in either order; the create's timeout and flags in
 * network order).  0 or -IPSET_ERR_*. */
int ips_bitmap_v4_range(const struct nlattr *const tb[], uint32_t *first,
			uint32_t *last);
/* range_to_mask(): the mask of the network from..to is, if any */
uint32_t ips_range_to_mask(uint32_t from, uint32_t to, uint8_t *bits);
/* ip_set_range_to_cidr(): the largest network at from within to */
uint8_t ips_range_cidr(uint32_t from, uint32_t to, uint32_t *last);
/* The create's timeout and CADT_FLAGS' WITH_* */
void ips_create_ext(struct ips_set *s, const struct nlattr *const tb[]);
/* ip_set_optattr_netorder() for every extension attribute */
bool ips_ext_netorder_ok(const struct nlattr *const tb[]);
/* ip_set_get_extensions(): what the set was made with may be given;
 * the set takes them for the elements it makes next */
int ips_get_ext(struct ips_set *s, const struct nlattr *const tb[],
		struct ips_ext *x);
/* One element added, deleted or tested (mtype_add, _del, _test):
 * for a test 1 or 0, else 0 or -errno. */
int ips_adt_one(struct ips_set *s, int cmd, const struct ips_elem *e,
		bool exist_ok);
struct ips_elem *ips_elem_find(struct ips_set *s, const struct ips_elem *e);
/* An element stored with the add's extensions, whatever maxelem says
 * (0 or -ENOMEM); an existing one given them again; one removed. */
int ips_elem_new(struct ips_set *s, const struct ips_elem *e);
int ips_elem_set_ext(struct ips_set *s, struct ips_elem *el, bool fresh);
void ips_elem_remove(struct ips_set *s, struct ips_elem *e);
/* The set of the net named name (and its index), or NULL. */
struct ips_set *ips_find_name(struct ips_net *in, const char *name,
			      uint16_t *index);
/* A bitmap type's memory: its struct and one bit per element, with
 * struct sizes of x86_64 (base: sizeof(struct bitmap_*)). */
uint32_t ips_bitmap_memsize(uint32_t base, uint32_t elements,
			    uint32_t per_elem);
/* the next element of a walk over the addresses or ports of a range
 * failed: go on (an existing one with -exist) or stop */
static inline bool ips_range_stop(int err, bool exist_ok)
{
	return err < 0 && !(err == -IPSET_ERR_EXIST && exist_ok);
}

/* ---- ip_set_hash_gen.c: what every hash type shares ---- */

bool ips_proto_with_ports(uint8_t proto);
int ips_hash_create(struct ips_set *s, const struct nlattr *const tb[]);
int ips_hash_head(struct unl_skb *skb, const struct ips_set *s);
int ips_hash_elem(struct unl_skb *skb, const struct ips_set *s,
		  const struct ips_elem *e);
uint32_t ips_hash_memsize(const struct ips_set *s);
int ips_hash_test(struct ips_set *s, const struct ips_elem *e);
bool ips_hash_same(const struct ips_set *a, const struct ips_set *b);
/* hash_ip, hash_net, hash_ipport, hash_netport, hash_ipportip and
 * hash_ipportnet's uadt, told apart by the type's key layout */
int ips_hash_uadt(struct ips_set *s, int cmd, const struct nlattr *const tb[],
		  bool exist_ok, struct ips_ext *ext);

#define IPS_HASH_OPS                                                          \
	.create = ips_hash_create, .uadt = ips_hash_uadt,                    \
	.head = ips_hash_head, .elem = ips_hash_elem,                        \
	.memsize = ips_hash_memsize, .test = ips_hash_test,                 \
	.same = ips_hash_same

#endif
