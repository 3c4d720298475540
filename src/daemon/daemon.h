/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The unetlink daemon: one core (struct unl_net) served to other processes
 * over the wire protocol of src/wire/wire.h.
 *
 * This is a library the `unetlink` tool links (`unetlink daemon`, and the
 * private daemon `unetlink run` starts).  unl_daemon_run() runs the event
 * loop in the calling thread until SIGTERM/SIGINT, an idle timeout or the
 * watch descriptor says stop; it never forks, exits or daemonizes: that is
 * the caller's business.  Messages go to a log descriptor, never to
 * stdout.
 */
#ifndef UNETLINK_DAEMON_H
#define UNETLINK_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Who gets admin rights (CAP_NET_ADMIN and the rest netlink checks). */
enum unl_daemon_admin {
	UNL_ADMIN_DEFAULT = 0, /* OWNER for a private daemon, ROOT for a
				  shared one */
	UNL_ADMIN_ROOT,  /* the processes whose capabilities, as the kernel
			    computes them, include them (in the daemon's
			    user namespace): root, unless it dropped them */
	UNL_ADMIN_OWNER, /* those, and every process of the owner, as
			    `unshare -rn` would give them (until it drops
			    them with capset()) */
	UNL_ADMIN_NONE,  /* nobody */
};

struct unl_daemon_config {
	/* Where to listen; NULL means unl_daemon_default_path().  Ignored
	 * under socket activation (LISTEN_FDS), where fd 3 is used. */
	const char *socket_path;

	/*
	 * false: a private daemon for one user.  Its directory is made 0700
	 * and its socket 0600; owner_uid gets admin rights (admin OWNER).
	 * true: a system daemon (/run/unetlink): directory 0755, socket
	 * 0666, so that every user can connect.  Rights are decided per
	 * client from SO_PEERCRED either way, never from file modes.
	 */
	bool shared;
	uid_t owner_uid; /* (uid_t)-1: the daemon's effective uid */

	/* Who is admin, and who else in every mode: these uids, and
	 * members of these groups (primary or supplementary), with the
	 * rights OWNER gives the owner.  Not copied: they must stay valid
	 * until unl_daemon_run() returns. */
	enum unl_daemon_admin admin;
	const uid_t *admin_uids;
	size_t n_admin_uids;
	const gid_t *admin_gids;
	size_t n_admin_gids;

	/* 0: errors and warnings; 1: also start, stop and refused input;
	 * 2: also every connection. */
	int verbosity;
	int log_fd; /* -1: stderr.  Not owned. */

	/* Told once the socket listens: ready_fd (owned by the daemon from
	 * the call on; it writes one byte, then closes it, and closes it on
	 * every early error too, so the reader sees EOF), then ready_cb. */
	int ready_fd; /* -1: none */
	void (*ready_cb)(const char *path, void *user);
	void *ready_user;

	/* A private per-command daemon ends itself: after idle_exit_ms
	 * (>= 0) with no client connection and no socket, or when watch_fd
	 * (not owned; typically the read end of a pipe whose write end the
	 * parent holds) becomes readable or hangs up.  -1 disables each. */
	int idle_exit_ms;
	int watch_fd;

	/* How long an inline answer waits in the call page for its client
	 * before the daemon writes it to the data socket (wire.h); 0:
	 * UNL_WIRE_OWED_NS.  Tests that take answers by hand stretch it so
	 * that a loaded machine does not decide who pays. */
	int64_t owed_ns;

	/* The nets' clock stands still but for CLOCK_ADVANCE
	 * (unl_net_clock_stop()): tests that count what happens each
	 * second get the same counts on a loaded machine. */
	bool manual_clock;

	/* Do not take fd 3 even when LISTEN_PID/LISTEN_FDS offer it. */
	bool no_socket_activation;

	/* The kernel profile the daemon's net follows
	 * (include/unetlink/profile.h); NULL: the host's.  Not owned: it
	 * must stay valid until unl_daemon_run() returns. */
	struct unl_profile *profile;

	/* Answer every protocol from this recording (docs/record.md)
	 * instead of the model (`unetlink replay --serve`); NULL: the
	 * model.  Read when the daemon starts. */
	const char *replay_path;
	/* Send the recording's answers and notifications at once, not as
	 * late as it shows they came (`replay --serve --no-timing`). */
	bool replay_at_once;
};

/* Defaults: private, owner = effective uid, no extra admins, no ready
 * notification, never idle-exits. */
void unl_daemon_config_init(struct unl_daemon_config *cfg);

/*
 * Serve until told to stop.  Returns 0 after a clean shutdown (SIGTERM,
 * SIGINT, idle timeout, watch_fd), or -errno when it could not start:
 * -EADDRINUSE when another daemon answers at the path, -EEXIST when the
 * path is something other than a socket, -EPERM for an unsafe directory.
 * Blocks SIGTERM and SIGINT in the calling thread and ignores SIGPIPE while
 * it runs; both are restored on return.  Raises RLIMIT_NOFILE's soft limit
 * to the hard one (each netlink socket costs the daemon a descriptor, each
 * connection one).
 */
int unl_daemon_run(const struct unl_daemon_config *cfg);

/*
 * The socket path clients and daemon agree on: $UNETLINK_SOCKET when set;
 * /run/unetlink/socket for root; $XDG_RUNTIME_DIR/unetlink/socket;
 * /tmp/unetlink-UID/socket when XDG_RUNTIME_DIR is unset.  (A command-line
 * option overrides all of these; that is the caller's job.)  Returns 0, or
 * -ENAMETOOLONG when it does not fit in len or in sun_path.
 */
int unl_daemon_default_path(char *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
