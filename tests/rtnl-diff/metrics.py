#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Routes with raw RTA_METRICS that iproute2 will not send (values out of
range, unknown types, wrong lengths, odd congestion-control names): one
line per request with the errno and extended-ACK message it got.  Adds
10.9.N.0/24 via the device of ifindex argv[1]."""
import socket
import struct
import sys

from nlmsg import ack, nla

NETLINK_CAP_ACK, NETLINK_EXT_ACK = 10, 11
RTA_DST, RTA_OIF, RTA_METRICS = 1, 4, 8
RTAX_MTU, RTAX_ADVMSS, RTAX_HOPLIMIT, RTAX_FEATURES, RTAX_CC_ALGO = \
    2, 8, 10, 12, 16


def u32(v):
    return struct.pack('=I', v)


def add_route(sock, oif, n, metrics):
    rtm = struct.pack('=BBBBBBBBI', socket.AF_INET, 24, 0, 0, 254, 3, 0, 1,
                      0)
    body = (rtm + nla(RTA_DST, socket.inet_aton('10.9.%d.0' % n)) +
            nla(RTA_OIF, u32(oif)) + nla(RTA_METRICS, metrics))
    flags = 0x1 | 0x4 | 0x400 | 0x200  # REQUEST ACK CREATE EXCL
    sock.send(struct.pack('=IHHII', 16 + len(body), 24, flags, n, 0) + body)
    return ack(sock.recv(65536))


CASES = [
    ('hoplimit 300', nla(RTAX_HOPLIMIT, u32(300))),
    ('mtu 70000', nla(RTAX_MTU, u32(70000))),
    ('advmss 70000', nla(RTAX_ADVMSS, u32(70000))),
    ('features 0x80', nla(RTAX_FEATURES, u32(0x80))),
    ('features 0x10', nla(RTAX_FEATURES, u32(0x10))),
    ('type 40', nla(40, u32(1))),
    ('mtu as u16', nla(RTAX_MTU, struct.pack('=H', 1))),
    ('mtu as u64', nla(RTAX_MTU, struct.pack('=Q', 1))),
    ('congctl empty', nla(RTAX_CC_ALGO, b'')),
    ('congctl too long', nla(RTAX_CC_ALGO, b'reno' * 8 + b'\0')),
    ('congctl unterminated', nla(RTAX_CC_ALGO, b'reno')),
    ('congctl padded', nla(RTAX_CC_ALGO, b'reno\0\0\0\0')),
    ('congctl unknown', nla(RTAX_CC_ALGO, b'nosuchcc\0')),
    ('mtu 0', nla(RTAX_MTU, u32(0))),
]


def main():
    oif = int(sys.argv[1])
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    sock.setsockopt(270, NETLINK_EXT_ACK, 1)
    sock.setsockopt(270, NETLINK_CAP_ACK, 1)
    for n, (name, metrics) in enumerate(CASES):
        err, msg = add_route(sock, oif, n, metrics)
        print('%s: %d %s' % (name, err, msg))


main()
