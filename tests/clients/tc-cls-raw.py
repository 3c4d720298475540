#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The requests of tc-cls-more.cmds that iproute2 cannot make: the text
# ematch (tc has no parser for it), malformed canid, ipset and ipt
# ematches, flower's pfcp tunnel options and bad gtp ones, act_ct's
# helper and NAT attributes tc never sends.  Prints each request's
# errno and extended-ACK message.
#   tc-cls-raw.py ematch DEV    basic filters on DEV's clsact ingress
#   tc-cls-raw.py ipset DEV     basic filters of the ip sets at index 0, 1
#   tc-cls-raw.py flower DEV    flower filters there
#   tc-cls-raw.py ct            ct actions
#   tc-cls-raw.py ct-helper [NAME INDEX]  ct actions with the helper NAME
#                               (ftp), from action index INDEX (2) on
# A text pattern's length is a multiple of 4: Linux leaves any other
# unpadded in a dump (docs/conformance.md).
import os
import socket
import struct
import sys

# nlmsg.py: beside this file in the guest, in ../rtnl-diff here
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [_here, os.path.join(_here, '..', 'rtnl-diff')]
from nlmsg import nla, ack  # noqa: E402

RTM_NEWTFILTER, RTM_NEWACTION = 44, 48
F_REQ, F_ACK, F_EXCL, F_CREATE = 0x1, 0x4, 0x200, 0x400
NEW = F_REQ | F_ACK | F_EXCL | F_CREATE
INGRESS = 0xFFFFFFF2
ETH_P_IP = 0x0800


def u8(v):
    return struct.pack('=B', v)


def u16(v):
    return struct.pack('=H', v)


def u32(v):
    return struct.pack('=I', v)


# ---- ematches (linux/pkt_cls.h, tc_ematch/*.h) ----

def tree(*matches):
    """TCA_BASIC_EMATCHES of the (kind, data) matches, one after the
    other with no relation."""
    hdr = nla(1, struct.pack('=HH', len(matches), 0))
    lst = b''.join(nla(i + 1, struct.pack('=HHHH', 0, kind, 0, 0) + data)
                   for i, (kind, data) in enumerate(matches))
    return nla(2, hdr + nla(2, lst))


def text(algo, pattern, frm=0, to=100, flayer=0, tlayer=1, plen=None):
    if plen is None:
        plen = len(pattern)
    return (5, struct.pack('=16sHHHBx', algo.encode(), frm, to, plen,
                           flayer | (tlayer << 4)) + pattern)


def fsm(*tokens):
    return b''.join(struct.pack('=HBB', t, r, v) for t, r, v in tokens)


def canid(*rules):
    return (7, b''.join(struct.pack('=II', i, m) for i, m in rules))


def ipset(index, dim=1, flags=1):
    return (8, struct.pack('=HBB', index, dim, flags))


def policy_info(flags, n=0):
    # struct xt_policy_info: four struct xt_policy_elem (76 bytes),
    # flags and len
    return b'\0' * (76 * 4) + struct.pack('=HH', flags, n)


def ipt(name=b'policy', hook=0, rev=None, proto=2, data=None):
    body = b''
    if name is not None:
        body += nla(2, name + b'\0')
    if hook is not None:
        body += nla(1, u32(hook))
    if rev is not None:
        body += nla(3, u8(rev))
    if proto is not None:
        body += nla(4, u8(proto))
    if data is None:
        data = policy_info(1)  # XT_POLICY_MATCH_IN
    body += nla(5, data)
    return (9, body)


