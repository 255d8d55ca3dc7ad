<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\Config\ConnectionConfig;
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
        return $this->acoWith([], null, ...$args);
    }

    /**
     * bin/aco with environment variables changed for this run (false: unset) and, if given, standard input.
     *
     * @param array<string, string|false> $env
     * @return array{status: int, stdout: string, stderr: string}
     */
    private function acoWith(array $env, ?string $stdin, string ...$args): array
    {
        $env += ['ACO_ENCRYPTION_KEY' => $this->key];
        $before = array_map('getenv', array_combine(array_keys($env), array_keys($env)));
        $set = static function (array $vars): void {
            foreach ($vars as $name => $value) {
                putenv($value === false ? $name : "$name=$value");
            }
        };
        $set($env);
        try {
            return Extension::runPhp(array_merge([dirname(__DIR__, 3) . '/bin/aco', '--no-ansi'], $args), true, true, $stdin);
        } finally {
            $set(array_diff_key($before, ['ACO_ENCRYPTION_KEY' => true]));
        }
    }

    /** The run said one line (stdout and stderr together), no exception box or usage text, and exited with $status. */
    private static function assertOneLine(int $status, string $pattern, array $run, string $case): void
    {
        $lines = array_values(array_filter(explode("\n", $run['stdout'] . $run['stderr']), static fn (string $l): bool => trim($l) !== ''));
        self::assertSame($status, $run['status'], "$case: " . implode("\n", $lines));
        self::assertCount(1, $lines, "$case: " . implode("\n", $lines));
        self::assertMatchesRegularExpression($pattern, $lines[0], $case);
    }

    /** aco:config:init to this test's emulator, or to another one (another destination). */
    private function init(string ...$extra): array
    {
        return $this->initTo($this->emulator, ...$extra);
    }

    private function initTo(EmulatorProcess $emulator, string ...$extra): array
    {
        $url = $emulator->url();
        return $this->aco('aco:config:init', '--org_id=ORG@AdobeOrg', '--tenant_id=' . EmulatorProcess::TENANT, '--client_id=' . EmulatorProcess::CLIENT_ID,
            '--client_secret=' . self::SECRET, "--api-base-url=$url", "--ims-base-url=$url", '--requests-per-minute=1000000', '--products-per-minute=1000000',
            '--prices-per-minute=1000000', ...$extra);
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
        $lastTest = json_decode((string) TestDatabase::pdo()->query("SELECT value FROM aco_state WHERE name = 'last_test'")->fetchColumn(), true);
        self::assertTrue($lastTest['ok'], 'the admin page shows the last connection test');
        $settings = array_merge(array_map(static fn (string $f): string => ConnectionConfig::PREFIX . $f, ConnectionConfig::FIELDS),
            array_map(static fn (string $k): string => "aco/sync/$k", array_keys(ConnectionConfig::SYNC_DEFAULTS)),
            ['aco/sync/log_level']);
        $rows = TestDatabase::pdo()->query("SELECT path FROM core_config_data WHERE path LIKE 'aco/%'")->fetchAll(\PDO::FETCH_COLUMN);
        self::assertSame([], array_values(array_diff($rows, $settings)), 'no state among the settings: app:config:dump exports them');
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
        // the sample catalog's planted duplicate SKU (Generator): an invalid item in products and prices
        TestDatabase::pdo()->exec("UPDATE catalog_product_entity SET sku = 'SKU-0000019' WHERE entity_id = 20");
        $this->init();
        $sync = $this->aco('aco:sync', '--full');
        // the duplicate is invalid: exit 1
        self::assertSame(1, $sync['status'], $sync['stdout'] . $sync['stderr']);
        self::assertMatchesRegularExpression('/categories: (\d+) items, 0 unchanged, 0 invalid, \1 sent \(\1 accepted, 0 failed; 0 of them deletes\)/', $sync['stdout']);
        self::assertMatchesRegularExpression('/products: \d+ items, 0 unchanged, 1 invalid, (\d+) sent \(\1 accepted, 0 failed; 0 of them deletes\)/', $sync['stdout']);
        self::assertStringContainsString('some items failed or are invalid: aco:status --failed lists them with the reason', $sync['stdout']);
        $status = $this->aco('aco:status');
        self::assertSame(0, $status['status']);
        self::assertMatchesRegularExpression('/\| products\s+\| \d+\s+\| 0\s+\| 0/', $status['stdout']);
        $failed = $this->aco('aco:status', '--failed');
        self::assertSame(1, $failed['status'], 'failures listed: 1');
        // the Magento side, who refused it, the field once, what to change
        self::assertStringContainsString("products product \"SKU-0000019\": refused before sending: sku: SKU \"SKU-0000019\" is product 19's too", $failed['stdout']);
        self::assertStringContainsString("give product 20 a SKU of its own; in Magento, change its SKU, 0 attempts", $failed['stdout']);
        self::assertSame(0, $this->aco('aco:status', '--failed', '--feed=categories')['status'], 'nothing to list: 0');

        // the manual full sync was the one aco:config:init scheduled: cron does not repeat it
        $cron = $this->aco('aco:sync');
        self::assertSame(0, $cron['status'], $cron['stdout'] . $cron['stderr']);
        self::assertMatchesRegularExpression('/products: 0 items, 0 unchanged, 0 invalid, 0 sent/', $cron['stdout']);
        // deletes are counted in what is sent, and answered like the rest
        TestDatabase::pdo()->exec('DELETE FROM catalog_product_website WHERE product_id = 9');
        $removed = $this->aco('aco:sync', '--full', '--feed=products');
        self::assertMatchesRegularExpression('/products: \d+ items, \d+ unchanged, 1 invalid, (\d+) sent \(\1 accepted, 0 failed; [1-9]\d* of them deletes\)/', $removed['stdout']);
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
        self::assertMatchesRegularExpression('/products: (\d+) items, 0 unchanged, 0 invalid, \1 sent/', $first['stdout']);
        preg_match('/products: (\d+) items/', $first['stdout'], $m);

        $same = $this->init(); // same tenant and URL: e.g. a rotated secret
        self::assertStringNotContainsString('new destination', $same['stdout']);
        self::assertMatchesRegularExpression('/products: \d+ items, \d+ unchanged, 0 invalid, 0 sent/', $this->aco('aco:sync', '--full', '--feed=products')['stdout']);

        $other = new EmulatorProcess(); // another tenant (here: another ACO)
        try {
            $moved = $this->initTo($other);
            self::assertSame(0, $moved['status'], $moved['stdout'] . $moved['stderr']);
            self::assertStringContainsString('new destination', $moved['stdout']);
            $again = $this->aco('aco:sync', '--full', '--feed=products');
            self::assertMatchesRegularExpression("/products: {$m[1]} items, 0 unchanged, 0 invalid, {$m[1]} sent \\({$m[1]} accepted/", $again['stdout']);
            self::assertSame((int) $m[1], $other->count('products'), 'the new destination holds every product');
        } finally {
            $other->stop();
        }
    }

    public function test_init_after_the_settings_were_removed_treats_what_was_sent_as_another_destinations(): void
    {
        $this->init();
        $first = $this->aco('aco:sync', '--full', '--feed=products');
        preg_match('/products: (\d+) items/', $first['stdout'], $m);
        TestDatabase::pdo()->exec("DELETE FROM core_config_data WHERE path LIKE 'aco/%'");
        $other = new EmulatorProcess();
        try {
            $init = $this->initTo($other);
            self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
            self::assertStringContainsString('new destination', $init['stdout']);
            $this->aco('aco:sync', '--full', '--feed=products');
            self::assertSame((int) $m[1], $other->count('products'), 'the destination now configured gets every product');
        } finally {
            $other->stop();
        }
    }

    public function test_plain_aco_sync_sends_what_the_changelogs_captured(): void
    {
        $this->init();
        $first = $this->aco('aco:sync');
        self::assertSame(0, $first['status']);
        self::assertMatchesRegularExpression('/products: (\d+) items, 0 unchanged, 0 invalid, \1 sent/', $first['stdout'], 'config:init scheduled a full sync');
        TestDatabase::pdo()->exec("UPDATE catalog_product_entity_varchar SET value = 'Edited in admin' WHERE entity_id = 6 AND attribute_id = 73 AND store_id = 0");
        $cron = $this->aco('aco:sync');
        self::assertSame(0, $cron['status'], $cron['stdout'] . $cron['stderr']);
        self::assertMatchesRegularExpression('/products: \d+ items, \d+ unchanged, 0 invalid, 1 sent \(1 accepted, 0 failed; 0 of them deletes\)/', $cron['stdout']);
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
        self::assertMatchesRegularExpression('/priceBooks: 10 items, 0 unchanged, 0 invalid, 10 sent \(0 accepted, 10 failed; 0 of them deletes\)/', $sync['stdout']);
        $failed = $this->aco('aco:status', '--failed', '--feed=priceBooks');
        self::assertStringContainsString('retry', $failed['stdout']);
        self::assertStringContainsString('HTTP 503', $failed['stdout']);
        self::assertSame(0, $this->emulator->count('priceBooks'));
    }

    public function test_a_bad_environment_fails_in_one_line_naming_what_to_fix(): void
    {
        $injected = $this->acoWith(['ACO_DB_NAME' => 'magento;host=evil.example.com'], null, 'aco:config:show');
        self::assertOneLine(1, '/^ACO_DB_NAME must not contain \';\', \'=\' or control characters$/', $injected, 'a DSN part with ;');
        self::assertOneLine(1, '/^ACO_DB_SOCKET must not contain/', $this->acoWith(['ACO_DB_SOCKET' => '/tmp/s;dbname=x'], null, 'aco:status'), 'socket');
        self::assertOneLine(1, '/^ACO_DB_PORT must be a port number/', $this->acoWith(['ACO_DB_SOCKET' => false, 'ACO_DB_PORT' => '3306x'], null, 'aco:status'), 'port');
        self::assertOneLine(1, '/^ACO_DB_TABLE_PREFIX: a table prefix has only letters, digits and \'_\', not "mg_;"$/',
            $this->acoWith(['ACO_DB_TABLE_PREFIX' => 'mg_;'], null, 'aco:status'), 'prefix');
        foreach (['aco:config:show' => [], 'aco:config:init' => ['--org_id=o', '--tenant_id=t', '--client_id=c', '--client_secret=s', '--skip-test']] as $command => $args) {
            $wrongName = $this->acoWith(['ACO_DB_NAME' => 'no_such_database'], null, $command, ...$args);
            self::assertOneLine(1, '/^cannot connect to the database \(ACO_DB_\*\): .*Unknown database .no_such_database./', $wrongName, "$command, wrong name");
            $down = $this->acoWith(['ACO_DB_SOCKET' => false, 'ACO_DB_HOST' => '127.0.0.1', 'ACO_DB_PORT' => '1'], null, $command, ...$args);
            self::assertOneLine(1, '/^cannot connect to the database \(ACO_DB_\*\): SQLSTATE\[HY000\] \[2002\]/', $down, "$command, database down");
        }
        $badKey = $this->acoWith(['ACO_ENCRYPTION_KEY' => 'not base64!'], null, 'aco:config:show');
        self::assertOneLine(1, '/^ACO_ENCRYPTION_KEY must be 32 bytes, base64-encoded/', $badKey, 'a bad key');

        self::assertSame(0, $this->init()['status']);
        TestDatabase::pdo()->exec("UPDATE core_config_data SET value = 'sodium:1:AAAA' WHERE path = 'aco/connection/client_secret'");
        self::assertOneLine(1, '/^the stored client secret \(aco\/connection\/client_secret\) cannot be decrypted with ACO_ENCRYPTION_KEY/',
            $this->aco('aco:sync', '--feed=priceBooks'), 'a corrupt stored secret');
        $otherKey = $this->acoWith(['ACO_ENCRYPTION_KEY' => base64_encode(random_bytes(32))], null, 'aco:sync', '--feed=priceBooks');
        self::assertOneLine(1, '/cannot be decrypted with ACO_ENCRYPTION_KEY/', $otherKey, 'another key');
    }

    public function test_invalid_arguments_exit_2_in_one_line(): void
    {
        $cases = [
            'unknown command' => [['aco:nope'], '/^aco: Command "aco:nope" is not defined/'],
            'unknown option' => [['aco:sync', '--fulll'], '/^aco: The "--fulll" option does not exist\.$/'],
            // regression: a stray space made the secret an argument, which the usage error quoted back
            'a secret after a stray space' => [['aco:config:init', '--org_id=o', '--tenant_id=t', '--client_id=c', '--client_secret=', 'S3cret-typed'],
                '/^aco: No arguments expected for "aco:config:init" command, got "…"\.$/'],
            'a secret where the command goes' => [['--client_secret=', 'S3cretTyped'], '/^aco: Command "…" is not defined\.$/'],
            'concurrency out of range' => [['aco:sync', '--concurrency=65'], '/^--concurrency must be a whole number from 1 to 64$/'],
            'fractional batch size' => [['aco:sync', '--batch-size=1.5'], '/^--batch-size must be a whole number from 1 to 100000$/'],
            'interval not a number' => [['aco:sync', '--watch', '--interval=abc'], '/^--interval must be a number of seconds from 0.05 to 3600$/'],
            // regression: 1e13 ended in usleep()'s ValueError (a PHP fatal, exit 255), 1e300 busy-looped
            'interval of 1e13 seconds' => [['aco:sync', '--watch', '--interval=1e13'], '/^--interval must be a number of seconds from 0.05 to 3600$/'],
            'watch for 1e300 seconds' => [['aco:sync', '--watch', '--max-seconds=1e300'], '/^--max-seconds must be a number of seconds from 0 to 31536000$/'],
            'interval without watch' => [['aco:sync', '--interval=2'], '/^--interval needs --watch$/'],
            'an id past int unsigned' => [['aco:sync', '--feed=products', '--by-ids=1,99999999999999999999'], '/^--by-ids: "99999999999999999999" is not an entity id$/'],
            'continue without full' => [['aco:sync', '--continue'], '/^--continue needs --full$/'],
            'full, retry and dry run' => [['aco:sync', '--full', '--retry', '--dry-run'], '/^--full and --retry cannot be used together$/'],
            'retry as a dry run' => [['aco:sync', '--retry', '--dry-run'], '/^--dry-run and --retry cannot be used together$/'],
            'unknown feed' => [['aco:status', '--feed=nope'], '/^--feed: /'],
            // regression: these listed every feed with exit 0
            'empty feed' => [['aco:status', '--feed='], '/^--feed: unknown feed ""/'],
            'feed 0' => [['aco:status', '--feed=0'], '/^--feed: unknown feed "0"/'],
            'budget not a number' => [['aco:config:init', '--org_id=o', '--tenant_id=t', '--client_id=c', '--client_secret=s', '--requests-per-minute=1e3'],
                '/^--requests-per-minute must be a whole number from 1 to 100000000$/'],
            'budget of 0' => [['aco:config:init', '--org_id=o', '--tenant_id=t', '--client_id=c', '--client_secret=s', '--products-per-day=0'],
                '/^--products-per-day must be a whole number from 1 to 100000000$/'],
            'negative budget' => [['aco:config:init', '--org_id=o', '--tenant_id=t', '--client_id=c', '--client_secret=s', '--prices-per-minute=-5'],
                '/^--prices-per-minute must be a whole number from 1 to 100000000$/'],
            'secret of 60 KB' => [['aco:config:init', '--org_id=o', '--tenant_id=t', '--client_id=c', '--client_secret=' . str_repeat('s', 61440)],
                '/^invalid client_secret: is longer than 1024 bytes$/'],
            'spoofed loopback' => [['aco:config:init', '--org_id=o', '--tenant_id=t', '--client_id=c', '--client_secret=s', '--api-base-url=http://127.0.0.1.nip.io'],
                '/^invalid api_base_url: plain http is allowed only for a loopback host/'],
        ];
        foreach ($cases as $case => [$args, $pattern]) {
            self::assertOneLine(2, $pattern, $this->aco(...$args), $case);
        }
    }

    public function test_status_shows_the_days_budget_and_a_queued_full_syncs_eta_and_a_stored_bad_limit_is_one_line(): void
    {
        self::assertSame(0, $this->init('--products-per-minute=1000', '--products-per-day=200000')['status']);
        $status = $this->aco('aco:status');
        self::assertSame(0, $status['status'], $status['stdout'] . $status['stderr']);
        self::assertMatchesRegularExpression('/^budget today \(UTC\): 0 of 200,000 product updates used, 200,000 left; last minute: requests 0\/1000000, products 0\/1000, prices 0\/1000000$/m', $status['stdout']);
        // 400 products in 3 store views, first sync: about 400 items (one a product before any was seen) at 960 a window of 62 s
        self::assertMatchesRegularExpression('/^products: full sync queued, about 400 items left, ends in about 0m 26s \(/m', $status['stdout']);
        self::assertSame(0, $this->aco('aco:sync', '--feed=products')['status']);
        self::assertMatchesRegularExpression('/^budget today \(UTC\): [1-9][\d,]* of 200,000 product updates used/m', $this->aco('aco:status')['stdout']);
        TestDatabase::pdo()->exec("UPDATE core_config_data SET value = 'lots' WHERE path = 'aco/sync/products_per_minute'");
        self::assertOneLine(1, '/^aco\/sync\/products_per_minute must be a whole number of at least 1, not "lots"/', $this->aco('aco:sync'), 'stored limit');
    }

    public function test_the_secret_can_come_from_the_environment_or_standard_input(): void
    {
        $url = $this->emulator->url();
        $args = ['aco:config:init', '--org_id=o', '--tenant_id=' . EmulatorProcess::TENANT, '--client_id=' . EmulatorProcess::CLIENT_ID,
            "--api-base-url=$url", "--ims-base-url=$url"];
        $fromEnv = $this->acoWith(['ACO_CLIENT_SECRET' => self::SECRET], null, ...$args);
        self::assertSame(0, $fromEnv['status'], $fromEnv['stdout'] . $fromEnv['stderr']);
        self::assertStringContainsString('Connection test: OK', $fromEnv['stdout']);
        $fromStdin = $this->acoWith(['ACO_CLIENT_SECRET' => false], self::SECRET . "\n", ...array_merge($args, ['--client_secret=-']));
        self::assertSame(0, $fromStdin['status'], $fromStdin['stdout'] . $fromStdin['stderr']);
        $wrong = $this->acoWith(['ACO_CLIENT_SECRET' => false], "wrong-secret\n", ...array_merge($args, ['--client_secret=-']));
        self::assertOneLine(1, '/^Connection test failed at IMS/', $wrong, 'a wrong secret on stdin');
        self::assertOneLine(2, '/^--client_secret \(or ACO_CLIENT_SECRET\) is required$/', $this->acoWith(['ACO_CLIENT_SECRET' => false], null, ...$args), 'no secret');
    }

    public function test_region_and_type_are_stored_lower_case_and_are_no_new_destination(): void
    {
        $this->init();
        self::assertMatchesRegularExpression('/products: (\d+) items, 0 unchanged, 0 invalid, \1 sent/', $this->aco('aco:sync', '--full', '--feed=products')['stdout']);
        $again = $this->init('--region=NA1', '--type=SANDBOX');
        self::assertSame(0, $again['status'], $again['stdout'] . $again['stderr']);
        self::assertStringNotContainsString('new destination', $again['stdout']);
        self::assertMatchesRegularExpression('/^region\s+na1$/m', $this->aco('aco:config:show')['stdout']);
        self::assertMatchesRegularExpression('/products: \d+ items, \d+ unchanged, 0 invalid, 0 sent/', $this->aco('aco:sync', '--full', '--feed=products')['stdout']);
    }

    public function test_settings_are_saved_whole_or_not_at_all(): void
    {
        $this->init();
        $pdo = TestDatabase::pdo();
        $stored = static fn (): array => $pdo->query("SELECT path, value FROM core_config_data WHERE path LIKE 'aco/connection/%' AND path <> 'aco/connection/last_test' ORDER BY path")->fetchAll(\PDO::FETCH_KEY_PAIR);
        $before = $stored();
        // the last write of init fails (a full disk, a lost connection): nothing of it may stay
        $pdo->exec("CREATE TRIGGER aco_test_fail BEFORE INSERT ON aco_full_sync FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'disk full'");
        try {
            $moved = $this->aco('aco:config:init', '--org_id=o', '--tenant_id=another-tenant', '--client_id=other-client', '--client_secret=other-secret',
                '--api-base-url=' . $this->emulator->url(), '--ims-base-url=' . $this->emulator->url(), '--skip-test');
        } finally {
            $pdo->exec('DROP TRIGGER aco_test_fail');
        }
        self::assertOneLine(1, '/^database: .*disk full/', $moved, 'a failed save');
        self::assertSame($before, $stored(), 'the stored connection is the one before');
        $retried = $this->aco('aco:config:init', '--org_id=o', '--tenant_id=another-tenant', '--client_id=other-client', '--client_secret=other-secret',
            '--api-base-url=' . $this->emulator->url(), '--ims-base-url=' . $this->emulator->url(), '--skip-test');
        self::assertSame(0, $retried['status'], $retried['stdout'] . $retried['stderr']);
        self::assertStringContainsString('new destination', $retried['stdout'], 'run again, init still sees the new destination');
    }
}
