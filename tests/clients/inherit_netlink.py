#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# inherit_netlink.py [-n N] CMD [ARGS]: exec CMD ARGS FD... with N route
# netlink sockets (1 by default) left open across the exec, their
# numbers last, for record-static-calls.sh: sockets the recorded program
# has from before the recorder started.
import os
import resource
import socket
import sys

args, n = sys.argv[1:], 1
if args[:1] == ["-n"]:
    n, args = int(args[1]), args[2:]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < n + 64:
    want = n + 64 if hard == resource.RLIM_INFINITY else min(n + 64, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
socks = [socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                       socket.NETLINK_ROUTE) for _ in range(n)]
for s in socks:
    s.set_inheritable(True)
os.execv(args[0], args + [str(s.fileno()) for s in socks])
