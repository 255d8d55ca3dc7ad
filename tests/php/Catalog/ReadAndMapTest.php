<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Catalog;

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Model\Catalog\StoreReader;
use Aco\Connector\Model\Store\ConfigTableSettings;
use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\LogRouter;
use Aco\Connector\Model\Services;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Test\Support\TestDatabase;
use PHPUnit\Framework\TestCase;

/**
 * Readers over the generated Magento catalog in MariaDB, mapped by the extension: what a merchant's
 * store turns into. Sample catalog: ids ≡ 1 (mod 10) are configurables, the next four their variants.
 */
final class ReadAndMapTest extends TestCase
{
    private static CatalogSchema $schema;
    /** @var array<string, array<string, mixed>> */
    private static array $products = [];
    /** @var array<string, array<string, string>> */
    private static array $errors = [];

    public static function setUpBeforeClass(): void
    {
        self::$schema = SampleDatabase::generate(300, false, 2, 3, true);
        $catalog = SampleDatabase::catalog(self::$schema);
        foreach ((new ProductReader(self::$schema))->chunks(100) as $chunk) {
            [$ok, $errors] = SampleDatabase::decode($catalog->products($chunk));
            self::$products += $ok;
            self::$errors += $errors;
        }
    }

    /**
     * The sample catalog's planted duplicate: product 20 has product 19's SKU (one error, no items),
     * named with where it is not sent (its store views, its websites' price books).
     */
    private const DUPLICATE = 'SKU "SKU-0000019" is product 19\'s too, which is sent under it (the lowest entity id wins): product 20 is not sent to %s; give product 20 a SKU of its own';

    public function test_every_product_maps_once_per_store_view_of_its_websites(): void
    {
        self::assertSame(['SKU-0000019@' => ['field' => 'sku', 'message' => sprintf(self::DUPLICATE, 'store views "default", "de", "fr"')]], self::$errors);
        $pdo = self::$schema->db()->pdo();
        $expected = (int) $pdo->query('SELECT COUNT(*) FROM catalog_product_website pw JOIN store s ON s.website_id = pw.website_id WHERE pw.product_id <> 20')->fetchColumn();
        self::assertSame($expected, count(self::$products));
        // not every product is in the second website: those have no de/fr item
        $missing = $pdo->query('SELECT e.sku FROM catalog_product_entity e LEFT JOIN catalog_product_website w ON w.product_id = e.entity_id AND w.website_id = 2 WHERE w.product_id IS NULL LIMIT 1')->fetchColumn();
        self::assertIsString($missing);
        self::assertArrayHasKey("$missing@default", self::$products);
        self::assertArrayNotHasKey("$missing@de", self::$products);
    }

    public function test_store_view_values_fall_back_to_the_default(): void
    {
        $de = self::$products['SKU-0000006@de'];
        $en = self::$products['SKU-0000006@default'];
        self::assertNotSame($en['name'], $de['name'], 'the German store view has its own name');
        self::assertSame('de', $de['source']['locale']);
        // short_description exists only at the default scope: the German item falls back to it
        self::assertSame($en['shortDescription'], $de['shortDescription']);
        self::assertSame('A well made product for every day.', $de['shortDescription']);
    }

    public function test_configurables_carry_their_options_and_variants_point_back(): void
    {
        $parent = self::$products['SKU-0000011@default'];
        $codes = array_column($parent['configurations'], 'attributeCode');
        self::assertSame(['color', 'size'], $codes);
        self::assertSame('SWATCH', $parent['configurations'][0]['type']);
        self::assertCount(2, $parent['configurations'][0]['values'], 'two colours among four variants');
        self::assertCount(4, $parent['configurations'][1]['values'], 'four sizes');
        self::assertMatchesRegularExpression('/^#[0-9A-F]{6}$/', $parent['configurations'][0]['values'][0]['colorHex']);
        $refs = array_merge(...array_map(static fn ($c) => array_column($c['values'], 'variantReferenceId'), $parent['configurations']));
        for ($id = 12; $id <= 15; $id++) {
            $variant = self::$products[sprintf('SKU-%07d@default', $id)];
            self::assertSame([], $variant['visibleIn'], 'variants are not visible individually');
            self::assertContains(['type' => 'VARIANT_OF', 'sku' => 'SKU-0000011'], $variant['links']);
            foreach ($variant['attributes'] as $attribute) {
                if (in_array($attribute['code'], ['color', 'size'], true)) {
                    self::assertContains($attribute['variantReferenceId'], $refs);
                }
            }
        }
    }

