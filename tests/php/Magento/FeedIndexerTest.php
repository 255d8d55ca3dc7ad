<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Magento;

require_once __DIR__ . '/Fakes/framework.php';

use Aco\Connector\Model\Config\ConnectionConfig;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedLock;
use Aco\Connector\Model\Indexer\FeedIndexer;
use Aco\Connector\Test\Magento\Fakes\FixedServices;
use Aco\Connector\Test\Support\SyncHarness;
use Aco\Connector\Test\Support\TestDatabase;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;
use Psr\Log\LoggerInterface;

/**
 * The feeds' Magento indexers (one FeedIndexer per feed) as Magento's indexer and mview call them,
 * over the sample catalog, MariaDB and the emulator.
 */
final class FeedIndexerTest extends TestCase
{
    private static SyncHarness $h;
    private static FixedServices $services;

    public static function setUpBeforeClass(): void
    {
        self::$h = new SyncHarness(40);
        self::$services = new FixedServices(self::$h->pdo);
        $config = self::$services->services()->config();
        $config->save(array_intersect_key(self::$h->emulator->clientConfig(), array_flip(ConnectionConfig::FIELDS)));
        $config->saveSync(['enforce_limits' => 0]);
        self::$h->fullSync();
    }

    public static function tearDownAfterClass(): void
    {
        TestDatabase::pdo()->exec("DELETE FROM core_config_data WHERE path LIKE 'aco/%'");
        self::$h->stop();
    }

    /** @return array{0: FeedIndexer, 1: \ArrayObject<int, array{string, array<string, mixed>}>} the indexer and what it logs */
    private static function indexer(string $feed): array
    {
        $lines = new \ArrayObject();
        $logger = new class ($lines) implements LoggerInterface {
            public function __construct(private \ArrayObject $lines)
            {
            }

            public function log($level, $message, array $context = [])
            {
                $this->lines[] = [(string) $message, $context];
            }

            public function info($message, array $context = [])
            {
                $this->log('info', $message, $context);
            }
        };
        return [new FeedIndexer(self::$services, $logger, $feed), $lines];
    }

    /** What `$work` throws while another process holds the feed's sync lock. */
    private static function failureWhileBusy(string $feed, callable $work): ?\Throwable
    {
        $other = new Database(TestDatabase::pdo());
        self::assertTrue(FeedLock::take($other, Feed::named($feed)));
        try {
            $work();
            return null;
        } catch (\Throwable $e) {
            return $e;
        } finally {
            FeedLock::release($other, Feed::named($feed));
        }
    }

    public function test_a_full_reindex_of_a_busy_feed_fails_so_magento_keeps_the_indexer_invalid(): void
    {
        $config = self::$services->services()->config();
        $config->requestFullSync(['products']);
        [$indexer] = self::indexer('products');
        $failure = self::failureWhileBusy('products', static fn () => $indexer->executeFull());
        self::assertInstanceOf(\RuntimeException::class, $failure, 'a busy feed must not pass for reindexed');
        self::assertStringContainsString('products', $failure->getMessage());
        self::assertContains('products', $config->fullSyncRequested(), 'the full sync is still owed');
        $indexer->executeFull();
        self::assertNotContains('products', $config->fullSyncRequested());
    }

    public function test_changes_for_a_busy_feed_fail_so_mview_keeps_them(): void
    {
        [$indexer] = self::indexer('prices');
        self::assertInstanceOf(\RuntimeException::class, self::failureWhileBusy('prices', static fn () => $indexer->execute([6])),
            "mview moves its position past ids the action took without failing");
    }

    public function test_a_changed_variant_from_mview_brings_its_configurable_as_change_capture_does(): void
    {
        $pdo = self::$h->pdo;
        [$variant, $parent] = array_map('intval', $pdo->query('SELECT product_id, parent_id FROM catalog_product_super_link ORDER BY product_id LIMIT 1')->fetch(\PDO::FETCH_NUM));
        $items = static fn (array $ids): int => (int) $pdo->query('SELECT COUNT(*) FROM aco_feed_products WHERE source_entity_id IN (' . implode(',', $ids) . ')')->fetchColumn();
        [$indexer, $log] = self::indexer('products');
        $indexer->execute([$variant]);
        [$message, $report] = $log[count($log) - 1];
        self::assertSame('aco: sync', $message);
        self::assertSame($items([$variant, $parent]), $report['seen'], 'the variant and its configurable are mapped');
    }
}
