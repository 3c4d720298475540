/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unetlink: the net object and the user-side socket calls.
 *
 * A struct unl_net is Linux's struct net as far as netlink is concerned:
 * a protocol table of UNL_MAX_LINKS entries and every socket in it.  The
 * unl_* socket calls below behave as the system calls of the same name do
 * on an AF_NETLINK socket, with one difference in convention: they return
 * 0 or a non-negative count on success and -errno on failure, and never
 * touch errno.
 *
 * All calls are thread safe.  A blocking unl_recvmsg() waits for another
 * thread's unl_sendmsg(), as on Linux.
 */
#ifndef UNETLINK_NET_H
#define UNETLINK_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define UNL_EXPORT __attribute__((visibility("default")))

/* MAX_LINKS in the kernel. */
#define UNL_MAX_LINKS 32

struct unl_net;
struct unl_sock;

/*
 * Who is acting: the subject of every permission decision.  caps is a
 * bit set of Linux capability numbers (<linux/capability.h>), bit n set
 * when capability n is held.
 */
struct unl_cred {
	int32_t pid;
	uint32_t uid;
	uint32_t gid;
	uint64_t caps;
};

#define UNL_CAP(c) (UINT64_C(1) << (c))

/* Fill *cred with the calling process's pid, effective uid/gid and
 * effective capabilities. */
UNL_EXPORT void unl_cred_from_process(struct unl_cred *cred);

/*
 * Create a net with an empty protocol table, NETLINK_USERSOCK registered
 * as Linux registers it, and the built-in protocols loadable on first use.
 * On success *netp owns the new net; free it with unl_net_free().
 */
UNL_EXPORT int unl_net_new(struct unl_net **netp);

/* Close every socket still open and free the net.  In a world, the
 * other nets lose their nsids for it first (and their rtnetlink
 * listeners hear RTM_DELNSID). */
UNL_EXPORT void unl_net_free(struct unl_net *net);

/*
 * Worlds: nets that see each other, as the network namespaces of one
 * machine do (nsids, devices in other nets, NETLINK_LISTEN_ALL_NSID).
 * The nets of a world share one lock, as Linux's namespaces share the
 * RTNL: an operation that spans nets takes no other lock.  A net made by
 * unl_net_new() has a world of its own; unl_net_new_in() makes one in a
 * world.  unl_world_free() frees the nets still in it, newest first.
 */
struct unl_world;
struct unl_net_config; /* unetlink/profile.h */
UNL_EXPORT int unl_world_new(struct unl_world **worldp);
UNL_EXPORT void unl_world_free(struct unl_world *world);
UNL_EXPORT int unl_net_new_in(struct unl_world *world,
			      const struct unl_net_config *cfg,
			      struct unl_net **netp);
UNL_EXPORT struct unl_world *unl_net_world(const struct unl_net *net);

/*
 * Which net a process or a descriptor names (NETNSA_PID, NETNSA_FD,
 * IFLA_NET_NS_PID, IFLA_NET_NS_FD): only the program that hosts the
 * world knows its processes and their descriptors (the daemon does).
 * kind is UNL_NETNS_BY_PID or UNL_NETNS_BY_FD; who is the caller (a
 * descriptor is one of its own).  Returns the net, or NULL with *err set
 * as Linux's get_net_ns_by_pid() / get_net_ns_by_fd() would (-ESRCH for
 * no such process, -EBADF, -EINVAL for a descriptor that is not a
 * namespace's).  Called with the world locked; must not call back into
 * unetlink.  Without a resolver every such name is unknown.
 * UNL_CGROUP_BY_FD asks what a descriptor of the caller's is for
 * CGROUPSTATS_CMD_GET: the resolver returns NULL with *err -EBADF (no
 * such descriptor), -EINVAL (not a directory of a cgroup v1 hierarchy,
 * as cgroupstats_build() wants) or 0 (one).  UNL_SOCKET_BY_FD asks
 * the same of a socket (sockfd_lookup()): -EBADF, -ENOTSOCK or 0.
 */
enum {
	UNL_NETNS_BY_PID,
	UNL_NETNS_BY_FD,
	UNL_CGROUP_BY_FD,
	UNL_SOCKET_BY_FD,
};
typedef struct unl_net *(*unl_netns_resolve_fn)(struct unl_world *world,
						 const struct unl_cred *who,
						 int kind, uint32_t value,
						 int *err, void *user);
UNL_EXPORT void unl_world_set_resolver(struct unl_world *world,
				       unl_netns_resolve_fn fn, void *user);
