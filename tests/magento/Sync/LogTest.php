<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Sync;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * Inside Magento every connector line (a retry, a refused item) reaches var/log/aco-connector.log once,
 * from bin/magento aco:* and from cron alike, and none is copied into Magento's system.log or debug.log.
 */
final class LogTest extends TestCase
{
    private const RETRY = '/aco-connector\.INFO: products: HTTP 429: .*attempt 1\/\d+ failed, retrying/';
    private const REFUSED = '/aco-connector\.WARNING: products: \d+ of \d+ items rejected as invalid/';

    public function test_a_retry_and_a_refused_item_are_logged_once_in_the_connectors_log_from_the_command_and_from_cron(): void
    {
        Magento::fixture('catalog');
        $emulator = new EmulatorProcess();
        try {
            $init = Magento::connect($emulator);
            self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
            Magento::mustRun('aco:sync', '--full');
            self::forgetLogs();

            // a full sync of the products (aco:resync schedules it), run by its lane's cron job
            Magento::mustRun('aco:resync', '--feed=products');
            $emulator->call('PUT', '/_emulator/faults', ['failNext' => 1, 'failStatus' => 429, 'retryAfter' => 0, 'rejectSkus' => ['aco_gift_wrap']]);
            Magento::cron('aco_catalog', ['aco_sync_catalog']);
            self::assertLoggedOnce(1);

            Magento::mustRun('aco:resync', '--feed=products');
            $emulator->call('PUT', '/_emulator/faults', ['failNext' => 1, 'failStatus' => 429, 'retryAfter' => 0, 'rejectSkus' => ['aco_gift_wrap']]);
            $sync = Magento::command('aco:sync', '--full', '--feed=products');
            self::assertSame(1, $sync['status'], 'a refused item fails the run: ' . $sync['stdout'] . $sync['stderr']);
            self::assertLoggedOnce(2);
        } finally {
            $emulator->stop();
        }
    }

    /** The retry and the refused item of each of $runs runs, each once, in aco-connector.log and nowhere else. */
    private static function assertLoggedOnce(int $runs): void
    {
        $log = self::read('aco-connector.log');
        self::assertSame($runs, preg_match_all(self::RETRY, $log), "one retry line a run:\n$log");
        self::assertSame($runs, preg_match_all(self::REFUSED, $log), "one refused-item line a run:\n$log");
        self::assertStringNotContainsString(EmulatorProcess::CLIENT_SECRET, $log);
        foreach (['system.log', 'debug.log'] as $magentos) {
            $text = self::read($magentos);
            self::assertStringNotContainsString('aco-connector.', $text, "$magentos has the connector's lines");
            self::assertStringNotContainsString('products: HTTP 429', $text, "$magentos has the connector's lines");
        }
    }

    private static function read(string $name): string
    {
        $file = Magento::root() . "/var/log/$name";
        return is_file($file) ? (string) file_get_contents($file) : '';
    }

    private static function forgetLogs(): void
    {
        foreach (['aco-connector.log', 'system.log', 'debug.log'] as $name) {
            @unlink(Magento::root() . "/var/log/$name");
        }
    }
}
