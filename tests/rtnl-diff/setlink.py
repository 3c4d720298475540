#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""RTM_NEWLINK requests iproute2 will not send, for the device of ifindex
argv[1]: XDP status attributes and flags, virtual-function and port
attributes.  One line per request with the errno and extended-ACK
message it got.  (An XDP program itself is not tried: unetlink runs
none, see docs/conformance.md.)"""
import socket
import struct
import sys

from nlmsg import ack, nla

NETLINK_CAP_ACK, NETLINK_EXT_ACK = 10, 11
IFLA_VFINFO_LIST, IFLA_VF_PORTS, IFLA_PORT_SELF, IFLA_XDP = 22, 24, 25, 43
XDP_FD, XDP_ATTACHED, XDP_FLAGS, XDP_PROG_ID, XDP_EXPECTED_FD = \
    1, 2, 3, 4, 8
IFLA_VF_INFO, IFLA_VF_MAC = 1, 1


def u32(v):
    return struct.pack('=I', v & 0xffffffff)


CASES = [
    ('xdp detach', nla(IFLA_XDP, nla(XDP_FD, u32(-1)))),
    ('xdp empty', nla(IFLA_XDP, b'')),
    ('xdp attached', nla(IFLA_XDP, nla(XDP_ATTACHED, b'\0'))),
    ('xdp flags only', nla(IFLA_XDP, nla(XDP_FLAGS, u32(2)))),
    ('xdp unknown flag', nla(IFLA_XDP, nla(XDP_FD, u32(-1)) +
                             nla(XDP_FLAGS, u32(0x100)))),
    ('xdp two modes', nla(IFLA_XDP, nla(XDP_FD, u32(-1)) +
                          nla(XDP_FLAGS, u32(6)))),
    ('xdp detach skb mode', nla(IFLA_XDP, nla(XDP_FD, u32(-1)) +
                                nla(XDP_FLAGS, u32(2)))),
    ('xdp expected fd', nla(IFLA_XDP, nla(XDP_FD, u32(-1)) +
                            nla(XDP_EXPECTED_FD, u32(0)))),
    ('xdp prog id', nla(IFLA_XDP, nla(XDP_PROG_ID, u32(1)))),
    ('vf empty list', nla(IFLA_VFINFO_LIST, b'')),
    ('vf info empty', nla(IFLA_VFINFO_LIST, nla(IFLA_VF_INFO, b''))),
    ('vf mac', nla(IFLA_VFINFO_LIST, nla(IFLA_VF_INFO, nla(
        IFLA_VF_MAC, u32(0) + b'\x02' + b'\0' * 31)))),
    ('vf wrong type', nla(IFLA_VFINFO_LIST, nla(2, b''))),
    ('vf ports empty', nla(IFLA_VF_PORTS, b'')),
    ('vf ports', nla(IFLA_VF_PORTS, nla(1, nla(1, u32(0))))),
    ('port self empty', nla(IFLA_PORT_SELF, b'')),
    ('port self', nla(IFLA_PORT_SELF, nla(2, b'x\0'))),
]


def main():
    index = int(sys.argv[1])
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    sock.setsockopt(270, NETLINK_EXT_ACK, 1)
    sock.setsockopt(270, NETLINK_CAP_ACK, 1)
    for seq, (name, attrs) in enumerate(CASES, 1):
        body = struct.pack('=BxHiII', 0, 0, index, 0, 0) + attrs
        sock.send(struct.pack('=IHHII', 16 + len(body), 16, 0x5, seq, 0) +
                  body)
        err, msg = ack(sock.recv(65536))
        print('%s: %d %s' % (name, err, msg))


main()
