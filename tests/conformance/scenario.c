// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The scenario parser.  One step per line; a line is a verb, positional
 * words, then key=value words (values may be "quoted").  Errors name the
 * line, since a scenario that half-parses would silently test less.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <unetlink/profile.h>

#include "scenario.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct name_val {
	const char *name;
	long val;
};

static const struct name_val sock_types[] = {
	{ "STREAM", SOCK_STREAM },     { "DGRAM", SOCK_DGRAM },
	{ "RAW", SOCK_RAW },	       { "RDM", SOCK_RDM },
	{ "SEQPACKET", SOCK_SEQPACKET }, { "PACKET", SOCK_PACKET },
	{ "NONBLOCK", SOCK_NONBLOCK }, { "CLOEXEC", SOCK_CLOEXEC },
	{ NULL, 0 },
};

static const struct name_val protocols[] = {
	{ "ROUTE", 0 },		 { "UNUSED", 1 },	  { "USERSOCK", 2 },
	{ "FIREWALL", 3 },	 { "SOCK_DIAG", 4 },	  { "NFLOG", 5 },
	{ "XFRM", 6 },		 { "SELINUX", 7 },	  { "ISCSI", 8 },
	{ "AUDIT", 9 },		 { "FIB_LOOKUP", 10 },	  { "CONNECTOR", 11 },
	{ "NETFILTER", 12 },	 { "IP6_FW", 13 },	  { "DNRTMSG", 14 },
	{ "KOBJECT_UEVENT", 15 }, { "GENERIC", 16 },	  { "SCSITRANSPORT", 18 },
	{ "ECRYPTFS", 19 },	 { "RDMA", 20 },	  { "CRYPTO", 21 },
	{ "SMC", 22 },		 { NULL, 0 },
};

static const struct name_val families[] = {
	{ "AF_UNSPEC", AF_UNSPEC }, { "AF_UNIX", AF_UNIX },
	{ "AF_INET", AF_INET },	    { "AF_INET6", AF_INET6 },
	{ "AF_NETLINK", AF_NETLINK }, { NULL, 0 },
};

/* The capabilities netlink checks. */
static const struct name_val capabilities[] = {
	{ "SETGID", CAP_SETGID },	    { "SETUID", CAP_SETUID },
	{ "NET_BROADCAST", CAP_NET_BROADCAST },
	{ "NET_ADMIN", CAP_NET_ADMIN },	    { "NET_RAW", CAP_NET_RAW },
	{ "SYS_ADMIN", CAP_SYS_ADMIN },	    { NULL, 0 },
};

static const struct name_val levels[] = {
	{ "SOL_SOCKET", SOL_SOCKET },
	{ "SOL_NETLINK", SOL_NETLINK },
	{ NULL, 0 },
};

static const struct name_val sol_socket_opts[] = {
	{ "SO_TYPE", SO_TYPE },
	{ "SO_ERROR", SO_ERROR },
	{ "SO_SNDBUF", SO_SNDBUF },
	{ "SO_RCVBUF", SO_RCVBUF },
	{ "SO_SNDBUFFORCE", SO_SNDBUFFORCE },
	{ "SO_RCVBUFFORCE", SO_RCVBUFFORCE },
	{ "SO_PASSCRED", SO_PASSCRED },
	{ "SO_RCVTIMEO", SO_RCVTIMEO },
	{ "SO_SNDTIMEO", SO_SNDTIMEO },
	{ "SO_ATTACH_FILTER", SO_ATTACH_FILTER },
	{ "SO_DETACH_FILTER", SO_DETACH_FILTER },
	{ "SO_LOCK_FILTER", SO_LOCK_FILTER },
	{ "SO_PROTOCOL", SO_PROTOCOL },
	{ "SO_DOMAIN", SO_DOMAIN },
	{ NULL, 0 },
};

static const struct name_val sol_netlink_opts[] = {
	{ "NETLINK_ADD_MEMBERSHIP", NETLINK_ADD_MEMBERSHIP },
	{ "NETLINK_DROP_MEMBERSHIP", NETLINK_DROP_MEMBERSHIP },
	{ "NETLINK_PKTINFO", NETLINK_PKTINFO },
	{ "NETLINK_BROADCAST_ERROR", NETLINK_BROADCAST_ERROR },
	{ "NETLINK_NO_ENOBUFS", NETLINK_NO_ENOBUFS },
	{ "NETLINK_RX_RING", 6 },
	{ "NETLINK_TX_RING", 7 },
	{ "NETLINK_LISTEN_ALL_NSID", NETLINK_LISTEN_ALL_NSID },
	{ "NETLINK_LIST_MEMBERSHIPS", NETLINK_LIST_MEMBERSHIPS },
	{ "NETLINK_CAP_ACK", NETLINK_CAP_ACK },
	{ "NETLINK_EXT_ACK", NETLINK_EXT_ACK },
	{ "NETLINK_GET_STRICT_CHK", NETLINK_GET_STRICT_CHK },
	{ NULL, 0 },
};

