<?php
declare(strict_types=1);

namespace Aco\Connector\Model;

use Aco\Connector\Model\Budget\Clock;
use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Config\EncryptorCipher;
use Aco\Connector\Model\Store\ScopeConfigSettings;
use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Framework\App\DeploymentConfig;
use Magento\Framework\App\ResourceConnection;
use Magento\Store\Api\StoreConfigManagerInterface;
use Magento\Store\Model\StoreManagerInterface;
use Psr\Log\LoggerInterface;

/**
 * The services inside Magento: Magento's own database connection (PDO underneath) and table names
 * (its prefix), its encryptor, its config for the store's settings (ScopeConfig: config.php, env.php
 * and `CONFIG__…` variables honoured), the clock etc/di.xml prefers (the machine's), the module's
 * logger (`Aco\Connector\Logger` in etc/di.xml: LogRouter::FILE only), the default store view's media
 * URL (read through the store config API: StoreInterface has no URLs). Tables come from
 * etc/db_schema.xml; change capture is the connector's own (Setup\RecurringData, ChangeCapture).
 */
class MagentoServices implements ServicesProvider
{
    private ResourceConnection $resource;
    private EncryptorCipher $cipher;
    private StoreManagerInterface $stores;
    private StoreConfigManagerInterface $storeConfigs;
    private DeploymentConfig $deployment;
    private ScopeConfigInterface $scopeConfig;
    private Clock $clock;
    private LoggerInterface $logger;
    private ?Services $services = null;

    public function __construct(ResourceConnection $resource, EncryptorCipher $cipher, StoreManagerInterface $stores, StoreConfigManagerInterface $storeConfigs,
        DeploymentConfig $deployment, ScopeConfigInterface $scopeConfig, Clock $clock, LoggerInterface $logger)
    {
        $this->deployment = $deployment;
        $this->scopeConfig = $scopeConfig;
        $this->clock = $clock;
        $this->logger = $logger;
        $this->resource = $resource;
        $this->cipher = $cipher;
        $this->stores = $stores;
        $this->storeConfigs = $storeConfigs;
    }

    public function services(): Services
    {
        if ($this->services === null) {
            $db = $this->database();
            $code = $this->stores->getDefaultStoreView()->getCode();
            $media = rtrim((string) $this->storeConfigs->getStoreConfigs([$code])[0]->getBaseMediaUrl(), '/');
            $this->services = new Services($db, $this->cipher, $media, false, [$this->logger, 'log'], $this->lockedConfig(), new ScopeConfigSettings($this->scopeConfig, $this->stores), $this->clock);
        }
        return $this->services;
    }

    /** Magento's connection (PDO underneath) with its table names; a disabled module's tables are none of the store's. */
    public function database(): Database
    {
        /** @var \PDO $pdo */
        $pdo = $this->resource->getConnection()->getConnection();
        return new Database($pdo, fn (string $table): string => $this->resource->getTableName($table), $this->disabledModulesTables());
    }

    /**
     * The tables of optional modules (CatalogSchema::OPTIONAL_TABLES) the store runs without: disabled
     * in app/etc/config.php (`modules`, what Magento's module list reads) or not there at all; Magento
     * keeps a disabled module's tables, and their rows (catalog rule prices, swatches, variants) are not
     * what the store shows.
     *
     * @return list<string>
     */
    private function disabledModulesTables(): array
    {
        $enabled = (array) ($this->deployment->get('modules') ?? []);
        $out = [];
        foreach ($enabled === [] ? [] : CatalogSchema::OPTIONAL_TABLES as $module => [$tables]) {
            if (empty($enabled[$module])) {
                array_push($out, ...$tables);
            }
        }
        return $out;
    }

    /**
     * Settings locked with config:set --lock-env / --lock-config (app/etc/env.php, config.php under
     * system/default): Magento never reads core_config_data for them, nor may we.
     *
     * @return array<string, string> path => value
     */
    private function lockedConfig(): array
    {
        $out = [];
        $walk = static function ($node, string $path) use (&$walk, &$out): void {
            if (is_array($node)) {
                foreach ($node as $key => $child) {
                    $walk($child, "$path/$key");
                }
            } elseif ($node !== null) {
                $out[$path] = (string) $node;
            }
        };
        $walk($this->deployment->get('system/default/aco') ?? [], 'aco');
        return $out;
    }

    public function reconnect(): Services
    {
        $this->resource->closeConnection();
        $this->services = null;
        return $this->services();
    }
}
