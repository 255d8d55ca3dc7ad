<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Test\Support\SyncHarness;
use PHPUnit\Framework\TestCase;

/**
 * The sample catalog's planted admin typo: product 20 has product 19's SKU. Product 19 (the lowest id) is
 * what ACO gets under that SKU, in every feed; product 20 is one invalid row per feed with its
 * reason, so `aco:status --failed` lists it; nothing is sent twice.
 */
final class DuplicateSkuTest extends TestCase
{
    public function test_the_lowest_entity_id_keeps_the_sku_and_the_other_is_reported(): void
    {
        $harness = new SyncHarness(40);
        try {
            // the sample catalog's planted duplicate (Generator, $plantedErrors)
            $harness->pdo->exec("UPDATE catalog_product_entity SET sku = 'SKU-0000019' WHERE entity_id = 20");
            $name = static fn (int $id): string => (string) $harness->pdo->query("SELECT value FROM catalog_product_entity_varchar
                WHERE entity_id = $id AND attribute_id = 73 AND store_id = 0")->fetchColumn();
            $price = static fn (int $id): float => (float) $harness->pdo->query("SELECT value FROM catalog_product_entity_decimal
                WHERE entity_id = $id AND attribute_id = 77 AND store_id = 0")->fetchColumn();
            self::assertNotSame($name(19), $name(20));
            self::assertNotSame($price(19), $price(20));

            $reports = $harness->fullSync();
            foreach ([Feed::PRODUCTS, Feed::PRICES] as $feed) {
                $report = $reports[$feed];
                self::assertSame(1, $report->invalid, "$feed: the duplicate only");
                self::assertSame($report->sent, $report->accepted, "$feed: nothing sent twice");
                $rows = $harness->pdo->query("SELECT source_entity_id, item_key, scope, status, error_field, error_message, delete_payload
                    FROM aco_feed_$feed WHERE status = 3")->fetchAll(\PDO::FETCH_ASSOC);
                self::assertCount(1, $rows, $feed);
                self::assertSame(['20', 'SKU-0000019', '', 'sku', null], [(string) $rows[0]['source_entity_id'], $rows[0]['item_key'],
                    $rows[0]['scope'], $rows[0]['error_field'], $rows[0]['delete_payload']], $feed);
                self::assertStringContainsString("is product 19's too", $rows[0]['error_message']);
                self::assertStringContainsString('give product 20 a SKU of its own', $rows[0]['error_message']);
            }
            $product = $harness->emulator->call('GET', '/_emulator/product?locale=default&sku=SKU-0000019');
            self::assertSame($name(19), $product['name'], 'ACO has product 19 under the SKU');
            $prices = $harness->emulator->call('GET', '/_emulator/price?priceBookId=base&sku=SKU-0000019');
            self::assertEquals($price(19), $prices['regular']);

            // the typo fixed: product 20 is sent under its own SKU, its error row goes
            $harness->pdo->exec("UPDATE catalog_product_entity SET sku = 'SKU-0000020' WHERE entity_id = 20");
            $again = $harness->fullSync();
            self::assertSame(0, $again[Feed::PRODUCTS]->invalid + $again[Feed::PRICES]->invalid);
            self::assertSame(0, $again[Feed::PRODUCTS]->deleted, 'the error row had nothing in ACO to delete');
            self::assertSame($name(20), $harness->emulator->call('GET', '/_emulator/product?locale=default&sku=SKU-0000020')['name']);
        } finally {
            $harness->stop();
        }
    }
}
