#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# TUNSETQUEUE, TUNSETTXFILTER and TUNGETDEVNETNS: tun-queue.py NAME makes
# a multi-queue tap of two files, detaches and attaches a queue (with
# `ip -d link show` between), sets transmit filters on it and on a tun,
# and asks for the file's net; results or errno names.
import errno
import fcntl
import os
import struct
import sys

TUNSETIFF, TUNSETQUEUE = 0x400454CA, 0x400454D9
TUNSETTXFILTER, TUNGETDEVNETNS = 0x400454D1, 0x54E3
IFF_TUN, IFF_TAP, IFF_NO_PI = 0x0001, 0x0002, 0x1000
IFF_MULTI_QUEUE, IFF_ATTACH_QUEUE, IFF_DETACH_QUEUE = 0x0100, 0x0200, 0x0400


def ifreq(name, flags):
    return struct.pack("16sH22x", name.encode(), flags)


def call(what, fd, cmd, arg):
    try:
        r = fcntl.ioctl(fd, cmd, arg)
        print(what, r if isinstance(r, int) else "ok")
        return r
    except OSError as e:
        print(what, errno.errorcode.get(e.errno, e.errno))
        return None


def txfilter(flags, addrs):
    return struct.pack("HH", flags, len(addrs)) + b"".join(addrs)


def filt(what, fd, arg):
    # the answer is the call's return value: through the C library
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    buf = ctypes.create_string_buffer(arg, len(arg))
    r = libc.ioctl(fd, ctypes.c_ulong(TUNSETTXFILTER), buf)
    print(what, r if r >= 0 else errno.errorcode.get(ctypes.get_errno()))


def main():
    name = sys.argv[1]
    a = os.open("/dev/net/tun", os.O_RDWR)
    b = os.open("/dev/net/tun", os.O_RDWR)
    mq = IFF_TAP | IFF_NO_PI | IFF_MULTI_QUEUE
    call("queue before", a, TUNSETQUEUE, ifreq("", IFF_DETACH_QUEUE))
    call("attach a", a, TUNSETIFF, ifreq(name, mq))
    call("attach b", b, TUNSETIFF, ifreq(name, mq))
    call("detach b", b, TUNSETQUEUE, ifreq("", IFF_DETACH_QUEUE))
    os.system("ip -d link show " + name + " | grep -o 'numqueues.*persist [a-z]*'")
    call("detach b again", b, TUNSETQUEUE, ifreq("", IFF_DETACH_QUEUE))
    call("attach a again", a, TUNSETQUEUE, ifreq("", IFF_ATTACH_QUEUE))
    call("neither", a, TUNSETQUEUE, ifreq("", 0))
    call("attach b again", b, TUNSETQUEUE, ifreq("", IFF_ATTACH_QUEUE))
    os.system("ip -d link show " + name + " | grep -o 'numqueues.*persist [a-z]*'")
    call("detach a", a, TUNSETQUEUE, ifreq("", IFF_DETACH_QUEUE))
    os.close(b)
    os.system("ip -d link show " + name + " | grep -o 'numqueues.*persist [a-z]*'")
    uni = [bytes([0, 0x11, 0x22, 0x33, 0x44, i]) for i in range(12)]
    mc = [bytes([1, 0, 0x5E, 0, 0, i]) for i in range(4)]
    filt("filter none", a, txfilter(0, []))
    filt("filter 3", a, txfilter(0, uni[:3]))
    filt("filter 8+mc", a, txfilter(0, uni[:8] + mc))
    filt("filter 8+uni", a, txfilter(0, uni[:8] + mc[:1] + uni[8:9]))
    filt("filter allmulti", a, txfilter(1, uni[:9]))
    t = os.open("/dev/net/tun", os.O_RDWR)
    call("tun attach", t, TUNSETIFF, ifreq(name + "t", IFF_TUN | IFF_NO_PI))
    filt("tun filter", t, txfilter(0, uni[:1]))
    ns = None
    try:
        ns = fcntl.ioctl(t, TUNGETDEVNETNS, 0)
        print("devnetns", "a descriptor" if ns >= 0 else ns)
    except OSError as e:
        print("devnetns", errno.errorcode.get(e.errno, e.errno))
    if ns is not None:
        print("same net", os.fstat(ns).st_ino == os.stat("/proc/self/ns/net").st_ino)
        os.close(ns)
    free = os.open("/dev/net/tun", os.O_RDWR)
    call("devnetns unattached", free, TUNGETDEVNETNS, 0)
    os.close(free)
    os.close(t)
    os.close(a)
    os.system("ip link show " + name + " 2>&1 | head -1")


main()
