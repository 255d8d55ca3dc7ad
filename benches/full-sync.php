<?php
/**
 * End-to-end sync benchmark: generated catalog in MariaDB → readers → extension → emulator (limits
 * off), with feed-state writes. For each catalog size: time, items/s and CPU per feed of a first full
 * sync (median of --runs, each from an empty feed state and a fresh emulator), CPU of this PHP
 * process vs the emulator and MariaDB, PHP peak memory of the syncs (the catalog is generated in a
 * process of its own) and RSS; then, on the unchanged catalog, what cron runs (changes + retries)
 * and a full re-run (every item compared); then an incremental sync of 1,000 changed products.
 * Run inside scripts/mariadb.sh run.
 *
 *   php -d extension=target/release/libaco_connector.so benches/full-sync.php --products 10000,100000 [--runs 3]
 */
declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Services;
use Aco\Connector\Tools\Bench;
use Aco\Connector\Tools\EmulatorProcess;

Bench::requireSetup('full-sync bench', true, 'make bench-sync');
$options = getopt('', ['products:', 'runs:']);
$sizes = array_map('intval', explode(',', $options['products'] ?? '10000'));
$runs = max(1, (int) ($options['runs'] ?? 3));

$cpu = Bench::cpuSeconds(...);
$procCpu = static function (int $pid): float {
    $stat = (string) @file_get_contents("/proc/$pid/stat");
    $fields = explode(' ', substr($stat, (int) strrpos($stat, ')') + 2));
    return ((int) ($fields[11] ?? 0) + (int) ($fields[12] ?? 0)) / 100;
};
$rss = static function (string $pid = 'self'): int {
    preg_match('/VmHWM:\s+(\d+) kB/', (string) @file_get_contents("/proc/$pid/status"), $m);
    return (int) ($m[1] ?? 0) * 1024;
};

