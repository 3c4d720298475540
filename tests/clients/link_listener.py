#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# A listener that makes no request: an rtnetlink socket bound to
# RTNLGRP_LINK, which writes "ready" to the file named by its first
# argument once bound, then prints the type and name of each
# RTM_NEWLINK/RTM_DELLINK it hears until COUNT (second argument) came.
# A third argument: a receive buffer of that many bytes (SO_RCVBUFFORCE,
# root), for many notifications at once.
import socket
import struct
import sys

RTM_NEWLINK, RTM_DELLINK, IFLA_IFNAME = 16, 17, 3


def name_of(msg):
    off = 16 + 16  # nlmsghdr, ifinfomsg
    while off + 4 <= len(msg):
        alen, atype = struct.unpack_from("HH", msg, off)
        if alen < 4:
            break
        if atype & 0x3fff == IFLA_IFNAME:
            return msg[off + 4:off + alen].split(b"\0")[0].decode()
        off += (alen + 3) & ~3
    return "?"


s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
if len(sys.argv) > 3:
    s.setsockopt(socket.SOL_SOCKET, 33, int(sys.argv[3]))  # SO_RCVBUFFORCE
s.bind((0, 1))  # RTNLGRP_LINK
with open(sys.argv[1], "w") as f:
    f.write("ready\n")
want, seen = int(sys.argv[2]), 0
while seen < want:
    data = s.recv(65536)
    off = 0
    while off + 16 <= len(data):
        mlen, mtype = struct.unpack_from("IH", data, off)
        if mlen < 16:
            break
        if mtype in (RTM_NEWLINK, RTM_DELLINK):
            print("NEWLINK" if mtype == RTM_NEWLINK else "DELLINK",
                  name_of(data[off:off + mlen]), flush=True)
            seen += 1
        off += (mlen + 3) & ~3
