# SPDX-License-Identifier: LGPL-2.1-or-later
# Wait until the kernel has done the work it defers.  rtnl-diff.sh runs
# this on the kernel side only: unetlink does the same work right after
# it answers, before it reads the next request.
#   python3 settle.py [--links | --local-routes]
#   python3 settle.py --serve
# --serve settles once per line read from standard input (the line holds
# the arguments, or nothing) and answers each with a line "settled": one
# process for a whole side, which starts python once rather than after
# each command (its start and imports cost more CPU than most waits).
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
#  - a net whose last reference went (`ip netns del`, the end of an
#    `unshare -n` process) is dismantled later by a work queue
#    (cleanup_net): its nsids go from its peers first, then its devices,
#    and with them the veth peers in other nets.  A net is pending while
#    a live net still has an nsid for a net that is neither the initial
#    one nor a named one, or a device whose peer is in no live net
#    (IFLA_LINK_NETNSID outside its net's nsids).
#  - the local route of an IPv6 address is inserted by DAD's work queue
#    even for a nodad address (--local-routes waits for those alone,
#    after each `addr add`: an address done with DAD on a device that is
#    up is pending while no local route names it).
# Every net is looked at: the initial one and each name of /run/netns.
# One deferred work shows nowhere: the DAD an IFF_NOARP change restarts
# (no address turns tentative); sequences sleep for it.
# Settled means nothing pending in two reads at least POLL_S apart that
# are the same.  After CAP_S it gives up quietly (the comparison will tell),
# printing what it still waited for on stderr, which rtnl-diff.sh keeps
# out of the transcript.
import ctypes
import json
import os
import socket
import struct
import subprocess
import sys
import time

POLL_S = 0.01
# Each read forks `ip` a few times per net: a wait that lasts (DAD takes
# up to two seconds) reads less and less often, up to every POLL_MAX_S,
# which keeps the kernel side's CPU time (the larger part of the whole
# test's) down on a two-CPU machine.
POLL_MAX_S = 0.08
AMBIGUOUS_S = 2.5
CAP_S = float(os.environ.get("RTNL_DIFF_SETTLE_CAP", "10"))
DAD_MODES = ("eui64", "random")


NETNS_DIR = "/run/netns"
CLONE_NEWNET = 0x40000000
RTM_NEWNSID, RTM_GETNSID = 88, 90
NETNSA_NSID, NETNSA_FD = 1, 3
libc = ctypes.CDLL(None, use_errno=True)


def named_nets():
    try:
        return sorted(os.listdir(NETNS_DIR))
    except OSError:
        return []


def ip_json(net, *args):
    where = ["-n", net] if net else []
    out = subprocess.run(["ip", *where, "-j", *args], capture_output=True,
                         stdin=subprocess.DEVNULL, text=True).stdout
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


def rtnl_nsids(sock, fds):
    """The nsids the socket's net has: all of them (a dump), and those
    of the nets whose descriptors are given."""
    def ask(flags, attrs):
        msg = struct.pack("=Bxxx", socket.AF_UNSPEC) + attrs
        sock.send(struct.pack("=IHHII", 16 + len(msg), RTM_GETNSID,
                              flags, 1, 0) + msg)
        ids = []
        while True:
            data = sock.recv(65536)
            off = 0
            while off + 16 <= len(data):
                ln, typ = struct.unpack_from("=IH", data, off)
                if typ == RTM_NEWNSID:
                    a = off + 20
                    while a + 4 <= off + ln:
                        alen, atype = struct.unpack_from("=HH", data, a)
                        if atype == NETNSA_NSID:
                            ids.append(struct.unpack_from("=i", data, a + 4)[0])
                        a += (alen + 3) & ~3
                elif typ in (2, 3):  # NLMSG_ERROR, NLMSG_DONE
                    return ids
                off += (ln + 3) & ~3
    everyone = set(ask(0x301, b""))  # NLM_F_REQUEST | NLM_F_DUMP
    # each answer then an ACK (NLM_F_REQUEST | NLM_F_ACK)
    live = set()
    for fd in fds:
        live.update(ask(5, struct.pack("=HHI", 8, NETNSA_FD, fd)))
    return everyone, live


def net_pending(net, fds, links):
    """Why the net still shows a net on its way out, or None."""
    own = os.open("/proc/self/ns/net", os.O_RDONLY)
    try:
        if net:
            there = os.open(os.path.join(NETNS_DIR, net), os.O_RDONLY)
            if libc.setns(there, CLONE_NEWNET) != 0:
                os.close(there)
                return None  # a name on its way out
            os.close(there)
        sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    finally:
        libc.setns(own, CLONE_NEWNET)
        os.close(own)
    with sock:
        everyone, live = rtnl_nsids(sock, fds)
    if everyone - live - {-1}:
        return "nsids of a net going away: %s" % sorted(everyone - live)
    for l in links:
        peer = l.get("link_netnsid")
        if peer is not None and peer not in everyone:
            return "%s: peer in a net going away" % l.get("ifname")
    return None


