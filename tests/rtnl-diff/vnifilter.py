#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Raw RTM_NEWTUNNEL, RTM_DELTUNNEL and RTM_GETTUNNEL (a vxlan's VNI
filter), what `bridge vni` will not send: one line per request with the
errno and extended-ACK message it got, the messages of a dump decoded,
then the RTNLGRP_TUNNEL notifications a listener got meanwhile.  Each
argument is one request, OP,KEY=VALUE,...:
  OP new, del or dump; link (RTM_NEWLINK of a vxlan: name=NAME,
     vnifilter=V and external=E its u8 attributes when given,
     change=1 for an existing device, else NLM_F_CREATE|NLM_F_EXCL);
     or run:CMD, the shell command CMD (a word of
     its own, with its events after it: `run:ip link del vx0`)
  dev=NAME   tunnel_msg's ifindex (dev=N: that number); none: 0
  e=S[-E][@ADDR]  an entry (repeatable): start S (0: left out), end E,
             group ADDR (IPv4 or IPv6)
  flags=N    tunnel_msg's flags       hdr=N  only N bytes of tunnel_msg
  nonest=1   the entries without NLA_F_NESTED
  junk=T     one more top-level attribute of type T (4 bytes)
  ejunk=T    one more attribute of type T in each entry
  brief=1    (dump) each message as its device, its number of entries
             and the first one's start: how a large dump is cut"""
import errno
import ipaddress
import socket
import struct
import subprocess
import sys

from nlmsg import ack, attrs, nla

NETLINK_ADD_MEMBERSHIP, NETLINK_CAP_ACK, NETLINK_EXT_ACK = 1, 10, 11
RTNLGRP_TUNNEL = 35
RTM_NEWTUNNEL, RTM_DELTUNNEL, RTM_GETTUNNEL = 120, 121, 122
NLA_F_NESTED = 0x8000
NAMES = {RTM_NEWTUNNEL: 'NEWTUNNEL', RTM_DELTUNNEL: 'DELTUNNEL'}
STATS = ['rx_bytes', 'rx_pkts', 'rx_drops', 'rx_errors', 'tx_bytes',
         'tx_pkts', 'tx_drops', 'tx_errors', 'pad']


def ifname(index):
    try:
        return socket.if_indextoname(index)
    except OSError:
        return str(index)


def entry(spec, opts):
    grp = None
    if '@' in spec:
        spec, grp = spec.split('@', 1)
    start, _, end = spec.partition('-')
    body = b''
    if int(start):
        body += nla(1, struct.pack('=I', int(start)))
    if end:
        body += nla(2, struct.pack('=I', int(end)))
    if grp:
        packed = ipaddress.ip_address(grp).packed
        body += nla(3 if len(packed) == 4 else 4, packed)
    if 'ejunk' in opts:
        body += nla(int(opts['ejunk'][0]), b'\0' * 4)
    nested = 0 if 'nonest' in opts else NLA_F_NESTED
    return nla(1 | nested, body)


def describe_entry(data):
    out = []
    for t, v in attrs(data):
        if t in (1, 2):
            out.append(('start=%d' if t == 1 else 'end=%d') %
                       struct.unpack('=I', v))
        elif t in (3, 4):
            out.append('group=%s' % ipaddress.ip_address(v))
        elif t == 5:
            out.append('stats=' + ','.join(
                '%s:%s' % (STATS[s - 1] if 0 < s <= len(STATS) else s,
                           struct.unpack('=Q', w)[0] if len(w) == 8
                           else w.hex()) for s, w in attrs(v)))
        else:
            out.append('%d:%s' % (t, v.hex()))
    return '{' + ' '.join(out) + '}'


def describe(msg):
    ln, tp, fl = struct.unpack_from('=IHH', msg)
    fam, tflags, res, index = struct.unpack_from('=BBHI', msg, 16)
    parts = ['%s fam %d flags %d res %d dev %s nlflags %#x' % (
        NAMES.get(tp, str(tp)), fam, tflags, res, ifname(index), fl)]
    for t, v in attrs(msg[24:ln]):
        parts.append(describe_entry(v) if t == 1 else '%d:%s' % (t, v.hex()))
    return ' '.join(parts)


