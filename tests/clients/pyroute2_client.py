#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A pyroute2 client, run under `unetlink run` by pyroute2.sh.

IPRoute().link('dump') must get the stack's answer (links, or a
NetlinkError such as EOPNOTSUPP while NETLINK_ROUTE has no link model),
never an OSError from the transport; and a NETLINK_USERSOCK exchange
through pyroute2's NetlinkSocket must work, with the EPERM of an
unprivileged group bind.  Exits 0 when all passed."""
import errno
import os
import socket
import struct
import sys

from pyroute2 import IPRoute
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.nlsocket import NetlinkSocket

NETLINK_USERSOCK = 2
failures = 0


def check(ok, what, detail=''):
    global failures
    print('%s %s%s' % ('pass' if ok else 'FAIL', what,
                       ' (%s)' % detail if detail else ''))
    if not ok:
        failures += 1


def kernel_inodes():
    inodes = set()
    with open('/proc/net/netlink') as f:
        next(f)
        for line in f:
            inodes.add(line.split()[-1])
    return inodes


def not_kernel(fd, what):
    """Under the shim no socket of ours is one of the kernel's."""
    if 'UNETLINK_SOCKET' not in os.environ:
        return
    ino = os.readlink('/proc/self/fd/%d' % fd)[len('socket:['):-1]
    check(ino not in kernel_inodes(), what, 'inode ' + ino)


# Admin rights: root's, or as UNL_EXPECT_ADMIN says (the owner of a
# private daemon has them whatever its uid).
root = (os.environ['UNL_EXPECT_ADMIN'] == '1' if os.environ.get('UNL_EXPECT_ADMIN')
        else os.geteuid() == 0)
print('# uid %d, pyroute2 under %s' % (
    os.geteuid(), 'the shim' if 'UNETLINK_SOCKET' in os.environ else 'the kernel'))

# rtnetlink through pyroute2's IPRoute.
try:
    with IPRoute() as ipr:
        not_kernel(ipr.fileno(), 'IPRoute socket is not a kernel socket')
        try:
            links = list(ipr.link('dump'))
            check(True, 'link dump answered', '%d links' % len(links))
        except NetlinkError as e:
            check(True, 'link dump answered by the stack', 'NetlinkError %d %s'
                  % (e.code, os.strerror(e.code)))
except NetlinkError as e:
    check(True, 'IPRoute answered by the stack', 'NetlinkError %d' % e.code)
except OSError as e:
    check(False, 'IPRoute transport', '%s' % e)

# USERSOCK: a unicast between two pyroute2 sockets.
a = NetlinkSocket(family=NETLINK_USERSOCK)
b = NetlinkSocket(family=NETLINK_USERSOCK)
try:
    a.bind()
    b.bind()
    not_kernel(a.fileno(), 'USERSOCK socket is not a kernel socket')
    pa, pb = a.getsockname()[0], b.getsockname()[0]
    check(pa != pb and pa != 0, 'two bound USERSOCK sockets', '%d %d' % (pa, pb))
    payload = b'unetlink-pyroute2'
    msg = struct.pack('=LHHLL', 16 + len(payload), 0x10 + 3, 0, 7, pa) + payload
    sent = a.sendto(msg, (pb, 0))
    check(sent == len(msg), 'sendto b', str(sent))
    data, src = b.recvfrom(4096)
    check(data == msg, 'b received the message whole')
    check(src[0] == pa, 'source portid is a', str(src))
finally:
    a.close()
    b.close()

# A USERSOCK group listener: root only (NONROOT_SEND only, as Linux).  A
# fixed portid, or pyroute2 retries 1024 portids and hides the errno.
g = NetlinkSocket(family=NETLINK_USERSOCK)
try:
    g.bind(groups=1, pid=os.getpid() + (1000 << 22))
    check(root, 'group bind allowed' if root else
          'unprivileged group bind refused', 'it succeeded')
except OSError as e:
    check(not root and e.errno == errno.EPERM,
          'unprivileged group bind refused with EPERM', str(e))
finally:
    g.close()

print('all passed' if not failures else 'FAILED')
sys.exit(1 if failures else 0)
