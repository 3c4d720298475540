# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the raw-netlink helpers of rtnl-diff share (metrics.py,
setlink.py, xfrm-migrate.py): an attribute, and the errno and
extended-ACK message of an answer."""
import struct


def nla(kind, data):
    size = 4 + len(data)
    return struct.pack('=HH', size, kind) + data + b'\0' * (-size % 4)


def attrs(data):
    """(type, payload) of each attribute in data, flags masked off."""
    out = []
    while len(data) >= 4:
        ln, tp = struct.unpack_from("HH", data)
        if ln < 4:
            break
        out.append((tp & 0x3FFF, data[4:ln]))
        data = data[(ln + 3) & ~3:]
    return out


def ack(data):
    """errno and message of an NLMSG_ERROR sent with CAP_ACK."""
    size = struct.unpack_from('=I', data, 0)[0]
    err = struct.unpack_from('=i', data, 16)[0]
    msg, off = '', 16 + 4 + 16
    while off + 4 <= size:
        alen, kind = struct.unpack_from('=HH', data, off)
        if alen < 4:
            break
        if kind == 1:
            msg = data[off + 4:off + alen].rstrip(b'\0').decode()
        elif kind == 2:
            msg += ' (at %d)' % struct.unpack_from('=I', data, off + 4)[0]
        off += (alen + 3) & ~3
    return err, msg
