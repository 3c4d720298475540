#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# SIOCETHTOOL's read-only answers that ethtool itself asks by netlink:
# ethtool-ioctls.py DEV... prints, for each device, GET_TS_INFO,
# GCOALESCE, GCHANNELS and GSTRINGS/GSTATS of the statistics set (with
# room for all, for one entry less and one more), their fields in order or the
# errno name.
import ctypes
import errno
import fcntl
import socket
import struct
import sys

SIOCETHTOOL = 0x8946
GET_TS_INFO, GCOALESCE, GCHANNELS = 0x41, 0x0E, 0x3C
GSSET_INFO, GSTRINGS, GSTATS = 0x37, 0x1B, 0x1D
ETH_SS_STATS = 1


def ethtool(sock, dev, data):
    buf = ctypes.create_string_buffer(data, len(data))
    ifr = struct.pack("16sP16x", dev.encode(), ctypes.addressof(buf))
    try:
        fcntl.ioctl(sock, SIOCETHTOOL, ifr)
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno)), None
    return None, buf.raw


def words(sock, dev, cmd, n, fmt="I"):
    err, raw = ethtool(sock, dev, struct.pack("I", cmd) + b"\0" * 4 * (n - 1))
    if err:
        return err
    return " ".join(str(x) for x in struct.unpack_from(fmt * n, raw))


def stats(sock, dev):
    err, raw = ethtool(sock, dev, struct.pack("IIQI", GSSET_INFO, 0,
                                              1 << ETH_SS_STATS, 0))
    if err:
        return [err]
    n = struct.unpack_from("I", raw, 16)[0] if raw[8] else 0
    out = ["count %d" % n]
    for room in (n, max(n - 1, 0), n + 1):
        err, raw = ethtool(sock, dev, struct.pack("III", GSTRINGS,
                                                  ETH_SS_STATS, room) +
                           b"\xee" * 32 * room)
        if err:
            out.append("strings %s" % err)
        else:
            names = [raw[12 + 32 * i:44 + 32 * i].rstrip(b"\0").hex()
                     if raw[12 + 32 * i] == 0xEE else
                     raw[12 + 32 * i:44 + 32 * i].rstrip(b"\0").decode()
                     for i in range(room)]
            names = [("untouched" if n == "ee" * 32 else n) for n in names]
            out.append("strings len %d: %s" % (
                struct.unpack_from("I", raw, 8)[0], " ".join(names)))
        err, raw = ethtool(sock, dev, struct.pack("II", GSTATS, room) +
                           b"\xee" * 8 * room)
        if err:
            out.append("stats %s" % err)
        else:
            out.append("stats n %d: %s" % (
                struct.unpack_from("I", raw, 4)[0],
                " ".join(str(x) for x in
                         struct.unpack_from("Q" * room, raw, 8))))
    return out


def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for dev in sys.argv[1:]:
        print("==", dev)
        print("tsinfo", words(sock, dev, GET_TS_INFO, 12, "i"))
        print("coalesce", words(sock, dev, GCOALESCE, 23))
        print("channels", words(sock, dev, GCHANNELS, 9))
        for line in stats(sock, dev):
            print(line)


main()
