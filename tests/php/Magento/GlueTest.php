<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Magento;

require_once __DIR__ . '/Fakes/framework.php';

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\PriceReader;
use Aco\Connector\Model\Database;
use Aco\Connector\Cron\SyncLane;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Config\EncryptorCipher;
use Aco\Connector\Model\MagentoServices;
use Aco\Connector\Model\ServicesProvider;
use Aco\Connector\Model\Setup\SchemaInstaller;
use Aco\Connector\Observer\AddExporterField;
use Aco\Connector\Observer\ExporterSwitchChanged;
use Aco\Connector\Observer\MerchandisingNotice;
use Aco\Connector\Plugin\WebsiteGridExporterColumns;
use Aco\Connector\Test\Magento\Fakes\Bag;
use Aco\Connector\Test\Magento\Fakes\FixedServices;
use Aco\Connector\Test\Support\FakeClock;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Test\Support\TestDatabase;
use Magento\Framework\App\Config\ScopeConfig;
use Magento\Framework\App\DeploymentConfig;
use Magento\Framework\App\ResourceConnection;
use Magento\Framework\Encryption\EncryptorInterface;
use Magento\Framework\Event\Observer;
use Magento\Framework\Message\ManagerInterface;
use Magento\Framework\Registry;
use Magento\Store\Api\Data\StoreConfigInterface;
use Magento\Store\Api\Data\StoreInterface;
use Magento\Store\Api\StoreConfigManagerInterface;
use Magento\Store\Model\ResourceModel\Website\Collection;
use Magento\Store\Model\StoreManagerInterface;
use PHPUnit\Framework\TestCase;

/**
 * The Magento glue (observers, plugin) with test doubles of the framework types they name, over the
 * real services and MariaDB.
 */
final class GlueTest extends TestCase
{
    private static ServicesProvider $provider;

    public static function setUpBeforeClass(): void
    {
        SampleDatabase::generate(10);
        $pdo = TestDatabase::pdo();
        (new SchemaInstaller(new Database($pdo)))->install();
        self::$provider = new FixedServices($pdo);
    }

    protected function setUp(): void
    {
        TestDatabase::pdo()->exec("DELETE FROM core_config_data WHERE path LIKE 'aco/%'");
        TestDatabase::pdo()->exec('DELETE FROM aco_full_sync');
    }

    public function test_flipping_a_website_switch_schedules_one_full_sync_of_its_price_feeds(): void
    {
        $website = new Bag(['aco_exporter_enabled' => 0], ['aco_exporter_enabled' => 1]);
        // no indexer to invalidate: Magento's index cron would run a second full sync
        (new ExporterSwitchChanged(self::$provider))->execute(new Observer(new Bag(['name' => 'website_save_after', 'website' => $website])));
        self::assertSame(['priceBooks', 'prices'], self::$provider->services()->queue()->requested());
    }

    public function test_flipping_a_store_view_switch_schedules_its_catalog_feeds(): void
    {
        $store = new Bag(['aco_exporter_enabled' => '1'], ['aco_exporter_enabled' => '0']);
        (new ExporterSwitchChanged(self::$provider))->execute(new Observer(new Bag(['name' => 'store_save_after', 'store' => $store])));
        self::assertSame(['productAttributes', 'categories', 'products'], self::$provider->services()->queue()->requested());
    }

    public function test_saving_a_scope_without_changing_the_switch_does_nothing(): void
    {
        $store = new Bag(['aco_exporter_enabled' => 1, 'name' => 'New name'], ['aco_exporter_enabled' => 1, 'name' => 'Old']);
        (new ExporterSwitchChanged(self::$provider))->execute(new Observer(new Bag(['name' => 'store_save_after', 'store' => $store])));
        self::assertSame([], self::$provider->services()->queue()->requested());
    }

