# SPDX-License-Identifier: LGPL-2.1-or-later
# Wait until the kernel has done the work it defers.  rtnl-diff.sh runs
# this on the kernel side only: unetlink does the same work right after
# it answers, before it reads the next request.
#   python3 settle.py [--links]
# What the kernel defers, and how it shows from outside:
#  - linkwatch (operational state, and what follows a carrier change:
#    IPv6 coming up, its link-local address) runs from a work queue, at
#    once for most veth events, up to a second later for others (a
#    bridge's): a link is pending while its operstate does not yet follow
#    its IFF_UP and IFF_LOWER_UP flags, or while it is a bridge with a
#    port and carrier that is still UNKNOWN;
#  - DAD (without --links) ends up to two seconds after it starts (on
#    loopback and NOARP devices too, which skip the probes but not
#    always the random delay before them): an address is pending while
#    it is tentative on a device that is up and ready for DAD (has
#    carrier and is operationally up, or has an IPv6 link-local
#    address, which only a ready device gets).  Tentative addresses on a
#    device that never became ready stay tentative: they are settled.  A
#    device whose address generation mode makes no link-local leaves
#    this unknowable: then the state must stay unchanged for AMBIGUOUS_S.
# One deferred work shows nowhere: the DAD an IFF_NOARP change restarts
# (no address turns tentative); sequences sleep for it.
# Settled means nothing pending in two reads POLL_S apart that are the
# same.  After CAP_S it gives up quietly (the comparison will tell),
# printing what it still waited for on stderr, which rtnl-diff.sh keeps
# out of the transcript.
import json
import os
import subprocess
import sys
import time

POLL_S = 0.01
AMBIGUOUS_S = 2.5
CAP_S = float(os.environ.get("RTNL_DIFF_SETTLE_CAP", "10"))
DAD_MODES = ("eui64", "random")


def ip_json(*args):
    out = subprocess.run(["ip", "-j", *args], capture_output=True,
                         text=True).stdout
    try:
        return json.loads(out) if out.strip() else []
    except ValueError:
        return []


def link_pending(link, masters):
    """Why the link's operstate is not final yet, or None."""
    flags = set(link.get("flags", []))
    state = link.get("operstate")
    if "UP" in flags and "LOWER_UP" in flags:
        if state in ("DOWN", "LOWERLAYERDOWN"):
            return "carrier without operstate"
        # A bridge with a forwarding port goes from UNKNOWN to UP, late.
        if state == "UNKNOWN" and link.get("ifname") in masters:
            return "master with carrier still UNKNOWN"
    elif state == "UP":
        return "operstate UP without carrier"
    return None


def dad_pending(link, addrs, has_ll):
    """'pending', 'ambiguous' or None for the tentative addresses."""
    flags = set(link.get("flags", []))
    if "UP" not in flags:
        return None
    waiting = [a for a in addrs if a.get("family") == "inet6"
               and a.get("tentative") and not a.get("dadfailed")]
    if not waiting:
        return None
    ready = ("LOWER_UP" in flags
             and link.get("operstate") in ("UP", "UNKNOWN")) or has_ll
    if ready:
        return "pending"
    if link.get("inet6_addr_gen_mode", "eui64") in DAD_MODES:
        return None
    return "ambiguous"


def snapshot(links_only):
    """Links and IPv6 addresses, reduced to what settling looks at (a
    bridge's timers and an address's lifetimes always move)."""
    links = [{k: l.get(k) for k in ("ifname", "flags", "operstate", "master",
                                     "inet6_addr_gen_mode")}
             for l in ip_json("-d", "link", "show")]
    addrs = {} if links_only else {
        a.get("ifname"): [{k: i.get(k) for k in ("family", "local", "scope",
                                                   "tentative", "dadfailed")}
                          for i in a.get("addr_info", [])]
        for a in ip_json("-6", "addr", "show")}
    return links, addrs


def waiting_for(links, addrs, links_only):
    """What is still pending, and the links whose DAD may be."""
    masters = {l.get("master") for l in links if l.get("master")}
    reasons, ambiguous = [], []
    for link in links:
        why = link_pending(link, masters)
        if why:
            reasons.append("%s: %s" % (link.get("ifname"), why))
        if links_only:
            continue
        mine = addrs.get(link.get("ifname"), [])
        has_ll = any(a.get("family") == "inet6" and a.get("scope") == "link"
                     for a in mine)
        dad = dad_pending(link, mine, has_ll)
        if dad == "pending":
            reasons.append("%s: DAD" % link.get("ifname"))
        if dad == "ambiguous":
            ambiguous.append(link.get("ifname"))
    return reasons, ambiguous


def main():
    links_only = "--links" in sys.argv[1:]
    start = time.monotonic()
    last, since = None, start
    while True:
        now = time.monotonic()
        links, addrs = snapshot(links_only)
        reasons, ambiguous = waiting_for(links, addrs, links_only)
        state = json.dumps([links, addrs], sort_keys=True)
        if state != last:
            last, since = state, now
        elif not reasons:
            quiet_for = AMBIGUOUS_S if ambiguous else POLL_S
            if now - since >= quiet_for:
                return 0
        if now - start >= CAP_S:
            print("settle: gave up after %gs waiting for %s" %
                  (CAP_S, "; ".join(reasons) or
                   "DAD on " + ", ".join(ambiguous)),
                  file=sys.stderr)
            return 0
        time.sleep(POLL_S)


sys.exit(main())
