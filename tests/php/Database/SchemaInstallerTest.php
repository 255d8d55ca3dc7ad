<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Database;

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Setup\SchemaInstaller;
use Aco\Connector\Test\Support\TestDatabase;
use PHPUnit\Framework\TestCase;

/**
 * The standalone installer follows etc/db_schema.xml as Magento's declarative schema does, upgrades
 * included: keys the file no longer declares (but the whitelist knows) go, new ones come, a changed
 * primary key is rebuilt.
 */
final class SchemaInstallerTest extends TestCase
{
    public function test_an_older_feed_table_gets_the_declared_keys_and_loses_the_retired_ones_keeping_its_rows(): void
    {
        $pdo = TestDatabase::pdo();
        $pdo->exec('CREATE TABLE IF NOT EXISTS store_website (website_id smallint unsigned PRIMARY KEY)');
        $pdo->exec('CREATE TABLE IF NOT EXISTS store (store_id smallint unsigned PRIMARY KEY)');
        $pdo->exec('DROP TABLE IF EXISTS aco_feed_prices');
        // the table as an earlier release created it
        $pdo->exec('CREATE TABLE aco_feed_prices (feed_id varchar(40) NOT NULL PRIMARY KEY, source_entity_id int unsigned NOT NULL DEFAULT 0,
            run_id int unsigned NOT NULL DEFAULT 0, is_deleted tinyint(1) NOT NULL DEFAULT 0, status smallint unsigned NOT NULL DEFAULT 0, next_retry_at datetime NULL,
            KEY ACO_FEED_PRICES_SOURCE_ENTITY_ID_RUN_ID (source_entity_id, run_id), KEY ACO_FEED_PRICES_RUN_ID_IS_DELETED (run_id, is_deleted),
            KEY ACO_FEED_PRICES_SOURCE_ENTITY_ID (source_entity_id))');
        $pdo->exec("INSERT INTO aco_feed_prices (feed_id, source_entity_id) VALUES ('a', 7), ('b', 3)");

        $installer = new SchemaInstaller(new Database($pdo));
        $installer->install();
        $installer->install(); // idempotent

        $expected = ['ACO_FEED_PRICES_FEED_ID' => ['feed_id', 0], 'ACO_FEED_PRICES_STATUS_NEXT_RETRY_AT' => ['status,next_retry_at', 1], 'PRIMARY' => ['source_entity_id,feed_id', 0]];
        self::assertSame($expected, $this->keys($pdo));
        self::assertSame([['b', 3], ['a', 7]], $pdo->query('SELECT feed_id, source_entity_id FROM aco_feed_prices ORDER BY feed_id DESC')->fetchAll(\PDO::FETCH_NUM), 'rows kept');
        $pdo->exec('DROP TABLE aco_feed_prices');
        $installer->install();
        self::assertSame($expected, $this->keys($pdo), 'a fresh table has the same keys');
    }

    /** @return array<string, array{0: string, 1: int}> aco_feed_prices' keys: columns and whether duplicates are allowed */
    private function keys(\PDO $pdo): array
    {
        $out = [];
        foreach ($pdo->query("SELECT INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX), MAX(NON_UNIQUE) FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'aco_feed_prices' GROUP BY INDEX_NAME ORDER BY 1")->fetchAll(\PDO::FETCH_NUM) as [$name, $columns, $nonUnique]) {
            $out[$name] = [$columns, (int) $nonUnique];
        }
        return $out;
    }
}
