#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The NET_DM (drop monitor) family's answers with no drop seen: the
# configuration and statistics, starting and stopping software and
# hardware monitoring (twice, and a configuration while monitoring),
# bad alert modes and attributes, the "events" group joined; then, as
# uid 65534, the same.  Prints one line per request: its name and the
# errno name with the ext-ack message ("ack" and the message for a
# success with a warning), or the reply's command and attributes.
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nlmsg import (as_nobody, genl_family, genl_socket,  # noqa: E402
                   genl_talk, join, nla, u32)

CONFIG, START, STOP, CONFIG_GET, STATS_GET = 2, 3, 4, 6, 8
A_ALERT_MODE, A_TRUNC_LEN, A_QUEUE_LEN = 1, 9, 11
A_SW_DROPS, A_HW_DROPS = 20, 21


def u8(tp, v):
    return nla(tp, struct.pack("B", v))


def cases(sock, fam):
    sw, hw = nla(A_SW_DROPS, b""), nla(A_HW_DROPS, b"")
    reqs = [
        ("config-get", CONFIG_GET, b""),
        ("stats-get", STATS_GET, b""),
        ("stop-idle", STOP, b""),
        ("start", START, b""),
        ("start-again", START, sw),
        ("config-busy", CONFIG, u32(A_TRUNC_LEN, 1)),
        ("stop", STOP, b""),
        ("stop-again", STOP, sw),
        ("config", CONFIG, u8(A_ALERT_MODE, 1) + u32(A_TRUNC_LEN, 100) +
         u32(A_QUEUE_LEN, 10)),
        ("config-get", CONFIG_GET, b""),
        ("config-bad-mode", CONFIG, u8(A_ALERT_MODE, 2)),
        ("config-mode-u32", CONFIG, u32(A_ALERT_MODE, 0)),
        ("config-unknown", CONFIG, u32(30, 1)),
        ("config-pc", CONFIG, nla(2, struct.pack("Q", 1))),
        ("config-back", CONFIG, u8(A_ALERT_MODE, 0) + u32(A_TRUNC_LEN, 0) +
         u32(A_QUEUE_LEN, 1000)),
        ("start-hw", START, hw),
        ("start-hw-again", START, hw),
        ("start-both", START, sw + hw),
        ("stats-get", STATS_GET, b""),
        ("stop-both", STOP, sw + hw),
        ("stop-hw-again", STOP, hw),
        ("cmd-alert", 1, b""),
        ("cmd-unknown", 12, b""),
    ]
    for seq, (name, cmd, payload) in enumerate(reqs, 10):
        print(name, genl_talk(sock, fam, cmd, 2, payload, seq))


def main():
    sock = genl_socket()
    fam, groups = genl_family(sock, "NET_DM")
    grp = groups.get("events")
    if fam is None:
        print("no NET_DM family")
        return
    print("group", grp, "join", join(sock, grp))
    cases(sock, fam)

    def nobody():
        other = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
        print("join", join(other, grp))
        cases(sock, fam)
    as_nobody(nobody)


main()