static const struct name_val msg_flags[] = {
	{ "MSG_OOB", MSG_OOB },
	{ "MSG_PEEK", MSG_PEEK },
	{ "MSG_DONTROUTE", MSG_DONTROUTE },
	{ "MSG_CTRUNC", MSG_CTRUNC },
	{ "MSG_TRUNC", MSG_TRUNC },
	{ "MSG_DONTWAIT", MSG_DONTWAIT },
	{ "MSG_EOR", MSG_EOR },
	{ "MSG_WAITALL", MSG_WAITALL },
	{ "MSG_CONFIRM", MSG_CONFIRM },
	{ "MSG_ERRQUEUE", MSG_ERRQUEUE },
	{ "MSG_NOSIGNAL", MSG_NOSIGNAL },
	{ "MSG_MORE", MSG_MORE },
	{ "MSG_CMSG_CLOEXEC", MSG_CMSG_CLOEXEC },
	{ NULL, 0 },
};

/* Names of the NLM_F_ bits for printing: the get/new meanings of the
 * high bits are ambiguous, so print the low ones and hex for the rest. */
static const struct name_val nlm_flags[] = {
	{ "REQUEST", NLM_F_REQUEST },
	{ "MULTI", NLM_F_MULTI },
	{ "ACK", NLM_F_ACK },
	{ "ECHO", NLM_F_ECHO },
	{ "DUMP_INTR", NLM_F_DUMP_INTR },
	{ "DUMP_FILTERED", NLM_F_DUMP_FILTERED },
	{ "DUMP", NLM_F_DUMP },
	{ "ROOT", NLM_F_ROOT },
	{ "MATCH", NLM_F_MATCH },
	{ "ATOMIC", NLM_F_ATOMIC },
	{ "REPLACE", NLM_F_REPLACE },
	{ "EXCL", NLM_F_EXCL },
	{ "CREATE", NLM_F_CREATE },
	{ "APPEND", NLM_F_APPEND },
	{ "NONREC", 0x100 },
	{ "BULK", 0x200 },
	{ "CAPPED", 0x100 },
	{ "ACK_TLVS", 0x200 },
	{ NULL, 0 },
};

static const struct name_val nlm_types[] = {
	{ "NOOP", NLMSG_NOOP },
	{ "ERROR", NLMSG_ERROR },
	{ "DONE", NLMSG_DONE },
	{ "OVERRUN", NLMSG_OVERRUN },
	{ NULL, 0 },
};

static const struct name_val poll_bits[] = {
	{ "IN", POLLIN },   { "PRI", POLLPRI }, { "OUT", POLLOUT },
	{ "ERR", POLLERR }, { "HUP", POLLHUP }, { "NVAL", POLLNVAL },
	{ NULL, 0 },
};

const char *conf_errno_name(int err)
{
	const char *n = strerrorname_np(err);

	return n ? n : "E?";
}

static void flags_str(const struct name_val *t, long flags, char *buf,
		      size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	if (!flags) {
		snprintf(buf, len, "0");
		return;
	}
	for (; t->name && off < len; t++) {
		if (t->val && (flags & t->val) == t->val) {
			off += snprintf(buf + off, len - off, "%s%s",
					off ? "|" : "", t->name);
			flags &= ~t->val;
		}
	}
	if (flags && off < len)
		snprintf(buf + off, len - off, "%s0x%lx", off ? "|" : "",
			 flags);
}

void conf_msg_flags_str(int flags, char *buf, size_t len)
{
	flags_str(msg_flags, (unsigned int)flags, buf, len);
}

void conf_nlm_flags_str(unsigned int flags, char *buf, size_t len)
{
	/* Only the unambiguous low bits by name. */
	flags_str(nlm_flags, flags & 0x3f, buf, len);
	if (flags & ~0x3fu) {
		size_t off = strlen(buf);

		if (!(flags & 0x3f))
			off = 0;
		snprintf(buf + off, len - off, "%s0x%x", off ? "|" : "",
			 flags & ~0x3fu);
	}
}

void conf_poll_str(int revents, char *buf, size_t len)
{
	flags_str(poll_bits, revents, buf, len);
}

/* --- parsing helpers ----------------------------------------------- */

