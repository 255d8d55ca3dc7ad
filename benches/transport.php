<?php
/**
 * Transport benchmark: products/s and requests/s from PHP through Aco\Native\Client to the local
 * emulator (limits off), at concurrency 1, 4 and 16, and the PHP process's CPU time per 1k items
 * (it includes the extension's I/O thread). Median of 3 runs each.
 *
 *   php -d extension=target/release/libaco_connector.so benches/transport.php [--products N]
 */
declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use Aco\Connector\Tools\Bench;
use Aco\Connector\Tools\EmulatorProcess as Emulator;

Bench::requireSetup('transport bench', false, 'make bench-transport');
$opts = getopt('', ['products:']);
$n = (int) ($opts['products'] ?? 20000);

$emulator = new Emulator(['--max-items', '1000']);
$items = [];
for ($i = 0; $i < $n; $i++) {
    $sku = sprintf('SKU-%08d', $i);
    $attributes = [];
    for ($a = 0; $a < 12; $a++) {
        $attributes[] = ['code' => "attr_$a", 'values' => ["value $a of product $i"]];
    }
    $items[$sku] = json_encode(['sku' => $sku, 'source' => ['locale' => 'en_US'], 'name' => "Product $i",
        'slug' => "product-$i", 'status' => 'ENABLED', 'visibleIn' => ['CATALOG', 'SEARCH'],
        'description' => str_repeat('Lorem ipsum dolor sit amet, ', 30), 'attributes' => $attributes], JSON_THROW_ON_ERROR);
}
$bytes = array_sum(array_map('strlen', $items)) / $n;
printf("transport: %d products of ~%d bytes, 100 per request, emulator on loopback, limits off\n", $n, $bytes);
printf("%-12s %14s %14s %18s\n", 'concurrency', 'products/s', 'requests/s', 'CPU ms / 1k items');

$cpu = Bench::cpuSeconds(...);
foreach ([1, 4, 16] as $concurrency) {
    $runs = [];
    for ($run = 0; $run < 3; $run++) {
        $emulator->call('POST', '/_emulator/reset');
        $client = new Aco\Native\Client($emulator->clientConfig(['concurrency' => $concurrency]));
        $client->testConnection(); // token + connection outside the measurement
        [$t0, $c0] = [microtime(true), $cpu()];
        $client->submit('products', $items);
        $results = $client->wait();
        [$secs, $cpuSecs] = [microtime(true) - $t0, $cpu() - $c0];
        $accepted = count(array_filter(array_column($results, 'accepted')));
        if ($accepted !== $n) {
            fwrite(STDERR, "transport bench: only $accepted of $n accepted; no figures\n");
            exit(1);
        }
        $runs[] = [$n / $secs, $n / 100 / $secs, $cpuSecs * 1000 / ($n / 1000)];
    }
    usort($runs, static fn ($a, $b) => $a[0] <=> $b[0]);
    [$ips, $rps, $cpuPerK] = $runs[1];
    printf("%-12d %14.0f %14.0f %18.1f\n", $concurrency, $ips, $rps, $cpuPerK);
}
$emulator->stop();