$summary = [];
foreach ($sizes as $n) {
    $pdo = Bench::pdo();
    $t = microtime(true);
    // in a process of its own: this one's memory figures are the connector's, not the generator's
    exec(sprintf('%s %s --products %d --websites 2 --store-views 3 --seed 42 2>&1', PHP_BINARY, escapeshellarg(__DIR__ . '/../bin/aco-sample-catalog'), $n), $output, $status);
    if ($status !== 0) {
        fwrite(STDERR, "full-sync bench: generating the catalog failed; no figures\n" . implode("\n", $output) . "\n");
        exit(1);
    }
    $generated = microtime(true) - $t;
    memory_reset_peak_usage();
    $services = new Services(new Database($pdo), new SodiumCipher(random_bytes(32)), 'https://shop.example.com/media', true, static fn () => null);
    $dbPid = (int) @file_get_contents(dirname((string) getenv('ACO_DB_SOCKET')) . '/mariadbd.pid');
    $config = $services->config();
    $changes = $services->changes();
    $emulator = null;

    // each run a first full sync: empty feed state, a fresh emulator
    $measured = [];
    for ($run = 0; $run < $runs; $run++) {
        foreach (Feed::all() as $feed) {
            $pdo->exec('DROP TABLE IF EXISTS ' . $feed->table());
        }
        $pdo->exec('DROP TABLE IF EXISTS aco_sync_run');
        $services->installer()->install();
        $changes->install();
        $emulator?->stop();
        $emulator = new EmulatorProcess(['--max-items', '1000']);
        $emulatorPid = (int) shell_exec('pgrep -n aco-emulator');
        $config->save(['region' => 'na1', 'type' => 'sandbox', 'tenant_id' => EmulatorProcess::TENANT, 'client_id' => EmulatorProcess::CLIENT_ID,
            'client_secret' => EmulatorProcess::CLIENT_SECRET, 'api_base_url' => $emulator->url(), 'ims_base_url' => $emulator->url()]);
        $config->saveSync(['enforce_limits' => 0]);
        $sync = $services->sync(500);
        foreach (Feed::all() as $feed) {
            [$t, $c, $e, $d] = [microtime(true), $cpu(), $procCpu($emulatorPid), $procCpu($dbPid)];
            $r = $sync->full($feed);
            [$wall, $phpCpu, $emuCpu, $dbCpu] = [microtime(true) - $t, $cpu() - $c, $procCpu($emulatorPid) - $e, $procCpu($dbPid) - $d];
            if ($r->failed > 0 || $r->accepted !== $r->sent) {
                fwrite(STDERR, "full-sync bench: {$feed->name}: {$r->failed} failed; no figures\n");
                exit(1);
            }
            $measured[$feed->name][] = ['sent' => $r->sent, 'wall' => $wall, 'php' => $phpCpu, 'emu' => $emuCpu, 'db' => $dbCpu];
            $changes->commit($feed, $changes->pending($feed));
        }
    }

    printf("\n== %s products, 2 websites, 3 store views, 4 customer groups (catalog generated in %.1f s); median of %d runs\n", number_format($n), $generated, $runs);
    printf("%-18s %10s %8s %12s %14s %14s %14s   %s\n", 'feed (full sync)', 'items', 'wall s', 'items/s', 'PHP CPU ms/1k', 'emu CPU ms/1k', 'DB CPU ms/1k', 'items/s of each run');
    foreach (Feed::all() as $feed) {
        $all = $measured[$feed->name];
        usort($all, static fn (array $a, array $b): int => $a['wall'] <=> $b['wall']);
        $m = $all[intdiv(count($all), 2)];
        $perK = static fn (float $seconds): float => $seconds * 1e6 / max(1, $m['sent']);
        printf("%-18s %10d %8.1f %12.0f %14.1f %14.1f %14.1f   %s\n", $feed->name, $m['sent'], $m['wall'], $m['sent'] / max($m['wall'], 1e-6),
            $perK($m['php']), $perK($m['emu']), $perK($m['db']), implode(' · ', array_map(static fn (array $r): string => number_format($r['sent'] / max($r['wall'], 1e-6)), $measured[$feed->name])));
        $summary[$n][$feed->name] = [$m['sent'], $m['wall']];
    }
    [$dbBytes, $pool] = $pdo->query('SELECT SUM(DATA_LENGTH + INDEX_LENGTH), @@innodb_buffer_pool_size FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()')->fetch(\PDO::FETCH_NUM);
    printf("database (catalog + feed state) %.0f MB; InnoDB buffer pool %.0f MB\n", $dbBytes / 1e6, $pool / 1e6);
    [$summary[$n]['peak'], $summary[$n]['peakReal']] = [memory_get_peak_usage(), memory_get_peak_usage(true)];
    $summary[$n]['rss'] = $rss();
    printf("PHP peak memory %.1f MB in use (%.1f MB taken from the system), process peak RSS %.1f MB; emulator peak RSS %.1f MB (holding every item)\n",
        $summary[$n]['peak'] / 1e6, $summary[$n]['peakReal'] / 1e6, $summary[$n]['rss'] / 1e6, $rss((string) $emulatorPid) / 1e6);

    $full = array_sum(array_map(static fn ($f) => $summary[$n][$f][1], Feed::ORDER));
    // what cron (and `aco:sync`) runs: engine built afresh (mapping context read), changes, retries
    $t = microtime(true);
    $unchanged = 0;
    foreach ($services->cycle(500)->run(Feed::all()) as $report) {
        $unchanged += $report->sent;
    }
    $resync = microtime(true) - $t;
    printf("unchanged re-sync (aco:sync, every cron minute): %d items sent, %.3f s = %.1f %% of the full sync\n", $unchanged, $resync, 100 * $resync / $full);
    // the safety net: every item read, mapped and compared with the feed state
    $t = microtime(true);
    $unchanged = 0;
    foreach (Feed::all() as $feed) {
        $unchanged += $services->sync(500)->full($feed)->sent;
    }
    $rerun = microtime(true) - $t;
    printf("unchanged full re-run (aco:sync --full): %d items sent, %.1f s = %.0f %% of the full sync\n", $unchanged, $rerun, 100 * $rerun / $full);

    $pdo->exec('UPDATE catalog_product_entity_varchar SET value = CONCAT(value, " v2") WHERE attribute_id = 73 AND store_id = 0 AND entity_id <= 1000');
    $t = microtime(true);
    $pending = $changes->pending(Feed::named(Feed::PRODUCTS));
    $r = $services->sync(500)->entities(Feed::named(Feed::PRODUCTS), $pending->ids);
    printf("1,000 products renamed: %d ids captured, %d items sent in %.2f s\n", count($pending->ids), $r->sent, microtime(true) - $t);
    foreach (Feed::all() as $feed) {
        $changes->commit($feed, $changes->pending($feed));
    }
    $emulator->stop();
}
if (count($summary) > 1) {
    [$a, $b] = array_keys($summary);
    foreach (['peak' => 'in use', 'peakReal' => 'taken from the system'] as $key => $what) {
        printf("%sPHP peak memory %s vs %s products, %s: %.1f MB vs %.1f MB (%+.0f %%)\n", $key === 'peak' ? "\n" : '', number_format($a), number_format($b), $what,
            $summary[$a][$key] / 1e6, $summary[$b][$key] / 1e6, 100 * ($summary[$b][$key] / $summary[$a][$key] - 1));
    }
}
