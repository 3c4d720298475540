#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The "netdev" generic netlink family as a program sees it (there is no
# packaged client): netdev-genl.py STEP... runs each step and prints what
# came back, devices by name, NAPI ids relative to the first one seen
# (their numbers are the machine's), errors as errno names with the
# extended ACK.  Steps:
#   dev [IFNAME]             DEV_GET dump, or do for one device
#   queue [IFNAME]           QUEUE_GET dump (of one device)
#   queue-get IFNAME rx|tx N QUEUE_GET do
#   napi [IFNAME]            NAPI_GET dump (of one device)
#   napi-get IFNAME|N        NAPI_GET do of the device's first NAPI, or id N
#   napi-set IFNAME ATTR=V.. NAPI_SET of the device's first NAPI
#   qstats [IFNAME] [queue]  QSTATS_GET dump
#   pp [N]                   PAGE_POOL_GET dump, or do for id N
#   bind-rx IFNAME           BIND_RX of queue rx 0 with fd 0
#   bind-tx IFNAME           BIND_TX with fd 0
#   raw CMD FLAGS HEX        any request (attributes in hex)
#   watch CMD                the "mgmt" group's notifications while the
#                            shell command CMD runs
import errno
import os
import select
import socket
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nlmsg import attrs, nla  # noqa: E402

GENL_ID_CTRL = 0x10
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, NETLINK_EXT_ACK = 270, 1, 11
CMD = {"dev": 1, "pp": 5, "queue": 10, "napi": 11, "qstats": 12,
       "bind-rx": 13, "napi-set": 14, "bind-tx": 15, "queue-get": 10}
CMD_NAMES = {1: "dev-get", 2: "dev-add-ntf", 3: "dev-del-ntf",
             4: "dev-change-ntf", 5: "page-pool-get", 10: "queue-get",
             11: "napi-get", 12: "qstats-get", 13: "bind-rx"}
NAPI_ATTRS = {"ifindex": 1, "id": 2, "irq": 3, "pid": 4, "defer": 5,
              "gro-flush": 6, "irq-suspend": 7, "threaded": 8}
napi_base = []


def num(v):
    return struct.unpack({1: "B", 2: "H", 4: "I", 8: "Q"}[len(v)], v)[0]


def ifname(i):
    try:
        return socket.if_indextoname(i)
    except OSError:
        return "if%d" % i


def napi_rel(n):
    if not napi_base:
        napi_base.append(n)
    return "napi+%d" % (n - napi_base[0])


def show_attr(cmd, tp, v):
    if tp == 1 and cmd in (1, 2, 3, 4):
        return "ifindex=" + ifname(num(v))
    if cmd == 10 and tp == 2:
        return "ifindex=" + ifname(num(v))
    if cmd == 10 and tp == 4:
        return "napi=" + napi_rel(num(v))
    if cmd == 11 and tp == 1:
        return "ifindex=" + ifname(num(v))
    if cmd == 11 and tp == 2:
        return "id=" + napi_rel(num(v))
    if cmd == 12 and tp == 1:
        return "ifindex=" + ifname(num(v))
    if len(v) in (1, 2, 4, 8):
        return "%d=%d" % (tp, num(v))
    return "%d=%s" % (tp, v.hex())


def show(body, prefix="  "):
    cmd = body[0]
    print(prefix + CMD_NAMES.get(cmd, str(cmd)) + " " +
          " ".join(show_attr(cmd, t, v) for t, v in attrs(body[4:])))


def error(body, flags, done=False):
    err = struct.unpack_from("i", body)[0]
    if not err:
        return 0, ""
    msg = ""
    if done:
        off = 4
    else:
        size = struct.unpack_from("I", body, 4)[0]
        off = 4 + (16 if flags & 0x100 else size)
    for tp, v in attrs(body[off:]):
        if tp == 1:
            msg += " msg=%r" % v.rstrip(b"\0").decode()
        elif tp == 2:
            msg += " at=%d" % num(v)
        elif tp == 5:
            msg += " missing=%d" % num(v)
    return err, msg


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.bind((0, 0))
        self.seq = 0
        self.fam, self.groups = self.resolve("netdev")

    def send(self, fam, cmd, flags, payload):
        self.seq += 1
        msg = struct.pack("BBH", cmd, 1, 0) + payload
        self.s.send(struct.pack("IHHII", 16 + len(msg), fam,
                                NLM_F_REQUEST | flags, self.seq, 0) + msg)

    def talk(self, fam, cmd, flags, payload=b""):
        """Answers of one request, then (errno, ext-ack text)."""
        self.send(fam, cmd, flags | NLM_F_ACK, payload)
        out = []
        while True:
            data = self.s.recv(1 << 16)
            while data:
                ln, tp, fl, _, _ = struct.unpack_from("IHHII", data)
                body = data[16:ln]
                data = data[(ln + 3) & ~3:]
                if tp == NLMSG_DONE:
                    return out, error(body, fl, True)
                if tp == NLMSG_ERROR:
                    return out, error(body, fl)
                out.append(body)

    def resolve(self, name):
        b = name.encode() + b"\0"
        out, (err, _) = self.talk(GENL_ID_CTRL, 3, 0, nla(2, b))
        if err:
            sys.exit("no %s family: %s" % (name, errno.errorcode[-err]))
        a = dict(attrs(out[0][4:]))
        groups = {}
        for _, g in attrs(a.get(7, b"")):
            ga = dict(attrs(g))
            groups[ga[1].rstrip(b"\0").decode()] = num(ga[2])
        return num(a[1]), groups


