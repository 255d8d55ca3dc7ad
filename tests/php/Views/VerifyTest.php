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
        // the deleted and the unscoped product are missing in all 5 books; the price differs in one
        self::assertMatchesRegularExpression('/^store view de \(catalog view [0-9a-f-]+\): \d+ products × 5 price books checked, 11 drifts \(10 missing, 1 price\)$/m', $run['stdout']);
        self::assertStringContainsString("missing: {$deleted['sku']} is on sale in the store but not served (price book eu)", $run['stdout']);
        self::assertStringContainsString("missing: {$unscoped['sku']} is on sale in the store but not served (price book eu)", $run['stdout']);
        self::assertStringContainsString("price: {$repriced['sku']} costs", $run['stdout']);
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
