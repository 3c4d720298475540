# SPDX-License-Identifier: LGPL-2.1-or-later
# Raw tunnel ioctls iproute2 does not make: a request on a device of
# another kind, on a missing device, a NULL or short argument, the
# answer's bytes.
import array, errno, fcntl, os, socket, struct

SIOCDEVPRIVATE = 0x89F0
NAMES = ['GETTUNNEL', 'ADDTUNNEL', 'DELTUNNEL', 'CHGTUNNEL', 'GETPRL',
         'ADDPRL', 'DELPRL', 'CHGPRL', 'GET6RD', 'ADD6RD', 'DEL6RD',
         'CHG6RD', 'PRIV12']
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)


def call(dev, req, data, size):
    buf = array.array('B', data.ljust(size, b'\0')[:size]) if data is not None else None
    addr = buf.buffer_info()[0] if buf is not None else 0
    ifr = bytearray(dev.encode().ljust(16, b'\0') + struct.pack('Q', addr) + bytes(16))
    try:
        r = fcntl.ioctl(s.fileno(), SIOCDEVPRIVATE + req, ifr, True)
        e = 0
    except OSError as ex:
        r, e = -1, ex.errno
    out = buf.tobytes().hex() if buf is not None else '-'
    print(f'{dev} {NAMES[req]} {size}: {r} {errno.errorcode.get(e, e)} {out}')


def parm4(name=b'', proto=4, saddr='0.0.0.0', daddr='0.0.0.0', iflags=0,
          oflags=0, ikey=0, okey=0, link=0, ttl=0, tos=0):
    iph = struct.pack('!BBHHHBBH4s4s', 0x45, tos, 0, 0, 0, ttl, proto, 0,
                      socket.inet_aton(saddr), socket.inet_aton(daddr))
    return (name.ljust(16, b'\0') + struct.pack('i', link) +
            struct.pack('!HHII', iflags, oflags, ikey, okey) + iph)


for dev in ['tunl0', 'gre0', 'gretap0', 'erspan0', 'sit0', 'ip_vti0', 'ip6tnl0', 'ip6gre0',
            'ip6_vti0', 'lo', 'nosuch']:
    call(dev, 0, bytes(80), 80)
call('tunl0', 0, None, 0)
call('lo', 1, None, 0)
for req in range(13):
    call('tunl0', req, bytes(80), 80)
    call('sit0', req, bytes(80), 80)
    call('ip6tnl0', req, bytes(80), 80)
