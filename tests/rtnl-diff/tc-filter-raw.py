#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Print, in hex, every message of a tc filter, chain or action dump:
# what tc does not print (flags, order, padding) compared byte for byte.
#   tc-filter-raw.py filter DEV PARENT [INFO]   RTM_GETTFILTER of DEV
#   tc-filter-raw.py block INDEX                RTM_GETTFILTER of a block
#   tc-filter-raw.py chain DEV PARENT           RTM_GETCHAIN
#   tc-filter-raw.py action KIND                RTM_GETACTION, large dump
# PARENT and INFO are hex.  An action's times (struct tcf_t, its
# attribute 1 of 32 bytes, or the kind's in an action's options) move
# with the clock: they print as zeros.
import socket
import struct
import sys

RTM_GETTFILTER, RTM_GETACTION, RTM_GETCHAIN = 46, 50, 102
NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
TCM_IFINDEX_MAGIC_BLOCK = 0xFFFFFFFF


def attrs(buf):
    """The (offset, type, length) of each attribute of buf, or None
    when buf is not a run of attributes."""
    out, off = [], 0
    while off < len(buf):
        if off + 4 > len(buf):
            return None
        length, typ = struct.unpack_from("=HH", buf, off)
        if length < 4 or off + length > len(buf):
            return None
        out.append((off, typ & 0x3FFF, length))
        off += (length + 3) & ~3
    return out if off == len(buf) else None


# the attribute of an action's struct tcf_t, by kind, where it is not 1
TM_TYPE = {b"police": 6, b"nat": 2, b"csum": 2, b"connmark": 2, b"ct": 2}


def mask_times(buf, start, end, depth=0, tm_type=1):
    """Zero every 32-byte attribute 1 (an action's struct tcf_t), or
    the kind's attribute of it within an action's options (2)."""
    found = attrs(bytes(buf[start:end]))
    if found is None or depth > 8:
        return
    kind = None
    for off, typ, length in found:
        if typ == 1 and length > 4:
            kind = bytes(buf[start + off + 4:start + off + length]).rstrip(b"\0")
        # a filter's old police attribute: police's options, its struct
        # tc_police first
        if typ == 1 and length == 60:
            tm_type = 6
    for off, typ, length in found:
        a = start + off
        if length == 36 and typ in (1, tm_type):
            buf[a + 4:a + 36] = bytes(32)
        elif length > 4:
            inner = TM_TYPE.get(kind, 1) if typ == 2 else 1
            mask_times(buf, a + 4, a + length, depth + 1, inner)


def tlv(typ, payload):
    a = struct.pack("=HH", 4 + len(payload), typ) + payload
    return a + bytes((4 - len(a) % 4) % 4)


def request(argv):
    what = argv[1]
    if what == "action":
        kind = tlv(1, argv[2].encode() + b"\0")
        flags = tlv(2, struct.pack("=II", 1, 1))  # TCA_ROOT_FLAGS: large
        return RTM_GETACTION, struct.pack("=Bxxx", 0) + tlv(1, tlv(1, kind)) + flags, 20
    if what == "block":
        ifindex, parent = TCM_IFINDEX_MAGIC_BLOCK, int(argv[2])
    else:
        ifindex, parent = socket.if_nametoindex(argv[2]), int(argv[3], 16)
    info = int(argv[4], 16) if len(argv) > 4 else 0
    typ = RTM_GETCHAIN if what == "chain" else RTM_GETTFILTER
    return typ, struct.pack("=BxxxiIII", 0, ifindex, 0, parent, info), 36


def main():
    typ, body, hdrlen = request(sys.argv)
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.bind((0, 0))
    s.send(struct.pack("=IHHII", 16 + len(body), typ,
                       NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + body)
    while True:
        data = s.recv(65536)
        off = 0
        while off < len(data):
            length, mtype, flags = struct.unpack_from("=IHH", data, off)
            msg = bytearray(data[off:off + length])
            off += (length + 3) & ~3
            if mtype == 3:  # NLMSG_DONE
                return
            if mtype == 2:
                print("error", struct.unpack_from("=i", msg, 16)[0])
                return
            msg[12:16] = b"\0\0\0\0"  # the requester's pid
            mask_times(msg, hdrlen, len(msg))
            print("type %d flags %#x" % (mtype, flags))
            print(" ", msg[16:].hex())


main()
