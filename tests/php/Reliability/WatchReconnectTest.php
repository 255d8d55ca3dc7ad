<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Reliability;

use Aco\Connector\Test\Support\Extension;
use Aco\Connector\Test\Support\StandaloneCli;
use Aco\Connector\Test\Support\TestDatabase;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * `aco:sync --watch` outlives a database outage: the private MariaDB is stopped and started again
 * under it; the watch says so in one line, reconnects with backoff and sends what changed meanwhile.
 */
final class WatchReconnectTest extends TestCase
{
    public function test_watch_reconnects_after_the_database_stops_and_starts_again(): void
    {
        $pdo = StandaloneCli::freshCatalog(30);
        $emulator = new EmulatorProcess();
        $init = StandaloneCli::init($emulator);
        self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
        $out = (string) tempnam(sys_get_temp_dir(), 'aco-watch');
        $watch = proc_open([PHP_BINARY, '-d', 'extension=' . Extension::path(), StandaloneCli::bin(), '--no-ansi', 'aco:sync', '--watch', '--interval=0.2', '--max-seconds=120'],
            [1 => ['file', $out, 'w'], 2 => ['file', $out, 'a']], $pipes);
        self::assertIsResource($watch);
        $named = static function (string $name) use ($emulator): bool {
            return str_contains((string) json_encode($emulator->call('GET', '/_emulator/items/products?limit=100000')), $name);
        };
        $dir = dirname((string) getenv('ACO_DB_SOCKET'));
        $mariadb = escapeshellarg(dirname(__DIR__, 3) . '/scripts/mariadb.sh');
        try {
            $pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Before the outage' WHERE attribute_id = 73 AND store_id = 0 AND entity_id = 6");
            self::until(static fn (): bool => $named('Before the outage'), 'the watch to send an edit', $out);

            exec("$mariadb stop " . escapeshellarg($dir) . ' 2>&1');
            sleep(3);
            self::assertTrue(proc_get_status($watch)['running'], 'the watch outlives the outage: ' . file_get_contents($out));
            exec("$mariadb start " . escapeshellarg($dir) . ' 2>&1', $started, $code);
            self::assertSame(0, $code, implode("\n", $started));

            TestDatabase::pdo()->exec("UPDATE catalog_product_entity_varchar SET value = 'After the outage' WHERE attribute_id = 73 AND store_id = 0 AND entity_id = 6");
            self::until(static fn (): bool => $named('After the outage'), 'the watch to reconnect and send the next edit', $out);
            $lines = file($out, FILE_IGNORE_NEW_LINES);
            $outage = preg_grep('/database/i', $lines);
            self::assertCount(1, $outage, 'one line for the outage: ' . implode("\n", $lines));
            self::assertMatchesRegularExpression('/^\d\d:\d\d:\d\d database unreachable \(.+\): reconnecting/', (string) current($outage));
            proc_terminate($watch, SIGTERM);
            self::assertSame(0, proc_close($watch), 'a watch stopped by SIGTERM exits 0');
        } finally {
            if (is_resource($watch)) {
                proc_terminate($watch, SIGKILL);
                proc_close($watch);
            }
            $emulator->stop();
            unlink($out);
        }
    }

    /** Waits until `$done` holds (polled every 100 ms, at most 60 s). */
    private static function until(callable $done, string $what, string $out): void
    {
        for ($i = 0; $i < 600 && !$done(); $i++) {
            usleep(100000);
        }
        self::assertTrue($done(), "timed out waiting for $what; the watch printed:\n" . file_get_contents($out));
    }
}
