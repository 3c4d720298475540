#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""pyroute2's IPRoute on the rtnetlink model, run by pyroute2-iproute.sh.

  pyroute2_iproute.py build    make a veth pair, a bridge, addresses and
                               routes (main, table 100, blackhole, IPv6)
                               with IPRoute, and a few requests that must
                               fail; print each answer
  pyroute2_iproute.py show     wait for the state to settle, then print
                               get_links, get_addr, get_routes (all
                               tables, then table 100) and route('get')
                               answers, one object a line, minus what
                               only a clock or a packet changes
  pyroute2_iproute.py denied   as a user without CAP_NET_ADMIN: reads
                               work, every change raises NetlinkError 1

The script runs in a kernel network namespace and under `unetlink run`;
the caller compares the two transcripts.  Lines starting with FAIL are
the script's own checks (independent of the kernel) and make it exit 1."""
import errno
import json
import os
import socket
import struct
import sys
import time

from pyroute2 import IPRoute
from pyroute2.netlink.exceptions import NetlinkError

IFA_F_NODAD = 0x02
IFA_F_TENTATIVE = 0x40
failures = 0


def check(ok, what, detail=''):
    global failures
    if not ok:
        failures += 1
        print('FAIL %s%s' % (what, ' (%s)' % detail if detail else ''))


def attempt(what, fn, *args, **kwargs):
    """Run a request; print its answer as 'what -> ok' or '-> errno N'."""
    try:
        fn(*args, **kwargs)
        print('%s -> ok' % what)
        return 0
    except NetlinkError as e:
        print('%s -> errno %d' % (what, e.code))
        return e.code


# What a clock, a random draw or a packet decides: never compared.
VOLATILE = {
    'IFLA_STATS', 'IFLA_STATS64', 'IFLA_INET6_STATS', 'IFLA_INET6_ICMP6STATS',
    'IFA_CACHEINFO', 'RTA_CACHEINFO',
}


def inet6_protinfo(blob):
    """IFLA_PROTINFO of an AF_INET6 link dump, which pyroute2 leaves as
    hex: its attributes by number, minus statistics (3, 6) and the clock
    and random parts of the cache info (5)."""
    raw = bytes.fromhex(blob.replace(':', ''))
    out, off = {}, 0
    while off + 4 <= len(raw):
        length, kind = struct.unpack_from('HH', raw, off)
        if length < 4:
            break
        value = raw[off + 4:off + length]
        if kind == 5:
            value = value[:4] + value[12:16]
        if kind not in (3, 6):
            out[kind] = value.hex()
        off += (length + 3) & ~3
    return out


def flat(msg):
    """A message as a plain dict: header fields, then attributes (nested
    ones as dicts), minus the volatile ones."""
    d = {k: v for k, v in msg.items() if k not in ('attrs', 'header', '__align')}
    for name, value in msg.get('attrs', []):
        if name in VOLATILE or name.endswith('_TIMER'):
            continue
        if name == 'IFLA_INET6_CACHEINFO':
            # tstamp is the creation time, reachable_time a random draw
            value = {'max_reasm_len': value['max_reasm_len'],
                     'retrans_time': value['retrans_time']}
        elif hasattr(value, 'get_attrs') or isinstance(value, dict):
            value = flat(value) if 'attrs' in value else dict(value)
        if (name == 'IFLA_PROTINFO' and msg.get('family') == socket.AF_INET6
                and isinstance(value, str)):
            value = inet6_protinfo(value)
        if name == 'UNKNOWN':
            name = 'UNKNOWN-%d' % value['header']['type']
            value = value['header']['length']
        d[name] = value
    return d


def show(tag, msgs):
    for m in msgs:
        print(tag, json.dumps(flat(m), sort_keys=True, default=str))


def show_routes(tag, msgs):
    # Routes to one prefix in one table (ff00::/8 on each device, say)
    # are listed in the order they were made, and the kernel makes a
    # device's when its carrier settles, asynchronously: only the order
    # within such a run is normalised, never across prefixes.
    lines = [(m.get_attr('RTA_TABLE'), m['family'], m['dst_len'],
              str(m.get_attr('RTA_DST')),
              json.dumps(flat(m), sort_keys=True, default=str))
             for m in msgs]
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j][:4] == lines[i][:4]:
            j += 1
        for line in sorted(x[4] for x in lines[i:j]):
            print(tag, line)
        i = j


def index(ipr, name):
    found = ipr.link_lookup(ifname=name)
    check(len(found) == 1, 'link_lookup(%s)' % name, found)
    return found[0] if found else 0


