#!/usr/bin/env bash
# Builds the release wasm and generates the npm package's JS/TS glue:
#   pkg/node  wasm-bindgen --target nodejs (CommonJS, loads the .wasm synchronously)
#   pkg/web   wasm-bindgen --target web    (ES module; call `await init()` first)
# Every wasm build turns on the `binding` feature (wasm-bindgen, js-sys).
#   pkg/core  the same web target built with --no-default-features: only the
#             form's exports (validate, diff, prepare, preview, config checks),
#             a smaller wasm; its own target dir so neither build undoes the other
# and www/samples.js (the demo's embedded sample documents) from tests/fixtures.
# Needs scripts/setup.sh to have run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

mode="$(wasm_mode)"
# Panics abort at once, without formatting a message: the library denies
# panics (what is left is std's own, e.g. capacity overflow), and the
# message machinery was ~8 KB gzip of each module (docs/performance.md,
# Size). `-Cpanic=immediate-abort` is unstable, as `-Z build-std` itself
# is, so only the build-std build (RUSTC_BOOTSTRAP) uses it; the release
# builds only: tests keep their panic messages.
if [ "$mode" = build-std ]; then
  export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-Zunstable-options -Cpanic=immediate-abort"
fi
step "cargo build --release --target $WASM_TARGET ($mode)"
wasm_cargo build --release --lib --features binding
wasm="target/$WASM_TARGET/release/enroll_engine.wasm"
[ -f "$wasm" ] || die "$wasm was not produced"

command -v wasm-bindgen >/dev/null 2>&1 || die "wasm-bindgen not found: run scripts/setup.sh"
want="$(locked_wasm_bindgen_version)"
have="$(tool_version "$(command -v wasm-bindgen)")"
[ "$have" = "$want" ] || die "wasm-bindgen CLI is $have but Cargo.lock has $want: run scripts/setup.sh"

# binaryen's wasm-opt (Debian package binaryen, scripts/setup.sh) on rustc's
# output, *before* wasm-bindgen: Debian's binaryen 108 reads the externref
# table wasm-bindgen adds as `anyref` and writes a module V8 rejects, so it
# never sees the bindgen'd file. -O1 was the smallest after gzip at the same
# speed (-O2/-O3/-Os/-Oz are smaller raw, larger gzipped; docs/performance.md, Size).
command -v wasm-opt >/dev/null 2>&1 || die "wasm-opt not found: run scripts/setup.sh (Debian package binaryen)"
opt_version="$(wasm-opt --version)"
# -O1 with the features rustc's wasm32 target emits (its target_features section).
opt_flags=(-O1 --enable-bulk-memory --enable-multivalue --enable-mutable-globals
  --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext)

# optimize RAW: wasm-opt RAW into RAW with .opt.wasm unless its stamp says it is
# current; sets $optimized to that path.
optimize() {
  local raw="$1" sum
  optimized="${raw%.wasm}.opt.wasm"
  sum="$(cat "$raw" <(echo "$opt_version ${opt_flags[*]}") | sha256sum | cut -d' ' -f1)"
  if [ -f "$optimized" ] && [ -f "$optimized.stamp" ] && [ "$(cat "$optimized.stamp")" = "$sum" ]; then
    step "wasm-opt ${opt_flags[0]}: $optimized up to date"
    return
  fi
  step "wasm-opt ${opt_flags[0]} $raw -o $optimized"
  rm -f "$optimized.stamp"
  wasm-opt "${opt_flags[@]}" "$raw" -o "$optimized"
  echo "$sum" >"$optimized.stamp"
}

# Re-run wasm-bindgen only when the wasm, the CLI or the glue's edits changed.
# Names are for debuggers, not for users: 15% of the file.
flags=(--out-name enroll_engine --remove-name-section --remove-producers-section)

