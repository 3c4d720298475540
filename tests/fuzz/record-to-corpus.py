#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Turn `unetlink record` files (docs/record.md) into fuzz-netlink programs.

record-to-corpus.py OUTDIR RECORDING...

Each recording becomes one program (tests/fuzz/fuzz_netlink.c): its
requests in order, each sent as recorded from a socket of its protocol
(REOPEN makes one when the harness's socket in that slot speaks another)
and followed by two RECVs, so that dumps are read in parts.  Requests
too large for the harness (8 KiB) are left out, and a program stops
before the harness's 256 steps or 4 KiB (what comes first in a program
reaches most of what it reaches; the corpus stays small).  The file
is named rec-RECORDING.
"""
import os
import struct
import sys

# fuzz_netlink.c's protocols[], in order
PROTOCOLS = [0, 16, 2, 10, 6, 12, 4, 9, 15, 11, 7]
NSOCK, MAX_SEND, MAX_STEPS, MAX_BYTES = 4, 8192, 256, 4096


def program(lines):
    slots = PROTOCOLS[:NSOCK]
    out, steps = b'', 0
    for line in lines:
        f = line.split()
        if len(f) != 7 or f[1] != 'req':
            continue
        proto, data = int(f[2]), bytes.fromhex(f[6])
        if proto not in PROTOCOLS or len(data) >= MAX_SEND:
            continue
        idx = PROTOCOLS.index(proto)
        slot = idx % NSOCK
        ops = b''
        if slots[slot] != proto:
            ops += bytes([5, slot + NSOCK * idx])
            slots[slot] = proto
        # flags 0: nlmsg_len as recorded (a batch holds several)
        ops += bytes([0, slot, 0, 0]) + struct.pack('=H', len(data)) + data
        ops += bytes([1, slot, 0, 1, slot, 0])
        k = 3 + (1 if ops[0] == 5 else 0)
        if steps + k > MAX_STEPS or len(out) + len(ops) > MAX_BYTES:
            break
        out += ops
        steps += k
    return out


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for path in sys.argv[2:]:
        with open(path) as f:
            lines = [l for l in f if not l.startswith('#')]
        p = program(lines)
        if p:
            name = os.path.basename(path)
            with open(os.path.join(outdir, 'rec-' + name), 'wb') as g:
                g.write(p)


if __name__ == '__main__':
    main()
