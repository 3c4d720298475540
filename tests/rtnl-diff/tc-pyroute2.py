#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# pyroute2's tc calls on the device named by argv[1] (with a clsact):
# u32 filters with an action added, listed, replaced and deleted through
# IPRoute.tc() and get_filters(); each answer or error printed as the
# attributes pyroute2 decoded.
import sys

from pyroute2 import IPRoute
from pyroute2.netlink.exceptions import NetlinkError


def show(msg):
    attrs = []
    for name, value in msg['attrs']:
        if name == 'TCA_OPTIONS':
            value = sorted((k, str(v)) for k, v in value['attrs']
                           if k not in ('TCA_U32_ACT', 'TCA_U32_SEL'))
        attrs.append((name, value))
    print(' ', msg['event'], hex(msg['handle']), hex(msg['parent']),
          hex(msg['info']), attrs)


def main():
    ip = IPRoute()
    idx = ip.link_lookup(ifname=sys.argv[1])[0]
    calls = [
        ('add-filter', dict(kind='u32', parent=0xfffffff2, prio=10,
                            protocol=0x0800, keys=['0x01020304/0xffffffff+16'],
                            target=0x10020,
                            action=dict(kind='mirred', direction='egress',
                                        action='redirect', ifindex=idx))),
        ('add-filter', dict(kind='u32', parent=0xfffffff2, prio=10,
                            protocol=0x0800, keys=['0x0a000000/0xff000000+12'],
                            target=0x10030)),
        ('add-filter', dict(kind='u32', parent=0xfffffff2, prio=10,
                            protocol=0x86dd, keys=['0x0/0x0+0'],
                            target=0x10050)),
        ('replace-filter', dict(kind='u32', parent=0xfffffff2, prio=10,
                                protocol=0x0800, handle=0x80000801,
                                keys=['0x0a000000/0xff000000+12'],
                                target=0x10040)),
        ('del-filter', dict(kind='u32', parent=0xfffffff2, prio=10,
                            protocol=0x0800, handle=0x80000800,
                            keys=['0x0/0x0+0'], target=0)),
        ('del-filter', dict(kind='u32', parent=0xfffffff2, prio=10,
                            protocol=0x0800, handle=0x80000899,
                            keys=['0x0/0x0+0'], target=0)),
    ]
    for cmd, kw in calls:
        try:
            ip.tc(cmd, index=idx, **kw)
            print(cmd, 'ok')
        except NetlinkError as e:
            print(cmd, 'error', e.code)
        for msg in ip.get_filters(index=idx, parent=0xfffffff2):
            show(msg)


main()
