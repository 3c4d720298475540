#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Rules of one expression each as a raw client makes them, at the edges
# where unetlink picks a smaller state for an expression (a cmp value of
# 32 bits, an immediate verdict, a payload load): values of 0, 4, 5, 16
# and 17 bytes, data with a value and a verdict, a value given twice,
# payload sets with and without their checksum attributes.  Each case is
# one batch of one NEWRULE in chain ip t c (after a payload load into
# register 1); printed: its errno and
# extended-ACK message, then the rules dumped back (GETRULE), each
# attribute in hex.
#   nft-expr-raw.py
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'rtnl-diff'))
from nftmsg import (NESTED, F_CREATE, F_APPEND, be32, s,  # noqa: E402
                    batch, dump, nla)

NFT_MSG_NEWTABLE, NFT_MSG_NEWCHAIN = 0, 3
NFT_MSG_NEWRULE, NFT_MSG_GETRULE = 6, 7
# NFTA_RULE_*, NFTA_LIST_ELEM, NFTA_EXPR_*
R_TABLE, R_CHAIN, R_EXPRESSIONS = 1, 2, 4
LIST_ELEM, E_NAME, E_DATA = 1, 1, 2
# NFTA_DATA_*, NFTA_VERDICT_*
VALUE, VERDICT, CODE, CHAIN = 1, 2, 1, 2
NF_DROP, NF_ACCEPT, NFT_JUMP = 0, 1, 0xfffffffd
REG_VERDICT, REG_1 = 0, 1

def expr(name, data):
    return nla(LIST_ELEM | NESTED,
               nla(E_NAME, s(name)) + nla(E_DATA | NESTED, data))


def rule(name, data):
    """A rule of the expression, after a load of 16 bytes into register
    1 (the kernel refuses a load from a register nothing wrote)."""
    load = payload(nla(1, be32(REG_1)), 16)
    return (nla(R_TABLE, s('t')) + nla(R_CHAIN, s('c')) +
            nla(R_EXPRESSIONS | NESTED,
                expr('payload', load) + expr(name, data)))


def data(*parts):
    return b''.join(parts)


def value(nbytes):
    return nla(VALUE, bytes(range(1, nbytes + 1)))


def verdict(code, chain=None):
    v = nla(CODE, be32(code))
    if chain:
        v += nla(CHAIN, s(chain))
    return nla(VERDICT | NESTED, v)


def cmp(d, sreg=REG_1, op=0):
    # NFTA_CMP_SREG, _OP, _DATA
    return nla(1, be32(sreg)) + nla(2, be32(op)) + nla(3 | NESTED, d)


def imm(d, dreg):
    # NFTA_IMMEDIATE_DREG, _DATA
    return nla(1, be32(dreg)) + nla(2 | NESTED, d)


def payload(extra, length=4):
    # NFTA_PAYLOAD_BASE (network header), _OFFSET, _LEN, then extra
    return nla(2, be32(1)) + nla(3, be32(12)) + nla(4, be32(length)) + extra


def cases():
    dreg, sreg = nla(1, be32(REG_1)), nla(5, be32(REG_1))
    csum = nla(6, be32(1)) + nla(7, be32(10)) + nla(8, be32(1))
    return [
        ('cmp value of 4 bytes', 'cmp', cmp(value(4))),
        ('cmp value of 5 bytes', 'cmp', cmp(value(5), op=1)),
        ('cmp value of 16 bytes', 'cmp', cmp(value(16), op=5)),
        ('cmp value of 17 bytes', 'cmp', cmp(value(17))),
        ('cmp value of 0 bytes', 'cmp', cmp(value(0))),
        ('cmp value of 4 then 16 bytes', 'cmp', cmp(data(value(4), value(16)))),
        ('cmp value of 16 then 4 bytes', 'cmp', cmp(data(value(16), value(4)))),
        ('cmp value and verdict', 'cmp', cmp(data(value(2), verdict(NF_ACCEPT)))),
        ('cmp verdict', 'cmp', cmp(verdict(NF_ACCEPT))),
        ('cmp value of 4 bytes, op 9', 'cmp', cmp(value(4), op=9)),
        ('immediate accept', 'immediate', imm(verdict(NF_ACCEPT), REG_VERDICT)),
        ('immediate jump', 'immediate', imm(verdict(NFT_JUMP, 'j'), REG_VERDICT)),
        ('immediate jump to no chain', 'immediate',
         imm(verdict(NFT_JUMP, 'nosuch'), REG_VERDICT)),
        ('immediate value of 16 bytes', 'immediate', imm(value(16), REG_1)),
        ('immediate value and verdict', 'immediate',
         imm(data(verdict(NF_DROP), value(16)), REG_1)),
        ('immediate verdict into register 1', 'immediate',
         imm(verdict(NF_DROP), REG_1)),
        ('immediate value into the verdict', 'immediate',
         imm(value(4), REG_VERDICT)),
        ('immediate verdict twice', 'immediate',
         imm(data(verdict(NF_ACCEPT), verdict(NFT_JUMP, 'j')), REG_VERDICT)),
        ('immediate accept naming a chain', 'immediate',
         imm(verdict(NF_ACCEPT, 'j'), REG_VERDICT)),
        ('immediate code jump then accept', 'immediate',
         imm(nla(VERDICT | NESTED, nla(CODE, be32(NFT_JUMP)) +
                 nla(CODE, be32(NF_ACCEPT)) + nla(CHAIN, s('j'))),
             REG_VERDICT)),
        ('immediate code accept then jump', 'immediate',
         imm(nla(VERDICT | NESTED, nla(CODE, be32(NF_ACCEPT)) +
                 nla(CODE, be32(NFT_JUMP)) + nla(CHAIN, s('j'))),
             REG_VERDICT)),
        ('immediate code of 8 bytes', 'immediate',
         imm(nla(VERDICT | NESTED, nla(CODE, be32(NFT_JUMP) + be32(0)) +
                 nla(CHAIN, s('j'))), REG_VERDICT)),
        ('immediate verdict without code', 'immediate',
         imm(nla(VERDICT | NESTED, nla(CHAIN, s('j'))), REG_VERDICT)),
        ('payload load', 'payload', payload(dreg)),
        ('payload set', 'payload', payload(sreg)),
        ('payload set with checksum', 'payload', payload(sreg + csum, 2)),
        ('payload load with checksum', 'payload', payload(dreg + csum)),
        ('payload load and set', 'payload', payload(dreg + sreg)),
        ('payload set checksum type 9', 'payload', payload(sreg + nla(6, be32(9)))),
    ]


def main():
    s_ = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)
    s_.bind((0, 0))
    s_.setsockopt(270, 10, 1)  # NETLINK_CAP_ACK
    s_.setsockopt(270, 11, 1)  # NETLINK_EXT_ACK
    print('table: %d %s' % batch(s_, NFT_MSG_NEWTABLE, nla(1, s('t'))))
    for name in ('c', 'j'):
        print('chain %s: %d %s' % ((name,) + batch(
            s_, NFT_MSG_NEWCHAIN, nla(1, s('t')) + nla(3, s(name)))))
    for name, kind, d in cases():
        print('%s: %d %s' % ((name,) + batch(s_, NFT_MSG_NEWRULE,
                                              rule(kind, d),
                                              F_CREATE | F_APPEND)))
    dump(s_, NFT_MSG_GETRULE, R_TABLE)


main()
