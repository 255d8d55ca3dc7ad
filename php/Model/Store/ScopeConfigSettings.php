<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Store;

use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Framework\Exception\NoSuchEntityException;
use Magento\Store\Model\StoreManagerInterface;

/**
 * Store settings inside Magento: its ScopeConfigInterface, which merges app/etc/config.php, env.php
 * (`config:set --lock-env`), `CONFIG__…` environment variables, `core_config_data` and the modules'
 * config.xml defaults, with Magento's scope fallback.
 */
final class ScopeConfigSettings implements StoreSettings
{
    private ScopeConfigInterface $config;
    private StoreManagerInterface $stores;

    public function __construct(ScopeConfigInterface $config, StoreManagerInterface $stores)
    {
        $this->config = $config;
        $this->stores = $stores;
    }

    public function value(string $path, string $scope = self::DEFAULT, int $scopeId = 0): ?string
    {
        try {
            $value = $scope === self::DEFAULT ? $this->config->getValue($path) : $this->config->getValue($path, $scope, $scopeId);
            if ($value === null && $scope === self::WEBSITES) {
                $value = $this->throughDefaultStoreView($path, $scopeId);
            }
        } catch (NoSuchEntityException $e) {
            // a scope made after this process read Magento's scopes (a long-running --watch): the default
            $value = $this->config->getValue($path);
        }
        return $value === null ? null : (string) $value;
    }

    /**
     * Magento's config cache holds each scope's values under the scope's code, and a website saved with a
     * new code only marks that cache invalid (Website::afterSave, 2.4.7 on) until someone refreshes it:
     * meanwhile the new code is a scope it does not know, with no value at all, not even the default. The
     * website's default store view (its code unchanged) resolves the website's value, as the storefront
     * reads it; the settings read per website (base currency, time zone) have no store view value.
     */
    private function throughDefaultStoreView(string $path, int $websiteId): mixed
    {
        $store = $this->stores->getWebsite($websiteId)->getDefaultStore();
        return $store === null ? null : $this->config->getValue($path, self::STORES, (int) $store->getId());
    }
}
