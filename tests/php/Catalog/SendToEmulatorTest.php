<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Catalog;

use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Tools\EmulatorProcess;
use Aco\Native\Batch;
use Aco\Native\Client;
use PHPUnit\Framework\TestCase;

/**
 * The generated catalog, read, mapped and sent in feed order: ACO (the strict emulator) accepts all
 * of it, and holds exactly what was mapped.
 */
final class SendToEmulatorTest extends TestCase
{
    public function test_the_whole_sample_catalog_is_accepted_by_aco(): void
    {
        $schema = SampleDatabase::generate(250);
        $catalog = SampleDatabase::catalog($schema);
        $emulator = new EmulatorProcess();
        $client = new Client($emulator->clientConfig());

        $sent = [];
        $send = function (string $feed, Batch $batch) use ($client, &$sent): void {
            $client->submitBatch($batch);
            $results = $client->wait(30000);
            $failed = array_filter($results, static fn (array $r): bool => !$r['accepted']);
            self::assertSame([], array_slice($failed, 0, 3), "$feed items refused");
            $sent[$feed] = ($sent[$feed] ?? 0) + count($results);
            self::assertSame(count(array_filter($batch->hashes())), count($results), "$feed: every item mapped is settled");
        };
        $send('productMetadata', $catalog->productMetadata());
        $send('categories', $catalog->categories());
        $skus = [];
        $links = [];
        foreach ((new ProductReader($schema))->chunks(100) as $chunk) {
            $batch = $catalog->products($chunk);
            $send('products', $batch);
            foreach (SampleDatabase::decode($batch)[0] as $product) {
                $skus[$product['sku']] = isset($product['bundles']) ? 'bundle' : 'other';
                foreach ($product['links'] ?? [] as $link) {
                    $links[$link['type']][$link['sku']] = true;
                }
            }
        }
        $send('priceBooks', $catalog->priceBooks());
        foreach (SampleDatabase::prices($schema)->chunks(100) as $chunk) {
            $send('prices', $catalog->prices($chunk));
        }
        foreach ($sent as $feed => $count) {
            self::assertSame($count, $emulator->count($feed), $feed);
        }
        self::assertGreaterThan(500, $sent['products']);
        self::assertCount(5, array_keys($skus, 'bundle', true), 'bundles, dynamic and fixed price, are sent');
        foreach ($links as $type => $targets) {
            self::assertSame([], array_keys(array_diff_key($targets, $skus)), "$type links name products ACO has");
        }
        self::assertArrayHasKey('IN_BUNDLE', $links);
        $page = (string) file_get_contents($emulator->url() . '/');
        self::assertStringContainsString('Healthy', $page);
        self::assertStringNotContainsString('no attribute metadata', $page, 'system attribute metadata sent for every source');
        $emulator->stop();
    }
}
