#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The qdisc and class requests of tc-sched.cmds that iproute2 cannot
# make (it checks the values first, or never sends the attribute):
# prio, ets, cbs, netem, drr and qfq options that are missing, short,
# zero, out of range or of a type the kind's policy does not have.
# Prints each request's errno and extended-ACK message, with the
# attribute at fault and the missing attribute where the answer names
# them.
#   tc-sched-raw.py KIND DEV    KIND's cases on DEV (prio, ets, cbs,
#                               netem, drr, qfq); the qdisc cases ask
#                               for DEV's root with handle 1:, the
#                               class cases change the classes of an
#                               existing root 1: of that kind
import os
import socket
import struct
import sys

# nlmsg.py: beside this file in the guest, in ../rtnl-diff here
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [_here, os.path.join(_here, '..', 'rtnl-diff')]
from nlmsg import nla, ack  # noqa: E402

RTM_NEWQDISC, RTM_NEWTCLASS = 36, 40
F_REQ, F_ACK, F_REPLACE, F_CREATE = 0x1, 0x4, 0x100, 0x400
ROOT = 0xFFFFFFFF
NESTED = 0x8000


def u8(v):
    return struct.pack('=B', v)


def u32(v):
    return struct.pack('=I', v)


def u64(v):
    return struct.pack('=Q', v)


def prio_qopt(bands, priomap=None, size=20):
    if priomap is None:
        priomap = [min(i, bands - 1) for i in range(16)]
    return (struct.pack('=i16B', bands, *priomap) + b'\0' * 8)[:size]


def netem_qopt(latency=0, limit=1000, loss=0, gap=0, dup=0, jitter=0):
    return struct.pack('=6I', latency, limit, loss, gap, dup, jitter)


def nest(kind, *attrs):
    return nla(kind | NESTED, b''.join(attrs))


def prio_cases():
    return [
        ('no options', None),
        ('short', nla(2, prio_qopt(3, size=19))),
        ('one band', nla(2, prio_qopt(1))),
        ('17 bands', nla(2, prio_qopt(17))),
        ('map past the bands', nla(2, prio_qopt(2, [0] * 15 + [2]))),
        ('longer', nla(2, prio_qopt(4, size=28))),
    ]


def ets_cases():
    # TCA_ETS_NBANDS 1, NSTRICT 2, QUANTA 3, QUANTA_BAND 4, PRIOMAP 5,
    # PRIOMAP_BAND 6
    nb = nla(1, u8(3))
    return [
        ('no options', None),
        ('no bands', nest(2, nla(2, u8(1)))),
        ('zero bands', nest(2, nla(1, u8(0)))),
        ('17 bands', nest(2, nla(1, u8(17)))),
        ('strict over bands', nest(2, nb, nla(2, u8(4)))),
        ('zero quantum', nest(2, nb, nest(3, nla(4, u32(0))))),
        ('quantum 1', nest(2, nb, nest(3, nla(4, u32(1))))),
        ('quantum 2M', nest(2, nb, nest(3, nla(4, u32(2 << 20))))),
        ('quanta past the bands',
         nest(2, nb, nest(3, nla(4, u32(300)), nla(4, u32(300)),
                          nla(4, u32(300)), nla(4, u32(300))))),
        ('quanta of another type', nest(2, nb, nest(3, nla(6, u8(1))))),
        ('short quantum', nest(2, nb, nest(3, nla(4, u8(1))))),
        ('priomap of another type', nest(2, nb, nest(5, nla(4, u32(1))))),
        ('priomap past the bands', nest(2, nb, nest(5, nla(6, u8(3))))),
        ('17 priorities', nest(2, nb, nest(5, *[nla(6, u8(0))] * 17))),
        ('unknown attribute', nest(2, nb, nla(9, u8(0)))),
        ('options not nested', nla(2, nb)),
        ('quanta not nested', nest(2, nb, nla(3, nla(4, u32(300))))),
        ('ok', nest(2, nla(1, u8(4)), nla(2, u8(1)),
                   nest(3, nla(4, u32(1000)), nla(4, u32(0x200000))))),
    ]


def ets_class_cases():
    return [
        ('class no options', 0x10001, None),
        ('class zero quantum', 0x10003, nest(2, nla(4, u32(0)))),
        ('class quantum 1', 0x10003, nest(2, nla(4, u32(1)))),
        ('class strict quantum', 0x10001, nest(2, nla(4, u32(600)))),
        ('class other attribute', 0x10003, nest(2, nla(6, u8(1)))),
        ('class empty', 0x10003, nest(2)),
        ('class past the bands', 0x10009, nest(2, nla(4, u32(600)))),
    ]


