<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Views;

use Aco\Connector\Test\Support\StandaloneCli;
use Aco\Connector\Test\Support\TestDatabase;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * `aco:explain SKU` (bin/aco) against the emulator: a product not yet sent, one unchanged, one disabled
 * in one store view, one ACO refused, one in a store view whose exporter is off, one whose change waits
 * in the changelog; the exit codes (0 consistent, 1 something to do, 2 usage).
 */
final class ExplainTest extends TestCase
{
    private static EmulatorProcess $aco;
    private static \PDO $pdo;
    /** @var array{status: int, stdout: string, stderr: string} aco:explain of a product before the first sync */
    private static array $beforeSync;

    public static function setUpBeforeClass(): void
    {
        self::$pdo = StandaloneCli::freshCatalog(20);
        // SKU-0000008 disabled in store view de (store 2) only
        self::$pdo->exec("INSERT INTO catalog_product_entity_int (attribute_id, store_id, entity_id, value)
            SELECT attribute_id, 2, 8, 2 FROM eav_attribute WHERE attribute_code = 'status' AND entity_type_id = 4");
        self::$aco = new EmulatorProcess();
        self::$aco->call('PUT', '/_emulator/faults', ['rejectSkus' => ['SKU-0000009']]);
        self::assertSame(0, StandaloneCli::init(self::$aco)['status']);
        self::$beforeSync = StandaloneCli::run(['aco:explain', 'SKU-0000020', '--store-view=default']);
        self::assertSame(1, StandaloneCli::run(['aco:sync', '--full'])['status'], 'SKU-0000009 is refused');
        self::assertSame(0, StandaloneCli::run(['aco:views', '--apply'])['status']);
    }

    public static function tearDownAfterClass(): void
    {
        self::$aco->stop();
    }

    /** @return array{status: int, out: string} */
    private static function explain(string ...$args): array
    {
        $run = StandaloneCli::run(['aco:explain', ...$args]);
        return ['status' => $run['status'], 'out' => $run['stdout'] . $run['stderr']];
    }

    public function test_a_product_not_yet_sent_waits_for_the_full_sync(): void
    {
        $run = self::$beforeSync;
        self::assertSame(1, $run['status'], $run['stdout'] . $run['stderr']);
        self::assertStringContainsString("store view default (website base):\n  in Magento: enabled, visible in catalog and search, in website base; exporter on for store view default, on for website base\n"
            . '  products item: never sent (hash now ', $run['stdout']);
        self::assertStringContainsString('  verdict: waiting for the full sync of products (queued): it sends it', $run['stdout']);
        self::assertStringContainsString("website base:\n", $run['stdout']);
        self::assertStringContainsString('  verdict: waiting for the full sync of prices (queued): it sends it', $run['stdout']);
    }

    public function test_an_unchanged_product_is_consistent_in_every_scope_and_exits_0(): void
    {
        $run = self::explain('SKU-0000007');
        self::assertSame(0, $run['status'], $run['out']);
        self::assertStringStartsWith("SKU-0000007: product 7 (simple), in websites base, eu\n", $run['out']);
        self::assertSame(3, preg_match_all('/^  products item: sent, 0 attempts, request emu-\d+; hash sent ([0-9a-f]{10}), now \1 \(unchanged\)$/m', $run['out']), $run['out']);
        self::assertSame(3, preg_match_all('/^  ACO \(catalog view [0-9a-f-]+\): serves it as the store shows it in 5 price books$/m', $run['out']), $run['out']);
        self::assertSame(3, substr_count($run['out'], '  verdict: consistent: ACO holds it and serves it as the store shows it'));
        // base and eu: the base book each; the four customer groups pay the same, their books fall back to it
        self::assertSame(2, preg_match_all('/^  prices item \S+: sent, 0 attempts, request emu-\d+; hash sent ([0-9a-f]{10}), now \1 \(unchanged\)$/m', $run['out']), $run['out']);
        self::assertSame(1, substr_count($run['out'], "  verdict: consistent: ACO holds its prices in 1 price books as mapped now; 4 customer groups' books fall back to book base (the group pays the same)"));
        self::assertSame(1, substr_count($run['out'], "  verdict: consistent: ACO holds its prices in 1 price books as mapped now; 4 customer groups' books fall back to book eu (the group pays the same)"));
    }

    public function test_a_product_disabled_in_one_store_view_says_so_there_only(): void
    {
        $run = self::explain('SKU-0000008');
        self::assertSame(0, $run['status'], 'ACO agrees with the store: it does not serve it in de' . $run['out']);
        self::assertStringContainsString("store view de (website eu):\n  in Magento: disabled, visible in catalog and search, in website eu", $run['out']);
        self::assertStringContainsString('  verdict: disabled in store view de: not for sale there, and ACO does not serve it (enable it in store view de to sell it there)', $run['out']);
        self::assertSame(1, substr_count($run['out'], 'verdict: disabled'), 'enabled in default and fr');
        self::assertSame(2, substr_count($run['out'], 'verdict: consistent: ACO holds it and serves it'));
    }

    public function test_a_product_refused_by_aco_names_the_field_and_exits_1(): void
    {
        $run = self::explain('SKU-0000009', '--store-view=default');
        self::assertSame(1, $run['status'], $run['out']);
        self::assertMatchesRegularExpression('/^  products item: refused by ACO, 1 attempts, request emu-\d+, last error HTTP 400 sku: .+; hash sent ([0-9a-f]{10}), now \1 \(unchanged\)$/m', $run['out']);
        self::assertMatchesRegularExpression('/^  verdict: fix field sku: product "SKU-0000009", store view "default": refused by ACO \(HTTP 400\): sku: .+; in Magento, change its SKU \(the change is sent when saved\)$/m', $run['out']);
        self::assertStringNotContainsString('store view fr', $run['out'], '--store-view=default: that store view and its website only');
        self::assertStringContainsString("website base:\n", $run['out']);
        self::assertStringNotContainsString('website eu:', $run['out']);
    }

    public function test_a_change_waiting_in_the_changelog_is_named_with_hashes_that_differ(): void
    {
        self::$pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Explained' WHERE entity_id = 17 AND store_id = 0
            AND attribute_id = (SELECT attribute_id FROM eav_attribute WHERE attribute_code = 'name' AND entity_type_id = 4)");
        $run = self::explain('SKU-0000017', '--store-view=default');
        self::assertSame(1, $run['status'], $run['out']);
        self::assertMatchesRegularExpression('/^  products item: sent, 0 attempts, request emu-\d+; hash sent ([0-9a-f]{10}), now (?!\1)[0-9a-f]{10}$/m', $run['out']);
        self::assertStringContainsString('verdict: waiting in changelog: the next sync cycle (Magento\'s cron, aco:sync) sends it', $run['out']);
        self::assertMatchesRegularExpression('/name: SKU-0000017 is named "[^"]+" in ACO, "Explained" in the store/', $run['out'], 'what ACO serves against the store');

        self::assertSame(0, StandaloneCli::run(['aco:sync'])['status']);
        self::assertSame(0, self::explain('SKU-0000017', '--store-view=default')['status'], 'sent: consistent again');
    }

    public function test_a_store_view_whose_exporter_is_off(): void
    {
        self::$pdo->exec('UPDATE store SET aco_exporter_enabled = 0 WHERE code = \'fr\'');
        try {
            $held = self::explain('SKU-0000007', '--store-view=fr');
            self::assertSame(1, $held['status'], $held['out']);
            self::assertStringContainsString('exporter off for store view fr, on for website eu', $held['out']);
            self::assertStringContainsString('verdict: exporter off for store view fr: ACO still holds it there until the next sync deletes it: run aco:sync', $held['out']);

            self::assertSame(0, StandaloneCli::run(['aco:sync'])['status']);
            $off = self::explain('SKU-0000007', '--store-view=fr');
            self::assertSame(0, $off['status'], $off['out']);
            self::assertMatchesRegularExpression('/^  products item: deleted, 0 attempts/m', $off['out']);
            self::assertStringContainsString('verdict: exporter off for store view fr: nothing of it goes to ACO there (switch its ACO exporter on in Stores > All Stores to export it)', $off['out']);
            self::assertStringContainsString("  verdict: consistent: ACO holds its prices in 1 price books as mapped now; 4 customer groups' books fall back to book eu", $off['out'], 'the website\'s switch is on');
        } finally {
            // the other tests read fr exported: phpunit.xml runs a test that failed last time first, so this one may run before them
            self::$pdo->exec('UPDATE store SET aco_exporter_enabled = 1 WHERE code = \'fr\'');
            $back = StandaloneCli::run(['aco:sync']);
        }
        self::assertSame(0, $back['status'], $back['stdout'] . $back['stderr']);
        $on = self::explain('SKU-0000007', '--store-view=fr');
        self::assertSame(0, $on['status'], $on['out']);
        self::assertStringContainsString('  verdict: consistent: ACO holds it and serves it as the store shows it', $on['out'], 'switched on again: sent again');
    }

    public function test_usage_and_unknown_skus(): void
    {
        $unknown = self::explain('NOPE-1');
        self::assertSame([1, "no product has SKU \"NOPE-1\" in Magento: check the SKU (Catalog > Products)\n"], [$unknown['status'], $unknown['out']]);
        $view = self::explain('SKU-0000007', '--store-view=nowhere');
        self::assertSame([2, "--store-view: nowhere is not a store view (default, de, fr)\n"], [$view['status'], $view['out']]);
        $hostile = self::explain("SKU-\e]8;;x\e\\");
        self::assertSame(1, $hostile['status']);
        self::assertStringNotContainsString("\e", $hostile['out'], 'the SKU typed is printed escaped');
        self::assertSame(2, StandaloneCli::run(['aco:explain'])['status'], 'the SKU is required');
    }
}
