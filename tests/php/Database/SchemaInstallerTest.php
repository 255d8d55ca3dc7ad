<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Database;

use Aco\Connector\Model\Setup\SchemaInstaller;
use Aco\Connector\Test\Support\TestDatabase;
use PHPUnit\Framework\TestCase;

/**
 * The standalone installer follows etc/db_schema.xml as Magento's declarative schema does, upgrades
 * included: indexes the file no longer declares (but the whitelist knows) go, new ones come.
 */
final class SchemaInstallerTest extends TestCase
{
    public function test_an_older_feed_table_gets_the_declared_indexes_and_loses_the_retired_ones(): void
    {
        $pdo = TestDatabase::pdo();
        $pdo->exec('CREATE TABLE IF NOT EXISTS store_website (website_id smallint unsigned PRIMARY KEY)');
        $pdo->exec('CREATE TABLE IF NOT EXISTS store (store_id smallint unsigned PRIMARY KEY)');
        $pdo->exec('DROP TABLE IF EXISTS aco_feed_prices');
        // the table as an earlier release created it
        $pdo->exec('CREATE TABLE aco_feed_prices (feed_id varchar(40) NOT NULL PRIMARY KEY, source_entity_id int unsigned NOT NULL DEFAULT 0,
            run_id int unsigned NOT NULL DEFAULT 0, is_deleted tinyint(1) NOT NULL DEFAULT 0, status smallint unsigned NOT NULL DEFAULT 0, next_retry_at datetime NULL,
            KEY ACO_FEED_PRICES_SOURCE_ENTITY_ID_RUN_ID (source_entity_id, run_id), KEY ACO_FEED_PRICES_RUN_ID_IS_DELETED (run_id, is_deleted))');

        $installer = new SchemaInstaller($pdo);
        $installer->install();
        $installer->install(); // idempotent

        $indexes = array_unique($pdo->query("SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
            AND TABLE_NAME = 'aco_feed_prices' ORDER BY 1")->fetchAll(\PDO::FETCH_COLUMN));
        self::assertSame(['ACO_FEED_PRICES_SOURCE_ENTITY_ID', 'ACO_FEED_PRICES_STATUS_NEXT_RETRY_AT', 'PRIMARY'], array_values($indexes));
        $pdo->exec('DROP TABLE aco_feed_prices');
        $installer->install();
        self::assertSame(1, (int) $pdo->query("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
            AND TABLE_NAME = 'aco_feed_prices' AND INDEX_NAME = 'ACO_FEED_PRICES_SOURCE_ENTITY_ID'")->fetchColumn(), 'a fresh table has it too');
    }
}
