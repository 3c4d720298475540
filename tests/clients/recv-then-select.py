#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# recv-then-select.py [N]: N requests that each have exactly one answer
# (RTM_GETLINK of a missing index: one error), each answer received,
# then a select() with a zero timeout: it must find nothing, as nft's
# batch loop expects (it reads acknowledgements until such a select()
# finds none, and a receive then must not say EAGAIN).  Prints how many
# selects found the socket readable.
import socket, struct, select, sys
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
s.bind((0, 0))
bad = 0
N = int(sys.argv[1]) if len(sys.argv) > 1 else 300
for i in range(N):
    # RTM_GETLINK (18) of ifindex 999, no dump: one error (ENODEV)
    body = struct.pack("=BxHiII", 0, 0, 999, 0, 0)
    hdr = struct.pack("=IHHII", 16 + len(body), 18, 1, i + 1, 0)
    s.send(hdr + body)
    s.recv(65536)
    r, _, _ = select.select([s], [], [], 0)
    if r:
        bad += 1
print("stale readable after the only answer:", bad, "of", N)
