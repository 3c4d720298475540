// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The daemon's frame: where it listens, how it starts and stops, and the
 * one epoll loop everything runs in.
 *
 * Starting: the listening socket comes from systemd (LISTEN_FDS, fd 3) or
 * is made at the path.  A lock file beside it (PATH.lock, flock) makes two
 * daemons starting at once agree on one winner; a socket file nobody
 * answers on is stale and replaced; one somebody answers on means another
 * daemon: we refuse to start.
 *
 * Stopping: SIGTERM/SIGINT arrive through a signalfd, so they are handled
 * between events, never inside one.  Everything is closed, the nets freed,
 * and the socket file and the netns directory removed if still ours.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <unetlink/profile.h>

#include "daemon/daemon-private.h"

#define SD_LISTEN_FDS_START 3

void unl_daemon_config_init(struct unl_daemon_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->owner_uid = (uid_t)-1;
	cfg->log_fd = -1;
	cfg->ready_fd = -1;
	cfg->idle_exit_ms = -1;
	cfg->watch_fd = -1;
}

void ud_log(const struct ud_daemon *d, int level, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	if (level > d->cfg->verbosity)
		return;
	n = snprintf(line, sizeof(line), "unetlink daemon[%d]: ", (int)getpid());
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n = (int)strlen(line);
	line[n++] = '\n';
	/* One write: lines from several daemons do not interleave. */
	if (write(d->cfg->log_fd >= 0 ? d->cfg->log_fd : 2, line, (size_t)n) < 0)
		return;
}

void ud_out_of_descriptors(struct ud_daemon *d, const char *what)
{
	int64_t now = ud_now_ns();
	struct rlimit rl;

	if (d->fd_limit_logged_ns && now - d->fd_limit_logged_ns < 1000000000)
		return;
	d->fd_limit_logged_ns = now;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		rl.rlim_cur = 0;
	ud_log(d, 0, "out of descriptors (RLIMIT_NOFILE %llu): refused %s; "
	       "each netlink socket holds one, each connection one (two "
	       "before Linux 6.5)",
	       (unsigned long long)rl.rlim_cur, what);
}

int64_t ud_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int ud_epoll_set(struct ud_daemon *d, int fd, struct ud_handle *h,
		 uint32_t events, bool add)
{
	struct epoll_event ev = { .events = events, .data.ptr = h };

	if (epoll_ctl(d->epfd, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev) < 0)
		return -errno;
	return 0;
}

/* ---- paths ---- */

static int put_path(char *buf, size_t len, const char *s1, const char *s2)
{
	int n = snprintf(buf, len, "%s%s", s1, s2);

	if (n < 0 || (size_t)n >= len ||
	    (size_t)n >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return -ENAMETOOLONG;
	return 0;
}

int unl_daemon_default_path(char *buf, size_t len)
{
	return unl_wire_socket_path(buf, len);
}

/* The directory of the socket: made with the mode the daemon kind wants,
 * or, if it exists, one nobody else can swap the socket in. */
static int prepare_dir(struct ud_daemon *d)
{
	mode_t mode = d->cfg->shared ? 0755 : 0700;
	char dir[sizeof(d->path)];
	char *slash;
	struct stat st;

	strcpy(dir, d->path);
	slash = strrchr(dir, '/');
	if (!slash)
		return 0; /* relative to the cwd: the caller's choice */
	if (slash == dir)
		return 0; /* in / */
	*slash = '\0';
	if (mkdir(dir, mode) == 0) {
		/* mkdir obeys the umask; the mode must not. */
		if (chmod(dir, mode) < 0)
			return -errno;
		return 0;
	}
	if (errno != EEXIST) {
		int err = -errno;

		ud_log(d, 0, "cannot create %s: %s", dir, strerror(-err));
		return err;
	}
	if (stat(dir, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if ((st.st_uid != geteuid() && st.st_uid != 0) ||
	    ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))) {
		ud_log(d, 0, "%s: unsafe directory (owner %u, mode %o)", dir,
		       (unsigned int)st.st_uid, (unsigned int)st.st_mode & 07777);
		return -EPERM;
	}
	return 0;
}

/* Is a daemon answering at the path?  1 yes, 0 no (absent or stale),
 * -errno when the path is unusable. */
static int probe(struct ud_daemon *d, const struct sockaddr_un *sa)
{
	struct stat st;
	int fd, ret = 0;

	if (lstat(d->path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode)) {
		ud_log(d, 0, "%s exists and is not a socket", d->path);
		return -EEXIST;
	}
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0 ||
	    errno == EAGAIN)
		ret = 1; /* EAGAIN: alive, its backlog full */
	else if (errno != ECONNREFUSED && errno != ENOENT)
		ret = -errno;
	close(fd);
	return ret;
}

