<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Catalog;

use Aco\Connector\Model\Budget\Clock;
use Aco\Connector\Model\Store\StoreSettings;

/**
 * Each website's date now, as Magento evaluates special prices and catalog rule prices: in the time
 * zone (`general/locale/timezone`) of the website's default store view. Magento's price indexer takes
 * that store's date for `catalog_product_index_website.website_date`, and its catalog rule indexer
 * writes `catalogrule_product_price.rule_date` for the same store's days. A time zone PHP does not
 * know counts as UTC (the zone Magento's bootstrap runs PHP in, which its price indexer then keeps).
 */
final class WebsiteDates
{
    private CatalogSchema $schema;
    private StoreSettings $settings;
    private Clock $clock;

    public function __construct(CatalogSchema $schema, StoreSettings $settings, Clock $clock)
    {
        $this->schema = $schema;
        $this->settings = $settings;
        $this->clock = $clock;
    }

    /** @return array<int, string> website id => its date now (YYYY-MM-DD), by website id */
    public function today(): array
    {
        $now = (new \DateTimeImmutable())->setTimestamp((int) floor($this->clock->now()));
        $dates = [];
        foreach ($this->schema->rows('SELECT w.website_id, g.default_store_id FROM {store_website} w
            LEFT JOIN {store_group} g ON g.group_id = w.default_group_id WHERE w.website_id > 0 ORDER BY w.website_id') as [$website, $store]) {
            // a website without a default store view: its own scope (Magento indexes no date for it)
            $zone = (int) $store > 0
                ? $this->settings->value('general/locale/timezone', StoreSettings::STORES, (int) $store)
                : $this->settings->value('general/locale/timezone', StoreSettings::WEBSITES, (int) $website);
            $dates[(int) $website] = $now->setTimezone(self::zone((string) $zone))->format('Y-m-d');
        }
        return $dates;
    }

    private static function zone(string $name): \DateTimeZone
    {
        try {
            return new \DateTimeZone($name);
        } catch (\Exception $e) {
            return new \DateTimeZone('UTC');
        }
    }
}
