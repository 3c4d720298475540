/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The protocol between the preload shim (src/shim/) and the daemon
 * (src/daemon/).  Private to this repository: both ends are built from the
 * same tree, so there is no compatibility promise beyond the version check.
 *
 * Three channels serve one process:
 *
 *   control connection   one per process (re-made after fork, lazily made
 *                        after exec): AF_UNIX SOCK_SEQPACKET to the
 *                        daemon's socket path.  Requests go up, one reply
 *                        comes back per request (except CONSUME).  The
 *                        daemon reads the client's identity with
 *                        SO_PEERCRED when it accepts the connection.
 *
 *   data socket          one per netlink socket: one end of a
 *                        SOCK_SEQPACKET socketpair made by the daemon.  The
 *                        client end IS the descriptor the application got
 *                        from socket(AF_NETLINK, ...), so poll, select,
 *                        epoll, O_NONBLOCK, SO_RCVTIMEO, dup, fork and exec
 *                        work on it natively.  The daemon writes one record
 *                        per netlink datagram (struct unl_wire_dgram + the
 *                        message); the client never writes to it.
 *
 *   status slot          one per netlink socket and control connection
 *                        that names it: 32 bytes (struct unl_wire_shm) of
 *                        the connection's status pool, a memfd the daemon
 *                        alone writes and that connection's process maps
 *                        read-only ("Status slots" below): the pending
 *                        socket error and the flags recvmsg() needs.
 *
 *   call page            one per control connection, if HELLO asked for
 *                        it (struct unl_wire_call): the fast path for a
 *                        request with a reply and no descriptors.  The
 *                        client writes the request there and spins on the
 *                        reply; the daemon, while it is busy, polls the
 *                        pages instead of waiting for a record.  Neither
 *                        side makes a system call for the exchange.
 *
 *   receive ring         one per netlink socket that asked (UNL_OP_RING):
 *                        its datagrams in memory shared by the daemon and
 *                        that one process, instead of records on the data
 *                        socket ("Receive rings" below).
 *
 * Receive accounting stays in the daemon's core: a datagram written to the
 * data socket ("shipped") is still charged to the netlink socket's rcvbuf
 * until the client reports, with CONSUME, that recvmsg() took it (from a
 * ring: until the daemon sees the ring's cons pass it).  So queue limits,
 * ENOBUFS and dump continuation behave as in the kernel.
 *
 * Every request gets its reply only after the core has processed it and
 * every datagram it produced has been written to the data sockets: when
 * sendmsg() returns in the client, the replies are already readable.  One
 * exception keeps that promise by other means: the datagrams a call's own
 * socket gets may travel in the call page's answer ("Inline answers"
 * below); the shim hands them to recvmsg() and has them written to the
 * data socket before anything in the process waits for readiness.
 *
 * All integers are in host byte order (both ends run on one machine).
 */
#ifndef UNETLINK_WIRE_H
#define UNETLINK_WIRE_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define UNL_WIRE_MAGIC 0x554e4c31u /* "UNL1" */
#define UNL_WIRE_VERSION 15

/* The largest record either side writes on a control connection; larger
 * sendmsg payloads travel in a memfd (UNL_OP_SENDMSG_FD), or continue in
 * UNL_OP_CONT records where the client could make none. */
#define UNL_WIRE_MAX_RECORD (64u * 1024u)

/* Environment: where the daemon listens (overrides the default path). */
#define UNL_ENV_SOCKET "UNETLINK_SOCKET"
/* Environment, set by `run` for a command the shim serves: the unetlink
 * tool the shim execs a static or Go program through (`unetlink
 * seccomp-exec`, src/cli/seccomp-exec.c), so the seccomp front end
 * serves it.  Unset: such an exec goes on unserved (`run --preload`). */
#define UNL_ENV_SECCOMP_EXEC "UNETLINK_SECCOMP_EXEC"

/*
 * Where the daemon listens, the one rule for the daemon, the shim and the
 * service library: $UNETLINK_SOCKET; /run/unetlink/socket for root;
 * $XDG_RUNTIME_DIR/unetlink/socket when that is an absolute path;
 * /tmp/unetlink-UID/socket (su, cron, containers).  0, or -ENAMETOOLONG
 * when it does not fit len or a sun_path (108 bytes).
 */
