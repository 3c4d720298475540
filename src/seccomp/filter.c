// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The filter: USER_NOTIF for socket(AF_NETLINK, ...) and for the calls
 * on a descriptor of the reserved range, ALLOW for everything else
 * (docs/seccomp.md, "Which calls trap").
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "seccomp/sc-open.h"
#include "seccomp/seccomp.h"

#if defined(__x86_64__)
#define SC_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SC_ARCH AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define SC_ARCH AUDIT_ARCH_RISCV64
#endif

/* The low 32 bits of argument 0 (an int: a descriptor or a domain). */
#if __BYTE_ORDER == __LITTLE_ENDIAN
#define SC_ARG0_LO offsetof(struct seccomp_data, args[0])
#define SC_ARG1_LO offsetof(struct seccomp_data, args[1])
#define SC_ARG2_LO offsetof(struct seccomp_data, args[2])
#define SC_ARG3_LO offsetof(struct seccomp_data, args[3])
#else
#define SC_ARG0_LO (offsetof(struct seccomp_data, args[0]) + 4)
#define SC_ARG1_LO (offsetof(struct seccomp_data, args[1]) + 4)
#define SC_ARG2_LO (offsetof(struct seccomp_data, args[2]) + 4)
#define SC_ARG3_LO (offsetof(struct seccomp_data, args[3]) + 4)
#endif

/* The calls whose first argument is the socket's descriptor (and
 * ioctl, which traps on any descriptor for the requests the daemon
 * answers, below). */
static const int fd_calls[] = {
	__NR_bind, __NR_connect, __NR_getsockname, __NR_getpeername,
	__NR_sendto, __NR_sendmsg, __NR_sendmmsg, __NR_recvfrom,
	__NR_setsockopt, __NR_getsockopt,
	__NR_read, __NR_write, __NR_readv, __NR_writev,
	__NR_dup, __NR_fcntl, __NR_listen, __NR_accept, __NR_accept4,
	__NR_shutdown, __NR_close,
	/* a copy of ours out of the range would not trap (sock.c) */
#ifdef __NR_dup2
	__NR_dup2,
#endif
	__NR_dup3,
	/* a directory of a net (open.c): its entries and its type */
	__NR_getdents64,
#ifdef __NR_fstat
	__NR_fstat,
#endif
};

/* The calls that change a thread's ids or capabilities: the supervisor
 * lets them run and reports the result to the daemon (UNL_OP_CRED and
 * the ids of its records), as the shim does from its interposed set*id()
 * and capset(). */
static const int cred_calls[] = {
	__NR_setuid, __NR_setgid, __NR_setreuid, __NR_setregid,
	__NR_setresuid, __NR_setresgid, __NR_capset,
};

/* The calls that name a path (open.c): every one traps, as the filter
 * cannot read the path; the supervisor serves the namespace paths and
 * the files of a net and lets the rest run (docs/seccomp.md, "Paths"). */
static const int path_calls[] = {
#ifdef __NR_open
	__NR_open,
#endif
	__NR_openat, __NR_openat2, __NR_statfs,
#ifdef __NR_stat
	__NR_stat, __NR_lstat,
#endif
#ifdef __NR_access
	__NR_access,
#endif
	__NR_faccessat, __NR_faccessat2,
#ifdef __NR_readlink
	__NR_readlink,
#endif
	__NR_readlinkat,
	/* the netns directory's changes (nsdir.c): rare calls */
#ifdef __NR_mkdir
	__NR_mkdir, __NR_rmdir, __NR_unlink,
#endif
	__NR_mkdirat, __NR_unlinkat, __NR_mount, __NR_umount2,
};

/* poll, ppoll and the epoll waits: their set may hold one of our
 * sockets with an error pending, which only the supervisor can show as
 * POLLERR or EPOLLERR (poll.c).  (select shows an error as readable,
 * which the record that wakes the data socket does natively.) */
/* exec() of a thread with a net of its own makes that net its
 * process's (clone.c). */
static const int proc_calls[] = { __NR_execve, __NR_execveat };

/* recvmsg() and recvmmsg() on any descriptor: a unix socket may bring
 * a socket of ours with SCM_RIGHTS, which must land in the range
 * (scm.c). */
static const int scm_calls[] = { __NR_recvmsg, __NR_recvmmsg };

