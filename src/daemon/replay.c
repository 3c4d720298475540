// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Answering from a recording (`unetlink replay --serve`, docs/record.md):
 * a daemon whose every protocol is served, in every net, by one kernel
 * socket of ours instead of the model.  Each request is looked up among
 * the recording's requests of its protocol (sequence numbers and port
 * ids left out, the first not used yet), and the answers the recorded
 * socket got after it, up to its next request, are sent back with the
 * new run's sequence numbers and port id; a dump's, paced as a dump is.
 * A request the recording does not have is refused with EOPNOTSUPP and
 * an extended ACK saying so.
 *
 * So a program can be run against what a kernel (`record --kernel`) or
 * a daemon once answered, without that kernel.  A notification the
 * recording says was multicast (rx@GROUP) is multicast again, once,
 * to every socket of this run subscribed to its group, when the request
 * it followed is answered; one the recording does not say so of reaches
 * only the socket it followed.  A recording's nets are not told apart.
 *
 * Timing: what the recording shows came late after its request (LATE_USEC
 * or more, by the `usec` column) is held on a timer of the net until as
 * long after the new request, so a program waiting for an event sees it
 * after the wait it saw then; the rest goes at once.  A dump's parts come
 * as the reader makes room, and a part recorded late after the request
 * no earlier than as long after the new one (the dump waits on a timer:
 * cb->later, unl_dump_resume()).  `replay --no-timing` (the config's
 * replay_at_once) sends everything at once.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/xfrm.h>

#include <unetlink/kernel.h>

#include "daemon/daemon-private.h"
#include "wire/hexmsg.h"

#define REPLAY_MAGIC "# unetlink recording 1"

/* An answer or notification recorded this long after its request came
 * late: it is held as long (less is the time a kernel takes to answer,
 * which a replay need not imitate). */
#define LATE_USEC 10000

struct entry {
	bool req, used;
	bool copy; /* another receiver's line of a notification before it */
	int protocol;
	uint64_t usec; /* since the recording's first message */
	uint32_t portid;
	uint32_t group; /* rx@GROUP: a notification multicast to it */
	size_t len;
	unsigned char *bytes; /* as recorded */
	unsigned char *norm;  /* requests: seq and pid zeroed */
};

struct ud_replay {
	struct ud_daemon *d;
	struct entry *v;
	size_t n, cap;
	uint32_t protocols; /* those the recording has */
	uint32_t max_group[32]; /* the highest group a notification of
				   each protocol was multicast to */
	size_t max_answer;  /* the longest recorded answer */
	long dump_of;       /* the request a dump starting now answers */
	struct unl_sock *dump_ksk; /* ... and the kernel socket it came to */
	bool at_once;       /* --no-timing: nothing is held */
	struct held *held;  /* what waits for its recorded time */
};

/* An answer or notification held until its recorded time. */
struct held {
	struct held *next;
	struct ud_replay *r;
	struct unl_sock *ksk;
	struct unl_timer *timer;
	struct unl_skb *skb;
	uint32_t portid; /* the receiver of an answer */
	uint32_t group;  /* a notification's: multicast to it */
};

static int add_line(struct ud_replay *r, const char *line)
{
	char dir[16];
	unsigned long long usec;
	unsigned protocol, portid;
	int used = 0;
	struct entry e = { 0 };
	const char *hex;

	if (sscanf(line, "%llu %15s %u %*u %u %*d %n", &usec, dir, &protocol,
		   &portid, &used) != 4 || !used || protocol >= 32)
		return -EINVAL;
	if (!strncmp(dir, "rx@", 3)) {
		char *end;
		unsigned long g = strtoul(dir + 3, &end, 10);

		if (*end || !g || g > UINT32_MAX)
			return -EINVAL;
		e.group = (uint32_t)g;
	} else if (strcmp(dir, "req") && strcmp(dir, "rx")) {
		return 0; /* a fault that fired: nothing to answer */
	}
	hex = line + used;
	e.req = !strcmp(dir, "req");
	e.protocol = (int)protocol;
	e.usec = usec;
	e.portid = portid;
	e.len = strlen(hex) / 2;
	e.bytes = malloc(e.len ? e.len : 1);
	e.norm = e.req ? malloc(e.len ? e.len : 1) : NULL;
	if (!e.bytes || (e.req && !e.norm))
		goto nomem;
	if (unl_hex_decode(hex, e.len, e.bytes)) {
		free(e.bytes);
		free(e.norm);
		return -EINVAL;
	}
	if (e.req) {
		memcpy(e.norm, e.bytes, e.len);
		unl_nlmsg_normalise(e.norm, e.len);
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 128;
		struct entry *v = realloc(r->v, cap * sizeof(*v));

		if (!v)
			goto nomem;
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = e;
	r->protocols |= 1u << protocol;
	if (e.group > r->max_group[protocol])
		r->max_group[protocol] = e.group;
	if (!e.req && e.len > r->max_answer)
		r->max_answer = e.len;
	return 0;
nomem:
	free(e.bytes);
	free(e.norm);
	return -ENOMEM;
}

void ud_replay_free(struct ud_replay *r)
{
	if (!r)
		return;
	/* the nets are gone: their timers were only forgotten */
	while (r->held) {
		struct held *h = r->held;

		r->held = h->next;
		unl_timer_free(h->timer);
		unl_skb_free(h->skb);
		free(h);
	}
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].bytes);
		free(r->v[i].norm);
	}
	free(r->v);
	free(r);
}