    public function test_magento_lists_the_feeds_views_but_neither_captures_nor_updates_them_and_each_lane_runs_the_cycle_in_its_own_group(): void
    {
        $etc = __DIR__ . '/../../../php/etc';
        $views = [];
        foreach ((new \DOMXPath(self::load("$etc/mview.xml")))->query('//view') as $view) {
            // Magento's indexer_update_all_views and indexer_clean_all_changelogs handle group "indexer" only
            $views[$view->getAttribute('id')] = [$view->getAttribute('group'), $view->getElementsByTagName('table')->length];
        }
        self::assertSame(array_fill_keys(array_map(static fn (Feed $f): string => $f->view(), Feed::all()), ['aco', 0]), $views,
            'no subscriptions: the triggers are the connector\'s own (ChangeCapture)');
        $cron = new \DOMXPath(self::load("$etc/crontab.xml"));
        $di = new \DOMXPath(self::load("$etc/di.xml"));
        $lanes = [];
        foreach ($cron->query('//group/job') as $job) {
            $type = $di->query("//virtualType[@name='" . $job->getAttribute('instance') . "']")->item(0);
            if ($type instanceof \DOMElement && $type->getAttribute('type') === SyncLane::class) {
                $lane = $di->query("argument[@name='lane']", $type->getElementsByTagName('arguments')->item(0))->item(0)->textContent;
                $lanes[$lane] = $job->parentNode->getAttribute('id');
            }
        }
        ksort($lanes);
        self::assertSame(['catalog' => 'aco_catalog', 'prices' => 'aco_prices'], $lanes, 'a cron group a lane (Feed::LANES), none in Magento\'s index group');
        self::assertSame(array_keys(Feed::LANES), ['catalog', 'prices']);
    }

    private static function load(string $file): \DOMDocument
    {
        $doc = new \DOMDocument();
        self::assertTrue($doc->load($file), $file);
        return $doc;
    }

    public function test_inside_magento_the_media_url_comes_from_the_store_config_api_locked_settings_win_and_syncs_log_to_the_modules_logger(): void
    {
        // as `config:set --lock-env aco/sync/batch_size 123` writes it: Magento never reads the database's value
        $locked = new DeploymentConfig(['system' => ['default' => ['aco' => ['sync' => ['batch_size' => '123', 'log_level' => 'debug']]]]]);
        TestDatabase::pdo()->exec("REPLACE INTO core_config_data (scope, scope_id, path, value) VALUES ('default', 0, 'aco/sync/batch_size', '77')");
        [$provider, $configs, $logger] = self::magentoServices($locked, new ScopeConfig([]), new FakeClock());
        $services = $provider->services();
        self::assertFalse($services->isStandalone());
        self::assertSame([['default']], $configs->asked);
        self::assertSame(123, $services->config()->sync()['batch_size'], 'the locked value wins over the stored one');
        self::assertSame('debug', $services->config()->logLevel());
        // what a sync of bin/magento aco:sync logs reaches the module's logger, from the locked level up
        $services->log()->route([['level' => 'debug', 'target' => 'aco.transport', 'message' => 'products: a retry']]);
        self::assertSame(['debug: products: a retry'], $logger->lines);
    }

