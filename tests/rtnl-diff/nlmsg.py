# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the raw-netlink helpers of the tests share (rtnl-diff's
metrics.py, setlink.py, xfrm-migrate.py, the generic netlink families'
handshake.py, net-dm.py, devlink.py, taskstats.py; the clients'
nl_pass.py, nl_calls.py): attributes, the errno and extended-ACK message
of an answer, a generic netlink socket and conversation, a link dump,
a part run as uid 65534."""
import errno
import os
import socket
import struct
import sys

NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
SOL_NETLINK, NETLINK_ADD_MEMBERSHIP = 270, 1
NETLINK_CAP_ACK, NETLINK_EXT_ACK = 10, 11
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS = 1, 2, 7
RTM_GETLINK, IFLA_IFNAME = 18, 3


def nla(kind, data):
    size = 4 + len(data)
    return struct.pack('=HH', size, kind) + data + b'\0' * (-size % 4)


def u32(kind, v):
    return nla(kind, struct.pack('=I', v))


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


NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS = 1, 2
NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MISS_NEST = 5, 6


def ack(data):
    """errno and extended-ACK text of an NLMSG_ERROR sent with CAP_ACK:
    the message, then " (at OFFSET)" for the attribute at fault and
    " (missing TYPE)" or " (missing TYPE in nest at OFFSET)" for the
    attribute a request lacked, as the kernel reports each."""
    size = struct.unpack_from('=I', data, 0)[0]
    err = struct.unpack_from('=i', data, 16)[0]
    got, off = {}, 16 + 4 + 16
    while off + 4 <= size:
        alen, kind = struct.unpack_from('=HH', data, off)
        if alen < 4:
            break
        got[kind] = data[off + 4:off + alen]
        off += (alen + 3) & ~3

    def u32(kind):
        return struct.unpack_from('=I', got[kind])[0]
    msg = got.get(NLMSGERR_ATTR_MSG, b'').rstrip(b'\0').decode()
    if NLMSGERR_ATTR_OFFS in got:
        msg += ' (at %d)' % u32(NLMSGERR_ATTR_OFFS)
    if NLMSGERR_ATTR_MISS_TYPE in got:
        msg += ' (missing %d' % u32(NLMSGERR_ATTR_MISS_TYPE)
        if NLMSGERR_ATTR_MISS_NEST in got:
            msg += ' in nest at %d' % u32(NLMSGERR_ATTR_MISS_NEST)
        msg += ')'
    return err, msg


def genl_talk(sock, fam, cmd, version, payload, seq, dump=False):
    """One generic netlink request with NLM_F_ACK (and NLM_F_DUMP),
    described: each reply as its command, version and attributes in
    hex, then the errno name and ext-ack message ("ack" and the message
    for a success; "done" or the errno of a dump's NLMSG_DONE).  The
    socket has NETLINK_CAP_ACK and NETLINK_EXT_ACK set."""
    msg = struct.pack("BBH", cmd, version, 0) + payload
    flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
    sock.send(struct.pack("IHHII", 16 + len(msg), fam, flags, seq, 0) + msg)
    out = []
    while True:
        data = sock.recv(1 << 16)
        while data:
            ln, tp = struct.unpack_from("IH", data)
            if tp == NLMSG_DONE:
                err = struct.unpack_from("i", data, 16)[0] if ln >= 20 else 0
                text = " ".join(v.rstrip(b"\0").decode() for t, v in
                                attrs(data[20:ln]) if t == 1)
                name = errno.errorcode.get(-err, str(err)) if err else "done"
                out.append(name + (" " + text if text else ""))
                return " ".join(out)
            if tp == NLMSG_ERROR:
                err, text = ack(data[:ln])
                name = errno.errorcode.get(-err, str(err)) if err else "ack"
                out.append(name + (" " + text if text else ""))
                return " ".join(out)
            body = data[16:ln]
            out.append("cmd %d version %d %s" % (
                body[0], body[1], " ".join("%d:%s" % (t, v.hex()) for t, v
                                           in attrs(body[4:]))))
            data = data[(ln + 3) & ~3:]


def genl_socket():
    """A bound generic netlink socket with NETLINK_EXT_ACK and
    NETLINK_CAP_ACK, as genl_talk() wants it."""
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    sock.bind((0, 0))
    return sock


def join(sock, grp):
    """NETLINK_ADD_MEMBERSHIP of grp: "ok" or the errno name."""
    try:
        sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, grp)
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))
    return "ok"


def as_nobody(part):
    """part() in a child process as uid and gid 65534 with no
    supplementary groups, after the line "-- uid 65534"; what is
    printed before comes first."""
    sys.stdout.flush()
    if os.fork() == 0:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
        print("-- uid 65534")
        part()
        sys.stdout.flush()
        os._exit(0)
    os.wait()


def genl_family_attrs(sock, name):
    """nlctrl's description of generic netlink family name, its
    attributes by type, or None."""
    req = nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")
    sock.send(struct.pack("IHHII", 20 + len(req), GENL_ID_CTRL,
                          NLM_F_REQUEST, 1, 0) +
              struct.pack("BBH", CTRL_CMD_GETFAMILY, 1, 0) + req)
    data = sock.recv(1 << 16)
    if struct.unpack_from("H", data, 4)[0] == NLMSG_ERROR:
        return None
    return dict(attrs(data[20:]))


def genl_family(sock, name):
    """The id of generic netlink family name and its groups' ids by
    name, or (None, {})."""
    a = genl_family_attrs(sock, name)
    if a is None:
        return None, {}
    groups = {}
    for _, g in attrs(a.get(CTRL_ATTR_MCAST_GROUPS, b"")):
        g = dict(attrs(g))
        groups[g[1].rstrip(b"\0").decode()] = struct.unpack("I", g[2])[0]
    return struct.unpack("H", a[CTRL_ATTR_FAMILY_ID])[0], groups


def getlink_dump(seq):
    """RTM_GETLINK asking for every link."""
    body = struct.pack("BxHiII", 0, 0, 0, 0, 0)
    return struct.pack("IHHII", 16 + len(body), RTM_GETLINK,
                       NLM_F_REQUEST | NLM_F_DUMP, seq, 0) + body


def link_names(data):
    """The link names of a datagram of a link dump, and whether
    NLMSG_DONE ended it."""
    out, off = [], 0
    while off + 16 <= len(data):
        mlen, mtype = struct.unpack_from("IH", data, off)
        if mlen < 16:
            break
        if mtype == NLMSG_DONE:
            return out, True
        for kind, v in attrs(data[off + 32:off + mlen]):
            if kind == IFLA_IFNAME:
                out.append(v.split(b"\0")[0].decode())
        off += (mlen + 3) & ~3
    return out, False
