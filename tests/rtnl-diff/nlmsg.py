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


def ack(data, miss=False):
    """errno and message of an NLMSG_ERROR sent with CAP_ACK; with miss,
    the missing attribute's type and the nest it was missing in
    (NLMSGERR_ATTR_MISS_TYPE, _MISS_NEST) follow the message."""
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
        elif miss and kind == 5:
            msg += ' (missing %d)' % struct.unpack_from('=I', data, off + 4)[0]
        elif miss and kind == 6:
            msg += ' (missing in %d)' % struct.unpack_from('=I', data, off + 4)[0]
        off += (alen + 3) & ~3
    return err, msg


def genl_talk(sock, fam, cmd, version, payload, seq, dump=False):
    """One generic netlink request with NLM_F_ACK (and NLM_F_DUMP),
    described: each reply as its command, version and attributes in
    hex, then the errno name and ext-ack message ("ack" and the message
    for a success; "done" or the errno of a dump's NLMSG_DONE).  The
    socket has NETLINK_CAP_ACK and NETLINK_EXT_ACK set."""
    import errno
    msg = struct.pack("BBH", cmd, version, 0) + payload
    flags = 1 | 4 | (0x300 if dump else 0)
    sock.send(struct.pack("IHHII", 16 + len(msg), fam, flags, seq, 0) + msg)
    out = []
    while True:
        data = sock.recv(1 << 16)
        while data:
            ln, tp = struct.unpack_from("IH", data)
            if tp == 3:
                err = struct.unpack_from("i", data, 16)[0] if ln >= 20 else 0
                text = " ".join(v.rstrip(b"\0").decode() for t, v in
                                attrs(data[20:ln]) if t == 1)
                name = errno.errorcode.get(-err, str(err)) if err else "done"
                out.append(name + (" " + text if text else ""))
                return " ".join(out)
            if tp == 2:
                err, text = ack(data[:ln])
                name = errno.errorcode.get(-err, str(err)) if err else "ack"
                out.append(name + (" " + text if text else ""))
                return " ".join(out)
            body = data[16:ln]
            out.append("cmd %d version %d %s" % (
                body[0], body[1], " ".join("%d:%s" % (t, v.hex()) for t, v
                                           in attrs(body[4:]))))
            data = data[(ln + 3) & ~3:]


def genl_family(sock, name):
    """The id of generic netlink family name and its groups' ids by
    name, or (None, {})."""
    req = nla(2, name.encode() + b"\0")
    sock.send(struct.pack("IHHII", 20 + len(req), 0x10, 1, 1, 0) +
              struct.pack("BBH", 3, 1, 0) + req)
    data = sock.recv(1 << 16)
    if struct.unpack_from("H", data, 4)[0] == 2:
        return None, {}
    a = dict(attrs(data[20:]))
    groups = {}
    for _, g in attrs(a.get(7, b"")):
        g = dict(attrs(g))
        groups[g[1].rstrip(b"\0").decode()] = struct.unpack("I", g[2])[0]
    return struct.unpack("H", a[1])[0], groups
