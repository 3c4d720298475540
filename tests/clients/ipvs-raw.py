#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The IPVS generic netlink family asked directly, as ipvsadm cannot:
# nlctrl's GETPOLICY dump of the family in hex (its id left out), then
# requests of every command with the replies in hex and the errno and
# extended ACK of each, the malformed ones too (nests that fail their
# policy, missing attributes, values Linux refuses), and the
# unprivileged refusal.  Run in a fresh net whose lo is up; prints one
# line per request.  Used by ipvsadm.sh (via ipvsadm.cmds).
import os
import socket
import struct
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(here, "..", "rtnl-diff"))
from nlmsg import (as_nobody, attrs, genl_family, genl_socket,  # noqa: E402
                   genl_talk, nla, u32)

(C_NEW_SVC, C_SET_SVC, C_DEL_SVC, C_GET_SVC, C_NEW_DEST, C_SET_DEST,
 C_DEL_DEST, C_GET_DEST, C_NEW_DAEMON, C_DEL_DAEMON, C_GET_DAEMON,
 C_SET_CONFIG, C_GET_CONFIG, C_SET_INFO, C_GET_INFO, C_ZERO,
 C_FLUSH) = range(1, 18)
A_SVC, A_DEST, A_DAEMON, A_TCP, A_TCPFIN, A_UDP = range(1, 7)
(S_AF, S_PROTO, S_ADDR, S_PORT, S_FWMARK, S_SCHED, S_FLAGS, S_TIMEOUT,
 S_NETMASK, S_STATS, S_PE) = range(1, 12)
(D_ADDR, D_PORT, D_FWD, D_WEIGHT, D_UTH, D_LTH, D_ACT, D_INACT, D_PERS,
 D_STATS, D_AF, D_STATS64, D_TUN_TYPE, D_TUN_PORT, D_TUN_FLAGS) = range(1, 16)
(M_STATE, M_IFN, M_SYNCID, M_MAXLEN, M_GROUP, M_GROUP6, M_PORT,
 M_TTL) = range(1, 9)


def u16(kind, v):
    return nla(kind, struct.pack("=H", v))


def be16(kind, v):
    return nla(kind, struct.pack(">H", v))


def u8(kind, v):
    return nla(kind, struct.pack("=B", v))


def s(kind, text):
    return nla(kind, text.encode() + b"\0")


def v4(a):
    return socket.inet_aton(a) + b"\0" * 12


def v6(a):
    return socket.inet_pton(socket.AF_INET6, a)


def svc(af=2, proto=6, addr=None, port=80, fwmark=None, sched="rr",
        flags=(0, 0xffffffff), timeout=0, netmask=0xffffffff, pe=None,
        full=True, extra=b""):
    """A service nest: by address (v4 10.0.0.1 unless addr), or by
    fwmark; the full entry unless full is False."""
    body = u16(S_AF, af)
    if fwmark is not None:
        body += u32(S_FWMARK, fwmark)
    else:
        body += u16(S_PROTO, proto)
        body += nla(S_ADDR, addr if addr is not None else v4("10.0.0.1"))
        body += be16(S_PORT, port)
    if full:
        body += s(S_SCHED, sched)
        body += nla(S_FLAGS, struct.pack("=II", *flags))
        body += u32(S_TIMEOUT, timeout)
        body += u32(S_NETMASK, netmask)
    if pe is not None:
        body += s(S_PE, pe)
    return nla(A_SVC, body + extra)


def dest(addr="192.168.1.2", port=80, fwd=0, weight=1, uth=0, lth=0,
         af=None, full=True, extra=b""):
    body = nla(D_ADDR, v6(addr) if ":" in addr else v4(addr))
    body += be16(D_PORT, port)
    if af is not None:
        body += u16(D_AF, af)
    if full:
        body += u32(D_FWD, fwd) + u32(D_WEIGHT, weight)
        body += u32(D_UTH, uth) + u32(D_LTH, lth)
    return nla(A_DEST, body + extra)


def daemon(state=1, ifn="lo", syncid=None, extra=b""):
    body = u32(M_STATE, state)
    if ifn is not None:
        body += s(M_IFN, ifn)
    if syncid is not None:
        body += u32(M_SYNCID, syncid)
    return nla(A_DAEMON, body + extra)


def policy_dump(sock):
    """nlctrl's GETPOLICY of the family, each message in hex with the
    family id attribute's value left out."""
    out = []
    req = nla(2, b"IPVS\0")
    msg = struct.pack("BBH", 10, 1, 0) + req
    sock.send(struct.pack("IHHII", 16 + len(msg), 0x10, 0x305, 1, 0) + msg)
    while True:
        data = sock.recv(1 << 16)
        while data:
            ln, tp = struct.unpack_from("IH", data)
            if tp in (2, 3):
                err = struct.unpack_from("i", data, 16)[0]
                out.append("end %d" % err)
                return out
            parts = []
            for t, v in attrs(data[20:ln]):
                parts.append("%d:%s" % (t, "ID" if t == 1 else v.hex()))
            out.append("cmd %d %s" % (data[16], " ".join(parts)))
            data = data[(ln + 3) & ~3:]


