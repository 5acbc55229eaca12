# Shared by scripts/*.sh (sourced, not run). Finds the repo root, decides how
# wasm32 is built on this machine, and knows where the wasm-bindgen CLI lives.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_BIN="$ROOT/.tools/bin"
WASM_TARGET=wasm32-unknown-unknown
export PATH="$TOOLS_BIN:$PATH"

step() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# "rustup" when the rustup toolchain has the wasm32 target (plain cargo works),
# "build-std" otherwise (Debian's rustc-web/cargo-web build std for wasm32).
# WASM_MODE may be preset in the environment to force one of them.
wasm_mode() {
  if [ -n "${WASM_MODE:-}" ]; then
    printf '%s\n' "$WASM_MODE"
  elif command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"; then
    echo rustup
  else
    echo build-std
  fi
}

# wasm_cargo SUBCOMMAND [ARGS...]: cargo for the wasm32 target, either way.
wasm_cargo() {
  local sub="$1"
  shift
  if [ "$(wasm_mode)" = rustup ]; then
    cargo "$sub" --target "$WASM_TARGET" "$@"
  else
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo "$sub" \
      --target "$WASM_TARGET" -Z build-std=std,panic_abort "$@"
  fi
}

# The exact version of the wasm-bindgen crate in Cargo.lock.
locked_wasm_bindgen_version() {
  [ -f "$ROOT/Cargo.lock" ] || die "Cargo.lock is missing"
  awk '
    /^\[\[package\]\]/ { name = "" }
    /^name = /         { name = $3 }
    /^version = / && name == "\"wasm-bindgen\"" { gsub(/"/, "", $3); print $3; exit }
  ' "$ROOT/Cargo.lock"
}

# Prints the version a wasm-bindgen binary reports ("" if it does not run).
tool_version() {
  [ -x "$1" ] || return 0
  "$1" --version 2>/dev/null | awk '{ print $2; exit }'
}
