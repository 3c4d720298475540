#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""RTM_NEWMDB with a filter mode and a source list (what `bridge mdb add
... filter_mode ... source_list ...` sends, which this iproute2 may
lack): one line per request with the errno and extended-ACK message it
got.  argv[1] is the bridge's name; each further argument one request,
KEY=VALUE,...: port=DEV, grp=ADDR, state=N (MDB_PERMANENT 1), mode=N
(MCAST_EXCLUDE 0, MCAST_INCLUDE 1), srcs=A+B+... (the source list; an
empty item is an entry without an address), src=ADDR (MDBE_ATTR_SOURCE),
rtprot=N, replace=1 (NLM_F_REPLACE), many=N (N sources 10.9.0.1...)."""
import ipaddress
import socket
import struct
import sys

from nlmsg import ack, nla

NETLINK_CAP_ACK, NETLINK_EXT_ACK = 10, 11
RTM_NEWMDB = 84
NLM_F_REQUEST, NLM_F_ACK = 0x1, 0x4
NLM_F_REPLACE, NLM_F_CREATE = 0x100, 0x400
NLA_F_NESTED = 0x8000
MDBA_SET_ENTRY, MDBA_SET_ENTRY_ATTRS = 1, 2
MDBE_ATTR_SOURCE, MDBE_ATTR_SRC_LIST, MDBE_ATTR_GROUP_MODE = 1, 2, 3
MDBE_ATTR_RTPROT = 4
MDBE_SRC_LIST_ENTRY, MDBE_SRCATTR_ADDRESS = 1, 1
ETH_P_IP, ETH_P_IPV6 = 0x0800, 0x86DD


def addr(text):
    return ipaddress.ip_address(text).packed


def src_list(items):
    body = b''
    for item in items:
        inner = nla(MDBE_SRCATTR_ADDRESS, addr(item)) if item else b''
        body += nla(MDBE_SRC_LIST_ENTRY | NLA_F_NESTED, inner)
    return nla(MDBE_ATTR_SRC_LIST | NLA_F_NESTED, body)


def request(sock, br, seq, spec):
    opts = dict(kv.split('=', 1) for kv in spec.split(',') if kv)
    port = socket.if_nametoindex(opts.get('port', br))
    group = addr(opts['grp'])
    proto = ETH_P_IP if len(group) == 4 else ETH_P_IPV6
    entry = struct.pack('=IBBH16s', port, int(opts.get('state', 0)), 0, 0,
                        group) + struct.pack('!H', proto) + b'\0\0'
    attrs = b''
    if 'src' in opts:
        attrs += nla(MDBE_ATTR_SOURCE, addr(opts['src']))
    if 'srcs' in opts:
        attrs += src_list(opts['srcs'].split('+'))
    if 'many' in opts:
        attrs += src_list(['10.9.0.%d' % (i + 1)
                           for i in range(int(opts['many']))])
    if 'mode' in opts:
        attrs += nla(MDBE_ATTR_GROUP_MODE, struct.pack('=B', int(opts['mode'])))
    if 'rtprot' in opts:
        attrs += nla(MDBE_ATTR_RTPROT, struct.pack('=B', int(opts['rtprot'])))
    body = struct.pack('=B3xI', socket.AF_BRIDGE,
                       socket.if_nametoindex(br)) + nla(MDBA_SET_ENTRY, entry)
    if attrs:
        body += nla(MDBA_SET_ENTRY_ATTRS | NLA_F_NESTED, attrs)
    flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE
    if opts.get('replace'):
        flags |= NLM_F_REPLACE
    sock.send(struct.pack('=IHHII', 16 + len(body), RTM_NEWMDB, flags, seq, 0)
              + body)
    return ack(sock.recv(65536))


def main():
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    sock.setsockopt(270, NETLINK_EXT_ACK, 1)
    sock.setsockopt(270, NETLINK_CAP_ACK, 1)
    for seq, spec in enumerate(sys.argv[2:], 1):
        err, msg = request(sock, sys.argv[1], seq, spec)
        print('%s: %d %s' % (spec, err, msg))


main()