static const int poll_calls[] = {
#ifdef __NR_poll
	__NR_poll,
#endif
	__NR_ppoll,
#ifdef __NR_epoll_wait
	__NR_epoll_wait,
#endif
	__NR_epoll_pwait,
#ifdef __NR_epoll_pwait2
	__NR_epoll_pwait2,
#endif
};

bool sc_is_fd_call(int nr)
{
	if (nr == __NR_ioctl || nr == __NR_recvmsg || nr == __NR_recvmmsg)
		return true;
	for (size_t i = 0; i < sizeof(fd_calls) / sizeof(fd_calls[0]); i++)
		if (fd_calls[i] == nr)
			return true;
	return false;
}

bool sc_is_clone_call(int nr)
{
	return nr == __NR_clone || nr == __NR_clone3 || nr == __NR_execve ||
	       nr == __NR_execveat;
}

bool sc_is_path_call(int nr)
{
	if (nr == __NR_newfstatat || nr == __NR_statx)
		return true;
	for (size_t i = 0; i < sizeof(path_calls) / sizeof(path_calls[0]); i++)
		if (path_calls[i] == nr)
			return true;
	return false;
}

bool unl_sc_is_cred_call(int nr)
{
	for (size_t i = 0; i < sizeof(cred_calls) / sizeof(cred_calls[0]); i++)
		if (cred_calls[i] == nr)
			return true;
	return false;
}

int unl_sc_range_base(unsigned long soft_limit)
{
	unsigned long top = soft_limit < 1024 ? soft_limit : 1024;

	if (top < UNL_SC_RANGE + 64)
		return -EMFILE;
	return (int)(top - UNL_SC_RANGE);
}

/*
 * The head of the program answers what no front end may let through,
 * before anything is served (docs/seccomp.md, "Which calls trap"):
 * - another architecture's calls (a 32-bit program, whose numbers mean
 *   other calls): the process is killed.  Its exec was refused with
 *   ENOEXEC before (clone.c), as by a kernel without 32-bit emulation;
 *   this catches what that missed;
 * - x32's calls (the same architecture, bit 30 in the number): ENOSYS,
 *   as from a kernel that does not enable x32;
 * - loading and unloading kernel modules: EPERM, as in a container.
 *   The model's kernel profile says what exists; modprobe must not
 *   change the host's kernel (ipvsadm runs it when a family is missing).
 */
#ifdef SC_ARCH
#define SC_ARCH_LEN 3
#else
#define SC_ARCH_LEN 0
#endif
#if defined(__x86_64__)
#define SC_X32_LEN 3
#define SC_X32_BIT 0x40000000u
#else
#define SC_X32_LEN 0
#endif
#define SC_MODULE_LEN 5
#define SC_HEAD_LEN (SC_ARCH_LEN + SC_X32_LEN + SC_MODULE_LEN)

#define N_FD_CALLS (sizeof(fd_calls) / sizeof(fd_calls[0]))
#define N_CRED_CALLS (sizeof(cred_calls) / sizeof(cred_calls[0]))
#define N_PATH_CALLS (sizeof(path_calls) / sizeof(path_calls[0]))
#define N_POLL_CALLS (sizeof(poll_calls) / sizeof(poll_calls[0]))
#define N_PROC_CALLS (sizeof(proc_calls) / sizeof(proc_calls[0]))
#define N_SCM_CALLS (sizeof(scm_calls) / sizeof(scm_calls[0]))
/* the head (SC_HEAD_LEN) + nr load (1) + socket, ioctl, unshare, setns,
 * close_range, clone and clone3 tests (7) + one per fd call, per cred call, per path call and per poll call
 * + allow (1) + ioctl request
 * (5) + unshare flags (3) + clone flags (5) + setns type (4) + socket
 * argument (4) + range
 * (5) + newfstatat and statx tests (2) + their flags (4) and
 * descriptor (2) + the tun driver's requests (6) + getsockopt's and
 * setsockopt's level and option (11) + the epoll_ctl test (1) and its
 * target's range (5) */
#define PROG_LEN (SC_HEAD_LEN + 1 + 7 + N_FD_CALLS + N_CRED_CALLS + N_PATH_CALLS + \
		  N_POLL_CALLS + N_PROC_CALLS + N_SCM_CALLS + 1 + 5 + 3 + 5 + 4 + \
		  4 + 5 + 2 + 6 + 6 + 11 + 1 + 5 + 11)
