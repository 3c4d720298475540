#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# getsockopt(SOL_IP, SO_IP_SET) as libxt_set makes it, with the
# request's fields and length chosen on the command line; prints what
# came back or the errno.  Through libc (ctypes), so that the shim of
# `unetlink run` sees the call as it sees iptables'.  Each argument is
# one request (one process for them all: a sequence's time):
#   so-ip-set.py '[-6] OP VERSION LEN [NAME|INDEX]'...
# OP: version, byname, byindex, fname, or a number.
import ctypes
import ctypes.util
import socket
import struct
import sys

OPS = {"version": 0x100, "byname": 6, "byindex": 7, "fname": 8}
libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def request(args):
    family = socket.AF_INET
    if args and args[0] == "-6":
        family = socket.AF_INET6
        args = args[1:]
    op = OPS.get(args[0]) or int(args[0], 0)
    version, length = int(args[1]), int(args[2])
    arg = args[3] if len(args) > 3 else ""
    body = struct.pack("II", op, version)
    if op == OPS["fname"]:
        body += struct.pack("I", 0)
    if op == OPS["byindex"]:
        body += struct.pack("H", int(arg or "0")).ljust(32, b"\xaa")
    else:
        body += arg.encode().ljust(32, b"\0")
    buf = ctypes.create_string_buffer(body.ljust(max(length, 0) + 64, b"\0"))
    n = ctypes.c_int(length)
    s = socket.socket(family, socket.SOCK_RAW, socket.IPPROTO_RAW)
    r = libc.getsockopt(s.fileno(), 0, 83, buf, ctypes.byref(n))
    s.close()
    if r < 0:
        return "errno %d len %d" % (ctypes.get_errno(), n.value)
    out = buf.raw[: max(length, 0)]
    line = "len %d op %s version %d" % (
        n.value, hex(struct.unpack_from("I", out)[0]),
        struct.unpack_from("I", out, 4)[0])
    if op == OPS["fname"]:
        fam, idx = struct.unpack_from("IH", out, 8)
        line += " family %d index %d" % (fam, idx)
    elif op == OPS["byindex"]:
        line += " name %s tail %s" % (
            out[8:40].split(b"\0")[0].decode(errors="replace"),
            out[8:40].hex())
    elif op == OPS["byname"]:
        line += " index %d" % struct.unpack_from("H", out, 8)[0]
    return line


for spec in sys.argv[1:]:
    print(spec + ":", request(spec.split()))
