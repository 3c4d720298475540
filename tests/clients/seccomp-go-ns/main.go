// SPDX-License-Identifier: LGPL-2.1-or-later
// A second client of vishvananda/netlink for the seccomp front end's
// tests: subscriptions (LinkSubscribe, AddrSubscribe), netns handles
// (netns.New, netns.Get, netns.Set, LinkSetNsFd, NewHandleAt), the genl
// family lookup (GenlFamilyGet), neighbours and rules, the net of one
// locked thread (netns.Do's pattern).  It prints what
// it sees in a stable order; the test compares that with the kernel's.
package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

func check(what string, err error) bool {
	if err != nil {
		fmt.Printf("%s: %v\n", what, err)
		return false
	}
	return true
}

// The names of the links h lists (nil: the current net), sorted.
func linkNames(what string, h *netlink.Handle) {
	var ls []netlink.Link
	var err error
	if h != nil {
		ls, err = h.LinkList()
	} else {
		ls, err = netlink.LinkList()
	}
	if !check(what+" LinkList", err) {
		return
	}
	var names []string
	for _, l := range ls {
		names = append(names, l.Attrs().Name)
	}
	sort.Strings(names)
	fmt.Printf("%s links: %s\n", what, strings.Join(names, " "))
}

// Links and addresses of this program's own devices (unlgo-*), as the
// subscriptions report them, until the bridge's deletion is seen.
func subscriptions() {
	lch := make(chan netlink.LinkUpdate, 256)
	ach := make(chan netlink.AddrUpdate, 256)
	done := make(chan struct{})
	defer close(done)
	if !check("LinkSubscribe", netlink.LinkSubscribe(lch, done)) ||
		!check("AddrSubscribe", netlink.AddrSubscribe(ach, done)) {
		return
	}
	br := &netlink.Bridge{LinkAttrs: netlink.LinkAttrs{Name: "unlgo-s0"}}
	if !check("LinkAdd bridge", netlink.LinkAdd(br)) {
		return
	}
	l, err := netlink.LinkByName("unlgo-s0")
	if !check("LinkByName", err) {
		return
	}
	index := l.Attrs().Index
	ip, _ := netlink.ParseAddr("10.55.0.1/24")
	check("AddrAdd", netlink.AddrAdd(l, ip))
	check("LinkSetMTU", netlink.LinkSetMTU(l, 1280))
	check("AddrDel", netlink.AddrDel(l, ip))
	check("LinkDel", netlink.LinkDel(l))

	var events []string
	add := func(s string) {
		if len(events) == 0 || events[len(events)-1] != s {
			events = append(events, s)
		}
	}
	timeout := time.After(10 * time.Second)
	for gone := false; !gone; {
		select {
		case u := <-lch:
			a := u.Link.Attrs()
			if a.Index != index {
				continue
			}
			kind := "new"
			if u.Header.Type == unix.RTM_DELLINK {
				kind = "del"
				gone = true
			}
			add(fmt.Sprintf("link %s %s mtu %d up %v", kind, a.Name, a.MTU,
				a.Flags&net.FlagUp != 0))
		case u := <-ach:
			if u.LinkIndex != index {
				continue
			}
			add(fmt.Sprintf("addr new %v %s scope %d", u.NewAddr,
				u.LinkAddress.String(), u.Scope))
		case <-timeout:
			fmt.Println("subscriptions: no RTM_DELLINK within 10 s")
			gone = true
		}
	}
	// the address events come on their own socket: drain what is there
	for drained := false; !drained; {
		select {
		case u := <-ach:
			if u.LinkIndex == index {
				add(fmt.Sprintf("addr new %v %s scope %d", u.NewAddr,
					u.LinkAddress.String(), u.Scope))
			}
		case <-time.After(200 * time.Millisecond):
			drained = true
		}
	}
	// one socket's order is the kernel's; across the two it is not
	sort.SliceStable(events, func(i, j int) bool {
		return events[i][:4] < events[j][:4]
	})
	for _, e := range events {
		fmt.Println(e)
	}
}

