<?php
declare(strict_types=1);

namespace Aco\Connector\Model;

use Aco\Connector\Model\Budget\SharedBudget;
use Aco\Connector\Model\Budget\SystemClock;
use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\MappingContext;
use Aco\Connector\Model\Catalog\PriceReader;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Model\Catalog\StoreReader;
use Aco\Connector\Model\Config\ConnectionConfig;
use Aco\Connector\Model\Config\SecretCipher;
use Aco\Connector\Model\Feed\CatalogSource;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\DestinationGuard;
use Aco\Connector\Model\Feed\FeedSync;
use Aco\Connector\Model\Setup\SchemaInstaller;

/**
 * The connector's plain services wired from a database connection, a cipher, the media URL and the
 * host's logger: bin/aco builds it from the environment (Standalone\EnvironmentServices), Magento
 * from its ResourceConnection, encryptor, store manager and the module's logger (MagentoServices).
 * A sync not given a router logs through log() (cron jobs and indexers pass one over the same logger).
 */
class Services
{
    private Database $db;
    private SecretCipher $cipher;
    private string $mediaUrl;
    private bool $standalone;
    /** @var callable(string, string, array<string, string>): void */
    private $logSink;
    /** @var array<string, string> */
    private array $lockedConfig;

    /**
     * @param bool $standalone create tables and change-capture triggers ourselves (Magento does both
     *   from etc/db_schema.xml and etc/mview.xml)
     * @param callable(string, string, array<string, string>): void $logSink the host's PSR-3 style log()
     *   (LogRouter::FILE under its root: Magento's `Aco\Connector\Logger`, bin/aco's Standalone\FileLog)
     * @param array<string, string> $lockedConfig settings locked in Magento's deployment config, by path
     */
    public function __construct(Database $db, SecretCipher $cipher, string $mediaUrl, bool $standalone, callable $logSink, array $lockedConfig = [])
    {
        $this->db = $db;
        $this->cipher = $cipher;
        $this->mediaUrl = $mediaUrl;
        $this->standalone = $standalone;
        $this->logSink = $logSink;
        $this->lockedConfig = $lockedConfig;
    }

    public function isStandalone(): bool
    {
        return $this->standalone;
    }

    public function db(): Database
    {
        return $this->db;
    }

    public function config(): ConnectionConfig
    {
        return new ConnectionConfig($this->db, $this->cipher, $this->lockedConfig);
    }

    public function changes(): ChangeCapture
    {
        return new ChangeCapture($this->db);
    }

    public function installer(): SchemaInstaller
    {
        return new SchemaInstaller($this->db);
    }

    /**
     * The store as the mapping sees it now (read anew on every call: scopes and attributes change).
     *
     * @param LogRouter|null $log where what the mapping cannot do right goes (once per call: per run)
     */
    public function catalog(?LogRouter $log = null): \Aco\Native\Catalog
    {
        $schema = new CatalogSchema($this->db);
        $built = (new MappingContext($schema))->build($this->mediaUrl);
        $log?->route($built['warnings']);
        return new \Aco\Native\Catalog($built['context'], $built['settings']);
    }

    /** The store hierarchy: websites, store views, customer groups (StoreReader::read()). */
    public function stores(): array
    {
        return (new StoreReader(new CatalogSchema($this->db)))->read();
    }

    /** The host's log, from the stored level up (`aco/sync/log_level`). */
    public function log(?ConnectionConfig $config = null): LogRouter
    {
        return new LogRouter($this->logSink, ($config ?? $this->config())->logLevel());
    }

    /**
     * @param array<string, int|string|bool> $clientOverrides
     * @param LogRouter|null $log where transport and mapping log lines go (default: log())
     */
    public function sync(int $batchSize, array $clientOverrides = [], ?LogRouter $log = null): FeedSync
    {
        $config = $this->config();
        $log ??= $this->log($config);
        $schema = new CatalogSchema($this->db);
        $source = new CatalogSource($this->catalog($log), new ProductReader($schema), new PriceReader($schema), $batchSize);
        $destination = new DestinationGuard($config);
        $client = new \Aco\Native\Client($config->clientConfig($clientOverrides));
        return new FeedSync($this->db, $client, $source, $config->sync()['max_attempts'], $log, $this->changes(), $destination, $this->budget($config, $log));
    }

    /**
     * The budget every process of the store shares with this one for the stored destination, or null
     * when `aco/sync/enforce_limits` is 0.
     *
     * @param LogRouter|null $log where it says, once, that it goes on alone
     */
    public function budget(ConnectionConfig $config, ?LogRouter $log = null): ?SharedBudget
    {
        $limits = $config->limits();
        return $limits === null ? null : new SharedBudget($this->db, $config->destination(), $limits, new SystemClock(),
            static fn (string $line) => $log?->route([['level' => 'warning', 'target' => 'aco.budget', 'message' => $line]]));
    }
}
