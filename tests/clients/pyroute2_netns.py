#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Network namespaces through pyroute2, run by pyroute2-netns.sh.

  pyroute2_netns.py build    pyroute2.netns.create() the nets a and b,
                             a veth v0 with its peer v1 in a (net_ns_fd),
                             nsid 7 for b (RTM_NEWNSID), v0 moved into b,
                             then in each net through NetNS: links up,
                             an address, a route in b
  pyroute2_netns.py show     what each net holds (links with their
                             peers' nsids, IPv4 addresses, main routes)
                             and the nsids, one object a line
  pyroute2_netns.py denied   as a user without capabilities: changes
                             raise NetlinkError 1, entering a net
                             OSError EPERM, nsids can be read

pyroute2's netns module calls libc through ctypes (mount, unshare,
syscall(__NR_setns)).  The script runs in a kernel network namespace
and under `unetlink run`; the caller compares the transcripts.  Lines
starting with FAIL are the script's own checks and make it exit 1."""
import errno
import os
import sys

from pyroute2 import IPRoute, NetNS, netns
from pyroute2.netlink import NLM_F_ACK, NLM_F_REQUEST
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.rtnl import RTM_NEWNSID
from pyroute2.netlink.rtnl.nsidmsg import nsidmsg

failures = 0


def check(ok, what):
    global failures
    if not ok:
        failures += 1
        print('FAIL %s' % what)


def step(what, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
        print('%s -> ok' % what)
    except NetlinkError as e:
        print('%s -> errno %d' % (what, e.code))
        check(False, what)


def nsid_set(ipr, fd, nsid):
    msg = nsidmsg()
    msg['attrs'].append(('NETNSA_NSID', nsid))
    msg['attrs'].append(('NETNSA_FD', fd))
    ipr.nlm_request(msg, RTM_NEWNSID, NLM_F_REQUEST | NLM_F_ACK)


def ifindex(ipr, name):
    return ipr.link_lookup(ifname=name)[0]


def build():
    netns.create('a')
    netns.create('b')
    print('nets %s' % ' '.join(sorted(netns.listnetns())))
    fda = os.open('/run/netns/a', os.O_RDONLY)
    fdb = os.open('/run/netns/b', os.O_RDONLY)
    with IPRoute() as ipr:
        step('veth v0 with v1 in a', ipr.link, 'add', ifname='v0',
             kind='veth', peer={'ifname': 'v1', 'net_ns_fd': fda})
        step('nsid 7 for b', nsid_set, ipr, fdb, 7)
        try:
            nsid_set(ipr, fdb, 7)
            check(False, 'a second nsid for b is refused')
        except NetlinkError as e:
            print('nsid 7 for b again -> errno %d' % e.code)
        step('v0 into b', ipr.link, 'set', index=ifindex(ipr, 'v0'),
             net_ns_fd=fdb)
    with NetNS('a') as ns:
        i = ifindex(ns, 'v1')
        step('v1 up in a', ns.link, 'set', index=i, state='up')
        step('10.0.0.1/24 on v1 in a', ns.addr, 'add', index=i,
             address='10.0.0.1', prefixlen=24)
    with NetNS('b') as ns:
        i = ifindex(ns, 'v0')
        step('v0 up in b', ns.link, 'set', index=i, state='up')
        step('10.0.0.2/24 on v0 in b', ns.addr, 'add', index=i,
             address='10.0.0.2', prefixlen=24)
        step('192.0.2.0/24 via 10.0.0.1 in b', ns.route, 'add',
             dst='192.0.2.0/24', gateway='10.0.0.1')
    os.close(fda)
    os.close(fdb)


def show_net(name, ipr):
    for l in ipr.get_links():
        info = l.get_attr('IFLA_LINKINFO')
        kind = info.get_attr('IFLA_INFO_KIND') if info else '-'
        print('%s link %d %s kind=%s up=%d peer=%s netnsid=%s' % (
            name, l['index'], l.get_attr('IFLA_IFNAME'), kind,
            l['flags'] & 1, l.get_attr('IFLA_LINK'),
            l.get_attr('IFLA_LINK_NETNSID')))
    for a in ipr.get_addr(family=2):
        print('%s addr %s/%d dev %d label %s' % (
            name, a.get_attr('IFA_LOCAL'), a['prefixlen'], a['index'],
            a.get_attr('IFA_LABEL')))
    for r in ipr.get_routes(family=2, table=254):
        print('%s route %s/%d via %s' % (
            name, r.get_attr('RTA_DST'), r['dst_len'],
            r.get_attr('RTA_GATEWAY')))


def show():
    fda = os.open('/run/netns/a', os.O_RDONLY)
    fdb = os.open('/run/netns/b', os.O_RDONLY)
    with IPRoute() as ipr:
        show_net('initial', ipr)
        ids = (ipr.get_netnsid(fd=fda)['nsid'],
               ipr.get_netnsid(fd=fdb)['nsid'])
        print('initial nsid of a %d, of b %d' % ids)
        check(ids[1] == 7, 'the initial net names b 7')
        check(not ipr.link_lookup(ifname='v0'), 'v0 left the initial net')
    with NetNS('a') as ns:
        show_net('a', ns)
        v1 = ns.get_links(ifindex(ns, 'v1'))[0]
    with NetNS('b') as ns:
        show_net('b', ns)
        b_of_a = ns.get_netnsid(fd=fda)['nsid']
        v0 = ns.get_links(ifindex(ns, 'v0'))[0]
        print('b nsid of a %d' % b_of_a)
        check(b_of_a >= 0 and v0.get_attr('IFLA_LINK_NETNSID') == b_of_a,
              "v0 in b names its peer's net a by b's nsid for a")
    check(v1.get_attr('IFLA_LINK_NETNSID') is not None,
          "v1 in a names its peer's net")
    os.close(fda)
    os.close(fdb)


def denied():
    fdb = os.open('/run/netns/b', os.O_RDONLY)
    with IPRoute() as ipr:
        try:
            ipr.link('add', ifname='v9', kind='veth', peer='v8')
            check(False, 'an unprivileged link add is refused')
        except NetlinkError as e:
            print('veth as a user -> errno %d' % e.code)
            check(e.code == errno.EPERM, 'refused with EPERM')
        try:
            nsid_set(ipr, fdb, 9)
            check(False, 'an unprivileged RTM_NEWNSID is refused')
        except NetlinkError as e:
            print('nsid as a user -> errno %d' % e.code)
        print('nsid of b as a user %d' % ipr.get_netnsid(fd=fdb)['nsid'])
    try:
        NetNS('b').close()
        check(False, 'an unprivileged NetNS is refused')
    except OSError as e:
        print('NetNS as a user -> errno %d' % e.errno)
        check(e.errno == errno.EPERM, 'NetNS refused with EPERM')
    os.close(fdb)


if __name__ == '__main__':
    {'build': build, 'show': show, 'denied': denied}[sys.argv[1]]()
    sys.exit(1 if failures else 0)
