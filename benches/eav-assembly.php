<?php
/**
 * Where should EAV rows become per-store-view records: in PHP, or in the extension? Reads the
 * generated catalog chunk by chunk and times, on the same rows:
 *   fetch  — the SQL of ProductReader (common to both designs);
 *   php    — PHP assembling nested arrays per product × store view (values with store → default
 *            fallback, option ids → labels), before any ACO mapping or JSON;
 *   native — the extension doing all of it: assembly, mapping, JSON and hash (Catalog::products);
 *   cross  — the part of `native` spent handing the rows over (a Catalog with every store view
 *            switched off converts and indexes the chunk, then maps nothing).
 * Median of 3 passes; run inside scripts/mariadb.sh run (needs ACO_DB_*).
 *
 *   php -d extension=target/release/libaco_connector.so benches/eav-assembly.php [--products 10000]
 */
declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Tools\Bench;
use Aco\Connector\Tools\SampleCatalog\Generator;

Bench::requireSetup('eav-assembly bench', true, 'make bench-eav');
$n = (int) (getopt('', ['products:'])['products'] ?? 10000);
$pdo = Bench::pdo();
(new Generator($pdo, $n, 2, 3, 42))->generate();
$schema = new CatalogSchema(new Database($pdo));
$catalog = SampleDatabase::catalog($schema);
$built = (new Aco\Connector\Model\Catalog\MappingContext($schema, new Aco\Connector\Model\Store\ConfigTableSettings($schema->db())))->build('https://shop.example.com/media');
$built['context']['stores'] = array_map(static fn (array $s): array => array_replace($s, [6 => false]), $built['context']['stores']);
$crossOnly = new Aco\Native\Catalog($built['context'], $built['settings']);
$attributes = [];
foreach ($schema->rows('SELECT attribute_id, attribute_code, frontend_input FROM eav_attribute WHERE entity_type_id = 4') as [$id, $code, $input]) {
    $attributes[(int) $id] = [$code, $input];
}
$labels = [];
foreach ($schema->rows('SELECT option_id, store_id, value FROM eav_attribute_option_value') as [$option, $store, $label]) {
    $labels[(int) $option][(int) $store] = $label;
}
$stores = array_map('intval', array_column($schema->rows('SELECT store_id FROM store WHERE store_id > 0'), 0));

/** The PHP way: product × store view → [code => value], with fallback and option labels. */
$assemble = static function (array $chunk) use ($attributes, $labels, $stores): int {
    $byEntity = [];
    foreach ($chunk['values'] as [$entity, $attribute, $store, $value]) {
        $byEntity[(int) $entity][(int) $store][(int) $attribute] = $value;
    }
    $records = 0;
    foreach ($chunk['entities'] as [$entity]) {
        $values = $byEntity[(int) $entity] ?? [];
        foreach ($stores as $store) {
            $record = [];
            foreach (($values[$store] ?? []) + ($values[0] ?? []) as $attribute => $value) {
                [$code, $input] = $attributes[$attribute] ?? [null, null];
                if ($code === null || $value === null) {
                    continue;
                }
                if ($input === 'select') {
                    $value = $labels[(int) $value][$store] ?? $labels[(int) $value][0] ?? $value;
                } elseif ($input === 'multiselect') {
                    $value = array_map(static fn ($o) => $labels[(int) $o][$store] ?? $labels[(int) $o][0] ?? $o, explode(',', (string) $value));
                }
                $record[$code] = $value;
            }
            $records++;
        }
    }
    return $records;
};

$cpu = Bench::cpuSeconds(...);
$passes = [];
for ($pass = 0; $pass < 3; $pass++) {
    $t = ['fetch' => 0.0, 'php' => 0.0, 'native' => 0.0, 'cross' => 0.0];
    $records = 0;
    $mapped = 0;
    $reader = (new ProductReader($schema))->chunks(1000);
    while (true) {
        $c0 = $cpu();
        if (!$reader->valid()) {
            break;
        }
        $chunk = $reader->current();
        $reader->next();
        $c1 = $cpu();
        $records += $assemble($chunk);
        $c2 = $cpu();
        $mapped += $catalog->products($chunk)->count();
        $c3 = $cpu();
        $crossOnly->products($chunk);
        $t['cross'] += $cpu() - $c3;
        $t['fetch'] += $c1 - $c0;
        $t['php'] += $c2 - $c1;
        $t['native'] += $c3 - $c2;
    }
    $passes[] = [$t, $records, $mapped];
}
usort($passes, static fn ($a, $b) => $a[0]['native'] <=> $b[0]['native']);
[$t, $records, $mapped] = $passes[1];
printf("EAV assembly: %d products, %d product × store view records (%d mapped), CPU ms per 1k records, median of 3\n", $n, $records, $mapped);
printf("  fetch (SQL + PDO rows, both designs)    %7.1f\n", $t['fetch'] * 1e6 / $records);
printf("  PHP: assemble nested arrays only        %7.1f\n", $t['php'] * 1e6 / $records);
printf("  extension: assemble + map + JSON + hash %7.1f\n", $t['native'] * 1e6 / $mapped);
printf("    of which handing the rows over        %7.1f\n", $t['cross'] * 1e6 / $mapped);
printf("  PHP assembly alone / the extension's whole job: %.2f; / its hand-over: %.1fx\n",
    ($t['php'] / $records) / ($t['native'] / $mapped), ($t['php'] / $records) / ($t['cross'] / $mapped));
