<?php
/**
 * Price rows sent against the full matrix (every simple product × website × price book: the base book
 * and one per customer group), now that a group's book gets a record only where the group pays
 * otherwise (docs/mapping.md, Prices). A first full sync of the sample catalog through bin/aco into the
 * emulator (limits off), then: a second full sync must send nothing, `aco:views --apply` and
 * `aco:verify --all` must find no drift in any store view and price book. `--no-group-prices` removes
 * the generator's customer-group prices first (Luma-shaped: the sample data of Magento's Luma theme has
 * none). Also the product side: store views of a website whose product records are byte-identical
 * apart from their source (what one record per website could save, not built).
 *
 *   scripts/mariadb.sh run php -d extension=target/release/libaco_connector.so benches/price-fallback.php \
 *     [--products 10000] [--no-group-prices] [--verify all|N (aco:verify --sample=N)]
 */
declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Tools\Bench;
use Aco\Connector\Tools\EmulatorProcess as Emulator;

Bench::requireSetup('price fallback bench', true, 'make bench-fallback');
$o = getopt('', ['products:', 'no-group-prices', 'verify:']);
// aco:verify's --sample or --all (the emulator reads a source's products once a query: --all is quadratic in the catalog)
$verifyOption = ($o['verify'] ?? 'all') === 'all' ? '--all' : '--sample=' . (int) $o['verify'];
$products = max(100, (int) ($o['products'] ?? 10000));
$root = dirname(__DIR__);
$fail = static function (string $why): never {
    fwrite(STDERR, "price fallback bench: $why; no figures\n");
    exit(1);
};
/** bin/aco (or another script) with $args: [exit code, output]. */
$run = static function (string $script, array $args) use ($root): array {
    exec(implode(' ', array_map('escapeshellarg', array_merge([PHP_BINARY, '-d', "extension=$root/target/release/libaco_connector.so", "$root/bin/$script"], $args))) . ' 2>&1', $out, $status);
    return [$status, implode("\n", $out)];
};

[$status, $out] = $run('aco-sample-catalog', ['--products', (string) $products]);
$status === 0 || $fail("generating the catalog failed:\n$out");
$pdo = Bench::pdo();
if (isset($o['no-group-prices'])) {
    $pdo->exec('DELETE FROM catalog_product_entity_tier_price WHERE all_groups = 0');
}
foreach (Feed::all() as $feed) {
    $pdo->exec('DROP TABLE IF EXISTS ' . $feed->table());
}
foreach (['aco_sync_run', 'aco_full_sync', 'aco_state', 'aco_catalog_view'] as $table) {
    $pdo->exec("DROP TABLE IF EXISTS $table");
}
$emulator = new Emulator();
putenv('ACO_ENCRYPTION_KEY=' . base64_encode(random_bytes(32)));
putenv('ACO_LOG_FILE=' . sys_get_temp_dir() . '/aco-price-fallback-' . getmypid() . '.log');
$url = $emulator->url();
[$status, $out] = $run('aco', ['aco:config:init', '--org_id=o', '--tenant_id=' . Emulator::TENANT, '--client_id=' . Emulator::CLIENT_ID,
    '--client_secret=' . Emulator::CLIENT_SECRET, "--api-base-url=$url", "--ims-base-url=$url", '--requests-per-minute=1000000',
    '--products-per-minute=1000000', '--prices-per-minute=1000000']);
$status === 0 || $fail("aco:config:init failed: $out");

$t0 = microtime(true);
[$status, $first] = $run('aco', ['aco:sync', '--full']);
$wall = microtime(true) - $t0;
$status === 0 || $fail("the full sync failed: $first");
[$status, $second] = $run('aco', ['aco:sync', '--full']);
preg_match('/^prices: .*?(\d+) sent/m', $second, $again);
[$viewsStatus, $views] = $run('aco', ['aco:views', '--apply']);
$viewsStatus === 0 || $fail("aco:views --apply failed: $views");
[$verified, $verify] = $run('aco', ['aco:verify', $verifyOption]);

$groups = (int) $pdo->query('SELECT COUNT(*) FROM customer_group')->fetchColumn();
[$base, $group] = array_map('intval', $pdo->query("SELECT SUM(scope NOT LIKE '%::%'), SUM(scope LIKE '%::%') FROM aco_feed_prices
    WHERE is_deleted = 0 AND status = 1")->fetch(\PDO::FETCH_NUM));
$matrix = $base * (1 + $groups);
printf("price fallback: %d products%s, %d customer groups; full sync %.1f s\n", $products, isset($o['no-group-prices']) ? ' (no group prices)' : '', $groups, $wall);
printf("prices sent: %d of the matrix's %d (%.1f %%): %d in base books, %d in group books (%.2f %% of the group books' %d)\n",
    $base + $group, $matrix, 100 * ($base + $group) / max(1, $matrix), $base, $group, 100 * $group / max(1, $base * $groups), $base * $groups);
printf("second full sync: %s prices sent\n", $again[1] ?? '?');
printf("aco:verify %s: exit %d\n%s\n", $verifyOption, $verified, $verify);

// the product side (not built): a product's records in store views of the same website, identical but for their source
$sites = $pdo->query('SELECT code, website_id FROM store WHERE store_id > 0')->fetchAll(\PDO::FETCH_KEY_PAIR);
$records = [];
foreach ($emulator->call('GET', '/_emulator/items/products')['items'] as $p) {
    $locale = $p['source']['locale'];
    unset($p['source']);
    $records[$sites[$locale] . "\x1f" . $p['sku']][] = json_encode($p);
}
$multi = 0;
$same = 0;
foreach ($records as $bodies) {
    if (count($bodies) > 1) {
        $multi += count($bodies);
        $same += count($bodies) - count(array_unique($bodies));
    }
}
printf("product records in websites with several store views: %d; identical to another store view's of the website but for the source: %d (%.1f %%)\n",
    $multi, $same, 100 * $same / max(1, $multi));
$emulator->stop();
exit($verified === 0 && ($again[1] ?? '') === '0' ? 0 : 1);
