#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Send the malformed tc filter and action requests iproute2 will not
# make, on the clsact of the device named by argv[1], and print each
# one's errno and extended-ACK message.
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nlmsg import nla, ack  # noqa: E402

RTM_NEWTFILTER, RTM_NEWACTION, RTM_DELACTION, RTM_GETACTION = 44, 48, 49, 50
F_REQ, F_ACK, F_ROOT, F_EXCL, F_CREATE = 0x1, 0x4, 0x100, 0x200, 0x400
NEW = F_REQ | F_ACK | F_EXCL | F_CREATE
INGRESS = 0xFFFFFFF2


def u32(v):
    return struct.pack('=I', v)


def mirred(eaction=1, ifindex=1, action=4, index=0, short=False):
    parms = struct.pack('=IIiiiiI', index, 0, action, 0, 0, eaction, ifindex)
    return nla(2, parms[:20] if short else parms)


def act(kind, opts=None, extra=b''):
    body = nla(1, kind.encode() + b'\0') + extra
    if opts is not None:
        body += nla(2, opts)
    return body


def tab(*acts):
    return b''.join(nla(i + 1, a) for i, a in enumerate(acts))


def sel(nkeys, keys):
    return struct.pack('=BBBxHHhhI', 1, 0, nkeys, 0, 0, 0, 0, 0) + keys


KEY = struct.pack('=IIii', 0xffffffff, 0x04030201, 16, 0)