    public function test_bundles_carry_their_groups_and_members_point_back(): void
    {
        $bundle = self::$products['SKU-0000056@default'];
        self::assertSame(['Top', 'Extras'], array_column($bundle['bundles'], 'group'));
        self::assertSame([true, false], array_column($bundle['bundles'], 'required'));
        self::assertSame(['SKU-0000057', 'SKU-0000058'], array_column($bundle['bundles'][0]['items'], 'sku'));
        self::assertSame(['SKU-0000057'], $bundle['bundles'][0]['defaultItemSkus']);
        self::assertTrue($bundle['bundles'][1]['multiSelect']);
        if (isset(self::$products['SKU-0000056@de'])) {
            self::assertSame('Extras (de)', self::$products['SKU-0000056@de']['bundles'][1]['group'], 'store view title');
        }
        self::assertContains(['type' => 'IN_BUNDLE', 'sku' => 'SKU-0000056'], self::$products['SKU-0000059@default']['links']);
    }

    public function test_attribute_types_render_as_documented(): void
    {
        $seen = [];
        foreach (self::$products as $p) {
            foreach ($p['attributes'] ?? [] as $a) {
                $seen[$a['code']][] = $a['values'];
            }
        }
        self::assertSame('aco_ac_attributes', self::$products['SKU-0000006@default']['attributes'][0]['code'], 'stock and weight facts first');
        $facts = json_decode(self::$products['SKU-0000006@default']['attributes'][0]['values'][0], true);
        self::assertIsBool($facts['inStock']);
        foreach ($seen['is_eco'] as $values) {
            self::assertContains($values[0], ['true', 'false']);
        }
        foreach ($seen['release_date'] as $values) {
            self::assertMatchesRegularExpression('/^\d{4}-\d{2}-\d{2}$/', $values[0]);
        }
        self::assertGreaterThan(1, max(array_map('count', $seen['material'])), 'multiselect gives several values');
        foreach ($seen['brand'] as $values) {
            self::assertContains($values[0], ['Acme', 'Northwind', 'Contoso', 'Globex'], 'option ids become labels');
        }
    }

    public function test_source_model_attributes_render_from_their_source(): void
    {
        // regression: tax class 2 was sent as option 2 of colour ("White"), and every bundle failed
        // with "attributes.price_view: option 0 has no label"
        $seen = [];
        foreach (self::$products as $id => $p) {
            foreach ($p['attributes'] ?? [] as $a) {
                $seen[$a['code']][$p['source']['locale']][implode('|', $a['values'])] = true;
            }
        }
        $values = static fn (string $code, string $scope = 'default'): array => array_keys($seen[$code][$scope] ?? []);
        self::assertEqualsCanonicalizing(['Taxable Goods', 'None'], $values('tax_class_id'));
        self::assertEqualsCanonicalizing(['Yes', 'No', 'Use config'], $values('gift_message_available'));
        self::assertEqualsCanonicalizing(['Use config', 'On Gesture', 'In Cart', 'Before Order Confirmation'], $values('msrp_display_actual_price_type'));
        self::assertEqualsCanonicalizing(['1 column', '2 columns with left bar', 'product-full-width'], $values('page_layout'), "a theme's own layout as stored");
        self::assertEqualsCanonicalizing(['Product Info Column', 'Block after Info Column'], $values('options_container'));
        self::assertSame(['Magento Luma'], $values('custom_design'));
        self::assertContains('Germany', $values('country_of_manufacture'));
        self::assertContains('Deutschland', $values('country_of_manufacture', 'de'), "country names in the store view's locale");
        self::assertEqualsCanonicalizing(['12', '24', '36'], $values('warranty'), 'an unknown source model: values as stored');
        self::assertEqualsCanonicalizing(['Price Range', 'As Low as'], $values('price_view'));
        self::assertEqualsCanonicalizing(['Together', 'Separately'], $values('shipment_type'));
    }

