#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The "devlink" family's answers on a machine without devices: each
# command nlctrl lists, asked as a do and as a dump (where it has one),
# without a device, with a bus name only, and with a bus and a device
# name; a notification filter; then an administrator's command as uid
# 65534.  Prints one line per request: the command, how it was asked,
# and the answer (replies, errno name with ext-ack message, ack, done).
# With the argument "param-types": only PARAM_SET naming a device, with
# each kind of DEVLINK_ATTR_PARAM_TYPE value (checked from 6.16 on).
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nlmsg import (as_nobody, attrs, genl_family,  # noqa: E402
                   genl_family_attrs, genl_socket, genl_talk, nla)

CTRL_ATTR_OPS = 6
BUS, DEV, PORT = 1, 2, 3


def ops(sock, fam_name):
    """(cmd, flags) of each op of the family, from CTRL_CMD_GETFAMILY."""
    a = genl_family_attrs(sock, fam_name)
    out = []
    for _, op in attrs(a.get(CTRL_ATTR_OPS, b"")):
        o = dict(attrs(op))
        out.append((struct.unpack("I", o[1])[0],
                    struct.unpack("I", o[2])[0]))
    return out


def s(tp, v):
    return nla(tp, v.encode() + b"\0")


PARAM_SET, PARAM_NAME, PARAM_TYPE = 39, 81, 83


def param_types(sock, fam):
    """A type of each DEVLINK_VAR_ATTR_TYPE_* value and of the gaps."""
    h = s(BUS, "pci") + s(DEV, "0000:01:00.0") + s(PARAM_NAME, "x")
    for n, tp in enumerate((1, 6, 7, 9, 10, 11, 12, 0x80, 0x81, 255), 100):
        print("param-set type", tp,
              genl_talk(sock, fam, PARAM_SET, 1,
                        h + nla(PARAM_TYPE, bytes([tp])), n))


def main():
    sock = genl_socket()
    fam, _ = genl_family(sock, "devlink")
    if fam is None:
        print("no devlink family")
        return
    if sys.argv[1:] == ["param-types"]:
        param_types(sock, fam)
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

    def nobody():
        for n, cmd in enumerate((1, 6, 84), seq + 1):
            print(cmd, genl_talk(sock, fam, cmd, 1, handles[2][1], n))
    as_nobody(nobody)


main()
