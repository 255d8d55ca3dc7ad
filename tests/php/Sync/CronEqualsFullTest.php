<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FullSyncQueue;
use Aco\Connector\Model\Feed\ItemStatus;
use Aco\Connector\Test\Support\CronEqualsFull;
use Aco\Connector\Test\Support\SyncHarness;
use Aco\Connector\Tools\FullSyncEnding;
use PHPUnit\Framework\TestCase;

/**
 * After any change, the cron path (the sync cycle, SyncCycle, as `aco:sync` and Magento's cron run it) leaves ACO exactly as a
 * full sync would: a full sync afterwards sends nothing, and ACO holds what the catalog maps to.
 * Each change is written as Magento writes it, foreign keys cascading (the sample schema has
 * Magento's ON DELETE CASCADE keys), and captured by the triggers bin/aco installs.
 *
 * Sample catalog (100 products): families of ten, id ≡ 1 (mod 10) a configurable of the next four;
 * 6 and 56 bundles of their next three (option 2×id "Top": +1, +2; option 2×id+1 "Extras": +3);
 * id ≡ 6 (mod 10) links to id + 10; categories 3, 7, 11 (inactive) with children 4-6, 8-10, 12-14.
 */
final class CronEqualsFullTest extends TestCase
{
    use CronEqualsFull;

