#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""kvstore-pyroute2: a unl_kvstore client with pyroute2's
GenericNetlinkSocket, as one would write it for a kernel family.

    client-pyroute2.py get KEY | set KEY VALUE | del KEY | dump | monitor N

Errors print "error: STRERROR[: EXTACK MESSAGE]" and exit 1."""
import os
import sys

from pyroute2.netlink import NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST, genlmsg
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.generic import GenericNetlinkSocket

SOL_NETLINK = 270
NETLINK_EXT_ACK = 11

# kvstore.h
FAMILY = 'unl_kvstore'
VERSION = 1
CMD_GET, CMD_SET, CMD_DEL = 1, 2, 3


class kvmsg(genlmsg):
    nla_map = (('KVSTORE_ATTR_UNSPEC', 'none'),
               ('KVSTORE_ATTR_KEY', 'asciiz'),
               ('KVSTORE_ATTR_VALUE', 'asciiz'))


class KVStore(GenericNetlinkSocket):
    def request(self, cmd, flags, attrs=()):
        msg = kvmsg()
        msg['cmd'] = cmd
        msg['version'] = VERSION
        msg['attrs'] = list(attrs)
        return self.nlm_request(msg, msg_type=self.prid,
                                msg_flags=NLM_F_REQUEST | flags)


def show(m, event=False):
    key = m.get_attr('KVSTORE_ATTR_KEY')
    value = m.get_attr('KVSTORE_ATTR_VALUE')
    if event:
        print('event %s %s%s' % ('del' if m['cmd'] == CMD_DEL else 'set',
                                 key, '' if value is None else '=' + value))
    else:
        print('%s=%s' % (key, value or ''))
    sys.stdout.flush()


def main(argv):
    kv = KVStore()
    # Extended ACKs, so that NetlinkError carries the family's message.
    kv.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    kv.bind(FAMILY, kvmsg)
    try:
        if argv[:1] == ['get'] and len(argv) == 2:
            for m in kv.request(CMD_GET, 0, [('KVSTORE_ATTR_KEY', argv[1])]):
                show(m)
        elif argv[:1] == ['set'] and len(argv) == 3:
            kv.request(CMD_SET, NLM_F_ACK,
                       [('KVSTORE_ATTR_KEY', argv[1]),
                        ('KVSTORE_ATTR_VALUE', argv[2])])
        elif argv[:1] == ['del'] and len(argv) == 2:
            kv.request(CMD_DEL, NLM_F_ACK, [('KVSTORE_ATTR_KEY', argv[1])])
        elif argv == ['dump']:
            for m in kv.request(CMD_GET, NLM_F_DUMP):
                show(m)
        elif argv[:1] == ['monitor'] and len(argv) == 2:
            kv.add_membership('changes')
            print('monitoring')
            sys.stdout.flush()
            left = int(argv[1])
            while left > 0:
                for m in kv.get():
                    if m['header']['type'] == kv.prid:
                        show(m, event=True)
                        left -= 1
        else:
            sys.stderr.write(__doc__)
            return 2
    except NetlinkError as e:
        print('error: %s%s' % (os.strerror(e.code),
                               ': %s' % e.args[1] if len(e.args) > 1 and
                               e.args[1] else ''))
        return 1
    finally:
        kv.close()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
