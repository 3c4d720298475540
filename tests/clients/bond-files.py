# SPDX-License-Identifier: LGPL-2.1-or-later
# Reads and writes files the same way on both sides of bond-files.sh
# (a kernel in a virtual machine with busybox, unetlink with coreutils),
# printing errors as errno names so that no tool's wording differs.
#   ls DIR         its entries sorted, "/" after a directory, "@" after a link
#   cat PATH...    each file's text, or "PATH: ERRNO"
#   dump DIR       each readable file of DIR as "name: text"
#   write PATH VAL...  each VAL written in one write(2): "NAME VAL: ok" or
#                  the errno's name
# Several operations may follow each other, separated by "+" (one
# python3 for them all: the test runs under the sanitizers too).
import errno
import os
import sys


def err(e):
    return errno.errorcode.get(e.errno, str(e.errno))


def read(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        out = b""
        while True:
            b = os.read(fd, 65536)
            if not b:
                return out.decode()
            out += b
    finally:
        os.close(fd)


def ls(d):
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if os.path.islink(p):
            name += "@"
        elif os.path.isdir(p):
            name += "/"
        print(name)


def cat(paths):
    for p in paths:
        try:
            sys.stdout.write(read(p))
        except OSError as e:
            print("%s: %s" % (p, err(e)))


def dump(d):
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if os.path.islink(p) or os.path.isdir(p):
            continue
        try:
            text = read(p)
        except OSError as e:
            text = err(e) + "\n"
        print("%s: %s" % (name, text.rstrip("\n").replace("\n", "\n  ")))


def write(path, val):
    print("%s %s: " % (os.path.basename(path), val), end="")
    try:
        fd = os.open(path, os.O_WRONLY)
    except OSError as e:
        print(err(e))
        return
    try:
        os.write(fd, val.encode())
        print("ok")
    except OSError as e:
        print(err(e))
    finally:
        os.close(fd)


def run(op):
    cmd, args = op[0], op[1:]
    if cmd == "ls":
        ls(args[0])
    elif cmd == "cat":
        cat(args)
    elif cmd == "dump":
        dump(args[0])
    elif cmd == "write":
        for val in args[1:]:
            write(args[0], val)


op = []
for arg in sys.argv[1:] + ["+"]:
    if arg != "+":
        op.append(arg)
    elif op:
        run(op)
        op = []
