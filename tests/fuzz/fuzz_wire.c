// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness: the daemon's wire protocol (src/wire/wire.h) as a
 * hostile client speaks it, in records and in the call page.  One daemon
 * runs in a thread for the whole run (fuzz_daemon.c).  Each input is one
 * client connection: a list of control records sent as they are (or
 * written to the call page), then the connection is half-closed and
 * everything the daemon answers is read until it hangs up; then the
 * descriptors it passed are closed, as a dying client's would be.
 *
 * Input: records, each
 *
 *   flags8  bit 0: set the record's `len` to the payload's length, so
 *           that mutations reach the operations more often than the
 *           length check, and a HELLO's magic and version to this
 *           build's (so that the corpus outlives a version); bit 1: read what is answered before the
 *           next record (else everything is read at the end), and
 *           if the record is a CREATE, remember the socket id its
 *           answer gives, if a HELLO, map the call page it gives;
 *           bit 2: replace the record's `sock` with the (sock % n)th
 *           id remembered (ids are the daemon's, so an input could
 *           not know them); bit 3: write it to the call page instead
 *           (when one is mapped) and wait for the answer there; bit 4:
 *           count one record more than was sent (a lie the daemon must
 *           survive); bit 5: after a call, claim its whole inline
 *           answer at once, as a client that took it would
 *   len16   the record's size, then that many bytes (struct
 *           unl_wire_req and its payload)
 *
 * The daemon must survive every input and keep serving: each input
 * starts with a HELLO of its own that must be answered.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wire/wire.h"
#include "fuzz_daemon.h"

enum {
	F_FIX_LEN = 1, F_READ = 2, F_SOCK = 4, F_CALL = 8, F_LIE = 16,
	F_CLAIM = 32,
};

static uint8_t answer[UNL_WIRE_MAX_RECORD + 64];

static void drain(int fd, int wait_ms)
{
	long n;

	while ((n = fuzz_daemon_read(fd, wait_ms, answer, sizeof(answer))) >
	       0)
		if (fuzz_trace && n >= (long)sizeof(struct unl_wire_rep))
			fprintf(stderr, "answer: ret %d, %ld bytes\n",
				((struct unl_wire_rep *)answer)->ret, n);
}

/* The connection's call page, once a HELLO gave one. */
static struct unl_wire_call *page;

