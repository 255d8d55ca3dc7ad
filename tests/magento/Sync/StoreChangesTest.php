<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Sync;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedLock;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * Changes Magento makes without a catalog row a trigger sees — catalog rules applied by Magento's own
 * rule indexer (a table swap), store views added, renamed and switched off, a currency and its rate, a
 * locale, a customer group — and a busy feed, each followed only by Magento's own cron: the connector's
 * lane groups (cron:run), and Magento's index job where the admin's action leaves an indexer invalid.
 * After each, ACO holds what the store shows and a full sync has nothing left to send.
 */
final class StoreChangesTest extends TestCase
{
    private static EmulatorProcess $emulator;

    public static function setUpBeforeClass(): void
    {
        self::$emulator = Magento::connectedStore();
    }

    public static function tearDownAfterClass(): void
    {
        self::$emulator->stop();
    }

    /** @return list<float> the amounts taken off aco_tee in the website's price books (a rule's go to its customer groups' books) */
    private static function discounts(string $website): array
    {
        $out = [];
        foreach (self::$emulator->call('GET', '/_emulator/items/prices?limit=100000')['items'] ?? [] as $price) {
            if (($price['sku'] ?? '') === 'aco_tee' && ($price['priceBookId'] === $website || str_starts_with($price['priceBookId'], "$website::"))) {
                foreach ($price['discounts'] ?? [] as $discount) {
                    $out[] = (float) ($discount['price'] ?? $discount['percentage'] ?? 0);
                }
            }
        }
        return $out;
    }

    /**
     * What Magento's index cron (indexer_reindex_all_invalid) does after "Apply Rules" or the nightly
     * rule job marked the rule indexer invalid: a full reindex of it (Indexer::reindexAll), which
     * rebuilds catalogrule_product_price in a replica and swaps it in. The cron job itself would also
     * reindex the full-text search index, which this machine cannot (no search engine).
     */
    private static function rebuildInvalidRuleIndexes(): void
    {
        self::assertMatchesRegularExpression('/Catalog Rule Product\s*\|?\s*Reindex required/', Magento::mustRun('indexer:status', 'catalogrule_rule'));
        Magento::mustRun('indexer:reindex', 'catalogrule_rule');
    }

    public function test_a_catalog_rule_changed_and_applied_by_magentos_rule_indexer(): void
    {
        // regression: the rule indexer swaps catalogrule_product_price whole, dropping the triggers on it
        $before = self::discounts('base');
        Magento::fixture('ruleDiscount', ['percent' => 50]);
        self::rebuildInvalidRuleIndexes();
        Magento::assertCronConverged('Apply Rules');
        $regular = (float) self::$emulator->price('base', 'aco_tee')['regular'];
        // Magento rounds the rule price; ACO's discount is what it takes off the regular price
        $off = static fn (float $percent): float => round($regular - round($regular * (1 - $percent / 100), 2), 2);
        self::assertContains($off(50), self::discounts('base'), "50 % of $regular off, was " . json_encode($before) . ', now ' . json_encode(self::discounts('base')));

        Magento::fixture('ruleDiscount', ['percent' => 25]);
        Magento::fixture('cronJob', ['job' => 'catalogrule_apply_all']);         // Magento's nightly job
        self::rebuildInvalidRuleIndexes();
        Magento::assertCronConverged('the nightly catalogrule_apply_all');
        self::assertContains($off(25), self::discounts('base'), json_encode(self::discounts('base')));
    }

    public function test_a_store_view_added_renamed_and_switched_off(): void
    {
        Magento::fixture('addStoreView', ['code' => 'spanish', 'name' => 'Español', 'website' => 'base']);
        Magento::assertCronConverged('a new store view');
        self::assertSame('Trail Tee', self::$emulator->product('spanish', 'aco_tee')['name'] ?? null);

        Magento::fixture('editStoreView', ['store' => 'spanish', 'code' => 'castellano']);
        Magento::assertCronConverged('a store view renamed');
        self::assertNotNull(self::$emulator->product('castellano', 'aco_tee'));
        self::assertNull(self::$emulator->product('spanish', 'aco_tee'), 'the old source is gone');

        // its catalog source stays (aco:views gives a view only to active store views): as a full sync sends it
        Magento::fixture('editStoreView', ['store' => 'castellano', 'active' => false]);
        Magento::assertCronConverged('a store view switched off');
    }

