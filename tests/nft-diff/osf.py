#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# nfnetlink_osf's requests as nfnl_osf cannot make them: each
# OSF_MSG_ADD or OSF_MSG_REMOVE below, and the errno it got.  Every
# fingerprint added is removed again: Linux keeps them for the whole
# machine, not per namespace.
#   osf.py [add|remove]   (one fingerprint only: added, or removed)
import errno, socket, struct, sys

NETLINK_NETFILTER = 12
NFNL_SUBSYS_OSF = 5
OSF_MSG_ADD, OSF_MSG_REMOVE = 0, 1
OSF_ATTR_FINGER = 1
F_REQUEST, F_ACK, F_EXCL, F_CREATE = 1, 4, 0x200, 0x400

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
s.bind((0, 0))
seq = 0


def finger(genre=b"Test", version=b"1.0", subtype=b"x", df=1, opt_num=1,
           ttl=64):
    """struct nf_osf_user_finger: wss, ttl, df, ss, mss, opt_num, the
    three names, then 40 options (MSS only)."""
    f = struct.pack("=IIBBHHH", 0, 1024, ttl, df, 60, 1460, opt_num)
    f += genre.ljust(32, b"\0")[:32] + version.ljust(32, b"\0")[:32]
    f += subtype.ljust(32, b"\0")[:32]
    f += struct.pack("=HHII", 2, 4, 0, 0) + b"\0" * 12 * 39
    return f


def request(msg, flags, attr):
    global seq
    seq += 1
    body = struct.pack("=BBH", 0, 0, 0)
    if attr is not None:
        body += struct.pack("=HH", 4 + len(attr), OSF_ATTR_FINGER) + attr
        body += b"\0" * (-len(body) % 4)
    hdr = struct.pack("=IHHII", 16 + len(body), NFNL_SUBSYS_OSF << 8 | msg,
                      F_REQUEST | F_ACK | flags, seq, 0)
    s.send(hdr + body)
    data = s.recv(65536)
    err = -struct.unpack_from("=i", data, 16)[0]
    return errno.errorcode.get(err, str(err)) if err else "0"


def show(what, msg, flags, attr):
    print("%s: %s" % (what, request(msg, flags, attr)))


A, R = OSF_MSG_ADD, OSF_MSG_REMOVE
if len(sys.argv) > 1:
    show(sys.argv[1], A if sys.argv[1] == "add" else R, F_CREATE, finger())
    sys.exit(0)
show("add without NLM_F_CREATE", A, 0, finger())
show("add without a fingerprint", A, F_CREATE, None)
show("add, a fingerprint one byte short", A, F_CREATE, finger()[:-1])
show("add, 41 options", A, F_CREATE, finger(opt_num=41))
show("add, a genre without its NUL", A, F_CREATE, finger(genre=b"G" * 32))
show("add, a version without its NUL", A, F_CREATE,
     finger(version=b"V" * 32))
show("add, a subtype without its NUL", A, F_CREATE,
     finger(subtype=b"S" * 32))
show("add", A, F_CREATE, finger())
show("add again", A, F_CREATE, finger())
show("add again, NLM_F_EXCL", A, F_CREATE | F_EXCL, finger())
show("add the same without df", A, F_CREATE | F_EXCL, finger(df=0))
show("add, longer attribute", A, F_CREATE | F_EXCL, finger(ttl=63) + b"xyz")
show("remove, another ttl", R, 0, finger(ttl=65))
show("remove without a fingerprint", R, 0, None)
show("remove", R, 0, finger())
show("remove again", R, 0, finger())
show("remove without df", R, 0, finger(df=0))
show("remove, the longer one", R, 0, finger(ttl=63) + b"abc")
show("remove it again", R, 0, finger(ttl=63))
