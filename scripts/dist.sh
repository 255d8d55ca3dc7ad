#!/usr/bin/env bash
# make dist: prebuilt extensions for the PHP versions built here, each loaded once in the PHP it is for and
# named after what that PHP says it is, with their SHA-256 sums:
#
#   dist/aco-<version>-php<major.minor>-<PHP API>-<nts|zts>-<arch>-linux.so   (e.g. aco-0.1.0-php8.2-20220829-nts-x86_64-linux.so)
#   dist/SHA256SUMS                                                           (sha256sum -c SHA256SUMS)
#
# PHP 8.2: the host's PHP and target/release (make build). PHP 8.4: the Debian 13 root of scripts/php84.sh,
# built there into target/php8.4, as ext/'s phpize build would. ACO_TARGET_DIR replaces target/ (a tree
# already built elsewhere), ACO_DIST_DIR replaces dist/. A PHP that cannot load its build fails the run.
set -euo pipefail
shopt -s inherit_errexit

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
die() { echo "dist: $*" >&2; exit 1; }
target=${ACO_TARGET_DIR:-$here/target}
out=${ACO_DIST_DIR:-$here/dist}

# What a PHP says about itself once the extension is loaded: version, module API, NTS/ZTS, machine, aco's version.
describe() {
  local so=$1; shift
  "$@" -n -d "extension=$so" -r '
    if (!extension_loaded("aco")) { fwrite(STDERR, "not loaded\n"); exit(1); }
    ob_start(); phpinfo(INFO_GENERAL); preg_match("/^PHP Extension => (\d+)/m", ob_get_clean(), $api);
    echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION, " ", $api[1], " ", PHP_ZTS ? "zts" : "nts", " ", php_uname("m"), " ", phpversion("aco");'
}

# The newest glibc symbol version the binary needs: it loads on systems with that glibc or newer.
glibc() { objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1; }

# Copies $1, built for the PHP run by the rest of the arguments, into dist/ under the name that PHP gives it.
package() {
  local so=$1; shift
  [ -f "$so" ] || die "$so not built"
  local facts php api ts arch version name
  facts=$(describe "$so" "$@") || die "$* cannot load $so"
  read -r php api ts arch version <<<"$facts"
  name=aco-$version-php$php-$api-$ts-$arch-linux.so
  install -m 0644 "$so" "$out/$name"
  echo "dist: $name (PHP $php, API $api, $ts, $arch; needs $(glibc "$so") or newer)"
}

rm -rf "$out"; mkdir -p "$out"
package "$target/release/libaco_connector.so" php
scripts/php84.sh build "$target/php8.4"
package "$target/php8.4/release/libaco_connector.so" scripts/php84.sh run php
(cd "$out" && sha256sum -- *.so >SHA256SUMS)
echo "dist: $out/SHA256SUMS"
