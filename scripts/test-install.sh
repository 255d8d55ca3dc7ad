#!/usr/bin/env bash
# The extension installed as merchants install it (make test-install), from a clean clone of this repository's
# committed HEAD:
#
#   1. phpize && ./configure && make && make install in ext/, in PHP 8.4's Debian 13 root (scripts/php84.sh):
#      aco.so lands in that PHP's `php-config --extension-dir`, and `php -d extension=aco --ri aco` shows it
#   2. scripts/dist.sh (make dist) from the clone: each prebuilt binary loads in the PHP its name gives
#      (8.2 on the host, 8.4 in the root), and SHA256SUMS checks
#
# After make build (target/release is the host's build; target/php8.4 the 8.4 one, as make test-matrix leaves
# it): the clone's builds start from copies of both trees, so only the crate itself is compiled again.
# Needs root (the PHP 8.4 root).
set -euo pipefail
shopt -s inherit_errexit

here=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "install-test: $*" >&2; exit 1; }
started=$(date +%s)
[ -f "$here/target/release/libaco_connector.so" ] || die "target/release not built (make build)"
scripts=$here/scripts
"$scripts/php84.sh" setup

work=$(mktemp -d /tmp/aco-install-test.XXXXXX)   # under /tmp: the root sees it at the same path
trap 'rm -rf "$work"' EXIT
git clone -q "$here" "$work/aco"
mkdir -p "$work/target"
[ -d "$here/target/php8.4" ] && cp -a "$here/target/php8.4" "$work/target/php8.4"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$work/aco/Cargo.toml" | head -n 1)

# 1. the phpize path, as root in the 8.4 root installs it
echo "install-test: phpize && ./configure && make && make install (PHP 8.4)"
(cd "$work/aco/ext" && CARGO_TARGET_DIR="$work/target/php8.4" "$scripts/php84.sh" run sh -ec '
  dir=$(php-config --extension-dir); rm -f "$dir/aco.so"
  phpize >/dev/null && ./configure -q >/dev/null && make -s >/dev/null && make install >/dev/null
  test -f "$dir/aco.so" || { echo "no aco.so in $dir" >&2; exit 1; }
  php -d extension=aco --ri aco') >"$work/ri.txt" 2>"$work/build.log" \
  || { tail -n 20 "$work/build.log" >&2; die "the phpize path failed for PHP 8.4"; }
grep -q '^aco support => enabled' "$work/ri.txt" && grep -q "^version => $version\$" "$work/ri.txt" \
  || die "php --ri aco in PHP 8.4 does not show aco $version: $(tr '\n' ' ' <"$work/ri.txt")"
echo "install-test: PHP 8.4: aco $version installed in its extension directory, php --ri aco shows it ($(( $(date +%s) - started )) s)"

# 2. make dist from the clone; every binary loads in the PHP it names (dist.sh loads each once to name it:
#    here each is loaded again, found by its name alone)
mkdir -p "$work/target/release" && cp "$here/target/release/libaco_connector.so" "$work/target/release/"
ACO_TARGET_DIR=$work/target "$work/aco/scripts/dist.sh" | sed 's/^/install-test: /'
(cd "$work/aco/dist" && sha256sum --quiet -c SHA256SUMS) || die "dist/SHA256SUMS does not match"
echo "install-test: dist made and its sums checked ($(( $(date +%s) - started )) s)"
for so in "$work"/aco/dist/*.so; do
  name=$(basename "$so")
  case "$name" in
    *-php8.2-*) php=(php) ;;
    *-php8.4-*) php=("$scripts/php84.sh" run php) ;;
    *) die "$name: no PHP here for it" ;;
  esac
  loaded=$("${php[@]}" -n -d "extension=$so" -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION, " ", phpversion("aco");')
  case "$name" in "aco-$version-php${loaded%% *}-"*) ;; *) die "$name loads in PHP ${loaded%% *}, not the one it names" ;; esac
  [ "${loaded#* }" = "$version" ] || die "$name reports aco ${loaded#* }, not $version"
  echo "install-test: $name loads in PHP ${loaded%% *}"
done
echo "install-test: passed in $(( $(date +%s) - started )) s"