def link_request(opts, seq):
    """RTM_NEWLINK of a vxlan with the attributes opts names."""
    # IFLA_VXLAN_PORT, which may not change
    data = b'' if 'change' in opts else nla(15, struct.pack('!H', 4789))
    for key, kind in (('external', 25), ('vnifilter', 30)):
        if key in opts:
            data += nla(kind, struct.pack('=B', int(opts[key][0])))
    info = nla(1, b'vxlan\0') + nla(2 | NLA_F_NESTED, data)
    body = struct.pack('=BxHiII', 0, 0, 0, 0, 0) + \
        nla(3, opts['name'][0].encode() + b'\0') + \
        nla(18 | NLA_F_NESTED, info)
    flags = 0x5 if 'change' in opts else 0x5 | 0x400 | 0x200
    return struct.pack('=IHHII', 16 + len(body), 16, flags, seq, 0) + body


def request(sock, seq, spec):
    op, *rest = spec.split(',')
    opts = {}
    for kv in rest:
        k, v = kv.split('=', 1)
        opts.setdefault(k, []).append(v)
    if op == 'link':
        sock.send(link_request(opts, seq))
        err, msg = ack(sock.recv(65536))
        return [(errno.errorcode.get(-err, str(err)) if err else 'ack') +
                (' ' + msg if msg else '')]
    dev = opts.get('dev', ['0'])[0]
    index = int(dev) if dev.isdigit() else socket.if_nametoindex(dev)
    hdr = struct.pack('=BBHI', socket.AF_BRIDGE,
                      int(opts.get('flags', ['0'])[0]), 0, index)
    hdr = hdr[:int(opts.get('hdr', ['8'])[0])]
    body = b''.join(entry(e, opts) for e in opts.get('e', []))
    if 'junk' in opts:
        body += nla(int(opts['junk'][0]), b'\0' * 4)
    kind = {'new': RTM_NEWTUNNEL, 'del': RTM_DELTUNNEL,
            'dump': RTM_GETTUNNEL}[op]
    flags = 0x5 | (0x300 if op == 'dump' else 0)
    sock.send(struct.pack('=IHHII', 16 + len(hdr) + len(body), kind, flags,
                          seq, 0) + hdr + body)
    out = []
    while True:
        data = sock.recv(1 << 20)
        while data:
            ln, tp = struct.unpack_from('=IH', data)
            if tp in (2, 3):
                err, msg = ack(data[:ln]) if tp == 2 else (
                    struct.unpack_from('=i', data, 16)[0], '')
                if tp == 3 and ln > 20:
                    msg = ' '.join(v.rstrip(b'\0').decode() for t, v in
                                   attrs(data[20:ln]) if t == 1)
                name = errno.errorcode.get(-err, str(err)) if err else (
                    'done' if tp == 3 else 'ack')
                out.append(name + (' ' + msg if msg else ''))
                return out
            if 'brief' in opts:
                _, _, _, index = struct.unpack_from('=BBHI', data, 16)
                entries = [v for t, v in attrs(data[24:ln]) if t == 1]
                first = dict(attrs(entries[0])).get(1) if entries else None
                out.append('  dev %s: %d entries from %s' % (
                    ifname(index), len(entries),
                    struct.unpack('=I', first)[0] if first else '-'))
            else:
                out.append('  ' + describe(data[:ln]))
            data = data[(ln + 3) & ~3:]


def main():
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    sock.setsockopt(270, NETLINK_EXT_ACK, 1)
    sock.setsockopt(270, NETLINK_CAP_ACK, 1)
    sock.bind((0, 0))
    mon = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    mon.bind((0, 0))
    mon.setsockopt(270, NETLINK_ADD_MEMBERSHIP, RTNLGRP_TUNNEL)
    mon.setblocking(False)
    for seq, spec in enumerate(sys.argv[1:], 1):
        if spec.startswith('run:'):
            sys.stdout.flush()
            out = ['exit %d' % subprocess.run(spec[4:], shell=True).returncode]
        else:
            out = request(sock, seq, spec)
        print('%s: %s' % (spec, out[-1]))
        for line in out[:-1]:
            print(line)
        while True:
            try:
                data = mon.recv(1 << 16)
            except BlockingIOError:
                break
            print('  event ' + describe(data))


main()
