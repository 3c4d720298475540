#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# getsockopt(SOL_IP, SO_IP_SET) as libxt_set makes it, with the
# request's fields and length chosen on the command line; prints what
# came back or the errno.  Through libc (ctypes), so that the shim of
# `unetlink run` sees the call as it sees iptables'.
#   so-ip-set.py [-6] OP VERSION LEN [NAME|INDEX]
# OP: version, byname, byindex, fname, or a number.
import ctypes
import ctypes.util
import socket
import struct
import sys

OPS = {"version": 0x100, "byname": 6, "byindex": 7, "fname": 8}
args = sys.argv[1:]
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
libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
s = socket.socket(family, socket.SOCK_RAW, socket.IPPROTO_RAW)
r = libc.getsockopt(s.fileno(), 0, 83, buf, ctypes.byref(n))
if r < 0:
    print("errno", ctypes.get_errno(), "len", n.value)
    sys.exit(1)
out = buf.raw[: max(length, 0)]
print("len", n.value, "op", hex(struct.unpack_from("I", out)[0]),
      "version", struct.unpack_from("I", out, 4)[0], end="")
if op == OPS["fname"]:
    fam, idx = struct.unpack_from("IH", out, 8)
    print(" family", fam, "index", idx)
elif op == OPS["byindex"]:
    print(" name", out[8:40].split(b"\0")[0].decode(errors="replace"),
          "tail", out[8:40].hex())
elif op == OPS["byname"]:
    print(" index", struct.unpack_from("H", out, 8)[0])
else:
    print()
