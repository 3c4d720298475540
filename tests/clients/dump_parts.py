#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The parts of a recorded dump, for replay-serve.sh.

    dump_parts.py late REC OUT GAP_MS
        REC with its last route dump's parts made late: the k-th part
        (k from 1) and everything after it GAP_MS * k later than
        recorded.  Prints the parts' recorded gaps after the request,
        in microseconds, one a line.
    dump_parts.py read OUT
        Sends a dump request of IPv4 routes (one message, the datagram
        the replay serves as a dump) on a route socket of its own and
        writes to OUT, for each datagram of the answer, the microseconds
        since the send (CLOCK_MONOTONIC) and the datagram's length.
"""
import socket
import struct
import sys
import time

NLM_F_DUMP = 0x300
NLMSG_DONE = 3


def lines(path):
    with open(path) as f:
        return f.read().splitlines()


def fields(line):
    if line.startswith("#") or not line.strip():
        return None
    f = line.split()
    return {"usec": int(f[0]), "dir": f[1], "protocol": int(f[2]),
            "portid": int(f[4]), "bytes": bytes.fromhex(f[6])}


def last_dump(rows):
    """Index of the last route dump request, and its parts' indices."""
    req = None
    for i, r in enumerate(rows):
        if r and r["dir"] == "req" and r["protocol"] == 0:
            _, _, flags = struct.unpack_from("IHH", r["bytes"])
            if flags & NLM_F_DUMP == NLM_F_DUMP:
                req = i
    if req is None:
        raise SystemExit("no route dump request in the recording")
    parts, who = [], rows[req]["portid"]
    for i in range(req + 1, len(rows)):
        r = rows[i]
        if not r or r["protocol"] != 0 or r["portid"] != who:
            continue
        if r["dir"] == "req":
            break
        if r["dir"] == "rx":
            parts.append(i)
    return req, parts


def late(rec, out, gap_ms):
    text = lines(rec)
    rows = [fields(x) if n else None for n, x in enumerate(text)]
    req, parts = last_dump(rows)
    shift, k = 0, 0
    for i, x in enumerate(text):
        if i in parts:
            k += 1
            shift = k * gap_ms * 1000
        if rows[i] and shift:
            f = x.split()
            f[0] = str(int(f[0]) + shift)
            text[i] = " ".join(f)
    with open(out, "w") as f:
        f.write("\n".join(text) + "\n")
    t0 = int(text[req].split()[0])
    for i in parts:
        print(int(text[i].split()[0]) - t0)


def read(out):
    RTM_GETROUTE, NLM_F_REQUEST = 26, 1
    rtmsg = struct.pack("BBBBBBBBI", socket.AF_INET, 0, 0, 0, 0, 0, 0, 0, 0)
    req = struct.pack("IHHII", 16 + len(rtmsg), RTM_GETROUTE,
                      NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + rtmsg
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.bind((0, 0))
    got = []
    t0 = time.monotonic_ns()
    s.send(req)
    while True:
        d = s.recv(1 << 16)
        got.append(f"{(time.monotonic_ns() - t0) // 1000} {len(d)}\n")
        off = 0
        while off + 16 <= len(d):
            n, kind = struct.unpack_from("IH", d, off)
            if kind == NLMSG_DONE:
                with open(out, "w") as f:
                    f.writelines(got)
                return
            if n < 16:
                break
            off += (n + 3) & ~3


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "late":
        late(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif len(sys.argv) == 3 and sys.argv[1] == "read":
        read(sys.argv[2])
    else:
        raise SystemExit(__doc__)
