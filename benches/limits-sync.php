<?php
/**
 * A first full sync of the sample catalog under ACO's limits scaled ×60, every process of a store at
 * once on the one shared budget: a manual full sync as its two lanes (`aco:sync --full` of each
 * lane's feeds, Feed::LANES, side by side), `aco:sync --watch`, and a cron-like `aco:sync` every 5 s. A product name is edited in the database about every second while the full sync runs.
 *
 * ×60: every per-minute limit is 60 times ACO's (18,000 requests, 60,000 products, 300,000 prices a
 * minute) on the same 60 s windows (the emulator's sliding windows and the budget's 62 s are fixed),
 * so a sync of N items takes a sixtieth of its time at ACO. Two things do not scale: a sliding window
 * lets a whole minute's budget go at once at the start (a minute is a larger part of a 3-minute run
 * than of a 3-hour one), and the daily quota's day is the UTC day (set to ×60 in count, it does not
 * bind here; its pause and resume are tested in tests/php/Budget and tests/php/Sync).
 *
 * Prints the wall time against the bound max(products/P, prices/Q, requests/R, quota) and the sum of
 * the feeds' times (one after the other, as before), 429s, the edits' change-to-accepted latency;
 * writes the emulator's request log and the edits as CSV and plots them (benches/limits-plot.py).
 *
 *   scripts/mariadb.sh run php -d extension=target/release/libaco_connector.so benches/limits-sync.php \
 *     [--products 60000] [--plots docs/img]
 */
declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use Aco\Connector\Model\Budget\Limits;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Tools\Bench;
use Aco\Connector\Tools\EmulatorProcess as Emulator;

Bench::requireSetup('limits sync bench', true, 'make bench-limits');
$o = getopt('', ['products:', 'plots:']);
$products = max(1000, (int) ($o['products'] ?? 60000));
$plots = $o['plots'] ?? dirname(__DIR__) . '/docs/img';
$scale = 60;
$acoLimits = Limits::fromSettings([]);
$limits = array_map(static fn (int $limit): int => $limit * $scale, $acoLimits->perMinute);
$perDay = $acoLimits->productsPerDay * $scale;
$root = dirname(__DIR__);
$work = sys_get_temp_dir() . '/aco-limits-sync-' . getmypid();
mkdir($work);
$fail = static function (string $why): never {
    fwrite(STDERR, "limits sync bench: $why; no figures\n");
    exit(1);
};

exec(sprintf('%s %s --products %d 2>&1', PHP_BINARY, escapeshellarg("$root/bin/aco-sample-catalog"), $products), $output, $status);
if ($status !== 0) {
    $fail("generating the catalog failed:\n" . implode("\n", $output));
}
$pdo = Bench::pdo();
foreach (Feed::all() as $feed) {
    $pdo->exec('DROP TABLE IF EXISTS ' . $feed->table());
}
$pdo->exec('DROP TABLE IF EXISTS aco_sync_run');
$emulator = new Emulator(['--requests-per-minute', (string) $limits['requests'], '--products-per-minute', (string) $limits['products'],
    '--prices-per-minute', (string) $limits['prices']]);
putenv('ACO_ENCRYPTION_KEY=' . base64_encode(random_bytes(32)));
putenv("ACO_LOG_FILE=$work/aco.log");

$children = [];
// a bench that stops early must not leave syncs behind holding their feeds' locks
register_shutdown_function(static function () use (&$children): void {
    foreach ($children as $process) {
        if (is_resource($process) && proc_get_status($process)['running']) {
            proc_terminate($process, 15);
        }
    }
});
/** bin/aco with $args, its output to $work/$name.out. @return resource */
$aco = static function (string $name, array $args) use ($root, $work, &$children) {
    $process = proc_open(array_merge([PHP_BINARY, '-d', "extension=$root/target/release/libaco_connector.so", "$root/bin/aco", '--no-ansi'], $args),
        [1 => ['file', "$work/$name.out", 'a'], 2 => ['file', "$work/$name.out", 'a']], $pipes);
    return $children[] = is_resource($process) ? $process : throw new RuntimeException("cannot start bin/aco $name");
};
$url = $emulator->url();
$init = $aco('init', ['aco:config:init', '--org_id=o', '--tenant_id=' . Emulator::TENANT, '--client_id=' . Emulator::CLIENT_ID,
    '--client_secret=' . Emulator::CLIENT_SECRET, "--api-base-url=$url", "--ims-base-url=$url", "--requests-per-minute={$limits['requests']}",
    "--products-per-minute={$limits['products']}", "--prices-per-minute={$limits['prices']}", "--products-per-day=$perDay"]);
