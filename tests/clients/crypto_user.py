#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A NETLINK_CRYPTO client as getcrypto-style tools are: raw sockets.

  crypto_user.py dump NAME...   the dump's records for NAME..., sorted
  crypto_user.py get NAME...    each NAME by name, then by its driver
  crypto_user.py calls          NEWALG/DELALG/UPDATEALG/GETSTAT and
                                malformed requests, with what they return
  crypto_user.py proc NAME...   /proc/crypto's entries for NAME..., as
                                "name report" (the dump's first fields)

A record line: name, type, the type's sizes, priority, flags (the
type bits and INSTANCE).  The driver and module are left out where the
kernel's differ by machine (accelerated implementations); `get` checks
that the driver name finds the same record.  Exit 2 (and "nosocket")
when the kernel has no NETLINK_CRYPTO.
"""
import errno
import os
import socket
import struct
import sys

NETLINK_CRYPTO = 21
NEWALG, DELALG, UPDATEALG, GETALG, DELRNG, GETSTAT = range(0x10, 0x16)
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
ALG = struct.Struct("64s64s64sIIII")  # struct crypto_user_alg
PRIORITY = 1
REPORTS = {  # CRYPTOCFGA_REPORT_*: the sizes after the 64-byte type
    3: ("hash", "II", ("blocksize", "digestsize")),
    4: ("blkcipher", "64sIIII", ("geniv", "blocksize", "min_keysize",
                                 "max_keysize", "ivsize")),
    5: ("aead", "64sIII", ("geniv", "blocksize", "maxauthsize", "ivsize")),
    6: ("compress", "", ()),
    8: ("cipher", "III", ("blocksize", "min_keysize", "max_keysize")),
    11: ("acomp", "", ()),
}
TYPE_MASK, INSTANCE = 0xF, 0x800
seq = 0


def cstr(b):
    return b.split(b"\0", 1)[0].decode()


def open_sock():
    try:
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_CRYPTO)
    except OSError as e:
        if e.errno == errno.EPROTONOSUPPORT:
            print("nosocket")
            sys.exit(2)
        raise
    s.bind((0, 0))
    return s


def alg(name="", driver="", type_=0, mask=0):
    return ALG.pack(name.encode(), driver.encode(), b"", type_, mask, 0, 0)


def send(s, mtype, flags, payload):
    global seq
    seq += 1
    s.send(struct.pack("=IHHII", 16 + len(payload), mtype,
                       flags | NLM_F_REQUEST, seq, 0) + payload)


def messages(s):
    """Every message of the answers to the last request until the
    error/ACK or DONE; yields (type, payload)."""
    while True:
        data = s.recv(1 << 16)
        off = 0
        while off + 16 <= len(data):
            ln, t, _f, sq, _p = struct.unpack_from("=IHHII", data, off)
            payload = data[off + 16:off + ln]
            off += (ln + 3) & ~3
            if sq != seq:
                continue
            yield t, payload
            if t in (NLMSG_ERROR, NLMSG_DONE):
                return


def record(payload):
    name, driver, module, _t, _m, refcnt, flags = ALG.unpack_from(payload)
    out = {"name": cstr(name), "driver": cstr(driver),
           "module": cstr(module), "refcnt": refcnt, "flags": flags}
    off = ALG.size
    while off + 4 <= len(payload):
        ln, at = struct.unpack_from("=HH", payload, off)
        body = payload[off + 4:off + ln]
        if at == PRIORITY:
            out["priority"] = struct.unpack_from("=I", body)[0]
        elif at in REPORTS:
            kind, fmt, fields = REPORTS[at]
            vals = struct.unpack_from("=64s" + fmt, body)
            sizes = []
            for f, v in zip(fields, vals[1:]):
                sizes.append("%s=%s" % (f, cstr(v) if f == "geniv" else v))
            out["report"] = "%s:%s %s" % (kind, cstr(vals[0]), " ".join(sizes))
        off += (ln + 3) & ~3
    return out


def line(r):
    return "%s %s priority=%s type=%#x%s" % (
        r["name"], r.get("report", "(no report)"), r.get("priority"),
        r["flags"] & TYPE_MASK, " instance" if r["flags"] & INSTANCE else "")


def request(s, mtype, payload, flags=NLM_F_ACK):
    """-errno (0 for an ACK) and the records the request got."""
    send(s, mtype, flags, payload)
    recs, err = [], None
    for t, p in messages(s):
        if t == GETALG:
            recs.append(record(p))
        elif t == NLMSG_ERROR:
            err = struct.unpack_from("=i", p)[0]
        elif t == NLMSG_DONE:
            err = 0
    return err, recs


def dump(s, names):
    err, recs = request(s, GETALG, alg(), NLM_F_DUMP)
    if err:
        print("dump: %s" % os.strerror(-err))
        return 1
    for r in sorted(recs, key=lambda r: r["name"]):
        if r["name"] in names:
            print(line(r))
    return 0


def get(s, names):
    bad = 0
    for n in names:
        err, recs = request(s, GETALG, alg(n))
        if err or len(recs) != 1:
            print("%s: %s" % (n, os.strerror(-err) if err else "no record"))
            continue
        r = recs[0]
        err2, by_drv = request(s, GETALG, alg("", r["driver"]))
        if err2 or len(by_drv) != 1 or line(by_drv[0]) != line(r):
            print("FAIL %s: its driver %s finds %s" %
                  (n, r["driver"], err2 or [line(x) for x in by_drv]))
            bad = 1
        print(line(r))
    return bad


def calls(s):
    """The answers a user sees, as "call: errno name" lines."""
    def show(what, mtype, payload, flags=NLM_F_ACK):
        err, recs = request(s, mtype, payload, flags)
        print("%s: %s%s" % (what, errno.errorcode.get(-err, err) if err else "0",
                            "".join(" [%s]" % line(r) for r in recs)))

    prio = struct.pack("=HHI", 8, PRIORITY, 4242)
    show("getalg short", GETALG, b"\0" * 8)
    show("getalg unknown", GETALG, alg("no-such-alg"))
    show("getalg unterminated", GETALG, b"x" * 64 + alg()[64:])
    show("getalg wrong type", GETALG, alg("cbc(aes)", type_=0x3,
                                          mask=0xF))
    show("getstat", GETSTAT, alg("hmac(sha256)"))
    show("unknown type", 0x16, alg("hmac(sha256)"))
    show("newalg existing", NEWALG, alg("hmac(sha256)"))
    show("newalg priority without driver", NEWALG, alg("hmac(sha256)") + prio)
    show("newalg unknown", NEWALG, alg("no-such-alg"))
    show("delalg by name only", DELALG, alg("cbc(aes)"))
    drv = request(s, GETALG, alg("cbc(aes)"))[1]
    drv = drv[0]["driver"] if drv else "none"
    base = request(s, GETALG, alg("digest_null"))[1]
    base = base[0]["driver"] if base else "none"
    show("delalg base algorithm", DELALG, alg("", base))
    show("delalg hmac(sha256), no instance", DELALG,
         alg("", "hmac-sha256-lib"))
    show("updatealg priority without driver", UPDATEALG,
         alg("cbc(aes)") + prio)
    show("updatealg priority", UPDATEALG, alg("", drv) + prio)
    show("getalg after update", GETALG, alg("cbc(aes)"))
    show("delalg instance", DELALG, alg("", drv))
    show("getalg after delete", GETALG, alg("cbc(aes)"))
    show("newalg again", NEWALG, alg("", drv))
    show("getalg after newalg", GETALG, alg("cbc(aes)"))
    show("delrng", DELRNG, b"")
    return 0


PROC_REPORTS = {  # /proc/crypto's type: the report crypto_user sends
    "shash": ("hash", ("blocksize", "digestsize")),
    "skcipher": ("blkcipher", ("geniv", "blocksize", "min keysize",
                               "max keysize", "ivsize")),
    "lskcipher": ("blkcipher", ("geniv", "blocksize", "min keysize",
                                "max keysize", "ivsize")),
    "aead": ("aead", ("geniv", "blocksize", "maxauthsize", "ivsize")),
    "cipher": ("cipher", ("blocksize", "min keysize", "max keysize")),
    "acomp": ("acomp", ()),
}


def proc(names):
    with open("/proc/crypto") as f:
        blocks = f.read().split("\n\n")
    for b in blocks:
        e = dict((k.strip(), v.strip()) for k, _, v in
                 (ln.partition(":") for ln in b.splitlines() if ":" in ln))
        if e.get("name") not in names or e.get("type") not in PROC_REPORTS:
            continue
        kind, fields = PROC_REPORTS[e["type"]]
        e.setdefault("geniv", "<none>")
        sizes = " ".join("%s=%s" % (f.replace(" ", "_"), e.get(f, "?"))
                         for f in fields)
        print("%s %s:%s %s" % (e["name"], kind, e["type"], sizes))
    return 0


def main():
    if sys.argv[1] == "proc":
        return proc(set(sys.argv[2:]))
    s = open_sock()
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "dump":
        return dump(s, set(args))
    if cmd == "get":
        return get(s, args)
    return calls(s)


sys.exit(main())
