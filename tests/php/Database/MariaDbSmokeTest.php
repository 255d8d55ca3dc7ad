<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Database;

use Aco\Connector\Test\Support\TestDatabase;
use PHPUnit\Framework\TestCase;

/**
 * PHPUnit, the extension and the private MariaDB work together in one process.
 */
final class MariaDbSmokeTest extends TestCase
{
    public function test_the_private_mariadb_is_reachable_over_pdo_and_stores_what_the_extension_reports(): void
    {
        $pdo = TestDatabase::pdo();
        self::assertStringContainsString('MariaDB', (string) $pdo->query('SELECT VERSION()')->fetchColumn());

        $pdo->exec('CREATE TEMPORARY TABLE smoke (k VARCHAR(32) PRIMARY KEY, v VARCHAR(64) NOT NULL)');
        $insert = $pdo->prepare('INSERT INTO smoke (k, v) VALUES (?, ?)');
        $insert->execute(['aco_version', \Aco\Native\version()]);

        self::assertSame(
            phpversion('aco'),
            $pdo->query("SELECT v FROM smoke WHERE k = 'aco_version'")->fetchColumn()
        );
    }

    public function test_the_server_is_private_listening_on_loopback_only(): void
    {
        $pdo = TestDatabase::pdo();
        $bind = $pdo->query("SHOW VARIABLES LIKE 'bind_address'")->fetch();
        self::assertSame('127.0.0.1', $bind['Value']);
        $datadir = $pdo->query("SHOW VARIABLES LIKE 'datadir'")->fetch();
        self::assertStringNotContainsString('/var/lib/mysql', $datadir['Value'], 'must not use the system datadir');
    }
}
