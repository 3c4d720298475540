// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A conformance backend: one implementation of the netlink socket calls.
 * The harness runs every scenario once per backend, each run in its own
 * forked child, and compares the transcripts.
 *
 * Every call returns 0 or a non-negative count on success and -errno on
 * failure; backends that wrap libc (the kernel one, a future LD_PRELOAD
 * shim) convert errno in exactly one place.  A socket is an opaque
 * handle (void *) owned by the backend until close().
 */
#ifndef CONF_BACKEND_H
#define CONF_BACKEND_H

#include <stdbool.h>
#include <sys/socket.h>
#include <sys/types.h>

struct conf_backend;

struct conf_backend_ops {
	const char *name;
	/*
	 * Called once in the child, before any step and before privileges
	 * are dropped.  Returns 0, -errno on failure, or 1 with *why set
	 * when the scenario cannot run here (it is then skipped).
	 */
	int (*open)(struct conf_backend *be, const char **why);
	/* Called at exit of the child; closes what is still open. */
	void (*fini)(struct conf_backend *be);
	/* Called after the child changed its credentials (`unpriv`,
	 * `dropcap`, `raisecap`; may be NULL): the sockets act with the new
	 * ones from now on, as Linux checks `current`. */
	void (*cred_changed)(struct conf_backend *be);

	int (*socket)(struct conf_backend *be, int type, int protocol,
		      void **sk);
	int (*close)(struct conf_backend *be, void *sk);
	int (*bind)(struct conf_backend *be, void *sk,
		    const struct sockaddr *addr, socklen_t len);
	int (*connect)(struct conf_backend *be, void *sk,
		       const struct sockaddr *addr, socklen_t len);
	int (*getsockname)(struct conf_backend *be, void *sk,
			   struct sockaddr *addr, socklen_t *len);
	int (*getpeername)(struct conf_backend *be, void *sk,
			   struct sockaddr *addr, socklen_t *len);
	ssize_t (*sendmsg)(struct conf_backend *be, void *sk,
			   const struct msghdr *msg, int flags);
	ssize_t (*sendto)(struct conf_backend *be, void *sk, const void *buf,
			  size_t len, int flags, const struct sockaddr *addr,
			  socklen_t addrlen);
	ssize_t (*recvmsg)(struct conf_backend *be, void *sk,
			   struct msghdr *msg, int flags);
	int (*setsockopt)(struct conf_backend *be, void *sk, int level,
			  int name, const void *val, socklen_t len);
	int (*getsockopt)(struct conf_backend *be, void *sk, int level,
			  int name, void *val, socklen_t *len);
	/* poll(2) for one socket: revents (>= 0) or -errno. */
	int (*poll)(struct conf_backend *be, void *sk, short events,
		    int timeout_ms);
	/* `netns new` (make): a new net, where sockets are made from now
	 * on, with a handle on descriptor CONF_NETNS_FD + idx; `netns
	 * enter`: net idx (0: the one the run started in) again.  A handle
	 * names its net in NETNSA_FD and IFLA_NET_NS_FD alike on every
	 * backend, and the process's pid names the current net. */
	int (*netns)(struct conf_backend *be, bool make, int idx);
};

#define CONF_NETNS_FD 200

struct conf_backend {
	const struct conf_backend_ops *ops;
	void *priv;
};

extern const struct conf_backend_ops conf_backend_kernel;
extern const struct conf_backend_ops conf_backend_unetlink;
/* Run by a re-executed harness under `unetlink run` (backend_shim.c). */
extern const struct conf_backend_ops conf_backend_shim;


/* The system-call operations of backend_kernel.c, which the shim target
 * shares: a handle is the file descriptor plus one. */
void sysb_fini(struct conf_backend *be);
int sysb_socket(struct conf_backend *be, int type, int protocol, void **sk);
int sysb_close(struct conf_backend *be, void *sk);
int sysb_bind(struct conf_backend *be, void *sk, const struct sockaddr *addr,
	      socklen_t len);
int sysb_connect(struct conf_backend *be, void *sk,
		 const struct sockaddr *addr, socklen_t len);
int sysb_getsockname(struct conf_backend *be, void *sk, struct sockaddr *addr,
		     socklen_t *len);
int sysb_getpeername(struct conf_backend *be, void *sk, struct sockaddr *addr,
		     socklen_t *len);
ssize_t sysb_sendmsg(struct conf_backend *be, void *sk,
		     const struct msghdr *msg, int flags);
ssize_t sysb_sendto(struct conf_backend *be, void *sk, const void *buf,
		    size_t len, int flags, const struct sockaddr *addr,
		    socklen_t addrlen);
ssize_t sysb_recvmsg(struct conf_backend *be, void *sk, struct msghdr *msg,
		     int flags);
int sysb_setsockopt(struct conf_backend *be, void *sk, int level, int name,
		    const void *val, socklen_t len);
int sysb_getsockopt(struct conf_backend *be, void *sk, int level, int name,
		    void *val, socklen_t *len);
int sysb_poll(struct conf_backend *be, void *sk, short events, int timeout_ms);
int sysb_netns(struct conf_backend *be, bool make, int idx);

#endif
