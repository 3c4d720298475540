# SPDX-License-Identifier: LGPL-2.1-or-later
# Print each IPv6 address of one device with how its IFA_CACHEINFO
# timestamps relate: "tstamp=cstamp" while it was never changed,
# "tstamp>cstamp" once it was.  `ip` prints neither stamp, and their
# values run on each side's clock, so only their relation is compared.
#   python3 ifa-stamps.py IFNAME
import socket
import struct
import sys

RTM_GETADDR = 22
NLM_F_REQUEST_DUMP = 0x301
IFA_ADDRESS, IFA_CACHEINFO = 1, 6

ifindex = socket.if_nametoindex(sys.argv[1])
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
s.bind((0, 0))
s.send(struct.pack("=IHHII", 24, RTM_GETADDR, NLM_F_REQUEST_DUMP, 1, 0) +
       struct.pack("=BBBBI", socket.AF_INET6, 0, 0, 0, 0))
out = []
done = False
while not done:
    data = s.recv(65536)
    off = 0
    while off + 16 <= len(data):
        length, typ = struct.unpack_from("=IH", data, off)
        if typ == 3:  # NLMSG_DONE
            done = True
            break
        index = struct.unpack_from("=I", data, off + 20)[0]
        addr = stamps = None
        a = off + 24
        while a + 4 <= off + length:
            alen, atyp = struct.unpack_from("=HH", data, a)
            payload = data[a + 4:a + alen]
            if atyp == IFA_ADDRESS:
                addr = socket.inet_ntop(socket.AF_INET6, payload)
            elif atyp == IFA_CACHEINFO:
                stamps = struct.unpack("=IIII", payload)[2:]
            a += (alen + 3) & ~3
        if index == ifindex and addr and stamps:
            rel = "=" if stamps[1] == stamps[0] else (
                ">" if stamps[1] > stamps[0] else "<")
            out.append("%s tstamp%scstamp" % (addr, rel))
        off += (length + 3) & ~3
print("\n".join(sorted(out)))