static inline int unl_wire_socket_path(char *buf, size_t len)
{
	const char *env = secure_getenv(UNL_ENV_SOCKET);
	int n;

	if (env && *env)
		n = snprintf(buf, len, "%s", env);
	else if (geteuid() == 0)
		n = snprintf(buf, len, "/run/unetlink/socket");
	else if ((env = secure_getenv("XDG_RUNTIME_DIR")) && env[0] == '/')
		n = snprintf(buf, len, "%s/unetlink/socket", env);
	else
		n = snprintf(buf, len, "/tmp/unetlink-%u/socket",
			     (unsigned int)geteuid());
	if (n < 0 || (size_t)n >= len || n >= 108)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * The daemon's netns directory, what programs under the shim see as
 * /run/netns and /var/run/netns (the names of `ip netns`): "netns"
 * beside the socket.  0, or -ENAMETOOLONG.
 */
static inline int unl_wire_netns_dir(char *buf, size_t len)
{
	char sock[108];
	const char *slash;
	int n;

	if (unl_wire_socket_path(sock, sizeof(sock)) < 0)
		return -ENAMETOOLONG;
	slash = strrchr(sock, '/');
	if (!slash)
		n = snprintf(buf, len, "netns");
	else
		n = snprintf(buf, len, "%.*s/netns", (int)(slash - sock), sock);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

enum unl_wire_op {
	UNL_OP_HELLO = 1,  /* a0 = UNL_WIRE_MAGIC, a1 = UNL_WIRE_VERSION,
			      a2 = 1 to get a call page; reply ret =
			      daemon pid, SCM_RIGHTS [call page memfd] when
			      asked for and the daemon could make one
			      (without it the client uses records only) */
	UNL_OP_CREATE,     /* a0 = type (with SOCK_NONBLOCK/CLOEXEC bits
			      ignored), a1 = protocol, a2 = 0; SCM_RIGHTS
			      [a net handle] for a socket in that net, else
			      in the initial one; reply ret = socket id,
			      payload = struct unl_wire_slot, SCM_RIGHTS
			      [data socket] or, with the connection's first
			      slot, [data socket, status pool memfd] */
	UNL_OP_ATTACH,     /* SCM_RIGHTS [a data socket client end] from an
			      earlier CREATE (inherited across fork/exec,
			      or passed with SCM_RIGHTS), a0 = 0; reply ret
			      = socket id for this connection, payload =
			      struct unl_wire_slot (a slot of this
			      connection's own), SCM_RIGHTS [status pool
			      memfd] as for CREATE, or none */
	UNL_OP_BIND,       /* sock; payload = address, len = addrlen */
	UNL_OP_CONNECT,    /* sock; payload = address, len = addrlen */
	UNL_OP_GETSOCKNAME, /* sock; reply payload = address (full length) */
	UNL_OP_GETPEERNAME, /* sock; reply payload = address (full length) */
	UNL_OP_SETSOCKOPT, /* sock, a0 = level, a1 = optname;
			      payload = optval, len = optlen.  One
			      exception, since its optval points into the
			      client's memory: SOL_SOCKET/SO_ATTACH_FILTER
			      sends struct sock_fprog with filter = NULL,
			      followed by its len struct sock_filter
			      (len = 16 + 8 * fprog.len); the daemon points
			      filter at them and passes optlen
			      sizeof(struct sock_fprog).  Only the struct
			      (len = 16, filter NULL) when the client's
			      filter is NULL, empty or too long: the core
			      then answers EINVAL. */
	UNL_OP_GETSOCKOPT, /* sock, a0 = level, a1 = optname, a2 = optlen;
			      reply payload = the first min(a2, optlen)
			      bytes of optval, reply len = the optlen the
			      core reports (NETLINK_LIST_MEMBERSHIPS: the
			      full size, larger than the payload when a2 is
			      short).  The client copies what the payload
			      holds and stores len in *optlen. */
	UNL_OP_SENDMSG,    /* sock, a0 = flags (MSG_DONTWAIT set when the
			      client's descriptor is O_NONBLOCK), a1 =
			      msg_namelen, a2 = msg_controllen, a3 = data
			      length (the iovec total, name and control not
			      included); payload = name, control, then data:
			      a1 + a2 + a3 bytes in all, the data possibly
			      continued in CONT records that follow at once;
			      reply ret = bytes sent or -errno, after the
			      last CONT */
	UNL_OP_CONT,       /* sock; payload = more sendmsg data */
	UNL_OP_CONSUME,    /* sock, a0 = datagrams taken by recvmsg(), a1 =
			      the largest buffer offered (for dump sizing);
			      no reply unless a2 = 1 */
	UNL_OP_STATUS,     /* a0 = index of the first entry wanted (0 takes
			      a fresh snapshot; later pages come from it);
			      reply ret = number of sockets in all, payload =
			      array of struct unl_wire_sockinfo from a0, as
			      many as fit in one record (1365): ask again
			      with a0 += entries received until a0 >= ret */
	UNL_OP_CLOSE,      /* sock: this connection forgets the id (the
			      socket itself closes when the last data socket
			      client end is closed); no reply.  Sent after
			      closing the descriptor, it makes the close
			      synchronous as in Linux: if that was the last
			      client end, the socket is gone (its portid
			      free) before the next request is handled */
	UNL_OP_KICK,       /* no reply: a request waits in the call page
			      and the daemon had stopped watching it
			      (unl_wire_call.watched was 0) */
	UNL_OP_PAY,        /* no reply: write what the call page still owes
			      (below, "Inline answers") to its data socket */
	UNL_OP_PROFILE,    /* a0 = offset into the text of the kernel
			      profile the daemon's net follows
			      (include/unetlink/profile.h); reply ret = the
			      text's whole length, payload = the text from
			      a0, as much as fits in one record: ask again
			      with a0 += bytes received until a0 >= ret */
	UNL_OP_CRED,       /* no reply: the process's capabilities or ids
			      changed (capset(), set*id()); payload =
			      struct unl_wire_cred.  Also sent by a new
			      connection right after HELLO when there is
			      anything to say */
	/*
	 * Network namespaces ("Nets and handles" below).  Each is a
	 * record (never a call page); the reply's payload, when it
	 * succeeds, is the net's id (uint64_t) unless said otherwise.
	 */
	UNL_OP_NS_OPEN,    /* a handle on a net: a0 = UNL_NS_BY_HANDLE
			      (SCM_RIGHTS [a handle]: its net; none: the
			      initial net), UNL_NS_BY_PID (a1 = the pid:
			      its process's net) or UNL_NS_BY_NAME
			      (payload = a name of the netns directory);
			      reply SCM_RIGHTS [a new plain handle] */
	UNL_OP_NS_SETNS,   /* setns(): SCM_RIGHTS [a handle]; a0 = 1 for
			      a carrier (the process's net), 0 a plain
			      one (a thread's); reply SCM_RIGHTS [a
			      handle of that net, of that kind].  EPERM
			      without CAP_SYS_ADMIN */
	UNL_OP_NS_UNSHARE, /* unshare(CLONE_NEWNET): a new net; a0 as
			      for SETNS; reply likewise */
	UNL_OP_NS_BIND,    /* mount(SRC, NETNS_DIR/NAME, MS_BIND):
			      payload = NAME, an existing file of the
			      netns directory; the net: a0 as for
			      NS_OPEN (BY_HANDLE or BY_PID).  Without a
			      payload: may the caller mount (CAP_SYS_ADMIN),
			      0 or EPERM */
	UNL_OP_NS_UNBIND,  /* umount2(NETNS_DIR/NAME): payload = NAME;
			      EINVAL when it names no net */
	UNL_OP_NS_QUERY,   /* which net: a0 = UNL_NS_BY_NAME (payload;
			      ENOENT when the name is bound to none) or
			      UNL_NS_BY_PID (a1) */
	UNL_OP_NS_ADD,     /* `ip netns add NAME` in one step: payload =
			      NAME; a new net bound to a new file */
	UNL_OP_NS_DEL,     /* `ip netns delete NAME`: payload = NAME */
	UNL_OP_NS_LIST,    /* paged as STATUS, of struct unl_wire_nsinfo
			      (234 fit a record) */
	/*
	 * Interface ioctls (wire.h, "Ioctls" below): the device, route,
	 * ARP, bridge and ethtool requests of sock_ioctl(), answered from
	 * the caller's net.  A record.  a0 = the socket's family, a1 =
	 * the request; SCM_RIGHTS [a net handle] as for CREATE (none: the
	 * initial net); sock = a netlink socket of the connection when the
	 * request is on one (0: none), whose net then runs it as
	 * sock_net() does, whatever the handle; payload = struct
	 * unl_wire_ioctl, the argument,
	 * then the indirect buffer's input; reply ret = the ioctl's
	 * result, payload = the argument, then the whole indirect buffer
	 * (ind_cap bytes), as the request left them.
	 */
	UNL_OP_IOCTL = 48,
	/* /dev/net/tun ("Tun files" below).  Records. */
	UNL_OP_TUN_OPEN,   /* open(): SCM_RIGHTS [a net handle] as for
			      CREATE; reply SCM_RIGHTS [the file's client
			      end] */
	UNL_OP_TUN_IOCTL,  /* SCM_RIGHTS [a tun file's client end]; a0 =
			      the request, a1 = its integer argument (low
			      32 bits), a2 = the high 32; payload = what a
			      pointer argument points to; reply ret, payload
			      = that after */
	/*
	 * Files of a net (include/unetlink/files.h, "Files" below).
	 * Records only.  The net: SCM_RIGHTS [a handle], the calling
	 * thread's; none: the initial net.
	 */
	UNL_OP_FILE_OPEN,  /* a0 = the open flags (O_PATH: no data
			      wanted, a stat); payload = a canonical path;
			      reply ret = enum unl_file_type or -errno
			      (-EXDEV: not the model's file, the real one
			      stands), payload = struct unl_wire_file, then
			      for a link its target; for a file or a
			      directory without O_PATH SCM_RIGHTS [a memfd
			      at offset 0 holding the contents, or the
			      entries as unl_file has them] */
	UNL_OP_FILE_WRITE, /* one write() at offset 0: payload = the path,
			      a NUL, then the bytes written; reply ret =
			      bytes taken or -errno */
	/* A uevent into a net (include/unetlink/uevent.h), as the kernel
	 * or udevd sends it: SCM_RIGHTS [a handle] names the net, none
	 * the initial one; a0 = the group (1 kernel, 2 udev), a1 = the
	 * sender's portid for group 2; payload = "KEY=VALUE" strings,
	 * each NUL-ended.  Group 1 needs CAP_SYS_ADMIN (uevent_net_rcv()),
	 * group 2 CAP_NET_ADMIN (a multicast send); reply ret = 0 or
	 * -errno. */
	UNL_OP_UEVENT_INJECT = 59,
	/* The pending socket error (sk_err), which a status slot only
	 * shows: sock; a0 = 0 takes it (reply ret = the positive errno,
	 * 0 when none is pending; every slot of the socket shows 0
	 * after), a0 > 0 keeps a0 as the pending error unless one is
	 * (do_recvmmsg()'s error after some datagrams), reply ret 0.  A
	 * call page may carry it. */
	UNL_OP_SOCK_ERROR = 56,
	/* Receive rings ("Receive rings" below).  Records. */
	UNL_OP_RING = 57,  /* sock: deliver its datagrams through a ring
			      from now on; reply ret 0 with SCM_RIGHTS
			      [the ring's memfd], or -EBUSY while anything
			      shipped to the data socket is unread or
			      another connection names the socket (ask
			      again later), -EALREADY when it has one,
			      -EOPNOTSUPP once its ring stopped or an
			      ATTACH named it, -errno otherwise (ask no
			      more) */
	/* Send grants ("Send grants" below).  A record, never a call
	 * page; no reply.  sock; a0 = the sendmsg flags, a1 = msg_namelen
	 * (0, or sizeof(struct sockaddr_nl) with the address the grant
	 * names), a2 = 0, a3 = the data length (1 to
	 * UNL_WIRE_GRANT_LEN_MAX); payload = name, then data, one record
	 * (no CONT).  The daemon sends it on the socket's grant, or drops
	 * it when no grant of this connection covers it. */
	UNL_OP_SEND_ASYNC = 53,
	UNL_OP_RING_OFF = 62, /* sock: stop its ring; what it holds unread
			      moves to the data socket, in order, before
			      the reply (ret 0) */
	/* A service connection (include/unetlink/service.h) serves
	 * generic netlink families.  It sends only HELLO and the ops below;
	 * from its first SVC_REGISTER on, every record the daemon writes to
	 * it is a struct unl_wire_svc, never a struct unl_wire_rep, since
	 * requests for its families arrive unasked.  Its records are never
	 * continued with CONT: one record, at most UNL_WIRE_MAX_RECORD. */
	UNL_OP_SVC_REGISTER = 64, /* a0 = a token echoed in the answer;
			      payload = struct unl_wire_family (below);
			      answer: UNL_SVC_REGISTERED */
	UNL_OP_SVC_UNREGISTER, /* a0 = family id; no answer */
	UNL_OP_SVC_REPLY,  /* a0 = request id; payload = messages of a dump
			      answer, kept until SVC_DONE */
	UNL_OP_SVC_DONE,   /* a0 = request id; payload = struct
			      unl_wire_svc_done + ext-ack message: the
			      request is answered */
	UNL_OP_SVC_UNICAST, /* a0 = portid; payload = struct
			      unl_wire_svc_net, then messages of the
			      connection's families, delivered now from
			      that net's genl kernel socket; dropped if
			      one has a sequence number and portid has no
			      request with it in flight to the
			      connection's families in that net (a
			      forged answer) */
	UNL_OP_SVC_MCAST,  /* a0 = family id, a1 = group index, a2 =
			      portid, a3 = UNL_SVC_MC_*; payload = struct
			      unl_wire_svc_net, then one message */
	/* The seccomp supervisor serves every process of a tree on the
	 * connection their first process made: the records after this
	 * one act for process a0 (its own pid, credentials and
	 * capabilities, read from the kernel, of its thread a1, 0: the
	 * first), as if it had connected itself.  Allowed for the
	 * connecting process and its descendants whose ids are its own
	 * (or any, when it could set ids) and never above the rights it
	 * connected with; reply ret 0 or -errno (EPERM, ESRCH), the
	 * connection acting as before on an error. */
	UNL_OP_ACT_FOR = 80,
	/* A capture (the nlmon tap of every net, `unetlink capture`):
	 * a0 = the net's id, 0 every net (and every net made later);
	 * a1 = the netlink protocol + 1, 0 every protocol; a2 = a pid,
	 * 0 every process.  Needs CAP_NET_ADMIN and CAP_NET_RAW (an
	 * nlmon device and a packet socket on it).  Reply ret = 0 or
	 * -errno; after a 0, the daemon writes a struct
	 * unl_wire_capture with the message for each message the taps
	 * see, unasked, and the connection takes no other request but
	 * this op again with a0 = -1: the end, answered by a record
	 * with UNL_CAPTURE_F_END after every message before it. */
	UNL_OP_CAPTURE = 70,
	/* Fault injection (include/unetlink/fault.h), for CAP_NET_ADMIN:
	 * a0 = UNL_FAULT_OP_ADD, payload = a rule's text form, reply ret =
	 * its id, or -errno with the reason as payload; a0 =
	 * UNL_FAULT_OP_DEL, a1 = an id, reply ret = 0 or -ENOENT; a0 =
	 * UNL_FAULT_OP_LIST, reply payload = a line per rule, "ID
	 * fired=N RULE". */
	UNL_OP_FAULT = 71,
	/* getsockopt(fd, SOL_IP, SO_IP_SET) on any AF_INET socket of the
	 * client (unl_nf_getsockopt()): ip_set's interface to iptables'
	 * set match, answered from the caller's net.  A record.
	 * SCM_RIGHTS [a net handle] as for CREATE (none: the initial
	 * net); a0 = the socket's family, a1 = the option, a2 = the
	 * caller's optlen; payload = the first min(optlen,
	 * UNL_WIRE_NF_SOCKOPT_MAX) bytes of the request; reply ret = 0 or
	 * -errno, payload = those bytes as answered (optlen stays). */
	UNL_OP_NF_SOCKOPT = 55,
	/* getsockopt() of a legacy xtables option (unl_wire_xt_pf()) on
	 * any socket of the client (unl_xt_sockopt()): iptables-legacy's
	 * tables, answered from the caller's net.  A record.  SCM_RIGHTS
	 * [a net handle] as for CREATE; a0 = the pf (NFPROTO_IPV4,
	 * NFPROTO_IPV6), a1 = the option, a2 = the caller's optlen;
	 * payload = the first min(optlen, UNL_WIRE_XT_GET_HEAD) bytes of
	 * optval; reply ret = 0 or -errno, payload = what lands at optval
	 * from its start (optlen stays, but for unl_wire_xt_get_sets_len():
	 * then it becomes the payload's length). */
	UNL_OP_XT_GET = 58,
	/* setsockopt() of one: as XT_GET, payload = the first
	 * min(optlen, UNL_WIRE_XT_SET_MAX) bytes of optval, continued in
	 * CONT records that follow at once (as SENDMSG's data; nothing
	 * else comes between); reply payload = for SET_REPLACE, the
	 * replace's counters pointer (8 bytes) and the old counters, which
	 * land there.
	 * An XT_GET or XT_SET answer longer than UNL_WIRE_XT_MAX (a table
	 * of some 300 rules and more) comes in pieces: the reply's len is
	 * the whole answer's, its payload the first UNL_WIRE_XT_MAX bytes,
	 * and the connection keeps the rest for XT_MORE. */
	UNL_OP_XT_SET = 76,
	/* The next piece of the answer kept: a0 = its offset (what came
	 * so far); reply ret = 0, payload = the next min(UNL_WIRE_XT_MAX,
	 * what is left) bytes, len = their count; -ENOENT when none is
	 * kept, -EINVAL for another offset.  The connection lets the
	 * answer go with its last piece, or at its next XT_GET or
	 * XT_SET. */
	UNL_OP_XT_MORE = 77,
	/* An ebtables option (unl_wire_is_ebt(); unl_ebt_sockopt()):
	 * ebtables-legacy's tables, answered from the caller's net.  Its
	 * optval holds a struct ebt_replace whose pointers name the rest,
	 * which the front end follows (src/wire/ebt-shape.h).  A record.
	 * SCM_RIGHTS [a net handle] as for CREATE; a0 = the option, a1 =
	 * the caller's optlen, a2 = UNL_EBT_* flags (unetlink/net.h), with
	 * UNL_WIRE_EBT_SET for setsockopt(); payload = the replace read at
	 * optval (sizeof(struct ebt_replace) bytes; none with
	 * UNL_EBT_HEAD_FAULT), then with UNL_EBT_DATA the block it points
	 * at that the set reads (unl_wire_ebt_block()), continued in CONT
	 * records as XT_SET's; reply ret = 0 or -errno, payload =
	 * GET_INFO's replace for optval; GET_ENTRIES' counters for the
	 * replace's counters pointer (none when its num_counters is 0)
	 * then its entries_size bytes of entries for its entries pointer;
	 * SET_ENTRIES' old counters for its counters pointer.  An answer
	 * longer than a record comes in pieces (XT_MORE). */
	UNL_OP_EBT = 78,
	/* The daemon's clock moved ahead (unl_net_clock_advance()), for a
	 * test that would otherwise sleep: a0 seconds and a1 nanoseconds
	 * (0..999999999), both >= 0; every timer due by then runs at its
	 * own deadline.  Needs CAP_SYS_ADMIN as the daemon grants it;
	 * reply ret = 0 or -errno. */
	UNL_OP_CLOCK_ADVANCE = 60,
	/* A measurement, not a front end's mode (docs/seccomp.md, "A
	 * native send, measured"): sock, a0 = 1: the client may write
	 * bare netlink messages on the data socket itself, each a send
	 * without address or control, flags 0, to the socket's default
	 * destination, run with this connection's process's identity
	 * (what another process writes there, by SCM_CREDENTIALS, is
	 * dropped unrun); their results go nowhere (a send's error is
	 * lost).  The daemon
	 * peeks each, runs it, writes what it made to the data sockets,
	 * and only then takes it off, so that the client end's SIOCOUTQ
	 * reads 0 once every answer is readable.  a0 = 0: no more.
	 * Reply ret = 0, or -EBADF. */
	UNL_OP_DATA_SENDS = 72,
	/* A SENDMSG whose payload is in a memfd (src/wire/bulk.h): sock,
	 * a0 to a3 as for SENDMSG, no payload (len 0); SCM_RIGHTS [a file
	 * of memory whose first a1 + a2 + a3 bytes are the name, the
	 * control, then the data].  A record, never a call page, never
	 * with UNL_OP_F_GRANT or CONT.  What a front end sends for a
	 * payload longer than one record when it can make a memfd (else
	 * SENDMSG and CONTs): one hand-off for a send of megabytes.  The
	 * daemon reads the name and control, and the data unless the
	 * socket's SO_SNDBUF refuses it unread; the reply as SENDMSG's.
	 * Any other descriptor, or a file shorter than that, closes the
	 * connection. */
	UNL_OP_SENDMSG_FD = 84,
};
#define UNL_WIRE_EBT_SET 0x100
/* What any xtables get option reads before its answer (the largest,
 * struct ipt_getinfo, is 84 bytes) */
#define UNL_WIRE_XT_GET_HEAD 128
/* What one record carries of a table (GET_ENTRIES, SET_REPLACE) */
#define UNL_WIRE_XT_MAX (UNL_WIRE_MAX_RECORD - 64u)
/* The most of a set option's optval a front end sends: every replace
 * header and 512 MiB (XT_MAX_TABLE_SIZE, the largest blob Linux
 * takes), which is all a SET_REPLACE or SET_ADD_COUNTERS that Linux
 * accepts reads of it */
#define UNL_WIRE_XT_SET_MAX (512u * 1024u * 1024u + 4096u)
/* Every SO_IP_SET request is smaller: a longer optlen is refused by
 * its length alone. */
#define UNL_WIRE_NF_SOCKOPT_MAX 256
#define UNL_FAULT_OP_ADD 0
#define UNL_FAULT_OP_DEL 1
#define UNL_FAULT_OP_LIST 2

/* One message a capture saw (UNL_OP_CAPTURE), followed by its bytes. */
#define UNL_CAPTURE_F_TO_KERNEL 0x1 /* sent to a kernel socket */
#define UNL_CAPTURE_F_END 0x2       /* the last record: no message */
#define UNL_CAPTURE_F_FAULT 0x4     /* a fault fired (fault.h): the text
				       of its rule instead of a message;
				       protocol 0xffff: any */
/* Bits 4-15 of flags: the group a delivery was multicast to, 0 for
 * unicast (and for a group above UNL_CAPTURE_GROUP_MAX, not told).  A
 * reader that knows no group sees the flags it knew. */
#define UNL_CAPTURE_GROUP_SHIFT 4
#define UNL_CAPTURE_GROUP_MAX 0xfffu
struct unl_wire_capture {
	uint32_t len;      /* bytes of the message that follow */
	uint16_t protocol;
	uint16_t flags;    /* UNL_CAPTURE_F_* */
	uint64_t net_id;
	int64_t time_ns;   /* CLOCK_REALTIME, when the tap saw it */
	uint32_t portid;   /* the user socket at the other end */
	int32_t pid;       /* ... and its process */
	uint64_t dropped;  /* messages not written since the last record:
			      the reader was too slow (a packet socket's
			      drops) */
};

/*
 * Nets and handles.  The daemon hosts a world of nets (an initial one,
 * and one per unshare(CLONE_NEWNET) or `ip netns add`), each alive
 * while a name, a socket or a handle holds it.  A handle is what an
 * open namespace file is in Linux: one end of a SOCK_SEQPACKET pair
 * whose other end the daemon keeps, so that it sees the last copy
 * close.  The daemon's end is bound to an abstract address,
 *
 *   "\0" UNL_NS_ADDR_PREFIX <net id, hex> "/" <kind: c or h> "/" <serial>
 *
 * which getpeername() on the client's end shows: the shim tells a
 * handle (and its net) from any other socket with it, and the daemon
 * verifies each one it is given by its SO_COOKIE.  A carrier ('c') is
 * the net of a process (its first thread): inherited across fork and
 * exec like any descriptor, it is how a process keeps its net; a plain
 * handle ('h') is what opening /proc/PID/ns/net gives, or a thread's.
 * A process holding no carrier is in the initial net.
 */
#define UNL_NS_ADDR_PREFIX "unetlink-net/"
enum { UNL_NS_BY_HANDLE = 0, UNL_NS_BY_PID, UNL_NS_BY_NAME };

/*
 * Files.  A program that opens /proc/net/X, /sys/class/net/...,
 * /sys/devices/virtual/net/... or /proc/sys/net/... gets the memfd
 * FILE_OPEN gave (its own copy: a snapshot made at open, as a seq_file
 * read whole); a write() to one opened for writing becomes FILE_WRITE,
 * applied at once as Linux applies it, with its events.
 */
struct unl_wire_file {
	uint32_t type; /* enum unl_file_type */
	uint32_t mode; /* permission bits */
	uint64_t size; /* what stat() reports */
	int32_t read_err; /* read() of it fails with this errno, 0 */
	uint32_t reserved;
};

/* One (net, name) pair, as NS_LIST pages them: every name of each net,
 * a net without a name once with name[0] = 0; nets oldest first. */
#define UNL_NSINFO_INITIAL 0x1 /* the initial net */
struct unl_wire_nsinfo {
	uint64_t id;
	uint32_t flags;   /* UNL_NSINFO_* */
	uint32_t sockets; /* netlink sockets of processes in it */
	uint32_t handles; /* handles given out (processes, open files) */
	uint32_t reserved;
	char name[256];
};

/*
 * UNL_OP_CRED.  The daemon reads the process's capabilities from the
 * kernel again (those of thread tid) and believes this record only as
 * far as it lowers them: the kernel's answer counts up to what the
 * thread held when it sent the record (it may hold more by the time the
 * daemon looks, but requests sent before it took them back must not
 * profit).
 */
struct unl_wire_cred {
	int32_t tid;        /* the thread that changed them last, 0: the
			       first thread */
	uint32_t reserved;
	uint64_t effective; /* its effective capabilities after the change
			       (capget()) */
};

/*
 * Ioctls.  The argument of an ioctl may point into the caller's memory
 * (ifc_buf of SIOCGIFCONF, ifr_data of SIOCETHTOOL, rt_dev of
 * SIOCADDRT, args[1] of SIOCGIFBR): the client copies what it points to
 * as the indirect buffer, and the daemon points the argument's pointer
 * at its copy before the core runs the request (unl_ioctl()).  ptr_off
 * must be where the request keeps its pointer (unl_ioctl_ptr_off(),
 * wire/ioctl-shape.h), or the record is refused with EINVAL; the copy
 * has UNL_WIRE_IOCTL_MAX_IND bytes of room whatever ind_cap says, and
 * SIOCGIFCONF's ifc_len is cut to ind_cap.
 *
 *   +----------------+----------------------+---------------------+
 *   | unl_wire_ioctl | the argument         | the indirect buffer |
 *   |                | (arg_len bytes)      | (ind_len bytes in)  |
 *   +----------------+----------------------+---------------------+
 */
#define UNL_WIRE_IOCTL_MAX_ARG 256u
#define UNL_WIRE_IOCTL_MAX_IND 60000u
#define UNL_WIRE_IOCTL_NO_PTR (-1)
struct unl_wire_ioctl {
	uint32_t arg_len;
	int32_t ptr_off;  /* where the argument holds the pointer (a
			     void *), or UNL_WIRE_IOCTL_NO_PTR */
	uint32_t ind_len; /* bytes of the indirect buffer that follow */
	uint32_t ind_cap; /* its size, at least ind_len; 0 with ptr_off
			     set: the pointer was NULL */
};

/*
 * Tun files.  A program that opened the kernel's /dev/net/tun and asks
 * it TUNSETIFF gets, on that descriptor (dup2()), the client end of a
 * SOCK_SEQPACKET pair from TUN_OPEN instead: the daemon keeps the other
 * end, bound to the abstract address
 *
 *   "\0" UNL_TUN_ADDR_PREFIX <daemon pid> "." <serial>
 *
 * which getpeername() shows, so the shim knows the descriptor; the
 * daemon finds the file by the end's SO_COOKIE.  Nothing is ever
 * written to the client: reads block, or give EAGAIN.  Each record the
 * client writes is a packet the device receives.  The last close of the
 * client end closes the file.
 */
#define UNL_TUN_ADDR_PREFIX "unetlink-tun/"

/* Daemon -> service connection. */
enum {
	UNL_SVC_REGISTERED = 1, /* id = the token, ret = family id or
				   -errno, mcgrp_offset */
	UNL_SVC_REQUEST,        /* id = request id; payload = the request
				   message, validated against the policy */
};
#define UNL_SVC_F_ADMIN 0x1  /* the sender holds CAP_NET_ADMIN */
#define UNL_SVC_F_DUMP 0x2   /* a dump request */
#define UNL_SVC_F_STRICT 0x4 /* the sender set NETLINK_GET_STRICT_CHK */
struct unl_wire_svc {
	uint32_t kind;
	uint32_t len;     /* payload bytes that follow */
	uint32_t id;
	int32_t ret;
	uint32_t family;  /* family id */
	uint32_t mcgrp_offset;
	uint32_t portid;  /* REQUEST: the sender */
	int32_t pid;      /* its credentials */
	uint32_t uid;
	uint32_t gid;
	uint32_t flags;   /* UNL_SVC_F_* */
	uint32_t reserved;
	uint64_t net;     /* REQUEST: the sender's net (UNL_SVC_NET_*) */
};

/*
 * Which net of the daemon a request came from, or a message goes to
 * (genl_info's net): the net's id (unl_net_id, what `ip netns identify`
 * shows as an inode number), or 0 for the daemon's initial net, where
 * served families are registered (their home, Linux's init_net).  A
 * family without netnsok is reachable from its home only.  A net that
 * went meanwhile receives nothing.
 */
#define UNL_SVC_NET_HOME 0
#define UNL_SVC_NET_ALL UINT64_MAX /* SVC_MCAST: every net (allns) */
struct unl_wire_svc_net {
	uint64_t net;
};

/* How SVC_MCAST sends (genlmsg_multicast or genl_notify). */
enum {
	UNL_SVC_MC_EXCLUDE = 0, /* to the group, skipping portid */
	UNL_SVC_MC_NOTIFY,      /* nlmsg_notify without report */
	UNL_SVC_MC_ECHO,        /* nlmsg_notify with report: echo to portid */
};

/* SVC_DONE: the answer to a request.  With UNL_SVC_DONE_DUMP the dump
 * ran: its messages (SVC_REPLY) are delivered, then NLMSG_DONE carrying
 * error; without, error is the ACK's (0 or -errno). */
#define UNL_SVC_DONE_DUMP 0x1
struct unl_wire_svc_done {
	int32_t error;
	uint32_t flags;
	int32_t bad_attr;     /* offset from the request's nlmsghdr, -1 */
	int32_t miss_nest;    /* likewise */
	uint16_t miss_type;
	uint16_t policy;      /* 1 + index in the family's policies, 0 */
	uint16_t policy_type; /* the entry in it */
	uint8_t cookie_len;
	uint8_t reserved;
	uint8_t cookie[20];
	uint32_t msg_len;     /* ext-ack message bytes that follow */
};

/*
 * SVC_REGISTER: a struct unl_genl_family flattened.  Pointers become
 * indexes: policies are numbered in the order they are met, each written
 * as a u32 maxtype then its maxtype + 1 entries; strings (reject
 * messages) go to a table at the end.
 *
 *  +-------------+-------------+----------------+---------------------+
 *  | unl_wire_   | n_ops x     | n_mcgrps x     | n_policies x        |
 *  | family      | unl_wire_   | unl_wire_mcgrp | [u32 maxtype, the   |
 *  |             | genl_op     |                |  entries]           |
 *  +-------------+-------------+----------------+---------------------+
 *  | strings: strings_len bytes, each NUL-terminated                  |
 *  +------------------------------------------------------------------+
 */
#define UNL_WIRE_FAM_NETNSOK 0x1
struct unl_wire_family {
	char name[16];     /* GENL_NAMSIZ */
	uint32_t version;
	uint32_t hdrsize;
	uint32_t maxattr;
	uint16_t policy;   /* the family-wide policy: 1 + index, 0 none */
	uint16_t n_ops;
	uint16_t n_mcgrps;
	uint16_t n_policies;
	uint8_t resv_start_op;
	uint8_t flags;     /* UNL_WIRE_FAM_* */
	uint16_t reserved;
	uint32_t strings_len;
};
#define UNL_WIRE_OP_SPLIT 0x1 /* a split op (flags carry its one mode) */
#define UNL_WIRE_OP_DO 0x2    /* a full op with a do handler */
#define UNL_WIRE_OP_DUMP 0x4  /* ... with a dump handler */
struct unl_wire_genl_op {
	uint8_t cmd;
	uint8_t flags;    /* GENL_ADMIN_PERM, ..., GENL_CMD_CAP_* */
	uint8_t validate; /* UNL_GENL_DONT_VALIDATE_* */
	uint8_t kind;     /* UNL_WIRE_OP_* */
	uint16_t policy;  /* 1 + index, 0 none */
	uint8_t internal_flags;
	uint8_t reserved;
	uint32_t maxattr;
};
struct unl_wire_mcgrp {
	char name[16];
	uint8_t flags;
	uint8_t reserved[3];
};
/* One policy entry: the union of struct unl_nla_policy as raw bytes
 * (min, max) except where it holds a pointer: NESTED/NESTED_ARRAY (ref =
 * 1 + policy index), REJECT (ref = 1 + string offset), RANGE_PTR (the
 * range in min, max), FUNCTION (no function: the serving process runs
 * it when it parses the request again). */
struct unl_wire_nla_policy {
	uint8_t type;
	uint8_t validation_type;
	uint16_t len;
	uint32_t ref;
	int64_t min;
	int64_t max;
};

/* Every record on a control connection, either direction, starts with
 * this; `len` bytes of payload follow in the same record. */
struct unl_wire_req {
	uint32_t op;
	uint32_t sock; /* the socket id this connection got */
	int32_t a0, a1, a2, a3;
	uint32_t len;
	/* Datagrams of `sock` that recvmsg() took since the last report,
	 * applied before the op as a CONSUME without a buffer size would
	 * be: the common case costs no record of its own. */
	uint32_t consumed;
};

struct unl_wire_rep {
	int32_t ret; /* >= 0, or -errno */
	uint32_t len;
};

/* In the call page only, or'ed into the op of a SENDMSG: the client
 * takes the datagrams its own socket gets from this request inline, in
 * the answer (see "Inline answers" below). */
#define UNL_OP_F_INLINE 0x10000u

/* Or'ed into the op of a SENDMSG (record or call page): the sender
 * would take a send grant ("Send grants" below); the reply's payload
 * is then a struct unl_wire_grant when one was given, else empty.
 * Never with UNL_OP_F_INLINE. */
#define UNL_OP_F_GRANT 0x20000u

/* A reply record with this ret and no payload answers nothing: the
 * daemon wrote it to wake a client sleeping on its call page (or it is
 * such a wake-up that came late).  Readers of replies skip it. */
#define UNL_WIRE_REP_WAKE INT32_MIN

/*
 * The call page: a sealed memfd (it cannot shrink under the daemon) of
 * sizeof(struct unl_wire_call) bytes, made by the daemon for one control
 * connection.
 *
 * One call at a time (the client's request lock):
 *   client   writes req (its len = the payload bytes) and the payload at
 *            data, then req_seq + 1 to req_seq (release, then a full
 *            fence), then reads watched: 0 means the daemon may be
 *            asleep, so it writes a KICK record.  It waits for rep_seq
 *            to equal req_seq: spinning first, then with waiting = 1
 *            (full fence, rep_seq read again) sleeping on the control
 *            connection (poll(), or the read of the record itself),
 *            where the daemon writes a UNL_WIRE_REP_WAKE record when it
 *            sees waiting set.
 *   daemon   sets watched = 1 while it polls the page; before it stops
 *            (to sleep, or because the page was idle) it writes 0, then
 *            (full fence) reads req_seq once more.  It copies the request
 *            out before it looks at it, runs it as if it were a record
 *            (the same ops, except that HELLO, CREATE, ATTACH, CONT,
 *            STATUS, CLOSE, KICK, PAY, PROFILE, CRED, a CONSUME without
 *            reply, the NS and the SVC ops close the connection), writes rep and
 *            the reply payload at rdata, then req_seq to rep_seq
 *            (release).
 *
 * Order with records: records written to the control connection after
 * the HELLO that gave the page (CLOSE, CONSUME, KICK, ...) count in
 * `records`, bumped after each is sent; the daemon
 * reads every record counted before it runs a call, so a CLOSE sent
 * before a call is applied before it, as the socket order would have it.
 *
 * The client can write anything here at any time: the daemon copies and
 * checks what it reads, and what the client can break is its own calls.
 *
 * Inline answers.  A SENDMSG call with UNL_OP_F_INLINE may get the
 * datagrams that its own socket receives while the daemon runs it in
 * the answer instead of on the data socket: then rep.len > 0 and rdata
 * holds records of a uint32_t length n, then n bytes (a struct
 * unl_wire_dgram and the message, as the data socket would carry them),
 * then padding to 4 bytes; and `owed` holds UNL_OWED(key, 0), key being
 * UNL_OWED_KEY(the call's req_seq).  The daemon does this only when
 * nothing shipped earlier to that socket is still unread, so the
 * datagrams are next in line.  Each is delivered exactly once:
 *   client   hands record i to recvmsg() only after it swapped owed from
 *            UNL_OWED(key, i) to UNL_OWED(key, i + 1), or to 0 for the
 *            last one (a MSG_PEEK reads it without swapping).  When the
 *            swap fails the daemon is paying: it waits while owed is
 *            UNL_OWED_PAYING, forgets its copy, and reads the data socket.
 *   daemon   "pays" what the client has not taken: it exchanges owed
 *            for UNL_OWED_PAYING; if it held UNL_OWED(key, i), it writes
 *            records i and on to the data socket; then it stores 0.  It pays before it writes
 *            anything else to that socket, before the connection's next
 *            call, when the connection closes, on UNL_OP_PAY, and
 *            UNL_WIRE_OWED_NS after the answer at the latest.
 * A socket with a receive ring (below) never gets them: its datagrams
 * are in its ring when the answer comes, which costs no system call to
 * read either.
 * A client asks for inline answers only on sockets it has never seen
 * handed to poll, select or epoll_ctl, and pays (UNL_OP_PAY, then waits
 * for owed to be 0) before such a wait and when another thread sleeps in
 * recvmsg() on that socket, so that readiness is the kernel's.

 *
 * The states of `owed`, every transition (tests/daemon/test_daemon.c,
 * test_inline_answers(), checks each one at the wire):
 *
 *   owed           who      what                              then
 *   0              daemon   a SENDMSG with UNL_OP_F_INLINE     (key, 0)
 *                           answers with records (only when
 *                           the first is the head of the
 *                           socket's queue: UNL_DGRAM_HEAD,
 *                           nothing shipped before unread, one
 *                           connection names the socket)
 *   0              daemon   ... otherwise: no records, the     0
 *                           datagrams go to the data socket
 *   (key, i)       client   takes record i, not the last       (key, i + 1)
 *   (key, i)       client   takes the last record              0
 *   (key, i)       daemon   pays: UNL_OP_PAY, its next call,   PAYING
 *                           another write to that socket, the
 *                           connection closing, or
 *                           UNL_WIRE_OWED_NS after the answer
 *   PAYING         daemon   writes records i and on to the     0
 *                           data socket
 *   PAYING, 0      client   a take fails: it forgets its copy, unchanged
 *                           waits for 0, reads the data socket
 *
 * A record taken counts as a datagram read: the client's next
 * UNL_OP_CONSUME includes it, as for one read from the data socket.
 */
#define UNL_OWED_KEY(seq) ((uint32_t)(seq) ? (uint32_t)(seq) : 0xffffffffu)
#define UNL_OWED(key, i) ((uint64_t)(i) << 32 | (uint32_t)(key))
#define UNL_OWED_PAYING UINT64_MAX
#define UNL_WIRE_OWED_NS 1000000
/* The most an inline answer carries (records included). */
#define UNL_WIRE_INLINE_MAX (16u * 1024u)

struct unl_wire_call {
	/* The words written seldom come first, in the request's page, so
	 * that a page whose replies are small holds two pages of memory,
	 * one when it is never used (10,000 clients: 40 MiB less). */
	/* Written by the daemon, seldom. */
	uint32_t magic; /* UNL_WIRE_MAGIC */
	uint32_t cap;       /* bytes at data and at rdata: UNL_WIRE_MAX_RECORD */
	uint32_t watched;
	/* Written by the client, seldom. */
	_Alignas(64) uint32_t waiting;
	uint32_t records;
	/* Written by both, with atomic read-modify-writes (inline
	 * answers). */
	_Alignas(64) uint64_t owed;
	/* The request, written by the client: a small one (a netlink
	 * request of a few dozen bytes) shares req_seq's cache line, so
	 * that it crosses to the daemon's CPU in one transfer. */
	_Alignas(64) uint32_t req_seq;
	struct unl_wire_req req;
	unsigned char data[UNL_WIRE_MAX_RECORD];
	/* The reply, written by the daemon, likewise. */
	_Alignas(64) uint32_t rep_seq;
	struct unl_wire_rep rep;
	unsigned char rdata[UNL_WIRE_MAX_RECORD];
};

/* May a call page carry req?  The ops the daemon runs there (above: no
 * descriptors either way); a CONSUME only when it asks for a reply.
 * Both ends ask this one function. */
static inline bool unl_wire_call_op_ok(const struct unl_wire_req *req)
{
	switch (req->op) {
	case UNL_OP_SENDMSG:
	case UNL_OP_SENDMSG | UNL_OP_F_GRANT:
	case UNL_OP_BIND:
	case UNL_OP_CONNECT:
	case UNL_OP_GETSOCKNAME:
	case UNL_OP_GETPEERNAME:
	case UNL_OP_SETSOCKOPT:
	case UNL_OP_GETSOCKOPT:
	case UNL_OP_SOCK_ERROR:
		return true;
	case UNL_OP_CONSUME:
		return req->a2 == 1;
	default:
		return false;
	}
}

/* IPVS's options at SOL_IP (IP_VS_BASE_CTL 1152, SET up to ZERO +15,
 * GET up to DAEMON +7): answered from the caller's net (its IPVS
 * services where the profile has ip_vs, else as a kernel without it:
 * ENOPROTOOPT), never the host's. */
#define UNL_WIRE_IPVS_OPT_FIRST 1152
#define UNL_WIRE_IPVS_OPT_LAST 1167

/* An XT_GET whose answer's length becomes optlen: IP_VS_SO_GET_VERSION
 * (1152), whose answer is a string; every other leaves optlen as it
 * was. */
static inline bool unl_wire_xt_get_sets_len(int pf, int name)
{
	return pf == 2 /* NFPROTO_IPV4 */ && name == UNL_WIRE_IPVS_OPT_FIRST;
}

/* The legacy xtables options (ip_tables, ip6_tables, arp_tables,
 * ebtables: their GET and SET ranges; IPVS's above) a front end forwards with
 * UNL_OP_XT_GET and UNL_OP_XT_SET for a socket of domain and type at
 * level: netfilter's pf for them (2 for SOL_IP, as ip_getsockopt()
 * reaches it also from an AF_INET6 socket that is not raw; 10 for
 * SOL_IPV6), or -1 for any other option, which stays the kernel's.
 * SOL_IPV6's 66 and 67 are IPv6's own (IPV6_RECVTCLASS, IPV6_TCLASS). */
static inline int unl_wire_xt_pf(int domain, int type, int level, int name,
				 bool set)
{
	if (level == 0 /* SOL_IP */ &&
	    (domain == 2 /* AF_INET */ ||
	     (domain == 10 /* AF_INET6 */ && type != 3 /* SOCK_RAW */))) {
		int hi = set ? 1 : 3;

		if ((name >= 64 && name <= 64 + hi) ||
		    (name >= 96 && name <= 96 + hi) ||
		    (name >= 128 && name <= 128 + hi) ||
		    (name >= UNL_WIRE_IPVS_OPT_FIRST &&
		     name <= UNL_WIRE_IPVS_OPT_LAST))
			return 2; /* NFPROTO_IPV4 */
		return -1;
	}
	if (level == 41 /* SOL_IPV6 */ && domain == 10 &&
	    (name == 64 || name == 65 || (!set && (name == 68 || name == 69))))
		return 10; /* NFPROTO_IPV6 */
	return -1;
}

/* The seccomp front end's spin on its page (src/seccomp/wire.c).  The
 * shim and the daemon spin as long as src/wire/spin.h finds it pays. */
#define UNL_WIRE_SPIN_ALONE_NS 5000

/* What a spinning side does between two looks at a call page. */
static inline void unl_wire_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#endif
}

/*
 * Receive rings.  A socket whose only connection asked (UNL_OP_RING) gets
 * its datagrams in a ring of shared memory instead of as records on the
 * data socket: a sealed memfd of sizeof(struct unl_wire_ring) bytes that
 * the daemon made for it and sent to that connection alone (no other
 * process, and no sender, ever maps it).  Each entry is a struct
 * unl_wire_ring_rec, then `len` bytes (a struct unl_wire_dgram and the
 * message, as the data socket would carry them), padded to 8; an entry
 * never wraps (a PAD entry fills the end instead).  prod and cons count
 * bytes since the start and only grow.
 *
 *   daemon   writes entries at prod (never past cons + size) and then
 *            prod (release).  It charges each datagram to the socket's
 *            rcvbuf until cons passes it: it reads cons whenever it
 *            looks at the socket (a CONSUME, a flush), so no CONSUME per
 *            datagram.  When sleepers > 0 after it wrote, it writes one
 *            UNL_DGRAM_WAKE record to the data socket, unless wake_sent
 *            says one is there already (it exchanges wake_sent to 1).
 *            When an entry does not fit it keeps it and sets
 *            room_wanted.  When the ring is empty (cons == prod) it may
 *            start the next entry at the front: a compare-and-swap of
 *            cons from prod to the next lap's start, then prod; and it
 *            gives back the memory of the pages past the first few
 *            (MADV_REMOVE) once an empty ring had held more, so that
 *            the ring costs what it holds.
 *   client   takes the entry at cons by copying it out, then a
 *            compare-and-swap of cons past it (a failed swap: someone
 *            else took it, look again); MSG_PEEK copies and checks that
 *            cons did not move.  Before it sleeps in recvmsg() of the
 *            data socket it adds 1 to sleepers, looks at the ring once
 *            more, and subtracts it after; a WAKE record it reads sets
 *            wake_sent to 0 (and it looks at the ring again).  After a
 *            take it sends CONSUME (a0 = 0: "look at my ring") when
 *            room_wanted was 1 (it exchanges it to 0), when the status
 *            slot says UNL_SHM_REPORT_NOW, or when entries remain while
 *            another thread sleeps (so that it is woken).
 *
 * Only the client's recvmsg() sees the ring: the data socket stays the
 * canonical path for everything else.  So the client stops the ring
 * (UNL_OP_RING_OFF) before the socket is handed to poll, select,
 * epoll_ctl or O_ASYNC, and the daemon stops it when a second connection
 * names the socket (ATTACH: a fork child, an exec, SCM_RIGHTS), when a
 * datagram could never fit, or when the ring's words make no sense.
 * Stopping:
 *
 *   state    who      what                                   then
 *   ON       daemon   stops: sets MOVING, exchanges cons for  MOVING
 *                     prod (what was at or past the old cons
 *                     is now the daemon's)
 *   MOVING   daemon   writes those entries (its own record of  OFF
 *                     their bounds, not the ring's headers),
 *                     then what waited for room, to the data
 *                     socket; a WAKE after them if an error is
 *                     pending
 *   MOVING   client   a take finds cons == prod: waits for OFF  MOVING
 *   OFF      client   reads the data socket only               OFF
 *
 * The client can write anything into its ring: the daemon reads only
 * cons, sleepers, wake_sent, room_wanted and maxlen there, checks cons
 * against what it wrote, and a client that breaks them breaks only its
 * own socket's ring (the daemon then stops it, counting its entries as
 * read).  States of the client's words, each tested at the wire
 * (tests/daemon/test_ring.c):
 *
 *   word         who      what                               then
 *   cons         client   takes an entry                     cons + entry
 *   cons         daemon   empty: restarts at the front       next lap
 *   cons         daemon   stops the ring                     prod
 *   sleepers     client   about to sleep / woke              +1 / -1
 *   wake_sent    daemon   wrote a WAKE (sleepers > 0)        1
 *   wake_sent    client   read a WAKE                        0
 *   room_wanted  daemon   an entry waits for room            1
 *   room_wanted  client   took an entry, nudges (CONSUME)    0
 */
#define UNL_WIRE_RING_BYTES (256u * 1024u)
enum { UNL_RING_ON = 1, UNL_RING_MOVING = 2, UNL_RING_OFF = 3 };
#define UNL_RING_REC_PAD 0x1 /* unl_wire_ring_rec.flags: skip len bytes */
struct unl_wire_ring_rec {
	uint32_t len;   /* bytes that follow (before the padding to 8) */
	uint32_t flags; /* UNL_RING_REC_* */
};
struct unl_wire_ring {
	/* Written by the daemon. */
	uint32_t magic; /* UNL_WIRE_MAGIC */
	uint32_t size;  /* bytes at data: UNL_WIRE_RING_BYTES */
	_Alignas(64) uint64_t prod;
	uint32_t state;     /* UNL_RING_* */
	uint32_t wake_sent;
	uint32_t room_wanted;
	/* Written by the client. */
	_Alignas(64) uint64_t cons;
	uint32_t sleepers;
	uint32_t maxlen; /* the largest buffer recvmsg() offered */
	_Alignas(64) unsigned char data[UNL_WIRE_RING_BYTES];
};
#define UNL_RING_ALIGN(n) (((uint64_t)(n) + 7u) & ~(uint64_t)7u)

/*
 * Send grants.  A sendmsg() to another user socket normally waits for
 * its answer: one round trip per datagram.  But what netlink_unicast()
 * answers a NETLINK_USERSOCK sender depends only on the receiver
 * (ECONNREFUSED: no socket at that portid, or one connected to another;
 * EAGAIN or a wait: its queue is full; the length otherwise, a filter
 * aside).  So when a SENDMSG with UNL_OP_F_GRANT (a datagram of len
 * bytes to portid P, with an address, no control messages) succeeds,
 * the daemon may give the sending socket a grant: datagrams of at most
 * `max_len` bytes to P whose room it holds at the receiver
 * (src/core/grant.c: other unicast senders count it as used), `count`
 * of them for a start.  The socket's status slots show it: grant_gen =
 * the grant's gen, grant_total = the datagrams it covers in all so far,
 * UNL_SHM_GRANT while it holds.  As the daemon runs the grant's
 * datagrams it holds room for more (up to UNL_WIRE_GRANT_MAX not yet
 * run) and raises grant_total, so that a sender whose receiver keeps up
 * never waits.  Each covered datagram is a SEND_ASYNC record: the
 * client answers the sendmsg() with its length at once, as Linux would
 * have, and the daemon delivers it when it reads the record, in the
 * connection's order.  The source portid and credentials are the
 * socket's, as the daemon knows them: a record names a socket by this
 * connection's id only, and carries no source of its own.
 *
 *   state       who      what                                  then
 *   none        daemon   a SENDMSG|F_GRANT succeeds, the       GRANTED
 *                        receiver exists, has no filter, is
 *                        not congested, has room for one more;
 *                        one connection names the sender
 *   none        daemon   ... otherwise: reply without payload  none
 *   GRANTED     client   a sendmsg() to P of <= max_len bytes, GRANTED
 *                        no control, flags only MSG_DONTWAIT or
 *                        MSG_NOSIGNAL; the slot shows
 *                        UNL_SHM_GRANT, gen, and a grant_total
 *                        above what it sent: SEND_ASYNC,
 *                        answered len at once
 *   GRANTED     daemon   runs a SEND_ASYNC; fewer than half    GRANTED
 *                        of UNL_WIRE_GRANT_MAX left: holds
 *                        room for more, grant_total + k
 *   GRANTED     client   any other sendmsg(), setsockopt(),    none
 *                        bind(), connect() on the socket: it
 *                        forgets the grant first (and the
 *                        daemon gives back its room at that
 *                        SENDMSG, SETSOCKOPT, BIND, CONNECT)
 *   GRANTED     daemon   the receiver closes, connects, binds  REVOKED
 *                        or sets an option; another connection
 *                        names the sender: the slots stop
 *                        showing UNL_SHM_GRANT
 *   REVOKED     client   sees no UNL_SHM_GRANT (or all of      none
 *                        grant_total sent): sends a SENDMSG,
 *                        which ends the grant
 *   any         daemon   a SEND_ASYNC no grant of this          unchanged
 *                        connection covers (a client that lies,
 *                        an id not its own, more than
 *                        grant_total, too long, another
 *                        portid): dropped
 *
 * A datagram sent on a grant before the receiver went is lost with the
 * receiver, as one queued there would be.  The client takes a grant's
 * datagram and writes its record under one hold of its record lock,
 * and forgets the grant under that lock before a SENDMSG, so that every
 * SEND_ASYNC comes before the SENDMSG that ends its grant.  When a
 * sender's data socket hangs up, the daemon reads what its connections
 * still hold before it closes the socket (a process that sends and
 * exits loses nothing).
 */
#define UNL_WIRE_GRANT_MAX 1024u        /* datagrams a grant covers ahead */
#define UNL_WIRE_GRANT_LEN_MAX 16384u   /* bytes of one */
struct unl_wire_grant {
	uint32_t dst_portid;
	uint32_t count;   /* grant_total when it was given */
	uint32_t max_len;
	uint32_t gen;     /* the slots' grant_gen while it holds */
};

/* One record on a data socket per netlink datagram. */
enum { UNL_DGRAM_DATA = 1, UNL_DGRAM_WAKE = 2 };
#define UNL_DGRAM_F_NSID 0x1 /* nsid holds NETLINK_LISTEN_ALL_NSID's */
struct unl_wire_dgram {
	uint16_t kind;   /* DATA; WAKE carries no message: it only makes the
			    socket readable so that a pending error is seen */
	uint16_t hdrlen; /* sizeof(struct unl_wire_dgram) */
	uint32_t portid; /* source, for msg_name */
	uint32_t dst_group;
	int32_t pid;     /* SCM_CREDENTIALS */
	uint32_t uid;
	uint32_t gid;
	uint32_t flags;  /* UNL_DGRAM_F_* */
	int32_t nsid;    /* the sender's net as the receiver's names it */
};

/*
 * Status slots.  The daemon keeps one status pool per control connection
 * (so one a process; the seccomp supervisor's, for its tree): a memfd
 * of UNL_WIRE_POOL_BYTES (sparse: the pages that hold slots take
 * memory), sealed against shrinking and growing and, once the daemon
 * has mapped it writable, against writes (F_SEAL_FUTURE_WRITE), so that
 * a client can only map it read-only.  It goes to the client once, with
 * the reply that gives the connection its first slot; the daemon keeps
 * no descriptor of it.
 * A socket gets a slot of 32 bytes in the pool of each connection that
 * names it (CREATE, ATTACH), kept until that connection forgets it
 * (CLOSE) or ends; the slot is emptied then (magic 0).  The daemon alone
 * writes the slots: every slot of a socket shows the same.  A client
 * maps the memfd once, and the pending error a slot shows is taken by
 * asking the daemon (UNL_OP_SOCK_ERROR).  So a process reads the status
 * of the sockets its own connection names and of no other: not of
 * another process's, even of the same user, and a socket passed with
 * SCM_RIGHTS gets a slot of the receiver's own when it ATTACHes, which
 * the sender never maps.  A forked child does not inherit the mapping
 * (the shim maps it MADV_DONTFORK) and ATTACHes what it inherited
 * before it reads a slot.
 */
#define UNL_WIRE_POOL_BYTES (16u << 20)
struct unl_wire_slot {
	uint32_t slot;     /* index of the socket's struct unl_wire_shm */
	uint32_t reserved;
};

/* A status slot. */
#define UNL_SHM_RECV_PKTINFO 0x1 /* NETLINK_PKTINFO set */
#define UNL_SHM_PASSCRED 0x2     /* SO_PASSCRED set */
#define UNL_SHM_REPORT_NOW 0x4   /* send CONSUME after every recvmsg */
#define UNL_SHM_DUMP_RUNNING 0x8 /* make CONSUME synchronous */
#define UNL_SHM_LISTEN_ALL_NSID 0x10 /* NETLINK_LISTEN_ALL_NSID set */
#define UNL_SHM_GRANT 0x20       /* the socket's last send grant holds */
struct unl_wire_shm {
	uint32_t magic;
	int32_t err;    /* pending sk_err (positive errno): ask the daemon
			   to take it (UNL_OP_SOCK_ERROR) */
	uint32_t flags; /* UNL_SHM_* */
	uint32_t sock_id_hint;
	/* The socket's send grant ("Send grants"): which one, and how
	 * many datagrams it covers in all so far (only grows). */
	uint32_t grant_gen;
	uint32_t grant_total;
	uint32_t reserved[2];
};

/* One socket, as /proc/net/netlink lists it. */
struct unl_wire_sockinfo {
	int32_t protocol;
	uint32_t portid;
	uint32_t groups;
	uint32_t rmem;
	uint32_t wmem;
	uint32_t dump;
	uint32_t drops;
	uint32_t kernel;
	int32_t owner_pid; /* the process that created it, 0 for kernel */
	uint32_t reserved;
	uint64_t net_id;   /* the net it is in */
};

#endif
