#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# taprio requests tc of this distribution cannot make (per-class max SDU
# and frame preemption, single entries, bad TC entries), each a change
# of the taprio HANDLE on IFINDEX with a one-entry schedule on
# CLOCK_TAI: its errno and extended ACK message.
# Usage: tc-taprio-raw.py IFINDEX HANDLE(hex major)
import socket
import struct
import sys

RTM_NEWQDISC, NLM_F_REQUEST, NLM_F_ACK = 36, 1, 4
TCA_KIND, TCA_OPTIONS = 1, 2
LIST, BASE, SINGLE, CLOCKID, CYCLE, FLAGS, TC_ENTRY = 2, 3, 4, 5, 8, 10, 12
ENTRY, E_CMD, E_MASK, E_INTERVAL = 1, 2, 3, 4
TC_INDEX, TC_MAX_SDU, TC_FP = 1, 2, 3


def attr(typ, data):
    return struct.pack("=HH", 4 + len(data), typ) + data + \
        b"\0" * (-len(data) % 4)


def u32(typ, v):
    return attr(typ, struct.pack("=I", v))


def tc_entry(*pairs):
    return attr(TC_ENTRY | 0x8000, b"".join(u32(t, v) for t, v in pairs))


SCHED = attr(LIST, attr(ENTRY, attr(E_CMD, b"\0") + u32(E_MASK, 1) +
                        u32(E_INTERVAL, 50000))) + \
    attr(BASE, struct.pack("=q", 0)) + u32(CLOCKID, 11)


def change(s, ifindex, handle, extra, sched=SCHED):
    tcm = struct.pack("=BxxxiIII", 0, ifindex, handle << 16, 0xffffffff, 0)
    body = attr(TCA_KIND, b"taprio\0") + attr(TCA_OPTIONS, sched + extra)
    s.send(struct.pack("=IHHII", 16 + len(tcm) + len(body), RTM_NEWQDISC,
                       NLM_F_REQUEST | NLM_F_ACK, 1, 0) + tcm + body)
    data = s.recv(65536)
    err = struct.unpack_from("=i", data, 16)[0]
    ln = struct.unpack_from("=I", data, 20)[0]
    off = 20 + ((ln + 3) & ~3 if not struct.unpack_from("=H", data, 6)[0] &
                0x100 else 16)
    msg, end = "", struct.unpack_from("=I", data)[0]
    while off + 4 <= end:
        alen, typ = struct.unpack_from("=HH", data, off)
        if typ == 1:
            msg = data[off + 4:off + alen].rstrip(b"\0").decode()
        off += (alen + 3) & ~3
    print(err, msg)


def main():
    ifindex, handle = int(sys.argv[1]), int(sys.argv[2], 16)
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.setsockopt(270, 11, 1)  # NETLINK_EXT_ACK
    s.bind((0, 0))
    for extra in (
            tc_entry((TC_INDEX, 0), (TC_MAX_SDU, 1000)) +
            tc_entry((TC_INDEX, 1), (TC_MAX_SDU, 0)),
            tc_entry((TC_INDEX, 0)) + tc_entry((TC_INDEX, 0)),
            tc_entry((TC_INDEX, 16)),
            tc_entry((TC_INDEX, 17)),
            tc_entry((TC_MAX_SDU, 5)),
            tc_entry((TC_INDEX, 1), (TC_MAX_SDU, 70000)),
            tc_entry((TC_INDEX, 1), (4, 0)),
            attr(SINGLE, b""),
            attr(CYCLE, struct.pack("=q", -1)),
            u32(FLAGS, 4)):
        change(s, ifindex, handle, extra)
    # an attribute of the list that is not an entry is skipped
    change(s, ifindex, handle, b"", SCHED + attr(LIST, u32(2, 0) + attr(
        ENTRY, attr(E_CMD, b"\0") + u32(E_MASK, 3) + u32(E_INTERVAL, 60000))))
    # preemption is refused, but the class keeps it until told otherwise
    for extra in (tc_entry((TC_INDEX, 1), (TC_FP, 3)),
                  tc_entry((TC_INDEX, 1), (TC_FP, 2)),
                  b"",
                  tc_entry((TC_INDEX, 1), (TC_FP, 1))):
        change(s, ifindex, handle, extra)


main()
