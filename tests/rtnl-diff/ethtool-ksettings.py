#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# SIOCETHTOOL's link settings: ethtool-ksettings.py DEV CMD... runs each
# CMD in turn and prints its answer, errors as errno names.  CMD is
#   gset            ETHTOOL_GSET, every field of struct ethtool_cmd
#   glink           ETHTOOL_GLINKSETTINGS: the mask length handshake,
#                   then every field and the three masks
#   sset:F=V,...    ETHTOOL_SSET of what GSET gave with the fields F
#                   changed (as ethtool -s does)
#   slink:F=V,...   ETHTOOL_SLINKSETTINGS the same way from GLINKSETTINGS;
#                   supported, advertising and lp_advertising take a
#                   128-bit hex mask
#   slink-nwords:N  ETHTOOL_SLINKSETTINGS saying N mask words
# Values are decimal, or hex with 0x.
import ctypes
import errno
import fcntl
import socket
import struct
import sys

SIOCETHTOOL = 0x8946
GSET, SSET, GLINK, SLINK = 0x1, 0x2, 0x4C, 0x4D
CMD_FMT = "=IIIHBBBBBBIIHBBI2I"
CMD_FIELDS = ("cmd supported advertising speed duplex port phy_address "
              "transceiver autoneg mdio_support maxtxpkt maxrxpkt speed_hi "
              "eth_tp_mdix eth_tp_mdix_ctrl lp_advertising r0 r1").split()
LINK_FMT = "=IIBBBBBBBbBBBB7I"
LINK_FIELDS = ("cmd speed duplex port phy_address autoneg mdio_support "
               "eth_tp_mdix eth_tp_mdix_ctrl link_mode_masks_nwords "
               "transceiver master_slave_cfg master_slave_state "
               "rate_matching r0 r1 r2 r3 r4 r5 r6").split()
MASKS = ("supported", "advertising", "lp_advertising")


def ethtool(sock, dev, data):
    buf = ctypes.create_string_buffer(data, len(data))
    ifr = struct.pack("16sP16x", dev.encode(), ctypes.addressof(buf))
    try:
        fcntl.ioctl(sock, SIOCETHTOOL, ifr)
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno)), buf.raw
    return None, buf.raw


def changes(arg):
    return dict((k, int(v, 0)) for k, v in
                (kv.split("=") for kv in arg.split(",") if kv))


def show(fields, values):
    return " ".join("%s=%s" % (f, v) for f, v in zip(fields, values)
                    if not (f.startswith("r") and f[1:].isdigit() and not v))


def gset(sock, dev):
    err, raw = ethtool(sock, dev, struct.pack("=I40x", GSET))
    return err, (None if err else
                 list(struct.unpack_from(CMD_FMT, raw)))


def glink(sock, dev):
    """The handshake, then the settings: (error, nwords, fields, masks)."""
    size = struct.calcsize(LINK_FMT)
    err, raw = ethtool(sock, dev, struct.pack("=I%dx" % (size - 4), GLINK))
    if err:
        return err, 0, None, None
    nwords = -struct.unpack_from(LINK_FMT, raw)[9]
    data = bytearray(size + 12 * nwords)
    struct.pack_into("=I", data, 0, GLINK)
    struct.pack_into("=b", data, 15, nwords)
    err, raw = ethtool(sock, dev, bytes(data))
    if err:
        return err, nwords, None, None
    words = struct.unpack_from("=%dI" % (3 * nwords), raw, size)
    masks = [sum(w << (32 * i) for i, w in
                 enumerate(words[k * nwords:(k + 1) * nwords]))
             for k in range(3)]
    return None, nwords, list(struct.unpack_from(LINK_FMT, raw)), masks


def run(sock, dev, cmd):
    name, _, arg = cmd.partition(":")
    if name == "gset":
        err, v = gset(sock, dev)
        return err or show(CMD_FIELDS, v)
    if name == "glink":
        err, nwords, v, masks = glink(sock, dev)
        if err:
            return err
        return "nwords %d %s %s" % (nwords, show(LINK_FIELDS, v), " ".join(
            "%s=%x" % (m, x) for m, x in zip(MASKS, masks)))
    if name == "sset":
        err, v = gset(sock, dev)
        if err:
            return err
        for k, x in changes(arg).items():
            v[CMD_FIELDS.index(k)] = x
        v[0] = SSET
        err, _ = ethtool(sock, dev, struct.pack(CMD_FMT, *v))
        return err or "ok"
    if name in ("slink", "slink-nwords"):
        err, nwords, v, masks = glink(sock, dev)
        if err:
            return err
        if name == "slink-nwords":
            v[9] = int(arg)
        else:
            for k, x in changes(arg).items():
                if k in MASKS:
                    masks[MASKS.index(k)] = x
                else:
                    v[LINK_FIELDS.index(k)] = x
        v[0] = SLINK
        data = struct.pack(LINK_FMT, *v) + b"".join(
            struct.pack("=%dI" % nwords, *((m >> (32 * i)) & 0xFFFFFFFF
                                           for i in range(nwords)))
            for m in masks)
        err, _ = ethtool(sock, dev, data)
        return err or "ok"
    return "unknown command"


def main():
    dev = sys.argv[1]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for cmd in sys.argv[2:]:
        print(cmd, run(sock, dev, cmd))


main()
