#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# The tun requests about a file and its device: tun-ioctls.py NAME
# attaches a tap, then prints what TUNGETSNDBUF/TUNSETSNDBUF,
# TUNGETVNETHDRSZ/TUNSETVNETHDRSZ, TUNGETVNETLE/TUNSETVNETLE and the BE
# pair (EINVAL without CONFIG_TUN_VNET_CROSS_LE), TUNSETOFFLOAD (which
# bits it takes) and TUNSETLINK answer, errors as errno names.
import errno
import fcntl
import os
import struct
import sys

TUNSETIFF, TUNSETOFFLOAD, TUNSETLINK = 0x400454CA, 0x400454D0, 0x400454CD
TUNGETSNDBUF, TUNSETSNDBUF = 0x800454D3, 0x400454D4
TUNGETVNETHDRSZ, TUNSETVNETHDRSZ = 0x800454D7, 0x400454D8
TUNSETVNETLE, TUNGETVNETLE = 0x400454DC, 0x800454DD
TUNSETVNETBE, TUNGETVNETBE = 0x400454DE, 0x800454DF
INT = struct.pack("i", 0)


def call(fd, what, cmd, arg):
    try:
        r = fcntl.ioctl(fd, cmd, arg)
        print(what, struct.unpack("i", r)[0] if isinstance(r, bytes) else r)
    except OSError as e:
        print(what, errno.errorcode.get(e.errno, e.errno))


def main():
    name = sys.argv[1]
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH22x", name.encode(), 0x1002))
    call(fd, "sndbuf", TUNGETSNDBUF, INT)
    call(fd, "sndbuf=0", TUNSETSNDBUF, INT)
    call(fd, "sndbuf=4096", TUNSETSNDBUF, struct.pack("i", 4096))
    call(fd, "sndbuf", TUNGETSNDBUF, INT)
    call(fd, "vnethdr", TUNGETVNETHDRSZ, INT)
    call(fd, "vnethdr=8", TUNSETVNETHDRSZ, struct.pack("i", 8))
    call(fd, "vnethdr=12", TUNSETVNETHDRSZ, struct.pack("i", 12))
    call(fd, "vnethdr", TUNGETVNETHDRSZ, INT)
    call(fd, "vnetle", TUNGETVNETLE, INT)
    call(fd, "vnetle=5", TUNSETVNETLE, struct.pack("i", 5))
    call(fd, "vnetle", TUNGETVNETLE, INT)
    call(fd, "vnetle=0", TUNSETVNETLE, INT)
    call(fd, "vnetle", TUNGETVNETLE, INT)
    call(fd, "vnetbe=1", TUNSETVNETBE, struct.pack("i", 1))
    call(fd, "vnetbe", TUNGETVNETBE, INT)
    for bits in (0, 1, 2, 3, 9, 0x1f, 0x21, 0x61, 0x80):
        call(fd, "offload %#x" % bits, TUNSETOFFLOAD, bits)
    call(fd, "link loopback", TUNSETLINK, 772)
    os.system("ip link show " + name)
    call(fd, "link ether", TUNSETLINK, 1)
    os.system("ip link show " + name)
    os.close(fd)


main()
