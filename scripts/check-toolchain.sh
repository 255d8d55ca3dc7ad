#!/usr/bin/env bash
# Fails with one clear line when something the extension build needs is missing.
set -u
fail() { echo "check-toolchain: $1" >&2; exit 1; }
command -v cargo >/dev/null 2>&1 || fail "cargo not found: install Rust with rustup"
command -v php >/dev/null 2>&1 || fail "php not found: install php8.2-cli (make deps)"
command -v php-config >/dev/null 2>&1 || fail "php-config not found: install the PHP dev toolchain php8.2-dev (make deps)"
ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 || ldconfig -p 2>/dev/null | grep -q libclang \
  || fail "libclang not found: install libclang-dev (make deps); ext-php-rs generates PHP bindings with it"
[ "$(php -r 'echo PHP_ZTS;')" = "0" ] || echo "check-toolchain: note: this PHP is thread-safe (ZTS); the extension is built for it" >&2
exit 0
