#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# ctnetlink's CTA_HELP, which conntrack(8) cannot send: entries made or
# changed with a helper's name, and the errno each request got.  What
# the entries then carry is what `conntrack -L` shows afterwards.
#   ct-help.py
import errno, socket, struct

NETLINK_NETFILTER = 12
NFNL_SUBSYS_CTNETLINK = 1
IPCTNL_MSG_CT_NEW = 0
F_REQUEST, F_ACK, F_EXCL, F_CREATE = 1, 4, 0x200, 0x400
CTA_TUPLE_ORIG, CTA_TUPLE_REPLY, CTA_HELP, CTA_TIMEOUT = 1, 2, 5, 7
CTA_TUPLE_IP, CTA_TUPLE_PROTO = 1, 2
CTA_IP_V4_SRC, CTA_IP_V4_DST, CTA_IP_V6_SRC, CTA_IP_V6_DST = 1, 2, 3, 4
CTA_PROTO_NUM, CTA_PROTO_SRC_PORT, CTA_PROTO_DST_PORT = 1, 2, 3
CTA_HELP_NAME = 1
NLA_F_NESTED = 0x8000

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
s.bind((0, 0))
seq = 0


def attr(t, data):
    a = struct.pack("=HH", 4 + len(data), t) + data
    return a + b"\0" * (-len(a) % 4)


def nest(t, *parts):
    return attr(t | NLA_F_NESTED, b"".join(parts))


def tuple_(t, fam, src, dst, proto, sport, dport):
    if fam == socket.AF_INET:
        ip = nest(CTA_TUPLE_IP,
                  attr(CTA_IP_V4_SRC, socket.inet_pton(fam, src)),
                  attr(CTA_IP_V4_DST, socket.inet_pton(fam, dst)))
    else:
        ip = nest(CTA_TUPLE_IP,
                  attr(CTA_IP_V6_SRC, socket.inet_pton(fam, src)),
                  attr(CTA_IP_V6_DST, socket.inet_pton(fam, dst)))
    return nest(t, ip, nest(CTA_TUPLE_PROTO,
                            attr(CTA_PROTO_NUM, bytes([proto])),
                            attr(CTA_PROTO_SRC_PORT, struct.pack("!H", sport)),
                            attr(CTA_PROTO_DST_PORT, struct.pack("!H", dport))))


def help_(name):
    if name is None:
        return b""
    return nest(CTA_HELP, attr(CTA_HELP_NAME, name + b"\0"))


def request(flags, fam, src, dst, proto, sport, dport, helper):
    global seq
    seq += 1
    body = struct.pack("=BBH", fam, 0, 0)
    body += tuple_(CTA_TUPLE_ORIG, fam, src, dst, proto, sport, dport)
    body += tuple_(CTA_TUPLE_REPLY, fam, dst, src, proto, dport, sport)
    body += help_(helper) + attr(CTA_TIMEOUT, struct.pack("!I", 600))
    hdr = struct.pack("=IHHII", 16 + len(body),
                      NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW,
                      F_REQUEST | F_ACK | flags, seq, 0)
    s.send(hdr + body)
    err = -struct.unpack_from("=i", s.recv(65536), 16)[0]
    return errno.errorcode.get(err, str(err)) if err else "0"


V4, V6 = socket.AF_INET, socket.AF_INET6
TCP, UDP = socket.IPPROTO_TCP, socket.IPPROTO_UDP
NEW = F_CREATE | F_EXCL
for what, flags, fam, src, dst, proto, sport, dport, helper in [
    ("ftp on tcp", NEW, V4, "10.0.0.1", "10.0.0.2", TCP, 1000, 21, b"ftp"),
    ("ftp on udp", NEW, V4, "10.0.0.1", "10.0.0.2", UDP, 1000, 21, b"ftp"),
    ("ftp on tcp, IPv6", NEW, V6, "2001:db8::1", "2001:db8::2", TCP, 1000,
     21, b"ftp"),
    ("irc on tcp, IPv6", NEW, V6, "2001:db8::1", "2001:db8::2", TCP, 1001,
     6667, b"irc"),
    ("irc on tcp", NEW, V4, "10.0.0.1", "10.0.0.2", TCP, 1001, 6667, b"irc"),
    ("tftp on udp", NEW, V4, "10.0.0.1", "10.0.0.2", UDP, 1002, 69, b"tftp"),
    ("sip on tcp", NEW, V4, "10.0.0.1", "10.0.0.2", TCP, 1003, 5060, b"sip"),
    ("Q.931 on tcp", NEW, V4, "10.0.0.1", "10.0.0.2", TCP, 1004, 1720,
     b"Q.931"),
    ("RAS on udp, IPv6", NEW, V6, "2001:db8::1", "2001:db8::2", UDP, 1005,
     1719, b"RAS"),
    ("pptp on tcp", NEW, V4, "10.0.0.1", "10.0.0.2", TCP, 1006, 1723,
     b"pptp"),
    ("no such helper", NEW, V4, "10.0.0.1", "10.0.0.2", TCP, 1007, 21,
     b"nosuch"),
    ("an empty name", NEW, V4, "10.0.0.1", "10.0.0.2", TCP, 1008, 21, b""),
    ("a name too long", NEW, V4, "10.0.0.1", "10.0.0.2", TCP, 1009, 21,
     b"x" * 16),
    ("no helper", NEW, V4, "10.0.0.1", "10.0.0.2", TCP, 1010, 21, None),
    ("ftp again", 0, V4, "10.0.0.1", "10.0.0.2", TCP, 1000, 21, b"ftp"),
    ("sip for ftp", 0, V4, "10.0.0.1", "10.0.0.2", TCP, 1000, 21, b"sip"),
    ("nosuch for ftp", 0, V4, "10.0.0.1", "10.0.0.2", TCP, 1000, 21,
     b"nosuch"),
    ("ftp for none", 0, V4, "10.0.0.1", "10.0.0.2", TCP, 1010, 21, b"ftp"),
    ("none for tftp", 0, V4, "10.0.0.1", "10.0.0.2", UDP, 1002, 69, b""),
    ("tftp again after none", 0, V4, "10.0.0.1", "10.0.0.2", UDP, 1002, 69,
     b"tftp"),
]:
    print("%s: %s" % (what, request(flags, fam, src, dst, proto, sport,
                                    dport, helper)))
