#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The legacy xtables socket options (ip_tables, ip6_tables, arp_tables) asked
# directly, with good and bad blobs: prints each case's errno and what
# came back (GET_INFO's fields, GET_ENTRIES' bytes in hex, the counters
# SET_REPLACE returns), so that iptables-legacy.sh can compare the
# transcript of a kernel (unshare -n) with unetlink's.
#   xt_blobs.py cases   every case below, in order
#   xt_blobs.py dump    GET_INFO and GET_ENTRIES of every table of
#                       /proc/net/ip_tables_names, ip6_ and arp_
#   xt_blobs.py host    the same with the counters left out (the
#                       host's move with its traffic)
#   xt_blobs.py refused ebtables' GET_INFO: prints the errno (unetlink
#                       answers ENOPROTOOPT)
import ctypes
import errno
import os
import socket
import struct
import sys

libc = ctypes.CDLL(None, use_errno=True)
SOL_IP, SOL_IPV6 = 0, 41
SET_REPLACE, SET_ADD_COUNTERS = 64, 65
GET_INFO, GET_ENTRIES = 64, 65
REV4 = (66, 67)
REV6 = (68, 69)
NF_DROP, NF_ACCEPT = 0, 1
XT_RETURN = -5
ENTRY4, ENTRY6, ARP_ENTRY = 112, 168, 192
REPLACE_HDR = 96
IN, FWD, OUT = 1, 2, 3


class Fam:
    def __init__(self, v6, arp=False):
        self.v6 = v6
        self.arp = arp
        self.af = socket.AF_INET6 if v6 else socket.AF_INET
        self.level = SOL_IPV6 if v6 else SOL_IP
        self.esize = ENTRY6 if v6 else ARP_ENTRY if arp else ENTRY4
        # target_offset, next_offset, comefrom within the entry
        self.off = ((140, 142, 144) if v6 else (164, 166, 168) if arp
                    else (88, 90, 92))
        self.proto_off = 128 if v6 else 80
        self.rev = REV6 if v6 else REV4  # arp's: 98, 99 from its base
        self.base = 96 if arp else 64
        self.nhooks = 3 if arp else 5
        self.sock = socket.socket(self.af, socket.SOCK_RAW,
                                  socket.IPPROTO_RAW)


def errname(e):
    return errno.errorcode.get(e, str(e))


def getsockopt(f, opt, data, size):
    opt += f.base - 64
    buf = ctypes.create_string_buffer(bytes(data).ljust(size, b"\0"), size)
    ln = ctypes.c_uint(size)
    r = libc.getsockopt(f.sock.fileno(), f.level, opt, buf, ctypes.byref(ln))
    if r < 0:
        return errname(ctypes.get_errno()), None
    return "0", buf.raw[:ln.value]


def setsockopt(f, opt, data):
    opt += f.base - 64
    buf = ctypes.create_string_buffer(bytes(data), len(data))
    r = libc.setsockopt(f.sock.fileno(), f.level, opt, buf, len(data))
    return errname(ctypes.get_errno()) if r < 0 else "0"


def name32(s):
    return s.encode().ljust(32, b"\0")


def entry(f, target, matches=b"", proto=0, inv=0, ip=None):
    """An entry: the ip part (zeros, or ip), matches, then target."""
    head = bytearray(f.esize)
    if ip:
        head[:len(ip)] = ip
    if not f.arp:
        struct.pack_into("<H", head, f.proto_off, proto)
    if inv and not f.arp:
        head[f.proto_off + (4 if f.v6 else 3)] = inv
    toff = f.esize + len(matches)
    nxt = toff + len(target)
    struct.pack_into("<HH", head, f.off[0], toff, nxt)
    return bytes(head) + matches + target


