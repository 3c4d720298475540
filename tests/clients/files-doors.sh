#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The shim's other doors into the files of a net, against the kernel in
# `unshare -nm` (sysfs mounted afresh): a relative path after chdir()
# into /proc/sys/net or /sys/class/net (into a device of the model
# only, and in a child process), openat() with a directory descriptor,
# fstat() and getdents64() of a directory opened with open(),
# fdopendir() and fchdir() (GNU find's fts, Python's os.scandir()),
# scandir(3) and realpath(3) (glibc's own opendir() and readlink()
# inside), a
# trailing slash that follows /sys/class/net's links, and creating a
# file there (EACCES), bash's echo (stdio, not write()), nftw(3) and
# ftw(3), and getdents64, openat and openat2 through syscall(3) (x86-64
# numbers: skipped elsewhere).  Needs root (the kernel side).
CLIENT_PROFILE=host
. "$(dirname "$0")/lib.sh"
need ip iproute2
need unshare util-linux
need find findutils
[ "$(id -u)" = 0 ] || skip "needs root for the kernel side (unshare -nm)"
unshare -nm true 2>/dev/null || skip "unshare -nm is not permitted here"
PY=
for p in python3 /usr/bin/python3; do
	"$p" -c 'import ctypes, os' 2>/dev/null && { PY=$(command -v "$p"); break; }
done
[ -n "$PY" ] || skip "no python3"
[ "$(uname -m)" = x86_64 ] || skip "the syscall numbers are x86-64's"

cat >"$WORK/doors.py" <<'EOF2'
import ctypes, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)

def dents(fd):
    buf = ctypes.create_string_buffer(256)
    names = []
    while True:
        n = libc.getdents64(fd, buf, len(buf))
        if n < 0:
            return "errno %d" % ctypes.get_errno()
        if n == 0:
            return sorted(names)
        off = 0
        while off < n:
            reclen = struct.unpack_from("H", buf.raw, off + 16)[0]
            name = buf.raw[off + 19:off + reclen].split(b"\0")[0]
            names.append(name.decode())
            off += reclen

fd = os.open("/sys/class/net/v0", os.O_RDONLY | os.O_DIRECTORY)
print("fstat dir", os.path.isdir("/sys/class/net/v0/"),
      __import__("stat").S_ISDIR(os.fstat(fd).st_mode))
print("openat", open(os.open("mtu", os.O_RDONLY, dir_fd=fd)).read().strip())
print("stat at", os.stat("operstate", dir_fd=fd).st_size)
print("scandir", sorted(e.name for e in os.scandir(fd)))
d = os.open("/proc/sys/net/ipv4/neigh/v0", os.O_RDONLY | os.O_DIRECTORY)
print("getdents64", dents(d))
os.fchdir(fd)
print("fchdir", os.getcwd(), open("addr_len").read().strip())
os.chdir("/proc/sys/net/ipv6/conf")
print("chdir", os.getcwd(), sorted(os.listdir(".")),
      open("v0/mtu").read().strip())
libc.realpath.restype = ctypes.c_char_p
for p in (b"/sys/class/net/v0/mtu", b"/sys/class/net/v0",
          b"/sys/class/net/v0/subsystem", b"/proc/net/dev",
          b"/sys/class/net/nope"):
    r = libc.realpath(p, None)
    print("realpath", p.decode(),
          r.decode().replace(str(os.getpid()), "PID") if r else
          "errno %d" % ctypes.get_errno())
nl = ctypes.POINTER(ctypes.c_void_p)()
print("scandir(3)", libc.scandir(b"/sys/class/net/v0/statistics",
                                 ctypes.byref(nl), None, None),
      libc.scandir(b"/proc/sys/net/ipv4/neigh", ctypes.byref(nl), None, None))
try:
    open("/sys/class/net/v0/nosuch", "w")
except OSError as e:
    print("create", e.errno)
# nftw()/ftw() (glibc walks with its own opendir inside), and the file
# calls made through syscall(): getdents64, openat, openat2
class FTW(ctypes.Structure):
    _fields_ = [("base", ctypes.c_int), ("level", ctypes.c_int)]
NFTW_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p,
                           ctypes.c_int, ctypes.POINTER(FTW))
FTW_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p,
                          ctypes.c_int)