def nets_pending(raw_links):
    """What the nets still wait for: a net going away.  raw_links: each
    net's `ip -j link` (None for the initial net)."""
    if not os.path.isdir(NETNS_DIR) and not any(
            l.get("link_netnsid") is not None
            for links in raw_links.values() for l in links):
        return []  # no net was ever named, no device reaches another
    fds = []
    try:
        for n in raw_links:
            try:
                fds.append(os.open(os.path.join(NETNS_DIR, n) if n
                                   else "/proc/self/ns/net", os.O_RDONLY))
            except OSError:
                pass
        reasons = []
        for n, links in raw_links.items():
            why = net_pending(n, fds, links)
            if why:
                reasons.append("net %s: %s" % (n or "initial", why))
        return reasons
    finally:
        for fd in fds:
            os.close(fd)


def snapshot_net(net, links_only, raw_links):
    """One net's links and IPv6 addresses, reduced to what settling
    looks at (a bridge's timers and an address's lifetimes always move);
    its links as `ip` printed them go to raw_links[net]."""
    tag = (net + "/") if net else ""
    raw_links[net] = ip_json(net, "-d", "link", "show")
    links = [{k: l.get(k) for k in ("ifname", "flags", "operstate", "master",
                                     "inet6_addr_gen_mode", "link_netnsid")}
             for l in raw_links[net]]
    for l in links:
        l["ifname"] = tag + str(l.get("ifname"))
        if l.get("master"):
            l["master"] = tag + str(l["master"])
    addrs = {} if links_only else {
        tag + str(a.get("ifname")):
            [{k: i.get(k) for k in ("family", "local", "scope",
                                    "tentative", "dadfailed")}
             for i in a.get("addr_info", [])]
        for a in ip_json(net, "-6", "addr", "show")}
    return links, addrs


def snapshot(links_only):
    """Links and IPv6 addresses of every net, and each net's links as
    `ip` printed them."""
    links, addrs, raw_links = [], {}, {}
    for net in [None] + named_nets():
        l, a = snapshot_net(net, links_only, raw_links)
        links += l
        addrs.update(a)
    return links, addrs, raw_links


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


def local_routes_pending():
    """The IPv6 addresses, on devices that are up and done with DAD,
    whose local route the kernel has not inserted yet: addrconf adds it
    from DAD's work queue even for a nodad address, so `ip -6 route get`
    right after `ip -6 addr add ... nodad` may not find it."""
    reasons = []
    for net in [None] + named_nets():
        links = {l.get("ifname"): set(l.get("flags", []))
                 for l in ip_json(net, "link", "show")}
        local = {r.get("dst") for r in ip_json(net, "-6", "route", "show",
                                                "table", "all")
                 if r.get("type") == "local"}
        for a in ip_json(net, "-6", "addr", "show"):
            if "UP" not in links.get(a.get("ifname"), set()):
                continue
            for i in a.get("addr_info", []):
                if (i.get("family") == "inet6" and not i.get("tentative")
                        and not i.get("dadfailed")
                        and i.get("local") not in local):
                    reasons.append("%s: no local route for %s" %
                                   (a.get("ifname"), i.get("local")))
    return reasons


def backoff(interval):
    """The pause after a read that found the kernel still busy."""
    time.sleep(interval)
    return min(interval * 1.5, POLL_MAX_S)


def settle(args):
    """Wait until what args (settle.py's options) names has settled."""
    # (--local-routes waits are short and come between the commands of
    # sequences that time address lifetimes: they poll at POLL_S)
    if "--local-routes" in args:
        start = time.monotonic()
        while True:
            reasons = local_routes_pending()
            if not reasons:
                return 0
            if time.monotonic() - start >= CAP_S:
                print("settle: gave up after %gs waiting for %s" %
                      (CAP_S, "; ".join(reasons)), file=sys.stderr)
                return 0
            time.sleep(POLL_S)
    interval = POLL_S
    links_only = "--links" in args
    start = time.monotonic()
    last, since = None, start
    while True:
        now = time.monotonic()
        links, addrs, raw_links = snapshot(links_only)
        reasons, ambiguous = waiting_for(links, addrs, links_only)
        reasons += nets_pending(raw_links)
        state = json.dumps([links, addrs], sort_keys=True)
        if state != last:
            # something moved: look again soon, it may be the last step
            last, since, interval = state, now, POLL_S
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
        interval = backoff(interval)


def serve():
    """Settle for each request line of standard input, answering each."""
    while True:
        line = sys.stdin.readline()
        if not line:
            return 0
        settle(line.split())
        sys.stderr.flush()
        print("settled", flush=True)


def main():
    if "--serve" in sys.argv[1:]:
        return serve()
    return settle(sys.argv[1:])


sys.exit(main())