def ext(name, data, rev=0, size=None):
    """An xt_entry_match or xt_entry_target: header and aligned data."""
    pad = (len(data) + 7) & ~7
    total = 32 + pad if size is None else size
    return (struct.pack("<H", total) + name.encode().ljust(29, b"\0") +
            bytes([rev]) + data.ljust(pad, b"\0"))


def standard(verdict):
    return ext("", struct.pack("<i", verdict))


def error_tg(msg="ERROR", size=None):
    return ext("ERROR", msg.encode().ljust(32, b"\0"), size=size)


def policy(f, v=NF_ACCEPT):
    return entry(f, standard(-v - 1))


def replace(f, table, hooks, entries, num_counters, hook_of=None,
            under_of=None, num_entries=None, size=None, counters=0):
    """The replace header for entries (a list), hook entries and
    underflows at the entries hook_of names ({hook: index})."""
    offs, pos = [], 0
    for e in entries:
        offs.append(pos)
        pos += len(e)
    he = [0] * f.nhooks
    uf = [0] * f.nhooks
    for h, i in (hook_of or {}).items():
        he[h] = offs[i] if isinstance(i, int) else i[0]
    for h, i in (under_of or hook_of or {}).items():
        uf[h] = offs[i] if isinstance(i, int) else i[0]
    blob = b"".join(entries)
    hdr = (name32(table) +
           struct.pack("<III", hooks, len(entries) if num_entries is None
                       else num_entries, len(blob) if size is None
                       else size) +
           struct.pack(f"<{f.nhooks}I", *he) +
           struct.pack(f"<{f.nhooks}I", *uf) +
           struct.pack("<I", num_counters) + struct.pack("<Q", counters))
    return hdr + blob, offs


FILTER = (1 << IN) | (1 << FWD) | (1 << OUT)


def get_info(f, table, size=None):
    n = f.nhooks
    size = 44 + 8 * n if size is None else size
    r, out = getsockopt(f, GET_INFO, name32(table), size)
    if r != "0":
        return r, None
    vals = struct.unpack_from(f"<I{n}I{n}III", out, 32)
    return r, vals


def get_entries(f, table, size, extra=0, lenfix=0):
    hdr = name32(table) + struct.pack("<I", size + extra) + b"\0" * 4
    r, out = getsockopt(f, GET_ENTRIES, hdr, 40 + size + extra + lenfix)
    return r, (out[40:] if out else None)


def number_of(f, table):
    r, v = get_info(f, table)
    return v[-2] if r == "0" else 0


def do_replace(f, table, hooks, entries, label, **kw):
    n = kw.pop("num_counters", None)
    cut = kw.pop("cut", None)
    if n is None:
        n = number_of(f, table)
    ctr = ctypes.create_string_buffer(16 * max(n, 1))
    blob, _ = replace(f, table, hooks, entries, n,
                      counters=ctypes.addressof(ctr), **kw)
    r = setsockopt(f, SET_REPLACE, blob if cut is None else blob[:cut])
    tail = ""
    if r == "0":
        tail = " counters " + ctr.raw[:16 * n].hex()
    print(f"{label}: {r}{tail}")


def filter_std(f, fwd=NF_ACCEPT):
    return [policy(f), policy(f, fwd), policy(f), entry(f, error_tg())]


HOOKS3 = {IN: 0, FWD: 1, OUT: 2}


