// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness: the daemon's wire protocol (src/wire/wire.h) as a
 * hostile client speaks it.  One daemon runs in a thread for the whole
 * run, on a socket in a private directory, following the "full"
 * profile.  Each input is one client connection: a list of control
 * records sent as they are, then the connection is half-closed and
 * everything the daemon answers is read until it hangs up; then the
 * descriptors it passed are closed, as a dying client's would be.
 *
 * Input: records, each
 *
 *   flags8  bit 0: set the record's `len` to the payload's length, so
 *           that mutations reach the operations more often than the
 *           length check; bit 1: read what is answered before the
 *           next record (else everything is read at the end), and
 *           if the record is a CREATE, remember the socket id its
 *           answer gives; bit 2: replace the record's `sock` with the
 *           (sock % n)th id remembered (ids are the daemon's, so an
 *           input could not know them)
 *   len16   the record's size, then that many bytes (struct
 *           unl_wire_req and its payload)
 *
 * The daemon must survive every input and keep serving: each input
 * starts with a HELLO of its own that must be answered.
 */
#include <errno.h>
#include <ftw.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <unetlink/profile.h>

#include "daemon/daemon.h"
#include "wire/wire.h"

static char sock_path[108];
/* FUZZ_TRACE=1 prints each answer, to check what the seeds reach. */
static bool trace;
static struct unl_profile *full;

static void *daemon_main(void *arg)
{
	struct unl_daemon_config *cfg = arg;
	int err = unl_daemon_run(cfg);

	fprintf(stderr, "fuzz-wire: the daemon stopped: %d\n", err);
	abort();
	return NULL;
}

static char dir[] = "/tmp/unetlink-fuzz-XXXXXX";

static int remove_one(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

/* The daemon's directory (socket, lock, a netns directory an input
 * made) goes with the run; the daemon thread dies with the process. */
static void remove_dir(void)
{
	nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

static int start_daemon(void)
{
	static struct unl_daemon_config cfg;
	int ready[2];
	pthread_t t;
	char c;

	if (!mkdtemp(dir))
		return -1;
	atexit(remove_dir);
	if (pipe(ready) || unl_profile_load("full", &full, NULL, 0))
		return -1;
	snprintf(sock_path, sizeof(sock_path), "%s/socket", dir);
	unl_daemon_config_init(&cfg);
	cfg.socket_path = sock_path;
	cfg.no_socket_activation = true;
	cfg.profile = full;
	cfg.ready_fd = ready[1];
	if (pthread_create(&t, NULL, daemon_main, &cfg))
		return -1;
	if (read(ready[0], &c, 1) != 1)
		return -1;
	close(ready[0]);
	return 0;
}

static int dial(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	memcpy(sa.sun_path, sock_path, strlen(sock_path) + 1);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "fuzz-wire: cannot reach the daemon\n");
		abort();
	}
	return fd;
}

/* The descriptors answers passed: a data socket's client end is the
 * netlink socket (its last close closes it), so they stay open until
 * the input ends, as a client that dies does. */
static int kept[64];
static size_t nkept;

static void keep(int fd)
{
	if (nkept < sizeof(kept) / sizeof(kept[0]))
		kept[nkept++] = fd;
	else
		close(fd);
}

static void close_kept(void)
{
	while (nkept)
		close(kept[--nkept]);
}

/* One answer record, its descriptors kept.  1 read (its ret in
 * *ret), 0 hung up or nothing within wait_ms, -1 error. */
static int read_one(int fd, int wait_ms, int32_t *ret)
{
	static uint8_t buf[UNL_WIRE_MAX_RECORD + 64];
	union {
		char b[CMSG_SPACE(sizeof(int) * 16)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = ctl.b,
			     .msg_controllen = sizeof(ctl.b) };
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, wait_ms) <= 0)
		return 0;
	n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c;
	     c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		     i++)
			keep(((int *)CMSG_DATA(c))[i]);
	}
	if (n < 0)
		return errno == EAGAIN ? 0 : -1;
	if (n >= (ssize_t)sizeof(struct unl_wire_rep) && ret)
		*ret = ((struct unl_wire_rep *)buf)->ret;
	if (n >= (ssize_t)sizeof(struct unl_wire_rep) && trace)
		fprintf(stderr, "answer: ret %d, %zd bytes\n",
			((struct unl_wire_rep *)buf)->ret, n);
	return n > 0;
}

static void drain(int fd, int wait_ms)
{
	while (read_one(fd, wait_ms, NULL) > 0)
		;
}

static void hello(int fd)
{
	struct unl_wire_req r = { .op = UNL_OP_HELLO, .a0 = (int32_t)UNL_WIRE_MAGIC,
				  .a1 = UNL_WIRE_VERSION };

	if (send(fd, &r, sizeof(r), MSG_NOSIGNAL) != sizeof(r) ||
	    read_one(fd, 10000, NULL) != 1) {
		fprintf(stderr, "fuzz-wire: the daemon stopped answering\n");
		abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	trace = getenv("FUZZ_TRACE") != NULL;
	return start_daemon() ? 1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t rec[UNL_WIRE_MAX_RECORD] __attribute__((aligned(8)));
	struct unl_wire_req *req = (struct unl_wire_req *)rec;
	uint32_t ids[16];
	size_t nids = 0;
	int fd = dial();

	/* the daemon serves a newcomer, whatever came before */
	hello(fd);
	close(fd);
	close_kept();
	fd = dial();
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
		if (len >= sizeof(*req) && (flags & 1))
			req->len = (uint32_t)(len - sizeof(*req));
		if (len >= sizeof(*req) && (flags & 4) && nids)
			req->sock = ids[req->sock % nids];
		if (send(fd, rec, len, MSG_NOSIGNAL) < 0)
			break;
		if (!(flags & 2))
			continue;
		if (len >= sizeof(*req) && req->op == UNL_OP_CREATE &&
		    nids < sizeof(ids) / sizeof(ids[0])) {
			int32_t id = 0;

			if (read_one(fd, 2000, &id) > 0 && id > 0)
				ids[nids++] = (uint32_t)id;
		}
		drain(fd, 1);
	}
	shutdown(fd, SHUT_WR);
	drain(fd, 2000);
	close(fd);
	close_kept();
	return 0;
}
