#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Write the seed corpus of the fuzz harnesses.

make-corpus.py DIR writes DIR/netlink/* (programs for fuzz_netlink.c:
real requests of each family, in the orders programs send them),
DIR/wire/* (clients of the daemon for fuzz_wire.c), DIR/family/*
(served families and their clients for fuzz_family.c), DIR/frontend/*
(ioctls and paths for fuzz_frontend.c), DIR/recv/* (data socket
records and inline answers for fuzz_recv.c), DIR/attr/*
(attribute streams for fuzz_attr.c) and DIR/profile/*
(the built-in profiles and a few small ones).  The corpus
is committed; run this again when the harness's program format or the
families change.  One seed is not written here: wire/svc-register is
the SVC_REGISTER record examples/kvstore's server sends (captured with
strace -xx from its sendmsg()), between a HELLO and an SVC_UNREGISTER;
capture it again when struct unl_wire_family changes.
"""
import os
import socket
import struct
import sys

# Sockets of the harness: 0 ROUTE, 1 GENERIC, 2 USERSOCK, 3 FIB_LOOKUP.
ROUTE, GENL, USERSOCK, FIB = 0, 1, 2, 3
REQ, ACK, DUMP, CREATE, EXCL, REPLACE = 1, 4, 0x300, 0x400, 0x200, 0x100
AF_BRIDGE = 7


def align(b):
    return b + b'\0' * (-len(b) % 4)


def attr(t, payload):
    return align(struct.pack('=HH', 4 + len(payload), t) + payload)


def u8(t, v): return attr(t, struct.pack('=B', v))
def u32(t, v): return attr(t, struct.pack('=I', v))
def s32(t, v): return attr(t, struct.pack('=i', v))
def string(t, s): return attr(t, s.encode() + b'\0')
def nest(t, *a): return attr(t | 0x8000 if t < 0 else t, b''.join(a))


def msg(typ, flags, body, seq=1):
    return struct.pack('=IHHII', 16 + len(body), typ, flags, seq, 0) + body


def ifinfo(index=0, flags=0, change=0, family=0):
    return struct.pack('=BxHiII', family, 0, index, flags, change)


def ifaddr(family, plen, index, flags=0, scope=0):
    return struct.pack('=BBBBI', family, plen, flags, scope, index)


def rtmsg(family, dst_len, table=254, proto=3, scope=0, typ=1):
    return struct.pack('=BBBBBBBBI', family, dst_len, 0, 0, table, proto,
                       scope, typ, 0)


def genlhdr(cmd, version=1):
    return struct.pack('=BBH', cmd, version, 0)


# program operations (fuzz_netlink.c)
def send(sock, m, dest=0, flags=1):
    return bytes([0, sock, dest, flags]) + struct.pack('=H', len(m)) + m


def recv(sock, flags=0): return bytes([1, sock, flags])
def setopt(sock, opt_index, value):
    return bytes([2, sock + 4 * opt_index]) + struct.pack('=I', value)
def bind(sock, groups): return bytes([3, sock]) + struct.pack('=I', groups)
def clock(seconds): return bytes([4, seconds])
def reopen(sock, proto_index): return bytes([5, sock + 4 * proto_index])
def unpriv(sock): return bytes([6, 0x80 | sock])


IFLA_ADDRESS, IFLA_IFNAME, IFLA_MTU, IFLA_MASTER = 1, 3, 4, 10
IFLA_LINKINFO, IFLA_INFO_KIND, IFLA_INFO_DATA = 18, 1, 2
VETH_INFO_PEER = 1
IFA_ADDRESS, IFA_LOCAL, IFA_CACHEINFO = 1, 2, 6
RTA_DST, RTA_OIF, RTA_GATEWAY = 1, 4, 5
RTM = dict(NEWLINK=16, DELLINK=17, GETLINK=18, SETLINK=19, NEWADDR=20,
           DELADDR=21, GETADDR=22, NEWROUTE=24, DELROUTE=25, GETROUTE=26,
           NEWNEIGH=28, GETNEIGH=30, NEWRULE=32, GETRULE=34, GETQDISC=38,
           NEWNSID=88, GETNSID=90, GETNETCONF=82, NEWNEXTHOP=104,
           GETNEXTHOP=106, NEWVLAN=112, GETADDRLABEL=74)


def veth(name, peer):
    info = nest(IFLA_LINKINFO, string(IFLA_INFO_KIND, 'veth'),
                nest(IFLA_INFO_DATA,
                     nest(VETH_INFO_PEER, ifinfo(), string(IFLA_IFNAME, peer))))
    return msg(RTM['NEWLINK'], REQ | ACK | CREATE | EXCL,
               ifinfo() + string(IFLA_IFNAME, name) + info)


def bridge(name):
    info = nest(IFLA_LINKINFO, string(IFLA_INFO_KIND, 'bridge'))
    return msg(RTM['NEWLINK'], REQ | ACK | CREATE | EXCL,
               ifinfo() + string(IFLA_IFNAME, name) + info)


def setlink(index, up=True, **a):
    body = ifinfo(index, 1 if up else 0, 1)
    if 'master' in a:
        body += u32(IFLA_MASTER, a['master'])
    if 'mtu' in a:
        body += u32(IFLA_MTU, a['mtu'])
    return msg(RTM['SETLINK'], REQ | ACK, body)


def addr4(index, a, plen, lifetimes=None):
    raw = socket.inet_aton(a)
    body = ifaddr(socket.AF_INET, plen, index) + attr(IFA_LOCAL, raw) + \
        attr(IFA_ADDRESS, raw)
    if lifetimes:  # (preferred, valid)
        body += attr(IFA_CACHEINFO, struct.pack('=IIII', lifetimes[0],
                                                lifetimes[1], 0, 0))
    return msg(RTM['NEWADDR'], REQ | ACK | CREATE | EXCL, body)


def addr6(index, a, plen):
    raw = socket.inet_pton(socket.AF_INET6, a)
    return msg(RTM['NEWADDR'], REQ | ACK | CREATE | EXCL,
               ifaddr(socket.AF_INET6, plen, index) + attr(IFA_ADDRESS, raw))


def route4(dst, plen, gw=None, oif=None):
    body = rtmsg(socket.AF_INET, plen) + attr(RTA_DST, socket.inet_aton(dst))
    if gw:
        body += attr(RTA_GATEWAY, socket.inet_aton(gw))
    if oif:
        body += u32(RTA_OIF, oif)
    return msg(RTM['NEWROUTE'], REQ | ACK | CREATE | EXCL, body)


def dump(typ, family=0, body=None):
    return msg(RTM[typ], REQ | DUMP,
               body if body is not None else struct.pack('=Bxxx', family))


def getfamily(name=None):
    body = genlhdr(3)  # CTRL_CMD_GETFAMILY
    if name:
        body += string(2, name)  # CTRL_ATTR_FAMILY_NAME
        return msg(0x10, REQ | ACK, body)
    return msg(0x10, REQ | DUMP, body)


def fib_lookup(a):
    # struct fib_result_nl: fl_addr, fl_mark, fl_tos, fl_scope, tb_id_in,
    # then the answer's fields
    body = struct.pack('=IIBBBBBBBxI', struct.unpack('=I',
                       socket.inet_aton(a))[0], 0, 0, 255, 0, 0, 0, 0, 0, 0)
    return msg(0, REQ, body)


# NETLINK_XFRM (the fifth protocol of the harness, opened in slot 3)
XFRM = 3
XFRM_PROTO = 4
INF = 0xffffffffffffffff


def xfrm_sel(d, s, plen):
    return (socket.inet_aton(d) + bytes(12) + socket.inet_aton(s) +
            bytes(12) + struct.pack('=HHHHHBBB3xiI', 0, 0, 0, 0, 2, plen,
                                    plen, 0, 0, 0))


def xfrm_policy(dirn, soft=0, hard=0):
    lft = struct.pack('=8Q', INF, INF, INF, INF, soft, hard, 0, 0)
    body = (xfrm_sel('10.0.1.0', '10.0.0.0', 24) + lft + bytes(32) +
            struct.pack('=IIBBBB4x', 0, 0, dirn, 0, 0, 0))
    tmpl = (socket.inet_aton('192.0.2.2') + bytes(12) +
            struct.pack('=IB3xH2x', 0, 50, 2) + socket.inet_aton('192.0.2.1') +
            bytes(12) + struct.pack('=IBBBxIII', 1, 1, 0, 0, 0xffffffff,
                                    0xffffffff, 0xffffffff))
    return msg(0x13, REQ | ACK, body + attr(5, tmpl))


def xfrm_sa(spi, hard=0):
    lft = struct.pack('=8Q', INF, INF, INF, INF, 0, hard, 0, 0)
    body = (bytes(56) + socket.inet_aton('192.0.2.2') + bytes(12) +
            struct.pack('>I', spi) + struct.pack('=B3x', 50) +
            socket.inet_aton('192.0.2.1') + bytes(12) + lft + bytes(32) +
            bytes(12) + struct.pack('=IIHBBB7x', 0, 0, 2, 1, 0, 0))
    alg = b'cbc(aes)'.ljust(64, b'\0') + struct.pack('=I', 128) + bytes(16)
    return msg(0x10, REQ | ACK, body + attr(2, alg))


def xfrm_migrate():
    """XFRM_MSG_MIGRATE of the policy xfrm_policy(1) makes: one ESP
    tunnel entry, 192.0.2.1 -> 192.0.2.2 moved to .8 -> .9."""
    body = (xfrm_sel('10.0.1.0', '10.0.0.0', 24) +
            struct.pack('=IB3x', 0, 1))
    a = lambda x: socket.inet_aton(x) + bytes(12)
    entry = (a('192.0.2.2') + a('192.0.2.1') + a('192.0.2.9') +
             a('192.0.2.8') + struct.pack('=BBHIHH', 50, 1, 0, 0, 2, 2))
    return msg(0x21, REQ | ACK, body + attr(17, entry))


def xfrm_program():
    return b''.join([
        reopen(XFRM, XFRM_PROTO), setopt(XFRM, 0, 1), bind(XFRM, 0xff),
        send(XFRM, xfrm_policy(1, soft=1, hard=3)), recv(XFRM),
        send(XFRM, xfrm_policy(0)), recv(XFRM),
        send(XFRM, msg(0x15, REQ | DUMP, b'')), recv(XFRM), recv(XFRM),
        send(XFRM, xfrm_sa(0x100, hard=2)), recv(XFRM),
        send(XFRM, msg(0x12, REQ | DUMP, b'')), recv(XFRM), recv(XFRM),
        send(XFRM, msg(0x23, REQ, bytes(4))), recv(XFRM),
        send(XFRM, msg(0x25, REQ, bytes(4))), recv(XFRM),
        clock(2), recv(XFRM), clock(2), recv(XFRM),
        send(XFRM, xfrm_migrate()), recv(XFRM), recv(XFRM),
        send(XFRM, msg(0x1c, REQ | ACK, b'\xff')), recv(XFRM),
        send(XFRM, msg(0x1d, REQ | ACK, b'')), recv(XFRM)])


# The families after XFRM, in fuzz_netlink.c's protocols[] order
NETFILTER_PROTO, SOCK_DIAG_PROTO, AUDIT_PROTO, UEVENT_PROTO = 5, 6, 7, 8


def nfmsg(subsys, typ, flags, body=b'', family=2, res_id=0):
    """An nfnetlink message: the nfgenmsg header, then attributes."""
    return msg(subsys << 8 | typ, flags,
               struct.pack('=BBH', family, 0, socket.htons(res_id)) + body)


def nft_program():
    """A batch making a table, a base chain and a rule (payload, cmp,
    immediate), a batch that fails halfway, then the dumps."""
    NFT, BEGIN, END = 10, 0x10, 0x11
    table = string(1, 't')
    chain = table + string(3, 'c') + nest(4, u32(1, socket.htonl(1)),
                                          u32(2, 0)) + string(7, 'filter')
    expr = lambda name, *a: nest(1, string(1, name), nest(2, *a))
    rule = table + string(2, 'c') + nest(4,
        expr('payload', u32(1, socket.htonl(1)), u32(2, socket.htonl(1)),
             u32(3, socket.htonl(9)), u32(4, socket.htonl(1))),
        expr('cmp', u32(1, socket.htonl(1)), u32(2, 0),
             nest(3, attr(1, b'\x06'))),
        expr('immediate', u32(1, 0),
             nest(2, nest(2, u32(1, socket.htonl(1))))))
    ok = b''.join([
        nfmsg(0, BEGIN, REQ, res_id=NFT), nfmsg(NFT, 0, REQ | ACK | CREATE,
                                               table),
        nfmsg(NFT, 3, REQ | ACK | CREATE, chain),
        nfmsg(NFT, 6, REQ | ACK | CREATE | 0x800, rule),
        nfmsg(0, END, REQ, res_id=NFT)])
    bad = b''.join([
        nfmsg(0, BEGIN, REQ, res_id=NFT), nfmsg(NFT, 0, REQ | ACK, string(1, 'u')),
        nfmsg(NFT, 3, REQ | ACK, string(1, 'nosuch') + string(3, 'c')),
        nfmsg(0, END, REQ, res_id=NFT)])
    S = 0
    return b''.join([
        reopen(S, NETFILTER_PROTO), setopt(S, 0, 1), send(S, ok, flags=0),
        recv(S), recv(S), recv(S), send(S, bad, flags=0), recv(S), recv(S),
        send(S, nfmsg(NFT, 1, REQ | DUMP, family=0)), recv(S), recv(S),
        send(S, nfmsg(NFT, 7, REQ | DUMP, family=0)), recv(S), recv(S),
        send(S, nfmsg(NFT, 16, REQ)), recv(S)])


def other_families_program():
    """netlink_diag's dump, audit's status and a user message, a uevent."""
    D, A, U = 1, 2, 3
    ndiag = struct.pack('=BBHII2I', 16, 0, 0, 0, 0, 0, 0)  # AF_NETLINK, all
    return b''.join([
        reopen(D, SOCK_DIAG_PROTO), send(D, msg(20, REQ | DUMP, ndiag)),
        recv(D), recv(D),
        reopen(A, AUDIT_PROTO), send(A, msg(1000, REQ | ACK, b'')), recv(A),
        recv(A), send(A, msg(1100, REQ | ACK, b'fuzz')), recv(A),
        reopen(U, UEVENT_PROTO), bind(U, 1),
        send(U, b'add@/devices/fuzz\0ACTION=add\0SEQNUM=1\0', dest=0,
             flags=2), recv(U)])


def programs():
    p = {}
    p['link-dump'] = send(ROUTE, dump('GETLINK')) + recv(ROUTE) + recv(ROUTE)
    p['veth-addr-route'] = b''.join([
        setopt(ROUTE, 0, 1),  # NETLINK_EXT_ACK
        send(ROUTE, veth('v0', 'v1')), recv(ROUTE),
        send(ROUTE, setlink(2)), recv(ROUTE),
        send(ROUTE, addr4(2, '10.0.0.1', 24)), recv(ROUTE),
        send(ROUTE, addr6(2, '2001:db8::1', 64)), recv(ROUTE),
        send(ROUTE, route4('10.1.0.0', 16, gw='10.0.0.2')), recv(ROUTE),
        send(ROUTE, dump('GETROUTE', socket.AF_INET)), recv(ROUTE),
        send(ROUTE, msg(RTM['DELLINK'], REQ | ACK, ifinfo(2))), recv(ROUTE)])
    p['bridge-port'] = b''.join([
        bind(ROUTE, 0xffffffff), send(ROUTE, bridge('br0')),
        send(ROUTE, veth('v0', 'v1')),
        send(ROUTE, setlink(3, master=2)), send(ROUTE, setlink(2)),
        send(ROUTE, dump('GETLINK', AF_BRIDGE)), recv(ROUTE), recv(ROUTE),
        clock(30), recv(ROUTE)])
    p['lifetimes'] = b''.join([
        send(ROUTE, setlink(1)),
        send(ROUTE, addr4(1, '192.0.2.1', 32, (1, 2))), recv(ROUTE),
        bind(ROUTE, 0x10), clock(3), recv(ROUTE),
        send(ROUTE, dump('GETADDR')), recv(ROUTE)])
    p['dumps'] = b''.join(send(ROUTE, dump(t)) + recv(ROUTE) + recv(ROUTE, 4)
                          for t in ('GETRULE', 'GETNEIGH', 'GETNETCONF',
                                    'GETNEXTHOP', 'GETADDRLABEL', 'GETNSID',
                                    'GETQDISC'))
    p['strict-dump'] = setopt(ROUTE, 2, 1) + send(
        ROUTE, dump('GETLINK', body=ifinfo(0, 0, 0) + u32(29, 1))) + recv(ROUTE)
    p['genl'] = b''.join([
        send(GENL, getfamily()), recv(GENL), recv(GENL),
        send(GENL, getfamily('nlctrl')), recv(GENL),
        send(GENL, msg(0x10, REQ | DUMP, genlhdr(10) + string(2, 'nlctrl'))),
        recv(GENL)])
    p['fib-lookup'] = b''.join([
        send(ROUTE, setlink(1)), send(FIB, fib_lookup('127.0.0.1')),
        recv(FIB), send(FIB, fib_lookup('10.9.9.9')), recv(FIB)])
    p['usersock'] = b''.join([
        bind(USERSOCK, 1), send(USERSOCK, msg(0x20, 0, b'hello'), dest=3),
        send(USERSOCK, msg(0x20, 0, b'group'), dest=0, flags=3),
        recv(USERSOCK), reopen(USERSOCK, 2), recv(USERSOCK)])
    p['unprivileged'] = unpriv(ROUTE) + send(ROUTE, veth('v0', 'v1')) + \
        recv(ROUTE)
    p['xfrm'] = xfrm_program()
    p['nftables'] = nft_program()
    p['diag-audit-uevent'] = other_families_program()
    p['bad-length'] = send(ROUTE, msg(RTM['GETLINK'], REQ, b'\x01'),
                           flags=0) + recv(ROUTE)
    return p


# fuzz_wire.c: records of the daemon's wire protocol (src/wire/wire.h)
OP = dict(HELLO=1, CREATE=2, ATTACH=3, BIND=4, CONNECT=5, GETSOCKNAME=6,
          GETPEERNAME=7, SETSOCKOPT=8, GETSOCKOPT=9, SENDMSG=10, CONT=11,
          CONSUME=12, STATUS=13, CLOSE=14, KICK=15, PAY=16, PROFILE=17,
          CRED=18, NS_OPEN=19, NS_SETNS=20, NS_UNSHARE=21, NS_BIND=22,
          NS_UNBIND=23, NS_QUERY=24, NS_ADD=25, NS_DEL=26, NS_LIST=27,
          IOCTL=48, TUN_OPEN=49, TUN_IOCTL=50, FILE_OPEN=51, FILE_WRITE=52,
          SVC_REGISTER=64)
WIRE_MAGIC, WIRE_VERSION = 0x554e4c31, 6
FIX_LEN, READ, SOCK, CALL, LIE, CLAIM = 1, 2, 4, 8, 16, 32
INLINE = 0x10000


def rec(op, sock=0, a=(0, 0, 0, 0), payload=b'', flags=FIX_LEN | READ):
    r = struct.pack('=IIiiiiII', OP[op], sock, *a, len(payload), 0) + payload
    return bytes([flags]) + struct.pack('=H', len(r)) + r


def on(op, k, a=(0, 0, 0, 0), payload=b''):
    """A record on the k-th socket the input created."""
    return rec(op, k, a, payload, FIX_LEN | READ | SOCK)


def sockaddr_nl(pid=0, groups=0):
    return struct.pack('=HHII', 16, 0, pid, groups)


def wire_programs():
    hello = rec('HELLO', a=(WIRE_MAGIC, WIRE_VERSION, 0, 0))
    route = rec('CREATE', a=(3, 0, 0, 0))          # SOCK_RAW, NETLINK_ROUTE
    genl = rec('CREATE', a=(3, 16, 0, 0))
    p = {}
    getlink = dump('GETLINK')
    p['route-dump'] = hello + route + b''.join([
        on('BIND', 0, payload=sockaddr_nl(groups=1)),
        on('SETSOCKOPT', 0, (270, 11, 0, 0), struct.pack('=I', 1)),
        on('SENDMSG', 0, (0, 0, 0, len(getlink)), getlink),
        on('CONSUME', 0, (2, 32768, 1, 0)),
        on('GETSOCKNAME', 0), on('GETSOCKOPT', 0, (270, 11, 4, 0)),
        on('CLOSE', 0)])
    v = veth('v0', 'v1')
    p['route-veth'] = hello + route + on('SENDMSG', 0, (0, 0, 0, len(v)), v) \
        + rec('STATUS')
    g = getfamily('nlctrl')
    p['genl'] = hello + genl + on('SENDMSG', 0, (0, 0, 0, len(g)), g) + \
        on('CONSUME', 0, (1, 4096, 1, 0))
    p['profile'] = hello + rec('PROFILE') + rec('PROFILE', a=(100, 0, 0, 0))
    p['netns'] = hello + rec('NS_ADD', payload=b'x') + rec('NS_LIST') + \
        rec('NS_QUERY', a=(2, 0, 0, 0), payload=b'x') + \
        rec('NS_DEL', payload=b'x') + rec('NS_UNSHARE')
    p['call-page'] = rec('HELLO', a=(WIRE_MAGIC, WIRE_VERSION, 1, 0)) + \
        route + rec('KICK') + rec('PAY')

    # calls through the page, as the shim makes them: a dump answered
    # inline and claimed, a veth, options; then an op a page may not
    # carry (the daemon hangs up)
    def call(op, k, a=(0, 0, 0, 0), payload=b'', inline=False, extra=0):
        r = struct.pack('=IIiiiiII', OP[op] | (INLINE if inline else 0), k,
                        *a, len(payload), 0) + payload
        return bytes([FIX_LEN | SOCK | CALL | extra]) + \
            struct.pack('=H', len(r)) + r
    page = rec('HELLO', a=(WIRE_MAGIC, WIRE_VERSION, 1, 0)) + route
    p['call-page-calls'] = page + b''.join([
        call('BIND', 0, payload=sockaddr_nl(groups=1)),
        call('SETSOCKOPT', 0, (270, 11, 0, 0), struct.pack('=I', 1)),
        call('SENDMSG', 0, (0, 0, 0, len(getlink)), getlink, True, CLAIM),
        call('CONSUME', 0, (2, 32768, 1, 0)),
        call('SENDMSG', 0, (0, 0, 0, len(v)), v),
        call('GETSOCKOPT', 0, (270, 11, 4, 0)),
        call('GETSOCKNAME', 0), on('CLOSE', 0),
        call('STATUS', 0)])
    # inline answers left owed (paid by the daemon), and a count of
    # records that were never sent
    p['call-page-owed'] = page + b''.join([
        call('SENDMSG', 0, (0, 0, 0, len(getlink)), getlink, True),
        rec('PAY'), on('CONSUME', 0, (1, 32768, 1, 0)),
        call('SENDMSG', 0, (0, 0, 0, len(v)), v, extra=LIE)])
    # struct unl_wire_ioctl, then a struct ifreq for "lo" (SIOCGIFFLAGS,
    # SIOCSIFFLAGS up), then one whose ifr_data names an ethtool buffer
    ifreq = struct.pack('=16sH22x', b'lo', 1)
    flat = struct.pack('=IiII', 40, -1, 0, 0) + ifreq
    glink = struct.pack('=IiII', 40, 16, 8, 8) + ifreq + \
        struct.pack('=II', 10, 0)
    p['ioctl'] = hello + rec('IOCTL', a=(2, 0x8913, 0, 0), payload=flat) + \
        rec('IOCTL', a=(2, 0x8914, 0, 0), payload=flat) + \
        rec('IOCTL', a=(2, 0x8946, 0, 0), payload=glink) + \
        rec('TUN_OPEN')
    p['no-hello'] = route + rec('STATUS')
    p['cred'] = hello + rec('CRED', payload=struct.pack('=iIQ', 0, 0, 0)) + \
        route + on('SENDMSG', 0, (0, 0, 0, len(v)), v)
    # the files of a net: a snapshot of each tree, then writes
    p['files'] = hello + route + on('SENDMSG', 0, (0, 0, 0, len(v)), v) + \
        b''.join(rec('FILE_OPEN', payload=f.encode()) for f in (
            '/proc/net/dev', '/proc/net/igmp6', '/sys/class/net',
            '/sys/class/net/v0', '/sys/devices/virtual/net/v0/mtu',
            '/proc/sys/net/ipv4/conf/all/forwarding')) + \
        rec('FILE_WRITE', payload=b'/sys/class/net/v0/mtu\x001400\n') + \
        rec('FILE_WRITE',
            payload=b'/proc/sys/net/ipv6/conf/all/forwarding\x001')
    return p


# fuzz_attr.c: a mode byte, then attributes of its policy (types 1..30)
def attr_programs():
    u16 = lambda t, v: attr(t, struct.pack('=H', v))
    u64 = lambda t, v: attr(t, struct.pack('=Q', v))
    every = b''.join([
        u8(1, 7), u16(2, 9), u32(3, 11), u64(4, 13), attr(5, b'\xff'),
        attr(6, struct.pack('=h', -2)), s32(7, -3), u64(8, 5),
        string(9, 'abc'), string(10, 'nul'), attr(11, b'\x01\x02'),
        attr(12, b''), u64(13, 1000), attr(14, struct.pack('=II', 0x10, 0xf0)),
        attr(16, b'\x00\x01'), u32(17, 1), u32(18, 4), u64(19, 1 << 40),
        u16(20, 20), s32(21, -7), u8(22, 9), u32(23, 0x00010001),
        attr(24, struct.pack('=h', 400)), u32(25, 2), attr(26, b'abcdef'),
        attr(27, b'abc'), u32(30, 50)])
    nested = nest(28, u8(1, 1), nest(28, u32(3, 3), nest(28, u8(1, 2))))
    array = nest(29, nest(1, u8(1, 1)), nest(2, u16(2, 2)))
    return {
        'every-liberal': b'\x00' + every,
        'every-strict': b'\x1f' + every,
        'nested': b'\x1f' + nested + array,
        'reject': b'\x00' + attr(15, b'x'),
        'out-of-range': b'\x1f' + u16(20, 5) + u8(22, 10) + u32(23, 2),
        'truncated': b'\x00' + struct.pack('=HH', 40, 3) + b'\0\0',
    }


# fuzz_family.c: a served family's description (struct unl_wire_family
# flattened, wire.h), then steps of a client and the server's answers
NLA = dict(UNSPEC=0, U8=1, U16=2, U32=3, U64=4, STRING=5, FLAG=6, MSECS=7,
           NESTED=8, NESTED_ARRAY=9, NUL_STRING=10, BINARY=11, S8=12,
           S16=13, S32=14, S64=15, BITFIELD32=16, REJECT=17, BE16=18,
           BE32=19, SINT=20, UINT=21)
V_NONE, V_RANGE, V_MIN, V_MAX, V_MASK, V_RANGE_PTR = 0, 1, 3, 4, 5, 6
OP_SPLIT, OP_DO, OP_DUMP = 1, 2, 4
CAP_DO, CAP_DUMP, ADMIN = 2, 4, 1


def pentry(typ, validation=V_NONE, length=0, ref=0, lo=0, hi=0):
    return struct.pack('=BBHIqq', NLA[typ], validation, length, ref, lo, hi)


def description(name, policies, ops, groups=(), strings=b'', policy=0,
                maxattr=0, hdrsize=0, flags=1):
    """policies: lists of entries (index 0 first); ops: (cmd, flags,
    validate, kind, policy, maxattr)."""
    d = struct.pack('=16sIIIHHHHBBHI', name.encode(), 1, hdrsize, maxattr,
                    policy, len(ops), len(groups), len(policies), 0, flags,
                    0, len(strings))
    d += b''.join(struct.pack('=BBBBHBBI', c, f, v, k, p, 0, 0, m)
                  for c, f, v, k, p, m in ops)
    d += b''.join(struct.pack('=16sB3x', g.encode(), 0) for g in groups)
    for entries in policies:
        d += struct.pack('=I', len(entries) - 1) + b''.join(entries)
    return d + strings


def fam_request(cmd, attrs, dump=False, ack=True):
    return bytes([0, cmd, (1 if dump else 0) | (2 if ack else 0)]) + \
        struct.pack('=H', len(attrs)) + attrs


def fam_done(error=0, bad_attr=-1, policy=0, policy_type=0, msg=b'',
             mode=0, replies=b''):
    out = bytes([mode])
    if mode & 1:
        out += struct.pack('=H', len(replies)) + replies
    if mode & 2:
        out += struct.pack('=H', len(replies)) + replies
    return out + struct.pack('=iIiiHHHBB20sI', error,
                             1 if mode & 1 else 0, bad_attr, -1, 0, policy,
                             policy_type, 0, 0, b'', len(msg)) + msg


def nestf(t, *a):
    """A nest with NLA_F_NESTED, as strict validation wants it."""
    return attr(t | 0x8000, b''.join(a))


def family_programs():
    # kvstore-like: a key/value policy with a nested one, a range by
    # pointer, a mask, a rejected attribute with its message
    inner = [pentry('UNSPEC'), pentry('U32', V_RANGE, 0, 0, 1, 100),
             pentry('NUL_STRING', length=15)]
    top = [pentry('UNSPEC'), pentry('NUL_STRING', length=31),
           pentry('BINARY', length=64), pentry('NESTED', length=2, ref=2),
           pentry('U16', V_RANGE_PTR, 0, 0, -5, 500),
           pentry('U32', V_MASK, 0, 0, 0xff, 0),
           pentry('REJECT', ref=1), pentry('NESTED_ARRAY', length=2, ref=2),
           pentry('U8', V_MAX, 0, 0, 0, 3), pentry('FLAG'),
           pentry('BITFIELD32', V_NONE, 0, 0, 0x0f, 0)]
    ops = [(1, CAP_DO | CAP_DUMP, 0, OP_DO | OP_DUMP, 1, 10),
           (2, ADMIN, 0, OP_DO, 1, 0),
           (3, CAP_DO, 0, OP_SPLIT, 2, 2),
           (3, CAP_DUMP, 0, OP_SPLIT, 0, 0)]
    desc = description('fuzzkv', [top, inner], ops, groups=('events',),
                       strings=b'no reason\0', policy=1, maxattr=10)
    fam = struct.pack('=H', len(desc)) + desc
    key = string(1, 'key') + attr(2, b'value')
    reply = msg(0x20, 2, genlhdr(1) + key)
    p = {}
    p['kv'] = fam + b''.join([
        bytes([1]), bytes([2, 0]), bytes([2, 1]), bytes([2, 3]),
        fam_request(1, key) + fam_done(),
        fam_request(1, key, dump=True) + fam_done(mode=1, replies=reply * 3),
        fam_request(1, key) + fam_done(mode=2, replies=reply),
        fam_request(1, u32(5, 3)) + fam_done(-22, 20, 1, 5, b'bad mask'),
        fam_request(1, attr(6, b'x')),
        fam_request(1, nestf(3, u32(1, 1000))),
        fam_request(1, nestf(7, nestf(1, u32(1, 5)))) + fam_done(),
        fam_request(2, key) + fam_done(),
        fam_request(3, u32(1, 7) + string(2, 'x')) + fam_done(),
        fam_request(3, b'', dump=True) + fam_done(mode=1, replies=reply),
        bytes([3, 0, 0]) + struct.pack('=H', len(reply)) + reply,
        bytes([3, 0, 1]) + struct.pack('=H', len(reply)) + reply])
    # the smallest family: no policy, no ops
    bare = description('fuzzbare', [], [])
    p['bare'] = struct.pack('=H', len(bare)) + bare + bytes([1, 2, 0])
    # a policy nested in itself, an op without a policy
    self_nest = [pentry('UNSPEC'), pentry('NESTED', length=2, ref=1),
                 pentry('NESTED_ARRAY', length=2, ref=1)]
    loop = description('fuzzloop', [self_nest],
                       [(1, CAP_DO, 0, OP_DO, 1, 2), (2, 0, 0, OP_DUMP, 0, 0)])
    deep = nestf(1, nestf(1, nestf(1, nestf(1, nestf(2, nestf(1, b''))))))
    p['self-nest'] = struct.pack('=H', len(loop)) + loop + b''.join([
        bytes([2, 0]), fam_request(1, deep) + fam_done(),
        fam_request(2, b'', dump=True) +
        fam_done(mode=1, replies=msg(0, 2, genlhdr(2)))])
    return p


# fuzz_frontend.c: ioctls as the front ends shape them and take the
# daemon's answers back; the files' paths
MEM_BASE = 0x10000000
AF_INDEX = dict(INET=0, INET6=1, NETLINK=2, UNIX=3, PACKET=4, BRIDGE=5)


def frontend_ioctl(family, req, mem, answer, ret=0, off=0):
    return bytes([0, AF_INDEX[family], req - 0x8900, off]) + \
        struct.pack('=iH', ret, len(mem)) + mem + answer


def frontend_programs():
    ifreq = lambda name, rest=b'': struct.pack('=16s', name) + \
        rest.ljust(24, b'\0')
    p = {}
    p['ioctl-flags'] = frontend_ioctl('INET', 0x8913, ifreq(b'lo'),
                                      ifreq(b'lo', struct.pack('=H', 0x49)))
    # SIOCGIFCONF: struct ifconf naming 80 bytes after it
    ifc = struct.pack('=i4xQ', 80, MEM_BASE + 16) + b'\0' * 80
    p['ioctl-ifconf'] = frontend_ioctl('INET', 0x8912, ifc,
                                       struct.pack('=i4xQ', 40, 0) +
                                       ifreq(b'lo'), ret=0)
    # SIOCETHTOOL: ifr_data names ETHTOOL_GDRVINFO's buffer
    drv = struct.pack('=I', 3) + b'\0' * 192
    p['ioctl-ethtool'] = frontend_ioctl(
        'INET', 0x8946, ifreq(b'lo', struct.pack('=Q', MEM_BASE + 40)) + drv,
        b'\x03\0\0\0unetlink\0')
    # SIOCGIFBR: args[1] names an array of ints
    br = struct.pack('=QQQQ', 2, MEM_BASE + 32, 4, 0) + b'\0' * 16
    p['ioctl-ifbr'] = frontend_ioctl('UNIX', 0x8940, br, b'\x01\0\0\0', 2)
    # SIOCADDRT: rt_dev names a device's name
    rt = b'\0' * 104 + struct.pack('=Q', MEM_BASE + 120) + b'\0' * 8 + \
        b'lo\0'
    p['ioctl-addrt'] = frontend_ioctl('INET', 0x890b, rt, b'', -17)
    p['ioctl-netlink'] = frontend_ioctl('NETLINK', 0x8927, ifreq(b'lo'),
                                        ifreq(b'lo', b'\x01\x00' + b'\x02' * 6))
    for name, (path, target) in {
            'path-dev': ('/proc/net/dev', ''),
            'path-self': ('/proc/self/net/../net/./igmp6', ''),
            'path-pid': ('/proc/4242/net//dev_mcast', ''),
            'path-link': ('/sys/class/net/lo',
                          '../../devices/virtual/net/lo'),
            'path-sysctl': ('/proc/sys/net/ipv4/conf/all/forwarding', ''),
            'path-up': ('/sys/class/net/../../../../etc/passwd', '..')}.items():
        p[name] = b'\x01' + path.encode() + b'\0' + target.encode()
    return p

# fuzz_recv.c: what a front end's recvmsg() reads from the daemon.
SHM_PKTINFO, SHM_PASSCRED, SHM_ALL_NSID = 0x1, 0x2, 0x10


def dgram(msg, kind=1, portid=0, group=0, pid=4242, uid=0, gid=0, nsid=None):
    return struct.pack('=HHIIiIIIi', kind, 36, portid, group, pid, uid, gid,
                       1 if nsid is not None else 0, nsid or 0) + msg


def recv_record(rec, flags=0x6, pflags=0, namelen=12, controllen=64,
                iovs=(255,)):
    return bytes([0, flags, pflags, namelen, controllen, len(iovs)]) + \
        bytes(iovs) + rec


def recv_inline(records, seq=7, paystep=0xff, owed=None, reads=(64, 64)):
    ans = b''.join(struct.pack('=I', len(r)) + align(r) for r in records)
    head = struct.pack('=IBB', seq, paystep, 0 if owed is None else 1)
    if owed is not None:
        head += struct.pack('=Q', owed)
    return b'\x01' + head + struct.pack('=H', len(ans)) + ans + \
        bytes(r for r in reads)


def recv_programs():
    done = msg(3, 2, struct.pack('=i', 0))
    link = msg(16, 2, b'\0' * 16 + attr(3, b'lo\0'))
    p = {}
    p['record-plain'] = recv_record(dgram(done))
    p['record-cmsgs'] = recv_record(
        dgram(link, portid=0, group=1, nsid=3),
        pflags=SHM_PKTINFO | SHM_PASSCRED | SHM_ALL_NSID)
    p['record-ctrunc'] = recv_record(
        dgram(link, group=5, nsid=3), controllen=28,
        pflags=SHM_PKTINFO | SHM_PASSCRED | SHM_ALL_NSID)
    p['record-nocontrol'] = recv_record(dgram(done), flags=0x2,
                                        pflags=SHM_PASSCRED)
    p['record-trunc'] = recv_record(dgram(link, portid=77), flags=0xf,
                                    namelen=6, iovs=(8, 0, 4))
    p['record-wake'] = recv_record(dgram(b'', kind=2))
    p['record-short'] = recv_record(dgram(done)[:20])
    p['record-bad-hdrlen'] = recv_record(b'\x01\0\x20\0' + dgram(done)[4:])
    p['inline-two'] = recv_inline([dgram(link), dgram(done)],
                                  reads=(129, 128, 128))
    p['inline-paid'] = recv_inline([dgram(link), dgram(done), dgram(done)],
                                   paystep=1, reads=(128, 128, 128))
    p['inline-small-buf'] = recv_inline([dgram(link)], reads=(8,))
    p['inline-lying'] = b'\x01' + struct.pack('=IBBH', 9, 0xff, 0, 12) + \
        struct.pack('=I', 4000) + dgram(b'')[:8] + bytes([64, 64])
    p['inline-stale-owed'] = recv_inline([dgram(done), dgram(done)],
                                         owed=(1 << 32) | 7)
    return p


PROFILES = {
    'small': 'name small\nkernel 6.18\nlink veth bridge\nfeature IP_MULTIPLE_TABLES\n',
    'empty': '',
}


def main():
    out = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    for sub in ('netlink', 'profile', 'wire', 'attr', 'family', 'frontend',
                'recv'):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    for name, prog in programs().items():
        with open(os.path.join(out, 'netlink', name), 'wb') as f:
            f.write(prog)
    for name, prog in attr_programs().items():
        with open(os.path.join(out, 'attr', name), 'wb') as f:
            f.write(prog)
    for name, prog in frontend_programs().items():
        with open(os.path.join(out, 'frontend', name), 'wb') as f:
            f.write(prog)
    for name, prog in family_programs().items():
        with open(os.path.join(out, 'family', name), 'wb') as f:
            f.write(prog)
    for name, prog in recv_programs().items():
        with open(os.path.join(out, 'recv', name), 'wb') as f:
            f.write(prog)
    for name, prog in wire_programs().items():
        with open(os.path.join(out, 'wire', name), 'wb') as f:
            f.write(prog)
    for src in ('full', 'minimal'):
        path = os.path.join(here, '..', '..', 'profiles', src + '.profile')
        with open(path, 'rb') as f, \
                open(os.path.join(out, 'profile', src), 'wb') as g:
            g.write(f.read())
    for name, text in PROFILES.items():
        with open(os.path.join(out, 'profile', name), 'w') as f:
            f.write(text)


if __name__ == '__main__':
    main()
