<?php
declare(strict_types=1);

namespace Aco\Connector\Model;

use Aco\Connector\Model\Budget\Clock;
use Aco\Connector\Model\Budget\SharedBudget;
use Aco\Connector\Model\Budget\SystemClock;
use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\LicenceLimits;
use Aco\Connector\Model\Catalog\MappingContext;
use Aco\Connector\Model\Catalog\PriceReader;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Model\Catalog\StoreReader;
use Aco\Connector\Model\Catalog\WebsiteDates;
use Aco\Connector\Model\Config\ConnectionConfig;
use Aco\Connector\Model\Config\SecretCipher;
use Aco\Connector\Model\Feed\CatalogSource;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\DestinationGuard;
use Aco\Connector\Model\Feed\FeedSync;
use Aco\Connector\Model\Feed\FullSyncQueue;
use Aco\Connector\Model\Feed\ScopeChanges;
use Aco\Connector\Model\Feed\SyncCycle;
use Aco\Connector\Model\Setup\SchemaInstaller;
use Aco\Connector\Model\Store\ConfigTableSettings;
use Aco\Connector\Model\Store\StoreSettings;

/**
 * The connector's plain services wired from a database connection, a cipher, the media URL, the
 * host's logger, the store's settings and a clock: bin/aco builds it from the environment
 * (Standalone\EnvironmentServices: settings from core_config_data), Magento from its
 * ResourceConnection, encryptor, store manager, ScopeConfig and the module's logger (MagentoServices).
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
    /** Magento's config (it reads its changes itself); null: core_config_data, read anew for each use (settings()) */
    private ?StoreSettings $storeSettings;
    private Clock $clock;

    /**
     * @param bool $standalone create tables and change-capture triggers ourselves (Magento does both
     *   from etc/db_schema.xml and etc/mview.xml)
     * @param callable(string, string, array<string, string>): void $logSink the host's PSR-3 style log()
     *   (LogRouter::FILE under its root: Magento's `Aco\Connector\Logger`, bin/aco's Standalone\FileLog)
     * @param array<string, string> $lockedConfig settings locked in Magento's deployment config, by path
     * @param StoreSettings|null $storeSettings locale, currency, price scope, time zone (default: core_config_data)
     * @param Clock|null $clock the budget's and the websites' dates' time (default: the machine's)
     */
    public function __construct(Database $db, SecretCipher $cipher, string $mediaUrl, bool $standalone, callable $logSink, array $lockedConfig = [],
        ?StoreSettings $storeSettings = null, ?Clock $clock = null)
    {
        $this->storeSettings = $storeSettings;
        $this->clock = $clock ?? new SystemClock();
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

    /** Full syncs asked for and not yet done. */
    public function queue(): FullSyncQueue
    {
        return new FullSyncQueue($this->db);
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
        $built = (new MappingContext($schema, $this->settings()))->build($this->mediaUrl);
        $log?->route($built['warnings']);
        return new \Aco\Native\Catalog($built['context'], $built['settings']);
    }

    /** @return list<string> where the exported attribute metadata goes over ACO's licence limits (LicenceLimits) */
    public function licenceWarnings(): array
    {
        $built = (new MappingContext(new CatalogSchema($this->db), $this->settings()))->build($this->mediaUrl);
        $catalog = new \Aco\Native\Catalog($built['context'], $built['settings']);
        return LicenceLimits::warnings($catalog->productMetadata(), $built['context']['options'], $built['context']['attributes']);
    }

    /** The store hierarchy: websites, store views, customer groups (StoreReader::read()). */
    public function stores(): array
    {
        return (new StoreReader(new CatalogSchema($this->db), $this->settings()))->read();
    }

    /** Each website's date now, in its time zone (read anew on every call of its today()). */
    public function websiteDates(): WebsiteDates
    {
        return new WebsiteDates(new CatalogSchema($this->db), $this->settings(), $this->clock);
    }

    /** The store's settings: Magento's, or core_config_data's as they are now (a cached one would miss a change in a long --watch). */
    private function settings(): StoreSettings
    {
        return $this->storeSettings ?? new ConfigTableSettings($this->db);
    }

    /** The scope check with this store's settings and clock (the scopes, rates and websites' dates it fingerprints). */
    public function scopeChanges(): ScopeChanges
    {
        return new ScopeChanges($this->db, $this->settings(), $this->clock);
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
        $source = $this->source($batchSize, $log);
        $destination = new DestinationGuard($config);
        $client = new \Aco\Native\Client($config->clientConfig($clientOverrides));
        return new FeedSync($this->db, $client, $source, $config->sync()['max_attempts'], $log, $this->changes(), $destination, $this->budget($config, $log));
    }

    /**
     * The catalog as a sync maps it: readers' chunks through the extension (aco:explain maps one
     * product's items through it too).
     */
    public function source(int $batchSize, ?LogRouter $log = null): CatalogSource
    {
        $schema = new CatalogSchema($this->db);
        return new CatalogSource($this->catalog($log), new ProductReader($schema), new PriceReader($schema, $this->websiteDates()), $batchSize);
    }

    /**
     * The sync cycle every entry runs (cron lanes, aco:sync, --watch, --full) over a fresh engine.
     *
     * @param array<string, int|string|bool> $clientOverrides
     */
    public function cycle(int $batchSize, array $clientOverrides = [], ?LogRouter $log = null): SyncCycle
    {
        $log ??= $this->log();
        return new SyncCycle($this->sync($batchSize, $clientOverrides, $log), $this->changes(), $this->queue(), $this->scopeChanges(), $log);
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
        return $limits === null ? null : new SharedBudget($this->db, $config->destination(), $limits, $this->clock,
            static fn (string $line) => $log?->route([['level' => 'warning', 'target' => 'aco.budget', 'message' => $line]]));
    }
}