def ematch_cases(filt):
    return [
        ('text kmp', filt('basic', tree(text('kmp', b'abcd')), 10)),
        ('text bm', filt('basic', tree(text('bm', b'GET /idx', 2, 9, 2, 2)), 11)),
        ('text fsm of every token type', filt('basic', tree(text('fsm', fsm(
            (13, 4, 0), *[(t, 0, 0x41) for t in range(14)]))), 12)),
        ('text of an unknown algorithm',
         filt('basic', tree(text('nosuch', b'abc')), 13)),
        ('text from a higher layer',
         filt('basic', tree(text('kmp', b'abc', flayer=2, tlayer=1)), 13)),
        ('text from beyond its end',
         filt('basic', tree(text('kmp', b'abc', frm=9, to=8, tlayer=0)), 13)),
        ('text without a pattern', filt('basic', tree(text('kmp', b'')), 13)),
        ('text pattern longer than its data',
         filt('basic', tree(text('kmp', b'abc', plen=9)), 13)),
        ('text shorter than its header', filt('basic', tree((5, b'kmp\0')), 13)),
        ('text fsm of 5 bytes', filt('basic', tree(text('fsm', b'abcde')), 13)),
        ('text fsm type 14', filt('basic', tree(text('fsm', fsm((14, 0, 0)))), 13)),
        ('text fsm recur 5', filt('basic', tree(text('fsm', fsm((0, 5, 0)))), 13)),
        ('text fsm head_ignore alone',
         filt('basic', tree(text('fsm', fsm((0, 4, 0)))), 13)),
        ('text fsm head_ignore second',
         filt('basic', tree(text('fsm', fsm((0, 0, 0), (0, 4, 0)))), 13)),
        ('canid without rules', filt('basic', tree((7, b'')), 14)),
        ('canid of 12 bytes', filt('basic', tree((7, b'\0' * 12)), 14)),
        ('canid of 501 rules', filt('basic', tree(canid(*[(1, 0x7ff)] * 501)), 14)),
        ('ipset of 3 bytes', filt('basic', tree((8, b'\0' * 3)), 15)),
        ('ipset of 8 bytes', filt('basic', tree((8, b'\0' * 8)), 15)),
        ('ipset index 99', filt('basic', tree(ipset(99)), 15)),
        ('ipt without a protocol', filt('basic', tree(ipt(proto=None)), 16)),
        ('ipt without a hook', filt('basic', tree(ipt(hook=None)), 16)),
        ('ipt of addrtype', filt('basic', tree(ipt(name=b'addrtype')), 16)),
        ('ipt policy revision 1', filt('basic', tree(ipt(rev=1)), 16)),
        ('ipt policy at LOCAL_IN', filt('basic', tree(ipt(hook=1)), 16)),
        ('ipt policy of 308 bytes short by 4',
         filt('basic', tree(ipt(data=policy_info(1)[:304])), 16)),
        ('ipt policy without a direction',
         filt('basic', tree(ipt(data=policy_info(0))), 16)),
        ('ipt policy of 5 elements',
         filt('basic', tree(ipt(data=policy_info(1, 5))), 16)),
        ('ipt policy for ipv6', filt('basic', tree(ipt(proto=10)), 17)),
        ('ipt policy for bridge', filt('basic', tree(ipt(proto=7)), 16)),
        ('ipt policy for nfproto 0', filt('basic', tree(ipt(proto=0)), 16)),
        ('ipt policy revision 0 said', filt('basic', tree(ipt(rev=0)), 18)),
        ('ipt addrtype revision 1', filt('basic', tree(ipt(
            name=b'addrtype', rev=1, hook=1,
            data=struct.pack('=HHI', 2, 0, 0))), 19)),
        ('ipt addrtype for ipv6', filt('basic', tree(ipt(
            name=b'addrtype', rev=1, proto=10,
            data=struct.pack('=HHI', 0, 2, 0))), 20)),
        ('ipt addrtype in and out', filt('basic', tree(ipt(
            name=b'addrtype', rev=1, data=struct.pack('=HHI', 2, 0, 12))), 21)),
        ('ipt addrtype revision 0', filt('basic', tree(ipt(
            name=b'addrtype', rev=0, data=struct.pack('=HH', 2, 0))), 21)),
    ]


