#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""What tshark decodes from a netlink capture, against the capture's bytes.

    tshark-fields.py PCAP

Reads PCAP (pcap or pcapng, LINKTYPE_NETLINK, 253) twice: here, record by record (the
16-byte cooked header nlmon writes, then netlink messages one after the
other, each nlmsg_len long rounded up to 4), and through one pass of
`tshark -T pdml`.  Then, for every frame:
  - tshark finds no malformed packet and no expert error (Wireshark 4.0's
    own layer-limit "dissector bug" on huge nested policy dumps is left
    out, as in rtnl-diff.sh);
  - the cooked header's ARPHRD (824) and protocol are the ones tshark
    shows;
  - every netlink message of the frame is decoded by tshark: length,
    type, flags, sequence and port id at that message's offset, with
    the values of its bytes; tshark decodes no header anywhere else but
    in an NLMSG_ERROR's echoed request;
  - every attribute tshark decodes (length and type) has the values of
    its bytes and lies on a chain of attributes that tiles its message
    or the attribute that holds it: from the first one tshark decodes,
    each next one starts where the last ends (rounded up to 4), tshark
    decodes each of them, and the chain ends where its container ends.
So a capture whose bytes tshark misreads, or whose messages are not the
well-formed ones a client sends, fails.  Prints each problem (at most 40)
and the number of frames checked; exit status 1 on a problem.
"""
import bisect
import os
import re
import struct
import subprocess
import sys

HEADER_FIELDS = {  # name: (offset in the message, struct format)
    "netlink.hdr_len": (0, "I"),
    "netlink.hdr_type": (4, "H"),
    "netlink.hdr_flags": (6, "H"),
    "netlink.hdr_seq": (8, "I"),
    "netlink.hdr_pid": (12, "I"),
}
ATTR_FIELDS = {"netlink.attr_len": 0, "netlink.attr_type": 2}
COOKED = 16
NLMSG_ERROR = 2
LAYER_LIMIT = "saved_layers_len < prefs.gui_max_tree_depth"


def align4(n):
    return (n + 3) & ~3


def read_pcapng(path, data):
    """The frames of a pcapng file whose interfaces are all
    LINKTYPE_NETLINK, in order: its blocks walked by their lengths (the
    same at both ends of each), every packet on an interface described
    before it."""
    order = "<" if data[8:12] == b"\x4d\x3c\x2b\x1a" else ">"
    frames, links, off = [], [], 0
    while off + 12 <= len(data):
        btype, blen = struct.unpack_from(order + "II", data, off)
        if blen < 12 or blen % 4 or off + blen > len(data) or \
                struct.unpack_from(order + "I", data, off + blen - 4)[0] \
                != blen:
            raise SystemExit(f"{path}: bad block length {blen} at {off}")
        if btype == 0x0A0D0D0A and data[off + 8:off + 12] not in (
                b"\x4d\x3c\x2b\x1a", b"\x1a\x2b\x3c\x4d"):
            raise SystemExit(f"{path}: bad section header at {off}")
        if btype == 1:
            links.append(struct.unpack_from(order + "H", data, off + 8)[0])
        elif btype == 6:
            ifid, _, _, incl, orig = struct.unpack_from(order + "5I", data,
                                                        off + 8)
            if ifid >= len(links):
                raise SystemExit(f"{path}: packet at {off} on interface "
                                 f"{ifid}, which no block describes")
            if links[ifid] != 253:
                raise SystemExit(f"{path}: interface {ifid}: link type "
                                 f"{links[ifid]}, not NETLINK (253)")
            if 28 + incl > blen - 4:
                raise SystemExit(f"{path}: packet of {incl} bytes in a "
                                 f"block of {blen} at {off}")
            frames.append((data[off + 28:off + 28 + incl], orig))
        off += blen
    if off != len(data):
        raise SystemExit(f"{path}: {len(data) - off} bytes after the "
                         "last block")
    return frames


def read_pcap(path):
    """The frames of a pcap or pcapng file of LINKTYPE_NETLINK, in
    order."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] == b"\x0a\x0d\x0d\x0a" and len(data) >= 28:
        return read_pcapng(path, data)
    if len(data) < 24:
        raise SystemExit(f"{path}: no pcap header")
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        end = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        end = ">"
    else:
        raise SystemExit(f"{path}: not a pcap file (mergecap -F pcap)")
    linktype = struct.unpack_from(end + "I", data, 20)[0]
    if linktype != 253:
        raise SystemExit(f"{path}: link type {linktype}, not NETLINK (253)")
    frames, off = [], 24
    while off + 16 <= len(data):
        incl, orig = struct.unpack_from(end + "II", data, off + 8)
        frames.append((data[off + 16:off + 16 + incl], orig))
        off += 16 + incl
    return frames


