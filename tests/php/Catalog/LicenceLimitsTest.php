<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Catalog;

use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\Services;
use Aco\Connector\Test\Support\SampleDatabase;
use PHPUnit\Framework\TestCase;

/**
 * ACO's licence limits (at most 50 sortable attributes, 100 options in a facet, …) against the
 * attribute metadata the store exports: one warning per limit gone over, naming what to change.
 */
final class LicenceLimitsTest extends TestCase
{
    public function test_attribute_metadata_over_acos_licence_limits_is_one_warning_per_limit(): void
    {
        $schema = SampleDatabase::generate(5);
        $pdo = $schema->db()->pdo();
        $services = new Services($schema->db(), new SodiumCipher(random_bytes(32)), 'https://shop.example.com/media', false, static fn () => null);
        self::assertSame([], $services->licenceWarnings(), 'the sample store is within every limit');

        // 60 sortable attributes (the limit is 50), and a filterable select of 120 options (100 a facet)
        for ($id = 1000; $id < 1060; $id++) {
            $pdo->exec("INSERT INTO eav_attribute (attribute_id, entity_type_id, attribute_code, backend_type, frontend_input, frontend_label) VALUES ($id, 4, 'sort_$id', 'varchar', 'text', 'Sort $id')");
            $pdo->exec("INSERT INTO catalog_eav_attribute (attribute_id, is_global, used_for_sort_by) VALUES ($id, 0, 1)");
        }
        $pdo->exec("INSERT INTO eav_attribute (attribute_id, entity_type_id, attribute_code, backend_type, frontend_input, frontend_label) VALUES (1100, 4, 'shade', 'int', 'select', 'Shade')");
        $pdo->exec('INSERT INTO catalog_eav_attribute (attribute_id, is_global, is_filterable) VALUES (1100, 0, 1)');
        for ($option = 5000; $option < 5120; $option++) {
            $pdo->exec("INSERT INTO eav_attribute_option (option_id, attribute_id, sort_order) VALUES ($option, 1100, 0)");
            $pdo->exec("INSERT INTO eav_attribute_option_value (option_id, store_id, value) VALUES ($option, 0, 'Shade $option')");
        }
        $warnings = $services->licenceWarnings();
        self::assertCount(2, $warnings);
        self::assertMatchesRegularExpression('/^ACO\'s licence allows 50 sortable attributes, and a store view exports (\d+): set "Used for Sorting in Product Listing" to No on (\d+) of them \(Stores > Attributes > Product\)$/', $warnings[0]);
        preg_match('/exports (\d+): .* on (\d+) of them/', $warnings[0], $m);
        self::assertGreaterThanOrEqual(60, (int) $m[1]);
        self::assertSame((int) $m[1] - 50, (int) $m[2]);
        self::assertSame('attribute shade has 120 options, and ACO shows at most 100 in a facet: merge options, or set its "Use in Layered Navigation" to No', $warnings[1]);
    }
}