def ipset_cases(filt):
    return [
        ('ipset 0 src', filt('basic', tree(ipset(0)), 2)),
        ('ipset 1 src,dst and ipset 0 dst', filt('basic', tree(
            ipset(1, 2, 3), ipset(0, 1, 2)), 3)),
        ('ipset 2', filt('basic', tree(ipset(2)), 4)),
    ]


# ---- flower tunnel options ----

NESTED = 0x8000


def enc_opts(kind, *attrs, mask=None, flag=NESTED):
    out = nla(84, nla(kind | flag, b''.join(attrs)))
    if mask is not None:
        out += nla(85, nla(kind | flag, b''.join(mask)))
    return out


def opt(kind, attrs):
    return nla(kind | NESTED, b''.join(attrs))


def flower_cases(filt):
    gtp = (nla(1, u8(1)), nla(2, u8(9)))
    pfcp = (nla(1, u8(1)), nla(2, struct.pack('>Q', 0x1122334455667788)))
    return [
        ('pfcp type and seid', filt('flower', enc_opts(5, *pfcp), 2)),
        ('pfcp type, masked', filt('flower', enc_opts(5, nla(1, u8(1)),
                                                     mask=(nla(1, u8(0xf)),)), 3)),
        ('pfcp without NLA_F_NESTED', filt('flower', enc_opts(5, *pfcp, flag=0), 4)),
        ('gtp without NLA_F_NESTED', filt('flower', enc_opts(4, *gtp, flag=0), 4)),
        ('pfcp without a type', filt('flower', enc_opts(5, pfcp[1]), 4)),
        ('pfcp seid of 4 bytes', filt('flower', enc_opts(5, pfcp[0],
                                                        nla(2, u32(1))), 4)),
        ('pfcp mask of gtp', filt('flower', nla(84, opt(5, pfcp)) +
                                  nla(85, opt(4, gtp)), 4)),
        ('gtp without a qfi', filt('flower', enc_opts(4, gtp[0]), 4)),
        ('gtp then pfcp', filt('flower', nla(84, opt(4, gtp) + opt(5, pfcp)), 4)),
        ('gtp twice', filt('flower', nla(84, opt(4, gtp) + opt(4, gtp)), 4)),
        ('gtp qfi of 2 bytes', filt('flower', enc_opts(4, gtp[0],
                                                      nla(2, u16(1))), 4)),
        ('gtp, its pdu type masked', filt('flower', enc_opts(4, *gtp, mask=(
            nla(1, u8(0xff)),)), 5)),
    ]


# ---- act_ct (linux/tc_act/tc_ct.h) ----

def ct(index, *attrs):
    parms = struct.pack('=IIiii', index, 0, 3, 0, 0)  # TC_ACT_PIPE
    body = nla(1, b'ct\0') + nla(2 | NESTED, nla(1, parms) + b''.join(attrs))
    return b'\0' * 4 + nla(1, nla(1, body))