static int mark_copies(struct ud_replay *r);

int ud_replay_load(struct ud_daemon *d, const char *path)
{
	struct ud_replay *r = calloc(1, sizeof(*r));
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int err = 0;

	if (!r || !fp) {
		err = r ? -errno : -ENOMEM;
		goto out;
	}
	r->d = d;
	r->at_once = d->cfg->replay_at_once;
	while (!err && (n = getline(&line, &cap, fp)) >= 0) {
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (!lineno++) {
			if (strcmp(line, REPLAY_MAGIC))
				err = -EINVAL;
			continue;
		}
		if (line[0] == '#' || !line[0])
			continue;
		err = add_line(r, line);
	}
	if (!err && !lineno)
		err = -EINVAL;
	if (!err)
		err = mark_copies(r);
	if (err)
		ud_log(d, 0, "%s:%zu: %s", path, lineno,
		       err == -EINVAL ? "not a unetlink recording"
				      : strerror(-err));
out:
	free(line);
	if (fp)
		fclose(fp);
	if (err) {
		ud_replay_free(r);
		return err;
	}
	d->replay = r;
	ud_log(d, 1, "answering from %s: %zu messages", path, r->n);
	return 0;
}

/* The recorded request this datagram is, not used yet; -1 when none. */
static long find_request(struct ud_replay *r, int protocol,
			 const unsigned char *norm, size_t len)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct entry *e = &r->v[i];

		if (e->req && !e->used && e->protocol == protocol &&
		    e->len == len && !memcmp(e->norm, norm, len))
			return (long)i;
	}
	return -1;
}

/* The new sequence number of a recorded one: the new request's message
 * at the same place as the recorded request's message with that one. */
static uint32_t new_seq(const struct entry *req, const unsigned char *now,
			uint32_t old, uint32_t *pid)
{
	size_t off = 0;

	while (req->len - off >= NLMSG_HDRLEN) {
		struct nlmsghdr a, b;

		memcpy(&a, req->bytes + off, sizeof(a));
		memcpy(&b, now + off, sizeof(b));
		if (a.nlmsg_seq == old) {
			*pid = b.nlmsg_pid;
			return b.nlmsg_seq;
		}
		if (a.nlmsg_len < NLMSG_HDRLEN || a.nlmsg_len > req->len - off)
			break;
		off += NLMSG_ALIGN(a.nlmsg_len);
	}
	*pid = 0;
	return old;
}

/* A recorded answer with this run's sequence numbers and port id. */
static void rewrite(unsigned char *b, size_t len, const struct entry *req,
		    const unsigned char *now, uint32_t portid)
{
	size_t off = 0;

	while (len - off >= NLMSG_HDRLEN) {
		struct nlmsghdr h;
		uint32_t pid;

		memcpy(&h, b + off, sizeof(h));
		if (h.nlmsg_pid == req->portid)
			h.nlmsg_pid = portid;
		h.nlmsg_seq = new_seq(req, now, h.nlmsg_seq, &pid);
		memcpy(b + off, &h, sizeof(h));
		/* an error or ACK echoes the request's header */
		if (h.nlmsg_type == NLMSG_ERROR &&
		    h.nlmsg_len >= NLMSG_LENGTH(sizeof(struct nlmsgerr)) &&
		    h.nlmsg_len <= len - off) {
			struct nlmsgerr e;

			memcpy(&e, b + off + NLMSG_HDRLEN, sizeof(e));
			e.msg.nlmsg_seq = new_seq(req, now, e.msg.nlmsg_seq,
						  &pid);
			e.msg.nlmsg_pid = pid;
			memcpy(b + off + NLMSG_HDRLEN, &e, sizeof(e));
		}
		if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > len - off)
			break;
		off += NLMSG_ALIGN(h.nlmsg_len);
	}
}

