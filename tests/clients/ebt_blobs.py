#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# ebtables' socket options asked directly, with good and bad tables:
# prints each case's errno and what came back (GET_INFO's fields, the
# entries and counters GET_ENTRIES writes where its replace points, the
# old counters SET_ENTRIES returns), so that ebtables-legacy.sh can
# compare unetlink's transcript with a kernel's.  The replace's pointers
# name buffers of this process (ctypes), and bad ones name nothing.
import ctypes
import errno
import os
import socket
import struct
import sys

libc = ctypes.CDLL(None, use_errno=True)
SOL_IP = 0
SET_ENTRIES, SET_COUNTERS = 128, 129
GET_INFO, GET_ENTRIES, GET_INIT_INFO, GET_INIT_ENTRIES = 128, 129, 130, 131
ACCEPT, DROP, CONTINUE, RETURN = -1, -2, -3, -4
PRE, IN, FWD, OUT, POST, BROUTING = range(6)
FILTER = (1 << IN) | (1 << FWD) | (1 << OUT)
NAT = (1 << PRE) | (1 << OUT) | (1 << POST)
ENTRY_OR_ENTRIES, NOPROTO, E802_3 = 0x01, 0x02, 0x04
HEAD = 120
BAD = 8  # an address nothing is mapped at

sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
keep = []  # buffers the replaces point at, alive until the end


def errname(e):
    return errno.errorcode.get(e, str(e))


def buf(data, size=None):
    b = ctypes.create_string_buffer(bytes(data), size or max(len(data), 1))
    keep.append(b)
    return b


def addr(b):
    return ctypes.addressof(b) if b is not None else 0


def head(table, hooks=0, nentries=0, size=0, hook_entry=(0,) * 6,
         num_counters=0, counters=0, entries=0):
    return (table.encode().ljust(32, b"\0")[:32] +
            struct.pack("=III4x6QI4xQQ", hooks, nentries, size,
                        *hook_entry, num_counters, counters, entries))


def chain(name, policy=ACCEPT, n=0, coff=0):
    return struct.pack("=I32sIiI", 0, name.encode(), coff, policy, n)


