<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Views;

use Aco\Connector\Test\Support\StandaloneCli;
use Aco\Connector\Test\Support\TestDatabase;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/** `aco:verify` against the emulator's storefront after a sync and `aco:views --apply` (bin/aco). */
final class VerifyTest extends TestCase
{
    private EmulatorProcess $aco;

    protected function setUp(): void
    {
        StandaloneCli::freshCatalog(20);
        $this->aco = new EmulatorProcess();
        self::assertSame(0, StandaloneCli::init($this->aco)['status']);
        self::assertSame(0, StandaloneCli::run(['aco:sync', '--full'])['status']);
        self::assertSame(0, StandaloneCli::run(['aco:views', '--apply'])['status']);
    }

    protected function tearDown(): void
    {
        $this->aco->stop();
    }

    /** Enabled simple products ACO holds for a store view, with a price in $book. @return list<array<string, mixed>> */
    private function simpleProducts(string $locale, string $book): array
    {
        $items = $this->aco->call('GET', '/_emulator/items/products?limit=1000')['items'];
        return array_values(array_filter($items, fn (array $p): bool => $p['source']['locale'] === $locale && $p['status'] === 'ENABLED'
            && ($p['configurations'] ?? []) === [] && ($p['bundles'] ?? []) === [] && $this->aco->price($book, $p['sku']) !== null));
    }

    private function send(string $endpoint, array $item): void
    {
        $client = new \Aco\Native\Client($this->aco->clientConfig());
        $client->submit($endpoint, ['x' => json_encode($item)]);
        self::assertTrue($client->wait()[0]['accepted']);
    }

    public function test_a_clean_sync_has_no_drift(): void
    {
        $run = StandaloneCli::run(['aco:verify', '--all']);
        self::assertSame(0, $run['status'], $run['stdout'] . $run['stderr']);
        self::assertSame(3, preg_match_all('/^store view \S+ \(catalog view [0-9a-f-]+\): [1-9]\d* products × 5 price books checked, no drift$/m', $run['stdout']), $run['stdout']);
    }

    public function test_planted_drift_is_found_and_counted_per_kind(): void
    {
        [$repriced, $deleted, $unscoped] = $this->simpleProducts('de', 'eu');
        $price = $this->aco->price('eu', $repriced['sku']);
        $this->send('prices', ['sku' => $price['sku'], 'priceBookId' => 'eu', 'regular' => $price['regular'] + 1]);
        $this->send('products.delete', ['sku' => $deleted['sku'], 'source' => ['locale' => 'de']]);
        $unscoped['attributes'] = array_values(array_filter($unscoped['attributes'], static fn (array $a): bool => $a['code'] !== 'magento-website-codes'));
        $this->send('products', $unscoped);

        $run = StandaloneCli::run(['aco:verify', '--all', '--store-view=de']);
        self::assertSame(1, $run['status'], $run['stdout'] . $run['stderr']);
        // the deleted and the unscoped product are missing in all 5 books; the price differs in the base
        // book and in each group book without a record of its own (ACO's lookup falls back to the base book)
        $falling = count(array_filter([0, 1, 2, 3], fn (int $g): bool => $this->aco->price(\Aco\Native\groupPriceBookId('eu', $g), $price['sku']) === null));
        $drifts = 10 + 1 + $falling;
        self::assertMatchesRegularExpression("/^store view de \\(catalog view [0-9a-f-]+\\): \\d+ products × 5 price books checked, $drifts drifts \\(10 missing, " . (1 + $falling) . ' price\\)$/m', $run['stdout']);
        self::assertStringContainsString("missing: {$deleted['sku']} is on sale in the store but not served (price book eu)", $run['stdout']);
        self::assertStringContainsString("missing: {$unscoped['sku']} is on sale in the store but not served (price book eu)", $run['stdout']);
        self::assertStringContainsString("price: {$repriced['sku']} costs", $run['stdout']);
    }