/* Each request of skb answered with err, saying why. */
static void refuse(struct unl_skb *skb, int err, const char *why)
{
	struct unl_ext_ack extack = { .msg = why };
	const unsigned char *p = unl_skb_data(skb);
	size_t len = unl_skb_len(skb), off = 0;

	while (len - off >= NLMSG_HDRLEN) {
		const struct nlmsghdr *h = (const void *)(p + off);

		if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > len - off)
			break;
		if (h->nlmsg_flags & NLM_F_REQUEST)
			unl_ack(skb, h, err, &extack);
		off += NLMSG_ALIGN(h->nlmsg_len);
	}
}

/* The next recorded answer to req's socket after entry j, or -1 at its
 * next request or the end. */
static long next_answer(const struct ud_replay *r, const struct entry *req,
			size_t j)
{
	for (; j < r->n; j++) {
		const struct entry *e = &r->v[j];

		/* notifications are multicast (answer()) */
		if (e->protocol != req->protocol || e->portid != req->portid ||
		    e->group)
			continue;
		return e->req ? -1 : (long)j;
	}
	return -1;
}

/* A running dump's timer, for a part that is held: in cb->ctx. */
struct dump_pace {
	struct unl_sock *ksk;
	uint32_t portid;     /* the reader */
	int64_t t0;          /* when the request came (unl_net_now()) */
	struct unl_timer *timer; /* made when a part is first held */
};

static struct dump_pace *pace_of(struct unl_callback *cb)
{
	_Static_assert(sizeof(struct dump_pace) <= sizeof(cb->ctx),
		       "a dump's pace fits its callback's context");
	return (struct dump_pace *)(void *)cb->ctx;
}

static void pace_due(struct unl_timer *timer, void *data)
{
	struct dump_pace *p = data;

	(void)timer;
	unl_dump_resume(p->ksk, p->portid);
}

/* Whether part e must wait for its recorded time, then with the timer
 * set for it (sent at once when no timer can be had). */
static bool held_part(struct ud_replay *r, struct unl_callback *cb,
		      const struct entry *req, const struct entry *e)
{
	struct dump_pace *p = pace_of(cb);
	struct unl_net *net = unl_sock_net(p->ksk);
	uint64_t gap = e->usec > req->usec ? e->usec - req->usec : 0;
	int64_t due = p->t0 + (int64_t)gap * 1000;

	if (r->at_once || gap < LATE_USEC || unl_net_now(net) >= due)
		return false;
	if (!p->timer && unl_timer_new(net, pace_due, p, &p->timer) < 0) {
		p->timer = NULL;
		return false;
	}
	unl_timer_mod(p->timer, due);
	return true;
}

/*
 * A dump's answers, paced as the core paces a dump: one recorded
 * datagram per call, without its NLMSG_DONE, which the core writes
 * itself (behind the last messages when they leave room, as Linux
 * does), so the datagrams come as they were recorded; one recorded late
 * waits as long (held_part()).  args[0]: the next entry to look at;
 * args[1]: the request's entry.
 */
