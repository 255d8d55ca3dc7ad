<?php
/**
 * Soak: a bounded run of continuous catalog changes under random faults, with the accidents that once
 * lost data: bin/aco killed (SIGKILL) with deletes in flight, every 30 s; every seventh round an edit whose
 * transaction is still open while the cycle reads the changelogs; every ten rounds an identity
 * that moves between entities (a category taking the URL key another gave up, two categories swapping
 * theirs, a SKU re-created at a new entity, two products swapping SKUs); and, half-way, a new
 * destination (aco:config:init to a second ACO) while a full sync runs. Then a check that the ACO in
 * use holds exactly the catalog (no lost update, no deleted product left), that a full sync has
 * nothing left to send, and that memory stayed flat. `make soak` runs 10 minutes; `--seconds N` (SOAK_SECONDS) for shorter. Needs the extension and
 * a database (scripts/mariadb.sh run).
 */
declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\DestinationChanged;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\ItemStatus;
use Aco\Connector\Model\Services;
use Aco\Connector\Tools\Bench;
use Aco\Connector\Tools\ConsistencyCheck;
use Aco\Connector\Tools\EmulatorProcess;
use Aco\Connector\Tools\FullSyncEnding;
use Aco\Connector\Tools\SampleCatalog\Generator;
use Aco\Connector\Tools\SampleCatalog\IdentityMoves;

Bench::requireSetup('soak', true, 'make soak');
$seconds = (int) (getopt('', ['seconds:'])['seconds'] ?? 600);
mt_srand(7);
$pdo = Bench::pdo();
(new Generator($pdo, 2000, 2, 3, 42))->generate();
$key = random_bytes(32);
putenv('ACO_ENCRYPTION_KEY=' . base64_encode($key));   // bin/aco reads the settings this process saves
// every engine's change capture: one that can make an edit as a full sync ends ($variantGoneAtEnd)
$capture = new FullSyncEnding(new Database($pdo));
$services = new class (new Database($pdo), new SodiumCipher($key), 'https://shop.example.com/media', true, static fn () => null, $capture) extends Services {
    public function __construct(Database $db, SodiumCipher $cipher, string $mediaUrl, bool $standalone, callable $logSink, private FullSyncEnding $capture)
    {
        parent::__construct($db, $cipher, $mediaUrl, $standalone, $logSink);
    }

    public function changes(): ChangeCapture
    {
        return $this->capture;
    }
};
$services->installer()->install();
$services->changes()->install();
$emulator = new EmulatorProcess();
$services->config()->save(['region' => 'na1', 'type' => 'sandbox', 'tenant_id' => EmulatorProcess::TENANT, 'client_id' => EmulatorProcess::CLIENT_ID,
    'client_secret' => EmulatorProcess::CLIENT_SECRET, 'api_base_url' => $emulator->url(), 'ims_base_url' => $emulator->url()]);
