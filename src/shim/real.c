// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The functions underneath the shim, looked up once with dlsym(RTLD_NEXT)
 * so that any other preloaded library and libc itself still see every
 * call that is not for a netlink socket.
 */
#include <dlfcn.h>

#include "shim/shim.h"

struct shim_real shim_real;
atomic_bool shim_real_ready;

#define RESOLVE(field, name) \
	(*(void **)&shim_real.field = dlsym(RTLD_NEXT, name))

/*
 * Idempotent: two threads racing here store the same pointers.  dlsym()
 * itself calls none of the functions we interpose.
 */
void shim_real_init(void)
{
	RESOLVE(socket, "socket");
	RESOLVE(socketpair, "socketpair");
	RESOLVE(bind, "bind");
	RESOLVE(connect, "connect");
	RESOLVE(listen, "listen");
	RESOLVE(accept, "accept");
	RESOLVE(accept4, "accept4");
	RESOLVE(shutdown, "shutdown");
	RESOLVE(getsockname, "getsockname");
	RESOLVE(getpeername, "getpeername");
	RESOLVE(send, "send");
	RESOLVE(sendto, "sendto");
	RESOLVE(sendmsg, "sendmsg");
	RESOLVE(sendmmsg, "sendmmsg");
	RESOLVE(recv, "recv");
	RESOLVE(recvfrom, "recvfrom");
	RESOLVE(recvmsg, "recvmsg");
	RESOLVE(recvmmsg, "recvmmsg");
	RESOLVE(read, "read");
	RESOLVE(write, "write");
	RESOLVE(readv, "readv");
	RESOLVE(writev, "writev");
	RESOLVE(setsockopt, "setsockopt");
	RESOLVE(getsockopt, "getsockopt");
	RESOLVE(close, "close");
	RESOLVE(close_range, "close_range");
	RESOLVE(closefrom, "closefrom");
	RESOLVE(dup, "dup");
	RESOLVE(dup2, "dup2");
	RESOLVE(dup3, "dup3");
	RESOLVE(fcntl, "fcntl");
	RESOLVE(fcntl64, "fcntl64");
	RESOLVE(ioctl, "ioctl");
	RESOLVE(recv_chk, "__recv_chk");
	RESOLVE(recvfrom_chk, "__recvfrom_chk");
	RESOLVE(read_chk, "__read_chk");
	RESOLVE(setuid, "setuid");
	RESOLVE(seteuid, "seteuid");
	RESOLVE(setreuid, "setreuid");
	RESOLVE(setresuid, "setresuid");
	RESOLVE(setgid, "setgid");
	RESOLVE(setegid, "setegid");
	RESOLVE(setregid, "setregid");
	RESOLVE(setresgid, "setresgid");
	RESOLVE(setgroups, "setgroups");
	RESOLVE(capset, "capset");
	RESOLVE(splice, "splice");
	RESOLVE(sendfile, "sendfile");
	RESOLVE(sendfile64, "sendfile64");
	RESOLVE(poll, "poll");
	RESOLVE(ppoll, "ppoll");
	RESOLVE(select, "select");
	RESOLVE(pselect, "pselect");
	RESOLVE(epoll_ctl, "epoll_ctl");
	RESOLVE(epoll_wait, "epoll_wait");
	RESOLVE(epoll_pwait, "epoll_pwait");
	RESOLVE(epoll_pwait2, "epoll_pwait2");
	RESOLVE(unshare, "unshare");
	RESOLVE(setns, "setns");
	RESOLVE(clone, "clone");
	RESOLVE(syscall, "syscall");
	RESOLVE(pthread_create, "pthread_create");
	RESOLVE(posix_spawn, "posix_spawn");
	RESOLVE(posix_spawnp, "posix_spawnp");
	RESOLVE(mount, "mount");
	RESOLVE(umount, "umount");
	RESOLVE(umount2, "umount2");
	RESOLVE(open, "open");
	RESOLVE(open64, "open64");
	RESOLVE(openat, "openat");
	RESOLVE(openat64, "openat64");
	RESOLVE(fopen, "fopen");
	RESOLVE(fopen64, "fopen64");
	RESOLVE(mkdir, "mkdir");
	RESOLVE(mkdirat, "mkdirat");
	RESOLVE(unlink, "unlink");
	RESOLVE(unlinkat, "unlinkat");
	RESOLVE(rmdir, "rmdir");
	RESOLVE(opendir, "opendir");
	RESOLVE(access, "access");
	RESOLVE(faccessat, "faccessat");
	RESOLVE(readlink, "readlink");
	RESOLVE(readlinkat, "readlinkat");
	RESOLVE(inotify_add_watch, "inotify_add_watch");
	RESOLVE(getxattr, "getxattr");
	RESOLVE(lgetxattr, "lgetxattr");
	RESOLVE(listxattr, "listxattr");
	RESOLVE(llistxattr, "llistxattr");
	/* Since glibc 2.33 these are functions; before, only the __x*
	 * wrappers were (netns.c then makes the system calls). */
	RESOLVE(fstat, "fstat");
	RESOLVE(fstatat, "fstatat");
	RESOLVE(statx, "statx");
	RESOLVE(execve, "execve");
	RESOLVE(execv, "execv");
	RESOLVE(execvp, "execvp");
	RESOLVE(execvpe, "execvpe");
	RESOLVE(fexecve, "fexecve");
	/* Older C libraries lack fcntl64: the plain one is the same call. */
	if (!shim_real.fcntl64)
		shim_real.fcntl64 = shim_real.fcntl;
	atomic_store_explicit(&shim_real_ready, true, memory_order_release);
}
