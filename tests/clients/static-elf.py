#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Exit 0 when the file is an ELF executable without a program interpreter
# (linked statically), 1 otherwise.
import struct
import sys

try:
    with open(sys.argv[1], 'rb') as f:
        eh = f.read(64)
        if eh[:4] != b'\x7fELF' or eh[4] != 2:
            sys.exit(1)
        phoff, = struct.unpack_from('<Q', eh, 32)
        phentsize, phnum = struct.unpack_from('<HH', eh, 54)
        for i in range(phnum):
            f.seek(phoff + i * phentsize)
            if struct.unpack('<I', f.read(4))[0] == 3:  # PT_INTERP
                sys.exit(1)
except OSError:
    sys.exit(1)
sys.exit(0)
