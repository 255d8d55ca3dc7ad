<?php
/**
 * Product and price mapping + JSON + hash: the extension (Catalog::products/prices, then hashes() to
 * bring ids and hashes back into PHP: both crossings included) vs the pure-PHP references
 * (tools/Reference/ProductMapping, PriceMapping), on the same reader chunks. Reading is not timed.
 * Every chunk's feed ids and payload hashes are compared: a mismatch aborts the run (the race would
 * measure nothing). Median of 3 passes.
 * Run inside scripts/mariadb.sh run:
 *
 *   php -d extension=target/release/libaco_connector.so benches/mapping.php [--products 10000]
 */
declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Tools\Bench;
use Aco\Connector\Tools\Reference\PriceMapping;
use Aco\Connector\Tools\Reference\ProductMapping;
use Aco\Connector\Tools\SampleCatalog\Generator;

Bench::requireSetup('mapping bench', true, 'make bench-mapping');
$n = (int) (getopt('', ['products:'])['products'] ?? 10000);
$pdo = Bench::pdo();
(new Generator($pdo, $n, 2, 3, 42))->generate();
$schema = new CatalogSchema(new Database($pdo));
$built = SampleDatabase::context($schema);
$catalog = new Aco\Native\Catalog($built['context'], $built['settings']);
// every store view and website switched off: converts and indexes a chunk, maps nothing (the hand-over)
$off = $built['context'];
$off['websites'] = array_map(static fn (array $w): array => array_replace($w, [4 => false]), $off['websites']);
$off['stores'] = array_map(static fn (array $s): array => array_replace($s, [6 => false]), $off['stores']);
$crossOnly = new Aco\Native\Catalog($off, $built['settings']);
// each feed as a sync maps it (products on a thread of their own, see CatalogSource); products
// also on the calling thread, which costs less CPU when nothing else is to be done meanwhile
$feeds = [
    ['products', false, new ProductReader($schema), new ProductMapping($built['context'], $built['settings']), 'product × store view'],
    ['products', true, new ProductReader($schema), new ProductMapping($built['context'], $built['settings']), 'product × store view'],
    ['prices', false, SampleDatabase::prices($schema), new PriceMapping($built['context'], $built['settings']), 'price'],
];

$cpu = Bench::cpuSeconds(...);
foreach ($feeds as [$feed, $background, $reader, $reference, $unit]) {
    $passes = [];
    for ($pass = 0; $pass < 3; $pass++) {
        $t = ['native' => 0.0, 'php' => 0.0, 'nativeWall' => 0.0, 'phpWall' => 0.0, 'in' => 0.0, 'out' => 0.0];
        $items = 0;
        $extension = static function (array $chunk) use ($catalog, $feed, $background, $cpu, &$t): array {
            [$c0, $w0] = [$cpu(), hrtime(true)];
            $batch = $catalog->$feed($chunk, $background);
            $cb = $cpu();
            $hashes = $batch->hashes();
            unset($batch); // freeing the mapped items is the extension's work too
            $t['out'] += $cpu() - $cb;
            $t['native'] += $cpu() - $c0;
            $t['nativeWall'] += (hrtime(true) - $w0) / 1e9;
            return $hashes;
        };
        $pure = static function (array $chunk) use ($reference, $cpu, &$t): array {
            [$c0, $w0] = [$cpu(), hrtime(true)];
            $items = $reference->map($chunk);
            $t['php'] += $cpu() - $c0;
            $t['phpWall'] += (hrtime(true) - $w0) / 1e9;
            return $items;
        };
        foreach ($reader->chunks(1000) as $i => $chunk) {
            // whichever goes first finds the chunk's rows out of the CPU caches: take turns
            if ($i % 2 === 0) {
                $native = $extension($chunk);
                $php = $pure($chunk);
            } else {
                $php = $pure($chunk);
                $native = $extension($chunk);
            }
            $c2 = $cpu();
            $crossOnly->$feed($chunk);
            $t['in'] += $cpu() - $c2;
            if ($native !== array_column($php, 'hash', 'feedId')) {
                fwrite(STDERR, "mapping bench: the PHP reference and the extension disagree on a $feed chunk; no figures\n");
                exit(1);
            }
            $items += count($native);
        }
        $passes[] = [$t, $items];
    }
    usort($passes, static fn ($a, $b) => $a[0]['native'] <=> $b[0]['native']);
    [$t, $items] = $passes[1];
    printf("%s mapping%s: %d products, %d %s items (identical bytes), median of 3\n", ucfirst($feed), $background ? ' (extension: in the background)' : '', $n, $items, $unit);
    printf("  %-40s %12s %14s\n", '', 'items/s', 'CPU ms per 1k');
    printf("  %-40s %12.0f %14.2f\n", 'PHP reference (arrays, json_encode)', $items / $t['phpWall'], $t['php'] * 1e6 / $items);
    printf("  %-40s %12.0f %14.2f\n", 'extension (incl. PHP<->Rust)', $items / $t['nativeWall'], $t['native'] * 1e6 / $items);
    printf("  %-40s %12s %14.2f\n", '  of which handing the rows in', '', $t['in'] * 1e6 / $items);
    printf("  %-40s %12s %14.2f\n", $background ? '  of which hashes() (waits for the mapping)' : '  of which hashes() and freeing the batch', '', $t['out'] * 1e6 / $items);
    printf("  extension / PHP: %.1fx (CPU per item)\n", $t['php'] / $t['native']);
}
