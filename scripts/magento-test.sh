#!/usr/bin/env bash
# The real-Magento suite (tests/magento/): installs the module into a real Magento and runs the suite there.
#
#   MAGENTO_DIST=path/to/magento-2.4.x.tar.zst|.tar.gz|DIR  make test-magento
#       unpack that Magento Open Source package, install it into a private MariaDB, install the
#       module, setup:upgrade, setup:di:compile, run the suite. Magento is installed with a table prefix
#       (MAGENTO_TABLE_PREFIX, default mg_), as some stores are: a query that names a table without it
#       fails here. The installed Magento is cached under
#       $ACO_MAGENTO_CACHE (default ~/.cache/aco-connector/magento), keyed by the package's hash and
#       then by the module's files, so a rerun with the same code restores it in seconds.
#   MAGENTO_ROOT=/path/to/an/installed/magento  make test-magento
#       your own, already installed, throw-away Magento (the suite writes products, websites and
#       settings into its database): the module is copied to app/code/Aco/Connector and the suite
#       runs against the database in its app/etc/env.php.
#   neither set: one line saying the suite is skipped, exit 0.
#
#   MAGENTO_PROFILE=full|lean|all (default: all with MAGENTO_DIST and no arguments; full with arguments, such
#       as --filter, or with MAGENTO_ROOT): `full` runs the suite in a Magento with every module this machine
#       can run; `lean` runs the tests of group `lean` (a store without the optional modules: Swatches, Bundle,
#       ConfigurableProduct, GroupedProduct, CatalogRule, MSI) in a second Magento installed without them (its
#       own cache entry, keyed by that module list); `all` both.
#
# Run by `make test-magento` inside `scripts/mariadb.sh run` (ACO_DB_* set), except with MAGENTO_ROOT.
set -euo pipefail
shopt -s inherit_errexit

here=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "magento suite: $*" >&2; exit 1; }
say() { echo "magento suite: $*" >&2; }
so=${ACO_EXTENSION_SO:-$here/target/release/libaco_connector.so}
[ -f "$so" ] || die "extension $so not built (make build)"
# ACO_PHP: the command that runs PHP for Magento and the suite (default php; the PHP 8.4 lane: scripts/php84.sh run php)
read -ra php_cmd <<<"${ACO_PHP:-php}"
php_m=("${php_cmd[@]}" -d "extension=$so" -d memory_limit=2G)

# Modules this machine cannot run, as each release names them: no search engine here (Elasticsearch, OpenSearch;
# MSI's catalog-search plugin forces a full-text reindex on every stock save, whatever the indexer mode), and a
# test admin has no second factor (nor Adobe IMS's). --disable-modules refuses a name the package lacks.
prefix=${MAGENTO_TABLE_PREFIX-mg_}
cannot_run='^Magento_(Elasticsearch[0-9]*|OpenSearch|InventoryElasticsearch|InventoryCatalogSearch|TwoFactorAuth|AdminAdobeImsTwoFactorAuth)$'
# The `lean` store: the modules merchants leave out that the connector reads when present, with the modules
# built on them (the package's own names, so the list fits any release).
optional='^Magento_(Swatches|Bundle|Configurable|Grouped|CatalogRule|Inventory|Msrp(Configurable|Grouped)|Quote(Bundle|Configurable))'
# Magento_CatalogSearch too: in 2.4.4 its own mview.xml subscribes Bundle's and ConfigurableProduct's tables, so
# without them its index can be neither scheduled (CREATE TRIGGER on a missing table, again at every
# setup:upgrade) nor updated on save without a search engine (none here).
lean_also=Magento_CatalogSearch

magento() { (cd "$root" && "${php_m[@]}" bin/magento "$@"); }
db() { mariadb --no-defaults -uroot --socket="$ACO_DB_SOCKET" "$@"; }
# A dump restored into an empty database: tables of the other store (full, lean) must not stay behind.
restore() { db -e "DROP DATABASE IF EXISTS \`$ACO_DB_NAME\`; CREATE DATABASE \`$ACO_DB_NAME\` CHARACTER SET utf8mb4" && db "$ACO_DB_NAME" <"$1"; }