/* The request groups of the socket ioctls the daemon answers
 * (unl_ioctl_forwarded(): 0x89xx, and SIOCIWFIRST..SIOCIWLAST); the
 * supervisor sorts out the few of them about the socket itself.  The
 * kernel takes the request as an unsigned int: its low 32 bits. */
#define SC_IOCTL_GROUP_MASK 0xffffff00u
#define SC_IOCTL_SOCK_GROUP 0x8900u
#define SC_IOCTL_IW_GROUP 0x8b00u
/* SOL_IP, SOL_IPV6 and the spans of netfilter's options there: at
 * SOL_IP ip_tables' (64..67), ip_set's SO_IP_SET (83), arp_tables'
 * (96..99), ebtables' (128..131), IPVS's (1152..1167, wire.h); at
 * SOL_IPV6 ip6_tables' (64..69),
 * short of IPv6's own above them (IPV6_AUTOFLOWLABEL 70 ...) */
#define SC_SOL_IP 0u
#define SC_SOL_IPV6 41u
#define SC_NF_OPT_FIRST 64u
#define SC_NF_OPT_LAST 131u
#define SC_NF6_OPT_LAST 69u
#define SC_TUN_NR_FIRST 200u
#define SC_TUN_NR_LAST 240u

/* Every jump of the program is shorter than the program: one byte
 * holds each. */
_Static_assert(PROG_LEN < 256, "the filter's jumps must fit in a byte");

static void put(struct sock_filter *p, size_t *n, struct sock_filter i)
{
	if (*n >= PROG_LEN)
		abort();
	p[(*n)++] = i;
}

/* The argument at off (a descriptor) in our range: NOTIFY, else ALLOW. */
static void put_in_range(struct sock_filter *p, size_t *n, uint32_t off,
			 int base)
{
	put(p, n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, off));
	put(p, n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
		(uint32_t)base, 0, 1));
	put(p, n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
		(uint32_t)base + UNL_SC_RANGE, 0, 1));
	put(p, n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW));
	put(p, n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_USER_NOTIF));
}

/*
 *   arch != ours          -> ALLOW
 *   nr == socket          -> SOCKET:  arg0 == AF_NETLINK ? NOTIFY : ALLOW
 *   nr == ioctl           -> IOCTL:   arg1 a socket request or the tun
 *                                     driver's ? NOTIFY : RANGE
 *   nr == unshare         -> UNSHARE: arg0 & (CLONE_NEWNET|CLONE_NEWNS) ?
 *                                     NOTIFY : ALLOW
 *   nr == clone           -> CLONE:   arg0 & CLONE_NEWNET ? NOTIFY :
 *                                     arg0 & (CLONE_THREAD|CLONE_PARENT) ?
 *                                     NOTIFY :
 *                                     arg0 & CLONE_VM ? NOTIFY : ALLOW
 *   nr == setns           -> SETNS:   arg1 0 or CLONE_NEWNET ? NOTIFY :
 *                                     ALLOW
 *   nr in fd_calls        -> RANGE:   base <= arg0 < base + RANGE ?
 *                                     NOTIFY : ALLOW
 *   nr in cred_calls      -> NOTIFY
 *   nr in path_calls      -> NOTIFY
 *   nr in poll_calls      -> NOTIFY (poll, ppoll, epoll_*wait*)
 *   nr in proc_calls      -> NOTIFY (execve, execveat)
 *   nr in scm_calls       -> NOTIFY (recvmsg, recvmmsg)
 *   nr == close_range     -> NOTIFY (it may close the net's carrier)
 *   nr == clone3          -> NOTIFY (its flags are in memory)
 *   nr == newfstatat,     -> AT_EMPTY_PATH in flags ? EMPTY : NOTIFY
 *         statx
 *                            EMPTY: arg0 == AT_FDCWD ? NOTIFY : RANGE
 *   nr == epoll_ctl       -> base <= arg2 < base + RANGE ? NOTIFY : ALLOW
 *   nr == sendto, native  -> SENDTO:  in range, no address, flags 0 ?
 *                                     ALLOW : in range ? NOTIFY : ALLOW
 *   else                  -> ALLOW
 */
bool unl_sc_native_send(void)
{
	const char *v = getenv(UNL_SC_ENV_NATIVE_SEND);

	return v && !strcmp(v, "1");
}

/* sendto_at (UNL_SC_ENV_NATIVE_SEND alone): a send() on a descriptor of
 * the range runs in the kernel, on the data socket; one with an
 * address or flags traps as ever. */
