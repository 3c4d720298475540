#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# IPv6 on a running tun device (ARPHRD_NONE, no hardware address):
# tun-ll.py NAME attaches a file to a new tun device, sets it up and,
# while the file holds the carrier, prints its address generation mode,
# its link-local (its interface id hidden: it is random) and its local
# routes.  Linux turns eui64 into random for such a device.
import fcntl
import os
import re
import struct
import subprocess
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x1, 0x1000


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True).stdout


def main():
    name = sys.argv[1]
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF,
                struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    subprocess.run(["ip", "link", "set", name, "up"])
    # the link-local comes once the stack has seen the carrier, and
    # leaves "tentative" once DAD is done (late on a loaded machine)
    for _ in range(400):
        addrs = run(["ip", "-6", "addr", "show", name])
        if "inet6 fe80" in addrs and "tentative" not in addrs:
            break
        time.sleep(0.05)
    hide = re.compile(r"fe80::[0-9a-f:]*")
    mode = re.search(r"addrgenmode \S+", run(["ip", "-d", "link", "show",
                                               name]))
    print(mode.group(0) if mode else "no addrgenmode")
    for cmd in (["ip", "-6", "addr", "show", name],
                ["ip", "-6", "route", "show", "table", "local", "dev",
                 name]):
        print(hide.sub("fe80::ID", run(cmd)), end="")
    os.close(fd)


main()
