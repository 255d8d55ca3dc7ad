<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Admin;

use Aco\Connector\MagentoTest\Support\AdminServer;
use Aco\Connector\MagentoTest\Support\Browser;
use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Model\Native\ExtensionStatus;
use PHPUnit\Framework\TestCase;

/**
 * The store's PHP without the aco extension, as on a server where the module was installed and the
 * extension was not: every aco:* command and the configuration page say so in one line, naming what the
 * module needs. Screenshot: var/test-artifacts/magento-VERSION/admin/config-without-extension.png.
 */
final class WithoutExtensionTest extends TestCase
{
    public function test_every_command_is_one_line_naming_the_extension_needed(): void
    {
        $expected = (new ExtensionStatus(static fn (): ?string => null))->problem() . "\n";
        $list = Magento::commandWithoutExtension('list', 'aco');
        self::assertSame(0, $list['status'], $list['stdout'] . $list['stderr']);
        preg_match_all('/^\s+(aco:[a-z:]+)/m', $list['stdout'], $names);
        self::assertCount(8, $names[1], $list['stdout']);
        foreach ($names[1] as $name) {
            $run = Magento::commandWithoutExtension($name);
            self::assertSame(['status' => 1, 'stdout' => $expected, 'stderr' => ''], $run, $name);
        }
    }

    public function test_the_configuration_page_names_the_extension_needed(): void
    {
        $server = new AdminServer(false);
        $browser = new Browser();
        try {
            $server->logIn($browser);
            $browser->open($server->admin('aco/config/index'));
            $problem = (string) (new ExtensionStatus(static fn (): ?string => null))->problem();
            $browser->waitForText($problem, 'config-without-extension');
            $browser->screenshot('config-without-extension');
            self::assertStringContainsString($problem, $browser->text());
        } finally {
            $browser->quit();
            $server->stop();
        }
    }
}
