<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Module;

use Aco\Connector\Model\Native\ExtensionStatus;
use PHPUnit\Framework\TestCase;

final class ExtensionStatusTest extends TestCase
{
    public function test_the_built_extension_satisfies_the_module(): void
    {
        $status = new ExtensionStatus();
        self::assertSame(\Aco\Native\version(), $status->loadedVersion());
        self::assertNull($status->problem());
    }

    public function test_a_missing_extension_is_explained_with_the_php_ini_line_to_add(): void
    {
        $problem = (new ExtensionStatus(static fn (): ?string => null))->problem();
        self::assertSame('The aco PHP extension is not loaded; this module needs aco 0.1.x (0.1.0 or later): install it '
            . '(README, "Install in a real Magento") and load it with extension=aco for the CLI and the web server, then restart PHP.', $problem);
    }

    /** @dataProvider versions */
    public function test_compatibility_follows_semver(string $loaded, string $required, bool $ok): void
    {
        self::assertSame($ok, ExtensionStatus::isCompatible($loaded, $required));
    }

    /** @return iterable<string, array{string, string, bool}> */
    public static function versions(): iterable
    {
        yield 'same' => ['0.1.0', '0.1.0', true];
        yield 'newer patch' => ['0.1.7', '0.1.0', true];
        yield 'newer minor before 1.0: another API' => ['0.3.0', '0.1.0', false];
        yield 'older' => ['0.0.9', '0.1.0', false];
        yield 'other major' => ['1.0.0', '0.1.0', false];
        yield 'newer minor' => ['1.4.0', '1.2.0', true];
        yield 'older minor' => ['1.1.9', '1.2.0', false];
        yield 'next major' => ['2.0.0', '1.2.0', false];
        yield 'pre-release of the version needed' => ['0.1.0-dev', '0.1.0', false];
    }

    public function test_an_incompatible_extension_names_both_versions(): void
    {
        $problem = (new ExtensionStatus(static fn (): ?string => '9.0.0'))->problem();
        self::assertSame('The aco PHP extension 9.0.0 is loaded; this module needs aco 0.1.x (0.1.0 or later): install the '
            . 'extension of this module\'s release (README, "Install in a real Magento"), then restart PHP.', $problem);
    }
}
