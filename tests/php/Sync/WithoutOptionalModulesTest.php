<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FullSyncQueue;
use Aco\Connector\Model\Feed\SyncReport;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Test\Support\SyncHarness;
use Aco\Connector\Tools\ConsistencyCheck;
use PHPUnit\Framework\TestCase;

/**
 * A store installed without Magento_ConfigurableProduct, Magento_Bundle, Magento_Swatches,
 * Magento_CatalogRule and Magento_CatalogSearch has none of their tables, nor the columns Swatches and
 * CatalogSearch add to catalog_eav_attribute (setup:install --disable-modules creates none): change
 * capture is installed on the tables there are, and the cron path (the sync cycle) sends the catalog,
 * a change and deletes that cascade, leaving a full sync nothing to send.
 *
 * Sample catalog: 6 a bundle of 7-9, 11 a configurable of 12-15, 16 links to 26.
 */
final class WithoutOptionalModulesTest extends TestCase
{
    private const MODULES = ['Magento_ConfigurableProduct', 'Magento_Bundle', 'Magento_Swatches', 'Magento_CatalogRule'];

    public function test_the_cron_path_syncs_changes_and_deletes_without_the_optional_modules_tables(): void
    {
        $h = new SyncHarness(60);
        try {
            $h->pdo->exec('SET FOREIGN_KEY_CHECKS = 0');
            foreach (self::MODULES as $module) {
                foreach (CatalogSchema::OPTIONAL_TABLES[$module][0] as $table) {
                    $h->pdo->exec("DROP TABLE $table");
                }
            }
            $h->pdo->exec('SET FOREIGN_KEY_CHECKS = 1');
            // the columns Magento_Swatches and Magento_CatalogSearch add to Magento_Catalog's table
            $h->pdo->exec('ALTER TABLE catalog_eav_attribute DROP COLUMN additional_data, DROP COLUMN search_weight');
            $capture = new ChangeCapture($h->db);
            $capture->install();
            (new FullSyncQueue($h->db))->request(Feed::ORDER);
            foreach ($h->cycle($capture)->run(Feed::all()) as $report) {
                self::assertSame([0, 0, true], [$report->failed, $report->invalid, $report->accepted > 0], "full sync of {$report->feed}");
            }

            $h->pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Renamed' WHERE entity_id = 17 AND attribute_id = 73 AND store_id = 0");
            $h->pdo->exec('UPDATE catalog_product_entity_decimal SET value = 42.5 WHERE entity_id = 19 AND attribute_id = 77 AND store_id = 0');
            $h->pdo->exec('DELETE FROM catalog_product_entity WHERE entity_id IN (26, 12)');
            $reports = $this->byFeed($h->cycle($capture)->run(Feed::all()));
            self::assertGreaterThan(0, $reports[Feed::PRODUCTS]->sent, 'the rename and the link of 16 to the deleted 26');
            self::assertGreaterThan(0, $reports[Feed::PRODUCTS]->deleted, 'the deleted products');
            self::assertGreaterThan(0, $reports[Feed::PRICES]->sent, 'the price');

            $sync = $h->sync($capture);
            foreach (Feed::all() as $feed) {
                $full = $sync->full($feed);
                self::assertSame([0, 0], [$full->sent, $full->deleted], "a full sync of {$feed->name} after the cron path");
            }
            self::assertSame([], ConsistencyCheck::differences($h->db, SampleDatabase::catalog(new CatalogSchema($h->db)), $h->emulator));
        } finally {
            $h->stop();
        }
    }

    /**
     * @param list<SyncReport> $reports
     * @return array<string, SyncReport>
     */
    private function byFeed(array $reports): array
    {
        return array_column(array_map(static fn (SyncReport $r): array => [$r->feed, $r], $reports), 1, 0);
    }
}