static int replay_dump(struct unl_skb *skb, struct unl_callback *cb)
{
	struct ud_replay *r = cb->data;
	const struct entry *req = &r->v[cb->args[1]];
	long j = next_answer(r, req, (size_t)cb->args[0]);
	const struct entry *e;
	size_t off = 0, start = unl_skb_len(skb);
	int done = 0;

	if (j < 0)
		return 0;
	e = &r->v[j];
	if (held_part(r, cb, req, e)) {
		cb->later = true;
		return 1;
	}
	cb->args[0] = j + 1;
	while (e->len - off >= NLMSG_HDRLEN) {
		struct nlmsghdr h;
		unsigned char *to;

		memcpy(&h, e->bytes + off, sizeof(h));
		if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > e->len - off)
			break;
		if (h.nlmsg_type == NLMSG_DONE) {
			if (h.nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
				memcpy(&done, e->bytes + off + NLMSG_HDRLEN,
				       sizeof(done));
			/* the core's DONE carries a failure as Linux's did */
			return done < 0 ? done : 0;
		}
		to = unl_skb_put(skb, NLMSG_ALIGN(h.nlmsg_len));
		if (!to) {
			unl_skb_trim(skb, start);
			ud_log(r->d, 1, "replay: a recorded dump answer does "
				     "not fit a dump buffer");
			return -EMSGSIZE;
		}
		memcpy(to, e->bytes + off, h.nlmsg_len);
		off += NLMSG_ALIGN(h.nlmsg_len);
	}
	rewrite(unl_skb_data(skb) + start, unl_skb_len(skb) - start, req,
		(const unsigned char *)cb->nlh, unl_skb_cb(cb->skb)->portid);
	/* more, unless the next is another request of the socket's */
	return next_answer(r, req, (size_t)cb->args[0]) < 0
		       ? 0
		       : (int)unl_skb_len(skb);
}

static int replay_dump_start(struct unl_callback *cb)
{
	struct ud_replay *r = cb->data;
	struct dump_pace *p = pace_of(cb);

	cb->args[1] = r->dump_of;
	cb->args[0] = r->dump_of + 1;
	p->ksk = r->dump_ksk;
	p->portid = unl_skb_cb(cb->skb)->portid;
	p->t0 = unl_net_now(unl_sock_net(p->ksk));
	p->timer = NULL;
	return 0;
}

/* The dump ended (done, or its socket closed): its timer goes. */
static int replay_dump_done(struct unl_callback *cb)
{
	struct dump_pace *p = pace_of(cb);

	unl_timer_free(p->timer);
	p->timer = NULL;
	return 0;
}

/* A lone dump request: answered as a dump.  false when none started. */
static bool answer_as_dump(struct ud_replay *r, struct unl_sock *ksk,
			   struct unl_skb *skb, long i)
{
	const struct nlmsghdr *nlh = (const void *)unl_skb_data(skb);
	struct unl_dump_control c = {
		.start = replay_dump_start,
		.dump = replay_dump,
		.done = replay_dump_done,
		.data = r,
		.min_dump_alloc = (uint32_t)r->max_answer,
	};
	int err;