if (proc_close($init) !== 0) {
    $fail('aco:config:init failed: ' . file_get_contents("$work/init.out"));
}

printf("limits sync: %d products; ×%d limits: %d requests/min, %d products/min, %d prices/min, %d product updates/day\n",
    $products, $scale, $limits['requests'], $limits['products'], $limits['prices'], $perDay);
$t0 = microtime(true);
$lanes = [];
foreach (Feed::LANES as $lane => $feeds) {
    $lanes[$lane] = $aco("lane-$lane", array_merge(['aco:sync', '--full'], array_map(static fn (string $f): string => "--feed=$f", $feeds)));
}
$ended = [];
/** Notes the lanes that have ended (the exit code is only told once) and stops at one that failed. */
$lanesEnded = static function () use ($lanes, &$ended, $t0, $work, $fail): int {
    foreach ($lanes as $lane => $process) {
        $status = isset($ended[$lane]) ? null : proc_get_status($process);
        if ($status !== null && !$status['running']) {
            $ended[$lane] = microtime(true) - $t0;
            if ($status['exitcode'] !== 0) {
                $fail("the $lane lane exited with {$status['exitcode']}: " . file_get_contents("$work/lane-$lane.out"));
            }
        }
    }
    return count($ended);
};
// watch and cron start once the lanes hold the big feeds: else they could take a requested full sync
// themselves (both run the full syncs aco:config:init asked for), and the lanes would skip it
$started = $pdo->prepare("SELECT COUNT(DISTINCT feed) FROM aco_sync_run WHERE mode = 'full' AND feed IN ('products', 'prices')");
do {
    usleep(100000);
    $started->execute();
} while ((int) $started->fetchColumn() < 2 && $lanesEnded() === 0);
$watch = $aco('watch', ['aco:sync', '--watch', '--interval=1']);
$cron = null;
$crons = 0;
$nextCron = $nextEdit = microtime(true);
$edits = [];
$pending = [];
mt_srand(42);
while ($lanesEnded() < count($lanes) || $pending !== []) {
    $now = microtime(true);
    if ($now >= $nextCron && ($cron === null || !proc_get_status($cron)['running'])) {
        $cron = $aco('cron', ['aco:sync']);
        $crons++;
        $nextCron = $now + 5;
    }
    if (!isset($ended['catalog']) && $now >= $nextEdit) {
        // products of the default store view (ids 6, 16, 26, …), ahead of and behind the full sync's position
        $id = 6 + 10 * mt_rand(0, intdiv($products - 6, 10));
        $name = 'Limits probe ' . count($edits);
        $pdo->exec("UPDATE catalog_product_entity_varchar SET value = '$name' WHERE entity_id = $id AND attribute_id = 73 AND store_id = 0");
        $pending[count($edits)] = true;
        $edits[] = ['sku' => sprintf('SKU-%07d', $id), 'name' => $name, 'at' => $now - $t0, 'latency' => null];
        $nextEdit = $now + 1;
    }
    foreach (array_keys($pending) as $i) {
        if (($emulator->product('default', $edits[$i]['sku'])['name'] ?? null) === $edits[$i]['name']) {
            $edits[$i]['latency'] = microtime(true) - $t0 - $edits[$i]['at'];
            unset($pending[$i]);
        } elseif ($now - $t0 - $edits[$i]['at'] > 120) {
            $fail("{$edits[$i]['sku']}'s edit never reached ACO");
        }
    }
    usleep(100000);
}
$wall = max($ended);
proc_terminate($watch, 15);
foreach (array_merge(array_values($lanes), [$watch, $cron]) as $process) {
    proc_close($process);
}
$stats = $emulator->call('GET', '/_emulator/stats');
$log = $emulator->call('GET', '/_emulator/requests');
$emulator->stop();
if ($log[0]['atMs'] > $t0 * 1000) {
    $fail('the emulator\'s request log overflowed (it keeps 10,000 requests): fewer --products');
}

