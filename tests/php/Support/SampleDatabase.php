<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Support;

use Aco\Connector\Model\Budget\Clock;
use Aco\Connector\Model\Budget\SystemClock;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\MappingContext;
use Aco\Connector\Model\Catalog\PriceReader;
use Aco\Connector\Model\Catalog\WebsiteDates;
use Aco\Connector\Model\Store\ConfigTableSettings;
use Aco\Connector\Tools\SampleCatalog\Generator;

/**
 * The private MariaDB filled with the sample catalog, and the extension's Catalog built over it.
 */
final class SampleDatabase
{
    /** @param bool $plantedErrors with the bad records a real store has (Generator) */
    public static function generate(int $products, bool $staging = false, int $websites = 2, int $storeViews = 3, bool $plantedErrors = false): CatalogSchema
    {
        $pdo = TestDatabase::pdo();
        (new Generator($pdo, $products, $websites, $storeViews, 42, $staging, $plantedErrors))->generate();
        return new CatalogSchema(new Database($pdo));
    }

    public static function catalog(CatalogSchema $schema): \Aco\Native\Catalog
    {
        $built = self::context($schema);
        return new \Aco\Native\Catalog($built['context'], $built['settings']);
    }

    /** @return array{context: array<string, list<list<mixed>>>, settings: array<string, mixed>} what Catalog is built from */
    public static function context(CatalogSchema $schema): array
    {
        return (new MappingContext($schema, new ConfigTableSettings($schema->db())))->build('https://shop.example.com/media');
    }

    /** The price reader with the store's settings as bin/aco reads them; its websites' dates by `$clock` (default: the machine's). */
    public static function prices(CatalogSchema $schema, ?Clock $clock = null): PriceReader
    {
        return new PriceReader($schema, new WebsiteDates($schema, new ConfigTableSettings($schema->db()), $clock ?? new SystemClock()));
    }

    /**
     * Decoded payloads of a batch by "key@scope", and errors alike.
     *
     * @return array{0: array<string, array<string, mixed>>, 1: array<string, array{field: string, message: string}>}
     */
    public static function decode(\Aco\Native\Batch $batch): array
    {
        $ok = [];
        $errors = [];
        foreach ($batch->rows() as $item) {
            $id = $item['key'] . '@' . $item['scope'];
            if ($item['error'] !== null) {
                $errors[$id] = $item['error'];
            } else {
                $ok[$id] = json_decode((string) $batch->payload($item['feedId']), true, 512, JSON_THROW_ON_ERROR);
            }
        }
        return [$ok, $errors];
    }
}
