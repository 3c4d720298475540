#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# inherit_netlink.py CMD [ARGS]: exec CMD ARGS FD with FD a route netlink
# socket left open across the exec, for record-static-calls.sh: a socket
# the recorded program has from before the recorder started.
import os
import socket
import sys

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
s.set_inheritable(True)
os.execv(sys.argv[1], sys.argv[1:] + [str(s.fileno())])
