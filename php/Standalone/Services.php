<?php
declare(strict_types=1);

namespace Aco\Connector\Standalone;

use Aco\Connector\Model\Catalog\AttributeReader;
use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\CategoryReader;
use Aco\Connector\Model\Catalog\MappingContext;
use Aco\Connector\Model\Catalog\PriceReader;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Model\Catalog\StoreReader;
use Aco\Connector\Model\Config\ConnectionConfig;
use Aco\Connector\Model\Config\SecretCipher;
use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\Feed\CatalogSource;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\FeedSync;
use Aco\Connector\Model\Setup\SchemaInstaller;

/**
 * Wires the plain services for bin/aco from a PDO connection (Magento wires the same classes with
 * its object manager, etc/di.xml).
 */
class Services
{
    private \PDO $pdo;
    private SecretCipher $cipher;
    private string $mediaUrl;

    public function __construct(\PDO $pdo, SecretCipher $cipher, string $mediaUrl)
    {
        $this->pdo = $pdo;
        $this->cipher = $cipher;
        $this->mediaUrl = $mediaUrl;
    }

    /** From ACO_DB_* (or a DSN), the key in var/aco.key next to the project, ACO_MEDIA_URL. */
    public static function fromEnvironment(string $root): self
    {
        $socket = getenv('ACO_DB_SOCKET');
        $dsn = getenv('ACO_DB_DSN') ?: ($socket
            ? sprintf('mysql:unix_socket=%s;dbname=%s;charset=utf8mb4', $socket, getenv('ACO_DB_NAME') ?: 'magento')
            : sprintf('mysql:host=%s;port=%s;dbname=%s;charset=utf8mb4', getenv('ACO_DB_HOST') ?: '127.0.0.1', getenv('ACO_DB_PORT') ?: '3306', getenv('ACO_DB_NAME') ?: 'magento'));
        $pdo = new \PDO($dsn, getenv('ACO_DB_USER') ?: 'root', getenv('ACO_DB_PASSWORD') ?: '', [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION]);
        return new self($pdo, SodiumCipher::fromEnvironmentOrFile("$root/var/aco.key"), getenv('ACO_MEDIA_URL') ?: 'https://shop.example.com/media');
    }

    public function pdo(): \PDO
    {
        return $this->pdo;
    }

    public function config(): ConnectionConfig
    {
        return new ConnectionConfig($this->pdo, $this->cipher);
    }

    public function changes(): ChangeCapture
    {
        return new ChangeCapture($this->pdo);
    }

    public function installer(): SchemaInstaller
    {
        return new SchemaInstaller($this->pdo);
    }

    /** @param array<string, int|string|bool> $clientOverrides */
    public function sync(int $batchSize, array $clientOverrides = []): FeedSync
    {
        $schema = new CatalogSchema($this->pdo);
        $built = (new MappingContext(new StoreReader($schema), new AttributeReader($schema), new CategoryReader($schema)))->build($this->mediaUrl);
        $catalog = new \Aco\Native\Catalog($built['context'], $built['settings']);
        $source = new CatalogSource($catalog, new ProductReader($schema), new PriceReader($schema), $batchSize);
        $client = new \Aco\Native\Client($this->config()->clientConfig($clientOverrides));
        return new FeedSync($this->pdo, $client, $source, $this->config()->sync()['max_attempts']);
    }
}
