// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IPVS's socket options (IP_VS_SO_SET_* and IP_VS_SO_GET_* at SOL_IP,
 * <linux/ip_vs.h>), which old ipvsadm builds and keepalived use where
 * the IPVS generic netlink family is missing: each option with good
 * and bad lengths, printed one line per call (its errno name, or "ok"
 * with optlen and what landed in optval), so that a transcript of
 * Linux (ipvs-sockopt.expected) compares with the model's.
 *
 *   ipvs-sockopt services   the services, destinations, timeouts, zero
 *   ipvs-sockopt daemons    the sync daemons (run it once with lo down,
 *                           once with lo up)
 *   ipvs-sockopt unpriv     as uid 65534: EPERM before anything else
 *   ipvs-sockopt flush      the flush, and the counts after
 *   ipvs-sockopt inet6      SOL_IP on an AF_INET6 socket
 *   ipvs-sockopt sysctl     /proc/sys/net/ipv4/vs: each entry's mode and
 *                           value, then writes good and bad, read back
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/ip_vs.h>

static int fd = -1;

static const char *err_name(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "E?";
}

/* getsockopt() of len bytes at buf: the errno, or ok and optlen */
static int get(const char *what, int opt, void *buf, int len)
{
	socklen_t l = (socklen_t)len;

	if (getsockopt(fd, IPPROTO_IP, opt, buf, &l)) {
		printf("%s: %s\n", what, err_name(errno));
		return -1;
	}
	printf("%s: ok optlen %d\n", what, (int)l);
	return 0;
}

static int set(const char *what, int opt, const void *buf, int len)
{
	if (setsockopt(fd, IPPROTO_IP, opt, buf, (socklen_t)len)) {
		printf("%s: %s\n", what, err_name(errno));
		return -1;
	}
	printf("%s: ok\n", what);
	return 0;
}

static void print_stats(const struct ip_vs_stats_user *s)
{
	printf("  stats %u %u %u %llu %llu %u %u %u %u %u\n", s->conns,
	       s->inpkts, s->outpkts, (unsigned long long)s->inbytes,
	       (unsigned long long)s->outbytes, s->cps, s->inpps, s->outpps,
	       s->inbps, s->outbps);
}

static void print_service(const struct ip_vs_service_entry *e)
{
	char a[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &e->addr, a, sizeof(a));
	printf("  service proto %u %s:%u fwmark %u sched '%.16s' flags %#x "
	       "timeout %u netmask %#x dests %u\n",
	       e->protocol, a, ntohs(e->port), e->fwmark, e->sched_name,
	       e->flags, e->timeout, ntohl(e->netmask), e->num_dests);
	print_stats(&e->stats);
}

static void print_dest(const struct ip_vs_dest_entry *e)
{
	char a[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &e->addr, a, sizeof(a));
	printf("  dest %s:%u conn_flags %#x weight %d thresholds %u %u "
	       "conns %u %u %u\n",
	       a, ntohs(e->port), e->conn_flags, e->weight, e->u_threshold,
	       e->l_threshold, e->activeconns, e->inactconns,
	       e->persistconns);
	print_stats(&e->stats);
}

/* a service by TCP address and port, or by fwmark */
static struct ip_vs_service_user svc(int proto, const char *addr, int port,
				     unsigned int fwmark, const char *sched)
{
	struct ip_vs_service_user u;

	memset(&u, 0, sizeof(u));
	u.protocol = (__u16)proto;
	inet_pton(AF_INET, addr, &u.addr);
	u.port = htons((uint16_t)port);
	u.fwmark = fwmark;
	memcpy(u.sched_name, sched, strnlen(sched, sizeof(u.sched_name)));
	u.netmask = 0xffffffff;
	return u;
}

struct svcdest {
	struct ip_vs_service_user s;
	struct ip_vs_dest_user d;
};

