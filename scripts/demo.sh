#!/usr/bin/env bash
# The demo: loads the freshly built extension into PHP and shows what it reports.
set -euo pipefail
cd "$(dirname "$0")/.."
so=$PWD/target/release/libaco_connector.so
[ -f "$so" ] || { echo "demo: $so missing: run make build" >&2; exit 1; }

echo "== php -d extension=$so -r 'echo Aco\\Native\\version();'"
php -d extension="$so" -r 'echo Aco\Native\version(), PHP_EOL;'
echo
echo "== php --ri aco"
php -d extension="$so" --ri aco
echo
echo "== module check (Aco\\Connector\\Model\\Native\\ExtensionStatus)"
php -d extension="$so" -r 'require "vendor/autoload.php"; echo (new Aco\Connector\Model\Native\ExtensionStatus())->problem() ?? "extension OK for this module", PHP_EOL;'
