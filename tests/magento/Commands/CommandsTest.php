<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Commands;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * Every aco:* command through bin/magento on the Magento under test (symfony/console 4.4 in 2.4.4),
 * with the exit codes the README promises: 0 success, 1 failure, 2 invalid arguments.
 */
final class CommandsTest extends TestCase
{
    public function test_every_command_is_registered_and_exits_with_the_promised_codes(): void
    {
        $list = Magento::mustRun('list', 'aco');
        foreach (['aco:config:init', 'aco:config:show', 'aco:sync', 'aco:status', 'aco:resync', 'aco:views', 'aco:verify', 'aco:explain'] as $name) {
            self::assertStringContainsString($name, $list);
        }
        $emulator = new EmulatorProcess();
        Magento::pdo()->exec('DELETE FROM ' . Magento::table('core_config_data') . " WHERE path LIKE 'aco/%'");

        $show = Magento::command('aco:config:show');
        self::assertSame(1, $show['status'], $show['stdout'] . $show['stderr']);
        self::assertStringContainsString('Not configured', $show['stdout']);

        $missing = Magento::command('aco:config:init', '--org_id=o');
        self::assertSame(2, $missing['status'], $missing['stdout'] . $missing['stderr']);
        self::assertStringContainsString('--tenant_id is required', $missing['stdout']);

        // regression: a stray space made the secret a word bin/magento's usage error quoted back
        $stray = Magento::command('aco:config:init', '--org_id=o', '--tenant_id=t', '--client_id=c', '--client_secret=', 'S3cret-typed');
        self::assertSame(2, $stray['status'], $stray['stdout'] . $stray['stderr']);
        self::assertStringNotContainsString('S3cret-typed', $stray['stdout'] . $stray['stderr']);
        // symfony/console's wording differs by release (4.4 in Magento 2.4.4, 6.4 in 2.4.7+): one line all the same
        self::assertMatchesRegularExpression('/^aco: (No|Too many) arguments[^\n]*$/', trim($stray['stdout'] . $stray['stderr']));
        $unknown = Magento::command('aco:sync', '--fulll');
        self::assertSame(2, $unknown['status'], $unknown['stdout'] . $unknown['stderr']);
        self::assertSame('aco: The "--fulll" option does not exist.', trim($unknown['stdout'] . $unknown['stderr']));

        $wrongSecret = Magento::command('aco:config:init', '--org_id=o', '--tenant_id=' . EmulatorProcess::TENANT, '--client_id=' . EmulatorProcess::CLIENT_ID,
            '--client_secret=wrong', '--api-base-url=' . $emulator->url(), '--ims-base-url=' . $emulator->url());
        self::assertSame(1, $wrongSecret['status'], $wrongSecret['stdout'] . $wrongSecret['stderr']);

        $init = Magento::connect($emulator);
        self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
        $show = Magento::command('aco:config:show');
        self::assertSame(0, $show['status'], $show['stdout'] . $show['stderr']);
        self::assertStringContainsString(EmulatorProcess::TENANT, $show['stdout']);
        self::assertStringNotContainsString(EmulatorProcess::CLIENT_SECRET, $show['stdout'] . $show['stderr']);

        $badIds = Magento::command('aco:sync', '--feed=products', '--by-ids=abc');
        self::assertSame(2, $badIds['status'], $badIds['stdout'] . $badIds['stderr']);
        $badFeed = Magento::command('aco:status', '--feed=nope');
        self::assertSame(2, $badFeed['status'], $badFeed['stdout'] . $badFeed['stderr']);

        $sync = Magento::command('aco:sync', '--full');
        self::assertSame(0, $sync['status'], $sync['stdout'] . $sync['stderr']);
        self::assertStringContainsString('priceBooks:', $sync['stdout']);
        self::assertGreaterThan(0, $emulator->count('priceBooks'), 'the base website\'s price books reach ACO');

        $status = Magento::command('aco:status');
        self::assertSame(0, $status['status'], $status['stdout'] . $status['stderr']);
        self::assertStringContainsString('priceBooks', $status['stdout']);
        $resync = Magento::command('aco:resync', '--feed=priceBooks');
        self::assertSame(0, $resync['status'], $resync['stdout'] . $resync['stderr']);
        $again = Magento::command('aco:sync', '--feed=priceBooks');
        self::assertSame(0, $again['status'], $again['stdout'] . $again['stderr']);
        self::assertMatchesRegularExpression('/priceBooks: \d+ items, 0 unchanged, 0 invalid, [1-9]\d* sent/', $again['stdout'], 'a resync sends the items again');

        $plan = Magento::command('aco:views');
        self::assertSame(0, $plan['status'], $plan['stdout'] . $plan['stderr']);
        self::assertStringContainsString('policies:           Magento website base', $plan['stdout']);
        $overBudget = Magento::command('aco:views', '--apply', '--variation-budget=1');
        self::assertSame(1, $overBudget['status'], $overBudget['stdout'] . $overBudget['stderr']);
        $apply = Magento::command('aco:views', '--apply');
        self::assertSame(0, $apply['status'], $apply['stdout'] . $apply['stderr']);
        $verify = Magento::command('aco:verify', '--all');
        self::assertSame(0, $verify['status'], $verify['stdout'] . $verify['stderr']);
        self::assertStringContainsString('no drift', $verify['stdout']);
        $unknown = Magento::command('aco:verify', '--store-view=nowhere');
        self::assertSame(2, $unknown['status'], $unknown['stdout'] . $unknown['stderr']);
        $emulator->stop();
    }

    public function test_a_setting_locked_in_env_php_is_the_one_used(): void
    {
        Magento::mustRun('config:set', '--lock-env', 'aco/sync/batch_size', '123');
        try {
            self::assertMatchesRegularExpression('/batch_size\s+123\b/', Magento::mustRun('aco:config:show'));
        } finally {
            // the suite's Magento is shared by later tests: unlock as the script does between runs
            $file = Magento::root() . '/app/etc/env.php';
            $env = include $file;
            unset($env['system']);
            file_put_contents($file, "<?php\nreturn " . var_export($env, true) . ";\n");
        }
    }
}
