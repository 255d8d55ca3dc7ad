#!/usr/bin/env bash
# The demo: a private MariaDB with a sample Magento catalog, the local ACO emulator, the connector
# configured against it, a full sync, and what ACO received. Run by `make demo` (which builds first).
#   ACO_DEMO_PRODUCTS (default 2000)   catalog size
set -euo pipefail
cd "$(dirname "$0")/.."
so=$PWD/target/release/libaco_connector.so
[ -f "$so" ] && [ -x target/release/aco-emulator ] || { echo "demo: build first: make build" >&2; exit 1; }
# everything below runs against a private MariaDB that is stopped and removed at the end
[ -n "${ACO_DB_SOCKET:-}" ] || exec scripts/mariadb.sh run "$0" "$@"

php="php -d extension=$so"
products=${ACO_DEMO_PRODUCTS:-2000}
work=$(mktemp -d "${TMPDIR:-/tmp}/aco-demo.XXXXXX")
target/release/aco-emulator --listen 127.0.0.1:0 --tenant demo-tenant --client-id demo-client --client-secret demo-secret \
  >"$work/emulator.out" 2>"$work/emulator.err" &
emulator=$!
trap 'kill $emulator 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do [ -s "$work/emulator.out" ] && break; sleep 0.1; done
url=$(head -n 1 "$work/emulator.out")
export ACO_ENCRYPTION_KEY; ACO_ENCRYPTION_KEY=$(php -r 'echo base64_encode(random_bytes(32));')

echo "== extension: $($php -r 'echo Aco\Native\version();') ($($php --ri aco | grep 'TLS backend'))"
echo "== sample Magento catalog in a private MariaDB"
$php bin/aco-sample-catalog --products "$products" --websites 2 --store-views 3 --seed 42
echo "== local ACO emulator: $url"
echo "== bin/aco aco:config:init (against the emulator; ACO's rate limits off for the demo)"
$php bin/aco aco:config:init --org_id=DEMO@AdobeOrg --tenant_id=demo-tenant --client_id=demo-client --client_secret=demo-secret \
  --region=na1 --type=sandbox --api-base-url="$url" --ims-base-url="$url" \
  --requests-per-minute=1000000 --products-per-minute=1000000 --prices-per-minute=1000000
echo "== bin/aco aco:sync --full"
$php bin/aco aco:sync --full
echo "== bin/aco aco:sync --full (again: nothing changed, nothing sent)"
$php bin/aco aco:sync --full
echo "== bin/aco aco:status"
$php bin/aco aco:status
echo "== what ACO holds (emulator counts per entity and source / price book)"
curl -s "$url/_emulator/counts"; echo
echo "== one product as ACO received it (SKU-0000011, a configurable, German store view)"
curl -s "$url/_emulator/product?locale=de&sku=SKU-0000011" | php -r 'echo json_encode(json_decode(stream_get_contents(STDIN)), JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), PHP_EOL;'
echo "== bin/aco aco:views --apply (one catalog view per store view, with its policies, through the emulator's admin API)"
$php bin/aco aco:views --apply
echo "== one storefront query per store view: SKU-0000011 (a configurable) for a Wholesale customer (customer group 2)"
query='{"query":"{ products(skus: [\"SKU-0000011\"]) { sku name ... on ComplexProductView { priceRange { minimum { final { amount { value currency } } } } } } }"}'
$php -r '$pdo = new PDO("mysql:unix_socket=" . getenv("ACO_DB_SOCKET") . ";dbname=" . getenv("ACO_DB_NAME"), getenv("ACO_DB_USER"), getenv("ACO_DB_PASSWORD") ?: null);
  foreach ($pdo->query("SELECT v.plan_key, w.code, v.aco_id FROM aco_catalog_view v JOIN store s ON s.code = v.plan_key JOIN store_website w ON w.website_id = s.website_id WHERE v.kind = \"view\" ORDER BY s.store_id") as [$store, $website, $id]) {
      echo "$store $website $id\n";
  }' | while read -r store website view; do
  book="$website::$(php -r 'echo sha1("2");')"
  printf '%s (AC-Price-Book-ID %s): ' "$store" "$book"
  curl -s "$url/demo-tenant/graphql" -H 'Content-Type: application/json' -H "AC-View-ID: $view" -H "AC-Source-Locale: $store" \
    -H "AC-Price-Book-ID: $book" -d "$query"; echo
done
echo "== bin/aco aco:verify (each store view against what its catalog view serves)"
$php bin/aco aco:verify
echo "== Data Sync page: $url/"
if [ -t 0 ]; then
  read -r -p "Press Enter to stop the emulator and the database… " _
fi