/* systemd socket activation: LISTEN_PID is us and LISTEN_FDS >= 1. */
static int take_activated(struct ud_daemon *d)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	struct sockaddr_un sa;
	socklen_t l = sizeof(int);
	int type = 0, domain = 0;

	if (d->cfg->no_socket_activation || !pid || !fds ||
	    strtol(pid, NULL, 10) != (long)getpid() ||
	    strtol(fds, NULL, 10) < 1)
		return 0;
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	if (getsockopt(SD_LISTEN_FDS_START, SOL_SOCKET, SO_TYPE, &type, &l) < 0 ||
	    getsockopt(SD_LISTEN_FDS_START, SOL_SOCKET, SO_DOMAIN, &domain,
		       &l) < 0 ||
	    type != SOCK_SEQPACKET || domain != AF_UNIX) {
		ud_log(d, 0, "LISTEN_FDS: fd 3 is not an AF_UNIX "
			     "SOCK_SEQPACKET socket (ListenSequentialPacket=)");
		return -EINVAL;
	}
	if (fcntl(SD_LISTEN_FDS_START, F_SETFL, O_NONBLOCK) < 0 ||
	    fcntl(SD_LISTEN_FDS_START, F_SETFD, FD_CLOEXEC) < 0)
		return -errno;
	d->listen_fd = SD_LISTEN_FDS_START;
	d->activated = true;
	l = sizeof(sa);
	memset(&sa, 0, sizeof(sa));
	if (getsockname(d->listen_fd, (struct sockaddr *)&sa, &l) == 0)
		snprintf(d->path, sizeof(d->path), "%s", sa.sun_path);
	return 1;
}

/*
 * The lock beside the socket: flock() on PATH.lock, held for the
 * daemon's life.  The file is removed at exit, so a lock won on a file
 * that is no longer at the path (its daemon removed it meanwhile) is
 * worth nothing: take the one now there instead.
 */
static int take_lock(struct ud_daemon *d, const char *lock)
{
	for (int tries = 0; tries < 16; tries++) {
		struct stat held, named;

		d->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
				  0600);
		if (d->lock_fd < 0) {
			ud_log(d, 0, "%s: %s", lock, strerror(errno));
			return -errno;
		}
		if (flock(d->lock_fd, LOCK_EX | LOCK_NB) < 0) {
			int err = errno;

			ud_log(d, 0, "another daemon serves %s", d->path);
			return err == EWOULDBLOCK ? -EADDRINUSE : -err;
		}
		if (fstat(d->lock_fd, &held) == 0 && lstat(lock, &named) == 0 &&
		    held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
			d->lock_held = true;
			return 0;
		}
		close(d->lock_fd);
		d->lock_fd = -1;
	}
	ud_log(d, 0, "%s keeps changing", lock);
	return -EADDRINUSE;
}

static int listen_setup(struct ud_daemon *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char lock[sizeof(d->path) + 8];
	struct stat st;
	int err, fd;

	err = take_activated(d);
	if (err)
		return err < 0 ? err : 0;

	if (d->cfg->socket_path) {
		err = put_path(d->path, sizeof(d->path), d->cfg->socket_path, "");
	} else {
		err = unl_daemon_default_path(d->path, sizeof(d->path));
	}
	if (err)
		return err;
	memcpy(sa.sun_path, d->path, strlen(d->path) + 1);

	err = prepare_dir(d);
	if (err)
		return err;

	snprintf(lock, sizeof(lock), "%s.lock", d->path);
	err = take_lock(d, lock);
	if (err)
		return err;

	err = probe(d, &sa);
	if (err < 0)
		return err;
	if (err > 0) {
		ud_log(d, 0, "another daemon answers at %s", d->path);
		return -EADDRINUSE;
	}
	if (unlink(d->path) < 0 && errno != ENOENT)
		return -errno;

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (const struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = -errno;
		ud_log(d, 0, "bind %s: %s", d->path, strerror(errno));
		close(fd);
		return err;
	}
	d->path_bound = true;
	d->listen_fd = fd;
	/* Anyone may connect to a shared daemon: rights are decided per
	 * client from SO_PEERCRED, not by the file mode. */
	if (chmod(d->path, d->cfg->shared ? 0666 : 0600) < 0 ||
	    stat(d->path, &st) < 0)
		return -errno;
	d->path_dev = st.st_dev;
	d->path_ino = st.st_ino;
	if (listen(fd, SOMAXCONN) < 0)
		return -errno;
	return 0;
}

