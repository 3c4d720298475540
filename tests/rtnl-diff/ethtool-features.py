#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# SIOCETHTOOL's view of a device's offloads: ethtool-features.py DEV
# [CMD...] runs each CMD in turn and prints its answer, errors as errno
# names.  CMD is gfeatures[:N] (N blocks of room), sfeatures:VALID:REQ
# (64-bit hex; sfeatures:V:R:bad says 1 block), a legacy get (gtxcsum, gsg, gtso, ggso, ggro, grxcsum,
# gflags) or set (stxcsum=0...), sflags=HEX.
import ctypes
import errno
import fcntl
import socket
import struct
import sys

SIOCETHTOOL = 0x8946
GFEATURES, SFEATURES = 0x3A, 0x3B
VALUE_CMDS = {
    "gtxcsum": 0x16, "stxcsum": 0x17, "grxcsum": 0x14, "srxcsum": 0x15,
    "gsg": 0x18, "ssg": 0x19, "gtso": 0x1E, "stso": 0x1F,
    "ggso": 0x23, "sgso": 0x24, "ggro": 0x2B, "sgro": 0x2C,
    "gflags": 0x25, "sflags": 0x26,
}


def ethtool(sock, dev, data):
    buf = ctypes.create_string_buffer(data, len(data))
    ifr = struct.pack("16sP16x", dev.encode(), ctypes.addressof(buf))
    try:
        r = fcntl.ioctl(sock, SIOCETHTOOL, ifr)
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno)), buf.raw
    return r, buf.raw


def run(sock, dev, cmd):
    name, _, arg = cmd.partition(":")
    if name == "gfeatures":
        n = int(arg or 2)
        err, raw = ethtool(sock, dev, struct.pack("II", GFEATURES, n) +
                           b"\0" * 16 * n)
        if isinstance(err, str):
            return err
        size = struct.unpack_from("I", raw, 4)[0]
        blocks = [" ".join("%08x" % w for w in
                           struct.unpack_from("4I", raw, 8 + 16 * i))
                  for i in range(min(n, 2))]
        return "size %d %s" % (size, " | ".join(blocks))
    if name == "sfeatures":
        parts = arg.split(":")
        v, r = int(parts[0], 16), int(parts[1], 16)
        size = 1 if parts[2:] == ["bad"] else 2
        data = struct.pack("II", SFEATURES, size) + struct.pack(
            "4I", v & 0xFFFFFFFF, r & 0xFFFFFFFF, v >> 32, r >> 32)
        err, _ = ethtool(sock, dev, data)
        return err if isinstance(err, str) else "ok"
    what, _, val = name.partition("=")
    err, raw = ethtool(sock, dev, struct.pack("II", VALUE_CMDS[what],
                                              int(val or "0", 16)))
    if isinstance(err, str):
        return err
    return "%x" % struct.unpack_from("I", raw, 4)[0]


def main():
    dev = sys.argv[1]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for cmd in sys.argv[2:]:
        print(cmd, run(sock, dev, cmd))


main()
