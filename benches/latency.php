<?php
/**
 * Change-to-accepted latency: how long after an admin edit (a product name) ACO has the new value,
 * with `aco:sync --watch --interval 1` running (the fastest mode). 20 edits; p50 and p95.
 * Cron mode is the same work started by cron every minute: latency up to 60 s plus one round.
 * Run inside scripts/mariadb.sh run.
 */
declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Services;
use Aco\Connector\Tools\Bench;
use Aco\Connector\Tools\EmulatorProcess;
use Aco\Connector\Tools\SampleCatalog\Generator;

Bench::requireSetup('latency bench', true, 'make bench-latency');
$pdo = Bench::pdo();
(new Generator($pdo, 5000, 2, 3, 42))->generate();
$key = random_bytes(32);
putenv('ACO_ENCRYPTION_KEY=' . base64_encode($key));
$services = new Services(new Database($pdo), new SodiumCipher($key), 'https://shop.example.com/media', true, static fn () => null);
$services->installer()->install();
$services->changes()->install();
$emulator = new EmulatorProcess();
$config = $services->config();
$config->save(['region' => 'na1', 'type' => 'sandbox', 'tenant_id' => EmulatorProcess::TENANT, 'client_id' => EmulatorProcess::CLIENT_ID,
    'client_secret' => EmulatorProcess::CLIENT_SECRET, 'api_base_url' => $emulator->url(), 'ims_base_url' => $emulator->url()]);
$config->saveSync(['enforce_limits' => 0]);
$sync = $services->sync(500);
foreach (Feed::all() as $feed) {
    $sync->full($feed);
    $services->changes()->commit($feed, $services->changes()->pending($feed));
}
$watch = proc_open([PHP_BINARY, '-d', 'extension=' . dirname(__DIR__) . '/target/release/libaco_connector.so', dirname(__DIR__) . '/bin/aco', 'aco:sync', '--watch',
    '--interval=1', '--feed=products', '--max-seconds=120'], [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
sleep(2);
$latencies = [];
for ($i = 1; $i <= 20; $i++) {
    $id = 6 + 10 * $i;
    $name = "Latency probe $i";
    $t = microtime(true);
    $pdo->exec("UPDATE catalog_product_entity_varchar SET value = '$name' WHERE entity_id = $id AND attribute_id = 73 AND store_id = 0");
    $sku = sprintf('SKU-%07d', $id);
    while (($emulator->call('GET', "/_emulator/product?locale=default&sku=$sku")['name'] ?? '') !== $name) {
        if (microtime(true) - $t > 30) {
            fwrite(STDERR, "latency bench: $sku never arrived; no figures\n");
            exit(1);
        }
        usleep(20000);
    }
    $latencies[] = microtime(true) - $t;
    usleep(mt_rand(0, 1000) * 1000);
}
proc_terminate($watch, 15);
proc_close($watch);
$emulator->stop();
sort($latencies);
printf("change-to-accepted latency, watch mode (1 s rounds), 20 edits: p50 %.2f s, p95 %.2f s, max %.2f s (goal p95 < 5 s)\n",
    $latencies[9], $latencies[18], $latencies[19]);
printf("cron mode (every minute): up to 60 s + one round (%.2f s here)\n", $latencies[9]);
