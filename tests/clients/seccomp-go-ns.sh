#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A Go client of vishvananda/netlink and netns (seccomp-go-ns/main.go):
# LinkSubscribe and AddrSubscribe, netns.New/Get/Set from a locked OS
# thread, LinkSetNsFd back to the first net, NewHandleAt, neighbours,
# rules and GenlFamilyGet("nlctrl"), through the seccomp front end.  Its
# output must be the kernel's in a fresh `unshare -n`.  Modes: root,
# owner (uid 65534 with a private daemon of its own, admin there) and
# unpriv (uid 65534 against a root daemon: refused as the kernel
# refuses it in a net it does not own).  Built from Debian's packages
# only (GOPATH mode against /usr/share/gocode), never from the network.
. "$(dirname "$0")/lib.sh"
need go golang-go
need unshare util-linux
GOCODE=/usr/share/gocode
for d in vishvananda/netlink vishvananda/netns; do
	[ -d "$GOCODE/src/github.com/$d" ] ||
		skip "$d is not installed (package golang-github-${d%%/*}-${d##*/}-dev)"
done

mkdir -p "$WORK/gopath/src/unlgons"
cp "$(dirname "$0")/seccomp-go-ns/main.go" "$WORK/gopath/src/unlgons/"
[ -n "${HOME:-}" ] && [ -w "${HOME:-/nonexistent}" ] ||
	export GOCACHE="$WORK/gocache"
for cgo in 0 1; do
	(cd "$WORK" && env GOPATH="$WORK/gopath:$GOCODE" GO111MODULE=off \
		GOFLAGS= GOPROXY=off CGO_ENABLED=$cgo \
		go build -o "$WORK/unlgons$cgo" unlgons) >"$WORK/build.log" 2>&1 || {
		[ $cgo = 1 ] && break # no C compiler for cgo: the static one
		skip "cannot build the Go client: $(tail -3 "$WORK/build.log")"
	}
	chmod 755 "$WORK/unlgons$cgo"
done
unshare -n true 2>/dev/null || skip "unshare -n is not permitted"

export CLIENT_PROFILE=host UNETLINK_PROFILE=host
if [ "$MODE" = unpriv ]; then
	# shellcheck disable=SC2086
	unshare -n $AS "$WORK/unlgons0" >"$WORK/k.out" 2>&1
	grep -q 'LinkAdd bridge: operation not permitted' "$WORK/k.out" ||
		skip "the kernel did not refuse uid 65534: $(head -3 "$WORK/k.out")"
else
	unshare -n "$WORK/unlgons0" >"$WORK/k.out" 2>&1
	grep -qx done "$WORK/k.out" && ! grep -q 'LinkAdd.*:' "$WORK/k.out" ||
		skip "the kernel refused the Go client: $(head -3 "$WORK/k.out")"
fi
for bin in "$WORK"/unlgons*; do
	unl "$WORK/u.out" "$bin"
	no_transport_error "$WORK/u.out"
	cat "$WORK/u.out.err" >>"$WORK/u.out"
	diff -u "$WORK/k.out" "$WORK/u.out" ||
		fail "$(basename "$bin") under unetlink differs from the kernel"
	! ip link show unlgo-s0 >/dev/null 2>&1 || {
		ip link del unlgo-s0
		fail "$(basename "$bin") reached the host kernel"
	}
	! ip link show unlgo-n1 >/dev/null 2>&1 || {
		ip link del unlgo-n1
		fail "$(basename "$bin") reached the host kernel"
	}
done
echo "pass"
