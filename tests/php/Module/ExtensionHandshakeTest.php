<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Module;

use Aco\Connector\Model\Native\ExtensionStatus;
use Aco\Connector\Model\Services;
use Aco\Connector\Model\ServicesProvider;
use Aco\Connector\Test\Support\Extension;
use Aco\Connector\Test\Support\StandaloneCli;
use PHPUnit\Framework\TestCase;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Tester\CommandTester;

/**
 * Every aco:* command Magento registers (and bin/aco runs) starts by checking the loaded extension: a
 * missing or mismatched one is one line naming what is loaded and what is needed, exit 1, and nothing else
 * happens.
 */
final class ExtensionHandshakeTest extends TestCase
{
    private const ROOT = __DIR__ . '/../../..';

    public static function setUpBeforeClass(): void
    {
        require_once is_file('/usr/share/php/Symfony/Component/Console/autoload.php')
            ? '/usr/share/php/Symfony/Component/Console/autoload.php'
            : self::ROOT . '/vendor/symfony/console/autoload.php';
    }

    /** @dataProvider commands */
    public function test_a_mismatched_extension_is_one_line_and_the_command_does_nothing(string $class): void
    {
        $extension = new ExtensionStatus(static fn (): ?string => '0.2.0');
        /** @var Command $command */
        $command = new $class(self::untouched(), $extension);
        $tester = new CommandTester($command);

        $status = $tester->execute([]);

        self::assertSame(1, $status);
        self::assertSame($extension->problem() . "\n", $tester->getDisplay());
        self::assertStringContainsString('aco PHP extension 0.2.0 is loaded; this module needs aco 0.1.x', $tester->getDisplay());
    }

    /** @dataProvider commands */
    public function test_without_the_extension_bin_aco_says_so_in_one_line(string $class): void
    {
        /** @var Command $command */
        $command = new $class(self::untouched());
        $run = Extension::runPhp([StandaloneCli::bin(), '--no-ansi', (string) $command->getName()], false, true);

        self::assertSame(['status' => 1, 'stdout' => (new ExtensionStatus(static fn (): ?string => null))->problem() . "\n", 'stderr' => ''], $run);
    }

    /** @return iterable<string, array{class-string}> every command in Magento's CommandList (php/etc/di.xml) */
    public static function commands(): iterable
    {
        $di = simplexml_load_file(self::ROOT . '/php/etc/di.xml');
        foreach ($di->xpath('//type[@name="Magento\Framework\Console\CommandList"]//item') as $item) {
            yield (string) $item['name'] => [trim((string) $item)];
        }
    }

    /** Services that must not be reached: the command stops at the extension check. */
    private static function untouched(): ServicesProvider
    {
        return new class () implements ServicesProvider {
            public function services(): Services
            {
                throw new \LogicException('the command went on past the extension check');
            }

            public function reconnect(): Services
            {
                return $this->services();
            }
        };
    }
}
