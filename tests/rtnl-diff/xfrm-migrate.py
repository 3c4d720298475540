#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Send one XFRM_MSG_MIGRATE, which iproute2 has no command for, and
print the errno and extended-ACK message it got:

  xfrm-migrate.py [sel SRC/PLEN DST/PLEN] [dir in|out|fwd|N]
                  [ulproto N] [ports SPORT DPORT] [ifid N] [ptype N]
                  [kmaddr LOCAL REMOTE] [encap TYPE SPORT DPORT]
                  [offload IFINDEX FLAGS] [entries N]
                  [m PROTO MODE REQID OLDSRC OLDDST NEWSRC NEWDST]...

Each `m` is one entry of the XFRMA_MIGRATE attribute (PROTO esp, ah,
comp or a number; MODE transport, tunnel, beet or a number); with none
the attribute is left out; `entries N` sends N zeroed entries instead.
The selector's upper protocol defaults to 255 (any)."""
import socket
import struct
import sys

from nlmsg import ack, nla

NETLINK_XFRM, NETLINK_CAP_ACK, NETLINK_EXT_ACK = 6, 10, 11
XFRM_MSG_MIGRATE = 0x21
XFRMA_ENCAP, XFRMA_POLICY_TYPE, XFRMA_MIGRATE = 4, 16, 17
XFRMA_KMADDRESS, XFRMA_OFFLOAD_DEV, XFRMA_IF_ID = 19, 28, 31
PROTOS = {'esp': 50, 'ah': 51, 'comp': 108, 'route2': 43, 'hao': 60}
MODES = {'transport': 0, 'tunnel': 1, 'ro': 2, 'beet': 4}
DIRS = {'in': 0, 'out': 1, 'fwd': 2}


def addr(text):
    """family and the 16 bytes of xfrm_address_t"""
    if ':' in text:
        return socket.AF_INET6, socket.inet_pton(socket.AF_INET6, text)
    return socket.AF_INET, socket.inet_aton(text) + b'\0' * 12


def prefix(text):
    a, plen = text.split('/')
    fam, raw = addr(a)
    return fam, raw, int(plen)


def num(table, text):
    return table[text] if text in table else int(text, 0)


def main(args):
    fam, src, splen = socket.AF_INET, b'\0' * 16, 0
    dst, dplen = b'\0' * 16, 0
    direction, ulproto, sport, dport = 1, 255, 0, 0
    attrs, entries = b'', []
    i = 0
    while i < len(args):
        word = args[i]
        if word == 'sel':
            fam, src, splen = prefix(args[i + 1])
            _, dst, dplen = prefix(args[i + 2])
            i += 3
        elif word == 'dir':
            direction = num(DIRS, args[i + 1])
            i += 2
        elif word == 'ulproto':
            ulproto = int(args[i + 1], 0)
            i += 2
        elif word == 'ports':
            sport, dport = int(args[i + 1]), int(args[i + 2])
            i += 3
        elif word == 'ifid':
            attrs += nla(XFRMA_IF_ID, struct.pack('=I', int(args[i + 1])))
            i += 2
        elif word == 'ptype':
            attrs += nla(XFRMA_POLICY_TYPE,
                         struct.pack('=BxHBx', int(args[i + 1]), 0, 0))
            i += 2
        elif word == 'kmaddr':
            kf, local = addr(args[i + 1])
            _, remote = addr(args[i + 2])
            attrs += nla(XFRMA_KMADDRESS,
                         local + remote + struct.pack('=IH2x', 0, kf))
            i += 3
        elif word == 'encap':
            # struct xfrm_encap_tmpl: type, ports, padding, address
            attrs += nla(XFRMA_ENCAP, struct.pack(
                '=H', int(args[i + 1])) + struct.pack(
                    '!HH', int(args[i + 2]), int(args[i + 3])) +
                b'\0' * 18)
            i += 4
        elif word == 'offload':
            attrs += nla(XFRMA_OFFLOAD_DEV, struct.pack(
                '=iB3x', int(args[i + 1]), int(args[i + 2], 0)))
            i += 3
        elif word == 'entries':
            entries = [b'\0' * 76] * int(args[i + 1])
            i += 2
        elif word == 'm':
            p, mode, reqid, osrc, odst, nsrc, ndst = args[i + 1:i + 8]
            of, os_ = addr(osrc)
            _, od = addr(odst)
            nf, ns = addr(nsrc)
            _, nd = addr(ndst)
            entries.append(od + os_ + nd + ns + struct.pack(
                '=BBHIHH', num(PROTOS, p), num(MODES, mode), 0,
                int(reqid), of, nf))
            i += 8
        else:
            sys.exit('xfrm-migrate.py: unknown word %r' % word)
    # struct xfrm_userpolicy_id: the selector, index, dir
    sel = dst + src + struct.pack('!HHHH', dport, 0xffff if dport else 0,
                                  sport, 0xffff if sport else 0)
    sel += struct.pack('=HBBBxxxiI', fam, dplen, splen, ulproto, 0, 0)
    body = sel + struct.pack('=IB3x', 0, direction)
    if entries:
        body += nla(XFRMA_MIGRATE, b''.join(entries))
    body += attrs
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_XFRM)
    sock.setsockopt(270, NETLINK_EXT_ACK, 1)
    sock.setsockopt(270, NETLINK_CAP_ACK, 1)
    sock.send(struct.pack('=IHHII', 16 + len(body), XFRM_MSG_MIGRATE, 0x5,
                          1, 0) + body)
    err, msg = ack(sock.recv(65536))
    print(('migrate: %d %s' % (err, msg)).rstrip())


main(sys.argv[1:])