    public function test_a_currency_rate_a_website_currency_and_a_locale(): void
    {
        Magento::fixture('rates', ['rates' => ['USD' => ['EUR' => 0.8, 'GBP' => 0.75, 'USD' => 1]]]);
        Magento::assertCronConverged('a currency rate');
        $tiers = array_map(static fn (array $t): float => (float) ($t['price'] ?? 0), self::$emulator->price('europe', 'aco_tee')['tierPrices'] ?? []);
        self::assertContains(16.8, $tiers, 'the all-websites tier of 21.00 USD at the new rate');

        Magento::fixture('config', ['path' => 'currency/options/allow', 'value' => 'USD,EUR,GBP']);
        Magento::fixture('config', ['path' => 'currency/options/base', 'value' => 'GBP', 'scope' => 'websites', 'code' => 'europe']);
        Magento::assertCronConverged('a website\'s base currency');
        $books = array_column(self::$emulator->call('GET', '/_emulator/items/priceBooks')['items'] ?? [], 'currency', 'priceBookId');
        self::assertSame('GBP', $books['europe'] ?? null);

        Magento::fixture('config', ['path' => 'general/locale/code', 'value' => 'fr_FR', 'scope' => 'stores', 'code' => 'french']);
        Magento::assertCronConverged('a store view\'s locale');
    }

    public function test_a_new_customer_group_gets_its_price_books(): void
    {
        $before = self::$emulator->count('priceBooks');
        Magento::fixture('customerGroup', ['code' => 'Trade']);
        Magento::assertCronConverged('a new customer group');
        self::assertGreaterThan($before, self::$emulator->count('priceBooks'));
    }

    /**
     * A website code of Magento's 32 characters (its group books' ids, Adobe's formula, would be 74: ACO
     * ignores prices of a book that cannot exist) and a special price of 0 (100 % off: no discount
     * ACO takes), written through Magento's services: every price reaches ACO, as the store shows it.
     */
    public function test_a_32_character_website_code_and_a_special_price_of_0(): void
    {
        $code = 'europe_website_of_32_characters_';
        self::assertSame(32, strlen($code));
        Magento::fixture('editWebsite', ['website' => 'europe', 'code' => $code]);
        Magento::fixture('save', ['sku' => 'aco_gift_wrap', 'values' => ['special_price' => 0]]);
        try {
            Magento::assertCronConverged('a 32-character website code and a special price of 0');
            foreach (['priceBooks', 'prices'] as $feed) {
                $status = Magento::command('aco:status', '--failed', "--feed=$feed");
                self::assertSame(0, $status['status'], "no $feed failed:\n{$status['stdout']}");
            }
            $wholesale = $code . '::' . substr(sha1('2'), 0, 30);
            $books = array_column(self::$emulator->call('GET', '/_emulator/items/priceBooks')['items'] ?? [], 'priceBookId');
            self::assertContains($wholesale, $books);
            self::assertLessThanOrEqual(64, max(array_map('strlen', $books)));
            self::assertSame('group_price', self::$emulator->price($wholesale, 'aco_tee')['discounts'][0]['code'] ?? null, "the group's qty-1 price, in its book");
            foreach (['base', $code] as $book) {
                $free = self::$emulator->price($book, 'aco_gift_wrap');
                self::assertEquals([0, null], [$free['regular'] ?? null, $free['discounts'] ?? null], "$book: the store shows 0.00");
            }
            self::assertNull(self::$emulator->price($wholesale, 'aco_gift_wrap'), 'Wholesale pays the same: its book falls back to the website\'s');
        } finally {
            Magento::fixture('save', ['sku' => 'aco_gift_wrap', 'values' => ['special_price' => null]]);
            Magento::fixture('editWebsite', ['website' => $code, 'code' => 'europe']);
            Magento::assertCronConverged('the website code and special price put back');
        }
    }

    public function test_a_busy_feed_keeps_its_changes_while_the_other_lane_goes_on(): void
    {
        // regression: Magento's mview loop threw at the busy products feed and never reached prices
        $lock = new Database(Magento::pdo(), [Magento::class, 'table']);
        self::assertTrue(FeedLock::take($lock, Feed::named(Feed::PRODUCTS)));
        try {
            Magento::fixture('save', ['sku' => 'aco_gift_wrap', 'values' => ['name' => 'Gift Wrap Busy', 'price' => 4.75]]);
            Magento::acoCron();
            self::assertSame(4.75, (float) (self::$emulator->price('base', 'aco_gift_wrap')['regular'] ?? 0), 'prices went on');
            self::assertNotSame('Gift Wrap Busy', self::$emulator->product('default', 'aco_gift_wrap')['name'] ?? null);
        } finally {
            FeedLock::release($lock, Feed::named(Feed::PRODUCTS));
        }
        Magento::assertCronConverged('a change while the products feed was busy');
        self::assertSame('Gift Wrap Busy', self::$emulator->product('default', 'aco_gift_wrap')['name'] ?? null);
    }
}