static struct svcdest sd(struct ip_vs_service_user s, const char *addr,
			 int port, unsigned int flags, int weight,
			 unsigned int u_th, unsigned int l_th)
{
	struct svcdest x;

	memset(&x, 0, sizeof(x));
	x.s = s;
	inet_pton(AF_INET, addr, &x.d.addr);
	x.d.port = htons((uint16_t)port);
	x.d.conn_flags = flags;
	x.d.weight = weight;
	x.d.u_threshold = u_th;
	x.d.l_threshold = l_th;
	return x;
}

static void info(void)
{
	struct ip_vs_getinfo gi;

	memset(&gi, 0, sizeof(gi));
	if (!get("GET_INFO", IP_VS_SO_GET_INFO, &gi, sizeof(gi)))
		printf("  version %#x size %u services %u\n", gi.version,
		       gi.size, gi.num_services);
}

static void version(int len)
{
	char buf[128], what[64];

	memset(buf, 0x55, sizeof(buf));
	snprintf(what, sizeof(what), "GET_VERSION len %d", len);
	if (!get(what, IP_VS_SO_GET_VERSION, buf, len))
		printf("  '%.*s' then %#x\n", len, buf,
		       (unsigned char)buf[strnlen(buf, sizeof(buf) - 1) + 1]);
}

/* GET_SERVICES asking for n entries with optlen len; the bytes past
 * what was written are checked untouched */
static void services(unsigned int n, int len)
{
	size_t size = sizeof(struct ip_vs_get_services) +
		      n * sizeof(struct ip_vs_service_entry);
	struct ip_vs_get_services *g = malloc(size + 64);
	char what[64];

	memset(g, 0xaa, size + 64);
	g->num_services = n;
	snprintf(what, sizeof(what), "GET_SERVICES n %u len %d", n, len);
	if (!get(what, IP_VS_SO_GET_SERVICES, g, len)) {
		unsigned int i;

		for (i = 0; i < n; i++) {
			const unsigned char *p =
				(const unsigned char *)&g->entrytable[i];

			if (p[0] == 0xaa && p[1] == 0xaa) {
				printf("  %u entries written\n", i);
				break;
			}
			print_service(&g->entrytable[i]);
		}
	}
	free(g);
}

static void dests(struct ip_vs_service_user s, unsigned int n, int len)
{
	size_t size = sizeof(struct ip_vs_get_dests) +
		      n * sizeof(struct ip_vs_dest_entry);
	struct ip_vs_get_dests *g = malloc(size + 64);
	char what[80];

	memset(g, 0xaa, size + 64);
	g->protocol = s.protocol;
	g->addr = s.addr;
	g->port = s.port;
	g->fwmark = s.fwmark;
	g->num_dests = n;
	snprintf(what, sizeof(what), "GET_DESTS n %u len %d", n, len);
	if (!get(what, IP_VS_SO_GET_DESTS, g, len)) {
		for (unsigned int i = 0; i < n; i++) {
			const unsigned char *p =
				(const unsigned char *)&g->entrytable[i];

			if (p[0] == 0xaa && p[1] == 0xaa) {
				printf("  %u entries written\n", i);
				break;
			}
			print_dest(&g->entrytable[i]);
		}
	}
	free(g);
}

static void service(const char *what, struct ip_vs_service_user s)
{
	struct ip_vs_service_entry e;

	memset(&e, 0, sizeof(e));
	e.protocol = s.protocol;
	e.addr = s.addr;
	e.port = s.port;
	e.fwmark = s.fwmark;
	if (!get(what, IP_VS_SO_GET_SERVICE, &e, sizeof(e)))
		print_service(&e);
}

static void timeouts(void)
{
	struct ip_vs_timeout_user t;

	memset(&t, 0, sizeof(t));
	if (!get("GET_TIMEOUT", IP_VS_SO_GET_TIMEOUT, &t, sizeof(t)))
		printf("  tcp %d tcpfin %d udp %d\n", t.tcp_timeout,
		       t.tcp_fin_timeout, t.udp_timeout);
}