for root, flags in ((b"/sys/class/net", 1), (b"/sys/class/net/v0/statistics/", 0),
                    (b"/proc/sys/net/ipv4/neigh", 1 | 8),
                    (b"/proc/sys/net/ipv6/conf/v0", 4)):
    seen = []
    def walked(p, st, t, f):
        seen.append("%s %d %d %d" % (p.decode(), t, f.contents.level,
                                     f.contents.base))
        return 0
    print("nftw", root.decode(), flags, libc.nftw(root, NFTW_CB(walked), 8, flags),
          len(seen), sorted(seen)[:6])
seen = []
def walked3(p, st, t):
    seen.append("%s %d" % (p.decode(), t))
    return 0
print("ftw", libc.ftw(b"/proc/sys/net/ipv4/neigh/v1", FTW_CB(walked3), 4),
      sorted(seen))
libc.syscall.restype = ctypes.c_long
def sys_dents(fd):
    buf = ctypes.create_string_buffer(512)
    names = []
    while True:
        n = libc.syscall(217, fd, buf, len(buf))  # SYS_getdents64
        if n <= 0:
            return sorted(names) if n == 0 else "errno %d" % ctypes.get_errno()
        off = 0
        while off < n:
            reclen = struct.unpack_from("H", buf.raw, off + 16)[0]
            names.append(buf.raw[off + 19:off + reclen].split(b"\0")[0].decode())
            off += reclen
fd = libc.syscall(257, -100, b"/sys/class/net", os.O_RDONLY | os.O_DIRECTORY)
print("syscall getdents64", sys_dents(fd))
how = struct.pack("=QQQ", os.O_RDONLY | os.O_DIRECTORY, 0, 0)
fd = libc.syscall(437, -100, b"/proc/sys/net/ipv6/conf", how, len(how))
print("openat2", sys_dents(fd))
st = ctypes.create_string_buffer(144)
print("syscall newfstatat", libc.syscall(262, -100, b"/sys/class/net/v0/mtu", st, 0),
      struct.unpack_from("I", st.raw, 24)[0] & 0o170000 == 0o100000)
EOF2
cat >"$WORK/doors.sh" <<EOF2
ip link add v0 type veth peer name v1
ip link set v0 mtu 1400
cd /proc/sys/net/ipv4/conf/v0 && cat forwarding mtu 2>&1 && pwd
cd /sys/class/net/v0 && cat mtu && pwd && ls statistics | head -3
cd /sys/class/net/v0/statistics && sh -c 'cat rx_bytes; pwd'
cd /
find /sys/class/net/v0/ -maxdepth 1 -name 'mt*'
find /proc/sys/net/ipv4/neigh/v0 -name 'mcast*' | sort
$PY '$WORK/doors.py'
# the NAPI knobs of a device without NAPI: stored (ERANGE, EINVAL as
# Linux parses), threaded EOPNOTSUPP
$PY -c 'import errno, os
for a, v in (("gro_flush_timeout", "5000"), ("gro_flush_timeout", "-1"),
             ("napi_defer_hard_irqs", "2147483648"), ("napi_defer_hard_irqs", "7"),
             ("threaded", "1"), ("threaded", "x")):
    fd = os.open("/sys/class/net/v0/" + a, os.O_WRONLY)
    try:
        os.write(fd, v.encode()); r = "ok"
    except OSError as e:
        r = errno.errorcode[e.errno]
    os.close(fd)
    print(a, v, r, open("/sys/class/net/v0/" + a).read().strip())'
# bash's echo writes through glibc's stdio, not write()
if command -v bash >/dev/null; then
	bash -c 'echo 1300 > /sys/class/net/v0/mtu; cat /sys/class/net/v0/mtu'
fi
EOF2
unshare -nm sh -c "mount -t sysfs sysfs /sys && sh '$WORK/doors.sh'" \
	>"$WORK/k" 2>&1 || fail "the kernel side failed: $(cat "$WORK/k")"
unshare -n "$CLI" run --private sh "$WORK/doors.sh" >"$WORK/u" 2>&1
if ! cmp -s "$WORK/k" "$WORK/u"; then
	diff -u "$WORK/k" "$WORK/u" | sed 's/^/#   /'
	fail "the doors differ from the kernel's"
fi
echo ok
