# SPDX-License-Identifier: LGPL-2.1-or-later
# The join and leave notifications of Linux 6.14 (no `ip monitor` of
# iproute2 6.1 listens for them): a socket joined to RTNLGRP_IPV4_MCADDR,
# RTNLGRP_IPV6_MCADDR and RTNLGRP_IPV6_ACADDR, then each command given
# run with sh, then what arrived until 0.2 s passed without a message:
# RTM_NEWMULTICAST, RTM_DELMULTICAST, RTM_NEWANYCAST, RTM_DELANYCAST
# with their header, address and whether the IFA_CACHEINFO stamps are
# equal and the lifetimes endless.  Sorted per command: the kernel's
# order among the groups one change joins or leaves is its call order,
# which the model does not follow (docs/conformance.md).  The commands
# should leave no address tentative (accept_dad 0 or nodad): DAD's
# joins come from a work queue, at no time this could wait for.
#   python3 group-events.py CMD...
import select
import socket
import struct
import subprocess
import sys

from nlmsg import attrs

SOL_NETLINK, NETLINK_ADD_MEMBERSHIP = 270, 1
GROUPS = {37: 'RTNLGRP_IPV4_MCADDR', 38: 'RTNLGRP_IPV6_MCADDR',
          39: 'RTNLGRP_IPV6_ACADDR'}
TYPES = {56: 'RTM_NEWMULTICAST', 57: 'RTM_DELMULTICAST',
         60: 'RTM_NEWANYCAST', 61: 'RTM_DELANYCAST'}
IFA_ANYCAST, IFA_CACHEINFO, IFA_MULTICAST = 5, 6, 7


def describe(msg):
    size, kind, flags, seq, pid = struct.unpack_from('=IHHII', msg)
    fam, plen, ifa_flags, scope, index = struct.unpack_from('=BBBBi', msg,
                                                             16)
    out = ['%s flags=%#x seq=%d pid=%d family=%d prefixlen=%d ifa_flags=%#x'
           ' scope=%d ifindex=%d' % (TYPES.get(kind, kind), flags, seq, pid,
                                     fam, plen, ifa_flags, scope, index)]
    for tp, data in attrs(msg[24:size]):
        if tp in (IFA_ANYCAST, IFA_MULTICAST):
            family = socket.AF_INET if len(data) == 4 else socket.AF_INET6
            out.append('%s=%s' % ('anycast' if tp == IFA_ANYCAST
                                  else 'multicast',
                                  socket.inet_ntop(family, data)))
        elif tp == IFA_CACHEINFO:
            pref, valid, cst, tst = struct.unpack('=IIII', data)
            out.append('cacheinfo(endless=%s stamps-equal=%s)' %
                       (pref == valid == 0xffffffff, cst == tst))
        else:
            out.append('attr%d=%s' % (tp, data.hex()))
    return ' '.join(out)


def drain(s):
    events = []
    while select.select([s], [], [], 0.2)[0]:
        data = s.recv(65536)
        off = 0
        while off + 16 <= len(data):
            size = struct.unpack_from('=I', data, off)[0]
            if size < 16:
                break
            events.append(describe(data[off:off + size]))
            off += (size + 3) & ~3
    return sorted(events)


def main():
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                      socket.NETLINK_ROUTE)
    s.bind((0, 0))
    for group, name in sorted(GROUPS.items()):
        try:
            s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group)
        except OSError as e:
            print('join %s: %s' % (name, e.strerror))
            return
    for cmd in sys.argv[1:]:
        print('$ ' + cmd)
        sys.stdout.flush()
        subprocess.run(cmd, shell=True)
        for line in drain(s):
            print('  ' + line)


main()
