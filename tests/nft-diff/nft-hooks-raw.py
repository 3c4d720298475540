#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# nfnetlink_hook as a raw client asks it (nft 1.0.6 asks for fewer
# hooks, and prints less): NFNL_MSG_HOOK_GET dumps of every hook of
# each family (the devices named on the command line for netdev), each
# answer printed with its attributes decoded in their order, and the
# requests Linux refuses, each with its errno.
#   nft-hooks-raw.py [DEV...]
#   nft-hooks-raw.py --probe   exit status 0 where the kernel has
#                              nfnetlink_hook (its dumps are not EINVAL)
# Needs nothing beyond python3 (it runs in the recording's machine).
import errno
import socket
import struct
import sys

NETLINK_NETFILTER = 12
NFNL_SUBSYS_HOOK = 12
F_REQ, F_DUMP, F_DUMP_INTR = 0x1, 0x300, 0x20
NLMSG_ERROR, NLMSG_DONE = 2, 3
HOOKNUM, PRIORITY, DEV, FUNC, MODULE, INFO = 1, 2, 3, 4, 5, 6
NFPROTO = {'unspec': 0, 'inet': 1, 'ip': 2, 'arp': 3, 'netdev': 5,
           'bridge': 7, 'ip6': 10, 'decnet': 12}
seq = 0


def nla(kind, data):
    pad = b'\0' * ((4 - len(data) % 4) % 4)
    return struct.pack('=HH', 4 + len(data), kind) + data + pad


def attrs(data):
    off = 0
    while off + 4 <= len(data):
        ln, kind = struct.unpack_from('=HH', data, off)
        if ln < 4:
            break
        yield kind, data[off + 4:off + ln]
        off += (ln + 3) & ~3


def show_info(data):
    out = []
    for kind, val in attrs(data):
        if kind & 0x7fff == 2:  # NFNLA_HOOK_INFO_TYPE
            out.append('type=%d' % struct.unpack('>I', val)[0])
        elif kind & 0x7fff == 1:  # NFNLA_HOOK_INFO_DESC
            for k, v in attrs(val):
                if k == 2:  # NFNLA_CHAIN_FAMILY
                    out.append('family=%d' % v[0])
                else:  # NFNLA_CHAIN_TABLE, _NAME
                    out.append('%s=%s' % ({1: 'table', 3: 'name'}.get(k, k),
                                          v.rstrip(b'\0').decode()))
        else:
            out.append('attr%d' % kind)
    return 'info%s(%s)' % ('/nested' if kind & 0x8000 else '', ' '.join(out))


def show(body):
    fam = body[0]
    out = ['family=%d' % fam]
    for kind, val in attrs(body[4:]):
        k = kind & 0x7fff
        if k in (HOOKNUM, PRIORITY):
            v = struct.unpack('>i', val)[0]
            out.append('%s=%d' % ('hook' if k == HOOKNUM else 'prio', v))
        elif k in (FUNC, MODULE):
            out.append('%s=%s' % ('func' if k == FUNC else 'module',
                                  val.rstrip(b'\0').decode()))
        elif k == INFO:
            out.append(show_info(val))
        else:
            out.append('attr%d' % kind)
    return ' '.join(out)


def ask(sock, family, body, flags=F_REQ | F_DUMP):
    """The answer to one request: its messages, then DONE or the error."""
    global seq
    seq += 1
    hdr = struct.pack('=BBH', family, 0, 0)
    sock.send(struct.pack('=IHHII', 20 + len(body), NFNL_SUBSYS_HOOK << 8,
                          flags, seq, 0) + hdr + body)
    lines = []
    while True:
        data = sock.recv(65536)
        off = 0
        while off + 16 <= len(data):
            ln, mt, fl, sq = struct.unpack_from('=IHHI', data, off)
            body_ = data[off + 16:off + ln]
            off += (ln + 3) & ~3
            if sq != seq:
                continue
            intr = ' INTR' if fl & F_DUMP_INTR else ''
            if mt == NLMSG_ERROR:
                err = -struct.unpack_from('=i', body_)[0]
                return lines + ['  error %s' % (errno.errorcode.get(err, err)
                                                if err else 0)]
            if mt == NLMSG_DONE:
                err = -struct.unpack_from('=i', body_)[0]
                return lines + ['  done %d%s' % (err, intr)]
            lines.append('  ' + show(body_) + intr)


def hook(num, dev=None):
    body = nla(HOOKNUM, struct.pack('>I', num))
    if dev is not None:
        body += nla(DEV, dev.encode() + b'\0')
    return body


def main():
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.bind((0, 0))
    if sys.argv[1:] == ['--probe']:
        sys.exit(ask(sock, NFPROTO['ip'], hook(1))[-1] == '  error EINVAL')
    cases = []
    for fam, hooks in (('ip', 5), ('ip6', 5), ('arp', 3), ('bridge', 5)):
        for h in range(hooks):
            cases.append(('%s hook %d' % (fam, h), NFPROTO[fam], hook(h)))
    for dev in sys.argv[1:]:
        for h in (0, 1):
            cases.append(('netdev hook %d device %s' % (h, dev),
                          NFPROTO['netdev'], hook(h, dev)))
    cases += [
        ('ip hook 5', NFPROTO['ip'], hook(5)),
        ('ip hook 255', NFPROTO['ip'], hook(255)),
        ('ip hook 256', NFPROTO['ip'], hook(256)),
        ('arp hook 3', NFPROTO['arp'], hook(3)),
        ('bridge hook 5', NFPROTO['bridge'], hook(5)),
        ('inet hook 1', NFPROTO['inet'], hook(1)),
        ('unspec hook 0', NFPROTO['unspec'], hook(0)),
        ('decnet hook 0', NFPROTO['decnet'], hook(0)),
        ('netdev without device', NFPROTO['netdev'], hook(0)),
        ('netdev device nosuch', NFPROTO['netdev'], hook(0, 'nosuch')),
        ('netdev hook 2 device lo', NFPROTO['netdev'], hook(2, 'lo')),
        ('netdev device of 16 bytes', NFPROTO['netdev'],
         hook(0) + nla(DEV, b'0123456789abcdef')),
        ('ip without hook', NFPROTO['ip'], b''),
        ('ip hook of 2 bytes', NFPROTO['ip'], nla(HOOKNUM, b'\0\1')),
    ]
    for name, fam, body in cases:
        print(name)
        print('\n'.join(ask(sock, fam, body)))
    print('ip hook 1, not a dump')
    print('\n'.join(ask(sock, NFPROTO['ip'], hook(1), F_REQ)))


main()
