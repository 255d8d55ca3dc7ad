<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Store;

/**
 * The store's settings the mapping reads (`general/locale/code`, `general/locale/timezone`,
 * `currency/options/base`, `catalog/price/scope`), resolved for a scope as Magento resolves them: a
 * store view's own value, else its website's, else the default. Inside Magento they come through its
 * config (ScopeConfigSettings: app/etc/config.php, env.php and `CONFIG__…` variables included);
 * bin/aco reads them from `core_config_data` (ConfigTableSettings).
 */
interface StoreSettings
{
    public const DEFAULT = 'default';
    public const WEBSITES = 'websites';
    public const STORES = 'stores';

    /**
     * @param string $scope self::DEFAULT, self::WEBSITES or self::STORES (as in `core_config_data`)
     * @param int $scopeId the website or store view id (0 for the default)
     * @return string|null null: no value anywhere up the scopes
     */
    public function value(string $path, string $scope = self::DEFAULT, int $scopeId = 0): ?string;
}
