<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\LogRouter;
use Aco\Connector\Test\Support\SyncHarness;
use PHPUnit\Framework\TestCase;

/**
 * Catalog shapes real stores hold (issue 28): a 32-character website and store view code (Magento's
 * maximum), negative category positions (Luma's sample data), a 200-character category name, a special
 * price of 0, a free product, qty-1 and unsorted tiers. Each reaches ACO valid and within the contract's
 * limits, what the store shows is what ACO holds, and each reshaping is one warning line a run.
 */
final class CatalogShapesTest extends TestCase
{
    private const WEBSITE = 'a_website_code_of_32_characters_';
    private const VIEW = 'store_view_code_of_32_characters';

    public function test_real_catalog_shapes_reach_aco_valid_and_each_reshaping_is_warned_once(): void
    {
        self::assertSame([32, 32], [strlen(self::WEBSITE), strlen(self::VIEW)]);
        $h = new SyncHarness(40);
        try {
            $pdo = $h->pdo;
            $pdo->exec("UPDATE store_website SET code = '" . self::WEBSITE . "' WHERE website_id = 1");
            $pdo->exec("UPDATE store SET code = '" . self::VIEW . "' WHERE store_id = 1");
            $pdo->exec('UPDATE catalog_category_product SET position = -55 - CAST(product_id % 7 AS SIGNED)');
            $pdo->exec('UPDATE catalog_category_entity SET position = -3 WHERE level >= 2');
            $category = (int) $pdo->query('SELECT MIN(entity_id) FROM catalog_category_entity WHERE level = 2')->fetchColumn();
            $long = substr(str_repeat('Sommerkleider und Strandmode ', 8), 0, 200);
            $pdo->exec("UPDATE catalog_category_entity_varchar SET value = '$long' WHERE attribute_id = 45 AND entity_id = $category");
            $skus = $pdo->query("SELECT e.entity_id, e.sku FROM catalog_product_entity e
                JOIN catalog_product_entity_decimal d ON d.entity_id = e.entity_id AND d.attribute_id = 77 AND d.store_id = 0
                JOIN catalog_product_website w ON w.product_id = e.entity_id AND w.website_id = 1
                WHERE e.type_id = 'simple' ORDER BY e.entity_id LIMIT 3")->fetchAll(\PDO::FETCH_KEY_PAIR);
            [$zero, $free, $tiered] = array_keys($skus);
            $ids = implode(',', array_keys($skus));
            // their own prices only: no special price dates, special prices or tiers the generator gave them
            $pdo->exec("DELETE FROM catalog_product_entity_datetime WHERE entity_id IN ($ids)");
            $pdo->exec("DELETE FROM catalog_product_entity_decimal WHERE attribute_id = 78 AND entity_id IN ($ids)");
            $pdo->exec("DELETE FROM catalog_product_entity_tier_price WHERE entity_id IN ($ids)");
            $pdo->exec("INSERT INTO catalog_product_entity_decimal (attribute_id, store_id, entity_id, value) VALUES (78, 0, $zero, 0)");
            $pdo->exec("UPDATE catalog_product_entity_decimal SET value = 0 WHERE attribute_id = 77 AND entity_id = $free");
            $pdo->exec("UPDATE catalog_product_entity_decimal SET value = 50 WHERE attribute_id = 77 AND entity_id = $tiered");
            // unsorted, with a qty-1 price of customer group 2 (a group price)
            $pdo->exec("INSERT INTO catalog_product_entity_tier_price (entity_id, all_groups, customer_group_id, qty, value, website_id, percentage_value)
                VALUES ($tiered, 1, 0, 10, 40, 0, NULL), ($tiered, 0, 2, 1, 45, 0, NULL), ($tiered, 1, 0, 2, 48, 0, NULL), ($tiered, 1, 0, 5, 0, 0, 10)");

            $lines = [];
            $log = new LogRouter(static function (string $level, string $message, array $context) use (&$lines): void {
                $lines[] = "$level {$context['target']} $message";
            });
            $sync = $h->sync(null, 100, null, $log);
            foreach (Feed::all() as $feed) {
                $report = $sync->full($feed);
                self::assertSame(0, $report->invalid, $feed->name);
                self::assertSame($report->sent, $report->accepted, "{$feed->name}: every item accepted");
            }

            $books = array_column($h->emulator->call('GET', '/_emulator/items/priceBooks?limit=1000')['items'], 'priceBookId');
            $group = \Aco\Native\groupPriceBookId(self::WEBSITE, 2);
            self::assertContains($group, $books);
            self::assertSame(64, strlen($group));
            self::assertLessThanOrEqual(64, max(array_map('strlen', $books)));

            $price = static fn (string $book, int $id): array => $h->emulator->price($book, $skus[$id]) ?? self::fail("no price of {$skus[$id]} in $book");
            $special = $price(self::WEBSITE, $zero);
            self::assertEquals([0, null, null], [$special['regular'], $special['discounts'] ?? null, $special['tierPrices'] ?? null], 'special price 0: the store shows 0.00');
            self::assertEquals(0, $price(self::WEBSITE, $free)['regular']);
            self::assertNull($h->emulator->price($group, $skus[$zero]), 'the group pays the same: its book falls back to the website\'s');
            self::assertEquals([['qty' => 2, 'price' => 48], ['qty' => 5, 'percentage' => 10], ['qty' => 10, 'price' => 40]], $price($group, $tiered)['tierPrices']);
            self::assertEquals([['code' => 'group_price', 'price' => 5]], $price($group, $tiered)['discounts']);

            $products = $h->emulator->call('GET', '/_emulator/items/products?limit=1000')['items'];
            self::assertContains(self::VIEW, array_column(array_column($products, 'source'), 'locale'));
            $positions = array_merge(...array_map(static fn (array $p): array => array_column($p['routes'] ?? [], 'position'), $products));
            self::assertLessThan(-50, min($positions), "Magento's negative positions, as stored");
            $categories = $h->emulator->call('GET', '/_emulator/items/categories?limit=1000')['items'];
            self::assertLessThanOrEqual(128, max(array_map(static fn (array $c): int => mb_strlen($c['name']), $categories)));
            self::assertContains(substr($long, 0, 128), array_column($categories, 'name'));

            $special = array_filter($lines, static fn (string $l): bool => str_contains($l, 'special_price 0') && str_contains($l, self::WEBSITE));
            self::assertSame(["warning aco.mapping product \"{$skus[$zero]}\", website \"" . self::WEBSITE . '": special_price 0 (100 % off) is sent as a regular price of 0 (ACO takes no discount of the whole price)'],
                array_values($special), 'once a run, though every book of the website carries it');
            $cut = array_filter($lines, static fn (string $l): bool => str_contains($l, "category $category ("));
            self::assertNotEmpty($cut);
            self::assertSame(array_values(array_unique($cut)), array_values($cut));
            self::assertStringContainsString('name has 200 characters, sent cut to ACO\'s 128', reset($cut));
        } finally {
            $h->stop();
        }
    }
}
