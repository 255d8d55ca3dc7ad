#!/usr/bin/env bash
# The module and the extension where merchants run them (make test-matrix; part of make test):
#
#   magento-2.4.8      the real-Magento suite (scripts/magento-test.sh), full store, PHP 8.4 (scripts/php84.sh),
#                      the extension built for 8.4
#   magento-2.4.7-p7   the real-Magento suite, full and lean stores, PHP 8.2 (the host's)
#   php-8.2            the extension's PHP suite (tests/php) on the host's PHP 8.2 (what make test-php runs)
#   php-8.4            the extension's PHP suite on PHP 8.4, with the root's MariaDB (its crash suite restarts
#                      the database, so server and PHP live in one root)
#
#   scripts/test-matrix.sh [LANE...]   (default: every lane, in the order above), after make build. Lanes run
#                                      MATRIX_JOBS at a time (default 2: a Magento lane keeps about one core
#                                      busy); each line of output starts with its lane's name. At the end one
#                                      line per lane says which Magento and PHP it ran, its result and minutes;
#                                      the script fails if any lane failed.
#
# Magento packages (magento-VERSION.tar.zst) are read from $MAGENTO_PACKAGES (default ../shared/magento, where
# the team keeps them); a lane whose package is missing says so in one line and is skipped. The PHP 8.4 root
# and the installed Magentos are cached (scripts/php84.sh, scripts/magento-test.sh); the extension for PHP 8.4
# is built into target/php8.4/. Each lane starts its own private MariaDB: lane k (from 0) on the first free port
# from ACO_DB_PORT + 20k (default ACO_DB_PORT 33061).
set -euo pipefail
shopt -s inherit_errexit

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
die() { echo "matrix: $*" >&2; exit 1; }
packages=${MAGENTO_PACKAGES:-$here/../shared/magento}
so82=${ACO_EXTENSION_SO:-$here/target/release/libaco_connector.so}
so84=$here/target/php8.4/release/libaco_connector.so
[ -f "$so82" ] || die "extension $so82 not built (make build)"
all=(magento-2.4.8 magento-2.4.7-p7 php-8.2 php-8.4)

php_version() { "$@" -r 'echo PHP_VERSION;'; }

# Whether Magento $1's package is there; if not, the lane says so and is skipped.
package() {
  [ -f "$packages/magento-$1.tar.zst" ] && return 0
  says "skipped: no $packages/magento-$1.tar.zst (MAGENTO_PACKAGES: the folder of magento-VERSION.tar.zst)"
  touch "$results/$lane.skipped"; return 1
}

# The real-Magento suite in Magento $1's package (ACO_PHP, ACO_EXTENSION_SO, MAGENTO_PROFILE set by the lane).
lane_magento() { MAGENTO_DIST=$packages/magento-$1.tar.zst scripts/mariadb.sh run scripts/magento-test.sh; }

# What lane $lane runs, for its summary line.
says() { echo "$*" | tee "$results/$lane.what"; }

# Runs lane $lane (ACO_DB_PORT set). Written with || return: errexit does not reach inside run_lane's ||.
lane() {
  case "$lane" in
    magento-2.4.8)
      package 2.4.8 || return 0
      scripts/php84.sh build "$here/target/php8.4" || return
      says "Magento 2.4.8 on PHP $(php_version scripts/php84.sh run php), full store"
      ACO_PHP="$here/scripts/php84.sh run php" ACO_EXTENSION_SO=$so84 MAGENTO_PROFILE=full lane_magento 2.4.8 ;;
    magento-2.4.7-p7)
      package 2.4.7-p7 || return 0
      says "Magento 2.4.7-p7 on PHP $(php_version php), full and lean stores"
      ACO_PHP=php ACO_EXTENSION_SO=$so82 MAGENTO_PROFILE=all lane_magento 2.4.7-p7 ;;
    php-8.2)
      says "the extension's PHP suite on PHP $(php_version php)"
      ACO_EXTENSION_SO=$so82 scripts/mariadb.sh run php -d "extension=$so82" /usr/bin/phpunit ;;
    php-8.4)
      scripts/php84.sh build "$here/target/php8.4" || return
      says "the extension's PHP suite on PHP $(php_version scripts/php84.sh run php)"
      ACO_EXTENSION_SO=$so84 scripts/php84.sh run scripts/mariadb.sh run php -d "extension=$so84" /usr/bin/phpunit ;;
  esac
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$1; while port_busy "$p"; do p=$((p + 1)); done; echo "$p"; }

lanes=("$@")
[ ${#lanes[@]} -gt 0 ] || lanes=("${all[@]}")
for l in "${lanes[@]}"; do
  [[ " ${all[*]} " == *" $l "* ]] || die "unknown lane $l (${all[*]})"
done
jobs=${MATRIX_JOBS:-2}
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "MATRIX_JOBS must be a whole number of lanes at a time, not '$jobs'"
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# Lane $1 (the k-th, $2) with its output prefixed by its name; writes its summary line to $results/$1.
run_lane() {
  local lane=$1 started status=0 result
  started=$(date +%s)
  (set -o pipefail; ACO_DB_PORT=$(free_port $(( ${ACO_DB_PORT:-33061} + 20 * $2 )))
    export ACO_DB_PORT; lane 2>&1 | sed -u "s/^/[$lane] /") || status=$?
  if [ "$status" -ne 0 ]; then result=FAILED; elif [ -f "$results/$lane.skipped" ]; then result=skipped; else result=passed; fi
  printf '%-18s %-58s %-8s %3d min\n' "$lane" "$(cat "$results/$lane.what" 2>/dev/null || echo '(did not start)')" \
    "$result" $(( ($(date +%s) - started + 30) / 60 )) >"$results/$lane"
}

echo "matrix: ${lanes[*]} ($jobs at a time)"
running=0 k=0
for l in "${lanes[@]}"; do
  if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
  run_lane "$l" "$k" &
  running=$((running + 1)) k=$((k + 1))
done
wait || true

rc=0
for l in "${lanes[@]}"; do
  echo "matrix: $(cat "$results/$l")"
  grep -q ' FAILED ' "$results/$l" && rc=1
done
exit $rc