/*
 * NETLINK_SOCK_DIAG requests for families whose sockets are the host's
 * (inet, inet6, unix, packet: every family but AF_NETLINK) may be passed
 * to the kernel by the embedding program.  fn gets the request (one
 * message, nlmsg_len bytes, NLM_F_ACK set so that the kernel always
 * answers) and who sends it, and returns 0 with the kernel's answer in
 * *reply (malloc'ed, freed by the caller: the messages up to and
 * including NLMSG_DONE or NLMSG_ERROR), or -errno, which refuses the
 * request.  Called with the world locked: it must not call back into
 * unetlink.  Without one, such requests get ENOENT, as from a kernel
 * without those diag modules.
 */
typedef int (*unl_sock_diag_relay_fn)(const struct unl_cred *who,
				      const void *req, size_t len,
				      void **reply, size_t *reply_len,
				      void *user);
UNL_EXPORT void unl_world_set_sock_diag_relay(struct unl_world *world,
					      unl_sock_diag_relay_fn fn,
					      void *user);
/*
 * The destroy groups of NETLINK_SOCK_DIAG (SKNLGRP_INET_TCP_DESTROY to
 * SKNLGRP_INET6_UDP_DESTROY) carry the kernel's events about the host's
 * sockets.  listen is called when a socket of any net of the world joins
 * one of them (world locked: it must not call back into unetlink), with
 * who joins; the embedding program then listens to the kernel's group
 * and passes each event to unl_world_sock_diag_event(), which sends it
 * to the group's members in every net and returns how many nets still
 * have members (0: the program may stop listening to that group).
 */
typedef void (*unl_sock_diag_listen_fn)(const struct unl_cred *who,
					unsigned int group, void *user);
UNL_EXPORT void unl_world_set_sock_diag_listen(struct unl_world *world,
					       unl_sock_diag_listen_fn fn,
					       void *user);
UNL_EXPORT int unl_world_sock_diag_event(struct unl_world *world,
					 unsigned int group, const void *msg,
					 size_t len);
/* The net's id: unique in its world and never reused, as a namespace's
 * inode number is (the first net's is Linux's initial one, 0xf0000000). */
UNL_EXPORT uint64_t unl_net_id(const struct unl_net *net);

/*
 * Protocol autoloading, the counterpart of request_module("net-pf-16-
 * proto-N").  When a socket is created for a protocol that has no entry in
 * the table, the loader is called (with the net locked) and may register
 * it with unl_kernel_create().  unl_net_new() installs a loader for the
 * protocols built into libunetlink; unl_net_set_loader() replaces it
 * (NULL disables autoloading).
 */
typedef int (*unl_loader_fn)(struct unl_net *net, int protocol, void *user);
UNL_EXPORT void unl_net_set_loader(struct unl_net *net, unl_loader_fn fn,
				   void *user);

/* socket(AF_NETLINK, type, protocol).  type may carry SOCK_NONBLOCK and
 * SOCK_CLOEXEC.  cred may be NULL for the calling process: it is who acts
 * on the socket until unl_sock_set_cred(), and its capabilities stay the
 * opener's (the file credentials that requests are checked against too).
 * On success *skp holds one reference, released by unl_close(). */
UNL_EXPORT int unl_socket(struct unl_net *net, int type, int protocol,
			  const struct unl_cred *cred, struct unl_sock **skp);
UNL_EXPORT int unl_close(struct unl_sock *sk);

UNL_EXPORT int unl_bind(struct unl_sock *sk, const struct sockaddr *addr,
			socklen_t addrlen);
UNL_EXPORT int unl_connect(struct unl_sock *sk, const struct sockaddr *addr,
			   socklen_t addrlen);
UNL_EXPORT int unl_getsockname(struct unl_sock *sk, struct sockaddr *addr,
			       socklen_t *addrlen);
UNL_EXPORT int unl_getpeername(struct unl_sock *sk, struct sockaddr *addr,
			       socklen_t *addrlen);
UNL_EXPORT ssize_t unl_sendmsg(struct unl_sock *sk, const struct msghdr *msg,
			       int flags);
UNL_EXPORT ssize_t unl_recvmsg(struct unl_sock *sk, struct msghdr *msg,
			       int flags);
UNL_EXPORT ssize_t unl_sendto(struct unl_sock *sk, const void *buf,
			      size_t len, int flags,
			      const struct sockaddr *addr, socklen_t addrlen);
UNL_EXPORT ssize_t unl_recvfrom(struct unl_sock *sk, void *buf, size_t len,
				int flags, struct sockaddr *addr,
				socklen_t *addrlen);
UNL_EXPORT int unl_setsockopt(struct unl_sock *sk, int level, int optname,
			      const void *optval, socklen_t optlen);
UNL_EXPORT int unl_getsockopt(struct unl_sock *sk, int level, int optname,
			      void *optval, socklen_t *optlen);