# Patches a test install needs on this machine's PHP and MariaDB 10.11 (shared/magento/README.md): 2.4.4 all
# three (later releases made the same changes), 2.4.7 the first on PHP 8.4. Idempotent; a no-op where not needed.
patch_magento() {
  sed -i 's/^error_reporting(E_ALL);/error_reporting(E_ALL \& ~E_DEPRECATED);/' "$1/app/bootstrap.php"
  sed -i 's/\^10\\.\[2-4\]\\./^10\\.([2-9]|1[0-9])\\./' "$1/app/etc/di.xml"
  # The escaper turns every notice into an exception: PHP 8.2's deprecations would fail admin pages.
  grep -q 'aco-test: deprecations' "$1/vendor/magento/framework/Escaper.php" ||
    sed -i '0,/function ($errorNumber, $errorString) {/s//function ($errorNumber, $errorString) {\n                        if ($errorNumber \& (E_DEPRECATED | E_USER_DEPRECATED)) { return true; } \/\/ aco-test: deprecations/' \
      "$1/vendor/magento/framework/Escaper.php"
}

# The install's database settings, pointed at this run's private MariaDB.
point_env_at_db() {
  php -r '$f = $argv[1]; $c = include $f; $c["db"]["connection"]["default"]["host"] = $argv[2];
    $c["db"]["connection"]["default"]["dbname"] = $argv[3];
    unset($c["system"]);   /* settings a test locked with config:set --lock-env */
    file_put_contents($f, "<?php\nreturn " . var_export($c, true) . ";\n");' "$1/app/etc/env.php" "127.0.0.1:$ACO_DB_PORT" "$ACO_DB_NAME"
}

unpack_dist() {
  local dist=$1 into=$2
  mkdir -p "$into"
  if [ -d "$dist" ]; then
    cp -a "$dist/." "$into/"
  else
    # the tools' own complaints are dropped: the one line below says what went wrong
    case "$dist" in
      *.tar.zst) zstd -dcq "$dist" 2>/dev/null | tar -x -C "$into" 2>/dev/null ;;
      *.tar.gz|*.tgz) tar -xzf "$dist" -C "$into" 2>/dev/null ;;
      *.zip) (cd "$into" && unzip -q "$dist" 2>/dev/null) ;;
      *) die "MAGENTO_DIST=$dist: not a .tar.zst, .tar.gz, .zip or a directory" ;;
    esac || die "MAGENTO_DIST=$dist: cannot unpack it (damaged or not an archive)"
  fi
  # A package archive holds one top folder (magento-2.4.4/); an unpacked one is the root itself.
  if [ ! -f "$into/bin/magento" ]; then
    local inner; inner=$(find "$into" -mindepth 3 -maxdepth 3 -path '*/bin/magento' -printf '%h\n' | head -n 1)
    [ -n "$inner" ] || die "MAGENTO_DIST=$dist: no bin/magento inside; not a Magento Open Source package"
    inner=$(dirname "$inner")
    find "$inner" -mindepth 1 -maxdepth 1 -exec mv -t "$into" {} +
    rmdir "$inner"
  fi
}

# $1: the modules to install without
install_magento() {
  say "installing Magento into the private MariaDB (first run for this package; cached afterwards)"
  patch_magento "$root"
  magento setup:install --db-host="127.0.0.1:$ACO_DB_PORT" --db-name="$ACO_DB_NAME" --db-user=root --db-password= \
    --backend-frontname=admin --admin-user=admin --admin-password="${MAGENTO_ADMIN_PASSWORD}" \
    --admin-email=admin@example.com --admin-firstname=Test --admin-lastname=Admin \
    --base-url=http://127.0.0.1:8080/ --use-rewrites=0 --language=en_US --currency=USD --timezone=UTC \
    --db-prefix="$prefix" --disable-modules="$1" --cleanup-database >"$cache/install.log" 2>&1 \
    || die "setup:install failed: $(grep -v '^\[Progress' "$cache/install.log" | tail -n 3 | tr '\n' ' ')"
  # No search engine here: indexes that touch search (full-text, category products) must not run on every
  # save; "Update by Schedule", as many production stores run them. Tests choose our indexers' modes.
  magento indexer:set-mode schedule >>"$cache/install.log" 2>&1
}

