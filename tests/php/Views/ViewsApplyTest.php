<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Views;

use Aco\Connector\Model\Views\GraphqlApi;
use Aco\Connector\Test\Support\StandaloneCli;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/** `aco:views --apply` against the emulator's admin API, as a merchant runs it (bin/aco). */
final class ViewsApplyTest extends TestCase
{
    private EmulatorProcess $aco;
    private \PDO $pdo;
    private GraphqlApi $admin;

    protected function setUp(): void
    {
        $this->pdo = StandaloneCli::freshCatalog(20);
        $this->aco = new EmulatorProcess();
        self::assertSame(0, StandaloneCli::init($this->aco)['status']);
        // the views name price books, which ACO must have first
        self::assertSame(0, StandaloneCli::run(['aco:sync', '--full'])['status']);
        $this->admin = new GraphqlApi(new \Aco\Native\Client($this->aco->clientConfig()), 'admin');
    }

    protected function tearDown(): void
    {
        $this->aco->stop();
    }

    /** @return list<array<string, mixed>> */
    private function channels(): array
    {
        return $this->admin->run('{ channels { channelId name scopes { locale } policyIds allowedPriceBookIds defaultPriceBookId policies { name } } }')['channels'];
    }

    private function managedRows(): int
    {
        return (int) $this->pdo->query("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'aco_catalog_view'")->fetchColumn() === 0
            ? 0 : (int) $this->pdo->query('SELECT COUNT(*) FROM aco_catalog_view')->fetchColumn();
    }

    public function test_apply_creates_the_plan_then_changes_nothing_and_puts_back_a_view_changed_by_hand(): void
    {
        $first = StandaloneCli::run(['aco:views', '--apply']);
        self::assertSame(0, $first['status'], $first['stdout'] . $first['stderr']);
        self::assertStringContainsString('Views and policies: 5 created, 0 updated, 0 deleted, 0 unchanged', $first['stdout']);
        $channels = array_column($this->channels(), null, 'name');
        self::assertEqualsCanonicalizing(['Main Website / English (default)', 'Europe / Deutsch (de)', 'Europe / Français (fr)'], array_keys($channels), 'one view per store view');
        $de = $channels['Europe / Deutsch (de)'];
        self::assertSame([['locale' => 'de']], $de['scopes']);
        self::assertSame('eu', $de['defaultPriceBookId']);
        self::assertSame('eu', $de['allowedPriceBookIds'][0]);
        self::assertSame([['name' => 'Magento website eu']], $de['policies']);

        $second = StandaloneCli::run(['aco:views', '--apply']);
        self::assertStringContainsString('0 created, 0 updated, 0 deleted, 5 unchanged', $second['stdout'], 'a second run writes nothing');

        $this->admin->run('mutation($r: UpdateChannelRequest!) { updateChannel(channelRequest: $r) { channelId } }',
            ['r' => ['channelId' => $de['channelId'], 'allowedPriceBookIds' => ['eu'], 'defaultPriceBookId' => 'eu']]);
        $this->admin->run('mutation { createChannel(channelRequest: { name: "Made by hand", scopes: [{ locale: "de" }] }) { channelId } }');
        $third = StandaloneCli::run(['aco:views', '--apply']);
        self::assertSame(0, $third['status']);
        self::assertStringContainsString('view de: updated (changed in ACO by hand, put back)', $third['stdout']);
        self::assertStringContainsString('view "Made by hand"', $third['stdout']);
        self::assertStringContainsString('not managed by the connector', $third['stdout']);
        self::assertStringContainsString('0 created, 1 updated, 0 deleted, 4 unchanged', $third['stdout']);
        $restored = array_column($this->channels(), null, 'name')['Europe / Deutsch (de)'];
        self::assertSame($de['allowedPriceBookIds'], $restored['allowedPriceBookIds']);
        self::assertCount(4, $this->channels(), 'the hand-made view is left alone');
    }

    public function test_a_store_view_switched_off_loses_its_view_and_an_unused_policy_goes_too(): void
    {
        self::assertSame(0, StandaloneCli::run(['aco:views', '--apply'])['status']);
        $this->pdo->exec("UPDATE store SET aco_exporter_enabled = 0 WHERE code = 'default'");
        $run = StandaloneCli::run(['aco:views', '--apply']);
        self::assertStringContainsString('view default: deleted', $run['stdout']);
        self::assertStringContainsString('policy Magento website base: deleted', $run['stdout']);
        self::assertSame(['Europe / Deutsch (de)', 'Europe / Français (fr)'], array_column($this->channels(), 'name'));
    }

    public function test_creates_whose_answers_were_lost_are_taken_back_not_made_twice(): void
    {
        self::assertSame(0, StandaloneCli::run(['aco:views', '--apply'])['status']);
        $made = array_column($this->channels(), 'channelId', 'name');
        // ACO made them, the answers never came: nothing was recorded (what a lost answer leaves)
        $this->pdo->exec('DELETE FROM aco_catalog_view');
        $de = $made['Europe / Deutsch (de)'];
        $this->admin->run('mutation($r: UpdateChannelRequest!) { updateChannel(channelRequest: $r) { channelId } }',
            ['r' => ['channelId' => $de, 'allowedPriceBookIds' => ['eu'], 'defaultPriceBookId' => 'eu']]);

        $run = StandaloneCli::run(['aco:views', '--apply']);
        self::assertSame(0, $run['status'], $run['stdout'] . $run['stderr']);
        self::assertStringContainsString('view de: updated (taken back: an earlier create was not answered)', $run['stdout']);
        self::assertStringContainsString('policy Magento website eu: taken back (an earlier create was not answered)', $run['stdout']);
        self::assertStringContainsString('0 created, 1 updated, 0 deleted, 4 unchanged', $run['stdout']);
        self::assertSame($made, array_column($this->channels(), 'channelId', 'name'), 'no view made twice');
        self::assertSame(5, $this->managedRows());
        $again = StandaloneCli::run(['aco:views', '--apply']);
        self::assertStringContainsString('0 created, 0 updated, 0 deleted, 5 unchanged', $again['stdout'], 'then a run writes nothing');
    }

    public function test_a_tenant_refusing_the_admin_api_gets_the_printed_plan_and_one_line(): void
    {
        $this->aco->call('PUT', '/_emulator/faults', ['refuseAdmin' => true]);
        $run = StandaloneCli::run(['aco:views', '--apply']);
        self::assertSame(1, $run['status']);
        self::assertStringContainsString('Catalog views (ACO Studio', $run['stdout'], 'the plan, to create by hand');
        self::assertMatchesRegularExpression("/^Nothing applied: ACO's admin API refused the request \(HTTP 403.*create the views and policies above in ACO Studio\n?$/m", $run['stdout'] . $run['stderr']);
        self::assertSame(0, $this->managedRows());
    }

    public function test_a_plan_over_the_variation_budget_applies_nothing(): void
    {
        $run = StandaloneCli::run(['aco:views', '--apply', '--variation-budget=10']);
        self::assertSame(1, $run['status']);
        self::assertSame("Nothing applied: the plan needs 15 catalog variations, more than the budget of 10 (--variation-budget)\n", $run['stdout'] . $run['stderr']);
        self::assertSame([], $this->channels());
        self::assertSame(0, $this->managedRows());
    }
}
