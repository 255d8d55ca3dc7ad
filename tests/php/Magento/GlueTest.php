<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Magento;

require_once __DIR__ . '/Fakes/framework.php';

use Aco\Connector\Model\Database;
use Aco\Connector\Cron\SyncChanges;
use Aco\Connector\Model\Config\EncryptorCipher;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\MagentoServices;
use Aco\Connector\Model\ServicesProvider;
use Aco\Connector\Model\Setup\SchemaInstaller;
use Aco\Connector\Observer\AddExporterField;
use Aco\Connector\Observer\ExporterSwitchChanged;
use Aco\Connector\Observer\MerchandisingNotice;
use Aco\Connector\Plugin\WebsiteGridExporterColumns;
use Aco\Connector\Test\Magento\Fakes\Bag;
use Aco\Connector\Test\Magento\Fakes\FixedServices;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Test\Support\TestDatabase;
use Magento\Framework\App\DeploymentConfig;
use Magento\Framework\App\ResourceConnection;
use Magento\Framework\Encryption\EncryptorInterface;
use Magento\Framework\Event\Observer;
use Magento\Framework\Message\ManagerInterface;
use Magento\Framework\Mview\ProcessorInterface;
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
    }

    public function test_flipping_a_website_switch_schedules_one_full_sync_of_its_price_feeds(): void
    {
        $website = new Bag(['aco_exporter_enabled' => 0], ['aco_exporter_enabled' => 1]);
        // no indexer to invalidate: Magento's index cron would run a second full sync
        (new ExporterSwitchChanged(self::$provider))->execute(new Observer(new Bag(['name' => 'website_save_after', 'website' => $website])));
        self::assertSame(['priceBooks', 'prices'], self::$provider->services()->config()->fullSyncRequested());
    }

    public function test_flipping_a_store_view_switch_schedules_its_catalog_feeds(): void
    {
        $store = new Bag(['aco_exporter_enabled' => '1'], ['aco_exporter_enabled' => '0']);
        (new ExporterSwitchChanged(self::$provider))->execute(new Observer(new Bag(['name' => 'store_save_after', 'store' => $store])));
        self::assertSame(['productAttributes', 'categories', 'products'], self::$provider->services()->config()->fullSyncRequested());
    }

    public function test_saving_a_scope_without_changing_the_switch_does_nothing(): void
    {
        $store = new Bag(['aco_exporter_enabled' => 1, 'name' => 'New name'], ['aco_exporter_enabled' => 1, 'name' => 'Old']);
        (new ExporterSwitchChanged(self::$provider))->execute(new Observer(new Bag(['name' => 'store_save_after', 'store' => $store])));
        self::assertSame([], self::$provider->services()->config()->fullSyncRequested());
    }

    public function test_the_aco_cron_group_updates_and_cleans_the_aco_views_which_magentos_index_cron_leaves_alone(): void
    {
        $etc = __DIR__ . '/../../../php/etc';
        $groups = [];
        foreach ((new \DOMXPath(self::load("$etc/mview.xml")))->query('//view') as $view) {
            $groups[$view->getAttribute('id')] = $view->getAttribute('group');
        }
        // Magento's indexer_update_all_views and indexer_clean_all_changelogs handle group "indexer" only
        self::assertSame(array_fill_keys(array_values(ChangeCapture::VIEWS), SyncChanges::MVIEW_GROUP), $groups);
        self::assertNotSame('indexer', SyncChanges::MVIEW_GROUP);
        $jobs = [];
        foreach ((new \DOMXPath(self::load("$etc/crontab.xml")))->query("//group[@id='aco']/job[@instance='" . SyncChanges::class . "']") as $job) {
            $jobs[] = $job->getAttribute('method');
        }
        self::assertSame(['execute', 'cleanChangelogs'], $jobs);

        $mview = new class () implements ProcessorInterface {
            public array $calls = [];

            public function update($group = '')
            {
                $this->calls[] = ['update', $group];
            }

            public function clearChangelog($group = '')
            {
                $this->calls[] = ['clearChangelog', $group];
            }
        };
        $cron = new SyncChanges($mview);
        $cron->execute();
        $cron->cleanChangelogs();
        self::assertSame([['update', 'aco'], ['clearChangelog', 'aco']], $mview->calls);
    }

    private static function load(string $file): \DOMDocument
    {
        $doc = new \DOMDocument();
        self::assertTrue($doc->load($file), $file);
        return $doc;
    }

    public function test_inside_magento_the_media_url_comes_from_the_store_config_api_locked_settings_win_and_syncs_log_to_the_modules_logger(): void
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

            public function getStoreConfigs(array $storeCodes = null)
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
        // as `config:set --lock-env aco/sync/batch_size 123` writes it: Magento never reads the database's value
        $locked = new DeploymentConfig(['system' => ['default' => ['aco' => ['sync' => ['batch_size' => '123', 'log_level' => 'debug']]]]]);
        TestDatabase::pdo()->exec("REPLACE INTO core_config_data (scope, scope_id, path, value) VALUES ('default', 0, 'aco/sync/batch_size', '77')");
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
        $services = (new MagentoServices(new ResourceConnection(TestDatabase::pdo()), new EncryptorCipher($encryptor), $stores, $configs, $locked, $logger))->services();
        self::assertFalse($services->isStandalone());
        self::assertSame([['default']], $configs->asked);
        self::assertSame(123, $services->config()->sync()['batch_size'], 'the locked value wins over the stored one');
        self::assertSame('debug', $services->config()->logLevel());
        // what a sync of bin/magento aco:sync logs reaches the module's logger, from the locked level up
        $services->log()->route([['level' => 'debug', 'target' => 'aco.transport', 'message' => 'products: a retry']]);
        self::assertSame(['debug: products: a retry'], $logger->lines);
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