# Copies the module in as a merchant installing from app/code does, enables it, upgrades, compiles.
# Beside it the test-only module AcoTest_Clock (tests/magento/Module: the connector's clock, movable
# by a test), never shipped.
install_module() {
  say "installing the module: setup:upgrade, setup:di:compile"
  rm -rf "$root/app/code/Aco/Connector" "$root/app/code/AcoTest/Clock"
  mkdir -p "$root/app/code/Aco" "$root/app/code/AcoTest"
  cp -a "$here/php" "$root/app/code/Aco/Connector"
  cp "$here/composer.json" "$root/app/code/Aco/Connector/composer.json"
  cp -a "$here/tests/magento/Module" "$root/app/code/AcoTest/Clock"
  local log=$1/module.log
  { magento module:enable Aco_Connector AcoTest_Clock && magento setup:upgrade && magento setup:di:compile; } >"$log" 2>&1 \
    || die "installing the module failed: $(tail -n 5 "$log" | tr '\n' ' ')"
}

module_hash() {
  (cd "$here" && { git ls-files -co --exclude-standard php composer.json tests/magento/Module | LC_ALL=C sort | xargs sha256sum; }) | sha256sum | cut -c1-16
}

export MAGENTO_ADMIN_PASSWORD=${MAGENTO_ADMIN_PASSWORD:-Admin12345!}

# A Magento of $MAGENTO_DIST installed without the modules this machine cannot run (`lean`: without the
# optional ones too), restored from its cache entry into the private database with this module installed; sets $root.
prepare_dist() {
  local key base cache hash
  if [ -d "$MAGENTO_DIST" ]; then
    key=$( { realpath "$MAGENTO_DIST"; cat "$MAGENTO_DIST/composer.lock" 2>/dev/null; } | sha256sum | cut -c1-16)
  else
    key=$(sha256sum "$MAGENTO_DIST" | cut -c1-16)
  fi
  key=$key${prefix:+-$prefix}${1:+-$1}
  base=${ACO_MAGENTO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aco-connector/magento}
  cache=$base/$key
  root=$cache/root
  mkdir -p "$cache"
  exec 9>"$cache/lock"; flock 9   # two suites at once share one cached install, one at a time
  # the modules this install goes without, read from the package (the cached one's or fresh)
  local wanted
  if [ -f "$cache/installed.sql" ]; then
    wanted=$(modules_off "$1")
    # a cached install made without other modules is made anew
    [ "$(cat "$cache/disabled" 2>/dev/null || echo "$wanted")" = "$wanted" ] || rm -f "$cache/installed.sql"
  fi
  if [ ! -f "$cache/installed.sql" ]; then
    rm -rf "$root"
    say "unpacking $MAGENTO_DIST"
    unpack_dist "$MAGENTO_DIST" "$root"
    wanted=$(modules_off "$1")
    install_magento "$wanted"
    db "$ACO_DB_NAME" -e 'select 1' >/dev/null
    mariadb-dump --no-defaults -uroot --socket="$ACO_DB_SOCKET" --single-transaction "$ACO_DB_NAME" >"$cache/installed.sql.tmp"
    mv "$cache/installed.sql.tmp" "$cache/installed.sql"
    rm -f "$cache/module.hash"
  fi
  echo "$wanted" >"$cache/disabled"
  hash=$(module_hash)
  if [ "$(cat "$cache/module.hash" 2>/dev/null)" = "$hash" ] && [ -f "$cache/module.sql" ]; then
    say "restoring the cached install (module unchanged)"
    restore "$cache/module.sql"
    point_env_at_db "$root"
  else
    restore "$cache/installed.sql"
    point_env_at_db "$root"
    install_module "$cache"
    mariadb-dump --no-defaults -uroot --socket="$ACO_DB_SOCKET" --single-transaction "$ACO_DB_NAME" >"$cache/module.sql"
    echo "$hash" >"$cache/module.hash"
  fi
  rm -rf "$root/var/cache" "$root/var/page_cache" "$root/var/log" "$root/var/.maintenance.flag" "$root/var/aco-test-clock-offset"
}

