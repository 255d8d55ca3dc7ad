<?php
/**
 * Soak: a bounded run of continuous catalog changes under random faults, then a check that ACO holds
 * exactly the catalog (no lost update) and that memory stayed flat. `make soak` runs 10 minutes;
 * `--seconds N` for shorter. Needs the extension and a database (scripts/mariadb.sh run).
 */
declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\ItemStatus;
use Aco\Connector\Model\Services;
use Aco\Connector\Tools\Bench;
use Aco\Connector\Tools\ConsistencyCheck;
use Aco\Connector\Tools\EmulatorProcess;
use Aco\Connector\Tools\SampleCatalog\Generator;

Bench::requireSetup('soak', true, 'make soak');
$seconds = (int) (getopt('', ['seconds:'])['seconds'] ?? 600);
mt_srand(7);
$pdo = Bench::pdo();
(new Generator($pdo, 2000, 2, 3, 42))->generate();
$services = new Services($pdo, new SodiumCipher(random_bytes(32)), 'https://shop.example.com/media', true);
$services->installer()->install();
$services->changes()->install();
$emulator = new EmulatorProcess();
$emulatorPid = (int) shell_exec('pgrep -n aco-emulator');
$services->config()->save(['region' => 'na1', 'type' => 'sandbox', 'tenant_id' => EmulatorProcess::TENANT, 'client_id' => EmulatorProcess::CLIENT_ID,
    'client_secret' => EmulatorProcess::CLIENT_SECRET, 'api_base_url' => $emulator->url(), 'ims_base_url' => $emulator->url()]);
$services->config()->saveSync(['requests_per_minute' => 0, 'products_per_minute' => 0, 'prices_per_minute' => 0, 'max_attempts' => 1000]);
$rss = static fn (int $pid): int => (int) (preg_match('/VmRSS:\s+(\d+)/', (string) @file_get_contents("/proc/$pid/status"), $m) ? $m[1] : 0) * 1024;

$sync = $services->sync(200, ['max_attempts' => 2, 'retry_base_ms' => 20, 'retry_max_ms' => 100, 'timeout_ms' => 1000]);
foreach (Feed::all() as $feed) {
    $sync->full($feed);
    $services->changes()->commit($feed, $services->changes()->pending($feed)['version']);
}
$memory = [memory_get_usage(true), $rss(getmypid()), $rss($emulatorPid)];
$faults = [[], ['failNext' => 3, 'failStatus' => 503], ['dropAfterStoreNext' => 2], ['dropNext' => 2], ['failNext' => 4, 'failStatus' => 429, 'retryAfter' => 1], ['hangNext' => 1, 'hangMs' => 1500], ['latencyMs' => 20]];
$deadline = microtime(true) + $seconds;
$rounds = 0;
$changes = 0;
$sent = 0;
while (microtime(true) < $deadline) {
    $rounds++;
    // a burst of admin edits: names, prices, status, website assignment
    for ($i = 0; $i < 20; $i++) {
        $id = mt_rand(1, 2000);
        switch (mt_rand(0, 3)) {
            case 0:
                $pdo->exec("UPDATE catalog_product_entity_varchar SET value = CONCAT('Soak $rounds ', $id) WHERE entity_id = $id AND attribute_id = 73 AND store_id = 0");
                break;
            case 1:
                $pdo->exec("UPDATE catalog_product_entity_decimal SET value = value + 1 WHERE entity_id = $id AND attribute_id = 77");
                break;
            case 2:
                $pdo->exec("UPDATE catalog_product_entity_int SET value = 3 - value WHERE entity_id = $id AND attribute_id = 97 AND store_id = 0");
                break;
            default:
                $in = (int) $pdo->query("SELECT COUNT(*) FROM catalog_product_website WHERE product_id = $id AND website_id = 2")->fetchColumn();
                $pdo->exec($in ? "DELETE FROM catalog_product_website WHERE product_id = $id AND website_id = 2" : "INSERT INTO catalog_product_website (product_id, website_id) VALUES ($id, 2)");
        }
        $changes++;
    }
    $emulator->call('PUT', '/_emulator/faults', $faults[mt_rand(0, count($faults) - 1)]);
    $sync = $services->sync(200, ['max_attempts' => 2, 'retry_base_ms' => 20, 'retry_max_ms' => 100, 'timeout_ms' => 1000]);
    foreach ([Feed::PRODUCTS, Feed::PRICES] as $name) {
        $feed = Feed::named($name);
        $pending = $services->changes()->pending($feed);
        $sent += $sync->entities($feed, $pending['ids'])->sent;
        $services->changes()->commit($feed, $pending['version']);
        $pdo->exec("UPDATE {$feed->table()} SET next_retry_at = NOW() WHERE status = " . ItemStatus::RETRY);
        $sent += $sync->retry($feed)->sent;
    }
    if ($rounds % 20 === 0) {
        printf("%4.0f s: %d rounds, %d edits, %d items sent, PHP %.1f MB, emulator RSS %.1f MB\n", $seconds - ($deadline - microtime(true)), $rounds, $changes, $sent,
            memory_get_usage(true) / 1e6, $rss($emulatorPid) / 1e6);
    }
}
// settle: no faults, every due retry resent
$emulator->call('PUT', '/_emulator/faults', []);
for ($i = 0; $i < 5; $i++) {
    foreach (Feed::all() as $feed) {
        $pdo->exec("UPDATE {$feed->table()} SET next_retry_at = NOW() WHERE status = " . ItemStatus::RETRY);
        $services->sync(500)->retry($feed);
    }
}
$end = [memory_get_usage(true), $rss(getmypid()), $rss($emulatorPid)];
$differences = ConsistencyCheck::differences($pdo, $services->catalog(), $emulator);
printf("soak: %d s, %d rounds, %d edits, %d items sent under random faults\n", $seconds, $rounds, $changes, $sent);
printf("memory: PHP %.1f → %.1f MB (usage), %.1f → %.1f MB (RSS); emulator RSS %.1f → %.1f MB\n",
    $memory[0] / 1e6, $end[0] / 1e6, $memory[1] / 1e6, $end[1] / 1e6, $memory[2] / 1e6, $end[2] / 1e6);
echo $differences === [] ? "final state: ACO holds exactly the catalog (0 lost updates)\n" : "final state DIFFERS:\n  " . implode("\n  ", $differences) . "\n";
$emulator->stop();
exit($differences === [] ? 0 : 1);
