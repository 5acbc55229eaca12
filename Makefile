# enroll-engine: build, demo and test entry points. See scripts/ for the work.
#   make setup   install what is missing (apt packages, wasm-bindgen CLI, npm dev deps)
#   make build   release wasm + pkg/node + pkg/web + pkg/core + www/samples.js
#   make demo    build, then serve the demo on http://127.0.0.1:$(PORT)/
#   make test    everything, in order, stopping at the first failure
#   make clean   remove build outputs (keeps .tools and node_modules)

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.NOTPARALLEL:
.DEFAULT_GOAL := help

PORT ?= 8080
export PATH := $(CURDIR)/.tools/bin:$(PATH)
CHROMEDRIVER ?= /usr/bin/chromedriver
NODE_TEST := node --test

.PHONY: help setup build demo test fmt clippy check-core-deps test-native test-wasm-node \
	test-wasm-browser test-js test-page test-rrule-oracle clean

help:
	@sed -n '2,7p' Makefile | sed 's/^# //'

setup:
	@scripts/setup.sh

build: setup
	@scripts/build.sh

demo: build
	PORT=$(PORT) node scripts/serve.mjs

# The last runner's summary stays the last thing printed (CI reads it).
test: setup build fmt clippy check-core-deps test-rrule-oracle test-native test-wasm-node test-wasm-browser test-js test-page

fmt:
	@echo '==> cargo fmt --check'
	cargo fmt --check

# The core without the binding, then with it (feature `binding`, as the wasm
# builds use it), for the full and the pkg/core feature sets.
clippy:
	@echo '==> cargo clippy --all-targets -- -D warnings'
	cargo clippy --all-targets -- -D warnings
	@echo '==> cargo clippy --lib --no-default-features (the core without its optional exports)'
	cargo clippy --lib --no-default-features -- -D warnings
	@echo '==> cargo clippy --all-targets --features binding (the JS binding)'
	cargo clippy --all-targets --features binding -- -D warnings
	@echo '==> cargo clippy --lib --no-default-features --features binding (the pkg/core build)'
	cargo clippy --lib --no-default-features --features binding -- -D warnings
	@echo '==> cargo check the fuzz targets (stable: they run under nightly, scripts/fuzz.sh, and must not rot)'
	cargo check --manifest-path fuzz/Cargo.toml --bins

# The core's own dependency tree has neither wasm-bindgen nor js-sys: only the
# `binding` feature brings them (docs/api.md, "TypeScript and the binding").
check-core-deps:
	@echo '==> cargo tree -e normal: no wasm-bindgen or js-sys without the binding feature'
	@if cargo tree -e normal --prefix none | grep -E '^(wasm-bindgen|js-sys) '; then \
		echo 'the core depends on the binding crates above'; exit 1; fi

# The schedule fixture must be exactly python-dateutil's answers (tests/rrule_oracle.rs reads it).
test-rrule-oracle: setup
	@echo '==> RRULE oracle: tests/fixtures/rrule/oracle.json against python-dateutil'
	PYTHONPATH=$(CURDIR)/.tools/python python3 scripts/rrule_oracle.py --check

test-native:
	@echo '==> cargo test (native)'
	cargo test

test-wasm-node: setup
	@echo '==> wasm-bindgen-test in Node: tests/wasm_node.rs'
	scripts/wasm-cargo.sh test --features binding --test wasm_node

test-wasm-browser: setup
	@echo '==> wasm-bindgen-test in headless Chromium: tests/wasm_browser.rs'
	# The runner gives chromedriver 5 s to bind its port by default; on a loaded
	# 2-core machine that failed once ("driver failed to bind port during startup").
	CHROMEDRIVER=$(CHROMEDRIVER) WASM_BINDGEN_TEST_DRIVER_TIMEOUT=60 scripts/wasm-cargo.sh test --features binding --test wasm_browser

test-js: build
	@echo '==> JS tests: tests/js'
	$(NODE_TEST) tests/js/*.test.mjs

test-page: build
	@echo '==> page tests: tests/page'
	$(NODE_TEST) tests/page/*.test.mjs

clean:
	rm -rf pkg/node pkg/web pkg/core www/samples.js test-artifacts
	cargo clean
