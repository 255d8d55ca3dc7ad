<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\ItemStatus;
use Aco\Connector\Test\Support\CronEqualsFull;
use Aco\Connector\Test\Support\SyncHarness;
use PHPUnit\Framework\TestCase;

/**
 * A customer group's price book holds a product's price only while that group pays otherwise than
 * in the website's base book; else ACO's lookup falls back to the base book (docs/mapping.md,
 * Prices). Each step on the cron path, then a full sync sends nothing.
 */
final class GroupPriceFallbackTest extends TestCase
{
    use CronEqualsFull;

    private const GENERAL = 1;

    public function test_a_group_book_holds_a_price_only_while_the_group_pays_otherwise(): void
    {
        $h = $this->synced();
        try {
            $capture = new ChangeCapture($h->db);
            [$id, $sku, $price] = $this->plainProduct($h);
            $book = \Aco\Native\groupPriceBookId('base', self::GENERAL);
            self::assertNotNull($h->emulator->price('base', $sku));
            self::assertNull($h->emulator->price($book, $sku), 'no price of its own: nothing sent to the group book');
            self::assertSame(0, (int) $h->pdo->query("SELECT COUNT(*) FROM aco_feed_prices WHERE scope = '$book' AND item_key = '$sku'")->fetchColumn());

            // 80 % off: below any special price the generator gives (at most 30 % off)
            $this->groupPrice($h, $id, round($price * 0.2, 2));
            $h->cycle($capture)->run(Feed::all());
            $discounts = array_column($h->emulator->price($book, $sku)['discounts'] ?? [], 'price', 'code');
            self::assertEqualsWithDelta($price - round($price * 0.2, 2), $discounts['group_price'] ?? null, 0.0001, 'the group\'s own price, in its book');
            $this->assertFullSendsNothing($h, $capture, 'group price added');

            $this->groupPrice($h, $id, $price);
            $h->cycle($capture)->run(Feed::all());
            self::assertNull($h->emulator->price($book, $sku), 'equal to the base book again: deleted, the fallback serves it');
            $this->assertFullSendsNothing($h, $capture, 'group price made equal to the parent\'s');
        } finally {
            $h->stop();
        }
    }

    public function test_a_failed_delete_of_an_equalised_group_price_is_retried(): void
    {
        $h = $this->synced(100, ['max_attempts' => 1]);
        try {
            $capture = new ChangeCapture($h->db);
            [$id, $sku, $price] = $this->plainProduct($h);
            $book = \Aco\Native\groupPriceBookId('base', self::GENERAL);
            $this->groupPrice($h, $id, round($price * 0.2, 2));
            $h->cycle($capture)->run(Feed::all());
            self::assertNotNull($h->emulator->price($book, $sku));

            $this->groupPrice($h, $id, $price);
            $h->emulator->call('PUT', '/_emulator/faults', ['failNext' => 1000, 'failStatus' => 503]);
            $report = $h->cycle($capture)->run([Feed::named(Feed::PRICES)])[0];
            $h->emulator->call('PUT', '/_emulator/faults', []);
            $held = (int) $h->pdo->query("SELECT COUNT(*) FROM aco_feed_prices WHERE source_entity_id = $id AND scope LIKE '%::" . sha1((string) self::GENERAL) . "'")->fetchColumn();
            self::assertSame([$held, $held], [$report->deleted, $report->failed], 'the deletes (the group\'s record in each website of the product) were sent and failed');
            $row = fn (): array => array_map('intval', $h->pdo->query("SELECT is_deleted, status FROM aco_feed_prices WHERE scope = '$book' AND item_key = '$sku'")->fetch(\PDO::FETCH_NUM));
            self::assertSame([1, ItemStatus::RETRY], $row(), 'recorded as a delete to retry');
            self::assertNotNull($h->emulator->price($book, $sku), 'ACO still holds the group price');

            $h->pdo->exec('UPDATE aco_feed_prices SET next_retry_at = NOW() - INTERVAL 1 SECOND WHERE next_retry_at IS NOT NULL');
            $h->cycle($capture)->run([Feed::named(Feed::PRICES)]);
            self::assertNull($h->emulator->price($book, $sku), 'the retry deleted it');
            self::assertSame([1, ItemStatus::SENT], $row());
            $this->assertFullSendsNothing($h, $capture, 'a failed delete retried');
        } finally {
            $h->stop();
        }
    }

    /** @return array{0: int, 1: string, 2: float} a simple product of website base, its prices those of all store views (none on store view 1, whose values website base takes), no customer group's price */
    private function plainProduct(SyncHarness $h): array
    {
        $row = $h->pdo->query("SELECT p.entity_id, p.sku, d.value FROM catalog_product_entity p
            JOIN catalog_product_website w ON w.product_id = p.entity_id AND w.website_id = 1
            JOIN catalog_product_entity_decimal d ON d.entity_id = p.entity_id AND d.attribute_id = 77 AND d.store_id = 0
            WHERE p.type_id = 'simple' AND NOT EXISTS (SELECT 1 FROM catalog_product_entity_tier_price t WHERE t.entity_id = p.entity_id AND t.all_groups = 0)
            AND NOT EXISTS (SELECT 1 FROM catalog_product_entity_decimal s WHERE s.entity_id = p.entity_id AND s.attribute_id IN (77, 78) AND s.store_id = 1)
            ORDER BY p.entity_id LIMIT 1")->fetch(\PDO::FETCH_NUM);
        self::assertIsArray($row, 'the sample catalog has such a product');
        return [(int) $row[0], (string) $row[1], (float) $row[2]];
    }

    /** The group's qty-1 price, as Magento's product save writes it. */
    private function groupPrice(SyncHarness $h, int $id, float $value): void
    {
        $h->pdo->prepare('INSERT INTO catalog_product_entity_tier_price (entity_id, all_groups, customer_group_id, qty, value, website_id) VALUES (?, 0, ?, 1, ?, 0)
            ON DUPLICATE KEY UPDATE value = VALUES(value)')->execute([$id, self::GENERAL, $value]);
    }
}
