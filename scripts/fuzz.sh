#!/usr/bin/env bash
# Runs every fuzz target natively with libFuzzer (cargo-fuzz, nightly Rust):
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET ...]     (default 600 s, all targets)
# Installs cargo-fuzz into .tools if missing. Seeds: fuzz/seeds/<target>;
# the growing corpus (fuzz/corpus) and crashes (fuzz/artifacts) are not committed.
# Prints one line per target: runs, seconds, corpus size, crashes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT/fuzz"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(validate preview edit config claims callback fold x12 record track)
rustup toolchain list | grep -q '^nightly' || die "cargo-fuzz needs a nightly toolchain (rustup toolchain install nightly)"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  step "cargo install cargo-fuzz into .tools"
  cargo install --root "$ROOT/.tools" cargo-fuzz
fi
cargo +nightly fuzz build >/dev/null
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  log="$(mktemp)"
  status=0
  cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- -max_total_time="$seconds" -print_final_stats=1 \
    -rss_limit_mb=4096 -timeout=10 >"$log" 2>&1 || status=$?
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')"
  crashes="$(ls "artifacts/$t" 2>/dev/null | wc -l)"
  echo "$t: $runs runs in ${seconds}s, corpus $(ls "corpus/$t" | wc -l) inputs, $crashes crash artifacts, exit $status"
  [ "$status" -eq 0 ] || tail -40 "$log"
  rm -f "$log"
done
