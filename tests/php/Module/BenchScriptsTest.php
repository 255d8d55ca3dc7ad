<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Module;

use Aco\Connector\Test\Support\Extension;
use PHPUnit\Framework\TestCase;

/**
 * A benchmark on a half-set-up machine must say what is missing and fail, never print figures.
 */
final class BenchScriptsTest extends TestCase
{
    /** @return iterable<string, array{string, bool}> script => needs the database */
    public static function scripts(): iterable
    {
        foreach (['eav-assembly' => true, 'full-sync' => true, 'latency' => true, 'limits' => false, 'limits-sync' => true, 'mapping' => true, 'php-pipeline' => true, 'transport' => false] as $name => $db) {
            yield $name => ["benches/$name.php", $db];
        }
        yield 'soak' => ['scripts/soak.php', true];
    }

    /** @dataProvider scripts */
    public function test_without_the_extension_it_fails_naming_it(string $script, bool $database): void
    {
        [$status, $stdout, $stderr] = self::runScript($script, false);
        self::assertSame(1, $status);
        self::assertSame('', $stdout);
        self::assertStringContainsString('needs the extension', $stderr);
    }

    /** @dataProvider scripts */
    public function test_without_the_database_it_fails_naming_it(string $script, bool $database): void
    {
        if (!$database) {
            $this->expectNotToPerformAssertions();
            return;
        }
        [$status, $stdout, $stderr] = self::runScript($script, true);
        self::assertSame(1, $status);
        self::assertSame('', $stdout);
        self::assertStringContainsString('needs a database (ACO_DB_SOCKET)', $stderr);
        self::assertStringNotContainsString('the extension', $stderr);
    }

    /** @return array{int, string, string} status, stdout, stderr of the script run with no database in its environment */
    private static function runScript(string $script, bool $extension): array
    {
        $env = getenv();
        unset($env['ACO_DB_SOCKET']);
        $cmd = [PHP_BINARY];
        if ($extension) {
            array_push($cmd, '-d', 'extension=' . Extension::path());
        }
        $cmd[] = dirname(__DIR__, 3) . '/' . $script;
        $process = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
        self::assertIsResource($process);
        $stdout = (string) stream_get_contents($pipes[1]);
        $stderr = (string) stream_get_contents($pipes[2]);
        return [proc_close($process), $stdout, $stderr];
    }
}
