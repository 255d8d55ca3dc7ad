<?php
declare(strict_types=1);

namespace Aco\Connector\Standalone;

use Aco\Connector\Model\Config\ConfigurationException;
use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\Services;
use Aco\Connector\Model\ServicesProvider;

/**
 * bin/aco's services: database from ACO_DB_DSN or ACO_DB_* (socket or host/port; ACO_DB_TABLE_PREFIX
 * when the store's tables have Magento's table prefix), secrets key from
 * ACO_ENCRYPTION_KEY or var/aco.key, product image base URL from ACO_MEDIA_URL, log in ACO_LOG_FILE or
 * var/log/aco-connector.log.
 */
final class EnvironmentServices implements ServicesProvider
{
    private string $root;
    private ?Services $services = null;

    public function __construct(string $root)
    {
        $this->root = $root;
    }

    public function services(): Services
    {
        if ($this->services === null) {
            $dsn = getenv('ACO_DB_DSN') ?: self::dsn();
            try {
                $pdo = new \PDO($dsn, getenv('ACO_DB_USER') ?: 'root', getenv('ACO_DB_PASSWORD') ?: '', [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION]);
                $db = Database::prefixed($pdo, (string) getenv('ACO_DB_TABLE_PREFIX'));
            } catch (\PDOException $e) {
                throw new ConfigurationException('cannot connect to the database (ACO_DB_*): ' . $e->getMessage(), 0, $e);
            } catch (\InvalidArgumentException $e) {
                throw new ConfigurationException('ACO_DB_TABLE_PREFIX: ' . $e->getMessage(), 0, $e);
            }
            $this->services = new Services($db, SodiumCipher::fromEnvironmentOrFile("{$this->root}/var/aco.key"),
                getenv('ACO_MEDIA_URL') ?: 'https://shop.example.com/media', true, [FileLog::under($this->root), 'log']);
        }
        return $this->services;
    }

    public function reconnect(): Services
    {
        $this->services = null;
        return $this->services();
    }

    /** The PDO DSN of ACO_DB_SOCKET or ACO_DB_HOST/PORT, and ACO_DB_NAME. */
    private static function dsn(): string
    {
        $socket = self::part('ACO_DB_SOCKET', '');
        $name = self::part('ACO_DB_NAME', 'magento');
        if ($socket !== '') {
            return "mysql:unix_socket=$socket;dbname=$name;charset=utf8mb4";
        }
        $port = self::part('ACO_DB_PORT', '3306');
        if (!ctype_digit($port) || (int) $port < 1 || (int) $port > 65535) {
            throw new ConfigurationException("ACO_DB_PORT must be a port number, not \"$port\"");
        }
        return sprintf('mysql:host=%s;port=%s;dbname=%s;charset=utf8mb4', self::part('ACO_DB_HOST', '127.0.0.1'), $port, $name);
    }

    /**
     * A DSN part from the environment: `;` and `=` would add or replace DSN keys
     * (`ACO_DB_NAME='magento;host=evil'` moved the connection to another host).
     */
    private static function part(string $variable, string $default): string
    {
        $value = getenv($variable) ?: $default;
        if (preg_match('/[;=\x00-\x1f]/', $value)) {
            throw new ConfigurationException("$variable must not contain ';', '=' or control characters");
        }
        return $value;
    }
}
