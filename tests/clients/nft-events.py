#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The nf_tables events of each command of a list, as raw messages:
#   nft-events.py FILE   (one shell command a line)
# A socket in NFNLGRP_NFTABLES is bound first; after each command has
# returned (nft waits for the acknowledgement, which comes after the
# commit's events), what it received is printed: each message's type
# and flags, and the rest in hex.  The generation messages (the pid and
# name of the process) are left out, as are each message's sequence
# number and port (nft's own) and the nfgenmsg's res_id (the
# generation).
import os, socket, struct, subprocess, sys

NETLINK_NETFILTER = 12
NFNLGRP_NFTABLES = 7
NFT_MSG_NEWGEN = 15
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
s.bind((0, 0))
s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, NFNLGRP_NFTABLES)
s.setblocking(False)

def drain():
    while True:
        try:
            data = s.recv(65536)
        except BlockingIOError:
            return
        off = 0
        while off + 16 <= len(data):
            length, mtype, flags, _seq, _pid = struct.unpack_from(
                "=IHHII", data, off)
            body = data[off + 16:off + length]
            off += (length + 3) & ~3
            if mtype & 0xff == NFT_MSG_NEWGEN:
                continue
            family, version = body[0], body[1]
            print("event type=0x%04x flags=0x%x family=%d version=%d %s"
                  % (mtype, flags, family, version, body[4:].hex()))

for cmd in open(sys.argv[1]).read().splitlines():
    print("$ " + cmd)
    sys.stdout.flush()
    rc = subprocess.call(cmd, shell=True, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    drain()
    print("-> %d" % rc)
