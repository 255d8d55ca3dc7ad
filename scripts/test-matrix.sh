#!/usr/bin/env bash
# The module and the extension where merchants run them (make test-matrix; part of make test):
#
#   magento-2.4.7-p7   the real-Magento suite (scripts/magento-test.sh), full and lean stores, PHP 8.2
#   magento-2.4.8      the real-Magento suite, full store, PHP 8.4 (scripts/php84.sh), extension built for 8.4
#   php-8.4            the extension's PHP suite (tests/php) on PHP 8.4, with the root's MariaDB (its crash
#                      suite restarts the database, so server and PHP live in one root)
#
#   scripts/test-matrix.sh [LANE...]   (default: every lane), after make build; prints per lane which Magento
#                                      and PHP it ran and how long it took, and fails if any lane failed.
#
# Magento packages (magento-VERSION.tar.zst) are read from $MAGENTO_PACKAGES (default ../shared/magento, where
# the team keeps them); a lane whose package is missing says so in one line and is skipped. The PHP 8.4 root
# and the installed Magentos are cached (scripts/php84.sh, scripts/magento-test.sh); the extension for PHP 8.4
# is built into target/php8.4/.
set -euo pipefail
shopt -s inherit_errexit

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
die() { echo "matrix: $*" >&2; exit 1; }
packages=${MAGENTO_PACKAGES:-$here/../shared/magento}
so82=${ACO_EXTENSION_SO:-$here/target/release/libaco_connector.so}
so84=$here/target/php8.4/release/libaco_connector.so
[ -f "$so82" ] || die "extension $so82 not built (make build)"

# The extension built against PHP 8.4's headers, in the PHP 8.4 root (made on first use).
build84() {
  [ -z "${built84:-}" ] || return 0
  scripts/php84.sh setup
  echo "matrix: building the extension for PHP 8.4 (target/php8.4)"
  scripts/php84.sh run env CARGO_TARGET_DIR="$here/target/php8.4" cargo build --release -q -p aco-connector --features php
  built84=1
}

php_version() { "$@" -r 'echo PHP_VERSION;'; }

# The real-Magento suite in the package of Magento $1 (ACO_PHP, ACO_EXTENSION_SO, MAGENTO_PROFILE set by the lane).
lane_magento() {
  local dist=$packages/magento-$1.tar.zst
  if [ ! -f "$dist" ]; then
    echo "matrix: magento-$1: skipped (no $dist; set MAGENTO_PACKAGES to the folder of magento-VERSION.tar.zst)"
    skipped=1; return 0
  fi
  MAGENTO_DIST=$dist scripts/mariadb.sh run scripts/magento-test.sh
}

lanes=("$@")
[ ${#lanes[@]} -gt 0 ] || lanes=(magento-2.4.7-p7 magento-2.4.8 php-8.4)
summary=() rc=0
for lane in "${lanes[@]}"; do
  started=$(date +%s) status=0 skipped=
  case "$lane" in
    magento-2.4.7-p7)
      magento=2.4.7-p7 php=$(php_version php)
      echo "matrix: $lane: Magento $magento on PHP $php, full and lean stores"
      ACO_PHP=php ACO_EXTENSION_SO=$so82 MAGENTO_PROFILE=all lane_magento 2.4.7-p7 || status=$? ;;
    magento-2.4.8)
      build84
      magento=2.4.8 php=$(php_version scripts/php84.sh run php)
      echo "matrix: $lane: Magento $magento on PHP $php, full store"
      ACO_PHP="$here/scripts/php84.sh run php" ACO_EXTENSION_SO=$so84 MAGENTO_PROFILE=full lane_magento 2.4.8 || status=$? ;;
    php-8.4)
      build84
      magento=- php=$(php_version scripts/php84.sh run php)
      echo "matrix: $lane: the extension's PHP suite on PHP $php, with Debian 13's MariaDB"
      ACO_EXTENSION_SO=$so84 scripts/php84.sh run scripts/mariadb.sh run php -d "extension=$so84" /usr/bin/phpunit || status=$? ;;
    *) die "unknown lane $lane (magento-2.4.7-p7, magento-2.4.8, php-8.4)" ;;
  esac
  if [ "$status" -ne 0 ]; then result=FAILED rc=1; elif [ -n "$skipped" ]; then result=skipped; else result=passed; fi
  summary+=("$(printf '%-18s Magento %-9s PHP %-7s %-8s %3d min' "$lane" "$magento" "$php" "$result" $(( ($(date +%s) - started + 30) / 60 )))")
done
printf 'matrix: %s\n' "${summary[@]}"
exit $rc
