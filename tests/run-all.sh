#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Build and run every test twice: a normal build, then one under
# AddressSanitizer + UndefinedBehaviorSanitizer; then the fuzzers for a
# bounded time in a clang build.  Ends with the plain line
# "N passed, N failed, N skipped" summed over all runs.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0 failed=0 skipped=0 status=0

run() {
	local dir=$1
	shift
	if [ ! -d "$dir" ]; then
		meson setup "$dir" "$@" >/dev/null || return 1
	fi
	ninja -C "$dir" || return 1
	meson test -C "$dir" --print-errorlogs --num-processes 2
	local rc=$?
	local log="$dir/meson-logs/testlog.json"
	if [ -f "$log" ]; then
		read -r p f s < <(python3 - "$log" <<'PY'
import json, re, sys
# Count cases, not executables: TAP test points of the cmocka suites, the
# scenarios of the conformance harness, else the test's own verdict plus
# the checks it says it skipped ("skip: WHY" lines).
p = f = s = 0
for line in open(sys.argv[1]):
    t = json.loads(line)
    out = t.get('stdout') or ''
    tap = re.findall(r'^(ok|not ok)\b.*$', out, re.M)
    conf = re.findall(r'^conformance\S*: (\d+) scenarios, (\d+) identical, '
                      r'(\d+) differ, (\d+) skipped', out, re.M)
    if conf:
        for n, ok, bad, sk in conf:
            p += int(ok); f += int(bad); s += int(sk)
        if t['result'] not in ('OK', 'SKIP') and not any(int(c[2]) for c in conf):
            f += 1
    elif tap:
        for l in re.findall(r'^(?:ok|not ok)\b.*$', out, re.M):
            if l.startswith('not ok'):
                f += 1
            elif re.search(r'#\s*skip', l, re.I):
                s += 1
            else:
                p += 1
        if t['result'] not in ('OK', 'SKIP') and 'not ok' not in out:
            f += 1
    else:
        r = t['result']
        if r in ('OK', 'EXPECTEDFAIL'):
            p += 1
            # checks a passing test left out ("skip: WHY") count too
            s += len(re.findall(r'^skip: ', out, re.M))
        elif r == 'SKIP':
            s += 1
        else:
            f += 1
print(p, f, s)
PY
)
		passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	fi
	return $rc
}

# The differential tests' kernel sides do not depend on the build: the
# second build reuses what the first's kernel answered.
RTNL_DIFF_KERNEL_CACHE=$(mktemp -d)
export RTNL_DIFF_KERNEL_CACHE
trap 'rm -rf "$RTNL_DIFF_KERNEL_CACHE"' EXIT

run build || status=1
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
run build-asan -Db_sanitize=address,undefined -Db_lundef=false \
	-Dbuildtype=debug || status=1

# The fuzzers (docs/fuzzing.md), each for FUZZ_SECONDS (default 30), in
# a clang build of the library alone; without clang's libFuzzer they are
# counted as skipped, saying why.
fuzz_skip() {
	echo "skip: fuzz-netlink, fuzz-profile, fuzz-wire, fuzz-attr, fuzz-family, fuzz-frontend: $1"
	skipped=$((skipped + 6))
}
fuzz_probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\n%s\n' \
	'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' \
	>"$fuzz_probe/probe.c"
if ! command -v clang >/dev/null; then
	fuzz_skip "no clang"
elif ! clang -fsanitize=fuzzer,address -o "$fuzz_probe/probe" \
	"$fuzz_probe/probe.c" 2>/dev/null; then
	fuzz_skip "clang cannot link libFuzzer (libclang-rt-dev missing?)"
else
	ASAN_OPTIONS=detect_leaks=1 \
	CC=clang run build-fuzz -Dfuzz=true \
		-Dfuzz_seconds="${FUZZ_SECONDS:-30}" \
		-Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debug || status=1
fi
rm -rf "$fuzz_probe"

[ $status -eq 0 ] || [ $failed -gt 0 ] || failed=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
