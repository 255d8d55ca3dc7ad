<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Test\Support\Extension;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Test\Support\TestDatabase;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * bin/aco as a merchant runs it: exit codes, messages, secrets, and a sync killed with -9 that
 * resumes without losing anything.
 */
final class CommandLineTest extends TestCase
{
    private const SECRET = EmulatorProcess::CLIENT_SECRET;
    private EmulatorProcess $emulator;
    private string $key;

    protected function setUp(): void
    {
        SampleDatabase::generate(400);
        $pdo = TestDatabase::pdo();
        foreach (['aco_feed_product_attributes', 'aco_feed_categories', 'aco_feed_products', 'aco_feed_price_books', 'aco_feed_prices', 'aco_sync_run'] as $t) {
            $pdo->exec("DROP TABLE IF EXISTS $t");
        }
        $this->emulator = new EmulatorProcess();
        $this->key = base64_encode(random_bytes(32));
    }

    protected function tearDown(): void
    {
        $this->emulator->stop();
    }

    /** @return array{status: int, stdout: string, stderr: string} */
    private function aco(string ...$args): array
    {
        putenv("ACO_ENCRYPTION_KEY={$this->key}");
        return Extension::runPhp(array_merge([dirname(__DIR__, 3) . '/bin/aco', '--no-ansi'], $args), true, true);
    }

    private function init(string ...$extra): array
    {
        $url = $this->emulator->url();
        return $this->aco('aco:config:init', '--org_id=ORG@AdobeOrg', '--tenant_id=' . EmulatorProcess::TENANT, '--client_id=' . EmulatorProcess::CLIENT_ID,
            '--client_secret=' . self::SECRET, "--api-base-url=$url", "--ims-base-url=$url", '--requests-per-minute=0', '--products-per-minute=0',
            '--prices-per-minute=0', ...$extra);
    }

    public function test_config_init_validates_tests_and_stores_the_secret_encrypted(): void
    {
        $bad = $this->aco('aco:config:init', '--org_id=o', '--tenant_id=a/b', '--client_id=c', '--client_secret=s');
        self::assertSame(2, $bad['status']);
        self::assertStringContainsString('invalid tenant_id', $bad['stdout']);
        $region = $this->aco('aco:config:init', '--org_id=o', '--tenant_id=t', '--client_id=c', '--client_secret=s', '--region=us1');
        self::assertSame(2, $region['status']);
        self::assertStringContainsString('invalid region', $region['stdout']);
        $missing = $this->aco('aco:config:init', '--tenant_id=t');
        self::assertSame(2, $missing['status']);
        $huge = $this->aco('aco:config:init', '--org_id=o', '--tenant_id=' . str_repeat('t', 100000), '--client_id=c', '--client_secret=s');
        self::assertSame(2, $huge['status'], 'a 100 KB argument is refused, not crashed on');
        self::assertStringContainsString('invalid tenant_id: is longer than 128 characters', $huge['stdout']);
        $ids = $this->aco('aco:sync', '--feed=products', '--by-ids=' . str_repeat('1,', 50000) . 'x');
        self::assertSame(2, $ids['status']);

        $wrong = $this->aco('aco:config:init', '--org_id=o', '--tenant_id=' . EmulatorProcess::TENANT, '--client_id=' . EmulatorProcess::CLIENT_ID,
            '--client_secret=not-the-secret', '--api-base-url=' . $this->emulator->url(), '--ims-base-url=' . $this->emulator->url());
        self::assertSame(1, $wrong['status']);
        self::assertStringContainsString('Connection test failed at IMS', $wrong['stdout']);
        self::assertStringNotContainsString('not-the-secret', $wrong['stdout'] . $wrong['stderr']);

        $ok = $this->init();
        self::assertSame(0, $ok['status'], $ok['stdout'] . $ok['stderr']);
        self::assertStringContainsString('Connection test: OK', $ok['stdout']);
        $lastTest = json_decode((string) TestDatabase::pdo()->query("SELECT value FROM core_config_data WHERE path = 'aco/connection/last_test'")->fetchColumn(), true);
        self::assertTrue($lastTest['ok'], 'the admin page shows the last connection test');
        $stored = (string) TestDatabase::pdo()->query("SELECT value FROM core_config_data WHERE path = 'aco/connection/client_secret'")->fetchColumn();
        self::assertStringStartsWith('sodium:1:', $stored);
        self::assertStringNotContainsString(self::SECRET, $stored);

        $show = $this->aco('aco:config:show');
        self::assertSame(0, $show['status']);
        self::assertStringContainsString('******** (encrypted)', $show['stdout']);
        self::assertStringNotContainsString(self::SECRET, $show['stdout'] . $show['stderr']);
    }

