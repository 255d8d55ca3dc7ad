<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Support;

use Aco\Connector\Model\Budget\Clock;
use Aco\Connector\Model\Budget\SharedBudget;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Model\Feed\CatalogSource;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedState;
use Aco\Connector\Model\Feed\FeedSync;
use Aco\Connector\Model\Feed\FullSyncQueue;
use Aco\Connector\Model\Feed\ScopeChanges;
use Aco\Connector\Model\Feed\SyncCycle;
use Aco\Connector\Model\Feed\SyncReport;
use Aco\Connector\Model\LogRouter;
use Aco\Connector\Model\Setup\SchemaInstaller;
use Aco\Connector\Tools\EmulatorProcess;
use Aco\Native\Client;

/**
 * The sync engine wired to the private MariaDB (sample catalog + feed tables) and an emulator.
 */
final class SyncHarness
{
    public \PDO $pdo;
    public Database $db;
    public EmulatorProcess $emulator;
    public Client $client;

    public function __construct(int $products, array $emulatorFlags = [], array $clientOverrides = [])
    {
        SampleDatabase::generate($products);
        $this->pdo = TestDatabase::pdo();
        $this->db = new Database($this->pdo);
        foreach (Feed::all() as $feed) {
            $this->pdo->exec('DROP TABLE IF EXISTS ' . $feed->table());
        }
        foreach (['aco_sync_run', 'aco_full_sync', 'aco_state'] as $table) {
            $this->pdo->exec("DROP TABLE IF EXISTS $table");
        }
        // the generator recreates Magento's tables, not the changelogs an earlier test installed
        foreach (Feed::all() as $feed) {
            $this->pdo->exec("DROP TABLE IF EXISTS {$feed->changelog()}");
        }
        (new SchemaInstaller($this->db))->install();
        $this->emulator = new EmulatorProcess($emulatorFlags);
        $this->client = new Client($this->emulator->clientConfig($clientOverrides));
    }

    /**
     * A fresh engine: the catalog context is read anew (as each cron run does).
     *
     * @param Clock|null $clock what the websites' dates are read by (default: the machine's clock)
     */
    public function sync(?ChangeCapture $changes = null, int $chunkSize = 100, ?SharedBudget $budget = null, ?LogRouter $log = null, ?Clock $clock = null): FeedSync
    {
        $schema = new CatalogSchema($this->db);
        $source = new CatalogSource(SampleDatabase::catalog($schema), new ProductReader($schema), SampleDatabase::prices($schema, $clock), $chunkSize);
        return new FeedSync($this->db, $this->client, $source, 3, $log, $changes, null, $budget);
    }

    /** The sync cycle (what cron runs) over a fresh engine with change capture. */
    public function cycle(ChangeCapture $changes, int $chunkSize = 100, ?SharedBudget $budget = null, ?LogRouter $log = null): SyncCycle
    {
        return new SyncCycle($this->sync($changes, $chunkSize, $budget, $log), $changes, new FullSyncQueue($this->db), new ScopeChanges($this->db), $log);
    }

    /** @return array<string, SyncReport> full sync of every feed, in order */
    public function fullSync(): array
    {
        $reports = [];
        $sync = $this->sync();
        foreach (Feed::all() as $feed) {
            $reports[$feed->name] = $sync->full($feed);
        }
        return $reports;
    }

    public function state(string $feed): FeedState
    {
        return new FeedState($this->db, Feed::named($feed));
    }

    /** Emulator request log entries after `$from` (index). @return list<array<string, mixed>> */
    public function requestsSince(int $from): array
    {
        return array_slice($this->emulator->call('GET', '/_emulator/requests'), $from);
    }

    public function requestCount(): int
    {
        return count($this->emulator->call('GET', '/_emulator/requests'));
    }

    public function stop(): void
    {
        $this->emulator->stop();
    }
}