    public function test_bundles_with_dynamic_and_fixed_prices_map(): void
    {
        $attributes = static fn (array $p): array => array_column($p['attributes'], 'values', 'code');
        $dynamic = $attributes(self::$products['SKU-0000006@default']);
        $fixed = $attributes(self::$products['SKU-0000056@default']);
        foreach (['price_type', 'sku_type', 'weight_type'] as $code) {
            self::assertSame(['Dynamic'], $dynamic[$code], "$code: 0 is dynamic in Magento, not No");
            self::assertSame(['Fixed'], $fixed[$code], $code);
        }
        self::assertSame(['Price Range'], $dynamic['price_view']);
        self::assertSame(['As Low as'], $fixed['price_view']);
        self::assertContains(['type' => 'IN_BUNDLE', 'sku' => 'SKU-0000006'], self::$products['SKU-0000007@default']['links']);
    }

    public function test_an_unreadable_source_model_is_one_warning_per_run(): void
    {
        $lines = [];
        $log = new LogRouter(static function (string $level, string $message, array $context) use (&$lines): void {
            $lines[] = [$level, $message, $context['target']];
        });
        (new Services(self::$schema->db(), new SodiumCipher(random_bytes(32)), 'https://shop.example.com/media', false, static fn () => null))->catalog($log);
        self::assertCount(1, $lines);
        [$level, $message, $target] = $lines[0];
        self::assertSame(['warning', 'aco.catalog'], [$level, $target]);
        self::assertStringContainsString('attribute warranty', $message);
        self::assertStringContainsString('Vendor\Warranty\Model\Source\Years', $message);
    }

    public function test_variant_links_to_missing_products_are_one_warning(): void
    {
        $pdo = self::$schema->db()->pdo();
        $lines = [];
        $log = new LogRouter(static function (string $level, string $message, array $context) use (&$lines): void {
            $lines[] = $message;
        });
        $pdo->exec('SET FOREIGN_KEY_CHECKS = 0');   // as a direct SQL edit or a broken import leaves them
        $pdo->exec('INSERT INTO catalog_product_super_link (product_id, parent_id) VALUES (999991, 999992)');
        try {
            (new Services(new Database($pdo), new SodiumCipher(random_bytes(32)), 'https://shop.example.com/media', false, static fn () => null))->catalog($log);
        } finally {
            $pdo->exec('DELETE FROM catalog_product_super_link WHERE product_id = 999991');
            $pdo->exec('SET FOREIGN_KEY_CHECKS = 1');
        }
        self::assertCount(1, array_filter($lines, static fn (string $m): bool => str_contains($m, '1 variant links (catalog_product_super_link)')));
    }

    public function test_attribute_metadata_has_a_label_even_without_a_frontend_label(): void
    {
        [$metadata, $errors] = SampleDatabase::decode(SampleDatabase::catalog(self::$schema)->productMetadata());
        self::assertSame([], $errors);
        self::assertSame('old_id', $metadata['old_id@default']['label'], 'Magento creates old_id and links_exist without a label');
        self::assertSame('links_exist', $metadata['links_exist@de']['label']);
        self::assertSame('Tax Class', $metadata['tax_class_id@default']['label']);
        self::assertSame('TEXT', $metadata['price_type@default']['dataType'], 'Dynamic / Fixed');
    }

    public function test_disabled_and_invisible_products_keep_their_state(): void
    {
        $pdo = self::$schema->db()->pdo();
        $disabled = $pdo->query("SELECT e.sku FROM catalog_product_entity e JOIN catalog_product_entity_int v ON v.entity_id = e.entity_id AND v.attribute_id = 97 AND v.store_id = 0 AND v.value = 2 WHERE e.type_id = 'simple' LIMIT 1")->fetchColumn();
        self::assertSame('DISABLED', self::$products["$disabled@default"]['status']);
        $statuses = array_count_values(array_column(self::$products, 'status'));
        self::assertGreaterThan($statuses['DISABLED'], $statuses['ENABLED']);
        $visibility = array_count_values(array_map(static fn ($p) => implode(',', $p['visibleIn']), self::$products));
        self::assertArrayHasKey('CATALOG,SEARCH', $visibility);
        self::assertArrayHasKey('', $visibility);
    }

