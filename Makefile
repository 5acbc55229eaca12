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

.PHONY: help setup build demo test fmt clippy test-native test-wasm-node \
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
test: setup build fmt clippy test-rrule-oracle test-native test-wasm-node test-wasm-browser test-js test-page

fmt:
	@echo '==> cargo fmt --check'
	cargo fmt --check

clippy:
	@echo '==> cargo clippy --all-targets -- -D warnings'
	cargo clippy --all-targets -- -D warnings
	@echo '==> cargo clippy --lib --no-default-features (the pkg/core build)'
	cargo clippy --lib --no-default-features -- -D warnings

# The schedule fixture must be exactly python-dateutil's answers (tests/rrule_oracle.rs reads it).
test-rrule-oracle: setup
	@echo '==> RRULE oracle: tests/fixtures/rrule/oracle.json against python-dateutil'
	PYTHONPATH=$(CURDIR)/.tools/python python3 scripts/rrule_oracle.py --check

test-native:
	@echo '==> cargo test (native)'
	cargo test

test-wasm-node: setup
	@echo '==> wasm-bindgen-test in Node: tests/wasm_node.rs'
	scripts/wasm-cargo.sh test --test wasm_node

test-wasm-browser: setup
	@echo '==> wasm-bindgen-test in headless Chromium: tests/wasm_browser.rs'
	CHROMEDRIVER=$(CHROMEDRIVER) scripts/wasm-cargo.sh test --test wasm_browser

test-js: build
	@echo '==> JS tests: tests/js'
	$(NODE_TEST) tests/js/*.test.mjs

test-page: build
	@echo '==> page tests: tests/page'
	$(NODE_TEST) tests/page/*.test.mjs

clean:
	rm -rf pkg/node pkg/web pkg/core www/samples.js test-artifacts
	cargo clean
