<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Changes;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Test\Support\SyncHarness;
use Aco\Connector\Test\Support\TestDatabase;
use PHPUnit\Framework\TestCase;

/**
 * Changelog triggers (as Magento's mview) turn catalog edits into the entity ids to sync.
 */
final class ChangeCaptureTest extends TestCase
{
    public function test_edits_land_in_the_changelogs_of_every_affected_feed_and_variants_bring_their_parent(): void
    {
        $h = new SyncHarness(40);
        try {
            $capture = new ChangeCapture($h->db);
            $capture->install();
            $capture->install(); // idempotent
            $feedProducts = Feed::named(Feed::PRODUCTS);
            $feedPrices = Feed::named(Feed::PRICES);
            self::assertSame([], $capture->pending($feedProducts)->ids);

            $pdo = $h->pdo;
            $pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'New name' WHERE entity_id = 6 AND attribute_id = 73 AND store_id = 0");
            $pdo->exec('UPDATE catalog_product_entity_decimal SET value = 99 WHERE entity_id = 7 AND attribute_id = 77 AND store_id = 0');
            $pdo->exec('DELETE FROM catalog_product_website WHERE product_id = 8 AND website_id = 2');
            $pdo->exec('UPDATE catalog_product_entity_int SET value = 2 WHERE entity_id = 12 AND attribute_id = 97 AND store_id = 0'); // a variant of 11
            $pdo->exec("UPDATE eav_attribute_option_value SET value = 'Noir' WHERE store_id = 0 AND option_id = 1");

            $products = $capture->pending($feedProducts);
            sort($products->ids);
            self::assertSame([6, 7, 8, 9, 11, 12, 16], $products->ids, 'a variant change refreshes its configurable (11), a bundle (6) its items (7-9) and the product it links to (16), and they it');
            $prices = $capture->pending($feedPrices);
            sort($prices->ids);
            self::assertSame([7, 8, 12], $prices->ids, 'price, website assignment and status feed prices');
            self::assertNotSame([], $capture->pending(Feed::named(Feed::PRODUCT_ATTRIBUTES))->ids);

            $capture->commit($feedProducts, $products);
            self::assertSame([], $capture->pending($feedProducts)->ids, 'committed changes are not seen again');
            self::assertNotSame([], $capture->pending($feedPrices)->ids, 'each feed keeps its own position');
        } finally {
            $h->stop();
        }
    }

    public function test_without_changelogs_nothing_is_pending_and_a_full_sync_still_runs(): void
    {
        // before aco:config:init or setup:upgrade installed change capture
        $h = new SyncHarness(20);
        try {
            $capture = new ChangeCapture($h->db);
            foreach (Feed::all() as $feed) {
                $h->pdo->exec("DROP TABLE IF EXISTS {$feed->changelog()}");
            }
            $feed = Feed::named(Feed::PRODUCTS);
            self::assertEquals(new Changes(), $capture->pending($feed));
            $capture->commit($feed, new Changes([1], [[1, 5]], 5));
            $report = $h->sync($capture)->full($feed);
            self::assertGreaterThan(0, $report->sent);
            self::assertSame($report->sent, $report->accepted);
        } finally {
            $h->stop();
        }
    }

    public function test_a_full_sync_sends_edits_captured_before_it_once(): void
    {
        // regression: edits captured before a full run were sent by the run, then again as deltas behind it
        $h = new SyncHarness(40);
        try {
            $capture = new ChangeCapture($h->db);
            $capture->install();
            $feed = Feed::named(Feed::PRODUCTS);
            $h->sync($capture)->full($feed);
            $h->pdo->exec("UPDATE catalog_product_entity_varchar SET value = CONCAT(value, ' v2') WHERE entity_id IN (6, 7) AND attribute_id = 73 AND store_id = 0");
            $pending = $capture->pending($feed)->ids;
            self::assertContains(6, $pending);
            self::assertContains(7, $pending);   // with the products related to them (ChangeCascade)
            $report = $h->sync($capture, 10)->full($feed);
            // the name changed at store 0: the default store view's items (the others have their own)
            self::assertSame([2, 2], [$report->sent, $report->accepted], 'each changed item sent once');
            self::assertSame([], $capture->pending($feed)->ids, 'the full run covered them');
        } finally {
            $h->stop();
        }
    }

    public function test_cron_sync_sends_exactly_what_changed(): void
    {
        $h = new SyncHarness(40);
        try {
            $capture = new ChangeCapture($h->db);
            $capture->install();
            $h->fullSync();
            foreach (Feed::all() as $feed) {
                $capture->commit($feed, $capture->pending($feed));
            }
            $h->pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Cron name' WHERE entity_id = 6 AND attribute_id = 73 AND store_id = 0");
            $pending = $capture->pending(Feed::named(Feed::PRODUCTS));
            $report = $h->sync()->entities(Feed::named(Feed::PRODUCTS), $pending->ids);
            self::assertSame(1, $report->sent);
            self::assertSame('Cron name', $h->emulator->call('GET', '/_emulator/product?locale=default&sku=SKU-0000006')['name']);
        } finally {
            $h->stop();
        }
    }

    public function test_a_row_committed_late_by_a_transaction_open_during_the_read_is_read_next_time(): void
    {
        // regression: a reader keeping a position passed the version of rows read while a longer
        // transaction held a lower one: its edit never reached ACO
        $h = new SyncHarness(40);
        try {
            $capture = new ChangeCapture($h->db);
            $capture->install();
            $feed = Feed::named(Feed::PRICES);
            $late = TestDatabase::pdo();
            $late->beginTransaction();
            $late->exec('UPDATE catalog_product_entity_decimal SET value = 31 WHERE entity_id = 7 AND attribute_id = 77 AND store_id = 0');
            $h->pdo->exec('UPDATE catalog_product_entity_decimal SET value = 33 WHERE entity_id = 33 AND attribute_id = 77 AND store_id = 0');
            $first = $capture->pending($feed);
            self::assertSame([33], $first->ids);
            $late->commit();
            $capture->commit($feed, $first);
            self::assertSame([7], $capture->pending($feed)->ids, 'the late row was not passed');
        } finally {
            $h->stop();
        }
    }

    public function test_a_trigger_lost_to_a_table_swap_or_an_interrupted_install_is_put_back_and_its_feeds_need_a_full_sync(): void
    {
        $h = new SyncHarness(20);
        try {
            $capture = new ChangeCapture($h->db);
            $capture->install();
            self::assertSame([], $capture->repair(), 'a healthy store: nothing to repair');
            // Magento's catalog-rule indexer: a replica filled, then swapped in by RENAME (the triggers go with the old table)
            $h->pdo->exec('CREATE TABLE catalogrule_product_price_replica LIKE catalogrule_product_price');
            $h->pdo->exec('RENAME TABLE catalogrule_product_price TO catalogrule_product_price_outdated, catalogrule_product_price_replica TO catalogrule_product_price');
            $h->pdo->exec('DROP TABLE catalogrule_product_price_outdated');
            $h->pdo->exec('DROP TRIGGER aco_trg_catalog_category_entity_varchar_update');
            self::assertSame([Feed::CATEGORIES, Feed::PRICES], $capture->repair());
            self::assertSame([], $capture->repair());
            $h->pdo->exec('INSERT INTO catalogrule_product_price (rule_date, customer_group_id, product_id, rule_price, website_id) VALUES (CURDATE(), 0, 5, 1.5, 1)');
            self::assertContains(5, $capture->pending(Feed::named(Feed::PRICES))->ids, 'the swapped-in table is captured again');
        } finally {
            $h->stop();
        }
    }
}
