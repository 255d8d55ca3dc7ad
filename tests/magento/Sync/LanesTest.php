<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Sync;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * A scheduled full sync runs as two cron jobs in groups of their own (catalog: attributes, categories,
 * products; prices: price books, prices), so Magento runs them in separate processes at once: the
 * prices do not wait for the products, and the full sync takes the slower lane's time.
 */
final class LanesTest extends TestCase
{
    public function test_the_price_lane_finishes_while_the_catalog_lane_is_still_sending_products(): void
    {
        Magento::fixture('catalog');
        $emulator = new EmulatorProcess();
        try {
            $init = Magento::connect($emulator);
            self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
            // ACO keeps every products request waiting until the plan changes
            $emulator->call('PUT', '/_emulator/faults', ['holdEntities' => ['products']]);
            $catalog = Magento::cronStarted('aco_catalog', ['aco_sync_catalog']);
            try {
                self::waitFor(fn (): bool => $emulator->count('categories') > 0, 'the catalog lane to reach the products');

                Magento::cron('aco_prices', ['aco_sync_prices']);
                self::assertGreaterThan(0, $emulator->count('priceBooks'));
                self::assertGreaterThan(0, $emulator->count('prices'), 'the price lane sent every price');
                self::assertSame(0, $emulator->count('products'), 'while the catalog lane still waits on its products');
            } finally {
                $emulator->call('PUT', '/_emulator/faults', []);
                Magento::cronFinished($catalog, 'aco_catalog', ['aco_sync_catalog']);
            }
            self::assertGreaterThan(0, $emulator->count('products'));
            $full = Magento::mustRun('aco:sync', '--full');
            self::assertSame(5, preg_match_all('/: \d+ items, \d+ unchanged, \d+ invalid, 0 sent/', $full), "the lanes left work for a full sync:\n$full");
        } finally {
            $emulator->stop();
        }
    }

    private static function waitFor(callable $done, string $what): void
    {
        for ($i = 0; $i < 1500 && !$done(); $i++) {
            usleep(40_000);
        }
        self::assertTrue($done(), "timed out waiting for $what");
    }
}