def messages(frame):
    """(offset, length) of each netlink message of a frame, as the kernel
    walks a datagram: up to a header whose nlmsg_len is under 16 (a
    client may send a message in a larger zeroed buffer; the kernel
    ignores the rest, and tshark shows that header), which is returned
    as (offset, 0); and what is wrong with the frame's layout."""
    msgs, off = [], COOKED
    while off + 16 <= len(frame):
        n = struct.unpack_from("=I", frame, off)[0]
        if n < 16:
            msgs.append((off, 0))
            return msgs, ""
        if off + n > len(frame):
            return msgs, f"nlmsg_len {n} at offset {off} of {len(frame)}"
        msgs.append((off, n))
        off += align4(n)
    if off < len(frame):
        return msgs, f"{len(frame) - off} bytes after the last message"
    return msgs, ""


class Packet:
    def __init__(self):
        self.fields = []  # (name, pos, size, show)
        self.problems = []  # shownames of malformed / error items
        self.layer_limit = False


# The lines of tshark's PDML that matter here (grep keeps them: PDML
# of a whole rtnl-diff run is hundreds of megabytes, too slow for a
# Python XML parser): packets, protocols, the fields checked, and what
# -V would show as malformed or an error.  PDML has one element a line,
# indented two spaces a level.
GREP = ["<packet>", "<proto ", "alformed", "ALFORMED", "Expert Info (Error"] + [
    f'name="{n}"' for n in ["netlink.hatype", "netlink.family",
                            *HEADER_FIELDS, *ATTR_FIELDS]]
FIELDS = set(HEADER_FIELDS) | set(ATTR_FIELDS) | {
    "netlink.hatype", "netlink.family"}
FIELD_RE = re.compile(r'<field name="([^"]*)" showname="[^"]*"( hide="yes")? '
                      r'size="(\d+)" pos="(\d+)" show="([^"]*)"')
SHOWNAME_RE = re.compile(r' showname="([^"]*)"')
LAYER_LIMIT_XML = LAYER_LIMIT.replace("<", "&lt;")


def tshark_packets(path):
    """Each packet of tshark's PDML, streamed."""
    tshark = subprocess.Popen(["tshark", "-r", path, "-T", "pdml"],
                              stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    grep = subprocess.Popen(
        ["grep", "-F"] + [w for g in GREP for w in ("-e", g)],
        stdin=tshark.stdout, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "LC_ALL": "C"})
    tshark.stdout.close()
    pkt, limit_indent = None, -1
    for line in grep.stdout:
        if line.startswith("<packet>"):
            if pkt:
                yield pkt
            pkt, limit_indent = Packet(), -1
            continue
        indent = len(line) - len(line.lstrip(" "))
        if limit_indent >= 0 and indent > limit_indent:
            continue  # inside the layer-limit block
        limit_indent = -1
        m = FIELD_RE.match(line, indent)
        if m and m[1] in FIELDS:
            if not m[2]:  # (hidden fields are not checked)
                pkt.fields.append((m[1], int(m[4]), int(m[3]), m[5]))
            continue
        showname = SHOWNAME_RE.search(line)
        showname = showname[1] if showname else ""
        if LAYER_LIMIT_XML in showname:
            pkt.layer_limit = True
            limit_indent = indent
            continue
        if 'hide="yes"' in line:
            continue
        low = showname.lower()
        if "malformed" in low or "expert info (error" in low:
            pkt.problems.append(showname)
    if pkt:
        yield pkt
    grep.wait()
    if tshark.wait() != 0:
        raise SystemExit(f"tshark -r {path} -T pdml: status "
                         f"{tshark.returncode}")


def value(frame, pos, fmt):
    return struct.unpack_from("=" + fmt, frame, pos)[0]


