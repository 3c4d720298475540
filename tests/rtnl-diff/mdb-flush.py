#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Bulk deletions of a bridge's MDB (RTM_DELMDB with NLM_F_BULK: what
`bridge mdb flush` sends, which this iproute2 may lack): one line per
request with the errno and extended-ACK message it got.  argv[1] is the
bridge's name; each further argument one request, KEY=VALUE,...:
port=DEV, vid=N, state=N (MDB_PERMANENT 1), flags=N, proto=N (the
entry's address protocol), rtprot=N, mask=N (MDBE_ATTR_STATE_MASK),
len=N (the entry's length), ifindex=N (the header's)."""
import socket
import struct
import sys

from nlmsg import ack, nla

NETLINK_CAP_ACK, NETLINK_EXT_ACK = 10, 11
RTM_DELMDB = 85
NLM_F_REQUEST, NLM_F_ACK, NLM_F_BULK = 0x1, 0x4, 0x200
MDBA_SET_ENTRY, MDBA_SET_ENTRY_ATTRS = 1, 2
MDBE_ATTR_RTPROT, MDBE_ATTR_STATE_MASK = 4, 10


def ifindex(name):
    return socket.if_nametoindex(name)


def request(sock, br, seq, spec):
    opts = dict(kv.split('=', 1) for kv in spec.split(',') if kv)
    port = ifindex(opts['port']) if 'port' in opts else 0
    entry = struct.pack('=IBBH16sH2x', port, int(opts.get('state', 0)),
                        int(opts.get('flags', 0)), int(opts.get('vid', 0)),
                        b'\0' * 16, int(opts.get('proto', 0)))
    entry = entry[:int(opts.get('len', len(entry)))]
    attrs = b''
    if 'rtprot' in opts:
        attrs += nla(MDBE_ATTR_RTPROT, struct.pack('=B', int(opts['rtprot'])))
    if 'mask' in opts:
        attrs += nla(MDBE_ATTR_STATE_MASK, struct.pack('=B', int(opts['mask'])))
    body = struct.pack('=B3xI', socket.AF_BRIDGE,
                       int(opts.get('ifindex', br))) + nla(MDBA_SET_ENTRY,
                                                           entry)
    if attrs:
        body += nla(MDBA_SET_ENTRY_ATTRS | 0x8000, attrs)
    flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_BULK
    sock.send(struct.pack('=IHHII', 16 + len(body), RTM_DELMDB, flags, seq, 0)
              + body)
    return ack(sock.recv(65536))


def main():
    br = ifindex(sys.argv[1])
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    sock.setsockopt(270, NETLINK_EXT_ACK, 1)
    sock.setsockopt(270, NETLINK_CAP_ACK, 1)
    for seq, spec in enumerate(sys.argv[2:], 1):
        err, msg = request(sock, br, seq, spec)
        print('%s: %d %s' % (spec, err, msg))


main()