/*
 * ioctl(2) on a socket of family `family` (AF_INET, AF_INET6, AF_PACKET,
 * AF_UNIX, AF_NETLINK, ...) of net, made by who: what Linux answers from
 * its devices, routes and neighbours (sock_ioctl(), the family's ioctl,
 * dev_ioctl(): SIOCGIF and SIOCSIF requests, SIOCGIFCONF, routes, ARP,
 * bridges, ethtool), with their effects and rtnetlink events.  arg is
 * what the ioctl's argument points to, and pointers in it (ifc_buf,
 * ifr_data, rt_dev) are the caller's, as the kernel reads user memory.
 * 0 or a count as the system call returns it, or -errno: -ENOTTY for a
 * request none of these knows.
 */
UNL_EXPORT int unl_ioctl(struct unl_net *net, const struct unl_cred *who,
			 int family, unsigned long cmd, void *arg);

/*
 * getsockopt(2) at level SOL_IP on a socket of family `family` of net,
 * made by who, for the options netfilter registers there
 * (nf_getsockopt()): SO_IP_SET, ip_set's interface to iptables.  buf
 * holds the request, len bytes as the caller's optlen said (what the
 * option reads of it), and gets the answer in place; optlen does not
 * change.  0 or -errno: -ENOPROTOOPT for an option the net's kernel
 * does not have.
 */
UNL_EXPORT int unl_nf_getsockopt(struct unl_net *net,
				 const struct unl_cred *who, int family,
				 int optname, void *buf, int len);

/*
 * The legacy xtables options (nf_getsockopt(), nf_setsockopt()) of pf
 * NFPROTO_IPV4 (level SOL_IP: ip_tables' and arp_tables') or
 * NFPROTO_IPV6 (SOL_IPV6: ip6_tables'): GET_INFO, GET_ENTRIES,
 * GET_REVISION_MATCH/TARGET (set false) and SET_REPLACE,
 * SET_ADD_COUNTERS (set true), as who asks them in net.  buf holds what
 * the option reads, len bytes as the caller's optlen said, with cap
 * bytes of room; on success *out_len bytes of buf are the answer: what a
 * get writes at optval from its start, or for SET_REPLACE the replace's
 * counters pointer (8 bytes) and the old counters to write there.  0 or
 * -errno: -ENOPROTOOPT for an option the net's kernel does not have
 * (ebtables': unl_ebt_sockopt()); -ENOBUFS (which none of these
 * options answers) when the answer needs more than cap bytes, *out_len
 * of them: nothing changed, ask again with that much room.
 */
UNL_EXPORT int unl_xt_sockopt(struct unl_net *net, const struct unl_cred *who,
			      int pf, bool set, int optname, void *buf,
			      size_t cap, uint32_t len, uint32_t *out_len);

/*
 * An ebtables option (EBT_SO_SET_ENTRIES, SET_COUNTERS, GET_INFO,
 * GET_ENTRIES, GET_INIT_INFO, GET_INIT_ENTRIES; level SOL_IP) as who
 * asks it in net, optlen as the caller gave it.  Its optval holds a
 * struct ebt_replace whose pointers name the rest, which the caller
 * follows: buf holds plen bytes, the replace read at optval (none with
 * UNL_EBT_HEAD_FAULT), then with UNL_EBT_DATA what a set reads where it
 * points (SET_ENTRIES: entries_size bytes at entries, when optlen is
 * the replace's size and theirs; SET_COUNTERS: num_counters counters at
 * counters, when optlen is the replace's size and theirs), cap bytes of
 * room.  On success *out_len bytes of buf are the answer: for GET_INFO
 * the replace to write at optval; for GET_ENTRIES the counters (none
 * when num_counters is 0) for the replace's counters pointer, then the
 * entries for its entries pointer; for SET_ENTRIES the old counters for
 * its counters pointer.  0 or -errno as Linux answers; -ENOBUFS as
 * unl_xt_sockopt()'s.
 */
#define UNL_EBT_HEAD_FAULT 0x1 /* optval could not be read */
#define UNL_EBT_DATA 0x2       /* the block pointed at follows */
#define UNL_EBT_DATA_FAULT 0x4 /* it could not be read */
#define UNL_EBT_DATA_BIG 0x8   /* it is more than a caller sends */
UNL_EXPORT int unl_ebt_sockopt(struct unl_net *net, const struct unl_cred *who,
			       bool set, int optname, unsigned int flags,
			       void *buf, size_t plen, size_t cap,
			       int32_t optlen, uint32_t *out_len);