struct parser {
	struct scenario *sc;
	int lineno;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3))) static int perr(struct parser *p,
						       const char *fmt, ...)
{
	va_list ap;
	size_t off;

	off = (size_t)snprintf(p->err, p->errlen, "%s:%d: ", p->sc->path,
			       p->lineno);
	if (off < p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err + off, p->errlen - off, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int parse_long(const char *s, long *out)
{
	char *end;

	if (!*s)
		return -EINVAL;
	errno = 0;
	*out = strtol(s, &end, 0);
	if (*end || errno)
		return -EINVAL;
	return 0;
}

/* One name from a table, with an optional prefix left out, or a number. */
static int parse_name(const struct name_val *t, const char *prefix,
		      const char *s, long *out)
{
	size_t pl = prefix ? strlen(prefix) : 0;

	if (parse_long(s, out) == 0)
		return 0;
	for (; t->name; t++) {
		if (!strcmp(t->name, s) ||
		    (pl && !strncmp(s, prefix, pl) && !strcmp(t->name, s + pl))) {
			*out = t->val;
			return 0;
		}
	}
	return -EINVAL;
}

/* NAME|NAME|number */
static int parse_flags(const struct name_val *t, const char *prefix,
		       const char *s, long *out)
{
	char *dup = strdup(s), *save = NULL, *tok;
	long v, acc = 0;
	int ret = 0;

	if (!dup)
		return -ENOMEM;
	for (tok = strtok_r(dup, "|", &save); tok;
	     tok = strtok_r(NULL, "|", &save)) {
		ret = parse_name(t, prefix, tok, &v);
		if (ret < 0)
			break;
		acc |= v;
	}
	free(dup);
	*out = acc;
	return ret;
}

static int parse_errno_name(const char *s, long *out)
{
	for (int e = 1; e < 200; e++) {
		const char *n = strerrorname_np(e);

		if (n && !strcmp(n, s)) {
			*out = e;
			return 0;
		}
	}
	return -EINVAL;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Hex digits, with '_' and '.' allowed as separators; appends to *buf. */
static int parse_hex(const char *s, uint8_t **buf, size_t *len)
{
	size_t n = 0, cap = *len + strlen(s) / 2 + 1;
	uint8_t *b = realloc(*buf, cap);
	int hi = -1;

	if (!b)
		return -ENOMEM;
	*buf = b;
	n = *len;
	for (; *s; s++) {
		int v;

		if (*s == '_' || *s == '.')
			continue;
		v = hexval((unsigned char)*s);
		if (v < 0)
			return -EINVAL;
		if (hi < 0) {
			hi = v;
		} else {
			b[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0)
		return -EINVAL;
	*len = n;
	return 0;
}

static int append_bytes(uint8_t **buf, size_t *len, const void *src,
			size_t n)
{
	uint8_t *b = realloc(*buf, *len + n + 1);

	if (!b)
		return -ENOMEM;
	if (src)
		memcpy(b + *len, src, n);
	else
		memset(b + *len, 0, n);
	*buf = b;
	*len += n;
	return 0;
}

static int find_sock(struct parser *p, const char *name)
{
	for (size_t i = 0; i < p->sc->nsocks; i++)
		if (!strcmp(p->sc->socks[i], name))
			return (int)i;
	return -1;
}

static int add_sock(struct parser *p, const char *name)
{
	int i = find_sock(p, name);
	char **s;

	if (i >= 0)
		return i;
	/* Names appear in portid expressions: letters first, no + or -. */
	if (!isalpha((unsigned char)name[0]) || !strcmp(name, "PID") ||
	    name[strspn(name, "abcdefghijklmnopqrstuvwxyz"
			      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")])
		return perr(p, "bad socket name '%s'", name);
	s = realloc(p->sc->socks, (p->sc->nsocks + 1) * sizeof(*s));
	if (!s)
		return -ENOMEM;
	p->sc->socks = s;
	s[p->sc->nsocks] = strdup(name);
	if (!s[p->sc->nsocks])
		return -ENOMEM;
	return (int)p->sc->nsocks++;
}

/* netns new NAME (a new net, current from then on) or netns enter NAME
 * (NAME made before, or "initial"). */
static int parse_netns(struct parser *p, int ntok, char **tok,
		       struct step *st)
{
	struct scenario *sc = p->sc;
	int i;

	if (ntok < 3 || (strcmp(tok[1], "new") && strcmp(tok[1], "enter")))
		return perr(p, "'netns' needs new|enter and a name");
	if (!sc->nnets) {
		sc->nets[0] = strdup("initial");
		if (!sc->nets[0])
			return -ENOMEM;
		sc->nnets = 1;
	}
	for (i = 0; i < sc->nnets && strcmp(sc->nets[i], tok[2]); i++)
		;
	st->ns_make = !strcmp(tok[1], "new");
	if (st->ns_make) {
		if (i < sc->nnets)
			return perr(p, "net '%s' made twice", tok[2]);
		if (sc->nnets == CONF_MAX_NETS)
			return perr(p, "more than %d nets", CONF_MAX_NETS);
		sc->nets[i] = strdup(tok[2]);
		if (!sc->nets[i])
			return -ENOMEM;
		sc->nnets++;
	} else if (i == sc->nnets) {
		return perr(p, "unknown net '%s'", tok[2]);
	}
	st->ns_idx = i;
	return 0;
}

/* 123, -4096, PID, PID+1, a, a-1 */
static int parse_pidval(struct parser *p, const char *s, struct pidval *pv)
{
	char name[64];
	const char *off;
	long v;
	size_t n;

	memset(pv, 0, sizeof(*pv));
	if (parse_long(s, &v) == 0) {
		int64_t *l = realloc(p->sc->literal_pids,
				     (p->sc->nliteral_pids + 1) * sizeof(*l));

		if (!l)
			return perr(p, "out of memory");
		l[p->sc->nliteral_pids++] = (int64_t)v;
		p->sc->literal_pids = l;
		pv->kind = PV_NUM;
		pv->num = (int64_t)v;
		return 0;
	}
	off = strpbrk(s, "+-");
	n = off ? (size_t)(off - s) : strlen(s);
	if (n == 0 || n >= sizeof(name))
		return perr(p, "bad portid '%s'", s);
	memcpy(name, s, n);
	name[n] = '\0';
	if (off && parse_long(off, &v) < 0)
		return perr(p, "bad portid offset '%s'", s);
	pv->num = off ? v : 0;
	if (!strcmp(name, "PID")) {
		pv->kind = PV_PROCPID;
		return 0;
	}
	pv->kind = PV_SOCK;
	pv->sock = find_sock(p, name);
	if (pv->sock < 0)
		return perr(p, "unknown socket '%s'", name);
	return 0;
}

/* --- tokenizer ------------------------------------------------------ */

#define MAX_TOKENS 64

/* Split line in place: words separated by blanks, "..." keeps blanks
 * (the quotes are removed), '#' starts a comment. */
static int tokenize(struct parser *p, char *line, char **tok, int *ntok)
{
	char *s = line, *d;
	int n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			break;
		if (n == MAX_TOKENS)
			return perr(p, "too many words");
		tok[n++] = d = s;
		while (*s && *s != ' ' && *s != '\t') {
			if (*s == '"') {
				s++;
				while (*s && *s != '"')
					*d++ = *s++;
				if (*s != '"')
					return perr(p, "unterminated quote");
				s++;
				continue;
			}
			*d++ = *s++;
		}
		if (*s)
			s++;
		*d = '\0';
	}
	*ntok = n;
	return 0;
}

/* --- values --------------------------------------------------------- */

/* ld K, ldh K, ldb K, ldlen, jeq K JT JF, jgt, jge, jset, and K,
 * ret K, reta, raw CODE JT JF K; separated by ';'. */
static int parse_bpf(struct parser *p, const char *s, struct step *st)
{
	char *dup = strdup(s), *save = NULL, *ins;
	int ret = 0;

	if (!dup)
		return -ENOMEM;
	for (ins = strtok_r(dup, ";", &save); ins;
	     ins = strtok_r(NULL, ";", &save)) {
		struct sock_filter f = { 0 };
		char op[16];
		long a[4] = { 0 };
		int n;
		struct sock_filter *nb;

		n = sscanf(ins, " %15s %li %li %li %li", op, &a[0], &a[1],
			   &a[2], &a[3]);
		if (n < 1) {
			ret = perr(p, "bad bpf instruction '%s'", ins);
			break;
		}
		if (!strcmp(op, "ld"))
			f = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, a[0]);
		else if (!strcmp(op, "ldh"))
			f = (struct sock_filter)BPF_STMT(BPF_LD | BPF_H | BPF_ABS, a[0]);
		else if (!strcmp(op, "ldb"))
			f = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_ABS, a[0]);
		else if (!strcmp(op, "ldlen"))
			f = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0);
		else if (!strcmp(op, "and"))
			f = (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K, a[0]);
		else if (!strcmp(op, "jeq"))
			f = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, a[0], a[1], a[2]);
		else if (!strcmp(op, "jgt"))
			f = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, a[0], a[1], a[2]);
		else if (!strcmp(op, "jge"))
			f = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, a[0], a[1], a[2]);
		else if (!strcmp(op, "jset"))
			f = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, a[0], a[1], a[2]);
		else if (!strcmp(op, "ret"))
			f = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, a[0]);
		else if (!strcmp(op, "reta"))
			f = (struct sock_filter)BPF_STMT(BPF_RET | BPF_A, 0);
		else if (!strcmp(op, "raw"))
			f = (struct sock_filter){ (uint16_t)a[0], (uint8_t)a[1],
						  (uint8_t)a[2], (uint32_t)a[3] };
		else {
			ret = perr(p, "unknown bpf op '%s'", op);
			break;
		}
		nb = realloc(st->bpf, (st->bpf_len + 1) * sizeof(*nb));
		if (!nb) {
			ret = -ENOMEM;
			break;
		}
		st->bpf = nb;
		st->bpf[st->bpf_len++] = f;
	}
	free(dup);
	return ret;
}