def cases_family(f, tag):
    p = f"{tag} "
    print(p + "info-badlen: %s" % get_info(f, "filter", 43 + 8 * f.nhooks)[0])
    print(p + "info-nosuch: %s" % get_info(f, "nosuch")[0])
    for t in ("filter", "nat", "mangle", "raw", "security"):
        r, v = get_info(f, t)
        print(p + f"info-{t}: {r} {v}")
    r, v = get_info(f, "filter")
    size = v[-1]
    print(p + "entries-short: %s" % getsockopt(f, GET_ENTRIES,
                                                name32("filter"), 39)[0])
    print(p + "entries-badlen: %s" % get_entries(f, "filter", size,
                                                  lenfix=8)[0])
    print(p + "entries-badsize: %s" % get_entries(f, "filter", size,
                                                   extra=8)[0])
    r, blob = get_entries(f, "filter", size)
    print(p + f"entries: {r} {blob.hex() if blob else ''}")
    # GET_REVISION_*
    rm, rt = f.rev
    for opt, name, rev in ((rm, "tcp", 0), (rm, "tcp", 1), (rm, "nosuch", 0),
                           (rm, "mark", 1), (rm, "comment", 0),
                           (rt, "REJECT", 0), (rt, "", 0), (rt, "ERROR", 0),
                           (rt, "MARK", 9)):
        req = name.encode().ljust(29, b"\0") + bytes([rev])
        print(p + f"rev-{opt}-{name or 'standard'}-{rev}: "
              f"{getsockopt(f, opt, req, 30)[0]}")
    print(p + "rev-badlen: %s" % getsockopt(f, rm, b"tcp", 31)[0])
    # SET_REPLACE, good and bad
    std = filter_std(f)
    do_replace(f, "filter", FILTER, filter_std(f, NF_DROP), p + "replace-ok",
               hook_of=HOOKS3)
    print(p + "replace-short: %s" % setsockopt(f, SET_REPLACE, b"\0" * 95))
    do_replace(f, "filter", FILTER, std, p + "replace-nocounters",
               hook_of=HOOKS3, num_counters=0)
    do_replace(f, "filter", FILTER, std, p + "replace-cut", hook_of=HOOKS3,
               cut=REPLACE_HDR + 100)
    do_replace(f, "filter", FILTER, std, p + "replace-numentries",
               hook_of=HOOKS3, num_entries=3)
    do_replace(f, "filter", FILTER, std, p + "replace-hookmid",
               hook_of={IN: (8,), FWD: 1, OUT: 2}, under_of=HOOKS3)
    do_replace(f, "filter", FILTER, std, p + "replace-underflow-error",
               hook_of=HOOKS3, under_of={IN: 0, FWD: 1, OUT: 3})
    do_replace(f, "filter", FILTER,
               [policy(f), entry(f, standard(XT_RETURN)), policy(f),
                entry(f, error_tg())], p + "replace-underflow-return",
               hook_of=HOOKS3)
    do_replace(f, "filter", FILTER, [std[1], std[0], std[2], std[3]],
               p + "replace-unsorted", hook_of={IN: 1, FWD: 0, OUT: 2})
    small = bytearray(std[0])
    struct.pack_into("<H", small, f.off[1], f.esize + 16)
    do_replace(f, "filter", FILTER, [bytes(small)] + std[1:],
               p + "replace-small-next", hook_of=HOOKS3)
    low = bytearray(std[0])
    struct.pack_into("<H", low, f.off[0], f.esize - 8)
    do_replace(f, "filter", FILTER, [bytes(low)] + std[1:],
               p + "replace-low-target", hook_of=HOOKS3)
    for v, what in ((0, "zero"), (-10, "badneg")):
        do_replace(f, "filter", FILTER,
                   [entry(f, standard(v))] + std, p + f"replace-verdict-{what}",
                   hook_of={IN: 1, FWD: 2, OUT: 3})
    do_replace(f, "filter", FILTER,
               [policy(f), entry(f, error_tg("ERROR", size=60)), policy(f),
                policy(f), entry(f, error_tg())],
               p + "replace-error-size", hook_of={IN: 0, FWD: 2, OUT: 3})
    unterminated = ext("ERROR", b"X" * 32)
    do_replace(f, "filter", FILTER,
               std[:3] + [entry(f, unterminated)],
               p + "replace-error-unterminated", hook_of=HOOKS3)
    # a user chain: INPUT jumps to it, it jumps to itself (a loop)
    e0 = entry(f, standard(0))  # jump patched below
    chain_head = entry(f, error_tg("c"))
    base = len(e0) + len(std[0]) * 3
    loop = entry(f, standard(base + len(chain_head)))
    e0 = entry(f, standard(base))
    do_replace(f, "filter", FILTER,
               [e0, policy(f), policy(f), policy(f), chain_head, loop,
                entry(f, standard(XT_RETURN)), entry(f, error_tg())],
               p + "replace-loop", hook_of={IN: 0, FWD: 2, OUT: 3},
               under_of={IN: 1, FWD: 2, OUT: 3})
    mid = entry(f, standard(base + 8))
    do_replace(f, "filter", FILTER,
               [mid, policy(f), policy(f), policy(f), chain_head,
                entry(f, standard(XT_RETURN)), entry(f, error_tg())],
               p + "replace-jump-mid", hook_of={IN: 0, FWD: 2, OUT: 3},
               under_of={IN: 1, FWD: 2, OUT: 3})
    good_chain = [e0, policy(f), policy(f), policy(f), chain_head,
                  entry(f, standard(XT_RETURN)), entry(f, error_tg())]
    # extensions: unknown, wrong revision, wrong size, wrong protocol
    tcp = ext("tcp", struct.pack("<HHHHBBB", 0, 65535, 22, 22, 0, 0, 0))
    for label, m, proto in (
            ("match-unknown", ext("nosuch", b"\0" * 8), 0),
            ("match-tcp-rev", ext("tcp", b"\0" * 16, rev=5), 6),
            ("match-comment-rev", ext("comment", b"\0" * 256, rev=5), 0),
            ("match-tcp-size", ext("tcp", b"\0" * 24), 6),
            ("match-tcp-proto", tcp, 17),
            ("match-tcp-inv", tcp, 6 + 1000),
            ("match-short", ext("tcp", b"", size=16), 6),
            ("match-tcp", tcp, 6)):
        inv = 0x40 if proto > 1000 else 0
        body = [entry(f, standard(-NF_ACCEPT - 1), matches=m,
                      proto=proto % 1000, inv=inv)] + std
        do_replace(f, "filter", FILTER, body, p + "replace-" + label,
                   hook_of={IN: 0, FWD: 2, OUT: 3},
                   under_of={IN: 1, FWD: 2, OUT: 3})
    do_replace(f, "filter", FILTER,
               [entry(f, ext("NOSUCH", b"\0" * 8))] + std,
               p + "replace-target-unknown", hook_of={IN: 0, FWD: 2, OUT: 3},
               under_of={IN: 1, FWD: 2, OUT: 3})
    masq = ext("MASQUERADE", b"\0" * (24 if f.v6 else 40),
               size=32 + (24 if f.v6 else 40))
    do_replace(f, "filter", FILTER, [entry(f, masq)] + std,
               p + "replace-target-table", hook_of={IN: 0, FWD: 2, OUT: 3},
               under_of={IN: 1, FWD: 2, OUT: 3})
    do_replace(f, "nosuch", FILTER, std, p + "replace-nosuch-table",
               hook_of=HOOKS3, num_counters=4)
    do_replace(f, "filter", FILTER | 1, [policy(f)] + std,
               p + "replace-hooks-lied", hook_of={0: 0, IN: 1, FWD: 2, OUT: 3})
    do_replace(f, "filter", FILTER, std, p + "replace-counters-wrong",
               hook_of=HOOKS3, num_counters=number_of(f, "filter") + 1)
    do_replace(f, "filter", FILTER, good_chain, p + "replace-chain",
               hook_of={IN: 0, FWD: 2, OUT: 3},
               under_of={IN: 1, FWD: 2, OUT: 3})
    # SET_ADD_COUNTERS
    n = number_of(f, "filter")
    ctrs = b"".join(struct.pack("<QQ", i + 1, 100 * (i + 1)) for i in range(n))
    print(p + "counters-short: %s" % setsockopt(f, SET_ADD_COUNTERS,
                                                name32("filter")))
    print(p + "counters-badlen: %s" % setsockopt(
        f, SET_ADD_COUNTERS,
        name32("filter") + struct.pack("<II", n + 1, 0) + ctrs))
    print(p + "counters-wrongnum: %s" % setsockopt(
        f, SET_ADD_COUNTERS,
        name32("filter") + struct.pack("<II", n - 1, 0) + ctrs[16:]))
    print(p + "counters-nosuch: %s" % setsockopt(
        f, SET_ADD_COUNTERS,
        name32("nosuch") + struct.pack("<II", n, 0) + ctrs))
    for i in range(2):
        print(p + "counters-ok: %s" % setsockopt(
            f, SET_ADD_COUNTERS,
            name32("filter") + struct.pack("<II", n, 0) + ctrs))
    r, v = get_info(f, "filter")
    r, blob = get_entries(f, "filter", v[-1])
    print(p + f"entries-after: {r} {blob.hex() if blob else ''}")
    do_replace(f, "filter", FILTER, filter_std(f), p + "replace-back",
               hook_of=HOOKS3)