def cbs_parms(size=20, offload=0):
    # struct tc_cbs_qopt: offload, 3 pads, hicredit, locredit,
    # idleslope, sendslope
    return struct.pack('=B3xiiii', offload, 10, -10, 1000, -1000)[:size]


def cbs_cases():
    return [
        ('no options', None),
        ('no parms', nest(2)),
        ('short parms', nest(2, nla(1, cbs_parms(16)))),
        ('unknown attribute', nest(2, nla(1, cbs_parms()), nla(5, u32(0)))),
        ('offload', nest(2, nla(1, cbs_parms(offload=1)))),
        ('ok', nest(2, nla(1, cbs_parms()))),
    ]


def netem_cases():
    q = netem_qopt()

    def opts(more=b''):
        return nla(2, q + more)
    return [
        ('no options', None),
        ('short', nla(2, netem_qopt()[:20])),
        ('short correlation', opts(nla(1, u32(1)))),
        ('short rate', opts(nla(6, u32(1)))),
        ('loss model of another kind', opts(nest(5, nla(9, u32(1))))),
        ('short gemodel', opts(nest(5, nla(2, u32(1))))),
        ('latency64 negative', opts(nla(10, u64(2 ** 64 - 1000)))),
        ('jitter64 negative', opts(nla(11, u64(2 ** 64 - 1000)))),
        ('rate64 small', opts(nla(6, struct.pack('=IiIi', 100, 0, 0, 0)) +
                              nla(8, u64(5)))),
        ('unknown attribute', opts(nla(20, u32(1)))),
        ('ecn without loss', opts(nla(7, u32(1)))),
        ('ok', nla(2, netem_qopt(latency=1000, loss=5, gap=2))),
    ]


def drr_class_cases():
    return [
        ('class no options', 0x10001, None),
        ('class zero quantum', 0x10001, nest(2, nla(1, u32(0)))),
        ('class short quantum', 0x10001, nest(2, nla(1, u8(1)))),
        ('class unknown attribute', 0x10001, nest(2, nla(5, u32(1)))),
        ('class quantum 1', 0x10002, nest(2, nla(1, u32(1)))),
        ('class empty', 0x10003, nest(2)),
        ('class minor 0', 0x10000, nest(2)),
    ]


def qfq_class_cases():
    # TCA_QFQ_WEIGHT 1, LMAX 2
    return [
        ('class no options', 0x10001, None),
        ('class weight 0', 0x10001, nest(2, nla(1, u32(0)))),
        ('class weight 1025', 0x10001, nest(2, nla(1, u32(1025)))),
        ('class lmax 511', 0x10001, nest(2, nla(2, u32(511)))),
        ('class lmax 65537', 0x10001, nest(2, nla(2, u32(65537)))),
        ('class unknown attribute', 0x10001, nest(2, nla(5, u32(1)))),
        ('class empty', 0x10002, nest(2)),
        ('class minor 0', 0x10000, nest(2)),
    ]


def run(s, ifindex, kind, cases, typ):
    for seq, case in enumerate(cases, 1):
        if typ == RTM_NEWQDISC:
            name, opts = case
            tcm = struct.pack('=BxxxiIII', 0, ifindex, 0x10000, ROOT, 0)
            flags = F_REQ | F_ACK | F_CREATE | F_REPLACE
        else:
            name, classid, opts = case
            tcm = struct.pack('=BxxxiIII', 0, ifindex, classid, 0x10000, 0)
            flags = F_REQ | F_ACK | F_CREATE
        body = tcm + nla(1, kind.encode() + b'\0')
        if opts is not None:
            body += opts
        s.send(struct.pack('=IHHII', 16 + len(body), typ, flags, seq, 0) +
               body)
        while True:
            data = s.recv(65536)
            if struct.unpack_from('=H', data, 4)[0] == 2:
                break
        err, msg = ack(data)
        print('%s %s: %d %s' % (kind, name, err, msg))


def main():
    kind, dev = sys.argv[1], sys.argv[2]
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.bind((0, 0))
    s.setsockopt(270, 10, 1)  # NETLINK_CAP_ACK
    s.setsockopt(270, 11, 1)  # NETLINK_EXT_ACK
    ifindex = socket.if_nametoindex(dev)
    qdisc = {'prio': prio_cases, 'ets': ets_cases, 'cbs': cbs_cases,
             'netem': netem_cases}
    classes = {'ets': ets_class_cases, 'drr': drr_class_cases,
               'qfq': qfq_class_cases}
    if kind in qdisc:
        run(s, ifindex, kind, qdisc[kind](), RTM_NEWQDISC)
    if kind in classes:
        run(s, ifindex, kind, classes[kind](), RTM_NEWTCLASS)


main()
