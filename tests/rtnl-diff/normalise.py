# SPDX-License-Identifier: LGPL-2.1-or-later
# Normalise one side's transcript for rtnl-diff.sh.  Only what the kernel
# randomises or what runs on a clock is rewritten:
#  - MAC addresses become MAC:<ifname> (the device that has it in the
#    `ip -j -d link` view), MAC<n> by first appearance otherwise;
#  - EUI-64 link-local addresses, which derive from MACs, become
#    LL:<ifname> likewise, and runs of routes to them are sorted, since
#    the kernel orders them by the (random) address;
#  - bridge and port ids print MACs without leading zeros: canonicalised
#    first;
#  - statistics and running timers (*_timer) are dropped from JSON;
#  - the `ip -j neigh` view is sorted: Linux walks each neighbour table
#    in the order of a hash with a random seed;
#  - in `ip monitor`, runs of DAD completions (an address line, its
#    lifetimes, its local route if it was not there) are sorted: the
#    kernel starts DAD after a random delay, so their order is random
#    (a restarted DAD, when IFF_NOARP moves, announces addresses that
#    keep their local route: two lines each);
#  - the wall-clock times `ip -s xfrm` prints for a policy or state
#    ("add 2026-12-07 02:37:28") become "add TIME": the two sides make
#    them a moment apart;
#  - `ip monitor` lines about IPv6 multicast neighbours (33:33:...
#    NOARP) are dropped: the kernel makes them by sending MLD and ND
#    packets, and no packet is ever sent here;
#  - an IPv6 tunnel's random permanent address (permaddr, 16 bytes of
#    which the first 6 are drawn, printed as an IPv6 address) becomes
#    PERM:<ifname>, and the EUI-64 link-local made from it LL:<ifname>.
import ipaddress
import json
import re
import sys