def main():
    ifindex = socket.if_nametoindex(sys.argv[1])
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.bind((0, 0))
    s.setsockopt(270, 10, 1)  # NETLINK_CAP_ACK
    s.setsockopt(270, 11, 1)  # NETLINK_EXT_ACK

    def tcm(prio, proto=0x0008, handle=0, parent=INGRESS):
        return struct.pack('=BxxxiIII', 0, ifindex, handle, parent,
                           (prio << 16) | proto)

    def filt(opts, prio=1, handle=0, extra=b''):
        return tcm(prio, handle=handle) + nla(1, b'u32\0') + extra + \
            (nla(2, opts) if opts is not None else b'')

    cases = [
        ('action without a table', RTM_NEWACTION, NEW, b'\0' * 4),
        ('action without a kind', RTM_NEWACTION, NEW,
         b'\0' * 4 + nla(1, tab(nla(4, b'')))),
        ('action of an unknown kind', RTM_NEWACTION, NEW,
         b'\0' * 4 + nla(1, tab(act('nosuchact', b'')))),
        ('33 actions', RTM_NEWACTION, NEW,
         b'\0' * 4 + nla(1, tab(*[act('mirred', mirred())] * 33))),
        ('mirred without options', RTM_NEWACTION, NEW,
         b'\0' * 4 + nla(1, tab(act('mirred')))),
        ('mirred without parms', RTM_NEWACTION, NEW,
         b'\0' * 4 + nla(1, tab(act('mirred', nla(4, u32(1)))))),
        ('mirred parms too short', RTM_NEWACTION, NEW,
         b'\0' * 4 + nla(1, tab(act('mirred', mirred(short=True))))),
        ('mirred eaction 9', RTM_NEWACTION, NEW,
         b'\0' * 4 + nla(1, tab(act('mirred', mirred(eaction=9))))),
        ('mirred without a device', RTM_NEWACTION, NEW,
         b'\0' * 4 + nla(1, tab(act('mirred', mirred(ifindex=0))))),
        ('mirred to ifindex 999', RTM_NEWACTION, NEW,
         b'\0' * 4 + nla(1, tab(act('mirred', mirred(ifindex=999))))),
        ('mirred control action 12', RTM_NEWACTION, NEW,
         b'\0' * 4 + nla(1, tab(act('mirred', mirred(action=12))))),
        ('mirred goto chain alone', RTM_NEWACTION, NEW,
         b'\0' * 4 + nla(1, tab(act('mirred', mirred(action=0x20000001))))),
        ('mirred skip_hw and skip_sw', RTM_NEWACTION, NEW,
         b'\0' * 4 + nla(1, tab(act('mirred', mirred(),
                                    nla(7, struct.pack('=II', 6, 6)))))),
        ('mirred cookie of 17 bytes', RTM_NEWACTION, NEW,
         b'\0' * 4 + nla(1, tab(act('mirred', mirred(),
                                    nla(6, b'x' * 17))))),
        ('mirred with a cookie', RTM_NEWACTION, NEW,
         b'\0' * 4 + nla(1, tab(act('mirred', mirred(index=40),
                                    nla(6, b'cookie'))))),
        ('get without an index', RTM_GETACTION, F_REQ | F_ACK,
         b'\0' * 4 + nla(1, tab(act('mirred')))),
        ('get of an unknown kind', RTM_GETACTION, F_REQ | F_ACK,
         b'\0' * 4 + nla(1, tab(act('nosuchact', None, nla(3, u32(1)))))),
        ('flush without an action', RTM_DELACTION, F_REQ | F_ACK | F_ROOT,
         b'\0' * 4 + nla(1, b'')),
        ('flush of an unknown kind', RTM_DELACTION, F_REQ | F_ACK | F_ROOT,
         b'\0' * 4 + nla(1, tab(act('nosuchact')))),
        ('u32 without a selector', RTM_NEWTFILTER, NEW,
         filt(nla(1, u32(0x10001)))),
        ('u32 selector short of its keys', RTM_NEWTFILTER, NEW,
         filt(nla(5, sel(5, KEY)))),
        ('u32 selector shorter than its header', RTM_NEWTFILTER, NEW,
         filt(nla(5, b'\0' * 8))),
        ('u32 flags skip_hw and skip_sw', RTM_NEWTFILTER, NEW,
         filt(nla(5, sel(1, KEY)) + nla(11, u32(3)))),
        ('u32 divisor 0', RTM_NEWTFILTER, NEW, filt(nla(4, u32(0)))),
        ('u32 divisor on a key', RTM_NEWTFILTER, NEW,
         filt(nla(4, u32(2)), handle=0x00100001)),
        ('u32 handle without options', RTM_NEWTFILTER, NEW,
         filt(None, handle=0x80000801)),
        ('u32 indev unknown', RTM_NEWTFILTER, NEW,
         filt(nla(5, sel(1, KEY)) + nla(6, b'nosuchdev\0'))),
        ('u32 indev too long', RTM_NEWTFILTER, NEW,
         filt(nla(5, sel(1, KEY)) + nla(6, b'x' * 20 + b'\0'))),
        ('u32 link to a key', RTM_NEWTFILTER, NEW,
         filt(nla(5, sel(1, KEY)) + nla(3, u32(0x80000801)))),
        ('u32 with the old police', RTM_NEWTFILTER, NEW,
         filt(nla(5, sel(1, KEY)) + nla(6 + 0, b'v0\0') + nla(9, b''))),
        ('u32 with a mark', RTM_NEWTFILTER, NEW,
         filt(nla(5, sel(1, KEY)) + nla(10, struct.pack('=III', 7, 0xff, 0))),
         ),
        ('filter kind too long', RTM_NEWTFILTER, NEW,
         tcm(2) + nla(1, b'x' * 20 + b'\0')),
        ('filter chain too high', RTM_NEWTFILTER, NEW,
         tcm(2) + nla(1, b'u32\0') + nla(11, u32(1 << 28))),
        ('filter without a kind', RTM_NEWTFILTER, NEW, tcm(3)),
        ('filter without a protocol', RTM_NEWTFILTER, NEW,
         tcm(3, proto=0) + nla(1, b'u32\0')),
        ('filter header short', RTM_NEWTFILTER, NEW, b'\0' * 8),
    ]
    for seq, (name, typ, flags, body) in enumerate(cases, 1):
        s.send(struct.pack('=IHHII', 16 + len(body), typ, flags, seq, 0) +
               body)
        while True:
            data = s.recv(65536)
            if struct.unpack_from('=H', data, 4)[0] == 2:
                break
        err, msg = ack(data)
        print('%s: %d %s' % (name, err, msg))


main()
