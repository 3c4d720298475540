#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The differential test of nf_tables: every sequence of nft (and
# iptables-nft) commands in `sequences` runs in a fresh kernel network
# namespace and under `unetlink run`, and the ruleset they leave
# (`nft -a list ruleset`, `nft -j list ruleset`, `iptables-nft-save`)
# must be the same, as must each command's output and exit status.
# The scaffold is rtnl-diff.sh's (options, TAP output, @needs,
# environment); only the sequences and the side script are this test's.
#   nft-diff.sh [-v] [-k] [NAME...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v nft >/dev/null; then
	echo "1..0 # SKIP no nft (Debian package nftables)"
	exit 0
fi
if ! unshare -n nft list ruleset >/dev/null 2>&1; then
	echo "1..0 # SKIP the host kernel has no nf_tables"
	exit 0
fi
export RTNL_DIFF_SEQUENCES=$here/sequences
export RTNL_DIFF_SIDE=$here/side.sh
export RTNL_DIFF_NAME=nft-diff
# Rulesets that sequences load with `nft -f $NFT_DIFF_RULESETS/NAME`.
export NFT_DIFF_RULESETS=$here/rulesets
# NFT_DIFF_TOOLS: where the build put nft-batch (meson sets it); on the
# PATH, so that `@needs tool:nft-batch` finds it.
[ -n "${NFT_DIFF_TOOLS:-}" ] && export PATH=$NFT_DIFF_TOOLS:$PATH
# The raw events of a list of commands (nft monitor prints names only).
export NFT_DIFF_EVENTS=$here/../clients/nft-events.py
# Stateful objects as a raw client makes them (nft writes fewer).
export NFT_DIFF_OBJ_RAW=$here/nft-obj-raw.py
# Rules of single expressions at the edges of their state's size.
export NFT_DIFF_EXPR_RAW=$here/nft-expr-raw.py
# The hooks of a net as a raw client asks nfnetlink_hook for them.
export NFT_DIFF_HOOKS=$here/nft-hooks-raw.py
# Rules whose expressions load registers nothing stored.
export NFT_DIFF_REG_RAW=$here/nft-reg-raw.py
export RTNL_DIFF_KEY_FILES="$(echo "$here"/rulesets/* "$here"/nft-batch.c \
	"$NFT_DIFF_EVENTS" "$NFT_DIFF_OBJ_RAW" "$NFT_DIFF_EXPR_RAW" \
	"$NFT_DIFF_HOOKS" "$NFT_DIFF_REG_RAW")"
exec bash "$here/../rtnl-diff/rtnl-diff.sh" "$@"