static void page_map(void)
{
	struct stat st;

	if (page || fuzz_npassed != 1)
		return;
	/* The descriptor read with HELLO's answer may belong to an earlier
	 * record's answer (a file, a socket's small memfd): mapping past
	 * its end would fault in the harness, not in the daemon. */
	if (fstat(fuzz_passed[0], &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < (off_t)sizeof(*page))
		return;
	page = mmap(NULL, sizeof(*page), PROT_READ | PROT_WRITE, MAP_SHARED,
		    fuzz_passed[0], 0);
	if (page == MAP_FAILED)
		page = NULL;
}

static void page_unmap(void)
{
	if (page)
		munmap(page, sizeof(*page));
	page = NULL;
}

/* Counted records are what the daemon reads before the next call. */
static void count_record(uint8_t flags)
{
	if (page)
		__atomic_fetch_add(&page->records, (flags & F_LIE) ? 2 : 1,
				   __ATOMIC_RELEASE);
}

/* A call as the shim makes it (wire.h, "The call page"), with whatever
 * the record holds; waits for the answer while the connection lives,
 * for a bounded time.  false: the connection is gone. */
static bool call(int fd, const uint8_t *rec, size_t len, uint8_t flags)
{
	struct unl_wire_req req = { 0 };
	size_t plen = 0;
	uint32_t seq;

	memcpy(&req, rec, len < sizeof(req) ? len : sizeof(req));
	if (len > sizeof(req))
		plen = len - sizeof(req);
	if (plen > sizeof(page->data))
		plen = sizeof(page->data);
	if (flags & F_FIX_LEN)
		req.len = (uint32_t)plen;
	memcpy(&page->req, &req, sizeof(req));
	memcpy(page->data, rec + sizeof(req), plen);
	seq = __atomic_add_fetch(&page->req_seq, 1, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&page->watched, __ATOMIC_RELAXED)) {
		struct unl_wire_req kick = { .op = UNL_OP_KICK };

		if (send(fd, &kick, sizeof(kick), MSG_NOSIGNAL) < 0)
			return false;
		count_record(0);
	}
	__atomic_store_n(&page->waiting, 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (int i = 0; i < 500; i++) {
		long n;

		if (__atomic_load_n(&page->rep_seq, __ATOMIC_ACQUIRE) == seq)
			break;
		/* wake-ups, or the answers of records sent before */
		n = fuzz_daemon_read(fd, 1, answer, sizeof(answer));
		if (n < 0 || (n == 0 && recv(fd, answer, 1,
					     MSG_PEEK | MSG_DONTWAIT) == 0))
			return false; /* it hung up: a call it refused */
	}
	__atomic_store_n(&page->waiting, 0, __ATOMIC_RELAXED);
	if (fuzz_trace)
		fprintf(stderr, "call: ret %d, %u bytes\n", page->rep.ret,
			page->rep.len);
	if (flags & F_CLAIM) {
		uint64_t want = UNL_OWED(UNL_OWED_KEY(seq), 0);

		__atomic_compare_exchange_n(&page->owed, &want, 0, false,
					    __ATOMIC_ACQ_REL,
					    __ATOMIC_ACQUIRE);
	}
	return true;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return fuzz_daemon_start() ? 1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t rec[UNL_WIRE_MAX_RECORD] __attribute__((aligned(8)));
	struct unl_wire_req *req = (struct unl_wire_req *)rec;
	uint32_t ids[16];
	size_t nids = 0;
	int fd = fuzz_daemon_dial();

	/* the daemon serves a newcomer, whatever came before */
	fuzz_daemon_hello(fd);
	close(fd);
	fuzz_daemon_close_kept();
	fd = fuzz_daemon_dial();
	while (size >= 3) {
		uint8_t flags = data[0];
		size_t len = (size_t)data[1] | (size_t)data[2] << 8;

		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		memcpy(rec, data, len);
		data += len;
		size -= len;
		if (len >= sizeof(*req) && (flags & F_FIX_LEN)) {
			req->len = (uint32_t)(len - sizeof(*req));
			if (req->op == UNL_OP_HELLO) {
				req->a0 = (int32_t)UNL_WIRE_MAGIC;
				req->a1 = UNL_WIRE_VERSION;
			}
		}
		if (len >= sizeof(*req) && (flags & F_SOCK) && nids)
			req->sock = ids[req->sock % nids];
		if ((flags & F_CALL) && page) {
			if (!call(fd, rec, len, flags))
				break;
			continue;
		}
		if (send(fd, rec, len, MSG_NOSIGNAL) < 0)
			break;
		count_record(flags);
		if (!(flags & F_READ))
			continue;
		if (len >= sizeof(*req) && req->op == UNL_OP_CREATE &&
		    nids < sizeof(ids) / sizeof(ids[0])) {
			struct unl_wire_rep *rep = (void *)answer;

			if (fuzz_daemon_read(fd, 2000, answer,
					     sizeof(answer)) >=
				    (long)sizeof(*rep) &&
			    rep->ret > 0)
				ids[nids++] = (uint32_t)rep->ret;
		}
		if (len >= sizeof(*req) && req->op == UNL_OP_HELLO &&
		    fuzz_daemon_read(fd, 2000, answer, sizeof(answer)) > 0)
			page_map();
		drain(fd, 1);
	}
	shutdown(fd, SHUT_WR);
	drain(fd, 2000);
	close(fd);
	page_unmap();
	fuzz_daemon_close_kept();
	return 0;
}
