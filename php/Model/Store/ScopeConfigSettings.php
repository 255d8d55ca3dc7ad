<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Store;

use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Framework\Exception\NoSuchEntityException;

/**
 * Store settings inside Magento: its ScopeConfigInterface, which merges app/etc/config.php, env.php
 * (`config:set --lock-env`), `CONFIG__…` environment variables, `core_config_data` and the modules'
 * config.xml defaults, with Magento's scope fallback.
 */
final class ScopeConfigSettings implements StoreSettings
{
    private ScopeConfigInterface $config;

    public function __construct(ScopeConfigInterface $config)
    {
        $this->config = $config;
    }

    public function value(string $path, string $scope = self::DEFAULT, int $scopeId = 0): ?string
    {
        try {
            $value = $scope === self::DEFAULT ? $this->config->getValue($path) : $this->config->getValue($path, $scope, $scopeId);
        } catch (NoSuchEntityException $e) {
            // a scope made after this process read Magento's scopes (a long-running --watch): the default
            $value = $this->config->getValue($path);
        }
        return $value === null ? null : (string) $value;
    }
}
