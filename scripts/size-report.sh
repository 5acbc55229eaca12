#!/usr/bin/env bash
# What the bytes of the wasm modules are (docs/performance.md, Size). A
# developer's tool, not part of `make`: run after scripts/build.sh.
#   scripts/size-report.sh [N]   the N largest functions and monomorphised generics (default 30)
# Re-runs wasm-bindgen on the release wasm of both builds *keeping* the name
# section (the shipped files strip it) into target/size-report/, then runs
# twiggy (installed into .tools/bin on first use, `cargo install`, ~3 min).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

n="${1:-30}"
TWIGGY_VERSION=0.8.0
if ! command -v twiggy >/dev/null 2>&1; then
  step "cargo install twiggy $TWIGGY_VERSION into .tools"
  cargo install --quiet --root "$ROOT/.tools" twiggy --version "=$TWIGGY_VERSION"
fi
command -v wasm-bindgen >/dev/null 2>&1 || die "wasm-bindgen not found: run scripts/setup.sh"

out=target/size-report
mkdir -p "$out"
for build in full core; do
  if [ "$build" = full ]; then
    wasm="target/$WASM_TARGET/release/enroll_engine.wasm"
  else
    wasm="target/core/$WASM_TARGET/release/enroll_engine.wasm"
  fi
  [ -f "$wasm" ] || die "$wasm is missing: run scripts/build.sh"
  rm -rf "${out:?}/$build"
  wasm-bindgen "$wasm" --target web --out-dir "$out/$build"
  named="$out/$build/enroll_engine_bg.wasm"
  step "$build: $(wc -c <"$named") bytes with names ($named)"
  twiggy top -n "$n" "$named"
  twiggy monos -n "$n" "$named" | grep -v '^ *┊'
done
