<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Reliability;

use Aco\Connector\Model\LogRouter;
use Aco\Connector\Standalone\FileLog;
use Aco\Connector\Test\Support\StandaloneCli;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * bin/aco logs as the module does inside Magento: retries, throttling and refused items in
 * aco-connector.log (Monolog's line format), at the stored level, with secrets and tokens masked.
 */
final class StandaloneLogTest extends TestCase
{
    private const LINE = '/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d\] aco-connector\.(DEBUG|INFO|WARNING|ERROR): .+ \{"target":"aco\.[a-z]+"(,"at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")?\} \[\]$/';

    public function test_retries_throttling_and_refused_items_of_a_standalone_sync_are_logged(): void
    {
        $pdo = StandaloneCli::freshCatalog(30);
        $emulator = new EmulatorProcess();
        $log = tempnam(sys_get_temp_dir(), 'aco-log');
        unlink($log);
        $log .= '/nested/aco-connector.log';   // its folder is made on first write
        putenv("ACO_LOG_FILE=$log");
        try {
            $init = StandaloneCli::init($emulator);
            self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
            $emulator->call('PUT', '/_emulator/faults', ['failNext' => 2, 'failStatus' => 429, 'retryAfter' => 0, 'rejectSkus' => ['SKU-0000006']]);
            $sync = StandaloneCli::run(['aco:sync', '--full', '--feed=products']);
            self::assertSame(1, $sync['status'], 'a refused item fails the run: ' . $sync['stdout']);
            self::assertFileExists($log);
            $lines = file($log, FILE_IGNORE_NEW_LINES);
            foreach ($lines as $line) {
                self::assertMatchesRegularExpression(self::LINE, $line);
            }
            $text = implode("\n", $lines);
            self::assertMatchesRegularExpression('/aco-connector\.INFO: products: HTTP 429: .*attempt 1\/\d+ failed, retrying.* \{"target":"aco\.transport","at":"[^"]+"\}/', $text,
                'throttling and its retry, with when it happened');
            self::assertMatchesRegularExpression('/aco-connector\.WARNING: products: \d+ of \d+ items rejected as invalid/', $text, 'a refused item');
            self::assertStringNotContainsString(EmulatorProcess::CLIENT_SECRET, $text);

            // the stored level applies, as in Magento (Stores > Configuration: aco/sync/log_level)
            $pdo->exec("INSERT INTO core_config_data (scope, scope_id, path, value) VALUES ('default', 0, 'aco/sync/log_level', 'error')
                ON DUPLICATE KEY UPDATE value = 'error'");
            $emulator->call('PUT', '/_emulator/faults', ['failNext' => 2, 'failStatus' => 429, 'retryAfter' => 0]);
            StandaloneCli::run(['aco:resync', '--feed=products']);
            StandaloneCli::run(['aco:sync', '--full', '--feed=products']);
            self::assertSame($lines, file($log, FILE_IGNORE_NEW_LINES), 'info lines below the stored level are dropped');
        } finally {
            $emulator->stop();
            putenv('ACO_LOG_FILE');
            $pdo->exec("DELETE FROM core_config_data WHERE path = 'aco/sync/log_level'");
        }
    }

    public function test_without_aco_log_file_the_log_is_var_log_under_the_project_root(): void
    {
        putenv('ACO_LOG_FILE');
        self::assertSame('/srv/shop/var/log/aco-connector.log', FileLog::under('/srv/shop')->path());
        putenv('ACO_LOG_FILE=/tmp/elsewhere.log');
        try {
            self::assertSame('/tmp/elsewhere.log', FileLog::under('/srv/shop')->path());
        } finally {
            putenv('ACO_LOG_FILE');
        }
    }

    public function test_secrets_and_tokens_are_masked_in_every_line_whatever_the_host(): void
    {
        $jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
        $seen = [];
        (new LogRouter(static function (string $level, string $message) use (&$seen): void {
            $seen[] = $message;
        }))->route([
            ['level' => 'error', 'target' => 'aco.transport', 'message' => "ims: refused Authorization: Bearer $jwt"],
            ['level' => 'error', 'target' => 'aco.transport', 'message' => 'ims: echoed client_id=c&client_secret=s3cr3t-value&grant_type=client_credentials'],
            ['level' => 'error', 'target' => 'aco.transport', 'message' => 'ims: {"access_token":"opaque-token-1234","client_secret": "s3cr3t-value"}'],
            ['level' => 'warning', 'target' => 'aco.transport', 'message' => "a token $jwt alone"],
        ]);
        self::assertCount(4, $seen);
        foreach (['s3cr3t-value', 'opaque-token-1234', $jwt, 'eyJ'] as $secret) {
            self::assertStringNotContainsString($secret, implode("\n", $seen));
        }
        self::assertStringContainsString('Bearer [redacted]', $seen[0]);
        self::assertStringContainsString('client_secret=[redacted]&grant_type=client_credentials', $seen[1]);
    }

    public function test_a_line_of_the_extension_carries_when_it_happened(): void
    {
        $seen = [];
        (new LogRouter(static function (string $level, string $message, array $context) use (&$seen): void {
            $seen[] = $context;
        }))->route([
            ['level' => 'info', 'target' => 'aco.transport', 'message' => 'products: HTTP 503: attempt 1/8 failed, retrying', 'at' => 1_800_000_000.25],
            ['level' => 'info', 'target' => 'aco.budget', 'message' => 'a line of the module'],
        ]);
        self::assertSame([['target' => 'aco.transport', 'at' => '2027-01-15T08:00:00.250Z'], ['target' => 'aco.budget']], $seen);
    }
}
