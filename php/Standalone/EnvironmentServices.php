<?php
declare(strict_types=1);

namespace Aco\Connector\Standalone;

use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\Services;
use Aco\Connector\Model\ServicesProvider;

/**
 * bin/aco's services: database from ACO_DB_DSN or ACO_DB_* (socket or host/port), secrets key from
 * ACO_ENCRYPTION_KEY or var/aco.key, product image base URL from ACO_MEDIA_URL.
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
            $socket = getenv('ACO_DB_SOCKET');
            $name = getenv('ACO_DB_NAME') ?: 'magento';
            $dsn = getenv('ACO_DB_DSN') ?: ($socket
                ? "mysql:unix_socket=$socket;dbname=$name;charset=utf8mb4"
                : sprintf('mysql:host=%s;port=%s;dbname=%s;charset=utf8mb4', getenv('ACO_DB_HOST') ?: '127.0.0.1', getenv('ACO_DB_PORT') ?: '3306', $name));
            $pdo = new \PDO($dsn, getenv('ACO_DB_USER') ?: 'root', getenv('ACO_DB_PASSWORD') ?: '', [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION]);
            $this->services = new Services($pdo, SodiumCipher::fromEnvironmentOrFile("{$this->root}/var/aco.key"),
                getenv('ACO_MEDIA_URL') ?: 'https://shop.example.com/media', true);
        }
        return $this->services;
    }
}
