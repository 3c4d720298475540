#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The "devlink" family's answers on a machine without devices: each
# command nlctrl lists, asked as a do and as a dump (where it has one),
# without a device, with a bus name only, and with a bus and a device
# name; a notification filter; then an administrator's command as uid
# 65534.  Prints one line per request: the command, how it was asked,
# and the answer (replies, errno name with ext-ack message, ack, done).
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nlmsg import attrs, genl_family, genl_talk, nla  # noqa: E402

SOL_NETLINK, NETLINK_CAP_ACK, NETLINK_EXT_ACK = 270, 10, 11
BUS, DEV, PORT = 1, 2, 3


def ops(sock, fam_name):
    """(cmd, flags) of each op of the family, from CTRL_CMD_GETFAMILY."""
    req = nla(2, fam_name.encode() + b"\0")
    sock.send(struct.pack("IHHII", 20 + len(req), 0x10, 1, 1, 0) +
              struct.pack("BBH", 3, 1, 0) + req)
    data = sock.recv(1 << 16)
    a = dict(attrs(data[20:]))
    out = []
    for _, op in attrs(a.get(6, b"")):
        o = dict(attrs(op))
        out.append((struct.unpack("I", o[1])[0],
                    struct.unpack("I", o[2])[0]))
    return out


def s(tp, v):
    return nla(tp, v.encode() + b"\0")


def main():
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    sock.bind((0, 0))
    fam, _ = genl_family(sock, "devlink")
    if fam is None:
        print("no devlink family")
        return
    handles = [("none", b""), ("bus", s(BUS, "pci")),
               ("bus-dev", s(BUS, "pci") + s(DEV, "0000:01:00.0"))]
    seq = 10
    for cmd, flags in ops(sock, "devlink"):
        for mode, bit, dump in (("do", 2, False), ("dump", 4, True)):
            if not flags & bit:
                continue
            for hname, h in handles:
                seq += 1
                print(cmd, mode, hname,
                      genl_talk(sock, fam, cmd, 1, h, seq, dump))
    seq += 1
    print("filter-port", genl_talk(sock, fam, 84, 1,
                                   struct.pack("HHI", 8, PORT, 1), seq))
    sys.stdout.flush()
    if os.fork() == 0:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
        print("-- uid 65534")
        for cmd in (1, 6, 84):
            seq += 1
            print(cmd, genl_talk(sock, fam, cmd, 1, handles[2][1], seq))
        sys.stdout.flush()
        os._exit(0)
    os.wait()


main()