    public function test_a_group_book_without_a_record_of_its_own_is_checked_against_the_price_index(): void
    {
        $product = $this->simpleProducts('de', 'eu')[0];
        $book = \Aco\Native\groupPriceBookId('eu', 1);
        self::assertNull($this->aco->price($book, $product['sku']), 'the group pays what the base book says: no record of its own');
        $base = $this->aco->price('eu', $product['sku']);
        $off = max([0, ...array_map(static fn (array $d): float => $d['price'] ?? $base['regular'] * $d['percentage'] / 100, $base['discounts'] ?? [])]);
        $served = round($base['regular'] - $off, 4);
        // Magento's price index says the group pays otherwise (a group price ACO never got)
        $index = TestDatabase::pdo()->prepare('INSERT INTO catalog_product_index_price (entity_id, customer_group_id, website_id, price, final_price, min_price, max_price)
            VALUES (?, 1, 2, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE min_price = VALUES(min_price)');
        $index->execute([(int) $product['externalIds'][0]['id'], $base['regular'], $served + 1, $served + 1, $served + 1]);
        $run = StandaloneCli::run(['aco:verify', '--all', '--store-view=de']);
        self::assertSame(1, $run['status'], $run['stdout'] . $run['stderr']);
        self::assertStringContainsString("price: {$product['sku']} costs $served in price book $book in ACO, " . ($served + 1) . ' in the store', $run['stdout']);

        $index->execute([(int) $product['externalIds'][0]['id'], $base['regular'], $served, $served, $served]);
        $run = StandaloneCli::run(['aco:verify', '--all', '--store-view=de']);
        self::assertSame(0, $run['status'], $run['stdout'] . $run['stderr']);
    }

    public function test_a_catalog_view_made_by_hand_is_checked_when_named(): void
    {
        // as a merchant makes it in ACO Studio: the store view's source, every price book, no policy
        $made = (new \Aco\Native\Client($this->aco->clientConfig()))->graphql('admin', json_encode(['query' => 'mutation($r: CreateChannelRequest!) { createChannel(channelRequest: $r) { channelId } }',
            'variables' => ['r' => ['name' => 'French by hand', 'scopes' => [['locale' => 'fr']]]]], JSON_THROW_ON_ERROR), []);
        $id = json_decode($made['body'], true)['data']['createChannel']['channelId'];
        $run = StandaloneCli::run(['aco:verify', '--all', '--store-view=fr', '--catalog-view=' . $id]);
        self::assertSame(0, $run['status'], $run['stdout'] . $run['stderr']);
        self::assertMatchesRegularExpression('/^store view fr \(catalog view ' . preg_quote($id, '/') . '\): [1-9]\d* products × 5 price books checked, no drift$/m', $run['stdout']);
        $alone = StandaloneCli::run(['aco:verify', '--catalog-view=' . $id]);
        self::assertSame(2, $alone['status']);
        self::assertSame("--catalog-view needs --store-view\n", $alone['stdout'] . $alone['stderr']);
    }

    public function test_store_views_without_a_catalog_view_are_named_with_what_to_run_and_exit_1(): void
    {
        $pdo = TestDatabase::pdo();
        $pdo->exec("DELETE FROM aco_catalog_view WHERE kind = 'view' AND plan_key = 'de'");
        $run = StandaloneCli::run(['aco:verify', '--all']);
        self::assertSame(1, $run['status'], $run['stdout'] . $run['stderr']);
        self::assertSame(2, preg_match_all('/^store view (default|fr) \(catalog view [0-9a-f-]+\): [1-9]\d* products × 5 price books checked, no drift$/m', $run['stdout']), $run['stdout']);
        self::assertStringContainsString('not checked: store view de (no catalog view the connector manages): run aco:views --apply, '
            . 'or for a catalog view made in ACO Studio aco:verify --store-view=CODE --catalog-view=ID', $run['stdout'] . $run['stderr']);

        $pdo->exec('DELETE FROM aco_catalog_view');
        $none = StandaloneCli::run(['aco:verify', '--all']);
        self::assertSame(1, $none['status']);
        self::assertSame("not checked: store views default, de, fr (no catalog view the connector manages): run aco:views --apply, "
            . "or for a catalog view made in ACO Studio aco:verify --store-view=CODE --catalog-view=ID\n", $none['stdout'] . $none['stderr']);
    }

    public function test_an_unknown_store_view_is_one_line_and_exit_2(): void
    {
        $run = StandaloneCli::run(['aco:verify', '--store-view=nowhere']);
        self::assertSame(2, $run['status']);
        self::assertSame("--store-view: nowhere is not an exported store view (default, de, fr)\n", $run['stdout'] . $run['stderr']);
    }
}
