# SPDX-License-Identifier: LGPL-2.1-or-later
# Runs a command on a terminal of its own and copies what it writes,
# without carriage returns: iproute2 6.1's `ip link xstats type bond`
# overflows a stack array and aborts after its first device, and only a
# terminal shows what it printed before (a pipe's buffer is lost) and
# glibc's message (written to /dev/tty).  Exits as a shell reports the
# command (128 + signal).
import os
import pty
import sys

pid, fd = pty.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
out = []
while True:
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    out.append(data)
_, status = os.waitpid(pid, 0)
sys.stdout.write(b"".join(out).replace(b"\r", b"").decode())
code = os.waitstatus_to_exitcode(status)
sys.exit(128 - code if code < 0 else code)