/* int:N  hex:HEX  timeval:SEC:USEC  bpf:"PROGRAM"  null */
static int parse_optval(struct parser *p, const char *s, struct step *st)
{
	long a, b;

	st->ovkind = OV_BYTES;
	if (!strncmp(s, "int:", 4)) {
		int v;

		if (parse_long(s + 4, &a) < 0)
			return perr(p, "bad int '%s'", s);
		v = (int)a;
		return append_bytes(&st->optval, &st->optval_len, &v, sizeof(v));
	}
	if (!strncmp(s, "hex:", 4)) {
		if (parse_hex(s + 4, &st->optval, &st->optval_len) < 0)
			return perr(p, "bad hex '%s'", s);
		return 0;
	}
	if (!strncmp(s, "timeval:", 8)) {
		struct timeval tv;

		if (sscanf(s + 8, "%li:%li", &a, &b) != 2)
			return perr(p, "bad timeval '%s'", s);
		tv.tv_sec = a;
		tv.tv_usec = b;
		return append_bytes(&st->optval, &st->optval_len, &tv,
				    sizeof(tv));
	}
	if (!strncmp(s, "bpf:", 4)) {
		st->ovkind = OV_BPF;
		return parse_bpf(p, s + 4, st);
	}
	if (!strcmp(s, "null")) {
		st->ovkind = OV_NULL;
		return 0;
	}
	return perr(p, "bad option value '%s'", s);
}

static int parse_expect(struct parser *p, const char *s, struct expect *ex)
{
	long v;

	if (!strcmp(s, "ok")) {
		ex->kind = EX_OK;
		return 0;
	}
	if (!strcmp(s, "err")) {
		ex->kind = EX_ERR;
		return 0;
	}
	ex->kind = EX_VALUE;
	if (parse_long(s, &v) == 0) {
		ex->value = v;
		return 0;
	}
	if (parse_errno_name(s, &v) == 0) {
		ex->value = -v;
		return 0;
	}
	return perr(p, "bad expect '%s'", s);
}