def ct_cases():
    commit, nat, src, dst = 1 << 1, 1 << 3, 1 << 4, 1 << 5
    zone, v4min, v4max, v6min, pmax = 4, 9, 10, 11, 14
    name, family, proto = 16, 17, 18
    v6 = b'\x20\x01' + b'\0' * 13 + b'\x01'
    return [
        ('snat and dnat', RTM_NEWACTION,
         ct(20, nla(3, u16(nat | src | dst)), nla(v4min, u32(0x0100000a)))),
        ('helper name without its NUL', RTM_NEWACTION,
         ct(21, nla(3, u16(commit)), nla(name, b'ftp'))),
        ('helper name of 17 bytes', RTM_NEWACTION,
         ct(21, nla(3, u16(commit)), nla(name, b'x' * 16 + b'\0'))),
        ('helper ftp for ipv6', RTM_NEWACTION,
         ct(21, nla(3, u16(commit)), nla(name, b'ftp\0'), nla(family, u8(10)))),
        ('helper ftp of family 2 proto 6, said', RTM_NEWACTION,
         ct(22, nla(3, u16(commit)), nla(name, b'ftp\0'), nla(family, u8(2)),
            nla(proto, u8(6)))),
        ('nat ipv4 max alone', RTM_NEWACTION,
         ct(23, nla(3, u16(commit | nat | src)), nla(v4max, u32(0x0900000a)))),
        ('nat ipv4 and ipv6', RTM_NEWACTION,
         ct(24, nla(3, u16(commit | nat | dst)), nla(v4min, u32(0x0100000a)),
            nla(v6min, v6))),
        ('nat port max alone', RTM_NEWACTION,
         ct(25, nla(3, u16(commit | nat | dst)), nla(pmax, struct.pack('>H', 9)))),
        ('nat without src or dst', RTM_NEWACTION,
         ct(26, nla(3, u16(commit | nat)), nla(v4min, u32(0x0100000a)))),
        ('clear with a zone', RTM_NEWACTION,
         ct(27, nla(3, u16(1)), nla(zone, u16(7)))),
    ]


def ct_helper_cases(helper, base):
    commit, nat, src = 1 << 1, 1 << 3, 1 << 4
    name, family, proto = 16, 17, 18
    h = helper.encode() + b'\0'
    return [
        ('helper %s' % helper, RTM_NEWACTION,
         ct(base, nla(3, u16(commit)), nla(name, h))),
        ('helper %s for udp' % helper, RTM_NEWACTION,
         ct(base + 1, nla(3, u16(commit)), nla(name, h), nla(proto, u8(17)))),
        ('helper %s with snat' % helper, RTM_NEWACTION,
         ct(base + 2, nla(3, u16(commit | nat | src)), nla(9, u32(0x0100000a)),
            nla(name, h))),
        ('helper %s for ipv6' % helper, RTM_NEWACTION,
         ct(base + 3, nla(3, u16(commit)), nla(name, h), nla(family, u8(10)))),
        ('helper %s of family 2 proto 6, said' % helper, RTM_NEWACTION,
         ct(base + 4, nla(3, u16(0)), nla(name, h), nla(family, u8(2)),
            nla(proto, u8(6)))),
    ]


def run(s, cases):
    for seq, (name, typ, body) in enumerate(cases, 1):
        s.send(struct.pack('=IHHII', 16 + len(body), typ, NEW, seq, 0) + body)
        while True:
            data = s.recv(65536)
            if struct.unpack_from('=H', data, 4)[0] == 2:
                break
        err, msg = ack(data)
        # the message alone: the transcript was recorded without the
        # offset of the attribute at fault
        print('%s: %d %s' % (name, err, msg.split(' (at ')[0]))


def main():
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.bind((0, 0))
    s.setsockopt(270, 10, 1)  # NETLINK_CAP_ACK
    s.setsockopt(270, 11, 1)  # NETLINK_EXT_ACK
    if sys.argv[1] == 'ct':
        run(s, ct_cases())
        return
    if sys.argv[1] == 'ct-helper':
        helper, base = (sys.argv[2], int(sys.argv[3])) \
            if len(sys.argv) > 3 else ('ftp', 2)
        run(s, ct_helper_cases(helper, base))
        return
    ifindex = socket.if_nametoindex(sys.argv[2])

    def filt(kind, opts, prio, proto=ETH_P_IP):
        tcm = struct.pack('=BxxxiIII', 0, ifindex, 0, INGRESS,
                          (prio << 16) | socket.htons(proto))
        return (RTM_NEWTFILTER,
                tcm + nla(1, kind.encode() + b'\0') + nla(2, opts))

    cases = {'ematch': ematch_cases, 'ipset': ipset_cases,
             'flower': flower_cases}[sys.argv[1]]
    run(s, [(name, typ, body) for name, (typ, body) in cases(filt)])


main()