def ext(name, data, rev=0, size=None):
    pad = data.ljust((len(data) + 7) // 8 * 8, b"\0")
    return (name.encode().ljust(31, b"\0")[:31] + bytes([rev]) +
            struct.pack("=I4x", len(pad) if size is None else size) + pad)


def standard(verdict):
    return ext("standard", struct.pack("=i", verdict))


def entry(target=None, matches=b"", watchers=b"", bitmask=None, inv=0,
          proto=0, src=None):
    target = standard(ACCEPT) if target is None else target
    if bitmask is None:
        bitmask = ENTRY_OR_ENTRIES | (0 if proto else NOPROTO)
    mac = b"\0" * 24
    if src:
        mac = bytes(src) + b"\xff" * 6 + b"\0" * 12
        bitmask |= 0x08
    wo = 112 + len(matches)
    to = wo + len(watchers)
    no = to + len(target)
    hdr = struct.pack("=IIH", bitmask, inv, socket.htons(proto))
    hdr += b"\0" * 64 + mac + b"\0\0" + struct.pack("=III", wo, to, no)
    return hdr + matches + watchers + target


def setopt(opt, hdr, optlen=None):
    b = buf(hdr)
    r = libc.setsockopt(sock.fileno(), SOL_IP, opt, b,
                        len(hdr) if optlen is None else optlen)
    return "0" if r == 0 else errname(ctypes.get_errno())


def getopt(opt, hdr, optlen):
    b = buf(hdr, max(optlen, len(hdr)))
    ln = ctypes.c_int(optlen)
    r = libc.getsockopt(sock.fileno(), SOL_IP, opt, b, ctypes.byref(ln))
    return ("0" if r == 0 else errname(ctypes.get_errno())), b.raw


def info(table, opt=GET_INFO, optlen=HEAD):
    r, raw = getopt(opt, head(table), optlen)
    if r != "0":
        return r, None
    hooks, n, size = struct.unpack_from("=III", raw, 32)
    return r, (hooks, n, size)


def entries(table, opt=GET_ENTRIES, counters=True, lenfix=0, nfix=0,
            ebad=False, cbad=False):
    r, v = info(table, GET_INFO if opt == GET_ENTRIES else GET_INIT_INFO)
    if r != "0":
        return r, ""
    hooks, n, size = v
    eb = buf(b"", size)
    cb = buf(b"", 16 * n)
    nc = n + nfix if counters else 0
    hdr = head(table, hooks, n, size, num_counters=nc,
               counters=BAD if cbad else addr(cb),
               entries=BAD if ebad else addr(eb))
    r, _ = getopt(opt, hdr, HEAD + size + (16 * n if counters else 0) +
                  lenfix)
    if r != "0":
        return r, ""
    return r, eb.raw[:size].hex() + (" " + cb.raw.hex() if nc else "")


def replace(table, hooks, chains, nentries, hookmap, num_counters=0,
            lenfix=0, counters_at=None, ebad=False, **kw):
    """chains: list of (blob part); hookmap: hook -> offset of its head"""
    blob = b"".join(chains)
    eb = buf(blob)
    cb = buf(b"", 16 * max(num_counters, 1))
    he = [0] * 6
    for h, off in hookmap.items():
        he[h] = addr(eb) + off
    hdr = head(table, hooks, nentries, len(blob) + kw.get("sizefix", 0),
               he, num_counters,
               counters_at if counters_at is not None else addr(cb),
               BAD if ebad else addr(eb))
    r = setopt(SET_ENTRIES, hdr, HEAD + len(blob) + lenfix +
               kw.get("sizefix", 0))
    old = cb.raw[:16 * num_counters].hex() if num_counters else ""
    return r, old


def filter_with(fwd_rules, udcs=(), policy=ACCEPT, nc=0, **kw):
    """the filter table: FORWARD holds fwd_rules, then user chains
    (name, policy, rules); a jump names a chain by its index here
    (('jump', i) is turned into its offset)"""
    parts = []

    def layout(jumps):
        out, off, offs, coff = [], 0, {}, 0
        chains = [("INPUT", ACCEPT, []), ("FORWARD", policy, fwd_rules),
                  ("OUTPUT", ACCEPT, [])] + list(udcs)
        heads = []
        for name, pol, rules in chains:
            heads.append(off)
            off += 48
            for r in rules:
                off += len(r if isinstance(r, bytes) else entry(
                    standard(0)))
        for i, (name, pol, rules) in enumerate(chains):
            out.append(chain(name, pol, len(rules), coff))
            coff += len(rules)
            for r in rules:
                if isinstance(r, tuple):
                    r = entry(standard(heads[r[1]] + r[2]
                                       if len(r) > 2 else heads[r[1]]))
                out.append(r)
        return out, heads, coff

    parts, heads, n = layout(None)
    return replace("filter", FILTER, parts, n,
                   {IN: heads[0], FWD: heads[1], OUT: heads[2]}, nc, **kw)


def empty_filter(**kw):
    return filter_with([], **kw)


def ip_match(proto_ok=True):
    # struct ebt_ip_info: saddr, daddr, smsk, dmsk, tos, protocol,
    # bitmask, invflags, sport[2], dport[2] (28 bytes): --ip-src
    data = struct.pack("=IIIIBBBB4H", 0x0100000a, 0, 0xffffffff, 0, 0, 0,
                       0x01, 0, 0, 0, 0, 0)
    return ext("ip", data)


def cases():
    p = print
    # ebtables-legacy leaves what its malloc held after a chain's name:
    # a table of clean names first
    p("replace clean", *empty_filter())
    for t in ("filter", "nat", "broute", "mangle"):
        p("info", t, *info(t))
    p("info short", info("filter", optlen=119)[0])
    p("info long", info("filter", optlen=121)[0])
    p("init info nat", *info("nat", GET_INIT_INFO))
    p("entries filter", *entries("filter"))
    p("entries no counters", *entries("filter", counters=False))
    p("entries len+8", entries("filter", lenfix=8)[0])
    p("entries bad entries", entries("filter", ebad=True)[0])
    # rules: FORWARD with -p IPv4 --ip-src 10.0.0.1 -j DROP, a user
    # chain with RETURN policy jumped to
    rule = entry(standard(DROP), matches=ip_match(), proto=0x0800)
    p("replace good", *filter_with(
        [rule, ("jump", 3)], [("udc1", RETURN, [entry(standard(CONTINUE))])]))
    p("entries", *entries("filter"))
    p("entries counters bad", entries("filter", cbad=True)[0])
    p("entries num_counters-1", entries("filter", nfix=-1, lenfix=-16)[0])
    cb = buf(struct.pack("=QQ", 3, 300) * 3)
    p("counters good", setopt(SET_COUNTERS,
                              head("filter", num_counters=3,
                                   counters=addr(cb)), HEAD + 48))
    p("counters zero", setopt(SET_COUNTERS, head("filter"), HEAD))
    p("counters len", setopt(SET_COUNTERS,
                             head("filter", num_counters=3,
                                  counters=addr(cb)), HEAD + 40))
    p("counters 2 of 3", setopt(SET_COUNTERS,
                                head("filter", num_counters=2,
                                     counters=addr(cb)), HEAD + 32))
    p("counters bad", setopt(SET_COUNTERS,
                             head("filter", num_counters=3, counters=BAD),
                             HEAD + 48))
    p("counters mangle", setopt(SET_COUNTERS,
                                head("mangle", num_counters=3,
                                     counters=addr(cb)), HEAD + 48))
    p("counters short", setopt(SET_COUNTERS, head("filter"), 100))
    p("entries after counters", *entries("filter"))
    p("replace old counters", *empty_filter(nc=3))
    p("replace counters 1 of 0", *empty_filter(nc=1))
    p("replace counters bad ptr", *empty_filter(nc=0, counters_at=BAD))
    p("replace short", setopt(SET_ENTRIES, head("filter"), 100))
    p("replace len", empty_filter(lenfix=8)[0])
    p("replace size 0", setopt(SET_ENTRIES, head("filter"), HEAD))
    p("replace bad entries", empty_filter(ebad=True)[0])
    hdr = head("filter", FILTER, 1 << 30, 8, entries=addr(buf(b"\0" * 8)))
    p("replace nentries huge", setopt(SET_ENTRIES, hdr, HEAD + 8))
    hdr = head("filter", FILTER, 0, 8, num_counters=1 << 28,
               entries=addr(buf(b"\0" * 8)))
    p("replace num_counters huge", setopt(SET_ENTRIES, hdr, HEAD + 8))
    three = [chain("A"), chain("B"), chain("C")]
    p("replace hook missing", replace("filter", FILTER, three, 0,
                                      {IN: 0, FWD: 48})[0])
    p("replace hooks reversed", replace("filter", FILTER, three, 0,
                                        {IN: 96, FWD: 48, OUT: 0})[0])
    p("replace hook not first", replace(
        "filter", FILTER, [chain("U")] + three, 0,
        {IN: 48, FWD: 96, OUT: 144})[0])
    p("replace hook mid", replace("filter", FILTER, three, 0,
                                  {IN: 0, FWD: 50, OUT: 96})[0])
    p("replace wrong hooks", replace("filter", NAT, three, 0,
                                     {PRE: 0, OUT: 48, POST: 96})[0])
    p("replace mangle", replace("mangle", FILTER, three, 0,
                                {IN: 0, FWD: 48, OUT: 96})[0])
    p("replace nentries 1", replace("filter", FILTER, three, 1,
                                    {IN: 0, FWD: 48, OUT: 96})[0])
    p("replace chain count", replace(
        "filter", FILTER, [chain("A", n=1), chain("B"), chain("C")], 0,
        {IN: 0, FWD: 48, OUT: 96})[0])
    p("replace counter offset", replace(
        "filter", FILTER, [chain("A"), chain("B", coff=1), chain("C")], 0,
        {IN: 0, FWD: 48, OUT: 96})[0])
    p("replace base RETURN", filter_with([], policy=RETURN)[0])
    p("replace base CONTINUE", filter_with([], policy=CONTINUE)[0])
    p("replace udc DROP", filter_with([("jump", 3)],
                                      [("u", DROP, [])])[0])
    p("replace loop", filter_with(
        [("jump", 3)], [("u1", RETURN, [("jump", 4)]),
                        ("u2", RETURN, [("jump", 3)])])[0])
    p("replace self loop", filter_with(
        [("jump", 3)], [("u1", RETURN, [("jump", 3)])])[0])
    p("replace unreached loop", filter_with(
        [], [("u1", RETURN, [("jump", 3)])])[0])
    p("replace jump mid", filter_with(
        [("jump", 3, 8)], [("u1", RETURN, [])])[0])
    p("replace jump base", filter_with([("jump", 0)])[0])
    p("replace verdict -5", filter_with([entry(standard(-5))])[0])
    p("replace bitmask", filter_with([entry(bitmask=0x41)])[0])
    p("replace invflags", filter_with([entry(inv=0x100)])[0])
    p("replace noproto 802_3", filter_with(
        [entry(bitmask=ENTRY_OR_ENTRIES | NOPROTO | E802_3)])[0])
    p("replace no such match", filter_with(
        [entry(matches=ext("nosuch", b"\0" * 8))])[0])
    p("replace match rev 1", filter_with(
        [entry(matches=ext("ip", b"\0" * 28, rev=1), proto=0x0800)])[0])
    p("replace long name", filter_with(
        [entry(matches=ext("a" * 30, b"\0" * 8))])[0])
    p("replace ip size", filter_with(
        [entry(matches=ext("ip", b"\0" * 8), proto=0x0800)])[0])
    p("replace ip no proto", filter_with([entry(matches=ip_match())])[0])
    p("replace match overruns", filter_with(
        [entry(matches=ext("ip", b"\0" * 32, size=40), proto=0x0800)])[0])
    p("replace no such target", filter_with(
        [entry(ext("nosuch", b"\0" * 8))])[0])
    p("replace target ACCEPT", filter_with(
        [entry(ext("ACCEPT", b"\0" * 8))])[0])
    p("replace standard short", filter_with(
        [entry(ext("standard", b""))])[0])
    p("replace standard size 1000", filter_with(
        [entry(ext("standard", struct.pack("=i", ACCEPT), size=1000))])[0])
    p("replace watcher standard", filter_with(
        [entry(watchers=standard(ACCEPT))])[0])
    p("replace watcher log", filter_with(
        [entry(watchers=ext("log", b"\0" * 36))])[0])
    p("replace watcher nosuch", filter_with(
        [entry(watchers=ext("nosuch", b"\0" * 8))])[0])
    nat = ext("snat", struct.pack("=6s2xi", b"\1" * 6, ACCEPT))
    p("replace snat in filter", filter_with([entry(nat)])[0])
    mark = ext("mark", struct.pack("=Li", 5, CONTINUE & ~0 | 0))
    p("replace mark bad target", filter_with([entry(mark)])[0])
    p("entries end", *entries("filter"))
    p("init entries filter", *entries("filter", GET_INIT_ENTRIES,
                                      counters=False))
    p("init entries with counters", entries("filter", GET_INIT_ENTRIES)[0])
    # nat: snat in POSTROUTING, not in PREROUTING
    chains = [chain("PREROUTING"), chain("OUTPUT"),
              chain("POSTROUTING", n=1), entry(nat)]
    p("replace nat snat", replace("nat", NAT, chains, 1,
                                  {PRE: 0, OUT: 48, POST: 96})[0])
    chains = [chain("PREROUTING", n=1), entry(nat), chain("OUTPUT", coff=1),
              chain("POSTROUTING", coff=1)]
    p("replace nat snat pre", replace("nat", NAT, chains, 1,
                                      {PRE: 0, OUT: 48 + 168,
                                       POST: 96 + 168})[0])
    p("entries nat", *entries("nat"))


def unprivileged():
    pid = os.fork()
    if pid == 0:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
        print("unpriv info: %s" % info("filter")[0])
        print("unpriv replace: %s" % setopt(SET_ENTRIES, head("filter"),
                                            HEAD))
        sys.stdout.flush()
        os._exit(0)
    os.waitpid(pid, 0)


if __name__ == "__main__":
    sys.stdout.flush()
    unprivileged()
    cases()
