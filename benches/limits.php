<?php
/**
 * The one rate limiter at ACO's own limits: the shared budget (php/Model/Budget) in front of the
 * transport, which does not pace itself. The emulator enforces the limits' defaults
 * (Budget\Limits::DEFAULTS: ACO's 300 requests/min, 1,000 products/min, 5,000 prices/min) on 60 s
 * sliding windows, with 429 + `Retry-After` when over; two processes take their requests from one
 * budget row, as a store's two lanes do during a full sync (Delivery, full-sync priority): one sends
 * products, the other prices, for about `--minutes`. Prints the pace of each family as a fraction of
 * its limit (items granted per budget window: the items before the last burst over the time from the
 * first request to that burst), the most items any 60 s held, 429s, items lost, and what a
 * 40,000-product sync takes at that pace (Adobe estimates about 40 minutes). A whole catalog with every
 * process of a store, at the limits ×60: benches/limits-sync.php.
 *
 *   scripts/mariadb.sh run php -d extension=target/release/libaco_connector.so benches/limits.php [--minutes 3]
 */
declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use Aco\Connector\Model\Budget\BudgetPolicy;
use Aco\Connector\Model\Budget\Limits;
use Aco\Connector\Model\Budget\SharedBudget;
use Aco\Connector\Model\Budget\SystemClock;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\Feed\Delivery;
use Aco\Connector\Model\Feed\SyncReport;
use Aco\Connector\Model\Setup\SchemaInstaller;
use Aco\Connector\Tools\Bench;
use Aco\Connector\Tools\EmulatorProcess as Emulator;

const BUDGET_ROW = 'limits-bench';

Bench::requireSetup('limits bench', true, 'make bench-limits');
$o = getopt('', ['minutes:', 'lane:', 'url:']);
$minutes = max(2, (int) ($o['minutes'] ?? 3));
$limits = Limits::fromSettings([]);

/** @return array<string, string> feed id => payload: $minutes' worth of the family's limit */
$items = static function (string $family) use ($limits, $minutes): array {
    $out = [];
    for ($i = 0; $i < $limits->perMinute[$family] * $minutes; $i++) {
        if ($family === 'products') {
            $sku = sprintf('LIM-%06d', $i);
            $out[$sku] = json_encode(['sku' => $sku, 'source' => ['locale' => 'en_US'], 'name' => "Product $i", 'slug' => "product-$i",
                'status' => 'ENABLED', 'visibleIn' => ['CATALOG', 'SEARCH']], JSON_THROW_ON_ERROR);
        } else {
            $sku = sprintf('LIM-%06d', intdiv($i, 5));
            $book = 'book' . ($i % 5);
            $out["$sku/$book"] = json_encode(['sku' => $sku, 'priceBookId' => $book, 'regular' => 10 + $i % 7], JSON_THROW_ON_ERROR);
        }
    }
    return $out;
};

if (isset($o['lane'])) {
    // one lane: every request granted by the shared budget first, as FeedSync's Delivery takes them
    $family = (string) $o['lane'];
    $client = new Aco\Native\Client(Emulator::clientConfigFor((string) $o['url']));
    $budget = new SharedBudget(new Database(Bench::pdo()), BUDGET_ROW, $limits, new SystemClock(), static function (string $line): void {
        fwrite(STDERR, "$line\n");
    });
    foreach ((new Delivery($client, $budget))->submit($family, $items($family), BudgetPolicy::FULL, new SyncReport($family, 'bench')) as $wait) {
        $budget->nap($wait);
    }
    echo count(array_filter(array_column($client->wait(), 'accepted'))), "\n";
    exit(0);
}

$pdo = Bench::pdo();
// the budget's table alone, as the module declares it (the others name Magento's tables)
foreach ((new SchemaInstaller(new Database($pdo)))->statements() as $sql) {
    if (str_contains($sql, 'aco_rate_budget')) {
        $pdo->exec($sql);
    }
}
$pdo->prepare('DELETE FROM aco_rate_budget WHERE tenant = ?')->execute([BUDGET_ROW]);
$perMinute = $limits->perMinute;
$emulator = new Emulator(['--requests-per-minute', (string) $perMinute['requests'], '--products-per-minute', (string) $perMinute['products'],
    '--prices-per-minute', (string) $perMinute['prices']]);
$sent = $perMinute['products'] * $minutes + $perMinute['prices'] * $minutes;
printf("limits: %d products and %d prices against %d requests/min, %d products/min, %d prices/min (~%d min), two lanes on one shared budget\n",
    $perMinute['products'] * $minutes, $perMinute['prices'] * $minutes, $perMinute['requests'], $perMinute['products'], $perMinute['prices'], $minutes);
$lanes = [];
foreach (['products', 'prices'] as $family) {
    $process = proc_open([PHP_BINARY, '-d', 'extension=' . dirname(__DIR__) . '/target/release/libaco_connector.so', __FILE__,
        "--minutes=$minutes", "--lane=$family", '--url=' . $emulator->url()], [1 => ['pipe', 'w'], 2 => STDERR], $pipes);
    $lanes[$family] = [is_resource($process) ? $process : throw new RuntimeException("cannot start the $family lane"), $pipes[1]];
}
$accepted = 0;
foreach ($lanes as $family => [$process, $out]) {
    $accepted += (int) stream_get_contents($out);
    if (proc_close($process) !== 0) {
        fwrite(STDERR, "limits bench: the $family lane failed; no figures\n");
        exit(1);
    }
}
$stats = $emulator->call('GET', '/_emulator/stats');
$log = $emulator->call('GET', '/_emulator/requests');
$emulator->stop();
if ($accepted !== $sent) {
    fwrite(STDERR, "limits bench: $accepted of $sent items accepted; no figures\n");
    exit(1);
}

/** @return array{0: float, 1: int} items/min granted per budget window, most items in any 60 s */
$pace = static function (array $log, string $suffix): array {
    $hits = array_values(array_filter($log, static fn (array $r): bool => $r['status'] === 200 && str_ends_with($r['path'], $suffix)));
    usort($hits, static fn ($a, $b) => $a['atMs'] <=> $b['atMs']);
    // the budget grants a window's worth at once: the last burst (its requests within 10 s of the last)
    // ends the measure, so a short last burst does not count as a whole window
    $lastBurst = end($hits)['atMs'] - 10000;
    $before = array_filter($hits, static fn (array $r): bool => $r['atMs'] < $lastBurst);
    $burstStart = min(array_column(array_slice($hits, count($before)), 'atMs'));
    $perMinute = array_sum(array_column($before, 'items')) * 60000 / max(1, $burstStart - $hits[0]['atMs']);
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
printf("  %-9s %12.0f %17.1f%% %22d\n", 'products', $productPace, 100 * $productPace / $perMinute['products'], $productPeak);
printf("  %-9s %12.0f %17.1f%% %22d\n", 'prices', $pricePace, 100 * $pricePace / $perMinute['prices'], $pricePeak);
printf("  requests %d, 429s %d (%.2f%%), items lost 0 (%d of %d accepted)\n", $stats['requests'] + $stats['throttled'],
    $stats['throttled'], 100 * $stats['throttled'] / max(1, $stats['requests'] + $stats['throttled']), $accepted, $sent);
printf("  40,000 products at this pace: %.1f min (Adobe's estimate: about 40)\n", 40000 / $productPace);