/*
 * A character device of the net, opened as a program opens /dev/NAME
 * ("net/tun"): the protocol that serves it is loaded first.  The file
 * must be closed before the net is freed.  0, or -ENODEV when the net
 * has no such device.
 */
struct unl_file;
UNL_EXPORT int unl_file_open(struct unl_net *net, const char *name,
			     struct unl_file **out);
/* ioctl(2) on it; arg as the device reads it (a pointer, or a value) */
UNL_EXPORT int unl_file_ioctl(struct unl_file *f, const struct unl_cred *who,
			      unsigned long cmd, void *arg);
/* write(2) of len bytes starting with first: len or -errno */
UNL_EXPORT int unl_file_write(struct unl_file *f, size_t len, uint8_t first);
/* The last descriptor of it closed. */
UNL_EXPORT void unl_file_close(struct unl_file *f);

/* The file's O_NONBLOCK: every call on the socket behaves as if
 * MSG_DONTWAIT were given. */
UNL_EXPORT int unl_sock_set_nonblock(struct unl_sock *sk, bool nonblock);

/* poll(2) readiness now: a mask of POLLIN, POLLOUT, POLLERR. */
UNL_EXPORT int unl_poll(struct unl_sock *sk);

/*
 * The sk_data_ready equivalent, for event loops.  fn is called, without
 * any unetlink lock held, whenever the socket may have become readable or
 * has an error pending; it may call any unl_* function.  Calls are
 * coalesced: one call may stand for several deliveries.
 */
typedef void (*unl_ready_fn)(struct unl_sock *sk, void *user);
UNL_EXPORT void unl_sock_set_ready_cb(struct unl_sock *sk, unl_ready_fn fn,
				      void *user);

/*
 * Time.  The protocols do some things on a clock, as the kernel does:
 * an address whose lifetime ends is deprecated, then deleted, with its
 * notifications; an IPv6 route that expires is collected.  No thread
 * runs them.  Due timers run whenever the net is entered (any call on
 * it), so no call ever sees state that should have changed already, and
 * while a blocking unl_recvmsg() waits.  A program with an event loop
 * that must see notifications on time without making calls (a listener
 * on RTNLGRP_IPV4_IFADDR) either polls the descriptor of
 * unl_net_timer_fd() for POLLIN, or sleeps no longer than
 * unl_net_timer_timeout(), and then calls unl_net_run_timers().
 */

/* A timerfd (CLOCK_MONOTONIC) that is readable while a timer of the net
 * is due, or -errno.  Made on first call and owned by the net: do not
 * close it; it stays valid until unl_net_free(). */
UNL_EXPORT int unl_net_timer_fd(struct unl_net *net);
/* Run every timer that is due now; the number run.  Readiness callbacks
 * of the notifications they send run before it returns. */
UNL_EXPORT int unl_net_run_timers(struct unl_net *net);
/* Nanoseconds until the next timer is due: 0 when one is due now, -1
 * when none is pending. */
UNL_EXPORT int64_t unl_net_timer_timeout(struct unl_net *net);
/* Move the clock of net's world ns nanoseconds ahead (a test that would
 * otherwise sleep): every timer due by then runs at its own deadline,
 * in order, as if the time had passed.  0, or -EINVAL for ns < 0. */
UNL_EXPORT int unl_net_clock_advance(struct unl_net *net, int64_t ns);
/* From now on the clock of net's world stands still but for
 * unl_net_clock_advance(): a test that counts what happens on a clock
 * (LACPDUs sent each second) gets the same counts however long its
 * programs take.  The timerfd stays disarmed: timers run only as the
 * clock is moved. */
UNL_EXPORT void unl_net_clock_stop(struct unl_net *net);

/* Replace the credentials a socket acts with now, Linux's `current` (a
 * process that changed identity or capabilities, a daemon serving
 * another client, a test).  The opener's capabilities, taken at
 * unl_socket(), do not change. */
UNL_EXPORT void unl_sock_set_cred(struct unl_sock *sk,
				  const struct unl_cred *cred);

/* What /proc/net/netlink shows of one socket. */
struct unl_sock_info {
	int protocol;
	uint32_t portid;
	uint32_t groups; /* the first 32 groups */
	uint32_t rmem;
	uint32_t wmem;
	bool dump_running;
	uint32_t drops;
	bool kernel;
};
UNL_EXPORT void unl_sock_info(struct unl_sock *sk, struct unl_sock_info *info);

/* Call fn for every socket of the net, in protocol then portid-table
 * order, with the net locked: fn must not call back into unetlink. */
UNL_EXPORT void unl_net_foreach_sock(struct unl_net *net,
				     void (*fn)(const struct unl_sock_info *,
						void *),
				     void *user);

#ifdef __cplusplus
}
#endif
#endif
