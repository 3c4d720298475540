#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Rules whose expressions load registers, as a raw client makes them:
# Linux (since 6.12) refuses a load from a 32-bit register that no
# earlier expression of the same rule stored to, so each case is one
# batch (a NEWRULE or two in chain ip t c) of stores and loads: a load
# before any store, a load wider than the store, a store then a load,
# a store in one rule and the load in the next, and the register
# checks that come first.  Printed: each message's errno and
# extended-ACK message, then the rules dumped back (GETRULE).
#   nft-reg-raw.py
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'rtnl-diff'))
from nftmsg import (NESTED, NFNL_SUBSYS_NFTABLES,  # noqa: E402
                    NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END, F_REQ,
                    F_ACK, F_CREATE, F_APPEND, be32, s, msg, dump, nla,
                    ack)

NFT_MSG_NEWTABLE, NFT_MSG_NEWCHAIN = 0, 3
NFT_MSG_NEWRULE, NFT_MSG_GETRULE, NFT_MSG_NEWSET = 6, 7, 9
NFT_MSG_GETGEN = 16
R_TABLE, R_CHAIN, R_EXPRESSIONS = 1, 2, 4
LIST_ELEM, E_NAME, E_DATA = 1, 1, 2
VALUE = 1
# registers: the verdict, 16-byte register 1 and 2, 32-bit ones
R_VERDICT, R_1, R_2, R32_00, R32_01, R32_15 = 0, 1, 2, 8, 9, 23

def answers(s_, until):
    """Every NLMSG_ERROR up to the answer to message `until` (a GETGEN
    sent after the batch, so that all of the batch's answers came)."""
    got = []
    while True:
        data = s_.recv(65536)
        off = 0
        while off + 16 <= len(data):
            ln, mt, _fl, sq = struct.unpack_from('=IHHI', data, off)
            if sq == until:
                return got
            if mt == 2:
                got.append((sq,) + ack(data[off:off + ln]))
            off += (ln + 3) & ~3


def batch(s_, bodies, mtype=NFT_MSG_NEWRULE, flags=F_CREATE | F_APPEND):
    """Messages in one batch: each one's answer, by its place."""
    _, begin = msg(NFNL_MSG_BATCH_BEGIN, F_REQ, b'', 0, NFNL_SUBSYS_NFTABLES)
    seqs, out = [], begin
    for body in bodies:
        mseq, m = msg(NFNL_SUBSYS_NFTABLES << 8 | mtype,
                      F_REQ | F_ACK | flags, body)
        seqs.append(mseq)
        out += m
    _, end = msg(NFNL_MSG_BATCH_END, F_REQ, b'', 0, NFNL_SUBSYS_NFTABLES)
    gseq, gen = msg(NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_GETGEN, F_REQ, b'')
    s_.send(out + end)
    s_.send(gen)
    return ['%d %d %s' % (seqs.index(sq) + 1, err, text)
            for sq, err, text in answers(s_, gseq) if sq in seqs]


def expr(name, data):
    return nla(LIST_ELEM | NESTED,
               nla(E_NAME, s(name)) + nla(E_DATA | NESTED, data))


def rule(*exprs):
    return (nla(R_TABLE, s('t')) + nla(R_CHAIN, s('c')) +
            nla(R_EXPRESSIONS | NESTED, b''.join(exprs)))


def value(nbytes):
    return nla(VALUE, bytes(range(1, nbytes + 1)))


def payload(dreg, length):
    # NFTA_PAYLOAD_DREG, _BASE (network header), _OFFSET, _LEN
    return expr('payload', nla(1, be32(dreg)) + nla(2, be32(1)) +
                nla(3, be32(12)) + nla(4, be32(length)))


def payload_set(sreg, length):
    # NFTA_PAYLOAD_BASE, _OFFSET, _LEN, _SREG
    return expr('payload', nla(2, be32(1)) + nla(3, be32(12)) +
                nla(4, be32(length)) + nla(5, be32(sreg)))


def cmp(sreg, length, op=0):
    # NFTA_CMP_SREG, _OP, _DATA
    return expr('cmp', nla(1, be32(sreg)) + nla(2, be32(op)) +
                nla(3 | NESTED, value(length)))


def imm(dreg, length):
    # NFTA_IMMEDIATE_DREG, _DATA
    return expr('immediate', nla(1, be32(dreg)) + nla(2 | NESTED,
                                                      value(length)))


def bitwise(sreg, dreg, length):
    # NFTA_BITWISE_SREG, _DREG, _LEN, _MASK, _XOR
    return expr('bitwise', nla(1, be32(sreg)) + nla(2, be32(dreg)) +
                nla(3, be32(length)) + nla(4 | NESTED, value(length)) +
                nla(5 | NESTED, value(length)))