ARP_FILTER = 7  # NF_ARP_IN, NF_ARP_OUT, NF_ARP_FORWARD
ARP_HOOKS = {0: 0, 1: 1, 2: 2}


def cases_arp(f):
    p = "arp "
    print(p + "info-badlen: %s" % get_info(f, "filter", 84)[0])
    print(p + "info-nosuch: %s" % get_info(f, "nat")[0])
    r, v = get_info(f, "filter")
    print(p + f"info-filter: {r} {v}")
    r, blob = get_entries(f, "filter", v[-1])
    print(p + f"entries: {r} {blob.hex() if blob else ''}")
    rm, rt = f.rev
    for opt, name, rev in ((rt, "mangle", 0), (rt, "mangle", 1),
                           (rt, "CLASSIFY", 0), (rt, "", 0), (rt, "nosuch", 0),
                           (rm, "tcp", 0)):
        req = name.encode().ljust(29, b"\0") + bytes([rev])
        print(p + f"rev-{opt}-{name or 'standard'}-{rev}: "
              f"{getsockopt(f, opt, req, 30)[0]}")
    std = [policy(f), policy(f, NF_DROP), policy(f), entry(f, error_tg())]
    do_replace(f, "filter", ARP_FILTER, std, p + "replace-ok",
               hook_of=ARP_HOOKS)
    do_replace(f, "filter", FILTER, std, p + "replace-inet-hooks",
               hook_of={1: 0, 2: 1})
    do_replace(f, "filter", ARP_FILTER, std, p + "replace-counters-wrong",
               hook_of=ARP_HOOKS, num_counters=9)
    chain_head = entry(f, error_tg("c"))
    base = len(std[0]) * 4
    do_replace(f, "filter", ARP_FILTER,
               [entry(f, standard(base + len(chain_head))), policy(f),
                policy(f), policy(f), chain_head,
                entry(f, standard(base + len(chain_head))),
                entry(f, error_tg())],
               p + "replace-loop", hook_of={0: 0, 1: 2, 2: 3},
               under_of={0: 1, 1: 2, 2: 3})
    mangle = ext("mangle", b"\0" * 64 + struct.pack("<ii", 0, -NF_ACCEPT - 1))
    do_replace(f, "filter", ARP_FILTER,
               [entry(f, mangle), policy(f), policy(f), policy(f),
                entry(f, error_tg())],
               p + "replace-mangle-noflags", hook_of={0: 0, 1: 2, 2: 3},
               under_of={0: 1, 1: 2, 2: 3})
    do_replace(f, "filter", ARP_FILTER,
               [entry(f, ext("nosuch", b"\0" * 8)), policy(f), policy(f),
                policy(f), entry(f, error_tg())],
               p + "replace-target-unknown", hook_of={0: 0, 1: 2, 2: 3},
               under_of={0: 1, 1: 2, 2: 3})
    tcp = ext("tcp", b"\0" * 16)
    do_replace(f, "filter", ARP_FILTER,
               [entry(f, standard(-NF_ACCEPT - 1), matches=tcp), policy(f),
                policy(f), policy(f), entry(f, error_tg())],
               p + "replace-with-match", hook_of={0: 0, 1: 2, 2: 3},
               under_of={0: 1, 1: 2, 2: 3})
    n = number_of(f, "filter")
    ctrs = b"".join(struct.pack("<QQ", i + 7, i) for i in range(n))
    print(p + "counters-ok: %s" % setsockopt(
        f, SET_ADD_COUNTERS,
        name32("filter") + struct.pack("<II", n, 0) + ctrs))
    r, v = get_info(f, "filter")
    r, blob = get_entries(f, "filter", v[-1])
    print(p + f"entries-after: {r} {blob.hex() if blob else ''}")
    do_replace(f, "filter", ARP_FILTER, std, p + "replace-back",
               hook_of=ARP_HOOKS)