$services->config()->saveSync(['enforce_limits' => 0, 'max_attempts' => 1000]);
$rss = static fn (int $pid): int => (int) (preg_match('/VmRSS:\s+(\d+)/', (string) @file_get_contents("/proc/$pid/status"), $m) ? $m[1] : 0) * 1024;
$clientSettings = ['max_attempts' => 2, 'retry_base_ms' => 20, 'retry_max_ms' => 100, 'timeout_ms' => 1000];
$engine = static fn (): \Aco\Connector\Model\Feed\FeedSync => $services->sync(200, $clientSettings);
/** @return resource bin/aco running with these arguments, its output discarded */
$aco = static function (array $args) {
    $extension = getenv('ACO_EXTENSION_SO') ?: dirname(__DIR__) . '/target/release/libaco_connector.so';
    $process = proc_open(array_merge([PHP_BINARY, '-d', "extension=$extension", dirname(__DIR__) . '/bin/aco', '--no-ansi'], $args),
        [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
    return is_resource($process) ? $process : throw new RuntimeException('cannot start bin/aco');
};
$failures = [];

$sync = $engine();
foreach (Feed::all() as $feed) {
    $sync->full($feed);
    $services->changes()->commit($feed, $services->changes()->pending($feed));
}

/**
 * Deletes three products, sends their deletes through bin/aco against a slow ACO and kills it with
 * SIGKILL while they are in flight. Whatever syncs next must send them again (nothing else will).
 *
 * @param array<int, true> $deleted grows by the ids deleted
 * @return bool whether the kill fell with deletes in flight
 */
$killDuringDeletes = static function (array &$deleted) use ($pdo, $aco, &$emulator): bool {
    $ids = $pdo->query('SELECT entity_id FROM catalog_product_entity ORDER BY entity_id')->fetchAll(PDO::FETCH_COLUMN);
    $ids = array_map(static fn (int $i): int => (int) $ids[$i], array_unique([mt_rand(0, count($ids) - 1), mt_rand(0, count($ids) - 1), mt_rand(0, count($ids) - 1)]));
    $list = implode(',', $ids);
    $pdo->exec("DELETE FROM catalog_product_entity WHERE entity_id IN ($list)");
    $deleted += array_fill_keys($ids, true);
    $emulator->call('PUT', '/_emulator/faults', ['latencyMs' => 3000]);
    $process = $aco(['aco:sync', '--feed=products', "--by-ids=$list"]);
    $inFlight = static fn (): bool => (int) $pdo->query("SELECT COUNT(*) FROM aco_feed_products WHERE source_entity_id IN ($list) AND is_deleted = 1 AND status <> "
        . ItemStatus::SENT)->fetchColumn() > 0;
    for ($i = 0; $i < 300 && !$inFlight(); $i++) {
        usleep(50000);
    }
    usleep(300000);
    proc_terminate($process, SIGKILL);
    proc_close($process);
    $emulator->call('PUT', '/_emulator/faults', []);
    return $inFlight();
};

/**
 * aco:config:init to a second ACO while bin/aco runs a full sync against the first: refused while the
 * sync holds a feed, then stored; the sync and an engine built before stop without recording; the
 * new ACO gets everything (the requested full syncs, as cron runs them).
 *
 * @return array{refused: int, syncRunning: bool, staleStopped: bool}
 */
$changeDestination = static function () use ($services, $aco, $engine, $clientSettings, &$emulator): array {
    $stale = $engine();
    // every product sent again, one slow request at a time: the sync is busy for a while
    proc_close($aco(['aco:resync', '--feed=products']));
    $emulator->call('PUT', '/_emulator/faults', ['latencyMs' => 200]);
    $full = $aco(['aco:sync', '--full', '--concurrency=1']);
    sleep(1);
    $next = new EmulatorProcess();
    $refused = 0;
    $init = ['aco:config:init', '--org_id=o', '--tenant_id=' . EmulatorProcess::TENANT, '--client_id=' . EmulatorProcess::CLIENT_ID,
        '--client_secret=' . EmulatorProcess::CLIENT_SECRET, '--api-base-url=' . $next->url(), '--ims-base-url=' . $next->url(),
        '--requests-per-minute=1000000', '--products-per-minute=1000000', '--prices-per-minute=1000000'];
    while (proc_close($aco($init)) !== 0 && ++$refused < 60) {
        usleep(200000);
    }
    $syncRunning = proc_get_status($full)['running'];
    proc_close($full);
    try {
        $stale->entities(Feed::named(Feed::PRODUCTS), [1]);
        $staleStopped = false;
    } catch (DestinationChanged) {
        $staleStopped = true;
    }
    $emulator->stop();
    $emulator = $next;
    $services->cycle(200, $clientSettings)->run(Feed::all());
    return ['refused' => $refused, 'syncRunning' => $syncRunning, 'staleStopped' => $staleStopped];
};

/**
 * A full products sync (as cron runs a requested one) during whose end, after it has read and sent
 * everything, an admin deletes a variant: cron alone must still resend its configurable.
 *
 * @param array<int, true> $deleted grows by the variant's id
 * @return bool whether a variant was there to delete
 */
$variantGoneAtEnd = static function (array &$deleted) use ($pdo, $services, $capture, $clientSettings): bool {
    $variant = (int) $pdo->query('SELECT MIN(product_id) FROM catalog_product_super_link')->fetchColumn();
    if ($variant === 0) {
        return false;
    }
    $capture->at(Feed::PRODUCTS, static fn () => $pdo->exec("DELETE FROM catalog_product_entity WHERE entity_id = $variant"));
    $services->queue()->request([Feed::PRODUCTS]);
    $services->cycle(200, $clientSettings)->run([Feed::named(Feed::PRODUCTS)]);
    $deleted[$variant] = true;
    return true;
};

/**
 * The next identity move, in turn: a category takes the URL key another gave up, two sibling
 * categories swap theirs, a product is re-created at a new entity id with its SKU, two products swap
 * SKUs. Leaf categories of the sample: 4-6 and 8-10 (12-14 are below an inactive one).
 *
 * The round's fault plan is the one each move once lost data under: deletes answered late (and 503s)
 * for a key given up and taken or a re-created SKU, answers slower than a full sync's windows for a
 * swap. A SKU move goes through a full sync (windows of 200 entities: its two entities in two windows).
 *
 * @param array<int, true> $deleted grows by the product re-created elsewhere
 * @return array<string, mixed> the fault plan of the round
 */
$moveIdentity = static function (int $move, array &$deleted) use ($pdo, $services): array {
    $moves = new IdentityMoves($pdo);
    $leaf = [4, 5, 6, 8, 9, 10][mt_rand(0, 5)];
    $live = static fn (): int => (int) $pdo->query('SELECT entity_id FROM catalog_product_entity WHERE entity_id <= 2000 ORDER BY RAND(' . mt_rand() . ') LIMIT 1')->fetchColumn();
    $late = ['deleteLatencyMs' => 500, 'failNext' => 2, 'failStatus' => 503];
    switch ($move % 4) {
        case 0:
            $moves->reuseCategoryKey($leaf, 1000 + $move, "m$move");
            return $late;
        case 1:
            $moves->swapCategoryKeys($leaf, $leaf % 4 === 2 ? $leaf - 2 : $leaf + 1);
            return $late;
        case 2:
            $from = $live();
            $moves->recreateProduct($from, 3000 + $move);
            $deleted[$from] = true;
            $services->queue()->request([Feed::PRODUCTS, Feed::PRICES]);
            return $late;
        default:
            $moves->swapSkus($live(), $live());
            $services->queue()->request([Feed::PRODUCTS, Feed::PRICES]);
            return ['latencyMs' => 300];
    }
};

$memory = [memory_get_usage(true), $rss(getmypid()), $rss($emulator->pid())];
$faults = [[], ['failNext' => 3, 'failStatus' => 503], ['dropAfterStoreNext' => 2], ['dropNext' => 2], ['failNext' => 4, 'failStatus' => 429, 'retryAfter' => 1], ['hangNext' => 1, 'hangMs' => 1500], ['latencyMs' => 20]];
$start = microtime(true);
$deadline = $start + $seconds;
$nextKill = $start + 15;
$nextEnding = $start + 25;
$variantsGone = 0;
$switchAt = $start + $seconds / 2;
$switch = null;
$kills = 0;
$deleted = [];
$moved = 0;
$rounds = 0;
$changes = 0;
$invalidTurns = 0;
$skusTaken = 0;
$lateCommits = 0;
$sent = 0;
while (microtime(true) < $deadline) {
    $rounds++;
    if (microtime(true) >= $nextKill) {
        $kills += (int) $killDuringDeletes($deleted);
        $nextKill += 30;
    }
    if (microtime(true) >= $nextEnding) {
        $variantsGone += (int) $variantGoneAtEnd($deleted);
        $nextEnding += 60;
    }
    if ($switch === null && microtime(true) >= $switchAt) {
        $switch = $changeDestination();
        $memory[2] = $rss($emulator->pid());
    }
    // a burst of admin edits: names, prices, status, website assignment; a product turning invalid
    // (name blanked, disabled) until a rename; a SKU taken from another product or given back
    // (of products still there)
    for ($i = 0; $i < 20; $i++) {
        $id = mt_rand(1, 2000);
        if (isset($deleted[$id])) {
            continue;
        }
        switch (mt_rand(0, 5)) {
            case 0:
                $pdo->exec("UPDATE catalog_product_entity_varchar SET value = CONCAT('Soak $rounds ', $id) WHERE entity_id = $id AND attribute_id = 73 AND store_id = 0");
                break;
            case 1:
                $pdo->exec("UPDATE catalog_product_entity_decimal SET value = value + 1 WHERE entity_id = $id AND attribute_id = 77");
                break;
            case 2:
                $pdo->exec("UPDATE catalog_product_entity_int SET value = 3 - value WHERE entity_id = $id AND attribute_id = 97 AND store_id = 0");
                break;
            case 4:
                $pdo->exec("UPDATE catalog_product_entity_varchar SET value = '' WHERE entity_id = $id AND attribute_id = 73 AND store_id = 0");
                $pdo->exec("UPDATE catalog_product_entity_int SET value = 2 WHERE entity_id = $id AND attribute_id = 97 AND store_id = 0");
                $invalidTurns++;
                break;
            case 5:
                $pdo->exec(sprintf("UPDATE catalog_product_entity SET sku = IF(sku = 'SKU-%07d', 'SKU-%07d', 'SKU-%07d') WHERE entity_id = $id", $id, mt_rand(1, 2000), $id));
                $skusTaken++;
                break;
            default:
                $in = (int) $pdo->query("SELECT COUNT(*) FROM catalog_product_website WHERE product_id = $id AND website_id = 2")->fetchColumn();
                $pdo->exec($in ? "DELETE FROM catalog_product_website WHERE product_id = $id AND website_id = 2" : "INSERT INTO catalog_product_website (product_id, website_id) VALUES ($id, 2)");
        }
        $changes++;
    }
    $emulator->call('PUT', '/_emulator/faults', $rounds % 10 === 0 ? $moveIdentity($moved++, $deleted) : $faults[mt_rand(0, count($faults) - 1)]);
    // what cron runs (the changes captured, what they reach, then due retries), retries (withdrawals
    // of refused items' copies included) made due at once
    $lane = [Feed::named(Feed::CATEGORIES), Feed::named(Feed::PRODUCTS), Feed::named(Feed::PRICES)];
    foreach ($lane as $feed) {
        $pdo->exec("UPDATE {$feed->table()} SET next_retry_at = NOW() WHERE next_retry_at > NOW()");
    }
    // every 7th round an edit whose transaction is still open while the cycle reads the changelogs,
    // committed after it (its changelog row is numbered below rows the cycle reads and commits)
    $open = null;
    if ($rounds % 7 === 0) {
        $open = Bench::pdo();
        $open->beginTransaction();
        $open->exec("UPDATE catalog_product_entity_varchar SET value = CONCAT('Late $rounds ', entity_id) WHERE entity_id = " . mt_rand(1, 2000) . ' AND attribute_id = 73 AND store_id = 0');
        $pdo->exec("UPDATE catalog_product_entity_decimal SET value = value + 1 WHERE entity_id = " . mt_rand(1, 2000) . ' AND attribute_id = 77');
    }
    foreach ($services->cycle(200, $clientSettings)->run($lane) as $report) {
        $sent += $report->sent;
    }
    if ($open !== null) {
        $open->commit();
        $lateCommits++;
    }
    if ($rounds % 20 === 0) {
        printf("%4.0f s: %d rounds, %d edits, %d items sent, %d kills, PHP %.1f MB, emulator RSS %.1f MB\n", microtime(true) - $start, $rounds, $changes, $sent,
            $kills, memory_get_usage(true) / 1e6, $rss($emulator->pid()) / 1e6);
    }
}
// settle: no faults, every due retry resent (unconfirmed deletes first, as every run does)
$emulator->call('PUT', '/_emulator/faults', []);
for ($i = 0; $i < 5; $i++) {
    foreach (Feed::all() as $feed) {
        $pdo->exec("UPDATE {$feed->table()} SET next_retry_at = NOW() WHERE next_retry_at > NOW()");
        $services->sync(500)->retry($feed);
    }
}
$end = [memory_get_usage(true), $rss(getmypid()), $rss($emulator->pid())];
$differences = ConsistencyCheck::differences(new Database($pdo), $services->catalog(), $emulator);
$leftToFull = [];
foreach (Feed::all() as $feed) {
    $report = $services->sync(500)->full($feed);
    if ($report->sent > 0) {
        $leftToFull[] = "{$feed->name}: {$report->sent}";
    }
}
printf("soak: %d s, %d rounds, %d edits, %d items sent under random faults\n", $seconds, $rounds, $changes, $sent);
printf("kill -9 with deletes in flight: %d times, %d products deleted; %d identities moved between entities\n", $kills, count($deleted), $moved);
printf("products turned invalid: %d, SKUs taken or given back: %d, variants deleted as a full sync ended: %d, edits committed after a cycle read past them: %d\n",
    $invalidTurns, $skusTaken, $variantsGone, $lateCommits);
if ($moved === 0) {
    $failures[] = 'no identity moved';
}
if ($leftToFull !== []) {
    $failures[] = 'a full sync after the run still sent items (' . implode(', ', $leftToFull) . ')';
}
if ($switch !== null) {
    printf("new destination during a full sync: init refused %d times while the sync held a feed; the sync %s; an engine built before %s\n", $switch['refused'],
        $switch['syncRunning'] ? 'was still running and stopped at its next feed' : 'had finished', $switch['staleStopped'] ? 'stopped (DestinationChanged)' : 'DID NOT STOP');
    if (!$switch['staleStopped']) {
        $failures[] = 'an engine built before the new destination went on';
    }
} else {
    $failures[] = 'no destination change happened';
}
if ($switch !== null && $switch['refused'] === 0 && !$switch['syncRunning']) {
    $failures[] = 'the new destination did not fall during a sync';
}
if ($variantsGone === 0) {
    $failures[] = 'no variant was deleted as a full sync ended';
}
if ($kills === 0) {
    $failures[] = 'no kill fell with deletes in flight';
}
printf("memory: PHP %.1f → %.1f MB (usage), %.1f → %.1f MB (RSS); emulator RSS (the second) %.1f → %.1f MB\n",
    $memory[0] / 1e6, $end[0] / 1e6, $memory[1] / 1e6, $end[1] / 1e6, $memory[2] / 1e6, $end[2] / 1e6);
echo $differences === [] ? "final state: ACO holds exactly the catalog (0 lost updates)\n" : "final state DIFFERS:\n  " . implode("\n  ", $differences) . "\n";
echo $failures === [] ? '' : 'FAILED: ' . implode('; ', $failures) . "\n";
$emulator->stop();
exit($differences === [] && $failures === [] ? 0 : 1);
