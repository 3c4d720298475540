// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Conformance scenarios: the parsed form of a .scn file (see README.md for
 * the text format).  Everything a step needs at run time is resolved here
 * except portids, which exist only once sockets do: those are pidvals.
 */
#ifndef CONF_SCENARIO_H
#define CONF_SCENARIO_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A portid written in a scenario: a number, the process pid, or the
 * portid a named socket has when the step runs; plus an offset. */
enum pidval_kind { PV_NUM, PV_PROCPID, PV_SOCK };
struct pidval {
	enum pidval_kind kind;
	int sock;
	int64_t num; /* the number, or the offset */
};

struct msgspec {
	uint16_t type, flags;
	uint32_t seq;
	struct pidval pid;
	uint8_t *data; /* payload after the header, attributes included */
	size_t data_len;
	long len; /* forced nlmsg_len, -1 for the real length */
};

struct addrspec {
	bool present;
	int family;
	struct pidval pid;
	uint32_t groups;
	long len; /* -1: sizeof(struct sockaddr_nl) */
};

enum expect_kind { EX_NONE, EX_VALUE, EX_OK, EX_ERR };
struct expect {
	enum expect_kind kind;
	long value; /* a return value, or -errno */
};

enum step_kind {
	ST_SOCKET,
	ST_CLOSE,
	ST_UNPRIV,
	ST_DROPCAP,
	ST_RAISECAP,
	ST_BIND,
	ST_CONNECT,
	ST_GETSOCKNAME,
	ST_GETPEERNAME,
	ST_SETSOCKOPT,
	ST_GETSOCKOPT,
	ST_SEND,
	ST_RECV,
	ST_DRAIN,
	ST_POLL,
	ST_NETNS,
};

/* `netns new NAME` and `netns enter NAME`: the nets of a scenario,
 * "initial" (index 0) and those it makes, at most CONF_MAX_NETS. */
#define CONF_MAX_NETS 8

enum optval_kind { OV_BYTES, OV_NULL, OV_BPF };

struct step {
	enum step_kind kind;
	int lineno;
	char *text;
	int sock;
	struct expect expect;

	/* socket */
	int type, protocol;

	/* dropcap, raisecap: the capability; dropcap from the effective
	 * set only */
	int cap;
	bool cap_eff_only;

	/* bind, connect, send */
	struct addrspec addr;

	/* getsockname, getpeername, getsockopt: the length passed in */
	long len;

	/* setsockopt, getsockopt */
	int level, optname;
	enum optval_kind ovkind;
	uint8_t *optval;
	size_t optval_len;
	struct sock_filter *bpf;
	size_t bpf_len;
	long optlen; /* -1: the value's own size */

	/* send */
	int flags;
	bool use_sendto;
	bool cred;
	struct pidval cred_pid;
	long cred_uid, cred_gid; /* -1: the current ids */
	int repeat;
	int ignore; /* an errno that repeat counts and goes on after */
	uint8_t *raw; /* raw payload, or NULL to build from msgs */
	size_t raw_len;
	struct msgspec *msgs;
	size_t nmsgs;

	/* send, recv: split the buffer into iovecs of this many bytes */
	size_t iovlen;

	/* recv, drain */
	size_t bufsize;
	/* recv mask=OFF:LEN: bytes of the datagram zeroed before they are
	 * printed, where each run has its own value (a wall-clock time) */
	size_t mask_off, mask_len;
	long namelen; /* -1: msg_name NULL */
	size_t ctrllen;

	/* poll */
	short events;
	int timeout;

	/* netns: make a new net (or enter one), by index */
	bool ns_make;
	int ns_idx;
};

/* "require sysctl net.core.rmem_max=212992", "require link dummy",
 * "require feature IP_MROUTE", "require kernel 6.16": skip unless the
 * host has it. */
struct requirement {
	char *sysctl;  /* dotted name, or NULL */
	char *value;
	int pclass;    /* enum unl_profile_class of a link or feature */
	char *name;    /* the kind or feature, or NULL */
	/* the oldest kernel (major.minor) with the behaviour, or 0 */
	int kernel_major, kernel_minor;
};

struct scenario {
	char *path;
	char *name;
	struct requirement *reqs;
	size_t nreqs;
	char *shim_skip; /* "skip-for-shim REASON": why the shim target
			    cannot match the kernel, or NULL */
	char **socks; /* socket names, indexed by step->sock */
	size_t nsocks;
	char *nets[CONF_MAX_NETS]; /* net names, indexed by step->ns_idx */
	int nnets;
	struct step *steps;
	size_t nsteps;
	/* Every portid the scenario names by number: a run whose own pid is
	 * one of them would print it as PID (transcript.c), where the
	 * kernel's run, with another pid, prints the number. */
	int64_t *literal_pids;
	size_t nliteral_pids;
};

/* Does the scenario name pid as a literal portid? */
bool scenario_names_pid(const struct scenario *sc, int64_t pid);

/* Parse the file at path into *sc.  On failure returns -errno or -EINVAL
 * with a message in err; *sc is then empty. */
int scenario_load(const char *path, struct scenario *sc, char *err,
		  size_t errlen);
void scenario_free(struct scenario *sc);

/* Names shared with the transcript. */
const char *conf_errno_name(int err);
void conf_msg_flags_str(int flags, char *buf, size_t len);
void conf_nlm_flags_str(unsigned int flags, char *buf, size_t len);
void conf_poll_str(int revents, char *buf, size_t len);

#endif