def meta_set(sreg):
    # NFTA_META_KEY (mark), _SREG
    return expr('meta', nla(2, be32(3)) + nla(3, be32(sreg)))


def ct_set(sreg):
    # NFTA_CT_KEY (mark), _SREG
    return expr('ct', nla(2, be32(3)) + nla(4, be32(sreg)))


def lookup(sreg, dreg=None):
    # NFTA_LOOKUP_SET, _SREG, _DREG
    body = nla(1, s('m')) + nla(2, be32(sreg))
    if dreg is not None:
        body += nla(3, be32(dreg))
    return expr('lookup', body)


def cases():
    return [
        ('cmp, nothing stored', [rule(cmp(R_1, 4))]),
        ('payload of 4 bytes, cmp of 4', [rule(payload(R_1, 4),
                                               cmp(R_1, 4))]),
        ('payload of 4 bytes, cmp of 5', [rule(payload(R_1, 4),
                                               cmp(R_1, 5))]),
        ('payload of 16 bytes, cmp of 16', [rule(payload(R_1, 16),
                                                 cmp(R_1, 16))]),
        ('immediate of 12 bytes, cmp of 16', [rule(imm(R_1, 12),
                                                   cmp(R_1, 16))]),
        ('payload into 32-bit register 1, cmp of register 0',
         [rule(payload(R32_01, 4), cmp(R32_00, 4))]),
        ('payload of 8 bytes into 32-bit register 0, cmp of register 1',
         [rule(payload(R32_00, 8), cmp(R32_01, 4))]),
        ('immediate into register 2, cmp of register 2',
         [rule(imm(R_2, 16), cmp(R_2, 16))]),
        ('cmp before the payload', [rule(cmp(R_1, 4), payload(R_1, 4))]),
        ('payload in one rule, cmp in the next',
         [rule(payload(R_1, 4), cmp(R_1, 4)), rule(cmp(R_1, 4))]),
        ('cmp of the verdict register', [rule(cmp(R_VERDICT, 4))]),
        ('cmp past the registers', [rule(cmp(R32_15, 8))]),
        ('immediate verdict into 32-bit register 15',
         [rule(expr('immediate', nla(1, be32(R32_15)) + nla(
             2 | NESTED, nla(2 | NESTED, nla(1, be32(1))))))]),
        ('cmp with op 9, nothing stored', [rule(cmp(R_1, 4, op=9))]),
        ('bitwise, nothing stored', [rule(bitwise(R_1, R_2, 4))]),
        ('payload, bitwise into register 2, cmp of register 2',
         [rule(payload(R_1, 4), bitwise(R_1, R_2, 4), cmp(R_2, 4))]),
        ('payload, bitwise into register 2, cmp of 8 bytes',
         [rule(payload(R_1, 4), bitwise(R_1, R_2, 4), cmp(R_2, 8))]),
        ('meta set, nothing stored', [rule(meta_set(R_1))]),
        ('immediate, meta set', [rule(imm(R_1, 4), meta_set(R_1))]),
        ('ct set, nothing stored', [rule(ct_set(R_1))]),
        ('payload set, nothing stored', [rule(payload_set(R_1, 4))]),
        ('lookup, nothing stored', [rule(lookup(R_1))]),
        ('payload, lookup into register 2, cmp of register 2',
         [rule(payload(R_1, 4), lookup(R_1, R_2), cmp(R_2, 4))]),
        ('payload, lookup into register 2, cmp of 8 bytes',
         [rule(payload(R_1, 4), lookup(R_1, R_2), cmp(R_2, 8))]),
    ]


def main():
    s_ = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)
    s_.bind((0, 0))
    s_.setsockopt(270, 10, 1)  # NETLINK_CAP_ACK
    s_.setsockopt(270, 11, 1)  # NETLINK_EXT_ACK
    print('table:', batch(s_, [nla(1, s('t'))], NFT_MSG_NEWTABLE, F_CREATE))
    print('chain:', batch(s_, [nla(1, s('t')) + nla(3, s('c'))],
                          NFT_MSG_NEWCHAIN, F_CREATE))
    # NFTA_SET_TABLE, _NAME, _FLAGS (map), _KEY_TYPE, _KEY_LEN,
    # _DATA_TYPE, _DATA_LEN, _ID
    print('map:', batch(s_, [nla(1, s('t')) + nla(2, s('m')) +
                             nla(3, be32(8)) + nla(4, be32(7)) +
                             nla(5, be32(4)) + nla(6, be32(19)) +
                             nla(7, be32(4)) + nla(10, be32(1))],
                        NFT_MSG_NEWSET, F_CREATE))
    for name, rules in cases():
        print('%s: %s' % (name, '; '.join(batch(s_, rules))))
    dump(s_, NFT_MSG_GETRULE, R_TABLE, keep=(R_EXPRESSIONS,))


if __name__ == '__main__':
    main()
