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
import errno
import os
import socket
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nlmsg import ack, attrs, nla  # noqa: E402

GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME = 0x10, 3, 2
CTRL_ATTR_FAMILY_ID = 1
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
SOL_NETLINK, NETLINK_CAP_ACK, NETLINK_EXT_ACK = 270, 10, 11
CLONE_NEWPID, CLONE_NEWNS = 0x20000000, 0x20000
MS_REC, MS_PRIVATE, MNT_DETACH = 0x4000, 0x40000, 2
CMD_GET, CGROUP_CMD_GET = 1, 4
A_PID, A_TGID, A_REGISTER, A_DEREGISTER = 1, 2, 3, 4
A_FD = 1


def talk(sock, fam, cmd, payload, seq):
    msg = struct.pack("BBH", cmd, 1, 0) + payload
    sock.send(struct.pack("IHHII", 16 + len(msg), fam,
                          NLM_F_REQUEST | NLM_F_ACK, seq, 0) + msg)
    out = []
    while True:
        data = sock.recv(1 << 16)
        while data:
            ln, tp = struct.unpack_from("IH", data)
            if tp == NLMSG_ERROR:
                err, text = ack(data[:ln])
                if err:
                    out.append(errno.errorcode.get(-err, str(err)) +
                               (" " + text if text else ""))
                else:
                    out.append("ack")
                return " ".join(out)
            body = data[16:ln]
            out.append("cmd %d version %d %s" % (
                body[0], body[1],
                " ".join("%d:%s" % (t, v.hex()) for t, v in
                         attrs(body[4:]))))
            data = data[(ln + 3) & ~3:]


def family_id(sock):
    sock.send(struct.pack("IHHII", 16 + 4 + 16, GENL_ID_CTRL, NLM_F_REQUEST,
                          1, 0) + struct.pack("BBH", CTRL_CMD_GETFAMILY, 1, 0)
              + nla(CTRL_ATTR_FAMILY_NAME, b"TASKSTATS\0\0\0"))
    data = sock.recv(1 << 16)
    if struct.unpack_from("H", data, 4)[0] == NLMSG_ERROR:
        return None
    return struct.unpack("H", dict(attrs(data[20:]))[CTRL_ATTR_FAMILY_ID])[0]


def u32(tp, v):
    return nla(tp, struct.pack("I", v))


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
        print(name, talk(sock, fam, cmd, payload, seq))
    for fd in fds + [null]:
        os.close(fd)


def child(cgdirs):
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    sock.bind((0, 0))
    fam = family_id(sock)
    if fam is None:
        print("no TASKSTATS family")
        return
    cases(sock, fam, cgdirs)
    sys.stdout.flush()
    if os.fork() == 0:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
        print("-- uid 65534")
        cases(sock, fam, [])
        sys.stdout.flush()
        os._exit(0)
    os.wait()


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
