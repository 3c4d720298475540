#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# many_notes.py IN OUT: a recording IN whose listener heard one RTM_NEWLINK
# of br7 (rx@GROUP) rewritten so that, in that request's window, the
# notification (named x40) reached 40 sockets, then the same bytes
# reached the 40th again (a second event, not a copy), then 300 more
# notifications (named 000..299) each reached 2 sockets.  A replay
# multicasts each once: a listener hears x40 twice, then 000..299.
import sys

lines = open(sys.argv[1]).read().splitlines()
out = []
done = False
for line in lines:
    f = line.split(" ")
    if line.startswith("#") or len(f) != 7 or not f[1].startswith("rx@"):
        out.append(line)
        continue
    if done:
        continue
    done = True
    msg = bytes.fromhex(f[6])
    if msg.count(b"br7\0") != 1:
        sys.exit("the notification does not name br7 once")

    def note(name, portid):
        g = f[:]
        g[4] = g[5] = str(portid)
        g[6] = msg.replace(b"br7\0", name.encode() + b"\0").hex()
        out.append(" ".join(g))

    for k in range(40):
        note("x40", 900000 + k)
    note("x40", 900039)
    for k in range(300):
        note("%03d" % k, 900100)
        note("%03d" % k, 900101)
if not done:
    sys.exit("no notification in the recording")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
