<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Database;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\FeedSummary;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Setup\SchemaInstaller;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Test\Support\SyncHarness;
use Aco\Connector\Test\Support\TestDatabase;
use Aco\Connector\Tools\ConsistencyCheck;
use PHPUnit\Framework\TestCase;

/**
 * A store installed with Magento's table prefix (`setup:install --db-prefix`, env.php
 * `db/table_prefix`): every table the connector reads, writes, creates or triggers on has the
 * prefix, and ACO ends up exactly as for the same store without one.
 */
final class TablePrefixTest extends TestCase
{
    private const PREFIX = 'mg_';

    public function test_a_prefixed_store_syncs_and_captures_changes_as_an_unprefixed_one(): void
    {
        $h = new SyncHarness(30);
        try {
            $h->fullSync();
            $unprefixed = $this->held($h);
            self::assertGreaterThan(0, count($unprefixed['products']));

            $this->prefixEveryTable($h->pdo);
            $h->emulator->call('POST', '/_emulator/reset');
            $h->db = Database::prefixed($h->pdo, self::PREFIX);
            (new SchemaInstaller($h->db))->install();
            $capture = new ChangeCapture($h->db);
            $capture->install();
            $h->fullSync();
            self::assertEquals($unprefixed, $this->held($h), 'ACO holds the same catalog');

            // a change written into the prefixed tables reaches ACO through the prefixed changelog
            $h->pdo->exec("UPDATE mg_catalog_product_entity_varchar SET value = 'Renamed' WHERE entity_id = 17 AND attribute_id = 73 AND store_id = 0");
            // the status (aco:status, the admin grid) counts the prefixed changelog's rows
            $backlog = static fn (): int => array_column((new FeedSummary($h->db))->rows(), 'backlog', 'feed')[Feed::PRODUCTS];
            self::assertGreaterThan(0, $backlog(), 'the captured change waits in the backlog');
            $h->cycle($capture)->run(Feed::all());
            self::assertSame(0, $backlog(), 'and is gone once synced');
            self::assertSame('Renamed', $h->emulator->product('default', $this->sku($h->pdo, 17))['name'] ?? null);
            self::assertSame([], ConsistencyCheck::differences($h->db, SampleDatabase::catalog(new CatalogSchema($h->db)), $h->emulator));

            $unprefixed = array_filter($this->tables($h->pdo), static fn (string $t): bool => !str_starts_with($t, self::PREFIX));
            self::assertSame([], array_values($unprefixed), 'nothing was created without the prefix');
            $triggers = $h->pdo->query("SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()
                AND (EVENT_OBJECT_TABLE NOT LIKE 'mg\\_%' OR ACTION_STATEMENT NOT LIKE '%mg\\_aco\\_%\\_cl%')")->fetchAll(\PDO::FETCH_KEY_PAIR);
            self::assertSame([], $triggers, 'every trigger watches a prefixed table and writes a prefixed changelog');
        } finally {
            $this->dropPrefixed($h->pdo);
            $h->stop();
        }
    }

    public function test_a_prefix_that_is_not_a_table_name_part_is_refused(): void
    {
        $this->expectExceptionMessage('a table prefix has only letters, digits and \'_\', not "mg`;"');
        Database::prefixed(TestDatabase::pdo(), 'mg`;');
    }

    /** @return array<string, list<array<string, mixed>>> entity => items ACO holds */
    private function held(SyncHarness $h): array
    {
        $out = [];
        foreach (ConsistencyCheck::ENTITIES as $entity) {
            $out[$entity] = $h->emulator->call('GET', "/_emulator/items/$entity?limit=10000")['items'];
        }
        return $out;
    }

    private function prefixEveryTable(\PDO $pdo): void
    {
        $tables = $this->tables($pdo);
        // the feed tables and changelogs start again empty, as in a store installing the connector
        foreach ($tables as $table) {
            if (str_starts_with($table, 'aco_') || str_ends_with($table, '_cl')) {
                $pdo->exec("DROP TABLE `$table`");
            }
        }
        foreach ($pdo->query("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")->fetchAll(\PDO::FETCH_COLUMN) as $trigger) {
            $pdo->exec("DROP TRIGGER `$trigger`");
        }
        $renames = [];
        foreach ($this->tables($pdo) as $table) {
            $renames[] = "`$table` TO `" . self::PREFIX . "$table`";
        }
        $pdo->exec('RENAME TABLE ' . implode(', ', $renames));
    }

    /** @return list<string> */
    private function tables(\PDO $pdo): array
    {
        return $pdo->query("SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'")->fetchAll(\PDO::FETCH_COLUMN);
    }

    private function dropPrefixed(\PDO $pdo): void
    {
        $pdo->exec('SET FOREIGN_KEY_CHECKS = 0');
        foreach ($pdo->query("SHOW TABLES LIKE 'mg\\_%'")->fetchAll(\PDO::FETCH_COLUMN) as $table) {
            $pdo->exec("DROP TABLE `$table`");
        }
        $pdo->exec('SET FOREIGN_KEY_CHECKS = 1');
    }

    private function sku(\PDO $pdo, int $id): string
    {
        return (string) $pdo->query("SELECT sku FROM mg_catalog_product_entity WHERE entity_id = $id")->fetchColumn();
    }
}
