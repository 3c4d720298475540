#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Print, in hex, every message of an RTM_GETQDISC dump (or, with
# "class IFINDEX", an RTM_GETTCLASS dump of that device): what tc does
# not print (TCA_STATS, TCA_HW_OFFLOAD, padding) compared byte for byte.
# Handles the kernel draws (8000: to fffe:) lose their major number,
# and the message says which field had one.
import socket
import struct
import sys

RTM_GETQDISC, RTM_GETTCLASS = 38, 42
NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300


def main():
    kind, ifindex = RTM_GETQDISC, 0
    if len(sys.argv) > 2 and sys.argv[1] == "class":
        kind, ifindex = RTM_GETTCLASS, int(sys.argv[2])
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.bind((0, 0))
    tcm = struct.pack("=BxxxiIII", 0, ifindex, 0, 0, 0)
    s.send(struct.pack("=IHHII", 16 + len(tcm), kind,
                       NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + tcm)
    while True:
        data = s.recv(65536)
        off = 0
        while off < len(data):
            length, typ, flags = struct.unpack_from("=IHH", data, off)
            msg = bytearray(data[off:off + length])
            off += (length + 3) & ~3
            if typ == 3:  # NLMSG_DONE
                return
            if typ == 2:
                print("error", struct.unpack_from("=i", msg, 16)[0])
                return
            # the header's pid is the requester's, which differs
            msg[12:16] = b"\0\0\0\0"
            # tcmsg: family, pad, ifindex, handle, parent, info
            auto = []
            for name, at in (("handle", 24), ("parent", 28), ("info", 32)):
                v = struct.unpack_from("=I", msg, at)[0]
                if 0x8000 <= v >> 16 < 0xffff:
                    struct.pack_into("=I", msg, at, v & 0xffff)
                    auto.append(name)
            print("type %d flags %#x%s" % (typ, flags, "".join(
                " auto-" + a for a in auto)))
            print(" ", msg[16:].hex())


main()