// what each lane's feeds took, as aco:sync printed it ("products: … sent (…), 123.4 s")
$feedSeconds = [];
foreach (array_keys($lanes) as $lane) {
    $text = (string) file_get_contents("$work/lane-$lane.out");
    if (str_contains($text, 'skipped')) {
        $fail("the $lane lane skipped a feed another process was syncing:\n$text");
    }
    preg_match_all('/^(\w+): \d+ items.*, ([\d.]+) s$/m', $text, $m, PREG_SET_ORDER);
    foreach ($m as [, $feed, $seconds]) {
        $feedSeconds[$feed] = (float) $seconds;
    }
}
$family = static fn (string $path): string => match (true) {
    str_ends_with($path, '/v1/catalog/products') => 'products',
    str_ends_with($path, '/v1/catalog/products/prices') => 'prices',
    default => 'other',
};
$csv = fopen("$work/requests.csv", 'w');
fputcsv($csv, ['t_s', 'family', 'status', 'items'], escape: '\\');
$sent = ['requests' => 0, 'products' => 0, 'prices' => 0];
foreach ($log as $r) {
    if (!str_contains($r['path'], '/v1/catalog/')) {
        continue;
    }
    fputcsv($csv, [sprintf('%.3f', $r['atMs'] / 1000 - $t0), $family($r['path']), $r['status'], $r['items']], escape: '\\');
    if ($r['status'] === 200) {
        $sent['requests']++;
        $sent[$family($r['path'])] = ($sent[$family($r['path'])] ?? 0) + $r['items'];
    }
}
fclose($csv);
$csv = fopen("$work/edits.csv", 'w');
fputcsv($csv, ['t_s', 'latency_s'], escape: '\\');
foreach ($edits as $e) {
    fputcsv($csv, [sprintf('%.3f', $e['at']), sprintf('%.3f', $e['latency'])], escape: '\\');
}
fclose($csv);

// the bound: each budget's items at its limit; the daily quota adds nothing while the items fit in a day's
$minutes = ['products' => $sent['products'] / $limits['products'], 'prices' => $sent['prices'] / $limits['prices'],
    'requests' => $sent['requests'] / $limits['requests'], 'quota' => $sent['products'] <= $perDay ? 0.0 : INF];
$bound = 60 * max($minutes);
// a sliding window lets a minute's budget go at once: N items need ceil(N/L) windows, the last one starting at (ceil(N/L) − 1) min
$floor = 60 * max(array_map(static fn (float $m): float => ceil($m) - 1, array_slice($minutes, 0, 3)));
$sequential = array_sum($feedSeconds);
$latencies = array_column($edits, 'latency');
sort($latencies);
$p = static fn (float $q): float => $latencies[(int) min(count($latencies) - 1, floor($q * count($latencies)))];
$total = $stats['requests'] + $stats['throttled'];

printf("  sent: %d product records, %d prices, %d requests (ACO answered); %d cron runs, watch, %d lanes\n",
    $sent['products'], $sent['prices'], $sent['requests'], $crons, count($lanes));
printf("  bound max(products/P %.1f s, prices/Q %.1f s, requests/R %.1f s, quota %s) = %.1f s; sliding-window floor %.0f s\n",
    60 * $minutes['products'], 60 * $minutes['prices'], 60 * $minutes['requests'], $minutes['quota'] === 0.0 ? '0 s' : 'a day', $bound, $floor);
printf("  full sync wall time %.1f s = %.0f %% of the bound (goal ≥ 90 %%), %.0f %% of the floor; lanes: %s\n", $wall, 100 * $bound / $wall,
    100 * $floor / $wall, implode(', ', array_map(static fn (string $lane, float $s): string => sprintf('%s %.1f s', $lane, $s), array_keys($ended), $ended)));
printf("  one feed after the other (the feeds' times added): %.1f s; at the bound: %.1f s\n", $sequential,
    60 * ($minutes['products'] + $minutes['prices']));
printf("  429s: %d of %d requests (%.2f %%, goal < 1 %%)\n", $stats['throttled'], $total, 100 * $stats['throttled'] / max(1, $total));
// a process that could not use the shared row (and went on alone) would make every figure above another bench's
$budgetLines = preg_grep('/"target":"aco\.budget"/', (array) file("$work/aco.log"));
printf("  the budget's log lines (a process going on alone, the quota): %d%s\n", count($budgetLines), implode('', array_map(static fn (string $l): string => "\n    $l", $budgetLines)));
printf("  %d edits during the sync, change-to-accepted p50 %.2f s, p95 %.2f s, max %.2f s (goal p95 < 5 s)\n",
    count($latencies), $p(0.5), $p(0.95), end($latencies));

exec(sprintf('%s %s %s %s %d %d %d 2>&1', escapeshellarg(__DIR__ . '/limits-plot.py'), escapeshellarg($work), escapeshellarg($plots),
    escapeshellarg(sprintf('%.1f', $wall)), $limits['requests'], $limits['products'], $limits['prices']), $plotted, $status);
if ($status !== 0) {
    $fail("plotting failed (python3-matplotlib: make deps):\n" . implode("\n", $plotted));
}
echo implode("\n", $plotted), "\n  CSV: $work/requests.csv, $work/edits.csv\n";
