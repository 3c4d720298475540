#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# ipset's IPSET_CMD_GET_BYNAME and IPSET_CMD_GET_BYINDEX, which the
# ipset tool never sends, asked with family NFPROTO_IPV6: each request on
# a line with its answer's attributes (type, then the bytes in hex) and
# the ack or error (a line each: the differential side sorts lines).
# Each argument is one request:
#   ipset-get.py 'byname PROTOCOL NAME' | 'byindex PROTOCOL INDEX'...
import socket
import struct
import sys


def attr(t, data):
    a = struct.pack("HH", 4 + len(data), t) + data
    return a + b"\0" * (-len(a) % 4)


def ask(s, seq, cmd, proto, arg):
    body = attr(1, bytes([int(proto)]))
    if cmd == "byname":
        msg = 14
        body += attr(2, arg.encode() + b"\0")
    else:
        msg = 15
        body += attr(11 | 0x4000, struct.pack(">H", int(arg)))
    hdr = struct.pack("IHHII", 20 + len(body), 6 << 8 | msg, 5, seq, 0)
    s.send(hdr + struct.pack("BBH", 10, 0, 0) + body)
    # the answer, if any, then the ack or the error
    words = []
    while True:
        r = s.recv(8192)
        off = 0
        while off < len(r):
            ln, ty = struct.unpack_from("IH", r, off)
            if ty == 2:
                words.append("error %d" % struct.unpack_from("i", r,
                                                            off + 16)[0])
                return " ".join(words)
            words.append("type %s family %d" % (hex(ty), r[off + 16]))
            p = off + 20
            while p < off + ln:
                al, at = struct.unpack_from("HH", r, p)
                words.append("attr %s %s" % (hex(at), r[p + 4:p + al].hex()))
                p += (al + 3) & ~3
            off += (ln + 3) & ~3


s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)
for seq, spec in enumerate(sys.argv[1:], 1):
    print(spec + ":", ask(s, seq, *spec.split()))