def u32(tp, v):
    return nla(tp, struct.pack("I", v))


def ifindex(name):
    """A device's index; "ifN" names index N, which may not exist."""
    if name.startswith("if") and name[2:].isdigit():
        return int(name[2:])
    return socket.if_nametoindex(name)


def first_napi(g, name):
    out, _ = g.talk(g.fam, 11, NLM_F_DUMP, u32(1, ifindex(name)))
    for body in out:
        a = dict(attrs(body[4:]))
        return num(a[2])
    return 0


def report(out, res):
    for body in out:
        show(body)
    err, msg = res
    print("  -> %s%s" % (errno.errorcode.get(-err, err) if err else "ok",
                         msg))


def step(g, args):
    what = args.pop(0)
    print(what, " ".join(args))
    cmd = CMD.get(what)
    if what in ("dev", "queue", "napi") and args:
        report(*g.talk(g.fam, cmd, 0 if what == "dev" else NLM_F_DUMP,
                       u32(1 if what != "queue" else 2, ifindex(args[0]))))
    elif what in ("dev", "queue", "napi", "pp"):
        if args:
            report(*g.talk(g.fam, cmd, 0, u32(1, int(args[0]))))
        else:
            report(*g.talk(g.fam, cmd, NLM_F_DUMP))
    elif what == "queue-get":
        qt = {"rx": 0, "tx": 1}.get(args[1], None)
        qt = int(args[1]) if qt is None else qt
        report(*g.talk(g.fam, cmd, 0, u32(2, ifindex(args[0])) +
                       u32(3, qt) + u32(1, int(args[2]))))
    elif what == "napi-get":
        n = int(args[0]) if args[0].isdigit() else first_napi(g, args[0])
        report(*g.talk(g.fam, 11, 0, u32(2, n)))
    elif what == "napi-set":
        n = int(args[0]) if args[0].isdigit() else first_napi(g, args[0])
        p = u32(2, n)
        for kv in args[1:]:
            k, v = kv.split("=")
            fmt = "Q" if k in ("gro-flush", "irq-suspend") else "I"
            p += nla(NAPI_ATTRS[k], struct.pack(fmt, int(v, 0)))
        report(*g.talk(g.fam, cmd, 0, p))
    elif what == "qstats":
        p = u32(1, ifindex(args[0])) if args else b""
        if len(args) > 1:
            p += nla(4, struct.pack("I", 1))
        report(*g.talk(g.fam, cmd, NLM_F_DUMP, p))
    elif what == "bind-rx":
        q = nla(2 | 0x8000, u32(1, 0) + u32(3, 0))
        report(*g.talk(g.fam, cmd, 0, u32(1, ifindex(args[0])) +
                       u32(3, 0) + q))
    elif what == "bind-tx":
        report(*g.talk(g.fam, cmd, 0, u32(1, ifindex(args[0])) +
                       u32(3, 0)))
    elif what == "raw":
        report(*g.talk(g.fam, int(args[0]), int(args[1], 0),
                       bytes.fromhex(args[2]) if len(args) > 2 else b""))
    elif what == "watch":
        watch(g, args[0])
    else:
        sys.exit("unknown step " + what)


def watch(g, cmd):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
    s.bind((0, 0))
    s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, g.groups["mgmt"])
    subprocess.run(cmd, shell=True, check=False)
    while select.select([s], [], [], 0.2)[0]:
        data = s.recv(1 << 16)
        while data:
            ln, tp = struct.unpack_from("IH", data)
            if tp == g.fam:
                show(data[16:ln])
            data = data[(ln + 3) & ~3:]
    s.close()


def main():
    g = Genl()
    args = sys.argv[1:]
    while args:
        n = args.index("--") if "--" in args else len(args)
        step(g, args[:n])
        args = args[n + 1:]


main()
