<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Magento;

require_once __DIR__ . '/Fakes/framework.php';

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedLock;
use Aco\Connector\Model\Indexer\FeedIndexer;
use Aco\Connector\Test\Magento\Fakes\FixedServices;
use Aco\Connector\Test\Support\SyncHarness;
use Aco\Connector\Test\Support\TestDatabase;
use PHPUnit\Framework\TestCase;
use Psr\Log\LoggerInterface;

/**
 * The feeds' Magento indexers as Magento's indexer and mview call them: a full reindex (from
 * `indexer:reindex`, or Magento's index cron for an invalid indexer) only asks for a full sync, which
 * the connector's lane cron runs; ids Magento hands over are left in the changelog for the cycle.
 */
final class FeedIndexerTest extends TestCase
{
    private static function logger(): LoggerInterface
    {
        return new class () implements LoggerInterface {
            public function log($level, $message, array $context = [])
            {
            }

            public function info($message, array $context = [])
            {
            }
        };
    }

    public function test_a_full_reindex_queues_a_full_sync_at_once_even_while_the_feed_is_busy_and_sends_nothing(): void
    {
        // regression: the reindex ran the network sync inside Magento's index cron, and a busy feed
        // threw, which stopped Magento's reindexAllInvalid before the store's later indexers
        $h = new SyncHarness(10);
        try {
            $services = new FixedServices($h->pdo);
            $other = new Database(TestDatabase::pdo());
            self::assertTrue(FeedLock::take($other, Feed::named(Feed::PRODUCTS)));
            try {
                $requests = $h->requestCount();
                (new FeedIndexer($services, self::logger(), Feed::PRODUCTS))->executeFull();
                self::assertSame(['products'], $services->services()->queue()->requested());
                self::assertSame($requests, $h->requestCount(), 'nothing is sent from the indexer');
            } finally {
                FeedLock::release($other, Feed::named(Feed::PRODUCTS));
            }
        } finally {
            $h->stop();
        }
    }

    public function test_ids_magento_hands_over_stay_in_the_changelog_for_the_sync_cycle(): void
    {
        $h = new SyncHarness(10);
        try {
            $capture = new ChangeCapture($h->db);
            $capture->install();
            $h->pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Renamed' WHERE entity_id = 3 AND attribute_id = 73 AND store_id = 0");
            $feed = Feed::named(Feed::PRODUCTS);
            $before = $capture->pending($feed);
            (new FeedIndexer(new FixedServices($h->pdo), self::logger(), Feed::PRODUCTS))->execute([3]);
            self::assertEquals($before, $capture->pending($feed));
            self::assertContains(3, $before->ids);
        } finally {
            $h->stop();
        }
    }
}
