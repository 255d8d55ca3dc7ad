<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Reliability;

use Aco\Connector\Test\Support\Extension;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Test\Support\TestDatabase;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * bin/aco killed with SIGKILL at ten random points (seeded; ACO_CRASH_SEED replays), and the database restarted under a running
 * sync: each time `aco:sync --full --continue` finishes the job, and ACO ends up with every item once.
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
        $url = $this->emulator->url();
        $init = $this->aco(['aco:config:init', '--org_id=o', '--tenant_id=' . EmulatorProcess::TENANT, '--client_id=' . EmulatorProcess::CLIENT_ID,
            '--client_secret=' . EmulatorProcess::CLIENT_SECRET, "--api-base-url=$url", "--ims-base-url=$url",
            '--requests-per-minute=0', '--products-per-minute=0', '--prices-per-minute=0']);
        self::assertSame(0, $init['status'], $init['stdout']);
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

    /** @return resource a running `aco:sync --full` (all feeds, small batches, one request at a time) */
    private function startSync()
    {
        putenv("ACO_ENCRYPTION_KEY={$this->key}");
        $process = proc_open([PHP_BINARY, '-d', 'extension=' . Extension::path(), dirname(__DIR__, 3) . '/bin/aco', 'aco:sync', '--full', '--batch-size=40', '--concurrency=1'],
            [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
        self::assertIsResource($process);
        return $process;
    }

    private function expectedCounts(): array
    {
        $pdo = TestDatabase::pdo();
        $views = (int) $pdo->query('SELECT COUNT(*) FROM catalog_product_website w JOIN store s ON s.website_id = w.website_id')->fetchColumn();
        $prices = (int) $pdo->query("SELECT COUNT(*) FROM catalog_product_website w JOIN catalog_product_entity e ON e.entity_id = w.product_id AND e.type_id = 'simple'")->fetchColumn() * 5;
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
}