def main():
    sock = genl_socket()
    fam, _ = genl_family(sock, "IPVS")
    if fam is None:
        print("no IPVS family")
        return
    for line in policy_dump(sock):
        print("policy", line)
    seq = [10]

    def t(name, cmd, payload=b"", dump=False, version=1):
        seq[0] += 1
        print("%s: %s" % (name, genl_talk(sock, fam, cmd, version, payload,
                                          seq[0], dump)))

    t("info", C_GET_INFO)
    t("config", C_GET_CONFIG)
    t("services-empty", C_GET_SVC, dump=True)
    # services: what is required, and what Linux refuses
    t("svc-none", C_NEW_SVC)
    t("svc-af7", C_NEW_SVC, svc(af=7))
    t("svc-no-af", C_NEW_SVC, nla(A_SVC, u16(S_PROTO, 6)))
    t("svc-short-af", C_NEW_SVC,
      nla(A_SVC, nla(S_AF, b"\2") + u32(S_FWMARK, 1)))
    t("svc-long-addr", C_NEW_SVC, svc(addr=b"\1" * 20))
    t("svc-no-sched", C_NEW_SVC, svc(full=False))
    t("svc-bad-sched", C_NEW_SVC, svc(sched="nosuch"))
    t("svc-long-sched", C_NEW_SVC, svc(sched="x" * 16))
    t("svc-bad-pe", C_NEW_SVC, svc(pe="nosuch"))
    t("svc-v6-mask0", C_NEW_SVC, svc(af=10, addr=v6("2001:db8::1"),
                                     netmask=0))
    t("svc-v6-mask129", C_NEW_SVC, svc(af=10, addr=v6("2001:db8::1"),
                                       netmask=129))
    t("svc-top-bad", C_NEW_SVC, svc() + nla(A_TCP, b"\1\2"))
    t("svc-add", C_NEW_SVC, svc(sched="wrr", flags=(0x1, 0xffffffff),
                                timeout=60, extra=u32(S_STATS, 5)))
    t("svc-again", C_NEW_SVC, svc())
    t("svc-get", C_GET_SVC, svc(full=False))
    t("svc-get-none", C_GET_SVC, svc(port=81, full=False))
    t("svc-get-noarg", C_GET_SVC)
    t("svc-set-none", C_SET_SVC, svc(port=81))
    t("svc-del-none", C_DEL_SVC, svc(port=81, full=False))
    t("svc-set-flags", C_SET_SVC, svc(sched="none", flags=(0x4, 0x4),
                                      timeout=30, netmask=0xffffff00))
    t("svc-get2", C_GET_SVC, svc(full=False))
    t("svc-add-short-addr", C_NEW_SVC, svc(addr=socket.inet_aton("10.9.9.9"),
                                           port=443, sched="sh", pe="sip",
                                           flags=(0x18, 0x18)))
    t("svc-get-short-addr", C_GET_SVC, svc(addr=v4("10.9.9.9"), port=443,
                                           full=False))
    t("svc-fwm-add", C_NEW_SVC, svc(fwmark=7, sched="mh", proto=17))
    t("svc-fwm-get", C_GET_SVC, svc(fwmark=7, full=False))
    t("svc-v6-add", C_NEW_SVC, svc(af=10, addr=v6("2001:db8::1"), proto=17,
                                   port=53, sched="lc", netmask=64))
    t("svc-v6-get", C_GET_SVC, svc(af=10, addr=v6("2001:db8::1"), proto=17,
                                   port=53, full=False))
    # destinations
    t("dest-none", C_NEW_DEST, svc(full=False))
    t("dest-svc-none", C_NEW_DEST, svc(port=81, full=False) + dest())
    t("dest-no-weight", C_NEW_DEST, svc(full=False) + dest(full=False))
    t("dest-neg-weight", C_NEW_DEST, svc(full=False) + dest(weight=-1 & 0xffffffff))
    t("dest-thresh", C_NEW_DEST, svc(full=False) + dest(uth=5, lth=6))
    t("dest-gue-noport", C_NEW_DEST, svc(full=False) +
      dest(fwd=2, extra=u8(D_TUN_TYPE, 1)))
    t("dest-mcast", C_NEW_DEST, svc(full=False) + dest(addr="224.0.0.5"))
    t("dest-zero", C_NEW_DEST, svc(full=False) + dest(addr="0.0.0.0"))
    t("dest-bcast", C_NEW_DEST, svc(full=False) +
      dest(addr="255.255.255.255"))
    t("dest-af3", C_NEW_DEST, svc(full=False) + dest(af=3))
    t("dest-v6-masq", C_NEW_DEST, svc(full=False) +
      dest(addr="2001:db8::2", af=10))
    t("dest-add", C_NEW_DEST, svc(full=False) +
      dest(fwd=0x43, weight=5, uth=100, lth=10))
    t("dest-add-gue", C_NEW_DEST, svc(full=False) +
      dest(addr="192.168.1.3", port=8080, fwd=2,
           extra=u8(D_TUN_TYPE, 1) + be16(D_TUN_PORT, 5555) +
           u16(D_TUN_FLAGS, 1)))
    t("dest-add-local", C_NEW_DEST, svc(full=False) +
      dest(addr="127.0.0.1", port=8080))
    t("dest-again", C_NEW_DEST, svc(full=False) + dest())
    t("dests", C_GET_DEST, svc(full=False), dump=True)
    t("dests-nosvc", C_GET_DEST, svc(port=81, full=False), dump=True)
    t("dests-noarg", C_GET_DEST, dump=True)
    t("dests-bad", C_GET_DEST, nla(A_SVC, nla(S_AF, b"\2")), dump=True)
    t("dest-set-none", C_SET_DEST, svc(full=False) + dest(addr="192.168.1.9"))
    t("dest-set", C_SET_DEST, svc(full=False) + dest(fwd=3, weight=0))
    t("dest-del-none", C_DEL_DEST, svc(full=False) +
      dest(addr="192.168.1.9", full=False))
    t("dest-del", C_DEL_DEST, svc(full=False) +
      dest(addr="127.0.0.1", port=8080, full=False))
    t("dests2", C_GET_DEST, svc(full=False), dump=True)
    t("dest-v6-tun", C_NEW_DEST, svc(full=False) +
      dest(addr="2001:db8::2", af=10, fwd=2))
    t("dest-v6-del-wrongaf", C_DEL_DEST, svc(full=False) +
      dest(addr="2001:db8::2", full=False))
    # the sync daemons
    t("daemon-mixed", C_NEW_DAEMON, daemon(syncid=1))
    t("dest-v6-del", C_DEL_DEST, svc(full=False) +
      dest(addr="2001:db8::2", af=10, full=False))
    t("daemon-none", C_NEW_DAEMON)
    t("daemon-no-syncid", C_NEW_DAEMON, daemon())
    t("daemon-long-ifn", C_NEW_DAEMON, daemon(ifn="x" * 20, syncid=1))
    t("daemon-no-dev", C_NEW_DAEMON, daemon(ifn="nosuch0", syncid=1))
    t("daemon-state3", C_NEW_DAEMON, daemon(state=3, syncid=1))
    t("daemon-group", C_NEW_DAEMON, daemon(syncid=1, extra=nla(
        M_GROUP, socket.inet_aton("10.0.0.1"))))
    t("daemon-group6", C_NEW_DAEMON, daemon(syncid=1, extra=nla(
        M_GROUP6, v6("2001:db8::1"))))
    t("daemon-master", C_NEW_DAEMON, daemon(syncid=5, extra=u16(
        M_MAXLEN, 70) + u16(M_PORT, 9000) + u8(M_TTL, 3)))
    t("daemon-master-again", C_NEW_DAEMON, daemon(syncid=5))
    t("daemon-backup", C_NEW_DAEMON, daemon(state=2, syncid=6, extra=u16(
        M_MAXLEN, 100) + nla(M_GROUP, socket.inet_aton("239.1.2.3"))))
    t("daemons", C_GET_DAEMON, dump=True)
    t("daemon-v6-dest", C_NEW_DEST, svc(full=False) +
      dest(addr="2001:db8::2", af=10, fwd=2))
    t("daemon-del-none", C_DEL_DAEMON)
    t("daemon-del-nostate", C_DEL_DAEMON, nla(A_DAEMON, b""))
    t("daemon-del-4", C_DEL_DAEMON, daemon(state=4, ifn=None))
    t("daemon-del-master", C_DEL_DAEMON, daemon(state=1, ifn=None))
    t("daemon-del-master2", C_DEL_DAEMON, daemon(state=1, ifn=None))
    t("daemon-del-backup", C_DEL_DAEMON, daemon(state=2, ifn=None))
    t("daemons2", C_GET_DAEMON, dump=True)
    # timeouts, zero, flush
    t("config-neg", C_SET_CONFIG, u32(A_TCP, 0xffffffff))
    t("config-bad", C_SET_CONFIG, nla(A_UDP, b"\1"))
    t("config-set", C_SET_CONFIG, u32(A_TCP, 0) + u32(A_UDP, 77) +
      u32(A_TCPFIN, 3000))
    t("config2", C_GET_CONFIG)
    t("zero-all", C_ZERO)
    t("zero-svc", C_ZERO, svc(full=False))
    t("zero-none", C_ZERO, svc(port=81, full=False))
    t("set-info", C_SET_INFO)
    t("unspec", 0)
    t("cmd-18", 18)
    t("del-svc", C_DEL_SVC, svc(fwmark=7, full=False))
    t("svc-get-deleted", C_GET_SVC, svc(fwmark=7, full=False))
    t("flush", C_FLUSH)
    t("services-flushed", C_GET_SVC, dump=True)

    def nobody():
        nsock = genl_socket()
        print("info: %s" % genl_talk(nsock, fam, C_GET_INFO, 1, b"", 99))
        print("services: %s" % genl_talk(nsock, fam, C_GET_SVC, 1, b"", 100,
                                         True))
    as_nobody(nobody)


main()
