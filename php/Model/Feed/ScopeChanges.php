<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Budget\Clock;
use Aco\Connector\Model\Budget\SystemClock;
use Aco\Connector\Model\ConnectorState;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\StoreReader;
use Aco\Connector\Model\Catalog\WebsiteDates;
use Aco\Connector\Model\Store\ConfigTableSettings;
use Aco\Connector\Model\Store\StoreSettings;

/**
 * Changes mview does not capture for the feeds (Magento's changelogs are keyed by entity ids) and
 * that change many items at once: a store view's code (the source of all its items), a website's
 * code or currency, a locale, the price scope, a store view switched on or off, a currency rate, a
 * website's local date (a new day, in the website's time zone, starts or ends special prices and
 * catalog rule prices). Each sync cycle compares them with what the previous one saw (`aco_state`) and asks
 * for a full sync of the feeds they reach: the scopes every feed, the rates and dates the prices (a full
 * sync sends only the prices whose hash changed).
 */
class ScopeChanges
{
    private const NAME = 'scope_fingerprint';

    private Database $db;
    private ?StoreSettings $settings;
    private Clock $clock;

    /** Without settings and clock: core_config_data's and the machine's (Services::scopeChanges() gives the store's). */
    public function __construct(Database $db, ?StoreSettings $settings = null, ?Clock $clock = null)
    {
        $this->db = $db;
        $this->settings = $settings;
        $this->clock = $clock ?? new SystemClock();
    }

    public function check(FullSyncQueue $queue): void
    {
        $now = $this->fingerprints();
        $state = new ConnectorState($this->db);
        $was = $state->get(self::NAME);
        if ($was === $now) {
            return;
        }
        // the first run has nothing to compare with: the full sync aco:config:init asks for covers it
        [$scopes, $rates, $dates] = $was === null ? $now : array_values($was) + ['', '', ''];
        $feeds = $scopes !== $now[0] ? Feed::ORDER : ($rates !== $now[1] || $dates !== $now[2] ? [Feed::PRICES] : []);
        if ($feeds !== []) {
            $queue->request($feeds);
        }
        $state->set(self::NAME, $now);
    }

    /** @return array{0: string, 1: string, 2: string} SHA-1 of the scopes as the mapping reads them, of the currency rates, of the websites' dates */
    private function fingerprints(): array
    {
        $schema = new CatalogSchema($this->db);
        $settings = $this->settings ?? new ConfigTableSettings($this->db);   // read anew each check
        $rates = $this->db->hasTable('directory_currency_rate')
            ? $schema->rows('SELECT currency_from, currency_to, rate FROM {directory_currency_rate} ORDER BY 1, 2') : [];
        return [sha1((string) json_encode((new StoreReader($schema, $settings))->read())), sha1((string) json_encode($rates)),
            sha1((string) json_encode((new WebsiteDates($schema, $settings, $this->clock))->today()))];
    }
}