    public function test_sync_status_and_bad_arguments(): void
    {
        self::assertSame(1, $this->aco('aco:sync', '--full')['status'], 'not configured yet');
        $this->init();
        $sync = $this->aco('aco:sync', '--full');
        self::assertSame(0, $sync['status'], $sync['stdout'] . $sync['stderr']);
        self::assertMatchesRegularExpression('/products: (\d+) items, 0 unchanged, \1 sent \(\1 accepted, 0 failed\)/', $sync['stdout']);
        $status = $this->aco('aco:status');
        self::assertSame(0, $status['status']);
        self::assertMatchesRegularExpression('/\| products\s+\| \d+\s+\| 0\s+\| 0/', $status['stdout']);
        self::assertSame(2, $this->aco('aco:sync', '--feed=nope')['status']);
        self::assertSame(2, $this->aco('aco:sync', '--by-ids=1,x')['status']);
        $dry = $this->aco('aco:sync', '--feed=products', '--by-ids=1', '--dry-run');
        self::assertSame(0, $dry['status']);
        $resync = $this->aco('aco:resync', '--feed=products', '--by-ids=1');
        self::assertStringContainsString('will be sent again', $resync['stdout']);
        $again = $this->aco('aco:sync', '--feed=products', '--by-ids=1', '--dry-run');
        self::assertStringContainsString('"sku":"SKU-0000001"', $again['stdout'], 'a resynced item is sent again');
        self::assertStringNotContainsString(self::SECRET, $sync['stdout'] . $status['stdout'] . $dry['stdout'] . $again['stdout']);
    }

    public function test_a_new_destination_gets_everything_and_a_rotated_secret_nothing(): void
    {
        $this->init();
        $first = $this->aco('aco:sync', '--full', '--feed=products');
        self::assertMatchesRegularExpression('/products: (\d+) items, 0 unchanged, \1 sent/', $first['stdout']);
        preg_match('/products: (\d+) items/', $first['stdout'], $m);

        $same = $this->init(); // same tenant and URL: e.g. a rotated secret
        self::assertStringNotContainsString('new destination', $same['stdout']);
        self::assertMatchesRegularExpression('/products: \d+ items, \d+ unchanged, 0 sent/', $this->aco('aco:sync', '--full', '--feed=products')['stdout']);

        $other = new EmulatorProcess(); // another tenant (here: another ACO)
        try {
            $url = $other->url();
            $moved = $this->aco('aco:config:init', '--org_id=ORG@AdobeOrg', '--tenant_id=' . EmulatorProcess::TENANT, '--client_id=' . EmulatorProcess::CLIENT_ID,
                '--client_secret=' . self::SECRET, "--api-base-url=$url", "--ims-base-url=$url", '--requests-per-minute=0', '--products-per-minute=0', '--prices-per-minute=0');
            self::assertSame(0, $moved['status'], $moved['stdout'] . $moved['stderr']);
            self::assertStringContainsString('new destination', $moved['stdout']);
            $again = $this->aco('aco:sync', '--full', '--feed=products');
            self::assertMatchesRegularExpression("/products: {$m[1]} items, 0 unchanged, {$m[1]} sent \\({$m[1]} accepted/", $again['stdout']);
            self::assertSame((int) $m[1], $other->count('products'), 'the new destination holds every product');
        } finally {
            $other->stop();
        }
    }

