<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Catalog;

use Aco\Connector\Model\Store\StoreSettings;

/**
 * The store hierarchy and what each scope exports: websites (base currency, its rate from the default
 * base currency, exporter switch),
 * store views (locale, website, store, exporter switch), customer groups, the catalog price scope and the
 * low-stock threshold. Settings (locale, base currency, price scope, threshold) come from StoreSettings,
 * as Magento resolves them.
 * The exporter switch columns (`aco_exporter_enabled`) are added by this module's db_schema.xml;
 * without them every scope is exported (the default).
 */
class StoreReader
{
    public const EXPORTER_COLUMN = 'aco_exporter_enabled';
    /** Magento_CatalogInventory's "Only X left Threshold" (Stores > Configuration > Catalog > Inventory), default 0: off. */
    public const LOW_STOCK_THRESHOLD = 'cataloginventory/options/stock_threshold_qty';

    private CatalogSchema $schema;
    private StoreSettings $settings;

    public function __construct(CatalogSchema $schema, StoreSettings $settings)
    {
        $this->schema = $schema;
        $this->settings = $settings;
    }

    /**
     * @return array{priceScope: int, lowStockThreshold: int, websites: list<array{id: int, code: string, name: string, currency: string, rate: ?string, enabled: bool}>,
     *     stores: list<array{id: int, code: string, name: string, websiteId: int, locale: string, active: bool, enabled: bool, groupCode: string}>,
     *     groups: list<array{id: int, code: string}>}
     */
    public function read(): array
    {
        $priceScope = (int) $this->settings->value('catalog/price/scope');
        $defaultCurrency = (string) $this->settings->value('currency/options/base');
        // the mapping has one threshold for every scope: the default one; a quantity is compared with it whole
        $lowStockThreshold = max(0, (int) floor((float) $this->settings->value(self::LOW_STOCK_THRESHOLD)));

        // Magento stores prices for all websites (tier prices of website 0) in the default base currency and
        // converts them with these rates; a rate of 0 is none (Stores > Currency Rates left empty)
        $rates = [];
        foreach ($this->schema->rows('SELECT currency_to, rate FROM {directory_currency_rate} WHERE currency_from = ? AND rate > 0', [$defaultCurrency]) as [$to, $rate]) {
            $rates[(string) $to] = (string) $rate;
        }
        $exporter = fn (string $table): string => $this->schema->hasColumn($table, self::EXPORTER_COLUMN) ? self::EXPORTER_COLUMN : '1';
        $websites = [];
        foreach ($this->schema->rows("SELECT website_id, code, name, {$exporter('store_website')} FROM {store_website} WHERE website_id > 0 ORDER BY website_id") as [$id, $code, $name, $enabled]) {
            $id = (int) $id;
            // a website's own base currency counts only with website price scope (Magento's rule)
            $currency = $priceScope === 1 ? (string) $this->settings->value('currency/options/base', StoreSettings::WEBSITES, $id) : $defaultCurrency;
            $rate = $currency === $defaultCurrency ? '1' : ($rates[$currency] ?? null);
            $websites[] = ['id' => $id, 'code' => (string) $code, 'name' => (string) $name, 'currency' => $currency, 'rate' => $rate, 'enabled' => (bool) $enabled];
        }
        $stores = [];
        foreach ($this->schema->rows("SELECT s.store_id, s.code, s.name, s.website_id, s.is_active, {$exporter('store')}, g.code FROM {store} s
            JOIN {store_group} g ON g.group_id = s.group_id WHERE s.store_id > 0 ORDER BY s.store_id") as [$id, $code, $name, $websiteId, $active, $enabled, $groupCode]) {
            [$id, $websiteId] = [(int) $id, (int) $websiteId];
            $locale = (string) $this->settings->value('general/locale/code', StoreSettings::STORES, $id);
            $stores[] = ['id' => $id, 'code' => (string) $code, 'name' => (string) $name, 'websiteId' => $websiteId, 'locale' => $locale,
                'active' => (bool) $active, 'enabled' => (bool) $enabled, 'groupCode' => (string) $groupCode];
        }
        $groups = [];
        foreach ($this->schema->rows('SELECT customer_group_id, customer_group_code FROM {customer_group} ORDER BY customer_group_id') as [$id, $code]) {
            $groups[] = ['id' => (int) $id, 'code' => (string) $code];
        }
        return ['priceScope' => $priceScope, 'lowStockThreshold' => $lowStockThreshold, 'websites' => $websites, 'stores' => $stores, 'groups' => $groups];
    }
}
