/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the parts of the `unetlink` tool share: its messages and exit
 * codes, the options of its subcommands, and the calls that reach a
 * daemon.  unetlink.c holds these, `run`, `shell`, `daemon`, `record`
 * and `replay`; commands.c the subcommands that talk to a running
 * daemon (status, netns, profile, uevent, clock, capture, fault,
 * monitor, state).
 */
#ifndef UNL_CLI_H
#define UNL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <unetlink/profile.h>

#include "wire/wire.h"

#define EXIT_USAGE 2
#define MAX_ADMIN 64

extern const char *prog;   /* "unetlink", for messages */
extern const char *subcmd; /* the subcommand, for the usage hint */

/* "unetlink: " and the message on stderr. */
void __attribute__((format(printf, 1, 2))) warnx_(const char *fmt, ...);
/* A usage error: the message, then where to look, exit 2. */
void __attribute__((format(printf, 1, 2), noreturn))
usage_error(const char *fmt, ...);
/* An option getopt_long() refused, said as coreutils say it. */
void __attribute__((noreturn)) bad_option(int c, char **argv);
/* What no case of a subcommand's getopt_long() loop took: -h prints
 * help and ends the tool (1 when stdout fails), anything else is
 * bad_option(). */
void __attribute__((noreturn))
help_or_bad_option(int c, char **argv, const char *help);

struct opts {
	const char *socket; /* --socket, or NULL */
	bool private_daemon; /* --private */
	bool shared;         /* --shared */
	int verbosity;       /* -v */
	bool json;
	const char *netns;   /* run --netns NAME */
	bool isolate;        /* run --isolate */
	int frontend;        /* run --seccomp / --preload: FRONTEND_* */
	const char *capture; /* run --capture FILE */
	bool capture_record; /* ... as a recording (record, replay) */
	const char **faults; /* run --fault RULE, --fault-file FILE's lines */
	size_t nfaults;
	char **fault_lines;  /* the lines of --fault-file, to free */
	size_t nfault_lines;
	const char *state;   /* run --state FILE */
	bool manual_clock;   /* run, daemon --manual-clock */
	const char *serve;   /* replay --serve FILE: its daemon answers */
	bool serve_at_once;  /* replay --serve --no-timing */
	const char *profile_name; /* --profile or $UNETLINK_PROFILE, or NULL */
	bool profile_from_env;       /* the latter: for daemons we start only */
	struct unl_profile *profile; /* loaded from profile_name */
	int admin;           /* --admin: ADMIN_* */
	uid_t admin_uids[MAX_ADMIN];
	gid_t admin_gids[MAX_ADMIN];
	size_t n_admin_uids, n_admin_gids;
};

/* --admin MODE, numbered as enum unl_daemon_admin numbers them. */
enum { ADMIN_DEFAULT, ADMIN_ROOT, ADMIN_OWNER, ADMIN_NONE };

enum {
	OPT_SOCKET = 0x100,
	OPT_ADMIN_UID,
	OPT_ADMIN_GID,
	OPT_FOREGROUND,
	OPT_PRIVATE,
	OPT_SHARED,
	OPT_PROFILE,
	OPT_ADMIN,
	OPT_NETNS,
	OPT_ISOLATE,
	OPT_SECCOMP,
	OPT_PRELOAD,
	OPT_CAPTURE,
	OPT_FAULT,
	OPT_FAULT_FILE,
	OPT_STATE,
	OPT_MANUAL_CLOCK,
};

/* Which front end serves the command (docs/seccomp.md). */
enum { FRONTEND_AUTO, FRONTEND_PRELOAD, FRONTEND_SECCOMP };

/* Parse the options of one subcommand; the index of its first operand. */
int parse_opts(int argc, char **argv, struct opts *o, const char *help,
	       bool operands, bool admin, bool json);

/* The daemon's default path; the explicit one (--socket, else
 * $UNETLINK_SOCKET), or NULL. */
const char *default_path(void);
const char *explicit_path(const struct opts *o);
/* Connect to the daemon at path and say HELLO: the descriptor (the
 * daemon's pid in *dpid), or -errno (-ENOENT or -ECONNREFUSED when
 * nothing listens there: nothing_listens()). */
int daemon_connect(const char *path, pid_t *dpid);
bool nothing_listens(int err);
/* One request and its reply (payload to free in *payload), or -errno of
 * the transport. */
int wire_call(int fd, const struct unl_wire_req *req,
	      struct unl_wire_rep *rep, void **payload, size_t *plen);
/* A request with a payload and at most one descriptor each way. */
int wire_call_buf(int fd, struct unl_wire_req *req, const void *data,
		  size_t len, int fd_in, struct unl_wire_rep *rep, uint64_t *id,
		  int *fd_out);
/* The answer of one NS op: 0, or -errno of the transport or the op. */
int ns_op(int fd, uint32_t op, int a0, const char *name, int fd_in,
	  uint64_t *id, int *fd_out);
/* seccomp-exec.c: `unetlink seccomp-exec`, which the shim execs. */
int cmd_seccomp_exec(int argc, char **argv);
/* `run`: argv on the stack; the exit status to exit with. */
int run_command(const struct opts *o, char **argv);

/* commands.c */
/* Add fault rules to the daemon at path: 0, or -1 after saying why. */
int faults_add(const char *path, const char *const *rules, size_t n);
/* Load a state file into the net netns (NULL: the first) of the daemon
 * at path: 0, or non-zero after saying why. */
int state_load_into(const char *path, const char *netns, const char *file);
/* A capture on the daemon at path: its connection, or -1 after saying
 * why. */
int capture_open(const char *path, const char *netns, int protocol,
		 int32_t pid);
int cmd_status(int argc, char **argv);
int cmd_netns(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_uevent(int argc, char **argv);
int cmd_clock(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_fault(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_state(int argc, char **argv);

#endif
