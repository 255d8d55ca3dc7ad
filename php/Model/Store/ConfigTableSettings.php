<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Store;

use Aco\Connector\Model\Database;

/**
 * Store settings for bin/aco, which runs without Magento: `core_config_data` with Magento's scope
 * fallback (store view, its website, default), then the defaults Magento's own config.xml files give
 * these paths (its Directory and Catalog modules). Rows are read once per path per instance.
 */
final class ConfigTableSettings implements StoreSettings
{
    /** Magento 2.4's config.xml defaults of the paths the connector reads. */
    private const DEFAULTS = [
        'general/locale/code' => 'en_US',
        'general/locale/timezone' => 'America/Los_Angeles',
        'currency/options/base' => 'USD',
        'catalog/price/scope' => '0',
    ];

    private Database $db;
    /** @var array<string, array<string, array<int, string>>> path => scope => id => value */
    private array $rows = [];
    /** @var array<int, int>|null store view id => website id */
    private ?array $websiteOf = null;

    public function __construct(Database $db)
    {
        $this->db = $db;
    }

    public function value(string $path, string $scope = self::DEFAULT, int $scopeId = 0): ?string
    {
        $rows = $this->rows[$path] ??= $this->read($path);
        if ($scope === self::STORES) {
            $this->websiteOf ??= array_map('intval', $this->db->query('SELECT store_id, website_id FROM {store}')->fetchAll(\PDO::FETCH_KEY_PAIR));
            return $rows[self::STORES][$scopeId] ?? $this->value($path, self::WEBSITES, $this->websiteOf[$scopeId] ?? 0);
        }
        if ($scope === self::WEBSITES && isset($rows[self::WEBSITES][$scopeId])) {
            return $rows[self::WEBSITES][$scopeId];
        }
        return $rows[self::DEFAULT][0] ?? self::DEFAULTS[$path] ?? null;
    }

    /** @return array<string, array<int, string>> scope => id => value */
    private function read(string $path): array
    {
        $st = $this->db->prepare('SELECT scope, scope_id, value FROM {core_config_data} WHERE path = ? AND value IS NOT NULL');
        $st->execute([$path]);
        $rows = [];
        foreach ($st->fetchAll(\PDO::FETCH_NUM) as [$scope, $id, $value]) {
            $rows[(string) $scope][(int) $id] = (string) $value;
        }
        return $rows;
    }
}