def build(ipr):
    attempt('link add veth0/veth1', ipr.link, 'add', ifname='veth0',
            address='02:00:00:00:00:01', kind='veth',
            peer={'ifname': 'veth1', 'address': '02:00:00:00:00:02'})
    attempt('link add br0', ipr.link, 'add', ifname='br0',
            address='02:00:00:00:00:03', kind='bridge')
    lo, veth0, veth1, br0 = (index(ipr, n) for n in ('lo', 'veth0', 'veth1', 'br0'))
    attempt('link set veth1 master br0', ipr.link, 'set', index=veth1, master=br0)
    for name, i in (('lo', lo), ('veth0', veth0), ('veth1', veth1), ('br0', br0)):
        attempt('link set %s up' % name, ipr.link, 'set', index=i, state='up')
    attempt('addr add 10.1.0.1/24', ipr.addr, 'add', index=veth0,
            address='10.1.0.1', prefixlen=24)
    attempt('addr add 10.2.0.1/16 brd', ipr.addr, 'add', index=br0,
            address='10.2.0.1', prefixlen=16, broadcast='10.2.255.255')
    attempt('addr add 2001:db8:1::1/64 nodad', ipr.addr, 'add', index=veth0,
            address='2001:db8:1::1', prefixlen=64, flags=IFA_F_NODAD)
    attempt('route add 192.0.2.0/24', ipr.route, 'add', dst='192.0.2.0/24',
            gateway='10.1.0.254')
    attempt('route add 198.51.100.0/24 metric 50', ipr.route, 'add',
            dst='198.51.100.0/24', oif=br0, priority=50)
    attempt('route add 203.0.113.0/24 table 100', ipr.route, 'add',
            dst='203.0.113.0/24', gateway='10.1.0.2', table=100)
    attempt('route add default table 100', ipr.route, 'add',
            dst='0.0.0.0/0', gateway='10.1.0.3', table=100)
    attempt('route add blackhole 198.18.0.0/15', ipr.route, 'add',
            dst='198.18.0.0/15', type='blackhole')
    attempt('route add 2001:db8:2::/64', ipr.route, 'add',
            dst='2001:db8:2::/64', gateway='2001:db8:1::2')
    attempt('route add 192.0.2.128/25 (to delete)', ipr.route, 'add',
            dst='192.0.2.128/25', gateway='10.1.0.253')
    attempt('route del 192.0.2.128/25', ipr.route, 'del',
            dst='192.0.2.128/25', gateway='10.1.0.253')

    # Requests a user gets wrong: the errno is what pyroute2 raises.
    check(attempt('link add veth0 again', ipr.link, 'add', ifname='veth0',
                  kind='veth', peer='veth9') == errno.EEXIST,
          'a second veth0 gives EEXIST')
    check(attempt('route del 192.0.2.128/25 again', ipr.route, 'del',
                  dst='192.0.2.128/25', gateway='10.1.0.253') == errno.ESRCH,
          'deleting a missing route gives ESRCH')
    check(attempt('addr add on ifindex 999', ipr.addr, 'add', index=999,
                  address='10.9.0.1', prefixlen=24) == errno.ENODEV,
          'an address on a missing device gives ENODEV')
    check(attempt('route add 192.0.2.0/24 again', ipr.route, 'add',
                  dst='192.0.2.0/24', gateway='10.1.0.254') == errno.EEXIST,
          'adding an existing route gives EEXIST')
    attempt('route add via an unreachable gateway', ipr.route, 'add',
            dst='100.64.0.0/10', gateway='172.31.0.1')
    attempt('link set veth0 master veth1 (not a bridge)', ipr.link, 'set',
            index=veth0, master=veth1)


def settled(ipr):
    """The kernel finishes DAD and linkwatch work after a delay."""
    for a in ipr.get_addr():
        if a['flags'] & IFA_F_TENTATIVE:
            return False
    for link in ipr.get_links():
        if (link['flags'] & 1 and link['index'] != 1 and
                link.get_attr('IFLA_OPERSTATE') != 'UP'):
            return False
    return True


def route_get(ipr, dst, **kwarg):
    what = 'get %s%s' % (dst, ''.join(' %s %s' % kv for kv in sorted(kwarg.items())))
    try:
        reply = ipr.route('get', dst=dst, **kwarg)
        show(what, reply)
        return reply[0]
    except NetlinkError as e:
        print('%s -> errno %d' % (what, e.code))
        return e.code


