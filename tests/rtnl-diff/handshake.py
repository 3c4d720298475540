#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The "handshake" family's answers with no handshake pending: ACCEPT
# with and without a handler class, DONE naming no descriptor, a closed
# one, a file's and a socket's, out-of-range values; the groups joined;
# then the same as uid 65534.  Prints one line per request: its name and
# the errno name with the ext-ack message, or "ack".
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nlmsg import (as_nobody, genl_family, genl_socket,  # noqa: E402
                   genl_talk, join, u32)

ACCEPT, DONE = 2, 3
A_HANDLER_CLASS = 2
A_STATUS, A_SOCKFD, A_REMOTE_AUTH = 1, 2, 3


def cases(sock, fam):
    null = os.open("/dev/null", os.O_RDONLY)
    other = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    reqs = [
        ("accept", ACCEPT, b""),
        ("accept-tlshd", ACCEPT, u32(A_HANDLER_CLASS, 1)),
        ("accept-none", ACCEPT, u32(A_HANDLER_CLASS, 0)),
        ("accept-class-3", ACCEPT, u32(A_HANDLER_CLASS, 3)),
        ("accept-unknown-attr", ACCEPT, u32(A_HANDLER_CLASS, 1) + u32(9, 1)),
        ("done", DONE, b""),
        ("done-status-only", DONE, u32(A_STATUS, 0)),
        ("done-closed-fd", DONE, u32(A_SOCKFD, 999)),
        ("done-devnull", DONE, u32(A_SOCKFD, null)),
        ("done-socket", DONE, u32(A_SOCKFD, other.fileno())),
        ("done-status-big", DONE, u32(A_STATUS, 5000) +
         u32(A_SOCKFD, other.fileno())),
        ("done-remote-auth", DONE, u32(A_SOCKFD, other.fileno()) +
         u32(A_REMOTE_AUTH, 7)),
        ("cmd-ready", 1, b""),
        ("cmd-unknown", 7, b""),
    ]
    for seq, (name, cmd, payload) in enumerate(reqs, 10):
        print(name, genl_talk(sock, fam, cmd, 1, payload, seq))
    other.close()
    os.close(null)


def main():
    sock = genl_socket()
    fam, groups = genl_family(sock, "handshake")
    if fam is None:
        print("no handshake family")
        return
    for name in sorted(groups):
        print("join", name, join(sock, groups[name]))
    cases(sock, fam)

    def nobody():
        mine = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
        for name in sorted(groups):
            print("join", name, join(mine, groups[name]))
        cases(sock, fam)
    as_nobody(nobody)


main()
