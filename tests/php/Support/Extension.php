<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Support;

use PHPUnit\Framework\Assert;

/**
 * The built extension as seen from outside the test process: its path, and PHP subprocesses that
 * load it (for what must be observed in a fresh process: phpinfo, stderr, fatal errors).
 */
final class Extension
{
    public static function path(): string
    {
        $path = getenv('ACO_EXTENSION_SO') ?: dirname(__DIR__, 3) . '/target/release/libaco_connector.so';
        Assert::assertFileExists($path, 'built extension not found; set ACO_EXTENSION_SO');
        return $path;
    }

    /**
     * Runs `php` with the extension loaded (or not when $load is false); without php.ini unless
     * $withIni (which brings Debian's PDO, MySQL and sodium modules).
     *
     * @param list<string> $args
     * @param string|null $stdin what the process reads on standard input (none: it inherits the test's)
     * @return array{status: int, stdout: string, stderr: string}
     */
    public static function runPhp(array $args, bool $load = true, bool $withIni = false, ?string $stdin = null): array
    {
        $cmd = $withIni ? [PHP_BINARY] : [PHP_BINARY, '-n'];
        if ($load) {
            $cmd[] = '-d';
            $cmd[] = 'extension=' . self::path();
        }
        $process = proc_open(
            array_merge($cmd, $args),
            ($stdin === null ? [] : [0 => ['pipe', 'r']]) + [1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
            $pipes
        );
        Assert::assertIsResource($process);
        if ($stdin !== null) {
            fwrite($pipes[0], $stdin);
            fclose($pipes[0]);
        }
        $stdout = stream_get_contents($pipes[1]);
        $stderr = stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return ['status' => proc_close($process), 'stdout' => (string) $stdout, 'stderr' => (string) $stderr];
    }
}