static void put_sendto(struct sock_filter *p, size_t *n, int base)
{
	size_t allow = *n + 9, notify = *n + 10;

	put(p, n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG0_LO));
	put(p, n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
		(uint32_t)base, 0, (uint8_t)(allow - *n - 1)));
	put(p, n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
		(uint32_t)base + UNL_SC_RANGE, (uint8_t)(allow - *n - 1), 0));
	put(p, n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, args[4])));
	put(p, n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		0, 0, (uint8_t)(notify - *n - 1)));
	put(p, n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, args[4]) + 4));
	put(p, n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		0, 0, (uint8_t)(notify - *n - 1)));
	put(p, n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG3_LO));
	put(p, n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		0, 0, (uint8_t)(notify - *n - 1)));
	put(p, n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW));
	put(p, n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_USER_NOTIF));
}

/* The head: SC_HEAD_LEN instructions (above). */
static void put_head(struct sock_filter *p, size_t *n)
{
	const uint32_t nr_at = offsetof(struct seccomp_data, nr);

#ifdef SC_ARCH
	put(p, n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, arch)));
	put(p, n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		SC_ARCH, 1, 0));
	put(p, n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_KILL_PROCESS));
#endif
#if defined(__x86_64__)
	put(p, n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		nr_at));
	put(p, n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
		SC_X32_BIT, 0, 1));
	put(p, n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ERRNO | ENOSYS));
#endif
	put(p, n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		nr_at));
	put(p, n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		__NR_init_module, 2, 0));
	put(p, n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		__NR_finit_module, 1, 0));
	put(p, n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		__NR_delete_module, 0, 1));
	put(p, n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ERRNO | EPERM));
}

static size_t head_filter(struct sock_filter *p)
{
	size_t n = 0;

	put_head(p, &n);
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW));
	return n;
}

int unl_sc_install_head(void)
{
	struct sock_filter insns[SC_HEAD_LEN + 1];
	struct sock_fprog prog = { .filter = insns };

	prog.len = (unsigned short)head_filter(insns);
	/* no no_new_privs: with CAP_SYS_ADMIN the kernel takes a filter
	 * without it, and setuid programs keep working */
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return -errno;
	return 0;
}