/* attr=TYPE:HEX or attr=TYPE:s:STRING (NUL added), padded to 4 bytes. */
static int parse_attr(struct parser *p, const char *s, struct msgspec *m)
{
	uint8_t *val = NULL;
	size_t vlen = 0, pad;
	struct nlattr nla;
	const char *colon = strchr(s, ':');
	long type;
	int ret;
	char tbuf[16];

	if (!colon || (size_t)(colon - s) >= sizeof(tbuf))
		return perr(p, "bad attr '%s'", s);
	memcpy(tbuf, s, (size_t)(colon - s));
	tbuf[colon - s] = '\0';
	if (parse_long(tbuf, &type) < 0)
		return perr(p, "bad attr type '%s'", s);
	if (!strncmp(colon + 1, "s:", 2))
		ret = append_bytes(&val, &vlen, colon + 3, strlen(colon + 3) + 1);
	else if (parse_hex(colon + 1, &val, &vlen) < 0)
		ret = perr(p, "bad attr hex '%s'", s);
	else
		ret = 0;
	if (ret == 0) {
		nla.nla_len = (uint16_t)(NLA_HDRLEN + vlen);
		nla.nla_type = (uint16_t)type;
		pad = NLA_ALIGN(vlen) - vlen;
		ret = append_bytes(&m->data, &m->data_len, &nla, sizeof(nla));
		if (ret == 0)
			ret = append_bytes(&m->data, &m->data_len, val, vlen);
		if (ret == 0)
			ret = append_bytes(&m->data, &m->data_len, NULL, pad);
	}
	free(val);
	return ret;
}

static int parse_msg_key(struct parser *p, const char *key, const char *val,
			 struct msgspec *m)
{
	long v;

	if (!strcmp(key, "type")) {
		if (parse_name(nlm_types, "NLMSG_", val, &v) < 0)
			return perr(p, "bad type '%s'", val);
		m->type = (uint16_t)v;
	} else if (!strcmp(key, "flags")) {
		if (parse_flags(nlm_flags, "NLM_F_", val, &v) < 0)
			return perr(p, "bad flags '%s'", val);
		m->flags = (uint16_t)v;
	} else if (!strcmp(key, "seq")) {
		if (parse_long(val, &v) < 0)
			return perr(p, "bad seq '%s'", val);
		m->seq = (uint32_t)v;
	} else if (!strcmp(key, "pid")) {
		return parse_pidval(p, val, &m->pid);
	} else if (!strcmp(key, "len")) {
		if (parse_long(val, &m->len) < 0)
			return perr(p, "bad len '%s'", val);
	} else if (!strcmp(key, "data")) {
		if (parse_hex(val, &m->data, &m->data_len) < 0)
			return perr(p, "bad data '%s'", val);
	} else if (!strcmp(key, "zeros")) {
		if (parse_long(val, &v) < 0 || v < 0)
			return perr(p, "bad zeros '%s'", val);
		return append_bytes(&m->data, &m->data_len, NULL, (size_t)v);
	} else if (!strcmp(key, "attr")) {
		return parse_attr(p, val, m);
	} else {
		return perr(p, "unknown msg key '%s'", key);
	}
	return 0;
}

static int parse_addr_key(struct parser *p, const char *key, const char *val,
			  struct addrspec *a, bool *used)
{
	long v;

	*used = true;
	if (!strcmp(key, "family")) {
		if (parse_name(families, NULL, val, &v) < 0)
			return perr(p, "bad family '%s'", val);
		a->family = (int)v;
	} else if (!strcmp(key, "pid") || !strcmp(key, "to")) {
		return parse_pidval(p, val, &a->pid);
	} else if (!strcmp(key, "groups")) {
		if (parse_long(val, &v) < 0)
			return perr(p, "bad groups '%s'", val);
		a->groups = (uint32_t)v;
	} else if (!strcmp(key, "addrlen") || !strcmp(key, "namelen")) {
		if (parse_long(val, &a->len) < 0)
			return perr(p, "bad length '%s'", val);
	} else {
		*used = false;
	}
	return 0;
}

/* --- steps ---------------------------------------------------------- */

static const struct {
	const char *verb;
	enum step_kind kind;
} verbs[] = {
	{ "socket", ST_SOCKET },       { "close", ST_CLOSE },
	{ "unpriv", ST_UNPRIV },       { "bind", ST_BIND },
	{ "dropcap", ST_DROPCAP },     { "raisecap", ST_RAISECAP },
	{ "connect", ST_CONNECT },     { "getsockname", ST_GETSOCKNAME },
	{ "getpeername", ST_GETPEERNAME }, { "setsockopt", ST_SETSOCKOPT },
	{ "getsockopt", ST_GETSOCKOPT }, { "send", ST_SEND },
	{ "sendto", ST_SEND },	       { "recv", ST_RECV },
	{ "drain", ST_DRAIN },	       { "poll", ST_POLL },
	{ "netns", ST_NETNS },
};