// A new net from a locked thread, a veth pair in it, one end moved back
// by descriptor, both nets listed, through netns.Set and NewHandleAt.
func namespaces() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	orig, err := netns.Get()
	if !check("netns.Get", err) {
		return
	}
	defer orig.Close()
	fresh, err := netns.New()
	if !check("netns.New", err) {
		return
	}
	defer fresh.Close()
	defer netns.Set(orig)
	linkNames("new net", nil)
	veth := &netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: "unlgo-n0"},
		PeerName: "unlgo-n1"}
	if !check("LinkAdd veth", netlink.LinkAdd(veth)) {
		return
	}
	peer, err := netlink.LinkByName("unlgo-n1")
	if !check("LinkByName peer", err) {
		return
	}
	check("LinkSetNsFd", netlink.LinkSetNsFd(peer, int(orig)))
	check("LinkSetNsFd bad fd", netlink.LinkSetNsFd(peer, 9999))
	linkNames("new net", nil)
	if !check("netns.Set orig", netns.Set(orig)) {
		return
	}
	linkNames("orig net", nil)
	h, err := netlink.NewHandleAt(fresh, unix.NETLINK_ROUTE)
	if !check("NewHandleAt", err) {
		return
	}
	defer h.Delete()
	linkNames("handle", h)
	peer, err = netlink.LinkByName("unlgo-n1")
	if !check("LinkByName moved", err) {
		return
	}
	neighbours(peer)
	check("LinkDel moved", netlink.LinkDel(peer))
	linkNames("handle", h)
	linkNames("orig net", nil)
}

// netns.Do's pattern (CNI plugins): one locked thread moves to a new
// net, where it makes a bridge, and starts a process (Go's fork and
// exec: clone with CLONE_VM), while another goroutine, on another
// thread, opens its sockets meanwhile: Linux moves the calling thread
// alone, so the other goroutine lists the first net.
func threadNets() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	orig, err := netns.Get()
	if !check("netns.Get", err) {
		return
	}
	defer orig.Close()
	fresh, err := netns.New()
	if !check("netns.New", err) {
		return
	}
	defer fresh.Close()
	defer netns.Set(orig)
	br := &netlink.Bridge{LinkAttrs: netlink.LinkAttrs{Name: "unlgo-t0"}}
	check("LinkAdd thread bridge", netlink.LinkAdd(br))
	linkNames("locked thread", nil)
	done := make(chan struct{})
	go func() { // this thread is locked: another one runs it
		linkNames("other goroutine", nil)
		close(done)
	}()
	<-done
	out, err := exec.Command("/proc/self/exe", "links",
		"process from the locked thread").CombinedOutput()
	if check("exec from the locked thread", err) {
		fmt.Print(string(out))
	}
	check("netns.Set orig", netns.Set(orig))
	linkNames("locked thread back", nil)
}

func neighbours(l netlink.Link) {
	n := &netlink.Neigh{LinkIndex: l.Attrs().Index, Family: netlink.FAMILY_V4,
		State: netlink.NUD_PERMANENT, IP: net.ParseIP("10.66.0.2"),
		HardwareAddr: net.HardwareAddr{2, 0, 0, 0, 0, 1}}
	check("NeighAdd", netlink.NeighAdd(n))
	check("NeighAdd again", netlink.NeighAdd(n))
	ns, err := netlink.NeighList(l.Attrs().Index, netlink.FAMILY_V4)
	if !check("NeighList", err) {
		return
	}
	for _, x := range ns {
		fmt.Printf("neigh %s lladdr %s state %#x\n", x.IP, x.HardwareAddr,
			x.State)
	}
	check("NeighDel", netlink.NeighDel(n))
	ns, _ = netlink.NeighList(l.Attrs().Index, netlink.FAMILY_V4)
	fmt.Printf("neighbours after NeighDel: %d\n", len(ns))
}

func rules() {
	r := netlink.NewRule()
	r.Table = 100
	r.Priority = 1000
	_, r.Src, _ = net.ParseCIDR("10.66.0.0/24")
	check("RuleAdd", netlink.RuleAdd(r))
	rs, err := netlink.RuleList(netlink.FAMILY_V4)
	if check("RuleList", err) {
		var out []string
		for _, x := range rs {
			out = append(out, fmt.Sprintf("rule prio %d table %d src %v",
				x.Priority, x.Table, x.Src))
		}
		sort.Strings(out)
		fmt.Println(strings.Join(out, "\n"))
	}
	check("RuleDel", netlink.RuleDel(r))
	check("RuleDel again", netlink.RuleDel(r))
}

func genl() {
	f, err := netlink.GenlFamilyGet("nlctrl")
	if check("GenlFamilyGet nlctrl", err) {
		fmt.Printf("family %s id %d version %d hdrsize %d maxattr %d\n",
			f.Name, f.ID, f.Version, f.HdrSize, f.MaxAttr)
		for _, op := range f.Ops {
			fmt.Printf("  op %d flags %#x\n", op.ID, op.Flags)
		}
		for _, g := range f.Groups {
			fmt.Printf("  group %s id %d\n", g.Name, g.ID)
		}
	}
	_, err = netlink.GenlFamilyGet("unlgo-none")
	check("GenlFamilyGet unlgo-none", err)
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "links" {
		linkNames(os.Args[2], nil)
		return
	}
	subscriptions()
	namespaces()
	threadNets()
	rules()
	genl()
	linkNames("at the end", nil)
	fmt.Println("done")
	os.Exit(0)
}