MAC = re.compile(r"\b(?:[0-9a-f]{2}:){5}[0-9a-f]{2}\b")
BRID = re.compile(r"\b([0-9a-f]{1,4}\.)((?:[0-9a-f]{1,2}:){5}[0-9a-f]{1,2})\b")
LL = re.compile(r"\bfe80::[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}\b")
SPECIAL = {"00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "01:80:c2:00:00:00"}

# normalise.py IN: IN normalised, on standard output.  normalise.py IN OUT
# [IN OUT]...: each IN normalised into its OUT by this file's code run
# once per pair in one python (rtnl-diff.sh does both sides of a
# sequence so: a python start costs more CPU than a transcript); a pair
# that fails says so in its OUT, and the status is 1.
if __name__ == "__main__" and len(sys.argv) > 2:
    import contextlib
    import traceback
    with open(__file__) as me:
        code = compile(me.read(), __file__, "exec")
    rc = 0
    for src, dst in zip(sys.argv[1::2], sys.argv[2::2]):
        with open(dst, "w") as out, contextlib.redirect_stdout(out):
            sys.argv[1:] = [src]
            try:
                exec(code, {"__name__": "normalise_pair"})
            except Exception:
                traceback.print_exc()
                print("normalise.py failed on %s" % src)
                rc = 1
    sys.exit(rc)

lines = [l.rstrip("\n") for l in open(sys.argv[1], errors="replace")]
names, lls, perms = {}, {}, {}


def eui64(mac):
    b = [int(x, 16) for x in mac.split(":")]
    b[0] ^= 2
    w = [b[0] << 8 | b[1], b[2] << 8 | 0xff, 0xfe00 | b[3], b[4] << 8 | b[5]]
    return "fe80::" + ":".join("%x" % x for x in w)


# Who owns which MAC: every link view in the transcript.
for line in lines:
    if not line.startswith("[{"):
        continue
    try:
        data = json.loads(line)
    except ValueError:
        continue
    for o in data:
        if isinstance(o, dict) and "ifname" in o and \
                ":" in str(o.get("permaddr", "")) and \
                not MAC.fullmatch(str(o["permaddr"])):
            try:
                b = ipaddress.IPv6Address(o["permaddr"]).packed[:6]
                perms[o["permaddr"]] = "PERM:" + o["ifname"]
                lls[eui64(":".join("%02x" % x for x in b))] = \
                    "LL:" + o["ifname"]
            except ValueError:
                pass
        if isinstance(o, dict) and "ifname" in o and "address" in o:
            mac = o["address"]
            # (an address label's "address" is an IPv6 prefix)
            if not MAC.fullmatch(str(mac)):
                continue
            if mac not in SPECIAL and mac not in names:
                names[mac] = "MAC:" + o["ifname"]
                lls[eui64(mac)] = "LL:" + o["ifname"]


# ... and every link line of `ip monitor` (devices deleted before the
# views were printed only appear there).
MONLINK = re.compile(r"^(?:Deleted )?\d+: ([^:@\s]+)(?:@\S+)?: <")
for i, line in enumerate(lines[:-1]):
    m = MONLINK.match(line)
    e = re.match(r"^\s+link/ether ((?:[0-9a-f]{2}:){5}[0-9a-f]{2})",
                 lines[i + 1])
    if m and e and e.group(1) not in SPECIAL and e.group(1) not in names:
        names[e.group(1)] = "MAC:" + m.group(1)
        lls[eui64(e.group(1))] = "LL:" + m.group(1)


def mac_tok(m):
    v = m.group(0)
    if v in SPECIAL:
        return v
    if v not in names:
        names[v] = "MAC%d" % (len(names) + 1)
    return names[v]


def ll_tok(m):
    v = m.group(0)
    if v not in lls:
        lls[v] = "LL%d" % (len(lls) + 1)
    return lls[v]


def canon_brid(m):
    mac = ":".join("%02x" % int(x, 16) for x in m.group(2).split(":"))
    return m.group(1) + mac


def scrub(o):
    if isinstance(o, dict):
        return {k: scrub(v) for k, v in o.items()
                if k not in ("stats", "stats64") and not k.endswith("_timer")}
    if isinstance(o, list):
        out = [scrub(v) for v in o]
        # runs of routes whose destination is a link-local address
        i = 0
        while i < len(out):
            j = i
            while (j < len(out) and isinstance(out[j], dict)
                   and str(out[j].get("dst", "")).startswith("LL")):
                j += 1
            if j > i + 1:
                out[i:j] = sorted(out[i:j], key=lambda r: json.dumps(r))
            i = max(j, i + 1)
        return out
    return o


PERM = re.compile(r'("permaddr":"|permaddr )([0-9a-f:]+)')
XFRM_TIME = re.compile(r"\b(add|use) \d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
NOARP = re.compile(r"^(Deleted )?ff02::\S* dev \S+ lladdr 33:33:\S+ NOARP\s*$")

result = []
section = ""
for line in lines:
    if NOARP.match(line):
        continue
    if line.startswith("### "):
        section = line
    line = XFRM_TIME.sub(lambda m: m.group(1) + " TIME", line)
    line = BRID.sub(canon_brid, line)
    line = MAC.sub(mac_tok, line)
    line = LL.sub(ll_tok, line)
    line = PERM.sub(lambda m: m.group(1) + perms.get(m.group(2), m.group(2)),
                    line)
    if line.startswith("[") or line.startswith("{"):
        try:
            data = scrub(json.loads(line))
            # a neighbour table is walked in the order of a hash with a
            # random seed
            if section.endswith(" -j neigh") and isinstance(data, list):
                data = sorted(data, key=lambda r: json.dumps(r))
            line = json.dumps(data)
        except ValueError:
            pass
    result.append(line)

# DAD completion blocks: "N: dev    inet6 ADDR/plen scope ..." (never
# tentative: that is the address being added), its lifetime line, and
# "local ADDR dev ..." unless the route was there already.
DAD = re.compile(r"^\d+: \S+\s+inet6 (\S+)/\d+ ")
i = 0
while i < len(result):
    blocks = []
    j = i
    while j + 1 < len(result):
        m = DAD.match(result[j])
        if not (m and " tentative " not in result[j] + " "
                and result[j + 1].strip().startswith("valid_lft")):
            break
        n = 2
        if (j + 2 < len(result)
                and result[j + 2].startswith("local " + m.group(1) + " ")):
            n = 3
        blocks.append(result[j:j + n])
        j += n
    if len(blocks) > 1:
        result[i:j] = [l for b in sorted(blocks) for l in b]
    i = max(j, i + 1)
print("\n".join(result))
