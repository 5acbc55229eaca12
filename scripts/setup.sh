#!/usr/bin/env bash
# Installs what building and testing need; idempotent and quick once done.
# Runs as root on a fresh Debian bookworm machine of the project's kind (no sudo).
#   1. Debian packages: chromium, chromium-driver and binaryen (wasm-opt) always; rustc-web, cargo-web,
#      rust-web-src and lld-22 only when rustup lacks the wasm32 target.
#   2. The wasm-bindgen CLI, at exactly the version of the wasm-bindgen crate in
#      Cargo.lock, in ./.tools/bin (reusing a matching one on PATH if there is one).
#   3. npm dev dependencies of the root package.json (playwright-core).
#   4. python-dateutil (the independent RRULE implementation that
#      scripts/rrule_oracle.py checks the feed schedules against) and pyx12
#      (the X12 834 validator scripts/x12check.py runs) in ./.tools/python.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

# --- 1. Debian packages -------------------------------------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

MODE="$(wasm_mode)"
wanted=(chromium chromium-driver binaryen)
if [ "$MODE" = build-std ]; then
  wanted+=(rustc-web cargo-web rust-web-src lld-22)
fi
command -v node >/dev/null 2>&1 || wanted+=(nodejs)
command -v npm >/dev/null 2>&1 || wanted+=(npm)
python3 -m pip --version >/dev/null 2>&1 || wanted+=(python3 python3-pip)
missing=()
for p in "${wanted[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then
  step "apt: already installed: ${wanted[*]} (wasm build mode: $MODE)"
else
  command -v apt-get >/dev/null 2>&1 || die "missing Debian packages (${missing[*]}) and no apt-get"
  step "apt: installing ${missing[*]} (wasm build mode: $MODE)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # With recommends, as in the verified recipe (fonts-liberation for Chromium).
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v wasm-opt >/dev/null 2>&1 || die "wasm-opt not found (binaryen should provide it)"
if [ "$MODE" = build-std ]; then
  [ -x /usr/bin/rust-lld ] || die "/usr/bin/rust-lld not found (lld-22 should provide it)"
  [ -d /usr/lib/rustlib/src/rust ] || die "/usr/lib/rustlib/src/rust not found (rust-web-src)"
fi

# --- 2. wasm-bindgen CLI ------------------------------------------------------
want="$(locked_wasm_bindgen_version)"
[ -n "$want" ] || die "no wasm-bindgen package in Cargo.lock"
if [ "$(tool_version "$TOOLS_BIN/wasm-bindgen")" = "$want" ] &&
  [ "$(tool_version "$TOOLS_BIN/wasm-bindgen-test-runner")" = "$want" ]; then
  step "wasm-bindgen-cli: $want already in .tools/bin"
else
  # A matching CLI elsewhere (PATH, ~/.cargo/bin) is linked instead of rebuilt.
  reuse=""
  for cand in "$(PATH="${PATH#"$TOOLS_BIN:"}" command -v wasm-bindgen 2>/dev/null || true)" \
    "${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen"; do
    [ -n "$cand" ] || continue
    dir="$(dirname "$cand")"
    if [ "$(tool_version "$dir/wasm-bindgen")" = "$want" ] &&
      [ "$(tool_version "$dir/wasm-bindgen-test-runner")" = "$want" ]; then
      reuse="$dir"
      break
    fi
  done
  mkdir -p "$TOOLS_BIN"
  if [ -n "$reuse" ]; then
    step "wasm-bindgen-cli: linking $want from $reuse into .tools/bin"
    for b in wasm-bindgen wasm-bindgen-test-runner wasm2es6js; do
      [ -x "$reuse/$b" ] && ln -sf "$reuse/$b" "$TOOLS_BIN/$b"
    done
  else
    step "wasm-bindgen-cli: cargo install $want into .tools (takes a few minutes)"
    # Not --locked: one of the CLI's locked dependencies is not on the registry.
    rm -f "$TOOLS_BIN/wasm-bindgen" "$TOOLS_BIN/wasm-bindgen-test-runner" "$TOOLS_BIN/wasm2es6js"
    cargo install --quiet --force --root "$ROOT/.tools" wasm-bindgen-cli --version "=$want"
  fi
  [ "$(tool_version "$TOOLS_BIN/wasm-bindgen")" = "$want" ] || die "wasm-bindgen $want not usable in .tools/bin"
fi

# --- 3. npm dev dependencies --------------------------------------------------
if [ -f package.json ]; then
  stamp="node_modules/.setup-stamp"
  sum="$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    step "npm: node_modules up to date"
  elif [ -f package-lock.json ]; then
    step "npm: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$sum" >"$stamp"
  else
    step "npm: npm install (no package-lock.json)"
    npm install --no-audit --no-fund --loglevel=error
    sum="$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
    echo "$sum" >"$stamp"
  fi
fi

# --- 4. python-dateutil and pyx12 ---------------------------------------------
# Two outside judges: python-dateutil for the feed schedules
# (scripts/rrule_oracle.py) and pyx12 (BSD-3-Clause, with defusedxml) for the
# X12 834 files (scripts/x12check.py). One pip call installs all of them, so
# that a changed version of either reinstalls the whole folder.
DATEUTIL=2.9.0.post0
PYX12=4.0.0
PYTOOLS="$ROOT/.tools/python"
# `|| true`: on a fresh machine neither imports, and set -e must not stop here.
judges="$(PYTHONPATH="$PYTOOLS" python3 -c 'import dateutil, pyx12; print(dateutil.__version__, pyx12.__version__)' 2>/dev/null || true)"
if [ "$judges" = "$DATEUTIL $PYX12" ] && [ -d "$PYTOOLS/dateutil" ] && [ -d "$PYTOOLS/pyx12" ]; then
  step "python-dateutil $DATEUTIL and pyx12 $PYX12 already in .tools/python"
else
  step "python-dateutil $DATEUTIL, pyx12 $PYX12: pip install into .tools/python"
  rm -rf "$PYTOOLS"
  # --target installs beside the system's packages (no PEP 668 conflict).
  python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location --root-user-action=ignore \
    --target "$PYTOOLS" "python-dateutil==$DATEUTIL" "six==1.17.0" "pyx12==$PYX12" "defusedxml==0.7.1"
fi