    /** @return array<string, list<string>> kind of change => the statements Magento runs for it */
    private static function changes(): array
    {
        $black = "(SELECT option_id FROM eav_attribute_option_value WHERE store_id = 0 AND value = 'Black')";
        $cotton = "(SELECT option_id FROM eav_attribute_option_value WHERE store_id = 0 AND value = 'Cotton')";
        // a category's url_path as Magento rewrites it below a new parent (per store that has one)
        $urlPath = static fn (int $id, int $parent): string => "UPDATE catalog_category_entity_varchar c
            JOIN catalog_category_entity_varchar k ON k.entity_id = c.entity_id AND k.store_id = c.store_id AND k.attribute_id = 52
            JOIN catalog_category_entity_varchar p ON p.entity_id = $parent AND p.attribute_id = 53 AND p.store_id = IF(EXISTS(SELECT 1 FROM
                (SELECT * FROM catalog_category_entity_varchar) x WHERE x.entity_id = $parent AND x.attribute_id = 53 AND x.store_id = c.store_id), c.store_id, 0)
            SET c.value = CONCAT(p.value, '/', k.value) WHERE c.entity_id = $id AND c.attribute_id = 53";
        return [
            'rename at store 0' => ["UPDATE catalog_product_entity_varchar SET value = 'Renamed' WHERE entity_id = 17 AND attribute_id = 73 AND store_id = 0"],
            'rename at a store view' => ["INSERT INTO catalog_product_entity_varchar (attribute_id, store_id, entity_id, value) VALUES (73, 2, 18, 'Umbenannt')
                ON DUPLICATE KEY UPDATE value = VALUES(value)"],
            'price' => ['UPDATE catalog_product_entity_decimal SET value = 42.5 WHERE entity_id = 19 AND attribute_id = 77 AND store_id = 0'],
            'special price and dates' => ["INSERT INTO catalog_product_entity_decimal (attribute_id, store_id, entity_id, value) VALUES (78, 0, 20, 5)
                ON DUPLICATE KEY UPDATE value = VALUES(value)",
                "INSERT INTO catalog_product_entity_datetime (attribute_id, store_id, entity_id, value) VALUES (79, 0, 20, '2026-01-01'), (80, 0, 20, '2026-12-31')
                ON DUPLICATE KEY UPDATE value = VALUES(value)"],
            'tier added' => ['INSERT INTO catalog_product_entity_tier_price (entity_id, all_groups, customer_group_id, qty, value, website_id) VALUES (22, 1, 0, 3, 1, 0)'],
            'tier removed' => ['DELETE FROM catalog_product_entity_tier_price WHERE entity_id = (SELECT MIN(entity_id) FROM (SELECT entity_id FROM catalog_product_entity_tier_price) t)'],
            'disable' => ['UPDATE catalog_product_entity_int SET value = 2 WHERE entity_id IN (23, 13) AND attribute_id = 97 AND store_id = 0'],
            'visibility' => ['UPDATE catalog_product_entity_int SET value = 1 WHERE entity_id = 24 AND attribute_id = 99 AND store_id = 0'],
            'remove from a website' => ['DELETE FROM catalog_product_website WHERE product_id IN (27, 46) AND website_id = 2'],
            // a product named by another's related link and naming a third
            'delete a linked product' => ['DELETE FROM catalog_product_entity WHERE entity_id = 26'],
            'delete a bundle (its items are IN_BUNDLE it)' => ['DELETE FROM catalog_product_entity WHERE entity_id = 56'],
            'delete a configurable (its variants are VARIANT_OF it)' => ['DELETE FROM catalog_product_entity WHERE entity_id = 31'],
            'delete a bundle item' => ['DELETE FROM catalog_product_entity WHERE entity_id = 8'],
            'delete a variant' => ['DELETE FROM catalog_product_entity WHERE entity_id = 42'],
            'delete a bundle option' => ['DELETE FROM catalog_product_bundle_option WHERE option_id = 13'],
            'category URL key (its subtree\'s paths follow)' => ["UPDATE catalog_category_entity_varchar SET value = 'menswear' WHERE entity_id = 3 AND attribute_id = 52 AND store_id = 0",
                "UPDATE catalog_category_entity_varchar SET value = 'menswear' WHERE entity_id = 3 AND attribute_id = 53 AND store_id = 0",
                $urlPath(4, 3), $urlPath(5, 3), $urlPath(6, 3)],
            'category move' => ["UPDATE catalog_category_entity SET parent_id = 3, path = '1/2/3/10', position = 9 WHERE entity_id = 10", $urlPath(10, 3)],
            'category moved below an inactive one' => ["UPDATE catalog_category_entity SET parent_id = 11, path = '1/2/11/5', position = 9 WHERE entity_id = 5", $urlPath(5, 11)],
            'category switched off (its subtree goes)' => ['UPDATE catalog_category_entity_int SET value = 0 WHERE entity_id = 3 AND attribute_id = 46 AND store_id = 0'],
            // Magento deletes the children first, then the category (Category resource model)
            'category delete' => ["DELETE FROM catalog_category_entity WHERE path LIKE '1/2/7/%'", 'DELETE FROM catalog_category_entity WHERE entity_id = 7'],
            'option label change' => ["UPDATE eav_attribute_option_value SET value = 'Jet Black' WHERE store_id = 0 AND option_id = $black",
                "UPDATE eav_attribute_option_value SET value = 'Organic Cotton' WHERE store_id = 0 AND option_id = $cotton"],
            'swatch change' => ["UPDATE eav_attribute_option_swatch SET value = '#111111' WHERE option_id = $black"],
            // website-0 tiers in another currency are converted at this rate (Stores > Currency Rates)
            'currency rate change' => ["UPDATE directory_currency_rate SET rate = rate * 1.1 WHERE currency_to <> currency_from"],
            'store view code change' => ["UPDATE store SET code = 'deutsch' WHERE store_id = 2"],
            // products carry their stores' codes (magento-store-codes)
            'store code change' => ["UPDATE store_group SET code = 'renamed_store' WHERE group_id = 1"],
            // refused by the mapping in every store view: what ACO held of it goes (issue 27 #7)
            'a product turns invalid (name blanked, disabled)' => ["UPDATE catalog_product_entity_varchar SET value = '' WHERE entity_id = 29 AND attribute_id = 73",
                'UPDATE catalog_product_entity_int SET value = 2 WHERE entity_id = 29 AND attribute_id = 97 AND store_id = 0'],
            // customer groups' own prices (a group's book holds a record only where the group pays otherwise)
            'group price added' => ["INSERT INTO catalog_product_entity_tier_price (entity_id, all_groups, customer_group_id, qty, value, website_id)
                SELECT entity_id, 0, 1, 1, ROUND(value * 0.5, 2), 0 FROM catalog_product_entity_decimal WHERE entity_id = 37 AND attribute_id = 77 AND store_id = 0"],
            'group price changed' => ['UPDATE catalog_product_entity_tier_price SET value = value * 1.2 WHERE entity_id = 37 AND customer_group_id = 1 AND all_groups = 0'],
            'group price made equal to the parent\'s' => ['UPDATE catalog_product_entity_tier_price t JOIN catalog_product_entity_decimal d ON d.entity_id = t.entity_id
                AND d.attribute_id = 77 AND d.store_id = 0 SET t.value = d.value WHERE t.entity_id = 37 AND t.customer_group_id = 1 AND t.all_groups = 0'],
            'group price removed' => ['DELETE FROM catalog_product_entity_tier_price WHERE entity_id = 37 AND customer_group_id = 1 AND all_groups = 0'],
            // indexed for the days around today: whichever the websites' time zones make today
            'catalog rule for one customer group' => ['INSERT INTO catalogrule_product_price (rule_date, customer_group_id, product_id, rule_price, website_id)
                SELECT d.day, 3, p.entity_id, ROUND(p.value * 0.7, 2), w.website_id FROM catalog_product_entity_decimal p
                JOIN catalog_product_website w ON w.product_id = p.entity_id
                JOIN (SELECT CURDATE() - INTERVAL 1 DAY AS day UNION SELECT CURDATE() UNION SELECT CURDATE() + INTERVAL 1 DAY) d
                WHERE p.entity_id = 38 AND p.attribute_id = 77 AND p.store_id = 0'],
            // an admin's typo, a lower id taking a higher one's SKU: it keeps the SKU, the other is refused (issue 27 #8)
            'a duplicate SKU' => ["UPDATE catalog_product_entity SET sku = 'SKU-0000060' WHERE entity_id = 50"],
        ];
    }

    public function test_after_each_kind_of_change_a_full_sync_has_nothing_left_to_send(): void
    {
        $this->changeEachKind(true);
    }

    public function test_after_every_kind_of_change_in_a_row_a_full_sync_has_nothing_left_to_send(): void
    {
        // no full sync in between: what a delete cascades away is resolved from what the connector saw
        $this->changeEachKind(false);
    }

    public function test_an_item_that_turns_invalid_leaves_nothing_of_it_in_aco_and_stays_reported_until_it_is_valid(): void
    {
        $h = $this->synced();
        try {
            $capture = new ChangeCapture($h->db);
            $sku = 'SKU-0000017';
            $h->pdo->exec("UPDATE catalog_product_entity_varchar SET value = '' WHERE entity_id = 17 AND attribute_id = 73");
            $h->pdo->exec('UPDATE catalog_product_entity_int SET value = 2 WHERE entity_id = 17 AND attribute_id = 97 AND store_id = 0');
            $views = $this->viewsOf($h, 17);
            self::assertNotSame([], $views);
            $report = $h->cycle($capture)->run([Feed::named(Feed::PRODUCTS)])[0];
            self::assertSame(count($views), $report->invalid, 'refused in every store view: aco:sync exits 1');
            foreach ($views as $view) {
                self::assertNull($h->emulator->product($view, $sku), "no enabled, stale $sku left in ACO's $view view");
            }
            $rows = $h->pdo->query("SELECT status, is_deleted, error_field FROM aco_feed_products WHERE source_entity_id = 17")->fetchAll(\PDO::FETCH_NUM);
            self::assertSame(array_fill(0, count($views), [ItemStatus::INVALID, 1, 'name']), array_map(static fn (array $r): array => [(int) $r[0], (int) $r[1], $r[2]], $rows),
                'listed by aco:status --failed with its reason; ACO holds nothing of it');
            $this->assertFullSendsNothing($h, $capture, 'the product turned invalid');

            $h->pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Named again' WHERE entity_id = 17 AND attribute_id = 73 AND store_id = 0");
            $h->cycle($capture)->run([Feed::named(Feed::PRODUCTS)]);
            self::assertSame('DISABLED', $h->emulator->product($views[0], $sku)['status'] ?? null, 'valid again: sent, as it is now');
            $this->assertFullSendsNothing($h, $capture, 'the product valid again');
        } finally {
            $h->stop();
        }
    }

    public function test_a_sku_taken_between_two_cron_runs_is_reported_and_one_product_holds_it_in_every_view(): void
    {
        $h = $this->synced();
        try {
            $capture = new ChangeCapture($h->db);
            // a lower id in fewer store views takes the SKU of a higher id exported to more of them
            [$low, $high] = array_map('intval', $h->pdo->query('SELECT a.entity_id, b.entity_id FROM catalog_product_entity a JOIN catalog_product_entity b
                ON b.entity_id > a.entity_id AND b.type_id = a.type_id WHERE a.type_id = \'simple\'
                AND (SELECT COUNT(*) FROM catalog_product_website WHERE product_id = a.entity_id) = 1
                AND (SELECT COUNT(*) FROM catalog_product_website WHERE product_id = b.entity_id) = 2 ORDER BY a.entity_id, b.entity_id LIMIT 1')->fetch(\PDO::FETCH_NUM));
            $sku = sprintf('SKU-%07d', $high);
            $h->pdo->exec("UPDATE catalog_product_entity SET sku = '$sku' WHERE entity_id = $low");
            $reports = $h->cycle($capture)->run(Feed::all());
            self::assertSame([1, 1], [$reports[2]->invalid, $reports[4]->invalid], 'the products and prices runs report it: aco:sync exits 1');
            $reason = $h->pdo->query("SELECT error_message FROM aco_feed_products WHERE source_entity_id = $high AND status = " . ItemStatus::INVALID)->fetchColumn();
            $views = $this->viewsOf($h, $high);
            self::assertSame("SKU \"$sku\" is product {$low}'s too, which is sent under it (the lowest entity id wins): product $high is not sent to store views \""
                . implode('", "', $views) . "\"; give product $high a SKU of its own", $reason, 'one line naming both products, the store views and what to change');
            foreach ($views as $view) {
                $held = $h->emulator->product($view, $sku);
                self::assertTrue($held === null || $held['externalIds'][0]['id'] === (string) $low, "ACO's $view view of $sku is product $low's or nothing");
            }
            $this->assertFullSendsNothing($h, $capture, 'a SKU taken');

            $h->pdo->exec(sprintf("UPDATE catalog_product_entity SET sku = 'SKU-%07d' WHERE entity_id = $low", $low));
            self::assertSame(0, $h->cycle($capture)->run(Feed::all())[2]->invalid);
            $this->assertFullSendsNothing($h, $capture, 'the SKU given back');
        } finally {
            $h->stop();
        }
    }

    public function test_a_variant_deleted_as_a_full_sync_ends_still_reaches_its_configurable_through_cron(): void
    {
        $h = $this->synced();
        try {
            $capture = new ChangeCapture($h->db);
            // the variant goes after the full sync has read and sent everything, before it ends
            $ending = (new FullSyncEnding($h->db))->at(Feed::PRODUCTS, static fn () => $h->pdo->exec('DELETE FROM catalog_product_entity WHERE entity_id = 42'));
            (new FullSyncQueue($h->db))->request([Feed::PRODUCTS]);
            $h->cycle($ending)->run([Feed::named(Feed::PRODUCTS)]);
            self::assertSame([], array_map('intval', $h->pdo->query('SELECT product_id FROM catalog_product_super_link WHERE product_id = 42')->fetchAll(\PDO::FETCH_COLUMN)));
            $h->cycle($capture)->run(Feed::all());
            $this->assertFullSendsNothing($h, $capture, 'a variant deleted as a full sync ended');
        } finally {
            $h->stop();
        }
    }

    /** @return list<string> codes of the store views a product is exported to */
    private function viewsOf(SyncHarness $h, int $id): array
    {
        return $h->pdo->query("SELECT s.code FROM store s JOIN catalog_product_website w ON w.website_id = s.website_id AND w.product_id = $id
            WHERE s.store_id > 0 ORDER BY s.store_id")->fetchAll(\PDO::FETCH_COLUMN);
    }

    private function changeEachKind(bool $fullAfterEach): void
    {
        $h = $this->synced();
        try {
            $capture = new ChangeCapture($h->db);
            foreach (self::changes() as $kind => $statements) {
                foreach ($statements as $sql) {
                    $h->pdo->exec($sql);
                }
                $h->cycle($capture)->run(Feed::all());
                if ($fullAfterEach) {
                    $this->assertFullSendsNothing($h, $capture, $kind);
                }
            }
            $this->assertFullSendsNothing($h, $capture, 'the whole sequence');
        } finally {
            $h->stop();
        }
    }
}