static int parse_step(struct parser *p, char **tok, int ntok, struct step *st)
{
	int i, pos = 1, npos;
	long v;
	int ret;

	for (i = 0; i < (int)(sizeof(verbs) / sizeof(verbs[0])); i++)
		if (!strcmp(tok[0], verbs[i].verb))
			break;
	if (i == (int)(sizeof(verbs) / sizeof(verbs[0])))
		return perr(p, "unknown step '%s'", tok[0]);
	st->kind = verbs[i].kind;
	st->use_sendto = !strcmp(tok[0], "sendto");
	st->sock = -1;
	st->len = -1;
	st->optlen = -1;
	st->addr.family = AF_NETLINK;
	st->addr.len = -1;
	st->repeat = 1;
	st->bufsize = 8192;
	st->namelen = sizeof(struct sockaddr_nl);
	st->ctrllen = 256;
	st->cred_uid = st->cred_gid = -1;
	st->events = POLLIN;
	st->flags = (st->kind == ST_RECV || st->kind == ST_DRAIN) ? MSG_DONTWAIT : 0;
	if (st->kind == ST_DRAIN)
		st->bufsize = 65536;

	/* dropcap CAP [eff], raisecap CAP: no socket */
	if (st->kind == ST_DROPCAP || st->kind == ST_RAISECAP) {
		if (ntok < 2 || parse_name(capabilities, "CAP_", tok[1], &v) < 0)
			return perr(p, "'%s' needs a capability", tok[0]);
		st->cap = (int)v;
		pos = 2;
		if (st->kind == ST_DROPCAP && ntok > 2 &&
		    !strcmp(tok[2], "eff")) {
			st->cap_eff_only = true;
			pos = 3;
		}
		goto keys;
	}

	/* netns new NAME, netns enter NAME: no socket */
	if (st->kind == ST_NETNS) {
		ret = parse_netns(p, ntok, tok, st);
		if (ret < 0)
			return ret;
		pos = 3;
		goto keys;
	}

	/* positional words */
	npos = st->kind == ST_UNPRIV	  ? 0
	       : st->kind == ST_SOCKET	  ? 3
	       : st->kind == ST_SETSOCKOPT ? 4
	       : st->kind == ST_GETSOCKOPT ? 3
					   : 1;
	if (ntok < 1 + npos)
		return perr(p, "'%s' needs %d arguments", tok[0], npos);
	if (npos) {
		if (st->kind == ST_SOCKET) {
			ret = add_sock(p, tok[1]);
		} else {
			ret = find_sock(p, tok[1]);
			if (ret < 0)
				ret = perr(p, "unknown socket '%s'", tok[1]);
		}
		if (ret < 0)
			return ret;
		st->sock = ret;
	}
	if (st->kind == ST_SOCKET) {
		if (parse_flags(sock_types, "SOCK_", tok[2], &v) < 0)
			return perr(p, "bad socket type '%s'", tok[2]);
		st->type = (int)v;
		if (parse_name(protocols, "NETLINK_", tok[3], &v) < 0)
			return perr(p, "bad protocol '%s'", tok[3]);
		st->protocol = (int)v;
	}
	if (st->kind == ST_SETSOCKOPT || st->kind == ST_GETSOCKOPT) {
		if (parse_name(levels, NULL, tok[2], &v) < 0)
			return perr(p, "bad level '%s'", tok[2]);
		st->level = (int)v;
		if (parse_name(st->level == SOL_SOCKET ? sol_socket_opts
						       : sol_netlink_opts,
			       NULL, tok[3], &v) < 0)
			return perr(p, "bad option '%s'", tok[3]);
		st->optname = (int)v;
		if (st->kind == ST_SETSOCKOPT) {
			ret = parse_optval(p, tok[4], st);
			if (ret < 0)
				return ret;
		}
	}
	pos = 1 + npos;

keys:
	for (; pos < ntok; pos++) {
		char *key = tok[pos], *val = strchr(key, '=');
		struct msgspec *m = st->nmsgs ? &st->msgs[st->nmsgs - 1] : NULL;
		bool used;

		if (!strcmp(key, "msg")) {
			struct msgspec *nm;

			if (st->kind != ST_SEND || st->raw)
				return perr(p, "'msg' only in send");
			nm = realloc(st->msgs, (st->nmsgs + 1) * sizeof(*nm));
			if (!nm)
				return -ENOMEM;
			st->msgs = nm;
			memset(&nm[st->nmsgs], 0, sizeof(*nm));
			nm[st->nmsgs].len = -1;
			st->nmsgs++;
			continue;
		}
		if (!strcmp(key, "noname")) {
			st->namelen = -1;
			continue;
		}
		if (!val)
			return perr(p, "expected key=value, got '%s'", key);
		*val++ = '\0';

		if (!strcmp(key, "expect")) {
			ret = parse_expect(p, val, &st->expect);
			if (ret < 0)
				return ret;
			continue;
		}
		if (m) {
			ret = parse_msg_key(p, key, val, m);
			if (ret < 0)
				return ret;
			continue;
		}
		switch (st->kind) {
		case ST_BIND:
		case ST_CONNECT:
		case ST_SEND:
			ret = parse_addr_key(p, key, val, &st->addr, &used);
			if (ret < 0)
				return ret;
			if (used) {
				st->addr.present = true;
				continue;
			}
			break;
		default:
			break;
		}
		if (!strcmp(key, "len") &&
		    (st->kind == ST_GETSOCKNAME || st->kind == ST_GETPEERNAME ||
		     st->kind == ST_GETSOCKOPT || st->kind == ST_SETSOCKOPT)) {
			if (parse_long(val, &v) < 0)
				return perr(p, "bad len '%s'", val);
			if (st->kind == ST_SETSOCKOPT)
				st->optlen = v;
			else
				st->len = v;
		} else if (!strcmp(key, "flags") &&
			   (st->kind == ST_SEND || st->kind == ST_RECV ||
			    st->kind == ST_DRAIN)) {
			if (parse_flags(msg_flags, "MSG_", val, &v) < 0)
				return perr(p, "bad flags '%s'", val);
			st->flags = (int)v;
		} else if (!strcmp(key, "repeat") &&
			   (st->kind == ST_SEND || st->kind == ST_RECV)) {
			if (parse_long(val, &v) < 0 || v < 1 || v > 1000000)
				return perr(p, "bad repeat '%s'", val);
			st->repeat = (int)v;
		} else if (!strcmp(key, "ignore") && st->kind == ST_SEND) {
			if (parse_errno_name(val, &v) < 0)
				return perr(p, "bad ignore '%s'", val);
			st->ignore = (int)v;
		} else if (!strcmp(key, "cred") && st->kind == ST_SEND) {
			/* cred=PIDVAL or cred=PIDVAL/UID/GID */
			char *slash = strchr(val, '/');

			st->cred = true;
			if (slash) {
				*slash++ = '\0';
				if (sscanf(slash, "%li/%li", &st->cred_uid,
					   &st->cred_gid) != 2)
					return perr(p, "bad cred ids '%s'", slash);
			}
			ret = parse_pidval(p, val, &st->cred_pid);
			if (ret < 0)
				return ret;
		} else if (!strcmp(key, "raw") && st->kind == ST_SEND) {
			if (parse_hex(val, &st->raw, &st->raw_len) < 0)
				return perr(p, "bad raw '%s'", val);
			if (!st->raw)
				st->raw = malloc(1);
			if (!st->raw)
				return -ENOMEM;
		} else if (!strcmp(key, "size") && st->kind == ST_SEND) {
			if (parse_long(val, &v) < 0 || v < 0)
				return perr(p, "bad size '%s'", val);
			ret = append_bytes(&st->raw, &st->raw_len, NULL,
					   (size_t)v);
			if (ret < 0)
				return ret;
		} else if (!strcmp(key, "iov") &&
			   (st->kind == ST_SEND || st->kind == ST_RECV)) {
			if (parse_long(val, &v) < 0 || v < 1)
				return perr(p, "bad iov '%s'", val);
			st->iovlen = (size_t)v;
		} else if (!strcmp(key, "buf") &&
			   (st->kind == ST_RECV || st->kind == ST_DRAIN)) {
			if (parse_long(val, &v) < 0 || v < 0 || v > (1 << 24))
				return perr(p, "bad buf '%s'", val);
			st->bufsize = (size_t)v;
		} else if (!strcmp(key, "mask") && st->kind == ST_RECV) {
			unsigned long off, len;
			char tail;

			if (sscanf(val, "%lu:%lu%c", &off, &len, &tail) != 2 ||
			    !len || off + len > (1ul << 24))
				return perr(p, "bad mask '%s'", val);
			st->mask_off = off;
			st->mask_len = len;
		} else if (!strcmp(key, "name") && st->kind == ST_RECV) {
			if (parse_long(val, &v) < 0 || v < 0 || v > 128)
				return perr(p, "bad name '%s'", val);
			st->namelen = v;
		} else if (!strcmp(key, "ctrl") && st->kind == ST_RECV) {
			if (parse_long(val, &v) < 0 || v < 0 || v > 4096)
				return perr(p, "bad ctrl '%s'", val);
			st->ctrllen = (size_t)v;
		} else if (!strcmp(key, "events") && st->kind == ST_POLL) {
			if (parse_flags(poll_bits, "POLL", val, &v) < 0)
				return perr(p, "bad events '%s'", val);
			st->events = (short)v;
		} else if (!strcmp(key, "timeout") && st->kind == ST_POLL) {
			if (parse_long(val, &v) < 0)
				return perr(p, "bad timeout '%s'", val);
			st->timeout = (int)v;
		} else {
			return perr(p, "unknown key '%s' for '%s'", key, tok[0]);
		}
	}
	if (st->kind == ST_SEND && !st->raw && !st->nmsgs)
		return perr(p, "send needs raw=, size= or msg");
	if (st->kind == ST_SEND && st->raw && st->nmsgs)
		return perr(p, "send has both raw and msg");
	if (st->use_sendto && st->cred)
		return perr(p, "sendto cannot carry cred=");
	return 0;
}