	if (unl_skb_len(skb) != NLMSG_ALIGN(nlh->nlmsg_len) &&
	    unl_skb_len(skb) != nlh->nlmsg_len)
		return false;
	if ((nlh->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		return false;
	/* the net is locked: start runs now, and reads it */
	r->dump_of = i;
	r->dump_ksk = ksk;
	err = unl_dump_start(ksk, skb, nlh, &c);
	if (err != -EINTR)
		return false;
	return true;
}

/*
 * The recording has a line per socket a multicast notification reached;
 * a replay multicasts it once.  The lines of one window (from a request
 * to the next request of the protocol, whatever its socket: answer()
 * multicasts no further) that repeat an earlier notification of it to a
 * socket it did not reach yet are marked copies when the recording is
 * loaded; the same bytes to a socket that had them are a new one.  The
 * lists grow with the recording: nothing is left out.
 */
struct sent {
	const struct entry *e;
	uint32_t *portids; /* the sockets it reached */
	size_t n, cap;
};

struct window {
	struct sent *v;
	size_t n, cap;
};

/* v with room for one more of n items of size: itself, moved, or NULL
 * when no memory (v is left as it was). */
static void *room_for_one(void *v, size_t n, size_t *cap, size_t size)
{
	size_t ncap;

	if (n < *cap)
		return v;
	ncap = *cap ? 2 * *cap : 16;
	if (ncap > SIZE_MAX / size)
		return NULL;
	v = realloc(v, ncap * size);
	if (v)
		*cap = ncap;
	return v;
}

static int add_receiver(struct sent *s, uint32_t portid)
{
	uint32_t *v = room_for_one(s->portids, s->n, &s->cap, sizeof(*v));

	if (!v)
		return -ENOMEM;
	s->portids = v;
	s->portids[s->n++] = portid;
	return 0;
}

static void window_clear(struct window *w)
{
	for (size_t k = 0; k < w->n; k++)
		free(w->v[k].portids);
	w->n = 0;
}

/* The notification e in window w: marked a copy of one sent already, or
 * remembered as sent. */
static int window_add(struct window *w, struct entry *e)
{
	struct sent *s;

	for (size_t k = 0; k < w->n; k++) {
		bool seen = false;

		s = &w->v[k];
		if (s->e->group != e->group || s->e->len != e->len ||
		    memcmp(s->e->bytes, e->bytes, e->len))
			continue;
		for (size_t p = 0; p < s->n && !seen; p++)
			seen = s->portids[p] == e->portid;
		if (seen)
			continue; /* the same socket again: a new one */
		e->copy = true;
		return add_receiver(s, e->portid);
	}
	s = room_for_one(w->v, w->n, &w->cap, sizeof(*s));
	if (!s)
		return -ENOMEM;
	w->v = s;
	s = &w->v[w->n++];
	*s = (struct sent){ .e = e };
	return add_receiver(s, e->portid);
}

static int mark_copies_of(struct ud_replay *r, int protocol)
{
	struct window w = { 0 };
	int err = 0;

	for (size_t j = 0; !err && j < r->n; j++) {
		struct entry *e = &r->v[j];

		if (e->protocol != protocol)
			continue;
		if (e->req)
			window_clear(&w);
		else if (e->group)
			err = window_add(&w, e);
	}
	window_clear(&w);
	free(w.v);
	return err;
}

static int mark_copies(struct ud_replay *r)
{
	for (int p = 0; p < 32; p++) {
		int err = r->protocols & (1u << p) ? mark_copies_of(r, p) : 0;

		if (err)
			return err;
	}
	return 0;
}

/* Send out: to group when there is one, else to portid. */
static void deliver(struct ud_replay *r, struct unl_sock *ksk,
		    struct unl_skb *out, uint32_t portid, uint32_t group)
{
	if (group) {
		unl_broadcast(ksk, out, 0, group);
		return;
	}
	if (unl_unicast(ksk, out, portid, true) < 0)
		ud_log(r->d, 1, "replay: an answer to port %u was lost (no such "
			     "socket, or its receive queue is full)", portid);
}

static void held_due(struct unl_timer *timer, void *data)
{
	struct held *h = data, **pp;

	for (pp = &h->r->held; *pp != h; pp = &(*pp)->next)
		;
	*pp = h->next;
	deliver(h->r, h->ksk, h->skb, h->portid, h->group);
	unl_timer_free(timer);
	free(h);
}

/* Hold out until usec after now; false when it cannot be (sent now). */
static bool hold(struct ud_replay *r, struct unl_sock *ksk,
		 struct unl_skb *out, uint32_t portid, uint32_t group,
		 uint64_t usec)
{
	struct unl_net *net = unl_sock_net(ksk);
	struct held *h = calloc(1, sizeof(*h));

	if (!h || unl_timer_new(net, held_due, h, &h->timer) < 0) {
		free(h);
		return false;
	}
	h->r = r;
	h->ksk = ksk;
	h->skb = out;
	h->portid = portid;
	h->group = group;
	h->next = r->held;
	r->held = h;
	unl_timer_mod(h->timer, unl_net_now(net) + (int64_t)usec * 1000);
	return true;
}

/*
 * A recorded answer or notification e of req, rewritten as an answer to
 * this run's request (now, from portid) would be (a notification echoes
 * the requester's port and number too), sent to portid or multicast to
 * e's group: at once, or held as long after now as the recording shows
 * it came after req when that is late.
 */
static void send_recorded(struct ud_replay *r, struct unl_sock *ksk,
			  const struct entry *req, const struct entry *e,
			  const unsigned char *now, uint32_t portid)
{
	struct unl_skb *out = unl_skb_alloc(e->len);
	uint64_t gap = e->usec > req->usec ? e->usec - req->usec : 0;

	if (!out || !unl_skb_put(out, e->len)) {
		/* as Linux on a notification it cannot allocate: its
		 * listeners get ENOBUFS; an answer lost is said */
		unl_skb_free(out);
		ud_log(r->d, 0, "replay: out of memory for a recorded %s",
		       e->group ? "notification" : "answer");
		if (e->group)
			unl_set_err(ksk, 0, e->group, ENOBUFS);
		return;
	}
	memcpy(unl_skb_data(out), e->bytes, e->len);
	rewrite(unl_skb_data(out), e->len, req, now, portid);
	if (!r->at_once && gap >= LATE_USEC &&
	    hold(r, ksk, out, portid, e->group, gap))
		return;
	deliver(r, ksk, out, portid, e->group);
}

/*
 * What the recording has after request i, in its order: the answers to
 * the requesting socket (unicast; unless a dump answers them), and each
 * notification multicast (once) up to the next request of any socket:
 * the notifications a request made come before the next one.
 */
static void answer(struct ud_replay *r, struct unl_sock *ksk, long i,
		   const unsigned char *now, uint32_t portid, bool answers)
{
	const struct entry *req = &r->v[i];
	bool others = false; /* another socket's request came */

	for (size_t j = (size_t)i + 1; j < r->n; j++) {
		const struct entry *e = &r->v[j];

		if (e->protocol != req->protocol)
			continue;
		if (e->req) {
			if (e->portid == req->portid)
				break;
			others = true;
			continue;
		}
		if (e->group) {
			if (others || e->copy)
				continue;
			send_recorded(r, ksk, req, e, now, portid);
			continue;
		}
		if (answers && e->portid == req->portid)
			send_recorded(r, ksk, req, e, now, portid);
	}
}

static void replay_input(struct unl_skb *skb)
{
	struct unl_skb_cb *cb = unl_skb_cb(skb);
	struct unl_net *net = unl_sock_net(cb->sk);
	int protocol = unl_sock_protocol(cb->sk);
	struct unl_sock *ksk = unl_net_kernel_sock(net, protocol);
	struct ud_replay *r = unl_kernel_priv(ksk);
	const unsigned char *now = unl_skb_data(skb);
	size_t len = unl_skb_len(skb);
	unsigned char *norm = malloc(len ? len : 1);
	long i;

	if (!norm) {
		ud_log(r->d, 0, "replay: out of memory for a request");
		refuse(skb, -ENOMEM, "unetlink replay: out of memory");
		return;
	}
	memcpy(norm, now, len);
	unl_nlmsg_normalise(norm, len);
	i = find_request(r, protocol, norm, len);
	free(norm);
	if (i < 0) {
		ud_log(r->d, 1, "replay: a request of protocol %d from port "
			     "%u is not in the recording", protocol,
		       cb->portid);
		refuse(skb, -EOPNOTSUPP, "unetlink replay: this request is "
					 "not in the recording");
		return;
	}
	r->v[i].used = true;
	if (answer_as_dump(r, ksk, skb, i)) {
		/* a dump's answers come as it is read; notifications now */
		answer(r, ksk, i, now, cb->portid, false);
		return;
	}
	answer(r, ksk, i, now, cb->portid, true);
}

/* The groups a listener may join: as many as the protocol has on Linux
 * (a listener of them all, `ip monitor all`, asks for each), and every
 * group the recording multicast to. */
static unsigned int replay_groups(const struct ud_replay *r, int protocol)
{
	unsigned int groups = protocol == NETLINK_ROUTE	    ? RTNLGRP_MAX
			      : protocol == NETLINK_XFRM    ? XFRMNLGRP_MAX
			      : protocol == NETLINK_NETFILTER ? NFNLGRP_MAX
							    : 32;

	if (groups < 32)
		groups = 32;
	return r->max_group[protocol] > groups ? r->max_group[protocol]
					      : groups;
}

static int replay_loader(struct unl_net *net, int protocol, void *user)
{
	struct ud_replay *r = user;
	struct unl_kernel_cfg cfg = {
		.groups = 32,
		.flags = UNL_CFG_F_NONROOT_RECV,
		.input = replay_input,
		.priv = r,
	};
	struct unl_sock *ksk;

	if (protocol < 0 || protocol >= 32 || !(r->protocols & (1u << protocol)))
		return -EPROTONOSUPPORT;
	cfg.groups = replay_groups(r, protocol);
	/* released by the net with the kernel sockets left behind */
	return unl_kernel_create(net, protocol, &cfg, &ksk);
}

void ud_replay_net_made(struct ud_daemon *d, struct ud_net *n)
{
	if (d->replay)
		unl_net_set_loader(n->net, replay_loader, d->replay);
}