static size_t build(struct sock_filter *p, int base, bool native)
{
	size_t n = 0, nfd = N_FD_CALLS, ncred = N_CRED_CALLS, head = 0;
	size_t npath = N_PATH_CALLS, npoll = N_POLL_CALLS;
	size_t nproc = N_PROC_CALLS, nscm = N_SCM_CALLS;
	size_t ioctl_at, unshare_at, clone_at, setns_at, socket_at, range_at;
	size_t notify_at;
	size_t fstatat_at, statx_at, empty_at, gso_at, epctl_at, sendto_at;

	head = SC_HEAD_LEN;
	/* Jumps count from the next instruction: [head] ld nr, jeq socket,
	 * jeq ioctl, jeq unshare, jeq setns, jeq close_range, jeq clone,
	 * jeq clone3, jeq newfstatat, jeq statx, jeq epoll_ctl, the fd
	 * calls, the cred calls, the path calls, the poll calls, ALLOW, then the eight sections (the socket
	 * section's third instruction is a NOTIFY). */
	ioctl_at = head + 11 + nfd + ncred + npath + npoll + nproc + nscm + 1;
	unshare_at = ioctl_at + 11;
	clone_at = unshare_at + 3;
	setns_at = clone_at + 5;
	fstatat_at = setns_at + 4;
	statx_at = fstatat_at + 2;
	empty_at = statx_at + 2;
	gso_at = empty_at + 2;
	socket_at = gso_at + 11;
	notify_at = socket_at + 2;
	range_at = socket_at + 4;
	epctl_at = range_at + 5;
	sendto_at = epctl_at + 5;

	put_head(p, &n);
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, nr)));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		__NR_socket, (uint8_t)(socket_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		__NR_ioctl, (uint8_t)(ioctl_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		__NR_unshare, (uint8_t)(unshare_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		__NR_setns, (uint8_t)(setns_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		__NR_close_range, (uint8_t)(notify_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		__NR_clone, (uint8_t)(clone_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		__NR_clone3, (uint8_t)(notify_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		__NR_newfstatat, (uint8_t)(fstatat_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		__NR_statx, (uint8_t)(statx_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		__NR_epoll_ctl, (uint8_t)(epctl_at - n - 1), 0));
	for (size_t i = 0; i < nfd; i++)
		put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
			BPF_K, (uint32_t)fd_calls[i],
			(uint8_t)((fd_calls[i] == __NR_getsockopt ||
					   fd_calls[i] == __NR_setsockopt
				   ? gso_at
				   : native && fd_calls[i] == __NR_sendto
				   ? sendto_at
				   : range_at) -
				  n - 1), 0));
	for (size_t i = 0; i < ncred; i++)
		put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
			BPF_K, (uint32_t)cred_calls[i],
			(uint8_t)(notify_at - n - 1), 0));
	for (size_t i = 0; i < npath; i++)
		put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
			BPF_K, (uint32_t)path_calls[i],
			(uint8_t)(notify_at - n - 1), 0));
	for (size_t i = 0; i < npoll; i++)
		put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
			BPF_K, (uint32_t)poll_calls[i],
			(uint8_t)(notify_at - n - 1), 0));
	for (size_t i = 0; i < nproc; i++)
		put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
			BPF_K, (uint32_t)proc_calls[i],
			(uint8_t)(notify_at - n - 1), 0));
	for (size_t i = 0; i < nscm; i++)
		put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
			BPF_K, (uint32_t)scm_calls[i],
			(uint8_t)(notify_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW));
	/* ioctl_at */
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG1_LO));
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K,
		SC_IOCTL_GROUP_MASK));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		SC_IOCTL_SOCK_GROUP, (uint8_t)(notify_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		SC_IOCTL_IW_GROUP, (uint8_t)(notify_at - n - 1), 0));
	/* the tun driver's: type 'T', numbers 200 to 240 (a terminal's
	 * 'T' requests are below them) */
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG1_LO));
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K,
		0xff00));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		'T' << 8, 0, (uint8_t)(range_at - n - 1)));
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG1_LO));
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K,
		0xff));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
		SC_TUN_NR_FIRST, 0, (uint8_t)(range_at - n - 1)));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K,
		SC_TUN_NR_LAST, (uint8_t)(range_at - n - 1),
		(uint8_t)(notify_at - n - 1)));
	/* unshare_at */
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG0_LO));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
		CLONE_NEWNET | CLONE_NEWNS, (uint8_t)(notify_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW));
	/* clone_at: CLONE_NEWNET, a thread (musl's pthread_create(), Go's
	 * threads: both block every signal around it), a process made with
	 * CLONE_PARENT (never among its maker's children, fork-net.c) and
	 * a process sharing the memory until it execs (Go's fork and exec),
	 * which start in the net of the thread that made them (clone.c).  Not
	 * fork(): a trapped call that
	 * a signal interrupts before the supervisor takes it returns EINTR
	 * without SA_RESTART, which fork() never does (a shell's SIGCHLD
	 * handler), and every fork would cost a round trip. */
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG0_LO));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
		CLONE_NEWNET, (uint8_t)(notify_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
		CLONE_THREAD | CLONE_PARENT, (uint8_t)(notify_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
		CLONE_VM, (uint8_t)(notify_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW));
	/* setns_at */
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG1_LO));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		0, (uint8_t)(notify_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		CLONE_NEWNET, (uint8_t)(notify_at - n - 1), 0));
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW));
	/* fstatat_at: fstat() is newfstatat(fd, "", AT_EMPTY_PATH) in
	 * glibc: only a descriptor of the range (a directory of a net)
	 * traps then */
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG3_LO));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
		AT_EMPTY_PATH, (uint8_t)(empty_at - n - 1),
		(uint8_t)(notify_at - n - 1)));
	/* statx_at */
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG2_LO));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
		AT_EMPTY_PATH, (uint8_t)(empty_at - n - 1),
		(uint8_t)(notify_at - n - 1)));
	/* empty_at */
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG0_LO));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		(uint32_t)AT_FDCWD, (uint8_t)(notify_at - n - 1),
		(uint8_t)(range_at - n - 1)));
	/* gso_at: getsockopt() and setsockopt() of netfilter's options
	 * trap on any descriptor (the supervisor answers ip_set's and the
	 * xtables tables' from the model: nf_sockopt.c, xt_sockopt.c, and
	 * lets the rest through), the rest on ours */
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG1_LO));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		SC_SOL_IP, 4, 0));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		SC_SOL_IPV6, 0, (uint8_t)(range_at - n - 1)));
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG2_LO));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
		SC_NF_OPT_FIRST, 0, (uint8_t)(range_at - n - 1)));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K,
		SC_NF6_OPT_LAST, (uint8_t)(range_at - n - 1),
		(uint8_t)(notify_at - n - 1)));
	/* SOL_IP: netfilter's span, then IPVS's */
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG2_LO));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
		SC_NF_OPT_FIRST, 0, (uint8_t)(range_at - n - 1)));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K,
		SC_NF_OPT_LAST, 0, (uint8_t)(notify_at - n - 1)));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
		UNL_WIRE_IPVS_OPT_FIRST, 0, (uint8_t)(range_at - n - 1)));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K,
		UNL_WIRE_IPVS_OPT_LAST, (uint8_t)(range_at - n - 1),
		(uint8_t)(notify_at - n - 1)));
	/* socket_at */
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		SC_ARG0_LO));
	put(p, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		AF_NETLINK, 0, 1));
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_USER_NOTIF));
	put(p, &n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW));
	/* range_at */
	put_in_range(p, &n, SC_ARG0_LO, base);
	/* epctl_at: an epoll set that watches one of our sockets for no
	 * EPOLLIN, or edge-triggered, has its waits served (poll.c) */
	put_in_range(p, &n, SC_ARG2_LO, base);
	if (native)
		put_sendto(p, &n, base);
	return n;
}