static void daemons(void)
{
	struct ip_vs_daemon_user d[2];

	memset(d, 0x55, sizeof(d));
	if (get("GET_DAEMON", IP_VS_SO_GET_DAEMON, d, sizeof(d)))
		return;
	for (int i = 0; i < 2; i++)
		printf("  state %d ifn '%.16s' syncid %d\n", d[i].state,
		       d[i].mcast_ifn, d[i].syncid);
}

static void set_timeouts(const char *what, int tcp, int fin, int udp)
{
	struct ip_vs_timeout_user t = { tcp, fin, udp };

	set(what, IP_VS_SO_SET_TIMEOUT, &t, sizeof(t));
}

static void run_services(void)
{
	struct ip_vs_service_user web = svc(IPPROTO_TCP, "10.0.0.1", 80, 0,
					    "rr");
	struct ip_vs_service_user mark = svc(IPPROTO_UDP, "0.0.0.0", 0, 7,
					     "wlc");
	struct ip_vs_service_user u;
	struct svcdest x;
	char big[512];
	int n = sizeof(web);

	memset(big, 0, sizeof(big));
	version(64);
	version(100);
	version(63);
	get("GET_VERSION len -1", IP_VS_SO_GET_VERSION, big, -1);
	info();
	get("GET_INFO short", IP_VS_SO_GET_INFO, big,
	    sizeof(struct ip_vs_getinfo) - 1);
	get("GET_INFO long", IP_VS_SO_GET_INFO, big,
	    sizeof(struct ip_vs_getinfo) + 4);
	timeouts();
	daemons();
	get("GET_DEST (unused)", IP_VS_SO_GET_DEST, big, 64);
	get("GET 1160", IP_VS_SO_GET_MAX + 1, big, 64);
	get("GET 1167", 1167, big, 64);
	services(0, sizeof(struct ip_vs_get_services));
	set("SET_NONE len 0", IP_VS_SO_SET_NONE, NULL, 0);
	set("SET_LIST len 0", IP_VS_SO_SET_LIST, NULL, 0);
	set("SET_ADD len 0", IP_VS_SO_SET_ADD, NULL, 0);
	set("SET 1168", IP_VS_SO_SET_MAX + 1, big, 0);
	set("SET_ADD short", IP_VS_SO_SET_ADD, &web, n - 1);
	set("SET_ADD long", IP_VS_SO_SET_ADD, big, n + 1);
	set("SET_ADD", IP_VS_SO_SET_ADD, &web, n);
	set("SET_ADD again", IP_VS_SO_SET_ADD, &web, n);
	u = svc(0, "10.0.0.9", 80, 0, "rr");
	set("SET_ADD protocol 0", IP_VS_SO_SET_ADD, &u, n);
	u = svc(IPPROTO_TCP, "10.0.0.9", 80, 0, "nosuch");
	set("SET_ADD sched nosuch", IP_VS_SO_SET_ADD, &u, n);
	u = svc(IPPROTO_TCP, "10.0.0.9", 80, 0, "rr");
	memset(u.sched_name, 'x', sizeof(u.sched_name));
	set("SET_ADD sched unterminated", IP_VS_SO_SET_ADD, &u, n);
	u = svc(IPPROTO_TCP, "10.0.0.9", 80, 0, "none");
	set("SET_ADD sched none", IP_VS_SO_SET_ADD, &u, n);
	set("SET_DEL sched none", IP_VS_SO_SET_DEL, &u, n);
	set("SET_ADD fwmark", IP_VS_SO_SET_ADD, &mark, n);
	info();
	service("GET_SERVICE web", web);
	service("GET_SERVICE mark", mark);
	u = svc(IPPROTO_UDP, "10.0.0.1", 80, 0, "rr");
	service("GET_SERVICE udp", u);
	get("GET_SERVICE short", IP_VS_SO_GET_SERVICE, big,
	    sizeof(struct ip_vs_service_entry) - 1);
	/* edit: wlc, persistent for 300 s, a /24 netmask */
	u = web;
	strcpy(u.sched_name, "wlc");
	u.flags = IP_VS_SVC_F_PERSISTENT;
	u.timeout = 300;
	u.netmask = htonl(0xffffff00);
	set("SET_EDIT", IP_VS_SO_SET_EDIT, &u, n);
	u.protocol = IPPROTO_UDP;
	set("SET_EDIT udp", IP_VS_SO_SET_EDIT, &u, n);
	u.protocol = 0;
	set("SET_EDIT protocol 0", IP_VS_SO_SET_EDIT, &u, n);
	u = mark;
	u.protocol = IPPROTO_TCP;
	set("SET_EDIT fwmark as tcp", IP_VS_SO_SET_EDIT, &u, n);
	u = mark;
	u.timeout = 20000000;
	u.flags = IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_HASHED |
		  IP_VS_SVC_F_ONEPACKET;
	set("SET_EDIT fwmark timeout 20000000", IP_VS_SO_SET_EDIT, &u, n);
	service("GET_SERVICE web", web);
	service("GET_SERVICE mark", mark);

	/* destinations */
	x = sd(web, "10.0.0.2", 8080, IP_VS_CONN_F_MASQ, 1, 0, 0);
	set("SET_ADDDEST short", IP_VS_SO_SET_ADDDEST, &x, sizeof(x) - 1);
	set("SET_ADDDEST", IP_VS_SO_SET_ADDDEST, &x, sizeof(x));
	set("SET_ADDDEST again", IP_VS_SO_SET_ADDDEST, &x, sizeof(x));
	x = sd(web, "10.0.0.3", 8080,
	       IP_VS_CONN_F_DROUTE | IP_VS_CONN_F_ONE_PACKET | 0x8000, 3, 100,
	       10);
	set("SET_ADDDEST droute", IP_VS_SO_SET_ADDDEST, &x, sizeof(x));
	x = sd(web, "10.0.0.4", 80, IP_VS_CONN_F_TUNNEL, 2, 0, 0);
	set("SET_ADDDEST tunnel", IP_VS_SO_SET_ADDDEST, &x, sizeof(x));
	x = sd(web, "224.0.0.9", 80, 0, 1, 0, 0);
	set("SET_ADDDEST multicast", IP_VS_SO_SET_ADDDEST, &x, sizeof(x));
	x = sd(web, "10.0.0.5", 80, 0, -1, 0, 0);
	set("SET_ADDDEST weight -1", IP_VS_SO_SET_ADDDEST, &x, sizeof(x));
	x = sd(web, "10.0.0.5", 80, 0, 1, 5, 6);
	set("SET_ADDDEST l > u", IP_VS_SO_SET_ADDDEST, &x, sizeof(x));
	x = sd(svc(IPPROTO_TCP, "10.0.0.8", 80, 0, "rr"), "10.0.0.5", 80, 0, 1,
	       0, 0);
	set("SET_ADDDEST no service", IP_VS_SO_SET_ADDDEST, &x, sizeof(x));
	x = sd(mark, "10.0.0.6", 0, IP_VS_CONN_F_LOCALNODE, 4, 0, 0);
	set("SET_ADDDEST fwmark", IP_VS_SO_SET_ADDDEST, &x, sizeof(x));
	dests(web, 3, sizeof(struct ip_vs_get_dests) +
			      3 * sizeof(struct ip_vs_dest_entry));
	x = sd(web, "10.0.0.3", 8080, IP_VS_CONN_F_MASQ, 7, 0, 0);
	set("SET_EDITDEST", IP_VS_SO_SET_EDITDEST, &x, sizeof(x));
	x = sd(web, "10.0.0.7", 8080, IP_VS_CONN_F_MASQ, 7, 0, 0);
	set("SET_EDITDEST missing", IP_VS_SO_SET_EDITDEST, &x, sizeof(x));
	x = sd(web, "10.0.0.3", 8080, IP_VS_CONN_F_MASQ, -2, 0, 0);
	set("SET_EDITDEST weight -2", IP_VS_SO_SET_EDITDEST, &x, sizeof(x));
	x = sd(web, "10.0.0.7", 8080, 0, 0, 0, 0);
	set("SET_DELDEST missing", IP_VS_SO_SET_DELDEST, &x, sizeof(x));
	x = sd(web, "10.0.0.4", 80, 0, 0, 0, 0);
	set("SET_DELDEST", IP_VS_SO_SET_DELDEST, &x, sizeof(x));
	set("SET_DELDEST long", IP_VS_SO_SET_DELDEST, big, sizeof(x) + 1);
	services(2, sizeof(struct ip_vs_get_services) +
			    2 * sizeof(struct ip_vs_service_entry));
	services(1, sizeof(struct ip_vs_get_services) +
			    sizeof(struct ip_vs_service_entry));
	services(3, sizeof(struct ip_vs_get_services) +
			    3 * sizeof(struct ip_vs_service_entry));
	services(2, sizeof(struct ip_vs_get_services) +
			    2 * sizeof(struct ip_vs_service_entry) + 1);
	services(2, sizeof(struct ip_vs_get_services) - 1);
	dests(web, 2, sizeof(struct ip_vs_get_dests) +
			      2 * sizeof(struct ip_vs_dest_entry));
	dests(web, 1, sizeof(struct ip_vs_get_dests) +
			      sizeof(struct ip_vs_dest_entry));
	dests(web, 4, sizeof(struct ip_vs_get_dests) +
			      4 * sizeof(struct ip_vs_dest_entry));
	dests(web, 2, sizeof(struct ip_vs_get_dests) +
			      2 * sizeof(struct ip_vs_dest_entry) - 1);
	dests(mark, 1, sizeof(struct ip_vs_get_dests) +
			       sizeof(struct ip_vs_dest_entry));
	dests(svc(IPPROTO_TCP, "10.0.0.8", 80, 0, ""), 1,
	      sizeof(struct ip_vs_get_dests) +
		      sizeof(struct ip_vs_dest_entry));

	/* timeouts: 0 keeps a value */
	set_timeouts("SET_TIMEOUT", 100, 0, 30);
	set_timeouts("SET_TIMEOUT -1", -1, 10, 10);
	set_timeouts("SET_TIMEOUT too long", 10, 10, 2147483647);
	set("SET_TIMEOUT short", IP_VS_SO_SET_TIMEOUT, big,
	    sizeof(struct ip_vs_timeout_user) - 1);
	timeouts();
	get("GET_TIMEOUT short", IP_VS_SO_GET_TIMEOUT, big,
	    sizeof(struct ip_vs_timeout_user) - 1);

	/* zero: everything, a service, a missing one */
	u = svc(IPPROTO_TCP, "0.0.0.0", 0, 0, "");
	set("SET_ZERO all", IP_VS_SO_SET_ZERO, &u, n);
	u.protocol = 0;
	set("SET_ZERO all protocol 0", IP_VS_SO_SET_ZERO, &u, n);
	set("SET_ZERO web", IP_VS_SO_SET_ZERO, &web, n);
	u = svc(IPPROTO_TCP, "10.0.0.8", 80, 0, "");
	set("SET_ZERO missing", IP_VS_SO_SET_ZERO, &u, n);
	set("SET_ZERO short", IP_VS_SO_SET_ZERO, &web, n - 1);

	/* delete */
	u = svc(IPPROTO_TCP, "10.0.0.8", 80, 0, "");
	set("SET_DEL missing", IP_VS_SO_SET_DEL, &u, n);
	set("SET_DEL mark", IP_VS_SO_SET_DEL, &mark, n);
	set("SET_DEL mark again", IP_VS_SO_SET_DEL, &mark, n);
	info();
}