# get by name through the fallback device
call('tunl0', 0, parm4(b'ri1'), 80)
call('tunl0', 1, parm4(b'ri1', daddr='198.51.100.1'), 80)
call('tunl0', 0, parm4(b'ri1'), 80)
call('ri1', 0, parm4(b'zz'), 80)
call('tunl0', 1, parm4(b'ri1', daddr='198.51.100.2'), 80)
call('tunl0', 1, parm4(b'ri2', daddr='198.51.100.1'), 80)
call('tunl0', 1, parm4(b'ri3', proto=17, daddr='198.51.100.3'), 80)
call('tunl0', 1, parm4(b'ri4', daddr='198.51.100.4', ttl=7), 80)
call('tunl0', 1, parm4(b'ri5', daddr='198.51.100.5', ikey=5, iflags=0x2000), 80)
call('gre0', 1, parm4(b'rg1', proto=47, daddr='198.51.100.5', ikey=5, iflags=0x2000), 80)
call('gre0', 1, parm4(b'rg2', proto=47, daddr='198.51.100.6', ikey=5, iflags=0xffff, oflags=0xffff), 80)
call('ri1', 3, parm4(b'ri1', daddr='198.51.100.9'), 80)
call('ri1', 3, parm4(b'rx', daddr='198.51.100.9'), 80)
call('tunl0', 3, parm4(b'ri1', daddr='198.51.100.10'), 80)
call('tunl0', 2, parm4(b'nosuch'), 80)
call('tunl0', 2, parm4(b'ri1'), 80)
call('ri2', 2, parm4(b'whatever'), 80)
call('tunl0', 2, parm4(b''), 80)
call('sit0', 1, parm4(b'rs1', proto=41, daddr='198.51.100.1'), 80)
call('rs1', 5, struct.pack('4sHHII', socket.inet_aton('198.51.100.7'), 1, 0, 0, 0), 16)
call('rs1', 4, struct.pack('4sHHII', bytes(4), 0, 0, 48, 0) + bytes(48), 64)
call('rs1', 9, socket.inet_pton(socket.AF_INET6, '2001:db8::') + struct.pack('IHH', 0, 32, 0), 24)
call('rs1', 8, bytes(24), 24)
call('rs1', 9, socket.inet_pton(socket.AF_INET6, '2001:db8::') + struct.pack('IHH', 0, 129, 0), 24)
call('rs1', 5, struct.pack('4sHHII', socket.inet_aton('198.51.100.8'), 0, 0, 0, 0), 16)
call('rs1', 5, struct.pack('4sHHII', socket.inet_aton('198.51.100.8'), 0, 0, 0, 0), 16)
call('rs1', 5, struct.pack('4sHHII', bytes(4), 0, 0, 0, 0), 16)
call('rs1', 7, struct.pack('4sHHII', socket.inet_aton('198.51.100.9'), 1, 0, 0, 0), 16)
call('rs1', 7, struct.pack('4sHHII', socket.inet_aton('198.51.100.8'), 1, 0, 0, 0), 16)
call('rs1', 4, struct.pack('4sHHII', socket.inet_aton('198.51.100.8'), 0, 0, 48, 0) + bytes(48), 64)
call('rs1', 4, struct.pack('4sHHII', bytes(4), 0, 0, 16, 0) + bytes(16), 32)
call('rs1', 4, struct.pack('4sHHII', bytes(4), 0, 0, 32, 0) + bytes(32), 48)
call('rs1', 6, struct.pack('4sHHII', socket.inet_aton('198.51.100.99'), 0, 0, 0, 0), 16)
call('rs1', 6, struct.pack('4sHHII', bytes(4), 0, 0, 0, 0), 16)
call('rs1', 4, struct.pack('4sHHII', bytes(4), 0, 0, 48, 0) + bytes(48), 64)
call('rs1', 10, bytes(24), 24)
call('rs1', 8, bytes(24), 24)
call('sit0', 1, parm4(b'rs2', proto=41, daddr='198.51.100.1'), 80)
call('sit0', 1, parm4(b'', proto=41, daddr='198.51.100.2'), 80)
call('sit0', 3, parm4(b'', proto=41, daddr='198.51.100.2', ttl=9), 80)
call('sit0', 0, parm4(b'', proto=41, daddr='198.51.100.2'), 80)
call('sit0', 2, parm4(b'', proto=41, daddr='198.51.100.2'), 80)
call('sit0', 2, parm4(b'', proto=41), 80)
call('ip6tnl0', 0, bytes(80), 80)
call('ip6gre0', 0, bytes(80), 80)
def parm6(name=b'', proto=41, laddr='::', raddr='::', link=0, encap=4,
          hop=64, flowinfo=0, flags=0, iflags=0, oflags=0, ikey=0, okey=0):
    return (name.ljust(16, b'\0') + struct.pack('iBBBxII', link, proto, encap, hop,
            flowinfo, flags) + socket.inet_pton(socket.AF_INET6, laddr) +
            socket.inet_pton(socket.AF_INET6, raddr) +
            struct.pack('!HHII', iflags, oflags, ikey, okey))
call('ip6tnl0', 1, parm6(b'r6a', raddr='2001:db8::1'), 80)
call('ip6tnl0', 1, parm6(b'r6b', raddr='2001:db8::1'), 80)
call('ip6tnl0', 1, parm6(b'', proto=17, raddr='2001:db8::2'), 80)
call('ip6tnl0', 1, parm6(b'', proto=4, raddr='2001:db8::2', flags=1), 80)
call('ip6tnl0', 0, parm6(b'', raddr='2001:db8::2'), 80)
call('r6a', 0, bytes(80), 80)
call('r6a', 3, parm6(b'', raddr='2001:db8::3', hop=3), 80)
call('r6a', 3, parm6(b'', raddr='2001:db8::2'), 80)
call('ip6tnl0', 2, parm6(b'', raddr='2001:db8::3'), 80)
call('ip6gre0', 1, parm6(b'r6g', proto=47, raddr='2001:db8::1', iflags=0x2000, ikey=3), 80)
call('ip6gre0', 1, parm6(b'r6h', proto=47, raddr='2001:db8::1', iflags=0x2000, ikey=3), 80)
call('ip6gre0', 1, parm6(b'r6i', proto=47, raddr='2001:db8::1', iflags=0x0007), 80)
call('ip6gre0', 1, parm6(b'r6j', proto=41, raddr='2001:db8::5'), 80)
call('r6g', 0, bytes(80), 80)
call('r6g', 3, parm6(b'', proto=47, raddr='2001:db8::1', oflags=0x8000), 80)
call('r6g', 2, None, 0)
call('ip6_vti0', 1, parm6(b'r6v', proto=41, raddr='2001:db8::1', iflags=0x2000, ikey=3), 80)
call('ip6_vti0', 1, parm6(b'', proto=4, raddr='2001:db8::7'), 80)
call('r6v', 0, bytes(80), 80)
call('ip6_vti0', 0, parm6(b'', raddr='2001:db8::1'), 80)
call('ip6_vti0', 2, parm6(b'', raddr='2001:db8::1'), 80)
os.system('ip -br link')
