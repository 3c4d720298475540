#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctnetlink's CTA_HELP naming a userspace helper (nfnetlink_cthelper's,
# made with `nfct add helper rpc inet tcp` and `... tns inet tcp`
# first), with and without CTA_HELP_INFO, its private data: entries
# made and changed, the errno of each request; with "dump", the
# entries' helpers and private data as ctnetlink dumps them.
#   ct-uhelp.py [dump]
import errno
import socket
import struct
import sys

NETLINK_NETFILTER = 12
NFNL_SUBSYS_CTNETLINK = 1
IPCTNL_MSG_CT_NEW, IPCTNL_MSG_CT_GET = 0, 1
F_REQUEST, F_ACK, F_EXCL, F_CREATE, F_DUMP = 1, 4, 0x200, 0x400, 0x300
CTA_TUPLE_ORIG, CTA_TUPLE_REPLY, CTA_HELP, CTA_TIMEOUT = 1, 2, 5, 7
CTA_TUPLE_IP, CTA_TUPLE_PROTO = 1, 2
CTA_PROTO_NUM, CTA_PROTO_SRC_PORT, CTA_PROTO_DST_PORT = 1, 2, 3
CTA_HELP_NAME, CTA_HELP_INFO = 1, 2
NESTED = 0x8000
V4, V6 = socket.AF_INET, socket.AF_INET6
TCP, UDP = socket.IPPROTO_TCP, socket.IPPROTO_UDP
NEW = F_CREATE | F_EXCL

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
s.bind((0, 0))
seq = 0


def attr(t, data):
    a = struct.pack("=HH", 4 + len(data), t) + data
    return a + b"\0" * (-len(a) % 4)


def nest(t, *parts):
    return attr(t | NESTED, b"".join(parts))


def attrs(data):
    off = 0
    while off + 4 <= len(data):
        ln, t = struct.unpack_from("=HH", data, off)
        if ln < 4:
            break
        yield t & 0x7fff, data[off + 4:off + ln]
        off += (ln + 3) & ~3


def tuple_(t, fam, src, dst, proto, sport, dport):
    v6 = fam == V6
    return nest(t, nest(CTA_TUPLE_IP,
                        attr(3 if v6 else 1, socket.inet_pton(fam, src)),
                        attr(4 if v6 else 2, socket.inet_pton(fam, dst))),
                nest(CTA_TUPLE_PROTO, attr(CTA_PROTO_NUM, bytes([proto])),
                     attr(CTA_PROTO_SRC_PORT, struct.pack("!H", sport)),
                     attr(CTA_PROTO_DST_PORT, struct.pack("!H", dport))))


def send(mtype, flags, fam, body):
    global seq
    seq += 1
    body = struct.pack("=BBH", fam, 0, 0) + body
    s.send(struct.pack("=IHHII", 16 + len(body),
                       NFNL_SUBSYS_CTNETLINK << 8 | mtype, flags, seq, 0) +
           body)


def request(flags, fam, proto, sport, helper, info=None):
    src, dst = ("10.0.0.1", "10.0.0.2") if fam == V4 else \
        ("2001:db8::1", "2001:db8::2")
    help_ = b""
    if helper is not None:
        parts = [attr(CTA_HELP_NAME, helper + b"\0")]
        if info is not None:
            parts.append(attr(CTA_HELP_INFO, info))
        help_ = nest(CTA_HELP, *parts)
    send(IPCTNL_MSG_CT_NEW, F_REQUEST | F_ACK | flags, fam,
         tuple_(CTA_TUPLE_ORIG, fam, src, dst, proto, sport, 111) +
         tuple_(CTA_TUPLE_REPLY, fam, dst, src, proto, 111, sport) + help_ +
         attr(CTA_TIMEOUT, struct.pack("!I", 600)))
    err = -struct.unpack_from("=i", s.recv(65536), 16)[0]
    return errno.errorcode.get(err, str(err)) if err else "0"


def dump():
    send(IPCTNL_MSG_CT_GET, F_REQUEST | F_DUMP, 0, b"")
    lines = []
    while True:
        data = s.recv(65536)
        off = 0
        while off + 16 <= len(data):
            ln, mt = struct.unpack_from("=IH", data, off)
            body = data[off + 20:off + ln]
            off += (ln + 3) & ~3
            if mt in (2, 3):
                print("\n".join(sorted(lines)))
                return
            sport, helper = 0, "no helper"
            for t, v in attrs(body):
                if t == CTA_TUPLE_ORIG:
                    for t2, v2 in attrs(v):
                        if t2 == CTA_TUPLE_PROTO:
                            for t3, v3 in attrs(v2):
                                if t3 == CTA_PROTO_SRC_PORT:
                                    sport = struct.unpack("!H", v3)[0]
                elif t == CTA_HELP:
                    helper = " ".join(
                        ("name %s" % v2.rstrip(b"\0").decode())
                        if t2 == CTA_HELP_NAME else
                        ("info %s" % v2.hex()) if t2 == CTA_HELP_INFO else
                        ("attr%d" % t2) for t2, v2 in attrs(v))
            lines.append("sport %d: %s" % (sport, helper))


if sys.argv[1:] == ["dump"]:
    dump()
    sys.exit(0)
for what, flags, fam, proto, sport, helper, info in [
    ("rpc", NEW, V4, TCP, 2000, b"rpc", None),
    ("rpc with 4 bytes of data", NEW, V4, TCP, 2001, b"rpc",
     b"\x01\x02\x03\x04"),
    ("rpc with 40 bytes of data", NEW, V4, TCP, 2002, b"rpc",
     bytes(range(1, 41))),
    ("rpc on udp", NEW, V4, UDP, 2003, b"rpc", None),
    ("rpc on tcp, IPv6", NEW, V6, TCP, 2003, b"rpc", None),
    ("tns", NEW, V4, TCP, 2004, b"tns", b"\xff"),
    ("no helper", NEW, V4, TCP, 2005, None, None),
    ("rpc again with data", 0, V4, TCP, 2000, b"rpc", b"\xaa\xbb"),
    ("rpc again without data", 0, V4, TCP, 2001, b"rpc", None),
    ("tns for rpc", 0, V4, TCP, 2000, b"tns", None),
    ("rpc for none", 0, V4, TCP, 2005, b"rpc", None),
    ("none for tns", 0, V4, TCP, 2004, b"", None),
    ("tns again after none", 0, V4, TCP, 2004, b"tns", None),
]:
    print("%s: %s" % (what, request(flags, fam, proto, sport, helper, info)))
dump()