# run_bindgen WASM TARGET OUT: wasm-bindgen unless OUT/.build-stamp says it is current.
run_bindgen() {
  local wasm="$1" t="$2" out="$3" sum
  sum="$(cat "$wasm" <(echo "$have ${flags[*]}") scripts/inline-snippets.mjs scripts/guard-handles.mjs scripts/build.sh | sha256sum | cut -d' ' -f1)"
  if [ -f "$out/.build-stamp" ] && [ "$(cat "$out/.build-stamp")" = "$sum" ]; then
    step "wasm-bindgen --target $t: $out up to date"
    return
  fi
  step "wasm-bindgen --target $t --out-dir $out"
  rm -rf "$out"
  wasm-bindgen "$wasm" --target "$t" --out-dir "$out" "${flags[@]}"
  # Every build: the classes' methods take their wasm pointer from a
  # WeakMap of live objects, and refuse a freed, copied or forged one with
  # an EngineError in JS, before wasm is entered (the script says why; it
  # fails if the glue is not as expected).
  node scripts/guard-handles.mjs "$out"
  if [ "$t" = nodejs ]; then
    # Our JS snippets (src/wasm/*.js, copied into snippets/) are ES modules
    # that end in one `export { … };` line; the CommonJS glue require()s
    # them, which Node 18 cannot do for a module: that line becomes
    # `module.exports`.
    local js
    while IFS= read -r -d '' js; do
      sed -i 's/^export { \(.*\) };$/module.exports = { \1 };/' "$js"
      if grep -qE '^\s*(export|import)\b' "$js"; then
        die "$js: a snippet must end in one 'export { … };' line and import nothing"
      fi
    done < <(find "$out/snippets" -name '*.js' -print0 2>/dev/null)
    # The web build's `init` (the default export) and `initSync` for code shared with
    # the browser (SSR), as index.mjs has them for `import`: `require` and
    # TypeScript compiled to CommonJS (`import init from 'enroll-engine'`,
    # Jest, ts-node) get this file. The wasm is loaded already: both only
    # return. `__esModule` makes `esModuleInterop`'s default this `init`.
    cat >>"$out/enroll_engine.js" <<'JS'

// enroll-engine (scripts/build.sh): the web build's init and initSync, for
// code shared with the browser; the wasm is loaded already, so both return.
// `__esModule` for CommonJS interop (TypeScript's esModuleInterop, Babel,
// Jest) only: set through a name Node's export scanner does not follow, so
// index.mjs's `export *` does not show it as an export of the ES module.
const cjsExports = exports;
Object.defineProperty(cjsExports, '__esModule', { value: true });
exports.default = async function init() {};
exports.initSync = function initSync() {};
JS
    cat >>"$out/enroll_engine.d.ts" <<'TS'

/** The web build's `init()`, for code shared with the browser: in Node the wasm is loaded on load, so it resolves at once. */
export default function init(module_or_path?: unknown): Promise<void>;
/** The web build's `initSync()`, for code shared with the browser: in Node it does nothing. */
export function initSync(module?: unknown): void;
TS
  fi
  if [ "$t" = web ]; then
    # One request for the glue, not two in a row: the snippets go inside it.
    node scripts/inline-snippets.mjs "$out"
    # The web build is ES modules in .js files; say so for Node-based tools.
    printf '{\n  "type": "module"\n}\n' >"$out/package.json"
  fi
  echo "$sum" >"$out/.build-stamp"
}

optimize "$wasm"
run_bindgen "$optimized" nodejs pkg/node
run_bindgen "$optimized" web pkg/web

# The core module: web target only (Node loads it with initSync, see docs/api.md).
step "cargo build --release --target $WASM_TARGET --no-default-features --features binding (core, target/core)"
wasm_cargo build --release --lib --no-default-features --features binding --target-dir target/core
core_wasm="target/core/$WASM_TARGET/release/enroll_engine.wasm"
[ -f "$core_wasm" ] || die "$core_wasm was not produced"
optimize "$core_wasm"
run_bindgen "$optimized" web pkg/core

step "www/samples.js from tests/fixtures"
node scripts/gen-samples.mjs

for f in pkg/web/enroll_engine_bg.wasm pkg/core/enroll_engine_bg.wasm; do
  printf '==> wasm: %s bytes, %s gzip -9 (%s)\n' "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)" "$f"
done