/* "require sysctl NAME=VALUE", "require link KIND", "require feature
 * SYMBOL", "require kernel MAJOR.MINOR": what the host kernel must have
 * for the scenario to run. */
static int parse_require(struct parser *p, char **tok, int ntok)
{
	struct requirement *r;
	char *eq = ntok == 3 ? strchr(tok[2], '=') : NULL;
	bool sysctl = ntok == 3 && !strcmp(tok[1], "sysctl") && eq;
	bool link = ntok == 3 && !strcmp(tok[1], "link");
	bool feature = ntok == 3 && !strcmp(tok[1], "feature");
	bool kernel = ntok == 3 && !strcmp(tok[1], "kernel");
	int major = 0, minor = 0;

	if (kernel && (sscanf(tok[2], "%d.%d", &major, &minor) != 2 ||
		       major <= 0 || minor < 0))
		kernel = false;
	if (!sysctl && !link && !feature && !kernel)
		return perr(p, "expected 'require sysctl NAME=VALUE', "
			       "'require link KIND', 'require feature SYMBOL' "
			       "or 'require kernel MAJOR.MINOR'");
	r = realloc(p->sc->reqs, (p->sc->nreqs + 1) * sizeof(*r));
	if (!r)
		return -ENOMEM;
	p->sc->reqs = r;
	r = &r[p->sc->nreqs++];
	memset(r, 0, sizeof(*r));
	if (kernel) {
		r->kernel_major = major;
		r->kernel_minor = minor;
		return 0;
	}
	if (!sysctl) {
		r->pclass = link ? UNL_PROFILE_LINK : UNL_PROFILE_FEATURE;
		r->name = strdup(tok[2]);
		return r->name ? 0 : -ENOMEM;
	}
	*eq = '\0';
	r->sysctl = strdup(tok[2]);
	r->value = strdup(eq + 1);
	if (!r->sysctl || !r->value)
		return -ENOMEM;
	return 0;
}

