// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The files of a net as a Go program sees them (seccomp-files-go.sh):
// os.ReadDir, os.Stat, os.Lstat, os.Readlink, os.ReadFile and
// syscall.Access of /sys/class/net, /sys/devices/virtual/net,
// /proc/sys/net and /proc/net, printed for comparison with the kernel;
// a directory is also read with getdents64 into a buffer that holds one
// entry or two, then again after a rewind, into one too small, and
// through a dup().  With -leak, 150 children each open a directory and
// exit holding it: the processes above (under unetlink, the
// supervisor) must not keep them all.
// Go makes these calls without libc, so only the seccomp front end can
// serve them.  Each argument is a path to show.
package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
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

// The names getdents64 gives into a buffer of size bytes, call by call.
func smallReads(f *os.File, size int) ([]string, error) {
	var names []string
	buf := make([]byte, size)
	for {
		n, err := syscall.Getdents(int(f.Fd()), buf)
		if err != nil {
			return names, err
		}
		if n == 0 {
			return names, nil
		}
		for off := 0; off < n; {
			reclen := int(binary.LittleEndian.Uint16(buf[off+16:]))
			name := buf[off+19 : off+reclen]
			if i := strings.IndexByte(string(name), 0); i >= 0 {
				name = name[:i]
			}
			names = append(names, string(name))
			off += reclen
		}
	}
}

func dents(path string) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.IsDir() {
		return
	}
	for _, size := range []int{64, 100} {
		f.Seek(0, 0)
		names, err := smallReads(f, size)
		sort.Strings(names)
		fmt.Printf("%s: getdents %d: %s %v\n", path, size,
			strings.Join(names, " "), err)
	}
	f.Seek(0, 0)
	_, err = syscall.Getdents(int(f.Fd()), make([]byte, 8))
	fmt.Printf("%s: getdents 8: %v\n", path, err)
	if fd, err := syscall.Dup(int(f.Fd())); err == nil {
		d := os.NewFile(uintptr(fd), path)
		d.Seek(0, 0)
		names, err := smallReads(d, 4096)
		fmt.Printf("%s: dup: %d entries %v\n", path, len(names), err)
		d.Close()
	}
}

// Children that exit holding a directory of a net: do the processes
// above (the supervisor) keep a copy of each?
func leak(path string) {
	const n = 150
	for i := 0; i < n; i++ {
		if err := exec.Command(os.Args[0], "-hold", path).Run(); err != nil {
			fmt.Printf("leak: %v\n", err)
			return
		}
	}
	kept := 0
	for pid := os.Getppid(); pid > 1; pid = parent(pid) {
		ents, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
		for _, e := range ents {
			t, _ := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, e.Name()))
			if strings.HasPrefix(t, "/memfd:unetlink-file") {
				kept++
			}
		}
	}
	fmt.Printf("leak: %d children, their files not all kept: %v\n",
		n, kept < n)
}

// The parent of process pid, 0 when it cannot be told.
func parent(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		var pp int
		if n, _ := fmt.Sscanf(l, "PPid: %d", &pp); n == 1 {
			return pp
		}
	}
	return 0
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-hold" {
		os.Open(os.Args[2])
		os.Exit(0)
	}
	if len(os.Args) == 3 && os.Args[1] == "-leak" {
		leak(os.Args[2])
		return
	}
	for _, p := range os.Args[1:] {
		show(p)
		dents(p)
	}
}
