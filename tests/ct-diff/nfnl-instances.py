#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Binds nfnetlink_log groups and nfnetlink_queue queues (NFULNL_CFG_CMD_BIND,
# NFQNL_CFG_CMD_BIND, then a copy mode), then prints the files of
# /proc/net/netfilter that list them, with the port ids made PORTID.
#   nfnl-instances.py log|queue NUM[:MODE:RANGE]...
import socket
import struct
import sys


def attr(t, data):
    a = struct.pack("HH", 4 + len(data), t) + data
    return a + b"\0" * (-len(a) % 4)


def request(s, subsys, res_id, body):
    # NFULNL_MSG_CONFIG is 1, NFQNL_MSG_CONFIG 2
    msg = 1 if subsys == 4 else 2
    hdr = struct.pack("IHHII", 20 + len(body), subsys << 8 | msg, 5, 1, 0)
    s.send(hdr + struct.pack(">BBH", 0, 0, res_id) + body)
    r = s.recv(4096)
    return struct.unpack_from("i", r, 16)[0]


kind = sys.argv[1]
subsys = 4 if kind == "log" else 3
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)
s.bind((0, 0))
pid = s.getsockname()[0]
for spec in sys.argv[2:]:
    num, *rest = [int(x) for x in spec.split(":")]
    # CFG_CMD (1): command BIND (1), family 0
    err = request(s, subsys, num, attr(1, struct.pack("BxH", 1, 0)))
    if rest:
        # nfulnl_msg_config_mode (6 bytes), nfqnl_msg_config_params (5)
        mode = struct.pack(">IBx", rest[1], rest[0]) if kind == "log" \
            else struct.pack(">IB", rest[1], rest[0])
        # NFULA_CFG_MODE / NFQA_CFG_PARAMS (2)
        err = err or request(s, subsys, num, attr(2, mode))
    print(spec, "error", err)
name = "nfnetlink_log" if kind == "log" else "nfnetlink_queue"
with open("/proc/net/netfilter/" + name) as f:
    for line in f:
        print(line.rstrip("\n").replace(" %6u " % pid, " PORTID "))
