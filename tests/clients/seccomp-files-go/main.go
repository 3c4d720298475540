// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The files of a net as a Go program sees them (seccomp-files-go.sh):
// os.ReadDir, os.Stat, os.Lstat, os.Readlink, os.ReadFile and
// syscall.Access of /sys/class/net, /sys/devices/virtual/net,
// /proc/sys/net and /proc/net, printed for comparison with the kernel.
// Go makes these calls without libc, so only the seccomp front end can
// serve them.  Each argument is a path to show.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"syscall"
)

func show(path string) {
	if fi, err := os.Lstat(path); err != nil {
		fmt.Printf("%s: lstat: %v\n", path, err)
		return
	} else {
		fmt.Printf("%s: lstat %v\n", path, fi.Mode())
	}
	if fi, err := os.Stat(path); err != nil {
		fmt.Printf("%s: stat: %v\n", path, err)
		return
	} else {
		fmt.Printf("%s: stat %v dir=%v\n", path, fi.Mode(), fi.IsDir())
	}
	if t, err := os.Readlink(path); err == nil {
		fmt.Printf("%s: link %s\n", path, t)
	}
	for _, m := range []uint32{4, 2, 1} {
		fmt.Printf("%s: access %d: %v\n", path, m, syscall.Access(path, m))
	}
	if ents, err := os.ReadDir(path); err == nil {
		var names []string
		for _, e := range ents {
			names = append(names, fmt.Sprintf("%s(%v)", e.Name(), e.Type()))
		}
		sort.Strings(names)
		fmt.Printf("%s: entries %s\n", path, strings.Join(names, " "))
		return
	}
	if b, err := os.ReadFile(path); err != nil {
		fmt.Printf("%s: read: %v\n", path, err)
	} else {
		fmt.Printf("%s: %q\n", path, b)
	}
}

func main() {
	for _, p := range os.Args[1:] {
		show(p)
	}
}
