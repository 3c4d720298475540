// SPDX-License-Identifier: LGPL-2.1-or-later
// A client of vishvananda/netlink for the seccomp front end's tests:
// makes a bridge and a veth pair, enslaves one end, adds addresses and
// routes, and prints what it lists back, in a stable order.
package main

import (
	"fmt"
	"net"
	"os"
	"sort"

	"github.com/vishvananda/netlink"
)

func check(what string, err error) {
	if err != nil {
		fmt.Printf("%s: %v\n", what, err)
	}
}

func must(what string, err error) {
	if err != nil {
		fmt.Printf("%s: %v\n", what, err)
		os.Exit(1)
	}
}

func links() {
	ls, err := netlink.LinkList()
	must("LinkList", err)
	sort.Slice(ls, func(i, j int) bool { return ls[i].Attrs().Name < ls[j].Attrs().Name })
	for _, l := range ls {
		a := l.Attrs()
		master := ""
		if a.MasterIndex != 0 {
			if m, err := netlink.LinkByIndex(a.MasterIndex); err == nil {
				master = m.Attrs().Name
			}
		}
		fmt.Printf("link %s type %s mtu %d up %v master %q\n",
			a.Name, l.Type(), a.MTU, a.Flags&net.FlagUp != 0, master)
	}
}

func addrs(name string) {
	l, err := netlink.LinkByName(name)
	must("LinkByName "+name, err)
	as, err := netlink.AddrList(l, netlink.FAMILY_ALL)
	must("AddrList", err)
	var out []string
	for _, a := range as {
		out = append(out, fmt.Sprintf("addr %s %s scope %d", name, a.IPNet, a.Scope))
	}
	sort.Strings(out)
	for _, s := range out {
		fmt.Println(s)
	}
}

func routes() {
	rs, err := netlink.RouteList(nil, netlink.FAMILY_V4)
	must("RouteList", err)
	var out []string
	for _, r := range rs {
		dev := ""
		if l, err := netlink.LinkByIndex(r.LinkIndex); err == nil {
			dev = l.Attrs().Name
		}
		out = append(out, fmt.Sprintf("route %v via %v dev %s table %d proto %d scope %d",
			r.Dst, r.Gw, dev, r.Table, r.Protocol, r.Scope))
	}
	sort.Strings(out)
	for _, s := range out {
		fmt.Println(s)
	}
}

func main() {
	br := &netlink.Bridge{LinkAttrs: netlink.LinkAttrs{Name: "unlgo-br"}}
	must("LinkAdd bridge", netlink.LinkAdd(br))
	veth := &netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: "unlgo-a"}, PeerName: "unlgo-b"}
	must("LinkAdd veth", netlink.LinkAdd(veth))
	a, err := netlink.LinkByName("unlgo-a")
	must("LinkByName", err)
	b, err := netlink.LinkByName("unlgo-b")
	must("LinkByName", err)
	brl, err := netlink.LinkByName("unlgo-br")
	must("LinkByName", err)
	check("LinkSetMaster", netlink.LinkSetMaster(b, brl))
	check("LinkSetMTU", netlink.LinkSetMTU(a, 1400))
	check("LinkSetUp a", netlink.LinkSetUp(a))
	check("LinkSetUp br", netlink.LinkSetUp(brl))
	ip, _ := netlink.ParseAddr("10.77.0.1/24")
	check("AddrAdd", netlink.AddrAdd(a, ip))
	ip6, _ := netlink.ParseAddr("2001:db8:77::1/64")
	ip6.Flags = 0x80 // IFA_F_NODAD: no tentative state to race with
	check("AddrAdd v6", netlink.AddrAdd(a, ip6))
	_, dst, _ := net.ParseCIDR("10.78.0.0/16")
	check("RouteAdd", netlink.RouteAdd(&netlink.Route{LinkIndex: a.Attrs().Index,
		Dst: dst, Gw: net.ParseIP("10.77.0.2")}))
	// the kernel's answers to bad requests, too
	check("RouteAdd unreachable gw", netlink.RouteAdd(&netlink.Route{
		LinkIndex: a.Attrs().Index, Dst: dst, Gw: net.ParseIP("10.99.0.2")}))
	check("LinkAdd again", netlink.LinkAdd(br))
	_, err = netlink.LinkByName("unlgo-none")
	check("LinkByName missing", err)
	links()
	addrs("unlgo-a")
	routes()
	check("LinkDel", netlink.LinkDel(a))
	links()
	routes()
	fmt.Println("done")
}
