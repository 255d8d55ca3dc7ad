<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Admin;

use Aco\Connector\MagentoTest\Support\AdminServer;
use Aco\Connector\MagentoTest\Support\Browser;
use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * The module's admin pages in headless Chromium, as a merchant uses them: log in, the configuration
 * page, the Data Feed Sync Status grid filtered by a SKU with `_`, and "Schedule resync" on a prices
 * item. Screenshots go to var/test-artifacts/magento-VERSION/admin/ (not committed).
 */
final class AdminPagesTest extends TestCase
{
    private const ITEMS = '[data-bind*="aco_feed_item_listing.aco_feed_item_listing"]';
    private static EmulatorProcess $emulator;
    private static AdminServer $server;
    private static Browser $browser;

    public static function setUpBeforeClass(): void
    {
        Magento::fixture('catalog');
        self::$emulator = new EmulatorProcess();
        $init = Magento::connect(self::$emulator);
        self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
        Magento::mustRun('aco:sync', '--full');
        self::$server = new AdminServer();
        self::$browser = new Browser();
        self::$server->logIn(self::$browser);
    }

    public static function tearDownAfterClass(): void
    {
        self::$browser->quit();
        self::$server->stop();
        self::$emulator->stop();
    }

    public function test_the_configuration_page_shows_the_connection(): void
    {
        $browser = self::$browser;
        $browser->open(self::$server->admin('aco/config/index'));
        $browser->waitForText(EmulatorProcess::TENANT, 'config');
        $browser->screenshot('config');
        self::assertStringNotContainsString(EmulatorProcess::CLIENT_SECRET, $browser->text());
        self::assertStringContainsString('Last connection test', $browser->text(), 'read from the module\'s own state table');
    }

    public function test_stores_configuration_shows_the_sync_settings_and_hides_the_connection(): void
    {
        $browser = self::$browser;
        $browser->open(self::$server->admin('admin/system_config/edit/section/aco/'));
        $browser->waitForText('Requests per Minute', 'system-config');
        $text = $browser->text();
        foreach (['Batch Size', 'Log Level', 'Product Updates per Day'] as $shown) {
            self::assertStringContainsString($shown, $text);
        }
        foreach (['Tenant ID', 'Client Secret', 'Enforce the Tenant', EmulatorProcess::TENANT] as $hidden) {
            self::assertStringNotContainsString($hidden, $text, 'aco:config:init sets the connection');
        }
    }

    public function test_the_item_grid_filters_by_a_sku_with_an_underscore(): void
    {
        $browser = self::$browser;
        $browser->open(self::$server->admin('aco/status/index'));
        $browser->waitForText('aco_', 'status');
        $this->filterItems(['item_key' => 'aco_jacket_'], 'filtered');
        $keys = $this->itemKeys();
        self::assertContains('aco_jacket_red', $keys);
        self::assertNotContains('aco_jacket', $keys, 'the filter matches the `_` literally: "aco_jacket" has none after it');
        self::assertNotContains('aco_tee', $keys);
    }

    public function test_schedule_resync_on_a_prices_item_resets_only_that_item(): void
    {
        $pdo = Magento::pdo();
        $prices = Magento::table('aco_feed_prices');
        $browser = self::$browser;
        $browser->open(self::$server->admin('aco/status/index'));
        $browser->waitForText('aco_', 'status-again');
        // the base book and the website's group books of one SKU; the first row is the base book's
        $this->filterItems(['item_key' => 'aco_gift_wrap', 'scope' => 'base'], 'prices-filtered', 'prices');
        $browser->waitUntil('the base book\'s row first', fn (): bool => ($this->column('Scope')[0] ?? null) === 'base', 'prices-filtered');
        $browser->click(self::ITEMS . ' tbody tr.data-row td.data-grid-checkbox-cell label');
        $browser->click(self::ITEMS . ' .action-select-wrap .action-select');
        $browser->click(self::ITEMS . ' .action-menu-item');
        $browser->click('.modal-popup._show .action-accept');
        $browser->waitUntil('the resync to be recorded', fn (): bool => (int) $pdo->query("SELECT COUNT(*) FROM $prices WHERE status = 0")->fetchColumn() > 0, 'resync-done');
        $browser->screenshot('resync-done');
        $pending = $pdo->query("SELECT CONCAT(item_key, ' @ ', scope) FROM $prices WHERE status = 0")->fetchAll(\PDO::FETCH_COLUMN);
        self::assertSame(['aco_gift_wrap @ base'], $pending, 'only the selected prices item is scheduled again');
        self::assertSame(0, (int) $pdo->query('SELECT COUNT(*) FROM ' . Magento::table('aco_feed_products') . ' WHERE status = 0')->fetchColumn(), 'the products feed is untouched');
    }

    /** @param array<string, string> $values text filters of the item grid */
    private function filterItems(array $values, string $screenshot, ?string $feed = null): void
    {
        $browser = self::$browser;
        $browser->click(self::ITEMS . ' [data-action="grid-filter-expand"]');
        foreach ($values as $field => $value) {
            $browser->type(self::ITEMS . " input[name=\"$field\"]", $value);
        }
        if ($feed !== null) {
            $browser->script('const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event("change"));',
                [self::ITEMS . ' select[name="feed"]', $feed]);
        }
        $browser->click(self::ITEMS . ' [data-action="grid-filter-apply"]');
        $browser->waitUntil('the filter to apply', fn (): bool => $this->itemKeys() !== [] && array_filter($this->itemKeys(),
            static fn (string $k): bool => !str_contains($k, $values['item_key'])) === [], $screenshot);
        $browser->screenshot($screenshot);
    }

    /** @return list<string> the SKU / Code column of the item grid's rows */
    private function itemKeys(): array
    {
        return $this->column('SKU / Code');
    }

    /** @return list<string> one column of the item grid's rows, by its heading */
    private function column(string $heading): array
    {
        return self::$browser->script(<<<'JS'
            const grid = document.querySelector(arguments[0]);
            if (!grid) return [];
            const col = [...grid.querySelectorAll('thead th')].map(th => th.innerText.trim()).indexOf(arguments[1]);
            return [...grid.querySelectorAll('tbody tr.data-row')].map(tr => tr.children[col] ? tr.children[col].innerText.trim() : '');
            JS, [self::ITEMS, $heading]) ?? [];
    }
}
