#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# A generic netlink family as nlctrl describes it: genl-family.py NAME...
# prints, per family, CTRL_CMD_GETFAMILY's version, header size,
# maxattr, commands with their flags and the multicast groups' names
# (ids left out: they follow the boot's registration order), then the
# CTRL_CMD_GETPOLICY dump: every policy's attributes with their
# NL_POLICY_TYPE_ATTR_* and each command's do/dump policy indexes.
# Errors print as errno names.
import errno
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nlmsg import attrs  # noqa: E402

GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY = 3, 10
A_FAMILY_ID, A_FAMILY_NAME, A_VERSION, A_HDRSIZE, A_MAXATTR = 1, 2, 3, 4, 5
A_OPS, A_MCAST_GROUPS, A_POLICY, A_OP_POLICY, A_OP = 6, 7, 8, 9, 10
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
POLICY_TYPES = ["unspec", "type", "min_s", "max_s", "min_u", "max_u",
                "min_len", "max_len", "policy_idx", "policy_maxtype",
                "bitfield32_mask", "pad", "mask"]


def put_str(tp, s):
    b = s.encode() + b"\0"
    a = struct.pack("HH", 4 + len(b), tp) + b
    return a + b"\0" * ((4 - len(a) % 4) % 4)


def request(sock, seq, cmd, flags, payload):
    msg = struct.pack("BBH", cmd, 1, 0) + payload
    sock.send(struct.pack("IHHII", 16 + len(msg), GENL_ID_CTRL,
                          NLM_F_REQUEST | flags, seq, 0) + msg)
    msgs = []
    while True:
        data = sock.recv(1 << 16)
        while data:
            ln, tp, fl, sq, _ = struct.unpack_from("IHHII", data)
            body = data[16:ln]
            data = data[(ln + 3) & ~3:]
            if tp == NLMSG_DONE:
                return msgs, 0
            if tp == NLMSG_ERROR:
                err = struct.unpack_from("i", body)[0]
                if err or not flags & NLM_F_DUMP:
                    return msgs, err
                continue
            msgs.append(body[4:])
            if not flags & NLM_F_DUMP:
                return msgs, 0


def num(v):
    if len(v) == 1:
        return struct.unpack("B", v)[0]
    if len(v) == 2:
        return struct.unpack("H", v)[0]
    if len(v) == 4:
        return struct.unpack("I", v)[0]
    return struct.unpack("Q", v)[0]


def family(sock, name):
    msgs, err = request(sock, 1, CTRL_CMD_GETFAMILY, 0,
                        put_str(A_FAMILY_NAME, name))
    if err:
        print(name, errno.errorcode.get(-err, err))
        return
    a = dict(attrs(msgs[0]))
    print("family %s version %d hdrsize %d maxattr %d" % (
        name, num(a[A_VERSION]), num(a[A_HDRSIZE]), num(a[A_MAXATTR])))
    for _, op in attrs(a.get(A_OPS, b"")):
        o = dict(attrs(op))
        print("  op %d flags 0x%x" % (num(o[1]), num(o[2])))
    for _, g in attrs(a.get(A_MCAST_GROUPS, b"")):
        print("  group %s" % dict(attrs(g))[1].rstrip(b"\0").decode())
    msgs, err = request(sock, 2, CTRL_CMD_GETPOLICY, NLM_F_DUMP,
                        put_str(A_FAMILY_NAME, name))
    if err:
        print("  policy", errno.errorcode.get(-err, err))
    for m in msgs:
        for tp, v in attrs(m):
            if tp == A_POLICY:
                for pidx, p in attrs(v):
                    for aidx, at in attrs(p):
                        desc = " ".join("%s=%d" % (POLICY_TYPES[t], num(x))
                                        for t, x in attrs(at))
                        print("  policy %d attr %d %s" % (pidx, aidx, desc))
            elif tp == A_OP_POLICY:
                for cmd, p in attrs(v):
                    desc = " ".join("%s=%d" % ({1: "do", 2: "dump"}[t],
                                               num(x))
                                    for t, x in attrs(p))
                    print("  op-policy %d %s" % (cmd, desc))


def main():
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
    sock.bind((0, 0))
    for name in sys.argv[1:]:
        family(sock, name)


main()