static int send_fds(int chan, int listener, int conn, int base)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} cm;
	int fds[2] = { listener, conn };
	struct iovec v = { &base, sizeof(base) };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
			    .msg_control = cm.buf,
			    .msg_controllen = sizeof(cm.buf) };

	memset(&cm, 0, sizeof(cm));
	cm.h.cmsg_level = SOL_SOCKET;
	cm.h.cmsg_type = SCM_RIGHTS;
	cm.h.cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(&cm.h), fds, sizeof(fds));
	if (sendmsg(chan, &m, MSG_NOSIGNAL) < 0)
		return -errno;
	return 0;
}

int unl_sc_own_range_base(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -errno;
	return unl_sc_range_base(rl.rlim_cur);
}

int unl_sc_install_listener(const struct sock_fprog *prog,
			    unsigned int flags)
{
	int listener;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	listener = (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER,
				SECCOMP_FILTER_FLAG_NEW_LISTENER | flags, prog);
	if (listener < 0 && errno == EINVAL && flags)
		listener = (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER,
					SECCOMP_FILTER_FLAG_NEW_LISTENER, prog);
	return listener < 0 ? -errno : listener;
}

int unl_sc_child_install(int conn, int chan)
{
	struct sock_filter insns[PROG_LEN];
	struct sock_fprog prog;
	int base = unl_sc_own_range_base(), listener, err;

	if (base < 0)
		return base;
	prog.len = (unsigned short)build(insns, base, unl_sc_native_send());
	prog.filter = insns;
	/* Once the supervisor has a call, only a fatal signal ends the
	 * wait for its answer, as a call in the kernel completes before
	 * the signal is handled: a bind or a request the daemon ran is
	 * never run again at a restart.  A call that sleeps (a receive
	 * that waits for data) is interrupted by the supervisor instead
	 * (supervise.c, "Signals").  Linux 5.19; without it, answers lost
	 * to a signal are kept for the restart. */
	listener = unl_sc_install_listener(
		&prog, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
	if (listener < 0)
		return listener;
	err = send_fds(chan, listener, conn, base);
	close(listener);
	return err;
}

int unl_sc_parent_receive(int chan, int *listener, int *conn, int *base)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} cm;
	int fds[2];
	struct iovec v = { base, sizeof(*base) };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
			    .msg_control = cm.buf,
			    .msg_controllen = sizeof(cm.buf) };
	struct cmsghdr *h;
	ssize_t n;

	do
		n = recvmsg(chan, &m, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	h = CMSG_FIRSTHDR(&m);
	if (!h || h->cmsg_type != SCM_RIGHTS ||
	    h->cmsg_len != CMSG_LEN(sizeof(fds))) {
		/* The child failed before it could send them (it says why). */
		return n == (ssize_t)sizeof(*base) ? -EPROTO : -ECHILD;
	}
	memcpy(fds, CMSG_DATA(h), sizeof(fds));
	if (n != (ssize_t)sizeof(*base)) {
		close(fds[0]);
		close(fds[1]);
		return -EPROTO;
	}
	*listener = fds[0];
	*conn = fds[1];
	return 0;
}
