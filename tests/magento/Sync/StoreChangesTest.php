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
        Magento::fixture('catalog');
        Magento::mustRun('indexer:reindex', 'catalogrule_rule', 'catalogrule_product', 'catalog_product_price', 'cataloginventory_stock', 'inventory');
        self::$emulator = new EmulatorProcess();
        $init = Magento::connect(self::$emulator);
        self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
        Magento::acoCron();   // the full sync aco:config:init asked for
    }

    public static function tearDownAfterClass(): void
    {
        self::$emulator->stop();
    }

    /** Cron alone sent the change: a full sync now finds nothing to send or delete in any feed. */
    private static function assertCronConverged(string $change): void
    {
        Magento::acoCron();
        $full = Magento::mustRun('aco:sync', '--full');
        self::assertSame(5, preg_match_all('/: \d+ items, \d+ unchanged, \d+ invalid, 0 sent \(0 accepted, 0 failed; 0 of them deletes\)/', $full),
            "after $change, Magento's cron left work for a full sync:\n$full");
    }

    /** @return list<float> the amounts taken off aco_tee in a price book */
    private static function discounts(string $book): array
    {
        return array_map(static fn (array $d): float => (float) ($d['price'] ?? $d['percentage'] ?? 0), self::$emulator->price($book, 'aco_tee')['discounts'] ?? []);
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
        self::assertCronConverged('Apply Rules');
        self::assertContains(12.0, self::discounts('base'), '50 % of 24.00 off, was ' . json_encode($before));

        Magento::fixture('ruleDiscount', ['percent' => 25]);
        Magento::fixture('cronJob', ['job' => 'catalogrule_apply_all']);         // Magento's nightly job
        self::rebuildInvalidRuleIndexes();
        self::assertCronConverged('the nightly catalogrule_apply_all');
        self::assertContains(6.0, self::discounts('base'));
    }

    public function test_a_store_view_added_renamed_and_switched_off(): void
    {
        Magento::fixture('addStoreView', ['code' => 'spanish', 'name' => 'Español', 'website' => 'base']);
        self::assertCronConverged('a new store view');
        self::assertSame('Trail Tee', self::$emulator->product('spanish', 'aco_tee')['name'] ?? null);

        Magento::fixture('editStoreView', ['store' => 'spanish', 'code' => 'castellano']);
        self::assertCronConverged('a store view renamed');
        self::assertNotNull(self::$emulator->product('castellano', 'aco_tee'));
        self::assertNull(self::$emulator->product('spanish', 'aco_tee'), 'the old source is gone');

        // its catalog source stays (aco:views gives a view only to active store views): as a full sync sends it
        Magento::fixture('editStoreView', ['store' => 'castellano', 'active' => false]);
        self::assertCronConverged('a store view switched off');
    }

    public function test_a_currency_rate_a_website_currency_and_a_locale(): void
    {
        Magento::fixture('rates', ['rates' => ['USD' => ['EUR' => 0.8, 'GBP' => 0.75, 'USD' => 1]]]);
        self::assertCronConverged('a currency rate');
        $tiers = array_map(static fn (array $t): float => (float) ($t['price'] ?? 0), self::$emulator->price('europe', 'aco_tee')['tierPrices'] ?? []);
        self::assertContains(16.8, $tiers, 'the all-websites tier of 21.00 USD at the new rate');

        Magento::fixture('config', ['path' => 'currency/options/allow', 'value' => 'USD,EUR,GBP']);
        Magento::fixture('config', ['path' => 'currency/options/base', 'value' => 'GBP', 'scope' => 'websites', 'code' => 'europe']);
        self::assertCronConverged('a website\'s base currency');
        $books = array_column(self::$emulator->call('GET', '/_emulator/items/priceBooks')['items'] ?? [], 'currency', 'priceBookId');
        self::assertSame('GBP', $books['europe'] ?? null);

        Magento::fixture('config', ['path' => 'general/locale/code', 'value' => 'fr_FR', 'scope' => 'stores', 'code' => 'french']);
        self::assertCronConverged('a store view\'s locale');
    }

    public function test_a_new_customer_group_gets_its_price_books(): void
    {
        $before = self::$emulator->count('priceBooks');
        Magento::fixture('customerGroup', ['code' => 'Trade']);
        self::assertCronConverged('a new customer group');
        self::assertGreaterThan($before, self::$emulator->count('priceBooks'));
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
        self::assertCronConverged('a change while the products feed was busy');
        self::assertSame('Gift Wrap Busy', self::$emulator->product('default', 'aco_gift_wrap')['name'] ?? null);
    }
}
