#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# dualpi2 (Linux 6.17) through raw RTM_NEWQDISC requests, since the
# tc of this distribution predates it: each request's answer (errno and
# extended ACK message), then the qdisc's dump decoded attribute by
# attribute.  Usage: tc-dualpi2.py IFINDEX.
import socket
import struct
import sys

RTM_NEWQDISC, RTM_GETQDISC, RTM_NEWTCLASS, RTM_GETTCLASS = 36, 38, 40, 42
NLM_F_REQUEST, NLM_F_ACK, NLM_F_EXCL, NLM_F_CREATE = 1, 4, 0x200, 0x400
NLM_F_DUMP = 0x300
NLA_F_NESTED = 0x8000
TCA_KIND, TCA_OPTIONS, TCA_STATS2, TCA_XSTATS = 1, 2, 7, 4
NAMES = ["", "limit", "memory_limit", "target", "tupdate", "alpha", "beta",
         "step_thresh_pkts", "step_thresh_us", "min_qlen_step", "coupling",
         "drop_overload", "drop_early", "c_protection", "ecn_mask",
         "split_gso"]
U8 = {"coupling", "drop_overload", "drop_early", "c_protection",
      "ecn_mask", "split_gso"}
XSTATS = ["prob", "delay_c", "delay_l", "packets_in_c", "packets_in_l",
          "maxq", "ecn_mark", "step_marks", "credit", "memory_used",
          "max_memory_used", "memory_limit"]


def attr(typ, data):
    return struct.pack("=HH", 4 + len(data), typ) + data + \
        b"\0" * (-len(data) % 4)


def opt(name, val):
    t = NAMES.index(name)
    return attr(t, struct.pack("=B" if name in U8 else "=I", val))


def attrs(data):
    while len(data) >= 4:
        ln, typ = struct.unpack_from("=HH", data)
        yield typ & 0x3fff, data[4:ln]
        data = data[(ln + 3) & ~3:]


def request(s, typ, flags, tcm, body=b""):
    s.send(struct.pack("=IHHII", 16 + len(tcm) + len(body), typ,
                       NLM_F_REQUEST | flags, 1, 0) + tcm + body)


def ack(s):
    data = s.recv(65536)
    err = struct.unpack_from("=i", data, 16)[0]
    msg = ""
    ln = struct.unpack_from("=I", data, 20)[0]
    flags = struct.unpack_from("=H", data, 6)[0]
    off = 20 + ((ln + 3) & ~3 if not flags & 0x100 else 16)
    for typ, val in attrs(data[off:struct.unpack_from("=I", data)[0]]):
        if typ == 1:
            msg = val.rstrip(b"\0").decode()
    return err, msg


def new(s, ifindex, flags, options, kind=b"dualpi2\0"):
    tcm = struct.pack("=BxxxiIII", 0, ifindex, 0x10000, 0xffffffff, 0)
    body = attr(TCA_KIND, kind)
    if options is not None:
        body += attr(TCA_OPTIONS | NLA_F_NESTED, options)
    request(s, RTM_NEWQDISC, NLM_F_ACK | flags, tcm, body)
    err, msg = ack(s)
    print("->", err, msg)


def dump(s, ifindex, kind):
    request(s, kind, NLM_F_DUMP, struct.pack("=BxxxiIII", 0, ifindex, 0,
                                             0, 0))
    while True:
        data = s.recv(65536)
        off = 0
        while off < len(data):
            ln, typ = struct.unpack_from("=IH", data, off)
            msg = data[off:off + ln]
            off += (ln + 3) & ~3
            if typ == 3:
                return
            _, idx, handle, parent, _ = struct.unpack_from("=BxxxiIII",
                                                          msg, 16)
            if idx != ifindex:
                continue
            out = ["%x:%x" % (handle >> 16, handle & 0xffff),
                   "parent %x:%x" % (parent >> 16, parent & 0xffff)]
            for t, val in attrs(msg[36:]):
                if t == TCA_KIND:
                    out.append(val.rstrip(b"\0").decode())
                elif t == TCA_OPTIONS:
                    for o, v in attrs(val):
                        out.append("%s %d" % (NAMES[o], v[0] if len(v) == 1
                                   else struct.unpack("=I", v)[0]))
                elif t == TCA_XSTATS:
                    vals = struct.unpack("=IIIIIIIIiIII", val)
                    out += ["%s %d" % kv for kv in zip(XSTATS, vals)]
                elif t == TCA_STATS2:
                    out.append("stats2 %s" % ",".join(str(k) for k, _ in
                                                       attrs(val)))
            print(" ".join(out))


def main():
    ifindex = int(sys.argv[1])
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.setsockopt(270, 11, 1)  # NETLINK_EXT_ACK
    s.bind((0, 0))
    create = NLM_F_CREATE | NLM_F_EXCL
    new(s, ifindex, create, None)
    dump(s, ifindex, RTM_GETQDISC)
    dump(s, ifindex, RTM_GETTCLASS)
    new(s, ifindex, 0, b"")
    new(s, ifindex, 0, opt("step_thresh_pkts", 5) + opt("step_thresh_us", 5))
    new(s, ifindex, 0, opt("limit", 0))
    new(s, ifindex, 0, opt("alpha", 0))
    new(s, ifindex, 0, opt("c_protection", 101))
    new(s, ifindex, 0, opt("ecn_mask", 0))
    new(s, ifindex, 0, opt("drop_early", 2))
    new(s, ifindex, 0, attr(17, b""))
    new(s, ifindex, 0, attr(16, b""))
    new(s, ifindex, 0, opt("limit", 100) + opt("target", 5000) +
        opt("tupdate", 1000) + opt("alpha", 1000) + opt("beta", 4000) +
        opt("step_thresh_pkts", 30) + opt("min_qlen_step", 2) +
        opt("coupling", 3) + opt("drop_overload", 0) +
        opt("drop_early", 1) + opt("c_protection", 40) +
        opt("ecn_mask", 3) + opt("split_gso", 0))
    dump(s, ifindex, RTM_GETQDISC)
    new(s, ifindex, 0, opt("memory_limit", 7) + opt("step_thresh_us", 2500))
    dump(s, ifindex, RTM_GETQDISC)


main()