    public function test_staging_reads_the_live_version_only(): void
    {
        $schema = SampleDatabase::generate(200, true);
        self::assertTrue($schema->isStaging());
        $catalog = SampleDatabase::catalog($schema);
        $names = [];
        $count = 0;
        foreach ((new ProductReader($schema))->chunks(50) as $chunk) {
            $count += count($chunk['entities']);
            [$ok] = SampleDatabase::decode($catalog->products($chunk));
            $names += array_column($ok, 'name', 'sku');
        }
        self::assertSame(200, $count, 'one entity per product although 2 have a scheduled version');
        self::assertStringNotContainsString('(scheduled)', $names['SKU-0000100']);
        self::setUpBeforeClass(); // the other tests use the Open Source catalog
    }

    public function test_incremental_reads_only_the_given_ids(): void
    {
        $chunks = iterator_to_array((new ProductReader(self::$schema))->chunks(100, [5, 250, 99999]), false);
        self::assertCount(1, $chunks);
        self::assertSame(['5', '250'], array_map('strval', array_column($chunks[0]['entities'], 0)));
    }

    public function test_prices_per_website_and_group_with_special_and_tier_prices(): void
    {
        $catalog = SampleDatabase::catalog(self::$schema);
        $prices = [];
        foreach (SampleDatabase::prices(self::$schema)->chunks(500) as $chunk) {
            [$ok, $errors] = SampleDatabase::decode($catalog->prices($chunk));
            $prices += $ok;
        }
        self::assertSame(['SKU-0000019@' => ['field' => 'sku', 'message' => sprintf(self::DUPLICATE, 'the price books of websites "base", "eu"')]], $errors,
            'one chunk: its errors are all');
        $books = (new StoreReader(self::$schema, new ConfigTableSettings(self::$schema->db())))->read();
        self::assertSame(['USD', 'EUR'], array_column($books['websites'], 'currency'));
        $pdo = self::$schema->db()->pdo();
        $rows = (int) $pdo->query("SELECT COUNT(*) FROM catalog_product_website w JOIN catalog_product_entity e ON e.entity_id = w.product_id AND e.type_id = 'simple' AND e.entity_id <> 20")->fetchColumn();
        $inBase = array_filter($prices, static fn (string $key): bool => !str_contains($key, '::'), ARRAY_FILTER_USE_KEY);
        self::assertSame($rows, count($inBase), 'per website: a price in the base book');
        // the sample's only customer-group prices are Wholesale's (group 2): the other groups' books fall back
        $groupBooks = array_unique(array_map(static fn (string $key): string => explode('@', $key)[1], array_keys(array_diff_key($prices, $inBase))));
        self::assertSame(['base::' . sha1('2'), 'eu::' . sha1('2')], array_values(array_intersect(['base::' . sha1('2'), 'eu::' . sha1('2')], $groupBooks)));
        self::assertCount(2, $groupBooks, 'only the Wholesale books hold prices of their own');
        self::assertArrayNotHasKey('SKU-0000001@base', $prices, 'no prices for configurable parents');
        // special prices: active ones are amount-off discounts, expired or future ones are absent
        $special = $pdo->query("SELECT e.sku, f.value FROM catalog_product_entity_decimal d JOIN catalog_product_entity e ON e.entity_id = d.entity_id
            JOIN catalog_product_entity_datetime f ON f.entity_id = d.entity_id AND f.attribute_id = 79
            LEFT JOIN catalog_product_entity_datetime t ON t.entity_id = d.entity_id AND t.attribute_id = 80
            WHERE d.attribute_id = 78 AND t.value IS NULL")->fetchAll(\PDO::FETCH_KEY_PAIR);
        foreach ($special as $sku => $from) {
            $codes = array_column($prices["$sku@base"]['discounts'] ?? [], 'code');
            self::assertSame(str_starts_with($from, '2020') ? ['special_price'] : [], $codes, "$sku from $from");
        }
        $tiered = $pdo->query('SELECT e.sku FROM catalog_product_entity_tier_price t JOIN catalog_product_entity e ON e.entity_id = t.entity_id WHERE t.all_groups = 1 LIMIT 1')->fetchColumn();
        $groupId = '2';
        $wholesale = 'base::' . sha1($groupId);
        self::assertSame([5, 10], array_column($prices["$tiered@base"]['tierPrices'], 'qty'), 'all-groups tiers in the base book');
        if (isset($prices["$tiered@$wholesale"])) {
            self::assertSame([5, 10], array_column($prices["$tiered@$wholesale"]['tierPrices'], 'qty'), 'and in a group book that holds a price of its own');
        }
        $groupPrice = $pdo->query('SELECT e.sku FROM catalog_product_entity_tier_price t JOIN catalog_product_entity e ON e.entity_id = t.entity_id WHERE t.all_groups = 0
            AND NOT EXISTS (SELECT 1 FROM catalog_product_entity_decimal s WHERE s.entity_id = e.entity_id AND s.attribute_id = 78) LIMIT 1')->fetchColumn();
        self::assertContains('group_price', array_column($prices["$groupPrice@$wholesale"]['discounts'], 'code'), 'a qty-1 group price is a discount in that group');
        self::assertNotContains('group_price', array_column($prices["$groupPrice@base"]['discounts'] ?? [], 'code'));
    }

    public function test_tiers_for_all_websites_are_converted_at_the_currency_rate_or_fail_without_one(): void
    {
        // website-0 tiers are in USD (the default base currency); the EUR website converts them at 0.92
        $pdo = self::$schema->db()->pdo();
        [$id, $sku, $usd] = $pdo->query("SELECT e.entity_id, e.sku, t.value FROM catalog_product_entity_tier_price t
            JOIN catalog_product_entity e ON e.entity_id = t.entity_id JOIN catalog_product_website w ON w.product_id = e.entity_id AND w.website_id = 2
            WHERE t.website_id = 0 AND t.qty = 5 ORDER BY e.entity_id LIMIT 1")->fetch(\PDO::FETCH_NUM);
        $map = static function () use ($id): array {
            $chunk = SampleDatabase::prices(self::$schema)->chunks(10, [(int) $id])->current();
            return SampleDatabase::decode(SampleDatabase::catalog(self::$schema)->prices($chunk));
        };
        [$prices] = $map();
        self::assertEquals((float) $usd, $prices["$sku@base"]['tierPrices'][0]['price']);
        self::assertEquals(round((float) $usd * 0.92, 4), $prices["$sku@eu"]['tierPrices'][0]['price'], "$sku: $usd USD in EUR");

        $pdo->exec("UPDATE directory_currency_rate SET rate = 0 WHERE currency_to = 'EUR'");
        try {
            [$prices, $errors] = $map();
        } finally {
            $pdo->exec("UPDATE directory_currency_rate SET rate = 0.92 WHERE currency_to = 'EUR'");
        }
        self::assertArrayHasKey("$sku@base", $prices, 'USD needs no rate');
        self::assertArrayNotHasKey("$sku@eu", $prices);
        self::assertSame('tierPrices.price', $errors["$sku@eu"]['field']);
        self::assertStringContainsString('no currency rate converts it to EUR', $errors["$sku@eu"]['message']);
    }

    public function test_a_batch_hands_out_hashes_and_the_rows_asked_for(): void
    {
        $chunk = SampleDatabase::prices(self::$schema)->chunks(20)->current();
        $batch = SampleDatabase::catalog(self::$schema)->prices($chunk);
        $hashes = $batch->hashes();
        $all = $batch->rows();
        self::assertSame(array_column($all, 'hash', 'feedId'), $hashes, 'the same items, in the same order');
        self::assertCount($batch->count(), $hashes);
        [$first, $third] = [$all[0], $all[2]];
        self::assertSame([$third, $first], $batch->rows([$third['feedId'], $first['feedId']]), 'in the order asked');
        self::assertSame(['sku' => $first['key'], 'priceBookId' => $first['scope']], json_decode($first['delete'], true));
        try {
            $batch->rows([$first['feedId'], str_repeat('0', 40)]);
            self::fail('an id of no item of the batch is refused');
        } catch (\Aco\Native\InvalidArgumentException $e) {
            self::assertStringContainsString('feedIds[1]', $e->getMessage());
        }
    }

    public function test_chunks_map_on_their_own_threads_and_a_bad_chunk_is_refused_at_once(): void
    {
        $catalog = SampleDatabase::catalog(self::$schema);
        $chunks = iterator_to_array((new ProductReader(self::$schema))->chunks(40), false);
        $oneByOne = array_map(static fn (array $chunk): array => $catalog->products($chunk)->hashes(), $chunks);
        // every chunk's mapping started before any is read; read last first
        $started = array_map(static fn (array $chunk): \Aco\Native\Batch => $catalog->products($chunk, true), $chunks);
        $read = [];
        foreach (array_reverse($started, true) as $i => $batch) {
            $read[$i] = $batch->hashes();
        }
        ksort($read);
        self::assertGreaterThan(5, count($chunks));
        self::assertSame($oneByOne, $read);
        try {
            $catalog->products(['entities' => [], 'valuez' => []], true);
            self::fail('a chunk with an unknown table is refused when it is handed over');
        } catch (\Aco\Native\InvalidArgumentException $e) {
            self::assertStringContainsString('unknown table "valuez"', $e->getMessage());
        }
    }

    public function test_rows_in_any_array_shape_map_alike_and_a_row_that_is_not_an_array_is_named(): void
    {
        // PDO hands over packed lists, read in place; keyed arrays, lists with holes and references
        // go through the engine's iterator and must map to the same items
        $catalog = SampleDatabase::catalog(self::$schema);
        $chunk = (new ProductReader(self::$schema))->chunks(30)->current();
        $reshaped = $chunk;
        $reshaped['values'] = array_combine(array_map(static fn (int $i): string => "row$i", array_keys($chunk['values'])), $chunk['values']);
        $reshaped['entities'] = array_map(static fn (array $row): array => array_combine(['id', 'row', 'type', 'sku', 'set', 'skuOwner'], $row), $chunk['entities']);
        $last = array_pop($reshaped['websites']);
        $reshaped['websites'][] = [0, 0];
        $reshaped['websites'][] = $last;
        unset($reshaped['websites'][array_key_last($reshaped['websites']) - 1]);   // a hole before the last row
        $cell = $reshaped['gallery'][0][2];
        $reshaped['gallery'][0][2] = &$cell;
        self::assertNotEmpty($chunk['gallery']);
        self::assertSame($catalog->products($chunk)->rows(), $catalog->products($reshaped)->rows());

        $chunk['values'][3] = 'not a row';
        try {
            $catalog->products($chunk);
            self::fail('a row that is not an array is refused');
        } catch (\Aco\Native\InvalidArgumentException $e) {
            self::assertStringContainsString('chunk.values[3]', $e->getMessage());
        }
    }

    public function test_broken_rows_fail_their_product_only(): void
    {
        $pdo = TestDatabase::pdo();
        SampleDatabase::generate(40);
        $pdo->exec("UPDATE catalog_product_entity_int SET value = 99999 WHERE entity_id = 21 AND attribute_id = 134");   // option without label
        $pdo->exec('SET FOREIGN_KEY_CHECKS = 0'); // orphans, as an import with the checks off leaves them
        $pdo->exec("INSERT INTO catalog_product_super_link (product_id, parent_id) VALUES (39, 9999)");                  // orphan super link
        $pdo->exec("DELETE FROM catalog_product_entity_varchar WHERE entity_id = 26 AND attribute_id = 73");            // no name
        $pdo->exec("INSERT INTO catalog_product_entity_varchar (attribute_id, store_id, entity_id, value) VALUES (250, 0, 27, 'value of a deleted attribute')");
        $schema = new CatalogSchema(new Database($pdo));
        $catalog = SampleDatabase::catalog($schema);
        $ok = [];
        $errors = [];
        foreach ((new ProductReader($schema))->chunks(100) as $chunk) {
            // a description with broken UTF-8 (a mis-encoded import), as PDO would hand it over
            foreach ($chunk['values'] as $i => $row) {
                if ((int) $row[0] === 28 && (int) $row[1] === 75 && (int) $row[2] === 0) {
                    $chunk['values'][$i][3] = "Caf\xC3(";
                }
            }
            [$o, $e] = SampleDatabase::decode($catalog->products($chunk));
            $ok += $o;
            $errors += $e;
        }
        self::assertSame('attributes.brand', $errors['SKU-0000021@default']['field']);
        self::assertStringContainsString('option 99999 has no label', $errors['SKU-0000021@default']['message']);
        self::assertSame('name', $errors['SKU-0000026@default']['field']);
        self::assertSame('description', $errors['SKU-0000028@default']['field']);
        self::assertStringContainsString('not valid UTF-8', $errors['SKU-0000028@default']['message']);
        self::assertArrayHasKey('SKU-0000027@default', $ok, 'a value of an unknown attribute is ignored');
        self::assertArrayHasKey('SKU-0000039@default', $ok, 'an orphan super link does not break the variant');
        self::assertGreaterThan(60, count($ok), 'every other product maps');
        self::setUpBeforeClass();
    }
}
