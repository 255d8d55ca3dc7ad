<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Extension;

use Aco\Connector\Test\Support\Extension;
use PHPUnit\Framework\TestCase;

final class ExtensionInfoTest extends TestCase
{
    public function test_version_is_the_crate_version_from_cargo_toml(): void
    {
        $cargo = (string) file_get_contents(__DIR__ . '/../../../Cargo.toml');
        self::assertSame(1, preg_match('/^version\s*=\s*"([^"]+)"/m', $cargo, $m));
        self::assertSame($m[1], \Aco\Native\version());
        self::assertSame($m[1], phpversion('aco'), 'the module entry reports another version');
    }

    public function test_php_ri_aco_shows_version_build_and_tls_backend(): void
    {
        $run = Extension::runPhp(['--ri', 'aco']);
        self::assertSame(0, $run['status'], $run['stderr']);
        self::assertSame('', $run['stderr']);
        self::assertStringContainsString('aco support => enabled', $run['stdout']);
        self::assertStringContainsString('version => ' . \Aco\Native\version(), $run['stdout']);
        self::assertMatchesRegularExpression('/^build => (release|debug) \S+-linux$/m', $run['stdout']);
        self::assertMatchesRegularExpression('/^TLS backend => rustls\b.*verification always on/m', $run['stdout']);
    }

    public function test_the_readme_one_liner_prints_the_version(): void
    {
        $run = Extension::runPhp(['-r', 'echo Aco\Native\version();']);
        self::assertSame(['status' => 0, 'stdout' => \Aco\Native\version(), 'stderr' => ''], $run);
    }
}
