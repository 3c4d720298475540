#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""pyroute2's IPRoute making link kinds, run by pyroute2-kinds.sh.

Makes a veth pair, macvlans and a macvtap on it (each mode), vxlans
(IPv4 and IPv6 remotes, a group on the veth, options), changes some of
them, sends requests that must fail, and prints each answer, then every
link's name, kind, lower device, MTU and IFLA_INFO_DATA (addresses,
which are random, left out).  The caller runs it in a kernel network
namespace and under `unetlink run` and compares the transcripts."""
import sys

from pyroute2 import IPRoute
from pyroute2.netlink.exceptions import NetlinkError


def attempt(what, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
        print('%s -> ok' % what)
    except NetlinkError as e:
        print('%s -> errno %d' % (what, e.code))


def data_of(msg):
    info = msg.get_attr('IFLA_LINKINFO')
    if not info:
        return None, []
    data = info.get_attr('IFLA_INFO_DATA')
    attrs = []
    if data is not None and hasattr(data, 'get'):
        for a in data.get('attrs', []):
            name, value = a[0], a[1]
            attrs.append('%s=%s' % (name, value))
    return info.get_attr('IFLA_INFO_KIND'), attrs


def main():
    ipr = IPRoute()
    attempt('veth', ipr.link, 'add', ifname='v0', kind='veth', peer='v1')
    v0 = ipr.link_lookup(ifname='v0')[0]
    lo = ipr.link_lookup(ifname='lo')[0]
    for name, mode in (('m0', 4), ('m1', 1), ('m2', 2)):
        attempt('macvlan %s mode %d' % (name, mode), ipr.link, 'add',
                ifname=name, kind='macvlan', link=v0, macvlan_mode=mode)
    attempt('macvtap mt0', ipr.link, 'add', ifname='mt0', kind='macvtap',
            link=v0, macvtap_mode=4)
    attempt('macvlan on lo', ipr.link, 'add', ifname='m9', kind='macvlan',
            link=lo, macvlan_mode=4)
    attempt('macvlan passthru beside others', ipr.link, 'add', ifname='m8',
            kind='macvlan', link=v0, macvlan_mode=8)
    attempt('macvlan bad mode', ipr.link, 'add', ifname='m7',
            kind='macvlan', link=v0, macvlan_mode=3)
    attempt('macvlan mode change', ipr.link, 'set', index=ipr.link_lookup(
        ifname='m1')[0], kind='macvlan', macvlan_mode=2)
    attempt('vxlan x0', ipr.link, 'add', ifname='x0', kind='vxlan',
            vxlan_id=5, vxlan_port=4789)
    attempt('vxlan x1 group', ipr.link, 'add', ifname='x1', kind='vxlan',
            vxlan_id=6, vxlan_group='239.1.1.1', vxlan_link=v0,
            vxlan_port=4789, vxlan_ttl=10, vxlan_learning=0)
    attempt('vxlan x2 v6', ipr.link, 'add', ifname='x2', kind='vxlan',
            vxlan_id=7, vxlan_group6='2001:db8::1', vxlan_port=4789)
    attempt('vxlan same vni', ipr.link, 'add', ifname='x3', kind='vxlan',
            vxlan_id=5, vxlan_port=4789)
    attempt('vxlan group without dev', ipr.link, 'add', ifname='x4',
            kind='vxlan', vxlan_id=8, vxlan_group='239.1.1.2',
            vxlan_port=4789)
    attempt('vxlan vni change', ipr.link, 'set', index=ipr.link_lookup(
        ifname='x0')[0], kind='vxlan', vxlan_id=9)
    attempt('vxlan ttl change', ipr.link, 'set', index=ipr.link_lookup(
        ifname='x0')[0], kind='vxlan', vxlan_ttl=3)
    names = {m['index']: m.get_attr('IFLA_IFNAME') for m in ipr.get_links()}
    for m in sorted(ipr.get_links(), key=lambda m: m.get_attr('IFLA_IFNAME')):
        kind, attrs = data_of(m)
        link = m.get_attr('IFLA_LINK')
        print('%s kind=%s link=%s mtu=%s %s' % (
            m.get_attr('IFLA_IFNAME'), kind, names.get(link, link),
            m.get_attr('IFLA_MTU'), ' '.join(attrs)))
    ipr.close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
