<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Reliability;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\Feed\DestinationChanged;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedLock;
use Aco\Connector\Model\Services;
use Aco\Connector\Test\Support\Extension;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Test\Support\TestDatabase;
use Aco\Connector\Tools\ConsistencyCheck;
use Aco\Connector\Tools\EmulatorProcess;
use Aco\Connector\Tools\SampleCatalog\IdentityMoves;
use PHPUnit\Framework\TestCase;

/**
 * bin/aco killed with SIGKILL at ten random points (seeded; ACO_CRASH_SEED replays), and the database restarted under a running
 * sync: each time `aco:sync --full --continue` finishes the job, and ACO ends up with every item once. Killed with deletes in
 * flight (of products, of a moved category's old slug), whatever runs next sends them again.
 */
final class CrashSuiteTest extends TestCase
{
    private EmulatorProcess $emulator;
    private string $key;

    protected function setUp(): void
    {
        SampleDatabase::generate(300);
        $pdo = TestDatabase::pdo();
        foreach (['aco_feed_product_attributes', 'aco_feed_categories', 'aco_feed_products', 'aco_feed_price_books', 'aco_feed_prices', 'aco_sync_run'] as $t) {
            $pdo->exec("DROP TABLE IF EXISTS $t");
        }
        $this->emulator = new EmulatorProcess();
        $this->key = base64_encode(random_bytes(32));
        $init = $this->init($this->emulator);
        self::assertSame(0, $init['status'], $init['stdout']);
    }

    /** `aco:config:init` to the ACO `$aco` stands for. */
    private function init(EmulatorProcess $aco): array
    {
        $url = $aco->url();
        return $this->aco(['aco:config:init', '--org_id=o', '--tenant_id=' . EmulatorProcess::TENANT, '--client_id=' . EmulatorProcess::CLIENT_ID,
            '--client_secret=' . EmulatorProcess::CLIENT_SECRET, "--api-base-url=$url", "--ims-base-url=$url",
            '--requests-per-minute=1000000', '--products-per-minute=1000000', '--prices-per-minute=1000000']);
    }

    /** bin/aco's services, in this process. */
    private function services(): Services
    {
        return new Services(new Database(TestDatabase::pdo()), new SodiumCipher(base64_decode($this->key)), 'https://shop.example.com/media', true, static fn () => null);
    }

    /** ACO holds exactly what the catalog maps to (payload by payload), and the feed tables agree. */
    private function assertAcoIsTheCatalog(EmulatorProcess $aco, string $when): void
    {
        self::assertSame([], ConsistencyCheck::differences(new Database(TestDatabase::pdo()), $this->services()->catalog(), $aco), $when);
    }

    protected function tearDown(): void
    {
        $this->emulator->stop();
    }

    private function aco(array $args): array
    {
        putenv("ACO_ENCRYPTION_KEY={$this->key}");
        return Extension::runPhp(array_merge([dirname(__DIR__, 3) . '/bin/aco', '--no-ansi'], $args), true, true);
    }

    /** @return resource a running `aco:sync --full` (all feeds unless given, small batches, one request at a time) */
    private function startSync(string ...$feeds)
    {
        return $this->start(['aco:sync', '--full', '--batch-size=40', '--concurrency=1', ...array_map(static fn (string $feed): string => "--feed=$feed", $feeds)]);
    }

