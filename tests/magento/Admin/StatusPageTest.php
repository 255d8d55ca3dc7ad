<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Admin;

use Aco\Connector\MagentoTest\Support\AdminServer;
use Aco\Connector\MagentoTest\Support\Browser;
use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Model\Budget\BudgetPolicy;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * Data Feed Sync Status in headless Chromium says what `aco:status` knows (issue 29 item 5): after a
 * sync every feed in sync and no indexer invalid; a full sync paused by the daily quota, then running
 * (its products requests held by the emulator), with a progress bar, its ETA and the day's product
 * updates used and left. And `aco:explain` (item 4) through bin/magento and the item grid's row action.
 * Screenshots: var/test-artifacts/magento-VERSION/admin/status-*.png, explain.png (not committed).
 */
final class StatusPageTest extends TestCase
{
    private const SETTINGS = ['aco/sync/batch_size', 'aco/sync/products_per_day'];
    private const INDEXERS = ['aco_product_attributes', 'aco_categories', 'aco_products', 'aco_price_books', 'aco_prices'];
    private static EmulatorProcess $emulator;
    private static AdminServer $server;
    private static Browser $browser;

    public static function setUpBeforeClass(): void
    {
        self::$emulator = Magento::connectedStore();
        self::$server = new AdminServer();
        self::$browser = new Browser();
        self::$server->logIn(self::$browser);
    }

    public static function tearDownAfterClass(): void
    {
        self::$emulator->call('PUT', '/_emulator/faults', []);
        Magento::shiftClock(null);
        $pdo = Magento::pdo();
        $pdo->exec('DELETE FROM ' . Magento::table('core_config_data') . " WHERE path IN ('" . implode("', '", self::SETTINGS) . "')");
        $pdo->exec('DELETE FROM ' . Magento::table('aco_rate_budget'));   // the budget's day is the one the clock was moved to
        Magento::mustRun('cache:clean', 'config');
        self::$browser->quit();
        self::$server->stop();
        self::$emulator->stop();
    }

    /** @return array<string, array{state: string, progress: ?int, indexer: string}> the page's feed rows, by feed */
    private function feeds(string $screenshot): array
    {
        $browser = self::$browser;
        $browser->open(self::$server->admin('aco/status/index'));
        $browser->waitForText('Product updates today', $screenshot);
        $browser->screenshot($screenshot);
        $rows = $browser->script(<<<'JS'
            return [...document.querySelectorAll('table.aco-sync-state tr[data-feed]')].map(tr => [tr.dataset.feed, {
                state: tr.querySelector('.aco-state').innerText.trim(), indexer: tr.children[3].innerText.trim(),
                progress: tr.querySelector('progress') ? Number(tr.querySelector('progress').value) : null}]);
            JS);
        return array_combine(array_column($rows, 0), array_column($rows, 1));
    }

    /** What aco:status says of the products feed's full sync, up to its item count (its ETA moves with the clock). */
    private static function statusLine(): string
    {
        preg_match('/^products: (full sync .*? items left)/m', Magento::mustRun('aco:status'), $m);
        return $m[1] ?? '(none)';
    }

    public function test_after_a_sync_every_feed_is_in_sync_and_no_indexer_is_invalid(): void
    {
        // the cause of "full sync pending" everywhere: setup:upgrade left the feeds' indexers invalid
        $status = Magento::mustRun('indexer:status', ...self::INDEXERS);
        self::assertSame(5, preg_match_all('/\bReady\b/', $status), $status);
        $feeds = $this->feeds('status-in-sync');
        self::assertSame(Feed::ORDER, array_keys($feeds));
        foreach ($feeds as $name => $feed) {
            self::assertSame(['in sync', 'ready', null], [$feed['state'], $feed['indexer'], $feed['progress']], $name);
        }
        self::assertStringNotContainsString('One or more indexers are invalid', self::$browser->text());
    }