/* "skip-for-shim REASON...": the shim target cannot reproduce this
 * scenario, for the documented reason. */
static int parse_shim_skip(struct parser *p, char **tok, int ntok)
{
	size_t len = 0;

	if (ntok < 2)
		return perr(p, "expected 'skip-for-shim REASON'");
	for (int i = 1; i < ntok; i++)
		len += strlen(tok[i]) + 1;
	free(p->sc->shim_skip);
	p->sc->shim_skip = malloc(len);
	if (!p->sc->shim_skip)
		return -ENOMEM;
	p->sc->shim_skip[0] = '\0';
	for (int i = 1; i < ntok; i++) {
		if (i > 1)
			strcat(p->sc->shim_skip, " ");
		strcat(p->sc->shim_skip, tok[i]);
	}
	return 0;
}

static void step_free(struct step *st)
{
	free(st->text);
	free(st->optval);
	free(st->bpf);
	free(st->raw);
	for (size_t i = 0; i < st->nmsgs; i++)
		free(st->msgs[i].data);
	free(st->msgs);
}

void scenario_free(struct scenario *sc)
{
	for (size_t i = 0; i < sc->nsteps; i++)
		step_free(&sc->steps[i]);
	free(sc->steps);
	for (size_t i = 0; i < sc->nreqs; i++) {
		free(sc->reqs[i].sysctl);
		free(sc->reqs[i].value);
		free(sc->reqs[i].name);
	}
	free(sc->reqs);
	free(sc->shim_skip);
	for (size_t i = 0; i < sc->nsocks; i++)
		free(sc->socks[i]);
	free(sc->socks);
	for (int i = 0; i < sc->nnets; i++)
		free(sc->nets[i]);
	free(sc->literal_pids);
	free(sc->path);
	free(sc->name);
	memset(sc, 0, sizeof(*sc));
}

bool scenario_names_pid(const struct scenario *sc, int64_t pid)
{
	for (size_t i = 0; i < sc->nliteral_pids; i++)
		if (sc->literal_pids[i] == pid)
			return true;
	return false;
}

int scenario_load(const char *path, struct scenario *sc, char *err,
		  size_t errlen)
{
	struct parser p = { .sc = sc, .err = err, .errlen = errlen };
	char *line = NULL, *tok[MAX_TOKENS];
	const char *base;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	int ret = 0, ntok = 0;

	memset(sc, 0, sizeof(*sc));
	sc->path = strdup(path);
	base = strrchr(path, '/');
	sc->name = strdup(base ? base + 1 : path);
	if (!sc->path || !sc->name) {
		scenario_free(sc);
		return -ENOMEM;
	}
	if (strlen(sc->name) > 4 &&
	    !strcmp(sc->name + strlen(sc->name) - 4, ".scn"))
		sc->name[strlen(sc->name) - 4] = '\0';
	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		scenario_free(sc);
		return ret;
	}
	for (;;) {
		struct step *steps, *st;
		char *text;

		n = getline(&line, &cap, f);
		if (n < 0)
			break;

		p.lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		text = strdup(line);
		if (!text) {
			ret = -ENOMEM;
			break;
		}
		ret = tokenize(&p, line, tok, &ntok);
		if (ret < 0 || ntok == 0) {
			free(text);
			if (ret < 0)
				break;
			continue;
		}
		if (!strcmp(tok[0], "require")) {
			free(text);
			ret = parse_require(&p, tok, ntok);
			if (ret < 0)
				break;
			continue;
		}
		if (!strcmp(tok[0], "skip-for-shim")) {
			free(text);
			ret = parse_shim_skip(&p, tok, ntok);
			if (ret < 0)
				break;
			continue;
		}
		steps = realloc(sc->steps, (sc->nsteps + 1) * sizeof(*steps));
		if (!steps) {
			free(text);
			ret = -ENOMEM;
			break;
		}
		sc->steps = steps;
		st = &steps[sc->nsteps++];
		memset(st, 0, sizeof(*st));
		st->text = text;
		st->lineno = p.lineno;
		ret = parse_step(&p, tok, ntok, st);
		if (ret < 0)
			break;
	}
	free(line);
	fclose(f);
	if (ret == 0 && sc->nsteps == 0)
		ret = perr(&p, "no steps");
	if (ret < 0) {
		if (ret != -EINVAL)
			snprintf(err, errlen, "%s:%d: %s", path, p.lineno,
				 strerror(-ret));
		scenario_free(sc);
	}
	return ret;
}
