#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The TASKSTATS family's answers, asked from a process in a pid
# namespace of its own (the kernel then sees no task but the asker, as
# the model sees none): TASKSTATS_CMD_GET by pid and tgid, the listener
# cpumasks, bad attributes, CGROUPSTATS_CMD_GET with no descriptor, a
# closed one, one of a file, one of an empty directory of a cgroup v1
# hierarchy and cgroup2's root (mounted in a mount namespace of its
# own); then the same as uid 65534.  Prints one line per
# request: its name and the errno name with the ext-ack message, or the
# reply's command and attributes.
import ctypes
import os
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nlmsg import (as_nobody, genl_family, genl_socket,  # noqa: E402
                   genl_talk, nla, u32)

CLONE_NEWPID, CLONE_NEWNS = 0x20000000, 0x20000
MS_REC, MS_PRIVATE, MNT_DETACH = 0x4000, 0x40000, 2
CMD_GET, CGROUP_CMD_GET = 1, 4
A_PID, A_TGID, A_REGISTER, A_DEREGISTER = 1, 2, 3, 4
A_FD = 1


def cgroup_v1_dir(libc, top):
    """A fresh, empty directory of a named cgroup v1 hierarchy mounted
    on top, in this process's own mount namespace; None if the kernel
    refuses."""
    if libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) < 0 or \
            libc.mount(b"cgroup", top.encode(), b"cgroup", 0,
                       b"none,name=unl-taskstats") < 0:
        return None
    d = os.path.join(top, "t%d" % os.getpid())
    try:
        os.mkdir(d)
    except OSError:
        return None
    return d


def cases(sock, fam, cgdirs):
    seq = 10
    null = os.open("/dev/null", os.O_RDONLY)
    reqs = [
        ("get", CMD_GET, b""),
        ("get-pid-2", CMD_GET, u32(A_PID, 2)),
        ("get-tgid-2", CMD_GET, u32(A_TGID, 2)),
        ("get-pid-0", CMD_GET, u32(A_PID, 0)),
        ("get-pid-short", CMD_GET, nla(A_PID, b"\2\0")),
        ("get-pid-long", CMD_GET, nla(A_PID, struct.pack("Q", 2))),
        ("get-unknown-attr", CMD_GET, u32(7, 2)),
        ("register-0", CMD_GET, nla(A_REGISTER, b"0\0")),
        ("register-empty", CMD_GET, nla(A_REGISTER, b"\0")),
        ("register-zero-len", CMD_GET, nla(A_REGISTER, b"")),
        ("register-junk", CMD_GET, nla(A_REGISTER, b"abc\0")),
        ("register-range", CMD_GET, nla(A_REGISTER, b"0-99999\0")),
        ("register-all", CMD_GET, nla(A_REGISTER, b"all\0")),
        ("register-last", CMD_GET, nla(A_REGISTER, b"0-N\0")),
        ("register-groups", CMD_GET, nla(A_REGISTER, b" 0-1:1/2 ,1\0")),
        ("register-bad-group", CMD_GET, nla(A_REGISTER, b"0-1:3/2\0")),
        ("register-backwards", CMD_GET, nla(A_REGISTER, b"1-0\0")),
        ("register-colon", CMD_GET, nla(A_REGISTER, b"0:1/2\0")),
        ("register-300", CMD_GET, nla(A_REGISTER, b"300\0")),
        ("register-no-nul", CMD_GET, nla(A_REGISTER, b"3000")),
        ("register-overflow", CMD_GET, nla(A_REGISTER, b"99999999999\0")),
        ("register-long", CMD_GET, nla(A_REGISTER, b"0," * 30000 + b"\0")),
        ("register-and-pid", CMD_GET,
         nla(A_REGISTER, b"0\0") + u32(A_PID, 2)),
        ("deregister-0", CMD_GET, nla(A_DEREGISTER, b"0\0")),
        ("cgroup-get", CGROUP_CMD_GET, b""),
        ("cgroup-closed-fd", CGROUP_CMD_GET, u32(A_FD, 999)),
        ("cgroup-devnull", CGROUP_CMD_GET, u32(A_FD, null)),
        ("cgroup-short", CGROUP_CMD_GET, nla(A_FD, b"\1\0")),
        ("cmd-new", 2, b""),
        ("cmd-unknown", 9, b""),
    ]
    fds = []
    for kind, d in cgdirs:
        fd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
        fds.append(fd)
        reqs.append(("cgroup-" + kind, CGROUP_CMD_GET, u32(A_FD, fd)))
    for name, cmd, payload in reqs:
        seq += 1
        print(name, genl_talk(sock, fam, cmd, 1, payload, seq))
    for fd in fds + [null]:
        os.close(fd)


def child(cgdirs):
    sock = genl_socket()
    fam, _ = genl_family(sock, "TASKSTATS")
    if fam is None:
        print("no TASKSTATS family")
        return
    cases(sock, fam, cgdirs)
    as_nobody(lambda: cases(sock, fam, []))


def main():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWPID | CLONE_NEWNS) < 0:
        print("unshare:", os.strerror(ctypes.get_errno()))
        return
    top = tempfile.mkdtemp()
    v1 = cgroup_v1_dir(libc, top)
    top2 = tempfile.mkdtemp()
    v2 = libc.mount(b"cgroup2", top2.encode(), b"cgroup2", 0, None) == 0
    cgdirs = ([("cgroup1-empty", v1)] if v1 else []) + \
        ([("cgroup2-root", top2)] if v2 else [])
    try:
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            child(cgdirs)
            sys.stdout.flush()
            os._exit(0)
        os.waitpid(pid, 0)
    finally:
        if v1:
            os.rmdir(v1)
        for t in (top, top2):
            libc.umount2(t.encode(), MNT_DETACH)
            os.rmdir(t)


main()
