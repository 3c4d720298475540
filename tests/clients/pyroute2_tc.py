#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""pyroute2's IPRoute.tc() on qdiscs and classes, run by pyroute2-tc.sh.

Makes a veth pair and, with IPRoute.tc(), the qdisc kinds named on the
command line (of tbf, htb with classes, ingress, clsact, and those the
full profile lists: sfq, codel, fq_codel, choke, drr with classes,
hfsc with classes, cake, netem, plug), changes and replaces some, sends
requests that must fail, and prints each answer, then every qdisc and
class as pyroute2 decodes it (kind, handle, parent, options, counters).
The caller compares the transcript of a kernel network namespace with
unetlink's."""
import sys

from pyroute2 import IPRoute
from pyroute2.netlink.exceptions import NetlinkError


def attempt(what, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
        print('%s -> ok' % what)
    except NetlinkError as e:
        print('%s -> errno %d' % (what, e.code))


def show_attr(value):
    if hasattr(value, 'get') and 'attrs' in value:
        return '{%s}' % ' '.join('%s=%s' % (a[0], show_attr(a[1]))
                                 for a in value['attrs'])
    if hasattr(value, 'items'):
        return '{%s}' % ' '.join('%s=%s' % (k, show_attr(v))
                                 for k, v in sorted(value.items())
                                 if k not in ('header', 'attrs'))
    return str(value)


def show(kind, msgs):
    for m in msgs:
        attrs = ' '.join('%s=%s' % (a[0], show_attr(a[1]))
                         for a in m['attrs']
                         if a[0] not in ('TCA_STATS', 'TCA_XSTATS'))
        print('%s %x:%x parent %x info %d %s' % (
            kind, m['handle'] >> 16, m['handle'] & 0xffff, m['parent'],
            m['info'], attrs))


def tbf(ipr, ix):
    attempt('tbf', ipr.tc, 'add', 'tbf', ix, 0x10000, rate='1mbit',
            burst=10240, latency='50ms')
    attempt('tbf change', ipr.tc, 'change', 'tbf', ix, 0x10000,
            rate='2mbit', burst=20480, latency='10ms')


def htb(ipr, ix):
    attempt('htb', ipr.tc, 'replace', 'htb', ix, 0x20000, default=0x10)
    attempt('htb class 2:1', ipr.tc, 'add-class', 'htb', ix, 0x20001,
            parent=0x20000, rate='10mbit', ceil='20mbit')
    attempt('htb class 2:10', ipr.tc, 'add-class', 'htb', ix, 0x20010,
            parent=0x20001, rate='1mbit', prio=2)
    attempt('htb class 2:10 again', ipr.tc, 'add-class', 'htb', ix,
            0x20010, parent=0x20001, rate='1mbit')
    attempt('htb class change', ipr.tc, 'change-class', 'htb', ix,
            0x20010, parent=0x20001, rate='3mbit', ceil='5mbit')


def ingress(ipr, ix):
    attempt('ingress', ipr.tc, 'add', 'ingress', ix, 0xffff0000)
    attempt('ingress again', ipr.tc, 'add', 'ingress', ix, 0xffff0000)


def clsact(ipr, ix):
    attempt('clsact', ipr.tc, 'add', 'clsact', ix)


def simple(kind, handle, **kw):
    def run(ipr, ix):
        attempt(kind, ipr.tc, 'replace', kind, ix, handle, **kw)
        attempt(kind + ' again', ipr.tc, 'add', kind, ix, handle, **kw)
    return run


def drr(ipr, ix):
    attempt('drr', ipr.tc, 'replace', 'drr', ix, 0x40000)
    attempt('drr class 4:1', ipr.tc, 'add-class', 'drr', ix, 0x40001,
            parent=0x40000, quantum=1600)
    attempt('drr class 4:2', ipr.tc, 'add-class', 'drr', ix, 0x40002,
            parent=0x40000)


def hfsc(ipr, ix):
    attempt('hfsc', ipr.tc, 'replace', 'hfsc', ix, 0x50000, default=0x10)
    attempt('hfsc class 5:1', ipr.tc, 'add-class', 'hfsc', ix, 0x50001,
            parent=0x50000, rsc={'m2': '5mbit'}, fsc={'m2': '5mbit'},
            usc={'m2': '10mbit'})
    attempt('hfsc class 5:10', ipr.tc, 'add-class', 'hfsc', ix, 0x50010,
            parent=0x50001, fsc={'m1': '2mbit', 'd': '10ms', 'm2': '1mbit'})


KINDS = {
    'tbf': tbf, 'htb': htb, 'ingress': ingress, 'clsact': clsact,
    'sfq': simple('sfq', 0x30000, perturb=10),
    'codel': simple('codel', 0x60000, cdl_limit=500, cdl_target=3000,
                    cdl_interval=50000),
    'fq_codel': simple('fq_codel', 0x70000, limit=2000, flows=100),
    # pyroute2 spells it so
    'choke': simple('choke', 0x80000, limit=1000, bandwith='10mbit'),
    'cake': simple('cake', 0x90000, bandwidth='100mbit',
                   diffserv_mode='diffserv4'),
    'netem': simple('netem', 0xa0000, delay=100000, loss=10),
    'plug': simple('plug', 0xb0000, limit=1000),
    'drr': drr, 'hfsc': hfsc,
}


def main():
    ipr = IPRoute()
    attempt('veth', ipr.link, 'add', ifname='v0', kind='veth', peer='v1')
    ix = ipr.link_lookup(ifname='v0')[0]
    for kind in sys.argv[1:]:
        KINDS[kind](ipr, ix)
        show('qdisc', ipr.get_qdiscs(index=ix))
        show('class', ipr.get_classes(index=ix))
    attempt('delete root', ipr.tc, 'del', index=ix, handle=0,
            parent=0xffffffff)
    attempt('delete root again', ipr.tc, 'del', index=ix, handle=0,
            parent=0xffffffff)
    show('qdisc', ipr.get_qdiscs(index=ix))
    ipr.close()


if __name__ == '__main__':
    main()
