# SPDX-License-Identifier: LGPL-2.1-or-later
# What the raw nf_tables clients of nft-diff share: one message, one
# message in a batch and its answer, and a dump of a table's objects of
# one kind with each attribute in hex.
import socket
import struct

from nlmsg import attrs, ack, nla  # noqa: F401  (re-exported)

NFNL_SUBSYS_NFTABLES = 10
NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END = 0x10, 0x11
F_REQ, F_ACK, F_CREATE, F_APPEND, F_DUMP = 0x1, 0x4, 0x400, 0x800, 0x300
NFPROTO_IPV4 = 2
NESTED = 0x8000

seq = 0


def msg(mtype, flags, body, family=NFPROTO_IPV4, res_id=0):
    """An nfnetlink message: its sequence number and bytes."""
    global seq
    seq += 1
    hdr = struct.pack('=BBH', family, 0, socket.htons(res_id))
    return seq, struct.pack('=IHHII', 16 + len(hdr) + len(body), mtype,
                            flags, seq, 0) + hdr + body


def be16(v):
    return struct.pack('>H', v)


def be32(v):
    return struct.pack('>I', v)


def u8(v):
    return struct.pack('=B', v)


def s(text):
    return text.encode() + b'\0'


def batch(s_, mtype, body, flags=F_CREATE):
    """One nf_tables message in a batch: its answer (errno, text)."""
    _, begin = msg(NFNL_MSG_BATCH_BEGIN, F_REQ, b'', 0, NFNL_SUBSYS_NFTABLES)
    mseq, m = msg(NFNL_SUBSYS_NFTABLES << 8 | mtype, F_REQ | F_ACK | flags,
                  body)
    _, end = msg(NFNL_MSG_BATCH_END, F_REQ, b'', 0, NFNL_SUBSYS_NFTABLES)
    s_.send(begin + m + end)
    while True:
        data = s_.recv(65536)
        off = 0
        while off + 16 <= len(data):
            ln, mt, _fl, sq = struct.unpack_from('=IHHI', data, off)
            if mt == 2 and sq == mseq:
                return ack(data[off:off + ln])
            off += (ln + 3) & ~3


def dump(s_, mtype, table_attr, keep=None):
    """A dump (mtype) of table t's objects, printed: each message's
    attributes (of the kinds in keep, or all) in hex, then '--'."""
    _, m = msg(NFNL_SUBSYS_NFTABLES << 8 | mtype, F_REQ | F_DUMP,
               nla(table_attr, s('t')))
    s_.send(m)
    while True:
        data = s_.recv(65536)
        off = 0
        while off + 16 <= len(data):
            ln, mt = struct.unpack_from('=IH', data, off)
            if mt in (2, 3):
                return
            for kind, payload in attrs(data[off + 20:off + ln]):
                if keep is None or kind in keep:
                    print('  %d %s' % (kind, payload.hex()))
            print('  --')
            off += (ln + 3) & ~3