/* Remove the socket file if it is still the one we made. */
static void remove_path(struct ud_daemon *d)
{
	struct stat st;

	if (d->path_bound && stat(d->path, &st) == 0 &&
	    st.st_dev == d->path_dev && st.st_ino == d->path_ino)
		unlink(d->path);
}

/* ---- the loop ---- */

static int loop_timeout(struct ud_daemon *d)
{
	int64_t now = ud_now_ns(), next = INT64_MAX, ms;

	if (d->nparked) {
		next = d->next_retry_ns;
		for (struct ud_send *s = d->parked_head; s; s = s->next)
			if (s->deadline_ns >= 0 && s->deadline_ns < next)
				next = s->deadline_ns;
	}
	if (d->listen_paused && d->listen_resume_ns < next)
		next = d->listen_resume_ns;
	if (d->svc_head) {
		int64_t t = ud_svc_next_deadline(d);

		if (t >= 0 && t < next)
			next = t;
	}
	if (d->nowed) {
		int64_t t = ud_calls_owed_due(d, now);

		if (t < next)
			next = t;
	}
	if (d->cfg->idle_exit_ms >= 0 && !d->nconns && !d->nserved &&
	    !d->nnsh) {
		int64_t t = d->idle_since_ns +
			    (int64_t)d->cfg->idle_exit_ms * 1000000;

		if (t < next)
			next = t;
	}
	if (next == INT64_MAX)
		return -1;
	if (next <= now)
		return 0;
	ms = (next - now + 999999) / 1000000;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

static void reap(struct ud_daemon *d)
{
	while (d->grave_conns) {
		struct ud_conn *c = d->grave_conns;

		d->grave_conns = c->grave;
		ud_conn_free(c);
	}
	while (d->grave_served) {
		struct ud_served *s = d->grave_served;

		d->grave_served = s->grave;
		ud_served_free(s);
	}
	while (d->grave_nsh) {
		struct ud_nsh *h = d->grave_nsh;

		d->grave_nsh = h->grave;
		ud_nsh_free(h);
	}
	while (d->grave_tun) {
		struct ud_tun *t = d->grave_tun;

		d->grave_tun = t->grave;
		ud_tun_free(t);
	}
}

static void on_signal(struct ud_daemon *d)
{
	struct signalfd_siginfo si;

	while (read(d->sig_fd, &si, sizeof(si)) == sizeof(si)) {
		ud_log(d, 1, "signal %u: shutting down", si.ssi_signo);
		d->stop = true;
	}
}

static void timers(struct ud_daemon *d)
{
	int64_t now = ud_now_ns();

	if (d->nparked) {
		bool due = now >= d->next_retry_ns;

		for (struct ud_send *s = d->parked_head; s && !due; s = s->next)
			due = s->deadline_ns >= 0 && now >= s->deadline_ns;
		if (due)
			ud_parked_retry(d);
	}
	if (d->svc_head)
		ud_svc_timers(d);
	if (d->nowed)
		ud_calls_owed_due(d, now);
	if (d->listen_paused && now >= d->listen_resume_ns &&
	    ud_epoll_set(d, d->listen_fd, &d->listen_h, EPOLLIN, false) == 0)
		d->listen_paused = false;
	if (d->cfg->idle_exit_ms >= 0 && !d->nconns && !d->nserved &&
	    !d->nnsh &&
	    now >= d->idle_since_ns + (int64_t)d->cfg->idle_exit_ms * 1000000) {
		ud_log(d, 1, "idle: exiting");
		d->stop = true;
	}
}

static void run_loop(struct ud_daemon *d)
{
	struct epoll_event evs[64];

	/* After work, poll without sleeping for a moment: a client's next
	 * request usually follows its reply within microseconds, and a
	 * sleep and wake-up cost more than serving it.  Not on one CPU,
	 * where the client cannot run while we spin. */
	const int64_t spin = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 50000 : 0;
	int64_t busy_until = 0;
	bool worked = false;

	while (!d->stop) {
		int timeout = loop_timeout(d);
		int64_t now = ud_now_ns();
		bool polling = false;
		int n;

		/* Polling for nothing only while it pays (wire/spin.h); but
		 * never asleep right after work: under many clients there is
		 * more at once, and a sleep would unwatch their pages (each
		 * call would then need a KICK). */
		if (spin && timeout != 0 && worked) {
			timeout = 0;
		} else if (spin && timeout != 0 && now < busy_until &&
			   unl_spin_allowed(&d->spin, now)) {
			timeout = 0;
			polling = true;
		}
		/* Before sleeping, the clients must know that a request in
		 * a call page needs a KICK now (call.c). */
		if (timeout != 0 && d->nwatched && ud_calls_unwatch_all(d))
			timeout = 0;
		n = epoll_wait(d->epfd, evs, 64, timeout);
		if (n == 0 && timeout == 0) {
			int64_t t = ud_now_ns();

			/* A look that took this long: another task had the
			 * CPU meanwhile, and our polling keeps the clients
			 * from it. */
			if (unl_spin_gap(&d->nivcsw, now, t))
				unl_spin_failed(&d->spin, t);
		} else if (n > 0 && polling) {
			unl_spin_worked(&d->spin);
		}

		if (n < 0 && errno != EINTR) {
			ud_log(d, 0, "epoll_wait: %s", strerror(errno));
			break;
		}
		for (int i = 0; i < n; i++) {
			struct ud_handle *h = evs[i].data.ptr;
			uint32_t ev = evs[i].events;

			switch (h->kind) {
			case UD_LISTEN:
				ud_conn_accept(d);
				break;
			case UD_SIGNAL:
				on_signal(d);
				break;
			case UD_WATCH:
				ud_log(d, 1, "watched descriptor closed: "
					     "exiting");
				d->stop = true;
				break;
			case UD_CONN:
				ud_conn_event((struct ud_conn *)h, ev);
				break;
			case UD_DATA:
				ud_served_event((struct ud_served *)h, ev);
				break;
			case UD_NSH:
				ud_nsh_event((struct ud_nsh *)h, ev);
				break;
			case UD_TUN:
				ud_tun_event((struct ud_tun *)h, ev);
				break;
			case UD_DIAG:
				ud_sockdiag_event((struct ud_diag_relay *)h);
				break;
			case UD_TIMER:
				/* what the net does on its clock (an address
				 * expiring); the notifications are shipped
				 * below with everything else */
				unl_net_run_timers(d->net);
				break;
			}
		}
		/* Busy from the end of the work, not its start: a dump's
		 * next part can take longer than the spin to make, and the
		 * reader's next request follows it within microseconds. */
		worked = n > 0;
		if (d->nwatched && ud_calls_poll(d))
			worked = true;
		if (worked)
			busy_until = ud_now_ns() + spin;
		/* What comes next is a serving process's answer: polling
		 * would take the CPU it needs (two CPUs, three parties). */
		if (d->svc_handed) {
			d->svc_handed = false;
			worked = false;
			busy_until = 0;
		}
		timers(d);
		ud_svc_flush(d);
		ud_served_flush(d);
		reap(d);
	}
}

/* ---- start and stop ---- */

static int setup(struct ud_daemon *d)
{
	const struct unl_daemon_config *cfg = d->cfg;
	struct rlimit rl;
	sigset_t set;
	int err, probe_fd, one = 1;

	/* Each netlink socket costs a descriptor (its data socket), each
	 * connection one (two before Linux 6.5: peer.c): take what the
	 * hard limit allows. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	d->owner_uid = cfg->owner_uid == (uid_t)-1 ? geteuid() : cfg->owner_uid;
	ud_peer_setup(d);
	d->ship_cap = 65536;
	d->ship_buf = malloc(d->ship_cap);
	/* Without it datagrams go one by one. */
	d->ship_batch = malloc((size_t)UD_SHIP_BATCH * UD_SHIP_SLOT);
	d->rx_buf = malloc(UNL_WIRE_MAX_RECORD);
	d->rx_batch = malloc((size_t)UD_RX_BATCH * UNL_WIRE_MAX_RECORD);
	if (!d->ship_buf || !d->rx_buf || !d->rx_batch)
		return -ENOMEM;

	/* Can we raise data sockets' SO_SNDBUF past wmem_max? */
	probe_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (probe_fd >= 0) {
		d->can_force = setsockopt(probe_fd, SOL_SOCKET, SO_SNDBUFFORCE,
					  &one, sizeof(one)) == 0;
		close(probe_fd);
	}

	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (d->epfd < 0)
		return -errno;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	d->sig_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (d->sig_fd < 0)
		return -errno;
	d->sig_h.kind = UD_SIGNAL;
	err = ud_epoll_set(d, d->sig_fd, &d->sig_h, EPOLLIN, true);
	if (err)
		return err;
	if (cfg->watch_fd >= 0) {
		d->watch_h.kind = UD_WATCH;
		err = ud_epoll_set(d, cfg->watch_fd, &d->watch_h,
				   EPOLLIN | EPOLLRDHUP, true);
		if (err)
			return err;
	}

	err = ud_nets_setup(d);
	if (err)
		return err;
	if (cfg->manual_clock)
		unl_net_clock_stop(d->net);
	/* The world's, closed when it ends. */
	err = unl_net_timer_fd(d->net);
	if (err < 0)
		return err;
	d->timer_h.kind = UD_TIMER;
	err = ud_epoll_set(d, err, &d->timer_h, EPOLLIN, true);
	if (err)
		return err;
	err = listen_setup(d);
	if (!err)
		err = ud_nets_listening(d);
	if (err)
		return err;
	d->listen_h.kind = UD_LISTEN;
	return ud_epoll_set(d, d->listen_fd, &d->listen_h, EPOLLIN, true);
}

static void teardown(struct ud_daemon *d)
{
	while (d->conns)
		ud_conn_close(d->conns, NULL);
	while (d->served)
		ud_served_close(d->served);
	ud_svc_teardown(d);
	ud_tuns_teardown(d);
	ud_sockdiag_teardown(d);
	if (d->world)
		ud_nets_teardown(d);
	ud_replay_free(d->replay);
	d->replay = NULL;
	reap(d);
	if (d->listen_fd >= 0)
		close(d->listen_fd);
	remove_path(d);
	/* Removed while still held: a daemon that locked this file
	 * meanwhile sees it is no longer at the path (take_lock). */
	if (d->lock_held) {
		char lock[sizeof(d->path) + 8];

		snprintf(lock, sizeof(lock), "%s.lock", d->path);
		unlink(lock);
	}
	if (d->lock_fd >= 0)
		close(d->lock_fd);
	if (d->sig_fd >= 0)
		close(d->sig_fd);
	if (d->epfd >= 0)
		close(d->epfd);
	ud_map_free(&d->by_id);
	ud_map_free(&d->by_cookie);
	free(d->ready);
	free(d->owing);
	free(d->watched);
	free(d->ship_buf);
	free(d->ship_batch);
	free(d->rx_buf);
	free(d->rx_batch);
}

int unl_daemon_run(const struct unl_daemon_config *cfg)
{
	struct ud_daemon d = {
		.cfg = cfg,
		.epfd = -1,
		.listen_fd = -1,
		.sig_fd = -1,
		.lock_fd = -1,
	};
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_pipe;
	sigset_t set, old_mask;
	int err, ready_fd = cfg->ready_fd;

	/* Blocked before the signalfd exists so none is lost in between;
	 * SIGPIPE ignored as well as MSG_NOSIGNAL everywhere, for writes a
	 * caller's code might add. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, &old_mask);
	sigaction(SIGPIPE, &ign, &old_pipe);
	/* Large buffers (a batch of 100,000 set elements, an index that
	 * doubles) from mmap and back to the system when freed, always:
	 * glibc raises this threshold after each such free, and the next
	 * ones then stay as holes in the heap between what outlives them
	 * (bench-nft's elements cost a third more so). */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);

	err = setup(&d);
	if (!err) {
		ud_log(&d, 1, "listening on %s%s", d.path,
		       d.activated ? " (socket activation)" : "");
		if (ready_fd >= 0) {
			while (write(ready_fd, "R", 1) < 0 && errno == EINTR)
				;
			close(ready_fd);
			ready_fd = -1;
		}
		if (cfg->ready_cb)
			cfg->ready_cb(d.path, cfg->ready_user);
		d.idle_since_ns = ud_now_ns();
		run_loop(&d);
		ud_log(&d, 1, "stopped");
	} else {
		ud_log(&d, 0, "cannot start: %s", strerror(-err));
	}
	if (ready_fd >= 0)
		close(ready_fd);
	teardown(&d);
	sigaction(SIGPIPE, &old_pipe, NULL);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	return err;
}
