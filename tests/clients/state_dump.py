# SPDX-License-Identifier: LGPL-2.1-or-later
"""rtnetlink's dumps as bytes, for state-bytes.sh: every message of the
link, address, route, rule, neighbour and nexthop dumps, one line each
(its type, then its bytes in hex), with what no state can keep zeroed:
the header's sequence number and port id (the asker's), and the
attributes that hold ages and timestamps (IFA_CACHEINFO, RTA_CACHEINFO,
NDA_CACHEINFO, IFLA_INET6_CACHEINFO, a bridge's and its ports' running
timers), which count from when a thing was made.  The lines are sorted:
the order among routes the kernel makes for devices coming up follows
the order their carriers came (docs/state.md)."""
import socket
import struct

RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE = 18, 22, 26
RTM_GETNEIGH, RTM_GETRULE, RTM_GETNEXTHOP = 30, 34, 106
NLMSG_ERROR, NLMSG_DONE = 2, 3
# the family header of each dump's messages, in bytes
FAMILY_HDR = {RTM_GETLINK: 16, RTM_GETADDR: 8, RTM_GETROUTE: 12,
              RTM_GETNEIGH: 12, RTM_GETRULE: 12, RTM_GETNEXTHOP: 8}
IFLA_LINKINFO, IFLA_AF_SPEC = 18, 26
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
IFLA_INFO_SLAVE_KIND, IFLA_INFO_SLAVE_DATA = 4, 5
AF_INET6, IFLA_INET6_CACHEINFO = 10, 5
# IFLA_BR_HELLO_TIMER .. IFLA_BR_GC_TIMER; IFLA_BRPORT_MESSAGE_AGE_TIMER
# .. IFLA_BRPORT_HOLD_TIMER
BRIDGE_TIMERS = {16, 17, 18, 19}
BRPORT_TIMERS = {21, 22, 23}
CACHEINFO = {RTM_GETADDR: 6, RTM_GETROUTE: 12, RTM_GETNEIGH: 3}


def attrs(buf, start, end):
    """(offset, length, type) of each attribute of buf[start:end]."""
    out = []
    while start + 4 <= end:
        ln, tp = struct.unpack_from('=HH', buf, start)
        if ln < 4:
            break
        out.append((start, ln, tp & 0x3FFF))
        start += (ln + 3) & ~3
    return out


def zero(buf, off, ln):
    buf[off + 4:off + ln] = b'\0' * (ln - 4)


def mask_linkinfo(buf, off, ln):
    inner = attrs(buf, off + 4, off + ln)
    kinds = {tp: bytes(buf[o + 4:o + n]).rstrip(b'\0')
             for o, n, tp in inner if tp in (IFLA_INFO_KIND, IFLA_INFO_SLAVE_KIND)}
    for o, n, tp in inner:
        if tp == IFLA_INFO_DATA and kinds.get(IFLA_INFO_KIND) == b'bridge':
            timers = BRIDGE_TIMERS
        elif tp == IFLA_INFO_SLAVE_DATA and kinds.get(IFLA_INFO_SLAVE_KIND) == b'bridge':
            timers = BRPORT_TIMERS
        else:
            continue
        for o2, n2, tp2 in attrs(buf, o + 4, o + n):
            if tp2 in timers:
                zero(buf, o2, n2)


def mask_af_spec(buf, off, ln):
    for o, n, tp in attrs(buf, off + 4, off + ln):
        if tp == AF_INET6:
            for o2, n2, tp2 in attrs(buf, o + 4, o + n):
                if tp2 == IFLA_INET6_CACHEINFO:
                    zero(buf, o2, n2)


def mask(kind, msg):
    buf = bytearray(msg)
    buf[8:16] = b'\0' * 8
    for off, ln, tp in attrs(buf, 16 + FAMILY_HDR[kind], len(buf)):
        if kind == RTM_GETLINK and tp == IFLA_LINKINFO:
            mask_linkinfo(buf, off, ln)
        elif kind == RTM_GETLINK and tp == IFLA_AF_SPEC:
            mask_af_spec(buf, off, ln)
        elif CACHEINFO.get(kind) == tp:
            zero(buf, off, ln)
    return bytes(buf)


def dump(sock, kind, seq):
    req = struct.pack('=IHHII', 16 + FAMILY_HDR[kind], kind, 0x301, seq, 0)
    sock.send(req + b'\0' * FAMILY_HDR[kind])
    lines = []
    while True:
        data = sock.recv(1 << 20)
        while len(data) >= 16:
            ln, tp = struct.unpack_from('=IH', data)
            if tp == NLMSG_ERROR:
                raise SystemExit('dump %d: error %d' %
                                 (kind, struct.unpack_from('=i', data, 16)[0]))
            if tp == NLMSG_DONE:
                return lines
            lines.append('%d %s' % (kind, mask(kind, data[:ln]).hex()))
            data = data[(ln + 3) & ~3:]


def main():
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    sock.bind((0, 0))
    lines = []
    for seq, kind in enumerate(FAMILY_HDR, 1):
        lines += dump(sock, kind, seq)
    print('\n'.join(sorted(lines)))


main()
