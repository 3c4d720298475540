#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# rtnetlink through the calls the pass-through recorder wraps besides
# send/recv: a dump of links asked with write() on a dup2() copy (at 50)
# of an fcntl(F_DUPFD_CLOEXEC) copy of a dup() of the socket, and read
# with read() on the F_DUPFD copy; then the same asked with sendmmsg() and read
# with recvmmsg() (through libc, as a C program calls them).  Prints the
# links each way, one name a line.
import ctypes
import fcntl
import os
import socket
import sys

# nlmsg.py: beside this file in a private copy, in ../rtnl-diff here
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [_here, os.path.join(_here, "..", "rtnl-diff")]
from nlmsg import getlink_dump, link_names  # noqa: E402

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
fd = fcntl.fcntl(os.dup(s.fileno()), fcntl.F_DUPFD_CLOEXEC, 0)
os.write(os.dup2(fd, 50), getlink_dump(1))
done = False
while not done:
    got, done = link_names(os.read(fd, 65536))
    for n in got:
        print("read", n)


class iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


class msghdr(ctypes.Structure):
    _fields_ = [("name", ctypes.c_void_p), ("namelen", ctypes.c_uint32),
                ("iov", ctypes.POINTER(iovec)), ("iovlen", ctypes.c_size_t),
                ("control", ctypes.c_void_p), ("controllen", ctypes.c_size_t),
                ("flags", ctypes.c_int)]


class mmsghdr(ctypes.Structure):
    _fields_ = [("hdr", msghdr), ("len", ctypes.c_uint)]


libc = ctypes.CDLL(None, use_errno=True)
req = ctypes.create_string_buffer(getlink_dump(2))
v = iovec(ctypes.cast(req, ctypes.c_void_p), len(req.raw))
m = mmsghdr(msghdr(None, 0, ctypes.pointer(v), 1, None, 0, 0), 0)
if libc.sendmmsg(s.fileno(), ctypes.byref(m), 1, 0) != 1:
    raise OSError(ctypes.get_errno(), "sendmmsg")
buf = ctypes.create_string_buffer(65536)
done = False
while not done:
    rv = iovec(ctypes.cast(buf, ctypes.c_void_p), 65536)
    rm = mmsghdr(msghdr(None, 0, ctypes.pointer(rv), 1, None, 0, 0), 0)
    if libc.recvmmsg(s.fileno(), ctypes.byref(rm), 1, 0, None) != 1:
        raise OSError(ctypes.get_errno(), "recvmmsg")
    got, done = link_names(buf.raw[:rm.len])
    for n in got:
        print("recvmmsg", n)
