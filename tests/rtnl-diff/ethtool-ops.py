#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Every command of the "ethtool" generic netlink family, asked about a
# device: ethtool-ops.py [-d] [-s] DEV... sends each command 1..50 as a
# do request whose header names DEV (with ETHTOOL_FLAG_STATS under -s),
# and prints the answer's attributes (nests indented, leaves in hex) or
# its errno name and extended-ACK message.  -d also dumps each command
# and prints which devices answered.  An argument @DEV:CMD[:FLAGS]:A=T:V,...
# sends one request with attributes (T: u8, u32, str, hex for raw
# bytes, nest:HEX for a nest); DEV/N names PHY N in the header too, DEV
# - sends no header.
import errno
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nlmsg import ack, attrs, nla  # noqa: E402

GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
SOL_NETLINK, NETLINK_CAP_ACK, NETLINK_EXT_ACK = 270, 10, 11
NLA_F_NESTED = 0x8000
NCMDS = 50
# the header's attribute: 2 in STATS_GET, 1 in the others
HEADER_AT = {32: 2}


def ename(err):
    return errno.errorcode.get(-err, str(err))


def request(sock, fam, cmd, flags, payload, seq):
    msg = struct.pack("BBH", cmd, 1, 0) + payload
    sock.send(struct.pack("IHHII", 16 + len(msg), fam,
                          NLM_F_REQUEST | flags, seq, 0) + msg)
    out = []
    while True:
        data = sock.recv(1 << 17)
        while data:
            ln, tp, _, _, _ = struct.unpack_from("IHHII", data)
            if tp == NLMSG_DONE:
                return out, 0, ""
            if tp == NLMSG_ERROR:
                err, msg = ack(data[:ln])
                if err or not flags & NLM_F_DUMP:
                    return out, err, msg
            else:
                out.append((data[16], data[20:ln]))
            data = data[(ln + 3) & ~3:]


def family_id(sock):
    name = b"ethtool\0"
    msgs, err, _ = request(sock, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK,
                           nla(2, name), 1)
    if err:
        return None
    return struct.unpack("H", dict(attrs(msgs[0][1]))[1][:2])[0]


def show(data, depth):
    for tp, v in attrs(data):
        nested = len(v) >= 4 and struct.unpack_from("H", v)[0] >= 4 and \
            sum((struct.unpack_from("H", v, o)[0] + 3) & ~3
                for o in offsets(v)) == len(v)
        if nested and tp != 2 or (depth and nested):
            print("%s%d:" % ("  " * depth, tp))
            show(v, depth + 1)
        else:
            print("%s%d %s" % ("  " * depth, tp, v.hex()))


def offsets(v):
    off = []
    o = 0
    while o + 4 <= len(v):
        ln = struct.unpack_from("H", v, o)[0]
        if ln < 4:
            return [0] * 99
        off.append(o)
        o += (ln + 3) & ~3
    return off if o == len(v) else [0] * 99


def header(cmd, dev, flags):
    dev, _, phy = (dev or "").partition("/")
    inner = nla(2, dev.encode() + b"\0") if dev else b""
    if phy:
        inner += nla(4, struct.pack("I", int(phy)))
    if flags:
        inner += nla(3, struct.pack("I", flags))
    return nla(HEADER_AT.get(cmd, 1) | NLA_F_NESTED, inner)


def one(sock, fam, spec, seq):
    dev, cmd, flags, rest = (spec[1:].split(":", 3) + ["", ""])[:4]
    cmd = int(cmd)
    body = header(cmd, dev, int(flags or 0)) if dev != "-" else b""
    for a in filter(None, rest.split(",")):
        at, _, tv = a.partition("=")
        tp, _, val = tv.partition(":")
        data = {"u8": lambda v: struct.pack("B", int(v)),
                "u32": lambda v: struct.pack("I", int(v)),
                "str": lambda v: v.encode() + b"\0",
                "hex": bytes.fromhex,
                "nest": bytes.fromhex}[tp](val)
        body += nla(int(at) | (NLA_F_NESTED if tp == "nest" else 0), data)
    msgs, err, msg = request(sock, fam, cmd, NLM_F_ACK, body, seq)
    print("== %s: %s %s" % (spec, ename(err) if err else "ok", msg))
    for rcmd, b in msgs:
        print("reply %d" % rcmd)
        show(b, 1)


def main():
    args = sys.argv[1:]
    dump = "-d" in args
    flags = 4 if "-s" in args else 0
    devs = [a for a in args if not a.startswith("-")]
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
    sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    sock.bind((0, 0))
    fam = family_id(sock)
    if fam is None:
        print("no ethtool family")
        return
    seq = 2
    for spec in [a for a in devs if a.startswith("@")]:
        seq += 1
        one(sock, fam, spec, seq)
    devs = [a for a in devs if not a.startswith("@")]
    for dev in devs:
        for cmd in range(1, NCMDS + 1):
            seq += 1
            msgs, err, msg = request(sock, fam, cmd, NLM_F_ACK,
                                     header(cmd, dev, flags), seq)
            print("== %s cmd %d: %s %s" % (dev, cmd, ename(err) if err
                                           else "ok", msg))
            for rcmd, body in msgs:
                print("reply %d" % rcmd)
                show(body, 1)
    if not dump:
        return
    for cmd in range(1, NCMDS + 1):
        seq += 1
        msgs, err, msg = request(sock, fam, cmd, NLM_F_DUMP,
                                 header(cmd, None, flags), seq)
        names = []
        for _, body in msgs:
            for tp, v in attrs(body):
                if tp == HEADER_AT.get(cmd, 1):
                    names += [x[:-1].decode() for t, x in attrs(v) if t == 2]
        print("== dump cmd %d: %s %s %s" % (cmd, ename(err) if err else "ok",
                                            msg, " ".join(names)))


main()
