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
        self::assertNotNull($problem);
        self::assertStringContainsString('extension=', $problem);
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
        yield 'newer minor' => ['0.3.0', '0.1.0', true];
        yield 'older' => ['0.0.9', '0.1.0', false];
        yield 'other major' => ['1.0.0', '0.1.0', false];
    }

    public function test_an_incompatible_extension_names_both_versions(): void
    {
        $problem = (new ExtensionStatus(static fn (): ?string => '9.0.0'))->problem();
        self::assertNotNull($problem);
        self::assertStringContainsString('9.0.0', $problem);
        self::assertStringContainsString(ExtensionStatus::REQUIRED_VERSION, $problem);
    }
}
