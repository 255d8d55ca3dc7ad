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
 * The feeds as Magento indexers: listed by indexer:status, installed "Update by Schedule" (Magento then
 * creates the change-capture triggers), a full reindex is a full sync, and a busy feed leaves its
 * indexer invalid so Magento's cron reindexes it later.
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
        $st = Magento::pdo()->prepare("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND ACTION_STATEMENT LIKE ?");
        $st->execute(['%' . Magento::table('aco_products_cl') . '%']);
        $triggers = (int) $st->fetchColumn();
        self::assertGreaterThan(0, $triggers, 'Magento created the products feed\'s change-capture triggers');
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

    public function test_a_reindex_is_a_full_sync_and_a_busy_feed_stays_invalid(): void
    {
        Magento::fixture('catalog');
        $emulator = new EmulatorProcess();
        $init = Magento::connect($emulator);
        self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);

        $lock = new Database(Magento::pdo(), [Magento::class, 'table']);
        self::assertTrue(FeedLock::take($lock, Feed::named(Feed::PRODUCTS)), 'the products feed is free');
        $busy = Magento::command('indexer:reindex', 'aco_products');
        self::assertStringContainsString('being synced by another process', $busy['stdout'] . $busy['stderr']);
        self::assertSame(0, $emulator->count('products'));
        self::assertMatchesRegularExpression('/ACO Products Feed\s*\|?\s*Reindex required/', Magento::mustRun('indexer:status', 'aco_products'));
        FeedLock::release($lock, Feed::named(Feed::PRODUCTS));

        Magento::mustRun('indexer:reindex', 'aco_product_attributes', 'aco_categories', 'aco_products');
        self::assertGreaterThan(0, $emulator->count('products'), 'a full reindex sends the products');
        self::assertMatchesRegularExpression('/ACO Products Feed\s*\|?\s*Ready/', Magento::mustRun('indexer:status', 'aco_products'));
        $emulator->stop();
    }
}
