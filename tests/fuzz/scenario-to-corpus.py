#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Turn conformance scenarios (tests/conformance/scenarios/*.scn) into
fuzz-netlink programs.

scenario-to-corpus.py OUTDIR SCENARIO...

Each scenario becomes one program (tests/fuzz/fuzz_netlink.c), named
scn-NAME: its sockets take the harness's four slots in order of
appearance (REOPEN with the scenario's protocol, when the harness speaks
it), and its sends (msg: type, flags, seq, len, data, zeros, attr; to
another socket), receives, binds to groups, netlink socket options and
unpriv steps become the program's ops.  What the harness cannot express
(other socket types, connect, poll, capabilities, nets) is left out.
"""
import os
import struct
import sys

# fuzz_netlink.c's protocols[] and options[], in order
PROTOCOLS = ['ROUTE', 'GENERIC', 'USERSOCK', 'FIB_LOOKUP', 'XFRM',
             'NETFILTER', 'SOCK_DIAG', 'AUDIT', 'KOBJECT_UEVENT',
             'CONNECTOR', 'SELINUX']
NUMBERS = {'0': 'ROUTE', '16': 'GENERIC', '2': 'USERSOCK', '10': 'FIB_LOOKUP',
           '6': 'XFRM', '12': 'NETFILTER', '4': 'SOCK_DIAG', '9': 'AUDIT',
           '15': 'KOBJECT_UEVENT', '11': 'CONNECTOR', '7': 'SELINUX'}
OPTIONS = ['NETLINK_EXT_ACK', 'NETLINK_CAP_ACK', 'NETLINK_GET_STRICT_CHK',
           'NETLINK_PKTINFO', 'NETLINK_BROADCAST_ERROR', 'NETLINK_NO_ENOBUFS',
           'NETLINK_LISTEN_ALL_NSID', 'NETLINK_ADD_MEMBERSHIP',
           'NETLINK_DROP_MEMBERSHIP']
NSOCK, MAX_SEND = 4, 8192
TYPES = {'NOOP': 1, 'ERROR': 2, 'DONE': 3, 'OVERRUN': 4}
FLAGS = {'REQUEST': 1, 'MULTI': 2, 'ACK': 4, 'ECHO': 8, 'DUMP_INTR': 16,
         'DUMP_FILTERED': 32, 'ROOT': 0x100, 'MATCH': 0x200,
         'ATOMIC': 0x400, 'DUMP': 0x300, 'REPLACE': 0x100, 'EXCL': 0x200,
         'CREATE': 0x400, 'APPEND': 0x800, 'NONREC': 0x100,
         'BULK': 0x200, 'CAPPED': 0x100, 'ACK_TLVS': 0x200}


def number(s):
    return int(s, 0)


def flags_of(s):
    v = 0
    for part in s.split('|'):
        part = part[6:] if part.startswith('NLM_F_') else part
        v |= FLAGS[part] if part in FLAGS else number(part)
    return v


def attr(spec):
    t, _, val = spec.partition(':')
    if val.startswith('s:'):
        data = val[2:].encode() + b'\0'
    else:
        data = bytes.fromhex(val)
    a = struct.pack('=HH', 4 + len(data), number(t) & 0xffff) + data
    return a + b'\0' * (-len(a) % 4)


def message(keys):
    typ, flags, seq, length, body = 0, 0, 0, None, b''
    for k, v in keys:
        if k == 'type':
            v = v[6:] if v.startswith('NLMSG_') else v
            typ = TYPES[v] if v in TYPES else number(v)
        elif k == 'flags':
            flags = flags_of(v)
        elif k == 'seq':
            seq = number(v)
        elif k == 'len':
            length = number(v)
        elif k == 'data':
            body += bytes.fromhex(v)
        elif k == 'zeros':
            body += b'\0' * number(v)
        elif k == 'attr':
            body += attr(v)
    n = 16 + len(body)
    return struct.pack('=IHHII', length if length is not None else n,
                       typ & 0xffff, flags & 0xffff, seq & 0xffffffff,
                       0) + body


def program(lines):
    slots = {}   # socket name -> slot
    out = b''
    for line in lines:
        tok = line.split()
        if not tok or tok[0].startswith('#'):
            continue
        verb, name = tok[0], tok[1] if len(tok) > 1 else ''
        keys = [t.split('=', 1) for t in tok[2:] if '=' in t]
        if verb == 'socket':
            proto = NUMBERS.get(tok[3], tok[3]) if len(tok) > 3 else ''
            if not tok[2].startswith('RAW') or proto not in PROTOCOLS:
                continue
            slot = slots.setdefault(name, len(slots) % NSOCK)
            out += bytes([5, slot + NSOCK * PROTOCOLS.index(proto)])
            continue
        if name not in slots:
            continue
        slot = slots[name]
        if verb in ('send', 'sendto') and len(tok) > 2 and tok[2] == 'msg':
            m = message(keys)
            if len(m) >= MAX_SEND:
                continue
            dest = 0
            for k, v in keys:
                if k == 'to' and v in slots:
                    dest = slots[v] + 1
            out += bytes([0, slot, dest, 0]) + struct.pack('=H', len(m)) + m
        elif verb in ('recv', 'drain'):
            repeat = 1
            for k, v in keys:
                if k == 'repeat':
                    repeat = min(number(v), 4)
            out += bytes([1, slot, 0]) * repeat
        elif verb == 'bind':
            for k, v in keys:
                if k == 'groups':
                    out += bytes([3, slot]) + \
                        struct.pack('=I', number(v) & 0xffffffff)
        elif verb == 'setsockopt' and len(tok) > 4 and \
                tok[2] == 'SOL_NETLINK' and tok[3] in OPTIONS:
            val = tok[4][4:] if tok[4].startswith('int:') else '1'
            try:
                v = number(val)
            except ValueError:
                continue
            out += bytes([2, slot + NSOCK * OPTIONS.index(tok[3])]) + \
                struct.pack('=I', v & 0xffffffff)
        elif verb == 'unpriv':
            out += bytes([6, 0x80 | slot])
    return out


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for path in sys.argv[2:]:
        with open(path) as f:
            p = program(f.readlines())
        if p:
            name = os.path.splitext(os.path.basename(path))[0]
            with open(os.path.join(outdir, 'scn-' + name), 'wb') as g:
                g.write(p)


if __name__ == '__main__':
    main()
