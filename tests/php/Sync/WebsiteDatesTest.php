<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Services;
use Aco\Connector\Test\Support\FakeClock;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Test\Support\SyncHarness;
use PHPUnit\Framework\TestCase;

/**
 * Regression (issue 26): the connector's "today" was UTC for every website and catalog rule prices were
 * read with `rule_date = CURDATE()`, while Magento evaluates a special price's dates and picks a rule
 * price's date in each website's time zone (its default store view's `general/locale/timezone`), so a
 * special price starting today in a website east of UTC reached ACO a day late; and as no row changes
 * when a day begins, nothing ever re-synced it. Website 2 of the sample catalog is put at UTC+14
 * (Pacific/Kiritimati), the default at UTC; the clock is a test's own.
 */
final class WebsiteDatesTest extends TestCase
{
    /** 2027-01-15 09:30 UTC: 23:30 on the 15th at UTC+14, half an hour before its 16th begins. */
    private const BEFORE_MIDNIGHT_EAST = 1_800_005_400.0;
    private const DAY = '2027-01-16';

    private static SyncHarness $h;
    private static int $product;
    private static string $sku;
    /** @var array<int, string> website id => code */
    private static array $websites;

    public static function setUpBeforeClass(): void
    {
        self::assertSame('2027-01-15 09:30', gmdate('Y-m-d H:i', (int) self::BEFORE_MIDNIGHT_EAST));
        self::$h = new SyncHarness(30);
        $pdo = self::$h->pdo;
        $pdo->exec("INSERT INTO core_config_data (scope, scope_id, path, value) VALUES ('default', 0, 'general/locale/timezone', 'UTC'),
            ('websites', 2, 'general/locale/timezone', 'Pacific/Kiritimati')");
        self::$websites = array_map('strval', $pdo->query('SELECT website_id, code FROM store_website WHERE website_id > 0')->fetchAll(\PDO::FETCH_KEY_PAIR));
        // a simple product of both websites, its special price starting on the 16th (as Magento stores a date)
        [self::$product, self::$sku] = $pdo->query("SELECT e.entity_id, e.sku FROM catalog_product_entity e
            WHERE e.type_id = 'simple' AND (SELECT COUNT(*) FROM catalog_product_website w WHERE w.product_id = e.entity_id) = 2 ORDER BY 1 LIMIT 1")->fetch(\PDO::FETCH_NUM);
        self::$product = (int) self::$product;
        $pdo->exec('DELETE FROM catalog_product_entity_decimal WHERE entity_id = ' . self::$product . ' AND attribute_id = 78');
        $pdo->exec('DELETE FROM catalog_product_entity_datetime WHERE entity_id = ' . self::$product . ' AND attribute_id IN (79, 80)');
        $pdo->exec('INSERT INTO catalog_product_entity_decimal (attribute_id, store_id, entity_id, value) SELECT 78, 0, entity_id, ROUND(value / 2, 2)
            FROM catalog_product_entity_decimal WHERE entity_id = ' . self::$product . ' AND attribute_id = 77 AND store_id = 0');
        $pdo->exec('INSERT INTO catalog_product_entity_datetime (attribute_id, store_id, entity_id, value) VALUES (79, 0, ' . self::$product . ", '" . self::DAY . " 00:00:00')");
    }

    public static function tearDownAfterClass(): void
    {
        self::$h->stop();
    }

    /** @return array<string, array<string, mixed>> "sku@book" => price payload */
    private static function mapped(FakeClock $clock): array
    {
        $schema = new \Aco\Connector\Model\Catalog\CatalogSchema(self::$h->db);
        $chunk = SampleDatabase::prices($schema, $clock)->chunks(100, [self::$product])->current();
        return SampleDatabase::decode(SampleDatabase::catalog($schema)->prices($chunk))[0];
    }

    public function test_a_special_price_starting_today_in_a_website_ahead_of_utc_counts_there_and_not_where_it_is_still_yesterday(): void
    {
        // 20:00 UTC on the 15th: the 16th at UTC+14, still the 15th at UTC
        $prices = self::mapped(new FakeClock(self::BEFORE_MIDNIGHT_EAST + 10.5 * 3600));
        self::assertSame('special_price', $prices[self::$sku . '@' . self::$websites[2]]['discounts'][0]['code'] ?? null, 'the 16th where the website is');
        self::assertArrayNotHasKey('discounts', $prices[self::$sku . '@' . self::$websites[1]], 'still the 15th in UTC');
    }

    public function test_catalog_rule_prices_are_those_magento_indexed_for_each_websites_own_date(): void
    {
        $pdo = self::$h->pdo;
        $pdo->exec('DELETE FROM catalogrule_product_price');
        // Magento's rule indexer writes yesterday, today and tomorrow per website; group 0 (NOT LOGGED IN)
        $insert = $pdo->prepare('INSERT INTO catalogrule_product_price (rule_date, customer_group_id, product_id, rule_price, website_id, latest_start_date, earliest_end_date)
            VALUES (?, 0, ?, ?, ?, NULL, NULL)');
        foreach ([1 => ['2027-01-15' => 1.11, self::DAY => 2.22], 2 => ['2027-01-15' => 3.33, self::DAY => 4.44]] as $website => $byDate) {
            foreach ($byDate as $date => $price) {
                $insert->execute([$date, self::$product, $price, $website]);
            }
        }
        try {
            $prices = self::mapped(new FakeClock(self::BEFORE_MIDNIGHT_EAST + 10.5 * 3600));
            $regular = static fn (int $w): float => (float) $prices[self::$sku . '@' . self::$websites[$w]]['regular'];
            $rule = static function (int $w) use ($prices): ?float {
                $book = self::$sku . '@' . self::$websites[$w] . '::' . sha1('0');
                foreach ($prices[$book]['discounts'] ?? [] as $discount) {
                    if ($discount['code'] === 'catalog_rule') {
                        return (float) $discount['price'];
                    }
                }
                return null;
            };
            self::assertEqualsWithDelta($regular(1) - 1.11, $rule(1), 0.001, 'website 1: the rule price of the 15th (UTC)');
            self::assertEqualsWithDelta($regular(2) - 4.44, $rule(2), 0.001, 'website 2: the rule price of the 16th (UTC+14)');
        } finally {
            $pdo->exec('DELETE FROM catalogrule_product_price');
        }
    }

    public function test_a_new_day_in_a_websites_time_zone_asks_for_a_full_sync_of_prices_only_which_sends_only_what_the_day_changed(): void
    {
        $clock = new FakeClock(self::BEFORE_MIDNIGHT_EAST);
        $services = new Services(self::$h->db, new SodiumCipher(random_bytes(32)), 'https://shop.example.com/media', true, static fn () => null, [], null, $clock);
        $queue = $services->queue();
        self::$h->pdo->exec("DELETE FROM aco_state WHERE name = 'scope_fingerprint'");
        $services->scopeChanges()->check($queue);   // the first run: what it saw
        self::$h->pdo->exec('DELETE FROM aco_full_sync');
        $first = self::$h->sync(null, 100, null, null, $clock)->full(Feed::named(Feed::PRICES));
        self::assertGreaterThan(0, $first->sent);
        self::assertArrayNotHasKey('discounts', self::$h->emulator->price(self::$websites[2], self::$sku) ?? [], 'the 15th at UTC+14');

        $clock->now += 1800.0;   // 10:00 UTC: the 16th begins at UTC+14, UTC is still on the 15th
        $services->scopeChanges()->check($queue);
        self::assertSame([Feed::PRICES], $queue->requested(), 'a new day re-evaluates prices, nothing else');

        $report = self::$h->sync(null, 100, null, null, $clock)->full(Feed::named(Feed::PRICES));
        self::assertSame(1, $report->sent, 'only the product\'s price in website 2\'s base book changed: its group books fall back to it');
        self::assertNull(self::$h->emulator->price(\Aco\Native\groupPriceBookId(self::$websites[2], 1), self::$sku));
        self::assertSame('special_price', self::$h->emulator->price(self::$websites[2], self::$sku)['discounts'][0]['code'] ?? null);
        self::assertArrayNotHasKey('discounts', self::$h->emulator->price(self::$websites[1], self::$sku) ?? [], 'still the 15th in UTC');

        self::$h->pdo->exec('DELETE FROM aco_full_sync');
        $clock->now += 3600.0;   // same day everywhere
        $services->scopeChanges()->check($queue);
        self::assertSame([], $queue->requested());
    }
}
