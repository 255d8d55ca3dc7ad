<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Magento;

require_once __DIR__ . '/Fakes/framework.php';

use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\Services;
use Aco\Connector\Model\ServicesProvider;
use Aco\Connector\Model\Setup\SchemaInstaller;
use Aco\Connector\Observer\AddExporterField;
use Aco\Connector\Observer\ExporterSwitchChanged;
use Aco\Connector\Observer\MerchandisingNotice;
use Aco\Connector\Plugin\WebsiteGridExporterColumns;
use Aco\Connector\Test\Magento\Fakes\Bag;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Test\Support\TestDatabase;
use Magento\Framework\Event\Observer;
use Magento\Framework\Indexer\IndexerRegistry;
use Magento\Framework\Message\ManagerInterface;
use Magento\Framework\Registry;
use Magento\Store\Model\ResourceModel\Website\Collection;
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
        (new SchemaInstaller($pdo))->install();
        $services = new Services($pdo, new SodiumCipher(random_bytes(32)), 'https://shop.example.com/media', false);
        self::$provider = new class ($services) implements ServicesProvider {
            public function __construct(private Services $services)
            {
            }

            public function services(): Services
            {
                return $this->services;
            }

            public function reconnect(): Services
            {
                return $this->services;
            }
        };
    }

    protected function setUp(): void
    {
        TestDatabase::pdo()->exec("DELETE FROM core_config_data WHERE path LIKE 'aco/%'");
    }

    public function test_flipping_a_website_switch_schedules_its_price_feeds_and_invalidates_their_indexers(): void
    {
        $indexers = new IndexerRegistry();
        $observer = new ExporterSwitchChanged(self::$provider, $indexers);
        $website = new Bag(['aco_exporter_enabled' => 0], ['aco_exporter_enabled' => 1]);
        $observer->execute(new Observer(new Bag(['name' => 'website_save_after', 'website' => $website])));
        self::assertSame(['aco_price_books', 'aco_prices'], $indexers->invalidated);
        self::assertSame(['priceBooks', 'prices'], self::$provider->services()->config()->fullSyncRequested());
    }

    public function test_flipping_a_store_view_switch_schedules_its_catalog_feeds(): void
    {
        $indexers = new IndexerRegistry();
        $store = new Bag(['aco_exporter_enabled' => '1'], ['aco_exporter_enabled' => '0']);
        (new ExporterSwitchChanged(self::$provider, $indexers))->execute(new Observer(new Bag(['name' => 'store_save_after', 'store' => $store])));
        self::assertSame(['aco_product_attributes', 'aco_categories', 'aco_products'], $indexers->invalidated);
    }

    public function test_saving_a_scope_without_changing_the_switch_does_nothing(): void
    {
        $indexers = new IndexerRegistry();
        $store = new Bag(['aco_exporter_enabled' => 1, 'name' => 'New name'], ['aco_exporter_enabled' => 1, 'name' => 'Old']);
        (new ExporterSwitchChanged(self::$provider, $indexers))->execute(new Observer(new Bag(['name' => 'store_save_after', 'store' => $store])));
        self::assertSame([], $indexers->invalidated);
        self::assertSame([], self::$provider->services()->config()->fullSyncRequested());
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