static void start_daemon(const char *what, int state, const char *ifn,
			 int syncid, int len)
{
	struct ip_vs_daemon_user d;

	memset(&d, 0, sizeof(d));
	d.state = state;
	memcpy(d.mcast_ifn, ifn, strnlen(ifn, sizeof(d.mcast_ifn)));
	d.syncid = syncid;
	set(what, IP_VS_SO_SET_STARTDAEMON, &d, len);
}

static void stop_daemon(const char *what, int state)
{
	struct ip_vs_daemon_user d;

	memset(&d, 0, sizeof(d));
	d.state = state;
	set(what, IP_VS_SO_SET_STOPDAEMON, &d, sizeof(d));
}

static void run_daemons(void)
{
	int n = sizeof(struct ip_vs_daemon_user);
	char big[64] = { 0 };

	start_daemon("START master lo", IP_VS_STATE_MASTER, "lo", 3, n);
	start_daemon("START backup lo", IP_VS_STATE_BACKUP, "lo", 4, n);
	start_daemon("START backup again", IP_VS_STATE_BACKUP, "lo", 4, n);
	start_daemon("START master nosuch", IP_VS_STATE_MASTER, "nosuch0", 1,
		     n);
	start_daemon("START master ''", IP_VS_STATE_MASTER, "", 1, n);
	start_daemon("START master unterminated", IP_VS_STATE_MASTER,
		     "abcdefghijklmnop", 1, n);
	start_daemon("START state 4", 4, "lo", 1, n);
	start_daemon("START short", IP_VS_STATE_MASTER, "lo", 1, n - 1);
	daemons();
	get("GET_DAEMON short", IP_VS_SO_GET_DAEMON, big,
	    2 * sizeof(struct ip_vs_daemon_user) - 1);
	stop_daemon("STOP state 0", 0);
	stop_daemon("STOP master", IP_VS_STATE_MASTER);
	stop_daemon("STOP backup", IP_VS_STATE_BACKUP);
	stop_daemon("STOP backup again", IP_VS_STATE_BACKUP);
	daemons();
}

