<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Database;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Tools\Reference\PriceMapping;
use Aco\Connector\Tools\Reference\ProductMapping;
use PHPUnit\Framework\TestCase;

/**
 * The pure-PHP mappings that benches/mapping.php races against the extension must produce the same
 * feed ids and the same bytes, or the race measures nothing.
 */
final class ReferenceMappingTest extends TestCase
{
    private static CatalogSchema $schema;
    /** @var array{context: array<string, list<list<mixed>>>, settings: array<string, mixed>} */
    private static array $built;
    private static \Aco\Native\Catalog $catalog;

    public static function setUpBeforeClass(): void
    {
        self::$schema = SampleDatabase::generate(400, false, 2, 3, true);
        self::$built = SampleDatabase::context(self::$schema);
        self::$catalog = new \Aco\Native\Catalog(self::$built['context'], self::$built['settings']);
    }

    public function test_php_reference_and_extension_write_identical_prices(): void
    {
        $reference = new PriceMapping(self::$built['context'], self::$built['settings']);
        $chunks = iterator_to_array(SampleDatabase::prices(self::$schema)->chunks(150), false);
        $chunks[] = self::edgeCases(self::$built['context']);
        // a base-book price for most of the 400 products and website, group books only where the group pays otherwise
        self::assertGreaterThan(400, self::compare($chunks, self::$catalog->prices(...), $reference->map(...)));
    }

    public function test_php_reference_and_extension_write_identical_products(): void
    {
        $reference = new ProductMapping(self::$built['context'], self::$built['settings']);
        $chunks = iterator_to_array((new ProductReader(self::$schema))->chunks(150), false);
        self::assertGreaterThan(400 * 2, self::compare($chunks, self::$catalog->products(...), $reference->map(...)));
    }

    /** @return int items compared */
    private static function compare(array $chunks, callable $nativeMap, callable $phpMap): int
    {
        $compared = 0;
        foreach ($chunks as $chunk) {
            $native = $nativeMap($chunk);
            $php = $phpMap($chunk);
            self::assertSame(array_column($native->rows(), 'feedId'), array_column($php, 'feedId'));
            foreach ($native->rows() as $i => $item) {
                self::assertSame($item['error']['field'] ?? null, $php[$i]['error'], $item['key'] . '@' . $item['scope']);
                self::assertSame($native->payload($item['feedId']), $php[$i]['payload'], $item['key'] . '@' . $item['scope']);
                self::assertSame($item['hash'], $php[$i]['hash']);
                $compared++;
            }
        }
        return $compared;
    }

    /** Rows the generator does not make: catalog rules, website tiers, percentages, bad amounts, websites on different dates. */
    private static function edgeCases(array $context): array
    {
        $website = (int) $context['websites'][0][0];
        $group = (int) $context['groups'][1][0];
        return [
            'entities' => [[900001, 900001, 'simple', 'EDGE-1'], [900002, 900002, 'simple', 'EDGE-2'], [900003, 900003, 'simple', null], [900004, 900004, 'simple', 'EDGE-4'], [900005, 900005, 'simple', 'EDGE-5'], [900006, 900006, 'simple', 'EDGE-6']],
            'values' => [
                [900001, 'price', 0, '20.000000'], [900001, 'special_price', 0, '15.5'], [900001, 'special_from_date', 0, '2020-01-01 00:00:00'],
                [900002, 'price', 0, '0.3'], [900002, 'special_price', 0, '-1'],
                [900004, 'price', 0, 'abc'], [900005, 'price', 0, '20'],
                // a special price of 0 (100 % off): a regular of 0 in every book
                [900006, 'price', 0, '20'], [900006, 'special_price', 0, '0'],
            ],
            'websites' => [[900001, $website], [900001, (int) $context['websites'][1][0]], [900002, $website], [900003, $website], [900004, $website], [900005, $website], [900006, $website]],
            'tiers' => [
                [900001, 0, $group, '1.0000', '0', $website, '12.5'],
                [900001, 1, 0, '3.0000', '18', 0, null],
                [900001, 0, $group, '3.0000', '17.99', $website, null],
                [900005, 1, 0, '4.0000', '25', $website, null],
                [900005, 0, $group, '1.0000', '0', $website, '100'],
                [900005, 1, 0, '6.0000', '0', $website, '0'],
            ],
            'rules' => [[900001, $website, $group, '14.1']],
            // each website's own date: EDGE-1's special price has begun in the first website only
            'dates' => array_map(static fn (array $w): array => [$w[0], (int) $w[0] === $website ? '2026-11-25' : '2019-12-31'], $context['websites']),
        ];
    }
}