    /** @return resource bin/aco running with these arguments, its output discarded */
    private function start(array $args)
    {
        putenv("ACO_ENCRYPTION_KEY={$this->key}");
        $process = proc_open(array_merge([PHP_BINARY, '-d', 'extension=' . Extension::path(), dirname(__DIR__, 3) . '/bin/aco'], $args),
            [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
        self::assertIsResource($process);
        return $process;
    }

    private function expectedCounts(): array
    {
        $pdo = TestDatabase::pdo();
        $views = (int) $pdo->query('SELECT COUNT(*) FROM catalog_product_website w JOIN store s ON s.website_id = w.website_id')->fetchColumn();
        // a base book price per simple product and website; a group book's only where the group pays otherwise (the mapping decides)
        $schema = new CatalogSchema(new Database($pdo));
        $catalog = SampleDatabase::catalog($schema);
        $prices = 0;
        foreach (SampleDatabase::prices($schema)->chunks(500) as $chunk) {
            $prices += count(SampleDatabase::decode($catalog->prices($chunk))[0]);
        }
        return ['products' => $views, 'prices' => $prices];
    }

    private function assertComplete(string $when): void
    {
        $expected = $this->expectedCounts();
        self::assertSame($expected['products'], $this->emulator->count('products'), "$when: products in ACO");
        self::assertSame($expected['prices'], $this->emulator->count('prices'), "$when: prices in ACO");
        $pdo = TestDatabase::pdo();
        foreach (['aco_feed_products' => 'products', 'aco_feed_prices' => 'prices'] as $table => $entity) {
            self::assertSame($expected[$entity], (int) $pdo->query("SELECT COUNT(*) FROM $table WHERE status = 1 AND is_deleted = 0")->fetchColumn(), "$when: $table sent");
            self::assertSame(0, (int) $pdo->query("SELECT COUNT(*) FROM $table WHERE status <> 1")->fetchColumn(), "$when: $table nothing left over");
        }
    }

    public function test_sigkill_at_ten_random_points_then_continue_loses_nothing(): void
    {
        // slow requests: a whole sync takes a few seconds, so every kill point falls inside one
        $this->emulator->call('PUT', '/_emulator/faults', ['latencyMs' => 200]);
        // random kill points, 100-1000 ms after start (a sync takes a few seconds); the seed is in
        // every failure message, and ACO_CRASH_SEED=<seed> replays a run
        $seed = (int) (getenv('ACO_CRASH_SEED') ?: random_int(1, PHP_INT_MAX));
        mt_srand($seed);
        $delays = array_map(static fn (): int => mt_rand(100, 1000), range(1, 10));
        foreach ($delays as $run => $delay) {
            // every run has every product's default name changed: the products feed resends them all
            TestDatabase::pdo()->exec("UPDATE catalog_product_entity_varchar SET value = CONCAT(value, '.') WHERE attribute_id = 73 AND store_id = 0");
            $process = $this->startSync();
            usleep($delay * 1000);
            $killedMidRun = proc_get_status($process)['running'];
            proc_terminate($process, 9);
            proc_close($process);
            $midRun = ($midRun ?? 0) + (int) $killedMidRun;
            $resumed = $this->aco(['aco:sync', '--full', '--continue']);
            self::assertSame(0, $resumed['status'], "seed $seed, run $run: " . $resumed['stdout'] . $resumed['stderr']);
            $this->assertComplete("seed $seed: kill after {$delay} ms");
        }
        self::assertGreaterThanOrEqual(6, $midRun, "seed $seed: most kills fell inside running syncs");
    }

    public function test_a_database_restart_mid_sync_is_survived_by_resuming(): void
    {
        $this->emulator->call('PUT', '/_emulator/faults', ['latencyMs' => 25]);
        $dir = dirname((string) getenv('ACO_DB_SOCKET'));
        $process = $this->startSync();
        usleep(700000);
        exec(escapeshellarg(dirname(__DIR__, 3) . '/scripts/mariadb.sh') . ' stop ' . escapeshellarg($dir) . ' 2>&1');
        $status = proc_get_status($process);
        for ($i = 0; $i < 100 && $status['running']; $i++) {
            usleep(100000);
            $status = proc_get_status($process);
        }
        proc_close($process);
        self::assertFalse($status['running'], 'the sync stopped when the database went away');
        self::assertNotSame(0, $status['exitcode'], 'and said so with its exit code');
        putenv('ACO_DB_PORT');
        exec(escapeshellarg(dirname(__DIR__, 3) . '/scripts/mariadb.sh') . ' start ' . escapeshellarg($dir) . ' 2>&1', $out, $code);
        self::assertSame(0, $code, implode("\n", $out));
        $resumed = $this->aco(['aco:sync', '--full', '--continue']);
        self::assertSame(0, $resumed['status'], $resumed['stdout'] . $resumed['stderr']);
        $this->assertComplete('after the database restart');
    }

    /** Waits until `$done` holds (polled every 20 ms, at most 60 s). */
    private static function until(callable $done, string $what): void
    {
        for ($i = 0; $i < 3000 && !$done(); $i++) {
            usleep(20000);
        }
        self::assertTrue($done(), "timed out waiting for $what");
    }

    public function test_deletes_in_flight_when_killed_are_sent_by_whatever_runs_next(): void
    {
        self::assertSame(0, $this->aco(['aco:sync', '--full'])['status']);
        $pdo = TestDatabase::pdo();
        $unconfirmed = static fn (): int => (int) $pdo->query('SELECT COUNT(*) FROM aco_feed_products WHERE is_deleted = 1 AND status <> 1')->fetchColumn();
        $paths = [['aco:sync'], ['aco:sync', '--feed=products', '--by-ids=1'], ['aco:sync', '--full', '--continue'], ['aco:sync', '--full'], ['aco:sync', '--retry']];
        foreach ($paths as $round => $path) {
            $pdo->exec('DELETE FROM catalog_product_entity WHERE entity_id IN (' . (20 + 2 * $round) . ', ' . (21 + 2 * $round) . ')');
            // slow answers: the deletes are in flight when the sync is killed
            $this->emulator->call('PUT', '/_emulator/faults', ['latencyMs' => 3000]);
            $process = $this->startSync('products');
            self::until(static fn (): bool => $unconfirmed() > 0, 'the deletes to be sent');
            usleep(300000);
            proc_terminate($process, 9);
            proc_close($process);
            self::assertGreaterThan(0, $unconfirmed(), 'killed with deletes in flight');
            $this->emulator->call('PUT', '/_emulator/faults', []);
            $next = $this->aco($path);
            self::assertSame(0, $next['status'], implode(' ', $path) . ': ' . $next['stdout'] . $next['stderr']);
            self::assertSame(0, $unconfirmed(), implode(' ', $path) . ' confirms the deletes left in flight');
            // prices of the deleted products go when the prices feed runs (not on every path)
            $products = array_filter(ConsistencyCheck::differences(new Database($pdo), $this->services()->catalog(), $this->emulator), static fn (string $d): bool => str_starts_with($d, 'products:'));
            self::assertSame([], array_values($products), implode(' ', $path) . ': ACO holds exactly the catalog\'s products');
        }
        // a full sync for the prices: the prices feed's change capture does not see a product's
        // deletion (mview.xml subscribes aco_prices to the EAV tables only)
        self::assertSame(0, $this->aco(['aco:sync', '--full'])['status']);
        $this->assertAcoIsTheCatalog($this->emulator, 'after the kills');
        // a resync of everything sends the confirmed deletes again, and they end confirmed, not pending
        self::assertSame(0, $this->aco(['aco:resync', '--feed=products'])['status']);
        self::assertSame(0, $this->aco(['aco:sync'])['status']);
        self::assertSame(0, (int) $pdo->query('SELECT COUNT(*) FROM aco_feed_products WHERE status <> 1')->fetchColumn(), 'nothing left pending after a resync');
        $this->assertAcoIsTheCatalog($this->emulator, 'after a resync');
    }

    public function test_a_refused_item_whose_withdrawal_was_in_flight_when_killed_is_withdrawn_by_cron(): void
    {
        $first = $this->aco(['aco:sync', '--full']);
        self::assertSame(0, $first['status'], $first['stdout'] . $first['stderr']);
        $pdo = TestDatabase::pdo();
        // a simple product on the main website that no other product names (id ≡ 0 mod 10 in the sample)
        $id = (int) $pdo->query("SELECT MIN(e.entity_id) FROM catalog_product_entity e JOIN catalog_product_website w ON w.product_id = e.entity_id AND w.website_id = 1
            WHERE e.type_id = 'simple' AND e.entity_id % 10 = 0")->fetchColumn();
        $sku = sprintf('SKU-%07d', $id);
        $pdo->exec("UPDATE catalog_product_entity_varchar SET value = '' WHERE entity_id = $id AND attribute_id = 73");
        $pdo->exec("UPDATE catalog_product_entity_int SET value = 2 WHERE entity_id = $id AND attribute_id = 97 AND store_id = 0");
        // the first request of cron's run, the delete of the product's copy in ACO, hangs until the kill
        $this->emulator->call('PUT', '/_emulator/faults', ['hangNext' => 1, 'hangMs' => 60000]);
        $process = $this->start(['aco:sync', '--feed=products']);
        self::until(fn (): bool => $this->emulator->call('GET', '/_emulator/faults')['hangNext'] === 0, 'the withdrawal to be sent');
        proc_terminate($process, 9);
        proc_close($process);
        $this->emulator->call('PUT', '/_emulator/faults', []);
        self::assertSame('ENABLED', $this->emulator->product('default', $sku)['status'] ?? null, 'killed: ACO still sells the stale copy');

        $cron = $this->aco(['aco:sync']);
        self::assertSame(0, $cron['status'], $cron['stdout'] . $cron['stderr']);
        self::assertNull($this->emulator->product('default', $sku), 'cron withdrew it');
        $failed = $this->aco(['aco:status', '--failed', '--feed=products']);
        self::assertSame(1, $failed['status'], 'still listed, with its reason');
        self::assertStringContainsString($sku, $failed['stdout']);
        $this->assertAcoIsTheCatalog($this->emulator, 'after cron');
        self::assertSame(0, (int) $pdo->query("SELECT COUNT(*) FROM aco_feed_products WHERE source_entity_id = $id AND (status <> 3 OR is_deleted = 0)")->fetchColumn(),
            'every item of it refused, none left in ACO');
    }

    public function test_a_category_move_killed_with_the_old_slugs_delete_in_flight_is_finished_by_cron(): void
    {
        self::assertSame(0, $this->aco(['aco:sync', '--full'])['status']);
        $pdo = TestDatabase::pdo();
        (new IdentityMoves($pdo))->renameCategoryKey(4, '2024');
        // ACO holds the categories' requests: the old slug's delete is in flight when cron's sync is killed
        $this->emulator->call('PUT', '/_emulator/faults', ['holdEntities' => ['categories']]);
        $process = $this->start(['aco:sync']);
        $unconfirmed = static fn (): int => (int) $pdo->query('SELECT COUNT(*) FROM aco_feed_categories WHERE is_deleted = 1 AND status = 0')->fetchColumn();
        self::until(static fn (): bool => $unconfirmed() > 0, 'the old slug\'s delete to be sent');
        usleep(300000);
        proc_terminate($process, 9);
        proc_close($process);
        $this->emulator->call('PUT', '/_emulator/faults', []);
        $cron = $this->aco(['aco:sync']);
        self::assertSame(0, $cron['status'], $cron['stdout'] . $cron['stderr']);
        $this->assertAcoIsTheCatalog($this->emulator, 'cron after the kill');
        $requests = count($this->emulator->call('GET', '/_emulator/requests'));
        self::assertSame(0, $this->aco(['aco:sync', '--full'])['status']);
        self::assertSame($requests, count($this->emulator->call('GET', '/_emulator/requests')), 'a full sync afterwards sends nothing');
    }

    public function test_a_new_destination_waits_for_a_running_sync_and_then_gets_everything(): void
    {
        // the sync's requests are held until the plan changes: it keeps its first feed for as long as
        // init waits (latency alone let init take each feed as the sync let go of it)
        $this->emulator->call('PUT', '/_emulator/faults', ['holdNext' => 1000]);
        $process = $this->startSync();
        $db = new Database(TestDatabase::pdo());
        $lock = $db->pdo()->prepare('SELECT IS_USED_LOCK(?)');
        $name = FeedLock::name($db, Feed::named(Feed::PRODUCT_ATTRIBUTES));
        self::until(static fn (): bool => $lock->execute([$name]) && $lock->fetchColumn() !== null, 'the sync to be under way');
        $other = new EmulatorProcess();
        try {
            $moved = $this->init($other);
            self::assertSame(1, $moved['status'], $moved['stdout'] . $moved['stderr']);
            self::assertMatchesRegularExpression('/^a sync of \w+ is running: let it finish or stop it, then run this again$/m', $moved['stdout']);
            self::assertStringContainsString($this->emulator->url(), (string) TestDatabase::pdo()->query("SELECT value FROM core_config_data WHERE path = 'aco/connection/api_base_url'")->fetchColumn(),
                'nothing of the new destination is stored');
            proc_terminate($process, 9);
            proc_close($process);
            $this->emulator->call('PUT', '/_emulator/faults', []);
            $moved = $this->init($other);
            self::assertSame(0, $moved['status'], $moved['stdout'] . $moved['stderr']);
            self::assertStringContainsString('new destination', $moved['stdout']);
            $sync = $this->aco(['aco:sync']);
            self::assertSame(0, $sync['status'], $sync['stdout'] . $sync['stderr']);
            $this->assertAcoIsTheCatalog($other, 'the new destination');
        } finally {
            $other->stop();
        }
    }

    public function test_a_sync_built_before_a_new_destination_stops_without_recording_anything(): void
    {
        $engine = $this->services()->sync(100);
        $other = new EmulatorProcess();
        try {
            self::assertStringContainsString('new destination', $this->init($other)['stdout']);
            try {
                $engine->full(Feed::named(Feed::PRODUCTS));
                self::fail('the engine of the old destination went on');
            } catch (DestinationChanged $e) {
                self::assertStringContainsString('new destination', $e->getMessage());
            }
            self::assertSame(0, (int) TestDatabase::pdo()->query('SELECT COUNT(*) FROM aco_feed_products')->fetchColumn(), 'nothing recorded');
            self::assertSame(0, $this->emulator->count('products'), 'nothing sent to the old destination');
            self::assertSame(0, $this->aco(['aco:sync'])['status']);
            $this->assertAcoIsTheCatalog($other, 'the new destination');
        } finally {
            $other->stop();
        }
    }
}