def showall(ipr):
    deadline = time.time() + 10
    while not settled(ipr) and time.time() < deadline:
        time.sleep(0.2)
    # The kernel sets IF_RS_SENT in idev->if_flags when it sends a router
    # solicitation at the end of DAD: one more tick for the last one.
    if 'UNETLINK_SOCKET' not in os.environ:
        time.sleep(0.3)

    links = ipr.get_links()
    show('link', links)
    names = {m['index']: m.get_attr('IFLA_IFNAME') for m in links}
    addrs = ipr.get_addr()
    show('addr', addrs)
    routes = ipr.get_routes()
    show_routes('route', routes)
    show_routes('route table 100', ipr.get_routes(table=100))
    show_routes('route6', ipr.get_routes(family=socket.AF_INET6))
    # The per-family link dumps: addrconf's view, the bridge ports.
    show('link inet6', ipr.get_links(family=socket.AF_INET6))
    bridge = ipr.get_links(family=socket.AF_BRIDGE)
    show('link bridge', bridge)
    check([m.get_attr('IFLA_IFNAME') for m in bridge] == ['veth1'],
          'an AF_BRIDGE link dump lists the bridge port')

    # What a user checks, whatever the kernel says.
    want = {'lo', 'veth0', 'veth1', 'br0'}
    check(want <= set(names.values()), 'get_links lists lo, veth0, veth1, br0',
          sorted(names.values()))
    byname = {m.get_attr('IFLA_IFNAME'): m for m in links}
    if want <= set(byname):
        v1 = byname['veth1']
        check(v1.get_attr('IFLA_MASTER') == byname['br0']['index'],
              'veth1 is a port of br0')
        check(v1.get_attr('IFLA_LINK') == byname['veth0']['index'],
              'veth1 is paired with veth0')
        check(byname['br0'].get_nested('IFLA_LINKINFO', 'IFLA_INFO_KIND') == 'bridge',
              'br0 is a bridge')
        check(byname['veth0'].get_attr('IFLA_ADDRESS') == '02:00:00:00:00:01',
              'veth0 has the MAC it was given')
    local = {(names.get(a['index']), a.get_attr('IFA_ADDRESS'), a['prefixlen'])
             for a in addrs}
    for a in (('veth0', '10.1.0.1', 24), ('br0', '10.2.0.1', 16),
              ('veth0', '2001:db8:1::1', 64), ('lo', '127.0.0.1', 8)):
        check(a in local, 'get_addr lists %s %s/%d' % a)
    dsts = {(r['table'] if r['table'] != 252 else r.get_attr('RTA_TABLE'),
             r.get_attr('RTA_DST'), r['dst_len'], r['type']) for r in routes}
    for r in ((254, '192.0.2.0', 24, 1), (100, '203.0.113.0', 24, 1),
              (254, '198.18.0.0', 15, 6), (254, '2001:db8:2::', 64, 1),
              (255, '10.1.0.1', 32, 2)):
        check(r in dsts, 'get_routes lists table %d %s/%d type %d' % r)
    check((254, '192.0.2.128', 25, 1) not in dsts, 'a deleted route is gone')

    r = route_get(ipr, '192.0.2.7')
    check(not isinstance(r, int) and r.get_attr('RTA_GATEWAY') == '10.1.0.254' and
          names.get(r.get_attr('RTA_OIF')) == 'veth0' and
          r.get_attr('RTA_PREFSRC') == '10.1.0.1',
          'route get 192.0.2.7: via 10.1.0.254 dev veth0 src 10.1.0.1')
    route_get(ipr, '10.2.3.4')
    route_get(ipr, '198.51.100.9')
    check(route_get(ipr, '198.18.1.1') == errno.EINVAL,
          'route get into a blackhole gives EINVAL')
    check(route_get(ipr, '8.8.8.8') == errno.ENETUNREACH,
          'route get without a route gives ENETUNREACH')
    route_get(ipr, '2001:db8:2::5')
    # Table 100 is reached by a rule, as `ip route get ... table 100`.
    route_get(ipr, '8.8.8.8', table=100)


def denied(ipr):
    """Reads work and every change is refused before it is looked at."""
    links = ipr.get_links()
    check(any(m.get_attr('IFLA_IFNAME') == 'lo' for m in links),
          'get_links works without privileges')
    ipr.get_addr()
    ipr.get_routes()
    print('reads -> ok')
    for what, fn, args, kwargs in (
            ('link add', ipr.link, ('add',), {'ifname': 'unpriv0', 'kind': 'bridge'}),
            ('link set down', ipr.link, ('set',), {'index': 1, 'state': 'down'}),
            ('link del', ipr.link, ('del',), {'index': 1}),
            ('addr add', ipr.addr, ('add',), {'index': 1, 'address': '10.9.9.9',
                                              'prefixlen': 32}),
            ('addr del', ipr.addr, ('del',), {'index': 1, 'address': '127.0.0.1',
                                              'prefixlen': 8}),
            ('route add', ipr.route, ('add',), {'dst': '10.9.0.0/16', 'oif': 1}),
            ('route del', ipr.route, ('del',), {'dst': '127.0.0.0/8', 'table': 255}),
    ):
        check(attempt(what, fn, *args, **kwargs) == errno.EPERM,
              '%s without CAP_NET_ADMIN gives EPERM' % what)


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else 'show'
    with IPRoute() as ipr:
        {'build': build, 'show': showall, 'denied': denied}[mode](ipr)
    print('# %s: %d failed' % (mode, failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
