<?php
declare(strict_types=1);

namespace Aco\Connector\Tools;

/**
 * What every benchmark and the soak script start with: refuse to run without what they measure
 * (no figures from a half-set-up machine), the private database, and CPU time.
 */
final class Bench
{
    /** Exits 1 naming what is missing: the extension, and the database when `$database`. */
    public static function requireSetup(string $name, bool $database, string $how): void
    {
        $missing = array_filter(['the extension' => !extension_loaded('aco'), 'a database (ACO_DB_SOCKET)' => $database && getenv('ACO_DB_SOCKET') === false]);
        if ($missing !== []) {
            fwrite(STDERR, "$name: needs " . implode(' and ', array_keys($missing)) . " ($how)\n");
            exit(1);
        }
    }

    /** A connection to the private MariaDB of `scripts/mariadb.sh run`. */
    public static function pdo(): \PDO
    {
        $dsn = 'mysql:unix_socket=' . getenv('ACO_DB_SOCKET') . ';dbname=magento;charset=utf8mb4';
        return new \PDO($dsn, 'root', '', [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION]);
    }

    /** User + system CPU seconds of this process (the extension's I/O thread included). */
    public static function cpuSeconds(): float
    {
        $u = getrusage();
        return $u['ru_utime.tv_sec'] + $u['ru_utime.tv_usec'] / 1e6 + $u['ru_stime.tv_sec'] + $u['ru_stime.tv_usec'] / 1e6;
    }
}
