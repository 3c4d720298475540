#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A Go client of vishvananda/netlink (seccomp-go/main.go: a bridge, a veth
# pair, a port, addresses, routes, and the errors of bad requests) under
# `unetlink run`, which picks the seccomp front end by itself for a Go
# program: static (CGO_ENABLED=0), and linked with libc (cgo), whose
# socket calls bypass libc all the same.  Its output must be the
# kernel's in a fresh `unshare -n`; as uid 65534 it is refused as the
# kernel refuses it.  Built here from Debian's packages only (GOPATH
# mode against /usr/share/gocode), never from the network.  The static
# one is also recorded against the kernel (`record --kernel`: seccomp in
# pass-through mode) and its recording checked on unetlink.
. "$(dirname "$0")/lib.sh"
need go golang-go
GOCODE=/usr/share/gocode
[ -d "$GOCODE/src/github.com/vishvananda/netlink" ] ||
	skip "vishvananda/netlink is not installed (package golang-github-vishvananda-netlink-dev)"

mkdir -p "$WORK/gopath/src/unlgo"
cp "$(dirname "$0")/seccomp-go/main.go" "$WORK/gopath/src/unlgo/"
# The build cache outlives the test when the user has one (quick reruns).
[ -n "${HOME:-}" ] && [ -w "${HOME:-/nonexistent}" ] ||
	export GOCACHE="$WORK/gocache"
for cgo in 0 1; do
	(cd "$WORK" && env GOPATH="$WORK/gopath:$GOCODE" GO111MODULE=off \
		GOFLAGS= GOPROXY=off CGO_ENABLED=$cgo \
		go build -o "$WORK/unlgo$cgo" unlgo) >"$WORK/build.log" 2>&1 || {
		[ $cgo = 1 ] && break # no C compiler for cgo: the static one
		skip "cannot build the Go client: $(tail -3 "$WORK/build.log")"
	}
	chmod 755 "$WORK/unlgo$cgo"
done

if [ "$MODE" = unpriv ]; then
	# The kernel refuses uid 65534 before it looks at anything: the
	# host's net is safe to ask.
	$AS "$WORK/unlgo0" >"$WORK/k.out" 2>&1
	unl "$WORK/u.out" "$WORK/unlgo0"
	no_transport_error "$WORK/u.out"
	diff -u "$WORK/k.out" "$WORK/u.out" ||
		fail "the Go client as uid 65534 differs from the kernel"
	grep -q 'operation not permitted' "$WORK/u.out" ||
		fail "the Go client's RTM_NEWLINK was not refused with EPERM"
	echo "pass"
	exit 0
fi

export CLIENT_PROFILE=host UNETLINK_PROFILE=host
unshare -n "$WORK/unlgo0" >"$WORK/k.out" 2>&1 ||
	skip "the kernel refused the Go client's links: $(tail -1 "$WORK/k.out")"
for bin in "$WORK"/unlgo*; do
	unl "$WORK/u.out" "$bin"
	no_transport_error "$WORK/u.out"
	cat "$WORK/u.out.err" >>"$WORK/u.out"
	diff -u "$WORK/k.out" "$WORK/u.out" ||
		fail "$(basename "$bin") under unetlink differs from the kernel"
	! ip link show unlgo-br >/dev/null 2>&1 || {
		ip link del unlgo-br
		fail "$(basename "$bin") reached the host kernel"
	}
done
# record --kernel of the static client (the seccomp front end in
# pass-through mode, docs/record.md): it prints what it printed on the
# kernel, and unetlink gets the requests the kernel got
timeout -k 3 "$CLIENT_TIMEOUT" unshare -n "$CLI" record --kernel \
	-w "$WORK/g.rec" -- "$WORK/unlgo0" >"$WORK/g.out" 2>&1 ||
	fail "record --kernel of the Go client: $(tail -3 "$WORK/g.out")"
diff -u "$WORK/k.out" "$WORK/g.out" ||
	fail "the Go client under record --kernel differs from the kernel"
grep -q ' req 0 ' "$WORK/g.rec" && grep -q ' rx 0 ' "$WORK/g.rec" ||
	fail "the recording of the Go client has no request or no answer"
timeout -k 3 "$CLIENT_TIMEOUT" "$CLI" replay --check "$WORK/g.rec" \
	-- "$WORK/unlgo0" >"$WORK/r.out" 2>&1 ||
	fail "replay --check of the Go client: $(grep replay "$WORK/r.out" | head -5)"
echo "# recorded against the kernel: $(grep -c ' req ' "$WORK/g.rec") requests, checked on unetlink"
echo "pass"