    public function test_plain_aco_sync_sends_what_the_changelogs_captured(): void
    {
        $this->init();
        $first = $this->aco('aco:sync');
        self::assertSame(0, $first['status']);
        self::assertMatchesRegularExpression('/products: (\d+) items, 0 unchanged, \1 sent/', $first['stdout'], 'config:init scheduled a full sync');
        TestDatabase::pdo()->exec("UPDATE catalog_product_entity_varchar SET value = 'Edited in admin' WHERE entity_id = 6 AND attribute_id = 73 AND store_id = 0");
        $cron = $this->aco('aco:sync');
        self::assertSame(0, $cron['status'], $cron['stdout'] . $cron['stderr']);
        self::assertMatchesRegularExpression('/products: \d+ items, \d+ unchanged, 1 sent \(1 accepted, 0 failed\)/', $cron['stdout']);
        self::assertSame('Edited in admin', $this->emulator->call('GET', '/_emulator/product?locale=default&sku=SKU-0000006')['name']);
        $quiet = $this->aco('aco:sync');
        self::assertMatchesRegularExpression('/products: 0 items/', $quiet['stdout'], 'nothing changed since');
    }

    public function test_a_sync_killed_with_sigkill_resumes_with_continue_and_loses_nothing(): void
    {
        $this->init();
        $expected = (int) TestDatabase::pdo()->query('SELECT COUNT(*) FROM catalog_product_website w JOIN store s ON s.website_id = w.website_id')->fetchColumn();
        $this->emulator->call('PUT', '/_emulator/faults', ['latencyMs' => 150]);
        putenv("ACO_ENCRYPTION_KEY={$this->key}");
        $cmd = [PHP_BINARY, '-d', 'extension=' . Extension::path(), dirname(__DIR__, 3) . '/bin/aco', 'aco:sync', '--feed=products', '--full', '--batch-size=50', '--concurrency=1'];
        $process = proc_open($cmd, [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
        self::assertIsResource($process);
        // kill as soon as ACO has received something: mid-sync, whatever this machine's speed
        for ($i = 0; $i < 200 && $this->emulator->count('products') === 0; $i++) {
            usleep(50000);
        }
        proc_terminate($process, 9);
        proc_close($process);
        $partial = $this->emulator->count('products');
        self::assertGreaterThan(0, $partial, 'some items were sent before the kill');
        self::assertLessThan($expected, $partial, 'the kill came before the end');
        $state = TestDatabase::pdo()->query('SELECT COUNT(*) FROM aco_feed_products WHERE status = 1')->fetchColumn();
        self::assertLessThanOrEqual($partial, (int) $state, 'nothing is marked sent that ACO does not have');

        $this->emulator->call('PUT', '/_emulator/faults', []);
        $resumed = $this->aco('aco:sync', '--feed=products', '--full', '--continue');
        self::assertSame(0, $resumed['status'], $resumed['stdout'] . $resumed['stderr']);
        self::assertSame($expected, $this->emulator->count('products'));
        $pdo = TestDatabase::pdo();
        self::assertSame($expected, (int) $pdo->query('SELECT COUNT(*) FROM aco_feed_products WHERE status = 1')->fetchColumn());
        self::assertSame(0, (int) $pdo->query('SELECT COUNT(*) FROM aco_feed_products WHERE status <> 1')->fetchColumn());
        self::assertSame(0, (int) $pdo->query('SELECT COUNT(*) FROM aco_sync_run WHERE feed = "products" AND finished_at IS NULL')->fetchColumn(),
            'the interrupted run was finished by its resume');
    }

    public function test_aco_going_down_mid_sync_fails_clearly_and_records_retries(): void
    {
        $this->init();
        $this->emulator->call('PUT', '/_emulator/faults', ['failNext' => 100000, 'failStatus' => 503]);
        $sync = $this->aco('aco:sync', '--feed=priceBooks', '--full');
        self::assertSame(1, $sync['status']);
        self::assertMatchesRegularExpression('/priceBooks: 10 items, 0 unchanged, 10 sent \(0 accepted, 10 failed\)/', $sync['stdout']);
        $failed = $this->aco('aco:status', '--failed', '--feed=priceBooks');
        self::assertStringContainsString('retry', $failed['stdout']);
        self::assertStringContainsString('HTTP 503', $failed['stdout']);
        self::assertSame(0, $this->emulator->count('priceBooks'));
    }
}
