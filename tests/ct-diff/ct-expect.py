#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctnetlink's expectations on masters with the kernel's helpers (ftp,
# sip, tftp): made, made again, evicted past the helper's limit,
# refused (no master, no helper, a class past the helper's, an
# overlapping one, an unknown expectfn, bad NAT), changed, got, dumped
# (all, by family, by master), deleted (by tuple, by helper, all) and
# taken along with their master or its helper.  Each request's errno,
# then the events a listener got and the dumps, each message's
# attributes in hex but CTA_EXPECT_ID and CTA_EXPECT_TIMEOUT, which
# differ from run to run (the timeouts are printed rounded to tens);
# the events each step made follow it, sorted (a flush goes through the
# kernel's hash buckets in no fixed order).
#   ct-expect.py
import errno
import socket
import struct

NETLINK_NETFILTER, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP = 12, 270, 1
GRP_EXP_NEW, GRP_EXP_DESTROY = 4, 6
CT, EXP = 1, 2
CT_NEW, CT_DELETE = 0, 2
EXP_NEW, EXP_GET, EXP_DELETE = 0, 1, 2
F_REQ, F_ACK, F_REPLACE, F_EXCL, F_CREATE, F_DUMP = (1, 4, 0x100, 0x200,
                                                     0x400, 0x300)
CTA_TUPLE_ORIG, CTA_TUPLE_REPLY, CTA_HELP, CTA_TIMEOUT = 1, 2, 5, 7
E_MASTER, E_TUPLE, E_MASK, E_TIMEOUT, E_ID, E_HELP = 1, 2, 3, 4, 5, 6
E_FLAGS, E_CLASS, E_NAT, E_FN = 8, 9, 10, 11
NLA_F_NESTED = 0x8000
V4, V6 = socket.AF_INET, socket.AF_INET6
TCP, UDP = 6, 17


def attr(t, data):
    a = struct.pack("=HH", 4 + len(data), t) + data
    return a + b"\0" * (-len(a) % 4)


def nest(t, *parts):
    return attr(t | NLA_F_NESTED, b"".join(parts))


def be32(t, v):
    return attr(t, struct.pack("!I", v))


def tup(t, fam, src, dst, proto, sport, dport):
    a = 1 if fam == V4 else 3
    ip = nest(1, attr(a, socket.inet_pton(fam, src)),
              attr(a + 1, socket.inet_pton(fam, dst)))
    return nest(t, ip, nest(2, attr(1, bytes([proto])),
                            attr(2, struct.pack("!H", sport)),
                            attr(3, struct.pack("!H", dport))))


class Nl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                               NETLINK_NETFILTER)
        self.s.bind((0, 0))
        self.seq = 0

    def send(self, sub, kind, flags, fam, body):
        self.seq += 1
        body = struct.pack("=BBH", fam, 0, 0) + body
        self.s.send(struct.pack("=IHHII", 16 + len(body), sub << 8 | kind,
                                flags, self.seq, 0) + body)

    def ask(self, sub, kind, flags, fam, body):
        self.send(sub, kind, F_REQ | F_ACK | flags, fam, body)
        out = []
        while True:
            for t, f, d, off, ln in messages(self.s.recv(65536)):
                if t == 2:
                    err = -struct.unpack_from("=i", d, off + 16)[0]
                    out.append(errno.errorcode.get(err, str(err))
                               if err else "0")
                    return " ".join(out)
                out.append(describe(t, f, d, off, ln))

    def dump(self, sub, kind, fam, body=b""):
        self.send(sub, kind, F_REQ | F_DUMP, fam, body)
        out = []
        while True:
            for t, f, d, off, ln in messages(self.s.recv(65536)):
                if t in (2, 3):
                    return sorted(out)
                out.append(describe(t, f, d, off, ln))


def messages(data):
    off = 0
    while off + 16 <= len(data):
        ln, t, f = struct.unpack_from("=IHH", data, off)
        yield t, f, data, off, ln
        off += (ln + 3) & ~3


