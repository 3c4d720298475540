#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# A tap's offloads as TUNSETOFFLOAD changes them: tun-offload.py NAME
# BITS... attaches to tap NAME, and for each BITS (TUN_F_*, in hex)
# sets them and prints what `ethtool -k NAME` shows changed (the
# checksum, segmentation and UDP tunnel lines).
import fcntl
import os
import struct
import subprocess
import sys

TUNSETIFF, TUNSETOFFLOAD = 0x400454CA, 0x400454D0


def main():
    name = sys.argv[1]
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH22x", name.encode(), 0x1002))
    for bits in sys.argv[2:]:
        try:
            fcntl.ioctl(fd, TUNSETOFFLOAD, int(bits, 16))
            print("offload", bits, "ok")
        except OSError as e:
            print("offload", bits, e.strerror)
        sys.stdout.flush()
        out = subprocess.run(["ethtool", "-k", name], capture_output=True,
                             text=True).stdout
        for line in out.splitlines():
            if any(w in line for w in ("checksum", "segmentation")):
                print(line)
    os.close(fd)


main()
