<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Indexer;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedLock;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * The feeds as Magento indexers: listed by indexer:status, installed "Update by Schedule"; a full
 * reindex queues a full sync which the lane's cron runs (never a network sync inside Magento's index
 * group), whether the feed is busy or not.
 */
final class IndexersTest extends TestCase
{
    private const INDEXERS = ['aco_product_attributes', 'aco_categories', 'aco_products', 'aco_price_books', 'aco_prices'];

    public function test_the_feeds_are_indexers_installed_update_by_schedule(): void
    {
        $status = Magento::mustRun('indexer:status');
        foreach (['ACO Product Attributes Feed', 'ACO Categories Feed', 'ACO Products Feed', 'ACO Price Books Feed', 'ACO Prices Feed'] as $title) {
            self::assertStringContainsString($title, $status);
        }
        $modes = Magento::mustRun('indexer:show-mode', ...self::INDEXERS);
        self::assertSame(5, substr_count($modes, 'Update by Schedule'), $modes);
    }

    public function test_update_on_save_is_refused_for_the_feeds_with_a_message_and_changes_the_others(): void
    {
        $refused = Magento::command('indexer:set-mode', 'realtime', 'aco_products', 'catalog_product_price');
        self::assertSame(1, $refused['status'], 'indexer:set-mode fails');
        self::assertStringContainsString('ACO Products Feed runs only "Update by Schedule"', $refused['stdout']);
        $modes = Magento::mustRun('indexer:show-mode', 'aco_products', 'catalog_product_price');
        self::assertMatchesRegularExpression('/ACO Products Feed:\s+Update by Schedule/', $modes, 'the feed keeps its triggers');
        self::assertMatchesRegularExpression('/Product Price:\s+Update on Save/', $modes, 'the other indexer of the request changed');
        Magento::mustRun('indexer:set-mode', 'schedule', 'catalog_product_price');
    }

    public function test_a_reindex_queues_a_full_sync_even_of_a_busy_feed_and_the_lanes_cron_runs_it(): void
    {
        Magento::fixture('catalog');
        $emulator = new EmulatorProcess();
        try {
            $init = Magento::connect($emulator);
            self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
            $st = Magento::pdo()->prepare('SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND ACTION_STATEMENT LIKE ?');
            $st->execute(['%' . Magento::table('aco_products_cl') . '%']);
            self::assertGreaterThan(0, (int) $st->fetchColumn(), 'aco:config:init created the products feed\'s change-capture triggers');
            Magento::mustRun('aco:sync', '--full');
            Magento::pdo()->exec('DELETE FROM ' . Magento::table('aco_feed_products'));   // as if the products had never been sent
            $emulator->call('POST', '/_emulator/reset');

            // regression: a busy feed threw out of the reindex (and Magento's reindexAllInvalid stopped there)
            $lock = new Database(Magento::pdo(), [Magento::class, 'table']);
            self::assertTrue(FeedLock::take($lock, Feed::named(Feed::PRODUCTS)), 'the products feed is free');
            try {
                Magento::mustRun('indexer:reindex', 'aco_products', 'catalog_product_price');
            } finally {
                FeedLock::release($lock, Feed::named(Feed::PRODUCTS));
            }
            self::assertSame(0, $emulator->count('products'), 'no network sync inside the reindex');
            self::assertMatchesRegularExpression('/ACO Products Feed\s*\|?\s*Ready/', Magento::mustRun('indexer:status', 'aco_products'));
            self::assertStringContainsString('products: full sync queued', Magento::mustRun('aco:status'));

            Magento::cron('aco_catalog', ['aco_sync_catalog']);
            self::assertGreaterThan(0, $emulator->count('products'), 'the lane\'s cron ran the full sync');
        } finally {
            $emulator->stop();
        }
    }
}
