#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# What a program sees of a tun file: tun.py NAME tun|tap [-n] [-p] [-u]
# opens /dev/net/tun (-n: O_NONBLOCK), attaches (TUNSETIFF, IFF_NO_PI),
# with -p makes the device persist, then prints TUNGETIFF and what a
# read gives; with -u sets the device up; writes a packet the device
# drops and one it takes, and prints its receive counters.  The device
# goes with the file unless it persists.  Errors are printed as errno
# names, so both sides compare.  (What poll and write return differ
# under unetlink: docs/conformance.md.)
import errno
import fcntl
import json
import os
import struct
import subprocess
import sys

TUNSETIFF = 0x400454CA
TUNSETPERSIST = 0x400454CB
TUNGETIFF = 0x800454D2
IFF_TUN, IFF_TAP, IFF_NO_PI = 0x1, 0x2, 0x1000


def err(e):
    return errno.errorcode.get(e.errno, str(e.errno))


def main():
    name, kind = sys.argv[1], sys.argv[2]
    flags = os.O_RDWR | (os.O_NONBLOCK if "-n" in sys.argv else 0)
    fd = os.open("/dev/net/tun", flags)
    ifr = struct.pack("16sH22x", name.encode(),
                      (IFF_TAP if kind == "tap" else IFF_TUN) | IFF_NO_PI)
    try:
        ifr = fcntl.ioctl(fd, TUNSETIFF, ifr)
    except OSError as e:
        print("TUNSETIFF", err(e))
        return
    print("TUNSETIFF", ifr[:16].rstrip(b"\0").decode())
    if "-p" in sys.argv:
        fcntl.ioctl(fd, TUNSETPERSIST, 1)
    got = fcntl.ioctl(fd, TUNGETIFF, bytes(40))
    print("TUNGETIFF", got[:16].rstrip(b"\0").decode(),
          hex(struct.unpack("H", got[16:18])[0]))
    if flags & os.O_NONBLOCK:
        try:
            os.read(fd, 2048)
            print("read: data")
        except OSError as e:
            print("read", err(e))
    if "-u" in sys.argv:
        subprocess.run(["ip", "link", "set", name, "up"])
    # dropped: no IP version (tun), shorter than a header (tap); taken:
    # an IPv4 packet (in a frame, for tap), which IP drops by itself
    if kind == "tun":
        bad, good = bytes(20), bytes([0x45]) + bytes(39)
    else:
        bad, good = bytes(10), bytes(12) + b"\x08\x00\x45" + bytes(45)
    for pkt in (bad, good):
        try:
            os.write(fd, pkt)
        except OSError:
            pass
    link = json.loads(subprocess.run(
        ["ip", "-s", "-j", "link", "show", name],
        capture_output=True, text=True).stdout)[0]
    rx = link["stats64"]["rx"]
    print("rx packets", rx["packets"], "bytes", rx["bytes"],
          "dropped", rx["dropped"])
    os.close(fd)


main()
