<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Support;

use PHPUnit\Framework\Assert;

/**
 * The private MariaDB started by `scripts/mariadb.sh run` (make test). Connection data comes from the
 * ACO_DB_* environment; tests needing the database fail, not skip, when it is missing.
 */
final class TestDatabase
{
    public static function pdo(): \PDO
    {
        return new \PDO(...self::connectArgs());
    }

    /** DSN, user, password and options of the test database, for a second connection. @return array<int, mixed> */
    public static function connectArgs(): array
    {
        $socket = getenv('ACO_DB_SOCKET');
        Assert::assertNotFalse($socket, 'ACO_DB_SOCKET not set: run the PHP tests through `make test` '
            . '(scripts/mariadb.sh run starts the private MariaDB)');
        $dsn = sprintf('mysql:unix_socket=%s;dbname=%s;charset=utf8mb4', $socket, getenv('ACO_DB_NAME') ?: 'magento');
        return [$dsn, getenv('ACO_DB_USER') ?: 'root', getenv('ACO_DB_PASSWORD') ?: '', [
            \PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION,
            \PDO::ATTR_DEFAULT_FETCH_MODE => \PDO::FETCH_ASSOC,
        ]];
    }
}
