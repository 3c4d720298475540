#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# nf_tables objects as a raw client makes them, beyond what nft 1.0.6
# writes: ct timeouts of every protocol (and of none the kernel
# tracks), ct helpers, ct expectations, synproxies and secmarks with
# missing, malformed and refused attributes.  Each case is one batch of
# one NEWOBJ in table ip t; printed: its errno and extended-ACK message,
# then the objects dumped back (GETOBJ), each attribute in hex.
#   nft-obj-raw.py [secmark]
# With "secmark", the secmark cases alone (whose answer depends on the
# host's LSM: nft-diff runs them only where no LSM gives a context a
# secid); without, the others.
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'rtnl-diff'))
from nftmsg import (NESTED, be16, be32, u8, s, batch, dump,  # noqa: E402
                    nla)

NFT_MSG_NEWTABLE, NFT_MSG_NEWOBJ, NFT_MSG_GETOBJ = 0, 18, 19
# NFTA_OBJ_*
TABLE, NAME, TYPE, DATA = 1, 2, 3, 4
CT_HELPER, CT_TIMEOUT, CT_EXPECT, SECMARK, SYNPROXY = 3, 7, 9, 8, 10

def obj(name, otype, data):
    return (nla(TABLE, s('t')) + nla(NAME, s(name)) + nla(TYPE, be32(otype)) +
            nla(DATA | NESTED, data))


def cases():
    tcp, udp = 6, 17
    return [
        ('timeout icmp', CT_TIMEOUT, nla(2, u8(1)) + nla(3 | NESTED, nla(1, be32(7)))),
        ('timeout icmpv6 in ip', CT_TIMEOUT, nla(2, u8(58)) + nla(3 | NESTED, b'')),
        ('timeout sctp', CT_TIMEOUT, nla(1, be16(10)) + nla(2, u8(132)) +
         nla(3 | NESTED, nla(4, be32(99)) + nla(9, be32(5)))),
        ('timeout gre', CT_TIMEOUT, nla(2, u8(47)) + nla(3 | NESTED, nla(2, be32(1)))),
        ('timeout udplite', CT_TIMEOUT, nla(2, u8(136)) + nla(3 | NESTED, b'')),
        ('timeout generic', CT_TIMEOUT, nla(2, u8(255)) + nla(3 | NESTED, nla(1, be32(9)))),
        ('timeout proto 99', CT_TIMEOUT, nla(2, u8(99)) + nla(3 | NESTED, b'')),
        ('timeout without data', CT_TIMEOUT, nla(2, u8(tcp))),
        ('timeout state of 2 bytes', CT_TIMEOUT, nla(2, u8(udp)) +
         nla(3 | NESTED, nla(1, be16(5)))),
        ('timeout attribute 12 of tcp', CT_TIMEOUT, nla(2, u8(tcp)) +
         nla(3 | NESTED, nla(12, be32(5)))),
        ('helper ftp', CT_HELPER, nla(1, s('ftp')) + nla(3, u8(tcp))),
        ('helper without l4proto', CT_HELPER, nla(1, s('ftp'))),
        ('helper l4proto 0', CT_HELPER, nla(1, s('ftp')) + nla(3, u8(0))),
        ('helper l3proto 3', CT_HELPER, nla(1, s('ftp')) + nla(2, be16(3)) +
         nla(3, u8(tcp))),
        ('helper l3proto 10 in ip', CT_HELPER, nla(1, s('ftp')) + nla(2, be16(10)) +
         nla(3, u8(tcp))),
        ('helper name of 16 bytes', CT_HELPER, nla(1, b'0123456789abcdef') +
         nla(3, u8(tcp))),
        ('helper name without NUL', CT_HELPER, nla(1, b'irc') + nla(3, u8(tcp))),
        ('expect icmp', CT_EXPECT, nla(2, u8(1)) + nla(3, be16(21)) +
         nla(4, struct.pack('=I', 1000)) + nla(5, u8(3))),
        ('expect sctp', CT_EXPECT, nla(2, u8(132)) + nla(3, be16(21)) +
         nla(4, struct.pack('=I', 1000)) + nla(5, u8(3))),
        ('expect dccp l3proto 2', CT_EXPECT, nla(1, be16(2)) + nla(2, u8(33)) +
         nla(3, be16(21)) + nla(4, struct.pack('=I', 5)) + nla(5, u8(0))),
        ('expect l3proto 1', CT_EXPECT, nla(1, be16(1)) + nla(2, u8(tcp)) +
         nla(3, be16(21)) + nla(4, struct.pack('=I', 5)) + nla(5, u8(0))),
        ('expect without size', CT_EXPECT, nla(2, u8(tcp)) + nla(3, be16(21)) +
         nla(4, struct.pack('=I', 5))),
        ('synproxy empty', SYNPROXY, b''),
        ('synproxy flag 0x100', SYNPROXY, nla(3, be32(0x100))),
        ('synproxy mss of 4 bytes', SYNPROXY, nla(1, be32(1460))),
        ('type 99', 99, b''),
    ]


def secmark_cases():
    return [
        ('secmark without context', SECMARK, b''),
        ('secmark context', SECMARK, nla(1, s('system_u:object_r:unlabeled_t:s0'))),
        ('secmark context of 4097 bytes', SECMARK, nla(1, b'x' * 4096 + b'\0')),
    ]


def main():
    s_ = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)
    s_.bind((0, 0))
    s_.setsockopt(270, 10, 1)  # NETLINK_CAP_ACK
    s_.setsockopt(270, 11, 1)  # NETLINK_EXT_ACK
    print('table: %d %s' % batch(s_, NFT_MSG_NEWTABLE, nla(1, s('t'))))
    todo = secmark_cases() if sys.argv[1:] == ['secmark'] else cases()
    for i, (name, otype, data) in enumerate(todo):
        print('%s: %d %s' % ((name,) + batch(s_, NFT_MSG_NEWOBJ,
                                              obj('o%d' % i, otype, data))))
    dump(s_, NFT_MSG_GETOBJ, TABLE)


main()