    public function test_explain_through_bin_magento_and_the_item_grids_row_action(): void
    {
        $run = Magento::command('aco:explain', 'aco_trail_guide');
        self::assertSame(0, $run['status'], $run['stdout'] . $run['stderr']);
        self::assertStringStartsWith('aco_trail_guide: product ', $run['stdout']);
        self::assertMatchesRegularExpression('/^store view default \(website base\):\n  in Magento: enabled, visible in catalog and search, in website base; exporter on/m', $run['stdout']);
        self::assertMatchesRegularExpression('/^  products item: sent, 0 attempts, request emu-\d+; hash sent ([0-9a-f]{10}), now \1 \(unchanged\)$/m', $run['stdout']);
        self::assertStringContainsString('  verdict: consistent: ACO holds it as mapped now', $run['stdout']);
        self::assertSame(2, Magento::command('aco:explain', 'aco_trail_guide', '--store-view=nowhere')['status']);

        $browser = self::$browser;
        $browser->open(self::$server->admin('aco/status/index'));
        $browser->waitUntil('an Explain link in the item grid', fn (): bool => (bool) $browser->script(
            'return !!document.querySelector(\'a[href*="aco/status/explain"]\');'), 'explain-link');
        $browser->open((string) $browser->script('return document.querySelector(\'a[href*="aco/status/explain"]\').href;'));
        $browser->waitForText('Verdict:', 'explain');
        $browser->screenshot('explain');
        self::assertMatchesRegularExpression('/products item: sent, 0 attempts, request emu-\d+; hash sent/', $browser->text());
    }

    public function test_a_paused_then_running_full_sync_shows_its_progress_eta_and_the_days_budget(): void
    {
        $items = self::$emulator->count('products');
        $day = BudgetPolicy::nextDay(microtime(true)) + 600.0;   // a day of its own: connectedStore()'s sync counted against today
        Magento::shiftClock($day);
        self::$emulator->call('POST', '/_emulator/reset');
        foreach (Feed::all() as $feed) {
            Magento::pdo()->exec('DELETE FROM ' . Magento::table($feed->table()));
        }
        // a request a product item, and a quota of three quarters of the catalog: full syncs take 90 % of it
        $quota = intdiv($items * 3, 4);
        Magento::mustRun('config:set', 'aco/sync/batch_size', '1');
        Magento::mustRun('config:set', 'aco/sync/products_per_day', (string) $quota);
        Magento::mustRun('indexer:reindex', ...self::INDEXERS);
        Magento::acoCron();
        $sent = self::$emulator->count('products');
        self::assertGreaterThan(0, $sent);
        self::assertLessThan($items, $sent, 'the quota ran out before the catalog did');

        $paused = $this->feeds('status-paused')['products'];
        $midnight = gmdate('Y-m-d H:i', (int) BudgetPolicy::nextDay($day));
        self::assertStringStartsWith("full sync paused by the daily quota until $midnight UTC, ", $paused['state']);
        self::assertMatchesRegularExpression('/ % done, about [\d,]+ items left, ends in about .+ \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/', $paused['state'], 'its ETA');
        self::assertStringStartsWith(self::statusLine(), $paused['state'], 'what aco:status says');
        self::assertGreaterThan(0, $paused['progress']);
        self::assertLessThan(100, $paused['progress']);
        self::assertMatchesRegularExpression('/Product updates today \(UTC\): ([\d,]+) of ' . number_format($quota) . ' used, ([\d,]+) left/', self::$browser->text());
        preg_match('/Product updates today \(UTC\): ([\d,]+) of [\d,]+ used, ([\d,]+) left/', self::$browser->text(), $m);
        self::assertGreaterThan(0, (int) str_replace(',', '', $m[1]));
        self::assertSame($quota, (int) str_replace(',', '', $m[1]) + (int) str_replace(',', '', $m[2]), 'used and left make the quota');

        // the next day the catalog lane's cron goes on with the run; ACO holds its products requests
        Magento::shiftClock($day + 86400.0);
        self::$emulator->call('PUT', '/_emulator/faults', ['holdEntities' => ['products']]);
        $cron = Magento::cronStarted('aco_catalog', ['aco_sync_catalog']);
        $runs = Magento::table('aco_sync_run');
        self::$browser->waitUntil('the paused run to go on', static fn (): bool => (int) Magento::pdo()->query("SELECT COUNT(*) FROM $runs
            WHERE feed = 'products' AND mode = 'full' AND finished_at IS NULL AND paused_until IS NULL")->fetchColumn() === 1);
        $running = $this->feeds('status-running')['products'];
        self::assertMatchesRegularExpression('/^full sync running, \d+ % done, about [\d,]+ items left, ends in about /', $running['state']);
        self::assertStringStartsWith(self::statusLine(), $running['state'], 'what aco:status says');
        self::assertGreaterThanOrEqual($paused['progress'], $running['progress']);
        self::assertLessThan(100, $running['progress']);

        self::$emulator->call('PUT', '/_emulator/faults', []);
        Magento::cronFinished($cron, 'aco_catalog', ['aco_sync_catalog']);
        self::assertSame($items, self::$emulator->count('products'), 'the run went on to the end');
        self::assertSame('in sync', $this->feeds('status-done')['products']['state']);
    }
}