static void run_flush(void)
{
	char big[8] = { 0 };

	info();
	set("SET_FLUSH len 4", IP_VS_SO_SET_FLUSH, big, 4);
	set("SET_FLUSH", IP_VS_SO_SET_FLUSH, NULL, 0);
	info();
	services(0, sizeof(struct ip_vs_get_services));
}

static void run_unpriv(void)
{
	struct ip_vs_service_user web = svc(IPPROTO_TCP, "10.0.0.1", 80, 0,
					    "rr");
	char big[64] = { 0 };

	if (setgid(65534) || setuid(65534)) {
		printf("setuid: %s\n", err_name(errno));
		return;
	}
	info();
	version(63);
	get("GET_INFO len -1", IP_VS_SO_GET_INFO, big, -1);
	get("GET 1167", 1167, big, 64);
	set("SET_FLUSH", IP_VS_SO_SET_FLUSH, NULL, 0);
	set("SET_ADD", IP_VS_SO_SET_ADD, &web, sizeof(web));
	set("SET_ADD short", IP_VS_SO_SET_ADD, &web, sizeof(web) - 1);
	set("SET 1168", IP_VS_SO_SET_MAX + 1, big, 0);
}

#define VS_DIR "/proc/sys/net/ipv4/vs"

/* an entry's value as read, its newline shown as such */
static void show_entry(const char *name)
{
	char path[256], buf[256];
	struct stat st;
	ssize_t n;
	int f;

	snprintf(path, sizeof(path), VS_DIR "/%s", name);
	if (stat(path, &st)) {
		printf("%s: stat %s\n", name, err_name(errno));
		return;
	}
	f = open(path, O_RDONLY);
	if (f < 0) {
		printf("%s: open %s\n", name, err_name(errno));
		return;
	}
	n = read(f, buf, sizeof(buf) - 1);
	close(f);
	if (n < 0) {
		printf("%s: read %s\n", name, err_name(errno));
		return;
	}
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	printf("%s %o '%s'\n", name, (unsigned int)(st.st_mode & 07777), buf);
}