def without_counters(f, blob):
    """The entries with their counters zeroed."""
    b = bytearray(blob)
    at = (f.off[2] + 4 + 7) & ~7  # after comefrom, 8-aligned
    pos = 0
    while pos + f.esize <= len(b):
        b[pos + at:pos + at + 16] = bytes(16)
        nxt = struct.unpack_from("<H", b, pos + f.off[1])[0]
        if nxt == 0:
            break
        pos += nxt
    return bytes(b)


def dump(counters=True):
    for tag, v6 in (("ip", False), ("ip6", True), ("arp", None)):
        f = Fam(bool(v6), arp=v6 is None)
        try:
            with open(f"/proc/net/{tag}_tables_names") as fh:
                names = sorted(fh.read().split())
        except OSError as e:
            print(f"{tag}: {errname(e.errno)}")
            continue
        for t in names:
            r, v = get_info(f, t)
            print(f"{tag} {t} info {r} {v}")
            if r == "0":
                r, blob = get_entries(f, t, v[-1])
                if blob and not counters:
                    blob = without_counters(f, blob)
                print(f"{tag} {t} entries {r} {blob.hex() if blob else ''}")


def unprivileged():
    """GET_INFO and SET_REPLACE without CAP_NET_ADMIN: EPERM."""
    pid = os.fork()
    if pid == 0:
        f = Fam(False)
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
        print("unpriv info: %s" % get_info(f, "filter")[0])
        print("unpriv replace: %s" % setsockopt(f, SET_REPLACE,
                                                b"\0" * 200))
        sys.stdout.flush()
        os._exit(0)
    os.waitpid(pid, 0)


def refused():
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    # ebtables' GET_INFO; IPVS's GET_INFO and GET_VERSION (IP_VS_BASE_CTL
    # 1152 + 1, + 0), which ipvsadm falls back to without the IPVS genl
    # family: as a kernel without ip_vs, whatever the host has loaded
    for what, opt, size in (("ebtables", 128, 80), ("ipvs info", 1153, 32),
                            ("ipvs version", 1152, 64)):
        buf = ctypes.create_string_buffer(name32("filter"), size)
        ln = ctypes.c_uint(size)
        r = libc.getsockopt(s.fileno(), SOL_IP, opt, buf, ctypes.byref(ln))
        print(f"{what}: {errname(ctypes.get_errno()) if r < 0 else '0'}")


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "cases"
    if mode == "dump":
        dump()
    elif mode == "host":
        dump(counters=False)
    elif mode == "refused":
        refused()
    else:
        sys.stdout.flush()
        unprivileged()
        cases_family(Fam(False), "ip")
        cases_family(Fam(True), "ip6")
        cases_arp(Fam(False, arp=True))
        dump()


main()
