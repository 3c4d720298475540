# SPDX-License-Identifier: LGPL-2.1-or-later
# countdowns.py KERNEL UNETLINK: where the two normalised transcripts of
# a sequence differ only in running countdowns (an address's lifetimes,
# a route's expiry) by at most 2 seconds, rewrite the unetlink side's
# values to the kernel's, in place.  Both sides count in whole seconds
# from their own commands, and the kernel side is cached from the first
# build: a run of the ASan build, or of a loaded machine, reads a second
# or two later.  Anything else that differs is left as it is, so that
# rtnl-diff.sh's comparison still sees it; a countdown that differs by
# more (a wrong lifetime, one that does not run) too.
import re
import sys

NUM = re.compile(r"(-?\d+)")
# what comes right before a countdown, in ip's JSON and text output
KEY = re.compile(r'("valid_life_time": |"preferred_life_time": |'
                 r'"expires": |valid_lft |preferred_lft |expires )$')
SLACK = 2


def reconcile(k, u):
    kp, up = NUM.split(k), NUM.split(u)
    if len(kp) != len(up):
        return u
    for i in range(len(kp)):
        if kp[i] == up[i]:
            continue
        if i % 2 == 0 or not KEY.search(kp[i - 1]):
            return u
        if abs(int(kp[i]) - int(up[i])) > SLACK:
            return u
    return k


kfile, ufile = sys.argv[1], sys.argv[2]
klines = open(kfile).read().split("\n")
ulines = open(ufile).read().split("\n")
if len(klines) == len(ulines):
    out = [reconcile(k, u) if k != u else u for k, u in zip(klines, ulines)]
    if out != ulines:
        with open(ufile, "w") as f:
            f.write("\n".join(out))
