<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Catalog;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\LogRouter;
use Aco\Connector\Model\Services;
use Aco\Connector\Test\Support\SyncHarness;
use PHPUnit\Framework\TestCase;

/**
 * A store without Magento_CatalogRule, Magento_CatalogInventory or Magento_Swatches (their tables are
 * absent): one warning each per run, the feature treated as empty, every feed still synced.
 */
final class OptionalTablesTest extends TestCase
{
    private const DROPPED = ['catalogrule_product_price', 'cataloginventory_stock_item', 'eav_attribute_option_swatch'];

    public function test_missing_module_tables_are_one_warning_each_and_the_feeds_still_sync(): void
    {
        $harness = new SyncHarness(60);
        try {
            foreach (self::DROPPED as $table) {
                $harness->pdo->exec("DROP TABLE $table");
            }
            $lines = [];
            $log = new LogRouter(static function (string $level, string $message, array $context) use (&$lines): void {
                $lines[] = "$level {$context['target']} $message";
            });
            (new Services($harness->db, new SodiumCipher(random_bytes(32)), 'https://shop.example.com/media', false, static fn () => null))->catalog($log);
            foreach (self::DROPPED as $table) {
                self::assertCount(1, preg_grep("/^warning aco\\.catalog table $table is missing \\(Magento_\\w+ not installed\\?\\): /", $lines), implode("\n", $lines));
            }

            $sync = $harness->sync();
            $dry = $sync->dryRun(Feed::named(Feed::PRICES), null, static function (): void {
            });
            self::assertGreaterThan(0, $dry->seen, 'a dry run reads the prices');
            foreach (Feed::all() as $feed) {
                $report = $sync->full($feed);
                self::assertSame([0, 0], [$report->invalid, $report->failed], $feed->name);
                self::assertGreaterThan(0, $report->accepted, $feed->name);
            }
            self::assertFalse((new CatalogSchema($harness->db))->hasModule('Magento_CatalogRule'));
        } finally {
            $harness->stop();
        }
    }
}
