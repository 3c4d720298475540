#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctnetlink's sequence adjustments (CTA_SEQ_ADJ_ORIG/REPLY) and synproxy
# state (CTA_SYNPROXY), which conntrack(8) cannot send: entries made and
# changed with them, each request's errno, then the events a listener
# got and the table's dump, each message's attributes in hex but the
# ones that differ from run to run (CTA_ID, CTA_TIMEOUT).
#   ct-ext.py
import errno
import socket
import struct

NETLINK_NETFILTER, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP = 12, 270, 1
NFNLGRP_CONNTRACK_NEW, NFNLGRP_CONNTRACK_UPDATE = 1, 2
CT_NEW, CT_GET = 0, 1
F_REQUEST, F_ACK, F_EXCL, F_CREATE, F_DUMP = 1, 4, 0x200, 0x400, 0x300
CTA_TUPLE_ORIG, CTA_TUPLE_REPLY, CTA_STATUS, CTA_TIMEOUT = 1, 2, 3, 7
CTA_ID, CTA_SEQ_ADJ_ORIG, CTA_SEQ_ADJ_REPLY, CTA_SYNPROXY = 12, 15, 16, 24
NLA_F_NESTED = 0x8000


def attr(t, data):
    a = struct.pack("=HH", 4 + len(data), t) + data
    return a + b"\0" * (-len(a) % 4)


def nest(t, *parts):
    return attr(t | NLA_F_NESTED, b"".join(parts))


def be32(t, v):
    return attr(t, struct.pack("!I", v))


def tuple_(t, src, dst, sport, dport):
    ip = nest(1, attr(1, socket.inet_aton(src)), attr(2, socket.inet_aton(dst)))
    return nest(t, ip, nest(2, attr(1, bytes([6])),
                            attr(2, struct.pack("!H", sport)),
                            attr(3, struct.pack("!H", dport))))


def seqadj(t, *vals):
    return nest(t, *(be32(i + 1, v) for i, v in enumerate(vals)))


def synproxy(*vals):
    return nest(CTA_SYNPROXY, *(be32(i + 1, v) for i, v in enumerate(vals)))


def msg(kind, flags, body, seq):
    body = struct.pack("=BBH", socket.AF_INET, 0, 0) + body
    return struct.pack("=IHHII", 16 + len(body), 1 << 8 | kind, flags, seq,
                       0) + body


def attrs_of(data, off, end):
    out = []
    while off + 4 <= end:
        ln, t = struct.unpack_from("=HH", data, off)
        if ln < 4:
            break
        if t & 0x3fff not in (CTA_ID, CTA_TIMEOUT):
            out.append("%d:%s" % (t & 0x3fff, data[off + 4:off + ln].hex()))
        off += (ln + 3) & ~3
    return " ".join(out)


def messages(data):
    off = 0
    while off + 16 <= len(data):
        ln, t, f = struct.unpack_from("=IHH", data, off)
        yield t, f, data, off, ln
        off += (ln + 3) & ~3


req = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
req.bind((0, 0))
ev = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
ev.bind((0, 0))
for g in (NFNLGRP_CONNTRACK_NEW, NFNLGRP_CONNTRACK_UPDATE):
    ev.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, g)

ESTABLISHED = 4  # CTA_PROTOINFO is left out: the state does not matter
NEW = F_CREATE | F_EXCL
cases = [
    ("seqadj orig", NEW, 1, seqadj(CTA_SEQ_ADJ_ORIG, 100, 5, 7)),
    ("seqadj both", NEW, 2, seqadj(CTA_SEQ_ADJ_ORIG, 1, 2, 3) +
     seqadj(CTA_SEQ_ADJ_REPLY, 4, 5, 6)),
    ("seqadj missing after", NEW, 3, seqadj(CTA_SEQ_ADJ_ORIG, 1, 2)),
    ("seqadj empty", NEW, 4, nest(CTA_SEQ_ADJ_REPLY)),
    ("synproxy", NEW, 5, synproxy(0x1000, 0x2000, 0x3000)),
    ("synproxy short", NEW, 6, synproxy(1, 2)),
    ("plain", NEW, 7, b""),
    ("update seqadj reply", 0, 7, seqadj(CTA_SEQ_ADJ_REPLY, 9, 8, 7)),
    ("update seqadj missing", 0, 1, seqadj(CTA_SEQ_ADJ_REPLY, 9)),
    ("update synproxy", 0, 5, synproxy(7, 8, 9)),
    ("update synproxy short", 0, 7, synproxy(7)),
]
for seq, (what, flags, port, extra) in enumerate(cases, 1):
    body = (tuple_(CTA_TUPLE_ORIG, "10.0.0.1", "10.0.0.2", 1000 + port, 80) +
            tuple_(CTA_TUPLE_REPLY, "10.0.0.2", "10.0.0.1", 80, 1000 + port) +
            be32(CTA_TIMEOUT, 600) + extra)
    req.send(msg(CT_NEW, F_REQUEST | F_ACK | flags, body, seq))
    err = -struct.unpack_from("=i", req.recv(65536), 16)[0]
    print("%s: %s" % (what, errno.errorcode.get(err, str(err)) if err else 0))

ev.setblocking(False)
events = []
while True:
    try:
        data = ev.recv(65536)
    except BlockingIOError:
        break
    for t, f, d, off, ln in messages(data):
        events.append("event 0x%x flags 0x%x %s" %
                      (t, f, attrs_of(d, off + 20, off + ln)))
print("\n".join(events))

req.send(msg(CT_GET, F_REQUEST | F_DUMP, b"", 99))
dump = []
done = False
while not done:
    for t, f, d, off, ln in messages(req.recv(65536)):
        if t == 3:
            done = True
            break
        dump.append(attrs_of(d, off + 20, off + ln))
print("\n".join(sorted(dump)))
