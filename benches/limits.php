<?php
/**
 * Under ACO's documented limits (300 requests/min, 1,000 products/min, 5,000 prices/min; design doc):
 * the emulator enforces them on 60 s sliding windows, the client paces itself with the same budgets,
 * and products and prices are sent at the same time for about `--minutes`. Prints the achieved
 * items/min as a fraction of each limit (from the emulator's request log: items in accepted requests
 * between the first and the last, over that span), the most items any 60 s window held, 429s, items
 * lost, and what a 40,000-product sync takes at that pace (Adobe estimates about 40 minutes).
 *
 *   php -d extension=target/release/libaco_connector.so benches/limits.php [--minutes 3]
 */
declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use Aco\Connector\Tools\Bench;
use Aco\Connector\Tools\EmulatorProcess as Emulator;

Bench::requireSetup('limits bench', false, 'make bench-limits');
$minutes = max(2, (int) (getopt('', ['minutes:'])['minutes'] ?? 3));
$limits = ['requests' => 300, 'products' => 1000, 'prices' => 5000];
$emulator = new Emulator(['--requests-per-minute', (string) $limits['requests'], '--products-per-minute', (string) $limits['products'],
    '--prices-per-minute', (string) $limits['prices']]);
$client = new Aco\Native\Client($emulator->clientConfig(['requests_per_minute' => $limits['requests'],
    'products_per_minute' => $limits['products'], 'prices_per_minute' => $limits['prices']]));

$products = [];
$prices = [];
for ($i = 0; $i < $limits['products'] * $minutes; $i++) {
    $sku = sprintf('LIM-%06d', $i);
    $products[$sku] = json_encode(['sku' => $sku, 'source' => ['locale' => 'en_US'], 'name' => "Product $i", 'slug' => "product-$i",
        'status' => 'ENABLED', 'visibleIn' => ['CATALOG', 'SEARCH']], JSON_THROW_ON_ERROR);
}
for ($i = 0; $i < $limits['prices'] * $minutes; $i++) {
    $sku = sprintf('LIM-%06d', intdiv($i, 5));
    $book = 'book' . ($i % 5);
    $prices["$sku/$book"] = json_encode(['sku' => $sku, 'priceBookId' => $book, 'regular' => 10 + $i % 7], JSON_THROW_ON_ERROR);
}
printf("limits: %d products and %d prices against %d requests/min, %d products/min, %d prices/min (~%d min)\n",
    count($products), count($prices), $limits['requests'], $limits['products'], $limits['prices'], $minutes);
$client->submit('products', $products);
$client->submit('prices', $prices);
$results = $client->wait();
$accepted = count(array_filter(array_column($results, 'accepted')));
$sent = count($products) + count($prices);
$stats = $emulator->call('GET', '/_emulator/stats');
$log = $emulator->call('GET', '/_emulator/requests');
$emulator->stop();
if ($accepted !== $sent) {
    fwrite(STDERR, "limits bench: $accepted of $sent items accepted; no figures\n");
    exit(1);
}

/** @return array{0: float, 1: int} items/min between the first and last accepted request, most items in any 60 s */
$pace = static function (array $log, string $suffix): array {
    $hits = array_values(array_filter($log, static fn (array $r): bool => $r['status'] === 200 && str_ends_with($r['path'], $suffix)));
    usort($hits, static fn ($a, $b) => $a['atMs'] <=> $b['atMs']);
    $span = end($hits)['atMs'] - $hits[0]['atMs'];
    $perMinute = (array_sum(array_column($hits, 'items')) - end($hits)['items']) * 60000 / max(1, $span);
    $peak = 0;
    foreach ($hits as $i => $start) {
        $inWindow = 0;
        for ($j = $i; $j < count($hits) && $hits[$j]['atMs'] < $start['atMs'] + 60000; $j++) {
            $inWindow += $hits[$j]['items'];
        }
        $peak = max($peak, $inWindow);
    }
    return [$perMinute, $peak];
};
[$productPace, $productPeak] = $pace($log, '/v1/catalog/products');
[$pricePace, $pricePeak] = $pace($log, '/v1/catalog/products/prices');
printf("  %-9s %12s %18s %22s\n", '', 'items/min', 'fraction of limit', 'most in any 60 s');
printf("  %-9s %12.0f %17.1f%% %22d\n", 'products', $productPace, 100 * $productPace / $limits['products'], $productPeak);
printf("  %-9s %12.0f %17.1f%% %22d\n", 'prices', $pricePace, 100 * $pricePace / $limits['prices'], $pricePeak);
printf("  requests %d, 429s %d (%.2f%%), items lost 0 (%d of %d accepted)\n", $stats['requests'] + $stats['throttled'],
    $stats['throttled'], 100 * $stats['throttled'] / max(1, $stats['requests'] + $stats['throttled']), $accepted, $sent);
printf("  40,000 products at this pace: %.1f min (Adobe's estimate: about 40)\n", 40000 / $productPace);
