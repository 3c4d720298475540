# SPDX-License-Identifier: LGPL-2.1-or-later
# For capture.sh: three requests of known shape on raw netlink sockets,
# whose capture tshark must decode to the same fields.  Prints
# "route PORTID" and "genl PORTID" (the sockets' portids, which the
# answers are addressed to) and each request's answer.
import os
import socket
import struct

NLM_F_REQUEST, NLM_F_ACK, NLM_F_EXCL, NLM_F_CREATE = 1, 4, 0x200, 0x400
NLM_F_DUMP = 0x300
RTM_NEWLINK, RTM_GETLINK = 16, 18
IFLA_IFNAME, IFLA_LINKINFO, IFLA_INFO_KIND = 3, 18, 1
GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME = 16, 3, 2
NLMSG_ERROR, NLMSG_DONE = 2, 3


def attr(kind, payload):
    n = 4 + len(payload)
    return struct.pack("HH", n, kind) + payload + b"\0" * (-n % 4)


def msg(kind, flags, seq, body):
    return struct.pack("IHHII", 16 + len(body), kind, flags, seq, 0) + body


def answers(s, seq):
    """The answers to request seq: until its ACK, error or DONE."""
    out = []
    while True:
        data = s.recv(65536)
        off = 0
        while off + 16 <= len(data):
            n, kind, _, mseq, _ = struct.unpack_from("IHHII", data, off)
            if mseq == seq and kind == NLMSG_ERROR:
                err = struct.unpack_from("i", data, off + 16)[0]
                out.append("error %d" % err)
                return out
            if mseq == seq and kind == NLMSG_DONE:
                out.append("done")
                return out
            off += (n + 3) & ~3


def main():
    r = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    r.bind((0, 0))
    print("route", r.getsockname()[0])
    ifinfo = struct.pack("BxHiII", 0, 0, 0, 0, 0)
    body = ifinfo + attr(IFLA_IFNAME, b"capbr0\0") + \
        attr(IFLA_LINKINFO, attr(IFLA_INFO_KIND, b"bridge"))
    r.send(msg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
               NLM_F_EXCL, 4242, body))
    print("newlink", *answers(r, 4242))
    r.send(msg(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 4243, ifinfo))
    print("getlink", *answers(r, 4243))
    g = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
    g.bind((0, 0))
    print("genl", g.getsockname()[0])
    body = struct.pack("BBH", CTRL_CMD_GETFAMILY, 1, 0) + \
        attr(CTRL_ATTR_FAMILY_NAME, b"nlctrl\0")
    g.send(msg(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, 4244, body))
    print("getfamily", *answers(g, 4244))
    print("pid", os.getpid())


main()
