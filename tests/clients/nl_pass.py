#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# A netlink socket handed to another process with SCM_RIGHTS: this
# process opens an rtnetlink socket, asks for a dump of the links on it,
# starts a second program (itself, with "take"), sends it the socket
# over an AF_UNIX socket pair and closes its own copy.  The other process
# reads the dump's answers, asks for the dump again on the socket it
# was given, and prints the links of both, one name a line.
import array
import os
import socket
import struct
import subprocess
import sys

RTM_GETLINK, NLM_F_REQUEST, NLM_F_DUMP, NLMSG_DONE = 18, 1, 0x300, 3


def request(seq):
    body = struct.pack("BxHiII", 0, 0, 0, 0, 0)
    return struct.pack("IHHII", 16 + len(body), RTM_GETLINK,
                       NLM_F_REQUEST | NLM_F_DUMP, seq, 0) + body


def names(data):
    """The names in a datagram, and whether NLMSG_DONE ended it."""
    out, off = [], 0
    while off + 16 <= len(data):
        mlen, mtype = struct.unpack_from("IH", data, off)
        if mlen < 16:
            break
        if mtype == NLMSG_DONE:
            return out, True
        a = off + 32
        while a + 4 <= off + mlen:
            alen, atype = struct.unpack_from("HH", data, a)
            if alen < 4:
                break
            if atype == 3:
                out.append(data[a + 4:a + alen].split(b"\0")[0].decode())
            a += (alen + 3) & ~3
        off += (mlen + 3) & ~3
    return out, False


def dump(s, tag):
    done = False
    while not done:
        got, done = names(s.recv(65536))
        for n in got:
            print(tag, n, flush=True)


if len(sys.argv) > 1 and sys.argv[1] == "take":
    u = socket.socket(fileno=int(sys.argv[2]))
    msg, anc, _, _ = u.recvmsg(16, socket.CMSG_SPACE(4))
    fds = array.array("i")
    for level, kind, data in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(data[:4])
    s = socket.socket(fileno=fds[0])
    dump(s, "passed")
    s.send(request(2))
    dump(s, "again")
    sys.exit(0)

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
s.send(request(1))
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
child = subprocess.Popen([sys.executable, sys.argv[0], "take",
                          str(b.fileno())], pass_fds=[b.fileno()])
b.close()
a.sendmsg([b"nl"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                     array.array("i", [s.fileno()]))])
s.close()
sys.exit(child.wait())