static void write_entry(const char *name, const char *val)
{
	char path[256];
	ssize_t n;
	int f;

	snprintf(path, sizeof(path), VS_DIR "/%s", name);
	f = open(path, O_WRONLY);
	if (f < 0) {
		printf("write %s '%s': open %s\n", name, val, err_name(errno));
		return;
	}
	n = write(f, val, strlen(val));
	if (n < 0)
		printf("write %s '%s': %s\n", name, val, err_name(errno));
	else
		printf("write %s '%s': %zd\n", name, val, n);
	close(f);
	show_entry(name);
}

static void run_sysctl(void)
{
	/* name, value: in the order they run (the defense modes after a
	 * threshold above any machine's free pages) */
	static const char *const writes[][2] = {
		{ "am_droprate", "20\n" },  { "am_droprate", "-5" },
		{ "am_droprate", "abc" },    { "conntrack", "1" },
		{ "drop_entry", "4" },       { "drop_entry", "3" },
		{ "drop_entry", "1" },       { "drop_entry", "-1" },
		{ "amemthresh", "2000000000" },
		{ "drop_entry", "0" },       { "drop_entry", "1" },
		{ "drop_packet", "1" },      { "secure_tcp", "1" },
		{ "secure_tcp", "3" },       { "amemthresh", "1024" },
		{ "drop_packet", "0" },      { "drop_packet", "2" },
		{ "sync_version", "2" },     { "sync_version", "0" },
		{ "sync_ports", "3" },       { "sync_ports", "0" },
		{ "sync_ports", "4" },       { "sync_threshold", "10 20" },
		{ "sync_threshold", "20 10" }, { "sync_threshold", "5 0" },
		{ "sync_threshold", "-1 5" }, { "sync_threshold", "7" },
		{ "sync_refresh_period", "30" },
		{ "sync_refresh_period", "-2" },
		{ "sync_retries", "4" },     { "sync_retries", "3" },
		{ "sync_qlen_max", "100" },  { "sync_qlen_max", "-1" },
		{ "sync_sock_size", "65536" },
		{ "est_nice", "20" },        { "est_nice", "-20" },
		{ "est_cpulist", "0" },      { "est_cpulist", "abc" },
		{ "run_estimation", "0" },   { "expire_nodest_conn", "1" },
		{ "conn_reuse_mode", "2" },  { "pmtu_disc", "0" },
		{ "nosuch", "1" },
	};
	struct dirent *e;
	DIR *d = opendir(VS_DIR);

	if (!d) {
		printf("opendir: %s\n", err_name(errno));
		return;
	}
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			show_entry(e->d_name);
	closedir(d);
	for (size_t i = 0; i < sizeof(writes) / sizeof(writes[0]); i++)
		write_entry(writes[i][0], writes[i][1]);
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	if (!strcmp(what, "services"))
		run_services();
	else if (!strcmp(what, "daemons"))
		run_daemons();
	else if (!strcmp(what, "flush"))
		run_flush();
	else if (!strcmp(what, "unpriv"))
		run_unpriv();
	else if (!strcmp(what, "sysctl"))
		run_sysctl();
	else if (!strcmp(what, "inet6")) {
		/* SOL_IP on an AF_INET6 socket that is not raw reaches
		 * ip_getsockopt() too */
		close(fd);
		fd = socket(AF_INET6, SOCK_DGRAM, 0);
		info();
		version(64);
	} else {
		fprintf(stderr, "usage: ipvs-sockopt services|daemons|flush|"
				"unpriv|inet6|sysctl\n");
		return 2;
	}
	return 0;
}
