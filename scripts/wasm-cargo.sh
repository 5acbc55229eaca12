#!/usr/bin/env bash
# cargo for the wasm32 target, on either kind of machine (see scripts/lib.sh):
#   scripts/wasm-cargo.sh test --features binding --test wasm_node
# The wasm-bindgen test runner is found on PATH via .tools/bin.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
[ $# -ge 1 ] || die "usage: scripts/wasm-cargo.sh SUBCOMMAND [ARGS...]"
wasm_cargo "$@"