def check_chain(frame, attrs, order, start, end, seen, say):
    """The attributes from start tile [start, end): each is decoded by
    tshark; the children tshark decodes inside one tile it in turn."""
    p = start
    while p + 4 <= end:
        if p not in attrs:
            say(f"attribute at {p} (chain from {start} to {end}) "
                "not decoded")
            return
        seen.add(p)
        n = value(frame, p, "H")
        if n < 4 or p + n > end:
            say(f"attribute at {p}: length {n} past its container's "
                f"end {end}")
            return
        i = bisect.bisect_left(order, p + 4)
        if i < len(order) and order[i] < p + n:  # its first child
            check_chain(frame, attrs, order, order[i], p + n, seen, say)
        p += align4(n)
    if p not in (end, align4(end)):
        say(f"attribute chain from {start} ends at {p}, not {end}")


def check_frame(num, frame, orig, pkt, say):
    if orig != len(frame):
        say(f"cut to {len(frame)} of {orig} bytes")
    for p in pkt.problems[:3]:
        say(f"tshark: {p}")
    msgs, bad = messages(frame)
    if bad:
        say(bad)
    # the cooked header: ARPHRD_NETLINK and the protocol, big-endian
    want = {("netlink.hatype", 2): struct.unpack_from(">H", frame, 2)[0],
            ("netlink.family", 14): struct.unpack_from(">H", frame, 14)[0]}
    heads = {}  # pos: name of each header field where a message starts
    for off, n in msgs:
        for name, (rel, _) in HEADER_FIELDS.items():
            heads[off + rel] = name
        if n == 0:  # the end of the datagram for the kernel
            continue
        typ = value(frame, off + 4, "H")
        if typ == NLMSG_ERROR and n >= 36:  # echoed request's header
            for name, (rel, _) in HEADER_FIELDS.items():
                heads[off + 20 + rel] = name
    got_heads, attrs = set(), {}
    starts = [off for off, _ in msgs]
    for name, pos, size, show in pkt.fields:
        if (name, pos) in want:
            if int(show, 0) != want[(name, pos)]:
                say(f"{name} is {show}, its bytes {want[(name, pos)]}")
            continue
        if name in HEADER_FIELDS:
            if heads.get(pos) != name:
                say(f"{name} at {pos}, where no message header has it")
                continue
            got_heads.add(pos)
            fmt = HEADER_FIELDS[name][1]
        elif name in ATTR_FIELDS:
            start = pos - ATTR_FIELDS[name]
            m = bisect.bisect_right(starts, start) - 1
            if m < 0 or not (start >= msgs[m][0] + 16 and
                             start + 4 <= msgs[m][0] + msgs[m][1]):
                say(f"attribute at {start} outside every message")
                continue
            attrs.setdefault(start, set()).add(name)
            fmt = "H"
        else:
            say(f"{name} at {pos}: not in the cooked header")
            continue
        if pos + size > len(frame) or int(show, 0) != value(frame, pos, fmt):
            say(f"{name} at {pos} is {show}, its bytes say otherwise")
    # where tshark stopped on its layer limit, the messages after the
    # last one it decoded go undecoded
    last = max(got_heads) if pkt.layer_limit and got_heads else len(frame)
    for off, n in msgs:
        if off not in got_heads and off < last:
            say(f"message at {off} (length {n}): header not decoded")
    if pkt.layer_limit:
        return  # tshark stopped part-way: only values are checked
    seen, order = set(), sorted(attrs)
    for off, n in msgs:
        # a run tshark decodes after a gap (an NLMSG_ERROR's ext-ack
        # after the echoed request) is a chain of its own
        i = bisect.bisect_left(order, off + 16)
        while i < len(order) and order[i] < off + n:
            if order[i] not in seen:
                check_chain(frame, attrs, order, order[i], off + n, seen,
                            say)
            i += 1


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    path = sys.argv[1]
    frames = read_pcap(path)
    problems, count = [], 0
    for i, pkt in enumerate(tshark_packets(path)):
        if i >= len(frames):
            problems.append(f"tshark shows more frames than the file has")
            break
        count += 1
        frame, orig = frames[i]

        def say(what, num=i + 1):
            problems.append(f"frame {num}: {what}")
        check_frame(i + 1, frame, orig, pkt, say)
    if not frames:
        problems.append("no packets")
    if count != len(frames):
        problems.append(f"tshark decoded {count} of {len(frames)} frames")
    for p in problems[:40]:
        print(p)
    if len(problems) > 40:
        print(f"... and {len(problems) - 40} more")
    print(f"{count} frames checked")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
