# SPDX-License-Identifier: LGPL-2.1-or-later
# The RTM_GETMULTICAST and RTM_GETANYCAST dumps (no `ip` command sends
# them): each group of each device, its ifaddrmsg and attributes, and of
# its IFA_CACHEINFO only what does not run on each side's clock (the
# lifetimes; both stamps equal, and not after the dump).  A device's
# groups are sorted: the kernel joins some from DAD's work queue, in an
# order that races.  A solicited-node group of a link-local address
# (made from a random MAC) is named after its device.  Then the errors
# of requests Linux refuses, with their extended ACKs.
#   python3 group-dumps.py
import socket
import struct
import time

from nlmsg import ack, attrs

RTM_GETADDR, RTM_GETMULTICAST, RTM_GETANYCAST = 22, 58, 62
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
IFA_ADDRESS, IFA_CACHEINFO, IFA_MULTICAST = 1, 6, 7
IFA_ANYCAST, IFA_TARGET_NETNSID = 5, 10
SOL_NETLINK, NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK = 270, 11, 12


def sock(strict=False):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                      socket.NETLINK_ROUTE)
    s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    if strict:
        s.setsockopt(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1)
    s.bind((0, 0))
    return s


def done_error(msg):
    """A dump's error in its NLMSG_DONE: errno and extended-ACK text."""
    err = struct.unpack_from('=i', msg, 16)[0]
    text = ''
    for kind, payload in attrs(msg[20:]):
        if kind == 1:
            text = payload.rstrip(b'\0').decode()
    return err, text


def dump(s, typ, family, prefixlen=0, ifindex=0, extra=b''):
    """The messages of a dump, or ('error', errno, message) from an
    NLMSG_ERROR or an NLMSG_DONE that carries one."""
    body = struct.pack('=BBBBI', family, prefixlen, 0, 0, ifindex) + extra
    s.send(struct.pack('=IHHII', 16 + len(body), typ,
                       NLM_F_REQUEST | NLM_F_DUMP | NLM_F_ACK, 1, 0) + body)
    out = []
    while True:
        data = s.recv(65536)
        off = 0
        while off + 16 <= len(data):
            length, mtype = struct.unpack_from('=IH', data, off)
            msg = data[off:off + length]
            if mtype == 2:
                return ('error',) + ack(msg)
            if mtype == 3:
                if length >= 20 and struct.unpack_from('=i', msg, 16)[0]:
                    return ('error',) + done_error(msg)
                return out
            out.append(msg)
            off += (length + 3) & ~3


def names():
    return {i: n for i, n in socket.if_nameindex()}


def link_locals(s):
    """Solicited-node group (bytes) of each link-local -> its device."""
    sol = {}
    for msg in dump(s, RTM_GETADDR, socket.AF_INET6):
        index = struct.unpack_from('=I', msg, 20)[0]
        for kind, payload in attrs(msg[24:]):
            if kind == IFA_ADDRESS and payload[:2] == b'\xfe\x80':
                group = b'\xff\x02' + b'\0' * 9 + b'\x01\xff' + payload[13:]
                sol[group] = index
    return sol


def show(msg, ifnames, sol, now):
    family, plen, flags, scope, index = struct.unpack_from('=BBBBI', msg,
                                                           16)
    typ = struct.unpack_from('=H', msg, 4)[0]
    flags_multi = struct.unpack_from('=H', msg, 6)[0]
    parts = ['type=%d nlflags=%#x family=%d plen=%d flags=%#x scope=%d' %
             (typ, flags_multi, family, plen, flags, scope),
             ifnames.get(index, str(index))]
    for kind, payload in attrs(msg[24:]):
        if kind in (IFA_MULTICAST, IFA_ANYCAST):
            if payload in sol:
                text = 'SOL(LL:%s)' % ifnames.get(sol[payload], '?')
            else:
                text = socket.inet_ntop(family, payload)
            parts.append('%s=%s' % ('mc' if kind == IFA_MULTICAST
                                    else 'ac', text))
        elif kind == IFA_CACHEINFO:
            pref, valid, cstamp, tstamp = struct.unpack('=IIII', payload)
            parts.append('lft=%#x/%#x stamps=%s' % (
                pref, valid,
                'same,past' if cstamp == tstamp and cstamp <= now else
                '%d/%d now %d' % (cstamp, tstamp, now)))
        else:
            parts.append('attr%d=%s' % (kind, payload.hex()))
    return ' '.join(parts)


def main():
    s = sock()
    ifnames = names()
    sol = link_locals(s)
    # the stamps' clock: centiseconds since boot, as the kernel's
    now = int(time.clock_gettime(time.CLOCK_BOOTTIME) * 100) + 100
    for typ, family in ((RTM_GETMULTICAST, socket.AF_INET6),
                        (RTM_GETMULTICAST, socket.AF_INET),
                        (RTM_GETANYCAST, socket.AF_INET6)):
        print('== type %d family %d' % (typ, family))
        got = dump(s, typ, family)
        if got and got[0] == 'error':
            print('error %d %s' % got[1:])
            continue
        print('\n'.join(sorted(show(m, ifnames, sol, now) for m in got)))
    # Linux's answers to requests it refuses, and a filtered dump
    strict = sock(strict=True)
    v0 = socket.if_nametoindex('v0')
    for label, args in (
            ('unspec multicast', (s, RTM_GETMULTICAST, socket.AF_UNSPEC)),
            ('ipv4 anycast', (s, RTM_GETANYCAST, socket.AF_INET)),
            ('strict prefixlen', (strict, RTM_GETMULTICAST,
                                  socket.AF_INET6, 64)),
            ('strict bad device', (strict, RTM_GETANYCAST, socket.AF_INET6,
                                   0, 9999)),
            ('strict attribute', (strict, RTM_GETMULTICAST,
                                  socket.AF_INET6, 0, 0,
                                  struct.pack('=HH', 20, IFA_ADDRESS) +
                                  b'\0' * 16))):
        got = dump(*args)
        if got and got[0] == 'error':
            print('%s: error %d %s' % ((label,) + got[1:]))
        else:
            print('%s: %d messages' % (label, len(got)))
    got = dump(strict, RTM_GETMULTICAST, socket.AF_INET6, 0, v0)
    print('strict filtered:', 'error %d %s' % got[1:] if got and
          got[0] == 'error' else
          '\n'.join(sorted(show(m, ifnames, sol, 1 << 32) for m in got)))


main()
