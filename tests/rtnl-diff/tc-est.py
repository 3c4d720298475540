#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Rate estimators (TCA_RATE) and size tables (TCA_STAB) that tc will not
# send, on the device named by argv[1], each request's errno and
# extended-ACK text printed.  argv[2]: "qdisc" replaces its root with a
# pfifo 1: with each; "change" changes its root htb 2: with each; "class"
# makes htb classes 2:N under that root with each estimator, then
# changes its class 2:10 with each.
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nlmsg import nla, ack  # noqa: E402

RTM_NEWQDISC, RTM_NEWTCLASS = 36, 40
TCA_KIND, TCA_OPTIONS, TCA_RATE, TCA_STAB = 1, 2, 5, 8
TCA_STAB_BASE, TCA_STAB_DATA = 1, 2
TCA_HTB_PARMS = 1
F_REQ, F_ACK, F_EXCL, F_CREATE, F_REPLACE = 0x1, 0x4, 0x200, 0x400, 0x100


def est(interval, ewma):
    return nla(TCA_RATE, struct.pack('=bB', interval, ewma))


def spec(cell_log=0, size_log=0, cell_align=0, overhead=0, linklayer=1,
         mpu=0, mtu=0, tsize=0):
    return struct.pack('=BBhiIIII', cell_log, size_log, cell_align,
                       overhead, linklayer, mpu, mtu, tsize)


def stab(*parts):
    return nla(TCA_STAB, b''.join(parts))


def htb_parms():
    rate = struct.pack('=BBHhHI', 0, 0, 0, 0, 0, 125000)
    return nla(TCA_OPTIONS, nla(TCA_HTB_PARMS, rate + rate +
                                struct.pack('=IIIII', 1000, 1000, 0, 0, 0)))


def talk(sock, kind, flags, ifindex, parent, handle, body, seq):
    tcm = struct.pack('=BxxxiIII', 0, ifindex, handle, parent, 0)
    msg = tcm + body
    sock.send(struct.pack('=IHHII', 16 + len(msg), kind, flags, seq, 0) + msg)
    data = sock.recv(65536)
    err, text = ack(data)
    return '%d %s' % (err, text) if text else str(err)


CASES = [
    ('rate short', est(0, 3)[:5] + b'\0\0\0'),
    ('rate long', nla(TCA_RATE, b'\0\3\0')),
    ('rate interval -3', est(-3, 3)),
    ('rate interval 4', est(4, 3)),
    ('rate ewma 0', est(0, 0)),
    ('rate ewma 31', est(0, 31)),
    ('rate ewma 30', est(-2, 30)),
    ('stab empty', stab()),
    ('stab base short', stab(nla(TCA_STAB_BASE, spec()[:20]))),
    ('stab no data', stab(nla(TCA_STAB_BASE, spec(tsize=4)))),
    ('stab data short', stab(nla(TCA_STAB_BASE, spec(tsize=4)),
                             nla(TCA_STAB_DATA, b'\1\0' * 3))),
    ('stab data long', stab(nla(TCA_STAB_BASE, spec(tsize=2)),
                            nla(TCA_STAB_DATA, b'\1\0' * 3))),
    ('stab size_log 31', stab(nla(TCA_STAB_BASE, spec(size_log=31)))),
    ('stab cell_log 31', stab(nla(TCA_STAB_BASE, spec(cell_log=31)))),
    ('stab data unasked', stab(nla(TCA_STAB_BASE, spec(overhead=-4)),
                               nla(TCA_STAB_DATA, b'\1\0' * 3))),
    ('stab data', stab(nla(TCA_STAB_BASE, spec(cell_log=3, tsize=2,
                                                 mtu=64)),
                       nla(TCA_STAB_DATA, b'\x40\0\x80\0'))),
]


def main():
    ifindex = socket.if_nametoindex(sys.argv[1])
    mode = sys.argv[2]
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.setsockopt(270, 10, 1)  # NETLINK_CAP_ACK
    s.setsockopt(270, 11, 1)  # NETLINK_EXT_ACK
    s.bind((0, 0))
    seq = 1
    if mode in ('qdisc', 'change'):
        kind, handle = ((b'pfifo\0', 0x10000) if mode == 'qdisc'
                        else (b'htb\0', 0x20000))
        flags = F_REQ | F_ACK | (F_CREATE | F_REPLACE
                                 if mode == 'qdisc' else 0)
        for name, body in CASES:
            seq += 1
            print(mode, name, talk(s, RTM_NEWQDISC, flags, ifindex,
                                   0xFFFFFFFF, handle,
                                   nla(TCA_KIND, kind) + body, seq))
        return
    rates = [(name, body) for name, body in CASES if name.startswith('rate')]
    for new in (True, False):
        for n, (name, body) in enumerate(rates, 0x20):
            seq += 1
            flags = F_REQ | F_ACK | (F_CREATE | F_EXCL if new else 0)
            cls = 0x20000 | (n if new else 0x10)
            print('new' if new else 'change', name,
                  talk(s, RTM_NEWTCLASS, flags, ifindex, 0x20000, cls,
                       nla(TCA_KIND, b'htb\0') + htb_parms() + body, seq))


main()
