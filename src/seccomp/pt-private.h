/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The seccomp front end in pass-through mode (docs/record.md), shared by
 * passthrough.c (the filter, the loop, socket(), sends, receives peeked
 * at and let go on, dup) and pt-recv.c (the receives done here for the
 * program: recvmmsg(), and a recvmsg() that brings a netlink socket with
 * SCM_RIGHTS).
 */
#ifndef UNL_SECCOMP_PT_PRIVATE_H
#define UNL_SECCOMP_PT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <linux/seccomp.h>

/* A handler's "wait until the call's socket has data". */
#define PT_PARKED 1

/* Room for any socket address. */
#define PT_NAME_MAX 128

/* One datagram the supervisor took for the program (pt-recv.c), kept
 * until the call is answered: a signal may take the call away first. */
struct pt_dgram {
	unsigned char *data;
	size_t len;	 /* bytes for the program's buffers */
	long r;		 /* what recvmsg() returned (msg_len) */
	char name[PT_NAME_MAX];
	socklen_t namelen;
	char *control;
	size_t controllen;
	int flags;	 /* msg_flags */
	bool cloexec;	 /* MSG_CMSG_CLOEXEC asked */
	bool installed;	 /* its descriptors are the program's numbers */
};

/* One trapped call on a socket, fresh or parked. */
struct pt_call {
	struct seccomp_notif n;
	int sock;	  /* our copy of its descriptor (pidfd_getfd()) */
	int64_t deadline; /* SO_RCVTIMEO's end, CLOCK_MONOTONIC ns; 0: none */
	unsigned done;	  /* recvmmsg(): datagrams taken so far */
	bool timed;	  /* recvmmsg(): its timeout argument is set... */
	int64_t end;	  /* ...and ends then (CLOCK_MONOTONIC ns) */
	struct pt_dgram *got; /* the datagrams taken for it */
	unsigned n_got;
};

/* What a signal took a call away from: the datagrams taken for it, for
 * the thread's next receive on that descriptor (the call restarted, or
 * tried again after EINTR), as Linux would have returned them. */
struct pt_held {
	pid_t tid;
	int fd;
	struct pt_dgram *d;
	unsigned n;
};

struct pt {
	int listener, base, out;
	struct pt_call *parked;
	size_t n_parked, cap_parked;
	struct pt_held *held;
	size_t n_held;
	const int *inherited; /* netlink sockets from before, by number */
	size_t n_inherited;
};

int64_t pt_now(void);
/* Answer call id with val (>= 0) or -errno, or let it go on (cont). */
int pt_answer(const struct pt *s, uint64_t id, long val, bool cont);
bool pt_id_valid(const struct pt *s, uint64_t id);
int pt_mem_read(pid_t pid, uint64_t addr, void *buf, size_t len);
int pt_mem_write(pid_t pid, uint64_t addr, const void *buf, size_t len);
/* The caller's copy of descriptor fd, or -errno. */
int pt_getfd(const struct seccomp_notif *n, int fd);
/* Our descriptor fd installed in the caller: in the range at the first
 * free number from min (range), else at its lowest free number.  The
 * number, or -errno. */
int pt_install(const struct pt *s, const struct seccomp_notif *n, int fd,
	       bool range, int min, bool cloexec);
/* One line, as the pass-through shim writes it. */
void pt_line(const struct pt *s, const struct seccomp_notif *n, int sock,
	     bool req, unsigned group, const unsigned char *data, size_t len);
struct sockaddr_nl;
struct msghdr;
/* The group of a notification: nl_groups' lowest bit, or the
 * NETLINK_PKTINFO control message's. */
unsigned pt_group_of(const struct sockaddr_nl *from, struct msghdr *m);
/* Has sock joined a group above 32, whose number no address carries? */
bool pt_high_groups(int sock);
/* Did the program turn NETLINK_PKTINFO on? */
bool pt_pktinfo_on(int sock);
/* Turn NETLINK_PKTINFO on sock on (or back off). */
void pt_pktinfo(int sock, bool on);
/* Would a receive of flags on sock wait for data? */
bool pt_blocking(int sock, int flags);

/* recvmmsg() on a netlink socket of the range: each datagram taken here
 * and written down.  0 (answered), PT_PARKED, or -errno. */
int pt_mmsg(struct pt *s, struct pt_call *c);
/* recvmmsg()'s wait for a datagram ended (SO_RCVTIMEO): what it took,
 * or EAGAIN.  0 or -errno. */
int pt_mmsg_end(struct pt *s, struct pt_call *c);
/* recvmsg() on a unix socket: a netlink socket it brings goes to the
 * range.  0 (answered or let go on), PT_PARKED, or -errno. */
int pt_scm(struct pt *s, struct pt_call *c);
/* recvmmsg() on a unix socket with room for descriptors: done here,
 * each netlink socket it brings put in the range.  0 (answered or let
 * go on), PT_PARKED, or -errno. */
int pt_scm_mmsg(struct pt *s, struct pt_call *c);
/* Has any of the vlen struct mmsghdr at addr room for a descriptor? */
bool pt_mmsg_has_control(pid_t pid, uint64_t addr, unsigned vlen);

void pt_dgram_free(struct pt_dgram *g);
/* The datagrams taken for c, freed. */
void pt_call_free(struct pt_call *c);
/* c is gone (a signal) with datagrams taken for it: held for its
 * thread's next receive on that descriptor. */
void pt_hold(struct pt *s, struct pt_call *c);
/* A fresh call n of a thread that has datagrams held: when it is the
 * receive on their descriptor, they are its answer (true, *err set);
 * any other call of that thread drops them (false). */
bool pt_claim(struct pt *s, const struct seccomp_notif *n, int *err);
void pt_held_free(struct pt *s);

#endif