# The suite in $root: the `lean` group in the lean store, every other test in the full one.
run_suite() {
  local rc=0 started group
  [ "$1" = lean ] && group=(--group lean) || group=(--exclude-group lean)
  export MAGENTO_ROOT=$root ACO_EXTENSION_SO=$so
  say "running tests/magento ($1) in $root: $(magento --version 2>/dev/null | sed 's/^Magento CLI/Magento/') on PHP $("${php_cmd[@]}" -r 'echo PHP_VERSION;')"
  started=$(date +%s)
  # 9>&-: servers a test leaves behind must not hold the cache's lock
  "${php_m[@]}" /usr/bin/phpunit -c "$here/tests/magento/phpunit.xml" "${group[@]}" "${@:2}" 9>&- || rc=$?
  say "suite ($1) took $(( $(date +%s) - started )) s"
  return $rc
}

# The modules of the package in $root that this machine cannot run and, for $1 = lean, the optional ones.
modules_off() {
  local names; names=$(grep -m1 -hoE 'module name="Magento_[A-Za-z0-9]+"' "$root"/vendor/magento/*/etc/module.xml 2>/dev/null | cut -d'"' -f2)
  { grep -E "$cannot_run" <<<"$names" || true; [ "$1" != lean ] || { grep -E "$optional" <<<"$names" || true; echo "$lean_also"; }; } | LC_ALL=C sort -u | paste -sd,
}

if [ -n "${MAGENTO_ROOT:-}" ]; then
  root=$(cd "$MAGENTO_ROOT" && pwd) || die "MAGENTO_ROOT=$MAGENTO_ROOT: no such directory"
  [ -f "$root/app/etc/env.php" ] || die "MAGENTO_ROOT=$root: not an installed Magento (no app/etc/env.php)"
  work=$(mktemp -d); install_module "$work"
  eval "$(php -r '$c = (include $argv[1])["db"]["connection"]["default"]; [$h, $p] = array_pad(explode(":", $c["host"]), 2, "3306");
    printf("export ACO_DB_HOST=%s ACO_DB_PORT=%s ACO_DB_NAME=%s ACO_DB_USER=%s ACO_DB_PASSWORD=%s ACO_DB_SOCKET=\n", ...array_map("escapeshellarg", [$h, $p, $c["dbname"], $c["username"], $c["password"] ?? ""]));' "$root/app/etc/env.php")"
  run_suite "${MAGENTO_PROFILE:-full}" "$@"
elif [ -n "${MAGENTO_DIST:-}" ]; then
  [ -e "$MAGENTO_DIST" ] || die "MAGENTO_DIST=$MAGENTO_DIST: no such file or directory"
  [ -n "${ACO_DB_SOCKET:-}" ] || die "no database: run through scripts/mariadb.sh run (make test-magento)"
  db -e 'select 1' >/dev/null 2>&1 || die "the private MariaDB at $ACO_DB_SOCKET does not answer"
  if [ $# -eq 0 ]; then profile=${MAGENTO_PROFILE:-all}; else profile=${MAGENTO_PROFILE:-full}; fi
  case "$profile" in full|lean|all) ;; *) die "MAGENTO_PROFILE=$profile: full, lean or all" ;; esac
  rc=0
  if [ "$profile" != lean ]; then
    prepare_dist ""
    run_suite full "$@" || rc=$?
  fi
  if [ "$profile" != full ]; then
    prepare_dist lean
    run_suite lean "$@" || rc=$?
  fi
  exit $rc
else
  echo "magento suite: skipped (set MAGENTO_DIST to a Magento Open Source package, or MAGENTO_ROOT to an installed throw-away Magento, to run it)"
  exit 0
fi