def describe(t, f, d, off, ln):
    out, a = ["0x%x/0x%x fam %d" % (t, f & ~0x300 if f & 2 else f, d[off + 16])], off + 20
    while a + 4 <= off + ln:
        al, at = struct.unpack_from("=HH", d, a)
        if al < 4:
            break
        at &= 0x3fff
        if at == E_TIMEOUT:
            out.append("timeout~%d" % ((struct.unpack_from("!I", d, a + 4)[0]
                                        + 5) // 10 * 10))
        elif at != E_ID:
            out.append("%d:%s" % (at, d[a + 4:a + al].hex()))
        a += (al + 3) & ~3
    return " ".join(out)


def master(nl, fam, src, dst, proto, sport, dport, helper):
    body = (tup(CTA_TUPLE_ORIG, fam, src, dst, proto, sport, dport) +
            tup(CTA_TUPLE_REPLY, fam, dst, src, proto, dport, sport) +
            be32(CTA_TIMEOUT, 600))
    if helper is not None:
        body += nest(CTA_HELP, attr(1, helper + b"\0"))
    return nl.ask(CT, CT_NEW, F_CREATE | F_EXCL, fam, body)


def expect(fam, m, t, mask=None, *extra):
    mask = mask or (fam, "255.255.255.255" if fam == V4 else "ffff::ffff",
                    "255.255.255.255" if fam == V4 else "ffff::ffff",
                    m[2], 0xffff, 0xffff)
    return (tup(E_MASTER, fam, *m[:5]) + tup(E_TUPLE, fam, *t) +
            tup(E_MASK, *mask) + b"".join(extra))


nl = Nl()
ev = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
ev.bind((0, 0))
for g in (GRP_EXP_NEW, GRP_EXP_DESTROY):
    ev.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, g)
ev.setblocking(False)


def say(what, result):
    """A step's result, then the events it made."""
    print("%s: %s" % (what, result))
    events = []
    while True:
        try:
            got = ev.recv(65536)
        except BlockingIOError:
            break
        events += [describe(*m) for m in messages(got)]
    for e in sorted(events):
        print("  event " + e)

FTP = ("10.0.0.1", "10.0.0.2", TCP, 1000, 21)
FTP2 = ("10.0.0.3", "10.0.0.2", TCP, 1001, 21)
SIP = ("10.0.0.1", "10.0.0.2", UDP, 5060, 5060)
NOHELP = ("10.0.0.1", "10.0.0.2", TCP, 1002, 80)
FTP6 = ("2001:db8::1", "2001:db8::2", TCP, 1000, 21)
for what, m, h in (("ftp", FTP, b"ftp"), ("ftp2", FTP2, b"ftp"),
                   ("sip", SIP, b"sip"), ("none", NOHELP, None)):
    print("master %s: %s" % (what, master(nl, V4, *m, h)))
print("master ftp6: %s" % master(nl, V6, *FTP6, b"ftp"))


def data(port, src="10.0.0.1"):
    return (src, "10.0.0.2", TCP, 0, port)


NEW = F_CREATE | F_EXCL
cases = [
    ("ftp data", NEW, V4, expect(V4, FTP, data(2000))),
    ("ftp data again", F_CREATE, V4, expect(V4, FTP, data(2000))),
    ("ftp data, exclusive", NEW, V4, expect(V4, FTP, data(2000))),
    ("ftp data, change timeout", 0, V4,
     expect(V4, FTP, data(2000), None, be32(E_TIMEOUT, 1000))),
    ("ftp, class 1", NEW, V4,
     expect(V4, FTP, data(2001), None, be32(E_CLASS, 1))),
    ("ftp, a second: the first goes", NEW, V4,
     expect(V4, FTP, data(2002), None, be32(E_FLAGS, 5))),
    ("ftp2 over ftp's", NEW, V4, expect(V4, FTP2, data(2002))),
    ("ftp2, any source", NEW, V4,
     expect(V4, FTP2, data(2003, "10.0.0.9"),
            (V4, "0.0.0.0", "255.255.255.255", TCP, 0, 0xffff))),
    ("no such master", NEW, V4,
     expect(V4, ("10.9.9.9", "10.0.0.2", TCP, 1, 21), data(2004))),
    ("no helper", NEW, V4, expect(V4, NOHELP, data(2005))),
    # kernels before the helper became required made a USERSPACE one
    # when the request had a timeout
    ("no helper, a timeout", NEW, V4,
     expect(V4, NOHELP, data(2005), None, be32(E_TIMEOUT, 100))),
    ("not made without create", 0, V4, expect(V4, FTP, data(2006))),
    ("unknown expectfn", NEW, V4,
     expect(V4, FTP, data(2007), None, attr(E_FN, b"nosuch\0"))),
    ("nat, dir 2", NEW, V4,
     expect(V4, FTP, data(2008), None,
            nest(E_NAT, be32(1, 2), tup(2, V4, "10.1.1.1", "0.0.0.0", TCP,
                                        3000, 0)))),
    ("nat without tuple", NEW, V4,
     expect(V4, FTP, data(2009), None, nest(E_NAT, be32(1, 1)))),
    ("nat", NEW, V4,
     expect(V4, FTP, data(2010), None,
            nest(E_NAT, be32(1, 1), tup(2, V4, "10.1.1.1", "0.0.0.0", TCP,
                                        3000, 0)))),
    ("sip audio 1", NEW, V4,
     expect(V4, SIP, ("10.0.0.1", "10.0.0.2", UDP, 0, 7000), None,
            be32(E_CLASS, 1))),
    ("sip audio 2", NEW, V4,
     expect(V4, SIP, ("10.0.0.1", "10.0.0.2", UDP, 0, 7001), None,
            be32(E_CLASS, 1))),
    ("sip audio 1 as video", NEW, V4,
     expect(V4, SIP, ("10.0.0.1", "10.0.0.2", UDP, 0, 7000), None,
            be32(E_CLASS, 2))),
    ("sip image", NEW, V4,
     expect(V4, SIP, ("10.0.0.1", "10.0.0.2", UDP, 0, 7002), None,
            be32(E_CLASS, 3))),
    ("sip class 4", NEW, V4,
     expect(V4, SIP, ("10.0.0.1", "10.0.0.2", UDP, 0, 7003), None,
            be32(E_CLASS, 4))),
    ("ftp6 data", NEW, V6,
     expect(V6, FTP6, ("2001:db8::1", "2001:db8::2", TCP, 0, 2000))),
]
for what, flags, fam, body in cases:
    say(what, nl.ask(EXP, EXP_NEW, flags, fam, body))

say("get by tuple", nl.ask(
    EXP, EXP_GET, 0, V4, tup(E_TUPLE, V4, "10.0.0.77", "10.0.0.2", TCP, 7,
                             2003)))
say("get, bad id", nl.ask(
    EXP, EXP_GET, 0, V4, tup(E_TUPLE, V4, "10.0.0.77", "10.0.0.2", TCP, 7,
                             2003) + be32(E_ID, 1)))
say("get nothing", nl.ask(EXP, EXP_GET, 0, V4, b""))
say("dump all", "\n  " + "\n  ".join(nl.dump(EXP, EXP_GET, 0)))
print("dump ipv6:\n  " + "\n  ".join(nl.dump(EXP, EXP_GET, V6)))
print("dump sip's:\n  " + "\n  ".join(
    nl.dump(EXP, EXP_GET, V4, tup(E_MASTER, V4, *SIP))))
say("delete by tuple", nl.ask(
    EXP, EXP_DELETE, 0, V4, tup(E_TUPLE, V4, "10.0.0.1", "10.0.0.2", TCP, 0,
                                2010)))
say("delete it again", nl.ask(
    EXP, EXP_DELETE, 0, V4, tup(E_TUPLE, V4, "10.0.0.1", "10.0.0.2", TCP, 0,
                                2010)))
say("delete sip's", nl.ask(EXP, EXP_DELETE, 0, V4,
                                  attr(E_HELP, b"sip\0")))
say("ftp takes its helper away", nl.ask(
    CT, CT_NEW, 0, V4, tup(CTA_TUPLE_ORIG, V4, *FTP) +
    nest(CTA_HELP, attr(1, b"\0"))))
say("ftp2 goes", nl.ask(CT, CT_DELETE, 0, V4,
                               tup(CTA_TUPLE_ORIG, V4, *FTP2)))
say("dump all", "\n  " + "\n  ".join(nl.dump(EXP, EXP_GET, 0)))
say("flush", nl.ask(EXP, EXP_DELETE, 0, 0, b""))
say("dump all", "\n  " + "\n  ".join(nl.dump(EXP, EXP_GET, 0)))