    /**
     * Regression (issue 26): StoreReader read locale, base currency and price scope from core_config_data
     * only, so values in app/etc/config.php, env.php or CONFIG__ variables never reached ACO; inside
     * Magento they come through its ScopeConfig, scope fallback included, and so does each website's
     * time zone (the date its special prices are evaluated on, by the injected clock).
     */
    public function test_inside_magento_store_settings_and_time_zones_come_through_magentos_scope_config(): void
    {
        $pdo = TestDatabase::pdo();
        $pdo->exec("DELETE FROM core_config_data WHERE path IN ('general/locale/code', 'general/locale/timezone', 'currency/options/base', 'catalog/price/scope')");
        $websiteOf = array_map('intval', $pdo->query('SELECT store_id, website_id FROM store')->fetchAll(\PDO::FETCH_KEY_PAIR));
        $secondStore = (int) $pdo->query('SELECT g.default_store_id FROM store_website w JOIN store_group g ON g.group_id = w.default_group_id WHERE w.website_id = 2')->fetchColumn();
        // what config.php / env.php hold (the database has none of it)
        $config = new ScopeConfig([
            'default' => ['general/locale/code' => 'en_US', 'currency/options/base' => 'USD', 'catalog/price/scope' => '1', 'general/locale/timezone' => 'UTC'],
            'websites/2' => ['general/locale/code' => 'de_DE', 'currency/options/base' => 'EUR', 'general/locale/timezone' => 'Pacific/Kiritimati'],
            "stores/$secondStore" => ['general/locale/code' => 'de_AT'],
        ], $websiteOf);
        // 2027-01-15 20:00 UTC: already the 16th at UTC+14
        [$provider] = self::magentoServices(new DeploymentConfig([]), $config, new FakeClock((float) gmmktime(20, 0, 0, 1, 15, 2027)));
        $services = $provider->services();
        $stores = $services->stores();
        self::assertSame(1, $stores['priceScope']);
        self::assertSame(['USD', 'EUR'], array_column(array_slice($stores['websites'], 0, 2), 'currency'));
        foreach ($stores['stores'] as $store) {
            // the store view's own value, else its website's, else the default
            $expected = $store['id'] === $secondStore ? 'de_AT' : ($store['websiteId'] === 2 ? 'de_DE' : 'en_US');
            self::assertSame($expected, $store['locale'], "store view {$store['code']}");
        }
        self::assertSame([1 => '2027-01-15', 2 => '2027-01-16'], array_slice($services->websiteDates()->today(), 0, 2, true));
    }

    /**
     * MagentoServices over the test database with Magento's types faked: the default store view's
     * media URL from the store config API (which records what it was asked).
     *
     * @return array{0: MagentoServices, 1: StoreConfigManagerInterface, 2: object} the services, the store config API and the module's logger (what they were asked)
     */
    private static function magentoServices(DeploymentConfig $locked, ScopeConfig $config, FakeClock $clock): array
    {
        $store = new class () implements StoreInterface {
            public function getId()
            {
                return 1;
            }

            public function getCode()
            {
                return 'default';
            }
        };
        $stores = new class ($store) implements StoreManagerInterface {
            public function __construct(private StoreInterface $store)
            {
            }

            public function getStore($storeId = null)
            {
                return $this->store;
            }

            public function getDefaultStoreView()
            {
                return $this->store;
            }
        };
        $configs = new class () implements StoreConfigManagerInterface {
            public array $asked = [];

            public function getStoreConfigs(?array $storeCodes = null)
            {
                $this->asked[] = $storeCodes;
                return [new class () implements StoreConfigInterface {
                    public function getBaseMediaUrl()
                    {
                        return 'https://shop.example.com/media/';
                    }
                }];
            }
        };
        $encryptor = new class () implements EncryptorInterface {
            public function encrypt($data)
            {
                return strrev((string) $data);
            }

            public function decrypt($data)
            {
                return strrev((string) $data);
            }
        };
        $logger = new class () implements \Psr\Log\LoggerInterface {
            public array $lines = [];

            public function log($level, $message, array $context = [])
            {
                $this->lines[] = "$level: $message";
            }

            public function info($message, array $context = [])
            {
                $this->log('info', $message, $context);
            }
        };
        return [new MagentoServices(new ResourceConnection(TestDatabase::pdo()), new EncryptorCipher($encryptor), $stores, $configs, $locked, $config, $clock, $logger), $configs, $logger];
    }

