<?php
declare(strict_types=1);

namespace Aco\Connector\Model;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\MappingContext;
use Aco\Connector\Model\Catalog\PriceReader;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Model\Config\ConnectionConfig;
use Aco\Connector\Model\Config\SecretCipher;
use Aco\Connector\Model\Feed\CatalogSource;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\DestinationGuard;
use Aco\Connector\Model\Feed\FeedSync;
use Aco\Connector\Model\Setup\SchemaInstaller;

/**
 * The connector's plain services wired from a database connection, a cipher and the media URL:
 * bin/aco builds it from the environment (Standalone\EnvironmentServices), Magento from its
 * ResourceConnection, encryptor and store manager (Magento\MagentoServices).
 */
class Services
{
    private \PDO $pdo;
    private SecretCipher $cipher;
    private string $mediaUrl;
    private bool $standalone;

    /**
     * @param bool $standalone create tables and change-capture triggers ourselves (Magento does both
     *   from etc/db_schema.xml and etc/mview.xml)
     */
    public function __construct(\PDO $pdo, SecretCipher $cipher, string $mediaUrl, bool $standalone)
    {
        $this->pdo = $pdo;
        $this->cipher = $cipher;
        $this->mediaUrl = $mediaUrl;
        $this->standalone = $standalone;
    }

    public function isStandalone(): bool
    {
        return $this->standalone;
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

    /**
     * The store as the mapping sees it now (read anew on every call: scopes and attributes change).
     *
     * @param LogRouter|null $log where what the mapping cannot do right goes (once per call: per run)
     */
    public function catalog(?LogRouter $log = null): \Aco\Native\Catalog
    {
        $schema = new CatalogSchema($this->pdo);
        $built = (new MappingContext($schema))->build($this->mediaUrl);
        $log?->route($built['warnings']);
        return new \Aco\Native\Catalog($built['context'], $built['settings']);
    }

    /**
     * @param array<string, int|string|bool> $clientOverrides
     * @param LogRouter|null $log where transport and mapping log lines go
     */
    public function sync(int $batchSize, array $clientOverrides = [], ?LogRouter $log = null): FeedSync
    {
        $schema = new CatalogSchema($this->pdo);
        $source = new CatalogSource($this->catalog($log), new ProductReader($schema), new PriceReader($schema), $batchSize);
        $config = $this->config();
        $destination = new DestinationGuard($config);
        $client = new \Aco\Native\Client($config->clientConfig($clientOverrides));
        return new FeedSync($this->pdo, $client, $source, $config->sync()['max_attempts'], $log, $this->changes(), $destination);
    }
}
