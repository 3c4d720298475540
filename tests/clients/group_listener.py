#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# A listener of an rtnetlink group above 32, which bind()'s bitmask
# cannot name: bound, it joins GROUP (first argument) with NETLINK_ADD_MEMBERSHIP,
# writes "ready" to the file named by the second once joined, then prints
# the type of each notification it hears (and its NETLINK_PKTINFO group
# when the third argument is "pktinfo") until COUNT (fourth) came.
import socket
import struct
import sys

SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, NETLINK_PKTINFO = 270, 1, 3
NAMES = {112: "NEWVLAN", 113: "DELVLAN", 120: "NEWTUNNEL", 121: "DELTUNNEL"}

group, ready, pktinfo, want = (int(sys.argv[1]), sys.argv[2],
                               sys.argv[3] == "pktinfo", int(sys.argv[4]))
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
s.bind((0, 0))  # a port id: Linux skips an unbound socket (port 0)
s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group)
if pktinfo:
    s.setsockopt(SOL_NETLINK, NETLINK_PKTINFO, 1)
with open(ready, "w") as f:
    f.write("ready\n")
seen = 0
while seen < want:
    data, anc, _, addr = s.recvmsg(65536, socket.CMSG_SPACE(4))
    info = ""
    for level, kind, cdata in anc:
        info += " cmsg %d/%d" % (level, kind)
        if level == SOL_NETLINK and kind == NETLINK_PKTINFO:
            info += " group %d" % struct.unpack("I", cdata[:4])[0]
    off = 0
    while off + 16 <= len(data):
        mlen, mtype = struct.unpack_from("IH", data, off)
        if mlen < 16:
            break
        print(NAMES.get(mtype, str(mtype)), "nl_groups %#x" % addr[1],
              info.strip(), flush=True)
        seen += 1
        off += (mlen + 3) & ~3
