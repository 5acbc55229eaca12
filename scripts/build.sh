#!/usr/bin/env bash
# Builds the release wasm and generates the npm package's JS/TS glue:
#   pkg/node  wasm-bindgen --target nodejs (CommonJS, loads the .wasm synchronously)
#   pkg/web   wasm-bindgen --target web    (ES module; call `await init()` first)
# and www/samples.js (the demo's embedded sample documents) from tests/fixtures.
# Needs scripts/setup.sh to have run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

mode="$(wasm_mode)"
step "cargo build --release --target $WASM_TARGET ($mode)"
wasm_cargo build --release --lib
wasm="target/$WASM_TARGET/release/enroll_engine.wasm"
[ -f "$wasm" ] || die "$wasm was not produced"

command -v wasm-bindgen >/dev/null 2>&1 || die "wasm-bindgen not found: run scripts/setup.sh"
want="$(locked_wasm_bindgen_version)"
have="$(tool_version "$(command -v wasm-bindgen)")"
[ "$have" = "$want" ] || die "wasm-bindgen CLI is $have but Cargo.lock has $want: run scripts/setup.sh"

# Re-run wasm-bindgen only when the wasm or the CLI changed.
# Names are for debuggers, not for users: 15% of the file.
flags=(--remove-name-section --remove-producers-section)
sum="$(cat "$wasm" <(echo "$have ${flags[*]}") | sha256sum | cut -d' ' -f1)"
for t in nodejs web; do
  case "$t" in nodejs) out=pkg/node ;; web) out=pkg/web ;; esac
  if [ -f "$out/.build-stamp" ] && [ "$(cat "$out/.build-stamp")" = "$sum" ]; then
    step "wasm-bindgen --target $t: $out up to date"
    continue
  fi
  step "wasm-bindgen --target $t --out-dir $out"
  rm -rf "$out"
  wasm-bindgen "$wasm" --target "$t" --out-dir "$out" "${flags[@]}"
  if [ "$t" = web ]; then
    # The web build is ES modules in .js files; say so for Node-based tools.
    printf '{\n  "type": "module"\n}\n' >"$out/package.json"
  fi
  echo "$sum" >"$out/.build-stamp"
done

step "www/samples.js from tests/fixtures"
node scripts/gen-samples.mjs

printf '==> wasm: %s bytes (pkg/web/enroll_engine_bg.wasm)\n' "$(wc -c <pkg/web/enroll_engine_bg.wasm)"
