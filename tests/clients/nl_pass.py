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
import subprocess
import sys

# nlmsg.py: beside this file in a private copy, in ../rtnl-diff here
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [_here, os.path.join(_here, "..", "rtnl-diff")]
from nlmsg import getlink_dump, link_names  # noqa: E402


def dump(s, tag):
    done = False
    while not done:
        got, done = link_names(s.recv(65536))
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
    s.send(getlink_dump(2))
    dump(s, "again")
    sys.exit(0)

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
s.send(getlink_dump(1))
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
child = subprocess.Popen([sys.executable, sys.argv[0], "take",
                          str(b.fileno())], pass_fds=[b.fileno()])
b.close()
a.sendmsg([b"nl"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                     array.array("i", [s.fileno()]))])
s.close()
sys.exit(child.wait())