    public function test_inside_magento_a_disabled_modules_tables_are_none_of_the_stores(): void
    {
        // Magento keeps a disabled module's tables: catalog rule prices indexed while Magento_CatalogRule ran are no discount now
        $pdo = TestDatabase::pdo();
        $pdo->exec('DELETE FROM catalogrule_product_price');
        $settings = new ScopeConfig(['default' => ['general/locale/timezone' => 'UTC']]);
        // 2027-01-15 in UTC: the rule price of that date is website 1's today
        $pdo->exec("INSERT INTO catalogrule_product_price (rule_date, customer_group_id, product_id, rule_price, website_id) VALUES ('2027-01-15', 0, 2, 1.5, 1)");
        $rules = function (array $config) use ($settings): int {
            [$magento] = self::magentoServices(new DeploymentConfig($config), $settings, new FakeClock((float) gmmktime(12, 0, 0, 1, 15, 2027)));
            $db = $magento->database();
            return count((new PriceReader(new CatalogSchema($db), $magento->services()->websiteDates()))->chunks(100, [2])->current()['rules']);
        };
        self::assertSame(1, $rules(['modules' => ['Magento_Catalog' => 1, 'Magento_CatalogRule' => 1]]));
        self::assertSame(0, $rules(['modules' => ['Magento_Catalog' => 1, 'Magento_CatalogRule' => 0]]), 'disabled');
        self::assertSame(0, $rules(['modules' => ['Magento_Catalog' => 1]]), 'not in the store\'s code');
        self::assertSame(1, $rules([]), 'no module list: every table there is the store\'s');
        $pdo->exec('DELETE FROM catalogrule_product_price');
    }

    public function test_the_edit_forms_get_a_yes_no_field_defaulting_to_yes(): void
    {
        $fieldset = new class () {
            public array $fields = [];

            public function addField(string $id, string $type, array $config): void
            {
                $this->fields[$id] = [$type, $config];
            }
        };
        $form = new class ($fieldset) {
            public function __construct(private object $fieldset)
            {
            }

            public function getElement(string $id): ?object
            {
                return $id === 'store_fieldset' ? $this->fieldset : null;
            }
        };
        $block = new Bag(['form' => $form]);
        (new AddExporterField(new Registry(['store_type' => 'store', 'store_data' => new Bag([])])))->execute(new Observer(new Bag(['block' => $block])));
        [$type, $config] = $fieldset->fields['aco_exporter_enabled'];
        self::assertSame('select', $type);
        self::assertSame('store[aco_exporter_enabled]', $config['name']);
        self::assertSame(1, $config['value'], 'exported unless switched off');
        // the group form has no switch
        $fieldset->fields = [];
        (new AddExporterField(new Registry(['store_type' => 'group'])))->execute(new Observer(new Bag(['block' => $block])));
        self::assertSame([], $fieldset->fields);
    }

    public function test_all_stores_grid_selects_both_switches_once(): void
    {
        $collection = new Collection();
        $plugin = new WebsiteGridExporterColumns();
        $plugin->afterJoinGroupAndStore($collection, $collection);
        $plugin->afterJoinGroupAndStore($collection, $collection);
        self::assertSame([['aco_website_exporter' => 'main_table.aco_exporter_enabled', 'aco_store_exporter' => 'store_table.aco_exporter_enabled']], $collection->columns);
    }

    public function test_merchandising_pages_get_a_notice_only_when_connected(): void
    {
        $messages = new class () implements ManagerInterface {
            public array $notices = [];

            public function addNoticeMessage($message, $group = null)
            {
                $this->notices[] = $message;
            }
        };
        $notice = new MerchandisingNotice(self::$provider, $messages, ['livesearch']);
        $request = new Bag(['moduleName' => 'livesearch']);
        $notice->execute(new Observer(new Bag(['request' => $request])));
        self::assertSame([], $messages->notices, 'not connected: no notice');
        self::$provider->services()->config()->save(['region' => 'eu1', 'type' => 'production', 'tenant_id' => 't1', 'client_id' => 'c', 'client_secret' => 's']);
        $notice->execute(new Observer(new Bag(['request' => $request])));
        $notice->execute(new Observer(new Bag(['request' => new Bag(['moduleName' => 'catalog'])])));
        self::assertCount(1, $messages->notices);
        self::assertStringContainsString('https://eu1.admin.commerce.adobe.com/t1', $messages->notices[0]);
    }
}
