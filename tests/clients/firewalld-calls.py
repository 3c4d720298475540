# SPDX-License-Identifier: LGPL-2.1-or-later
# What firewall-cmd asks of firewalld, made from one process through
# firewalld's own client library (firewall.client, the D-Bus calls
# firewall-cmd makes), so that twenty calls cost one Python start:
# waits until firewalld runs, then makes each call and prints it with
# its answer, or with the error firewalld gave.  Only firewalld talks
# netlink; this process talks D-Bus.  Used by firewalld-side.sh.
import sys
import time

from firewall.client import FirewallClient, FirewallClientIPSetSettings

RICH = ('rule family="ipv4" source address="10.0.0.0/8" '
        'port port="22" protocol="tcp" accept')


def connect():
    for _ in range(300):
        try:
            fw = FirewallClient()
            if fw.connected and fw.get_property("state") == "RUNNING":
                return fw
        except Exception:
            pass
        time.sleep(0.1)
    print("firewalld did not start")
    sys.exit(1)


def call(name, fn, *args):
    print("$ %s %s" % (name, " ".join(repr(a) for a in args)))
    try:
        answer = fn(*args)
    except Exception as e:  # firewalld's errors come as D-Bus errors
        print("error: %s" % (getattr(e, "msg", None) or e))
        return
    if isinstance(answer, (list, tuple)):
        answer = sorted(answer) if all(isinstance(a, str) for a in answer) else answer
    if isinstance(answer, dict):
        answer = sorted(answer.items())
    if type(answer).__module__.startswith("firewall"):
        answer = type(answer).__name__  # its repr holds an address
    print("-> %r" % (answer,))


def main():
    fw = connect()
    print("state", fw.get_property("state"))
    call("getDefaultZone", fw.getDefaultZone)
    # the permanent part first: a reload drops runtime changes
    settings = FirewallClientIPSetSettings()
    settings.setType("hash:ip")
    call("config().addIPSet", fw.config().addIPSet, "blocklist", settings)
    call("reload", fw.reload)
    fw = connect()
    call("addEntry", fw.addEntry, "blocklist", "198.51.100.1")
    call("addSource", fw.addSource, "drop", "ipset:blocklist")
    call("changeZoneOfInterface", fw.changeZoneOfInterface, "internal", "fw0")
    call("addPort", fw.addPort, "public", "8080", "tcp")
    call("addService", fw.addService, "public", "http")
    call("addService", fw.addService, "public", "no-such-service")
    call("addMasquerade", fw.addMasquerade, "public")
    call("addForwardPort", fw.addForwardPort, "public", "80", "tcp", "8080", "")
    call("addIcmpBlock", fw.addIcmpBlock, "public", "echo-request")
    call("addRichRule", fw.addRichRule, "public", RICH)
    call("addSource", fw.addSource, "trusted", "192.0.2.0/24")
    call("getActiveZones", fw.getActiveZones)
    call("getPorts", fw.getPorts, "public")
    call("getServices", fw.getServices, "public")
    call("setLogDenied", fw.setLogDenied, "unicast")
    fw = connect()
    call("enablePanicMode", fw.enablePanicMode)
    call("queryPanicMode", fw.queryPanicMode)
    call("disablePanicMode", fw.disablePanicMode)

main()
