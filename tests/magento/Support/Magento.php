<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Support;

use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\Assert;

/**
 * The Magento under test, driven from outside as a merchant and Magento's own processes drive it:
 * bin/magento commands, and Magento's services through Fixtures/magento.php (each call a fresh
 * process booted through Magento's Bootstrap, as cron and the CLI are).
 */
final class Magento
{
    public static function root(): string
    {
        return (string) getenv('MAGENTO_ROOT');
    }

    /**
     * @return list<string> php with the extension loaded, as every bin/magento call needs (or without it, as on
     *         a server where it is not installed)
     */
    public static function php(bool $withExtension = true): array
    {
        return array_merge([PHP_BINARY], $withExtension ? ['-d', 'extension=' . getenv('ACO_EXTENSION_SO')] : [], ['-d', 'memory_limit=2G']);
    }

    /**
     * bin/magento with these arguments.
     *
     * @return array{status: int, stdout: string, stderr: string}
     */
    public static function command(string ...$args): array
    {
        return self::run(array_merge(self::php(), ['bin/magento', '--no-ansi', '--no-interaction'], $args));
    }

    /**
     * bin/magento with these arguments, run by a PHP without the aco extension.
     *
     * @return array{status: int, stdout: string, stderr: string}
     */
    public static function commandWithoutExtension(string ...$args): array
    {
        return self::run(array_merge(self::php(false), ['bin/magento', '--no-ansi', '--no-interaction'], $args));
    }

    /**
     * bin/magento, which must succeed; its output.
     */
    public static function mustRun(string ...$args): string
    {
        $r = self::command(...$args);
        Assert::assertSame(0, $r['status'], 'bin/magento ' . implode(' ', $args) . " failed:\n" . $r['stdout'] . $r['stderr']);
        return $r['stdout'];
    }

    /**
     * Runs one action of Fixtures/magento.php inside Magento; returns what it printed as JSON.
     *
     * @param array<string, mixed> $args
     * @return mixed
     */
    public static function fixture(string $action, array $args = [])
    {
        $r = self::run(array_merge(self::php(), [dirname(__DIR__) . '/Fixtures/magento.php', $action, json_encode($args, JSON_THROW_ON_ERROR)]));
        Assert::assertSame(0, $r['status'], "fixture $action failed:\n" . $r['stdout'] . $r['stderr']);
        return json_decode($r['stdout'], true, 512, JSON_THROW_ON_ERROR);
    }

    /** Connects the module to the emulator as a merchant does (aco:config:init), without client-side limits. */
    public static function connect(EmulatorProcess $emulator, string ...$extra): array
    {
        $url = $emulator->url();
        return self::command('aco:config:init', '--org_id=ORG@AdobeOrg', '--tenant_id=' . EmulatorProcess::TENANT,
            '--client_id=' . EmulatorProcess::CLIENT_ID, '--client_secret=' . EmulatorProcess::CLIENT_SECRET,
            "--api-base-url=$url", "--ims-base-url=$url", '--requests-per-minute=1000000', '--products-per-minute=1000000',
            '--prices-per-minute=1000000', ...$extra);
    }

    /**
     * One run of a cron group as Magento's cron runs it (cron:run --group, in this process rather than
     * a child PHP that would lack the extension), with every job of the group due now: Magento runs a
     * job once per scheduled minute, and a test must not wait for the clock.
     *
     * @param list<string> $jobs
     */
    public static function cron(string $group, array $jobs): string
    {
        self::schedule($jobs);
        $out = self::mustRun(...self::cronRun($group));
        self::assertCronRan($group, $jobs, $out);
        return $out;
    }

    /**
     * The fixture's store, its indexes built, connected to a new emulator and sent by the lanes' cron
     * (the full sync aco:config:init asked for).
     */
    public static function connectedStore(): EmulatorProcess
    {
        self::fixture('catalog');
        self::mustRun('indexer:reindex', 'catalogrule_rule', 'catalogrule_product', 'catalog_product_price', 'cataloginventory_stock', 'inventory');
        $emulator = new EmulatorProcess();
        $init = self::connect($emulator);
        Assert::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
        self::acoCron();
        return $emulator;
    }

    /**
     * Magento's cron alone sent $change: a full sync now finds nothing to send or delete in any feed.
     *
     * @param bool $refused whether the catalog has items the mapping refuses (the full sync then exits 1)
     */
    public static function assertCronConverged(string $change, bool $refused = false): void
    {
        self::acoCron();
        $full = self::command('aco:sync', '--full');
        Assert::assertSame($refused ? 1 : 0, $full['status'], "after $change, aco:sync --full:\n" . $full['stdout'] . $full['stderr']);
        Assert::assertSame(5, preg_match_all('/: \d+ items, \d+ unchanged, \d+ invalid, 0 sent \(0 accepted, 0 failed; 0 of them deletes\)/', $full['stdout']),
            "after $change, Magento's cron left work for a full sync:\n{$full['stdout']}");
    }

    /** Each lane's cron group once, one after the other (Magento's cron runs them side by side). */
    public static function acoCron(): void
    {
        self::cron('aco_catalog', ['aco_sync_catalog']);
        self::cron('aco_prices', ['aco_sync_prices']);
    }

    /**
     * cron() started and not waited for, as Magento starts a group's process; cronFinished() waits.
     *
     * @param list<string> $jobs
     * @return resource
     */
    public static function cronStarted(string $group, array $jobs)
    {
        self::schedule($jobs);
        $null = ['file', '/dev/null', 'r+'];
        $process = proc_open(array_merge(self::php(), ['bin/magento', '--no-ansi'], self::cronRun($group)), [$null, $null, $null], $pipes, self::root());
        Assert::assertIsResource($process);
        return $process;
    }

    /**
     * @param resource $process from cronStarted()
     * @param list<string> $jobs
     */
    public static function cronFinished($process, string $group, array $jobs): void
    {
        Assert::assertSame(0, proc_close($process), "cron:run --group=$group failed");
        self::assertCronRan($group, $jobs, '');
    }

    /** @param list<string> $jobs due now, once each */
    private static function schedule(array $jobs): void
    {
        $schedule = self::table('cron_schedule');
        $delete = self::pdo()->prepare("DELETE FROM $schedule WHERE job_code = ?");
        $insert = self::pdo()->prepare("INSERT INTO $schedule (job_code, status, created_at, scheduled_at) VALUES (?, 'pending', UTC_TIMESTAMP(), UTC_TIMESTAMP())");
        foreach ($jobs as $job) {
            $delete->execute([$job]);
            $insert->execute([$job]);
        }
    }

    /** @return list<string> */
    private static function cronRun(string $group): array
    {
        return ['cron:run', "--group=$group", '--bootstrap=standaloneProcessStarted=1'];
    }

    /** @param list<string> $jobs */
    private static function assertCronRan(string $group, array $jobs, string $out): void
    {
        $pdo = self::pdo();
        $schedule = self::table('cron_schedule');
        $failed = $pdo->query("SELECT job_code, messages FROM $schedule WHERE status = 'error' AND job_code IN ('" . implode("','", $jobs) . "')")->fetchAll(\PDO::FETCH_KEY_PAIR);
        Assert::assertSame([], $failed, 'cron jobs failed');
        $ran = (int) $pdo->query("SELECT COUNT(*) FROM $schedule WHERE status = 'success' AND job_code IN ('" . implode("','", $jobs) . "')")->fetchColumn();
        Assert::assertSame(count($jobs), $ran, "cron:run --group=$group did not run every job:\n$out");
    }

    /**
     * Moves the connector's clock in every Magento process from now on to read `$unixTime` (it keeps
     * running from there): the test-only module AcoTest_Clock (tests/magento/Module) prefers a clock
     * shifted by var/aco-test-clock-offset. null: the machine's time again.
     */
    public static function shiftClock(?float $unixTime): void
    {
        $file = self::root() . '/var/aco-test-clock-offset';
        if ($unixTime === null) {
            @unlink($file);
            return;
        }
        file_put_contents($file, sprintf('%.3F', $unixTime - microtime(true)));
    }

    /**
     * Runs $body, then puts app/etc/env.php, app/etc/config.php and Magento's hash of them back as they
     * were, and drops the config cache: config:set --lock-*, app:config:dump and a key change write them,
     * and the suite's Magento is shared by later tests (a stale hash would make the admin ask for
     * app:config:import).
     *
     * @template T
     * @param callable(): T $body
     * @return T
     */
    public static function keepingDeploymentConfig(callable $body)
    {
        $files = [];
        foreach (['env.php', 'config.php'] as $name) {
            $files[$name] = (string) file_get_contents(self::root() . "/app/etc/$name");
        }
        $flag = self::table('flag');
        $hash = self::pdo()->query("SELECT flag_data FROM $flag WHERE flag_code = 'config_hash'")->fetchColumn();
        try {
            return $body();
        } finally {
            foreach ($files as $name => $text) {
                file_put_contents(self::root() . "/app/etc/$name", $text);
            }
            self::pdo()->prepare("UPDATE $flag SET flag_data = ? WHERE flag_code = 'config_hash'")->execute([$hash === false ? null : $hash]);
            // Magento's file cache, removed as the suite's script does: its entries are encrypted with the
            // crypt key, which a key change may have changed (bin/magento could not start to clean it)
            exec('rm -rf ' . escapeshellarg(self::root() . '/var/cache'));
        }
    }

    /** @return array<string, mixed> app/etc/env.php or config.php as Magento reads it */
    public static function deploymentFile(string $name): array
    {
        $file = self::root() . "/app/etc/$name";
        if (function_exists('opcache_invalidate')) {
            opcache_invalidate($file, true);
        }
        return include $file;
    }

    /** A table's name in this Magento: with its table prefix (env.php `db/table_prefix`) in front. */
    public static function table(string $name): string
    {
        static $prefix = null;
        $prefix ??= (string) ((include self::root() . '/app/etc/env.php')['db']['table_prefix'] ?? '');
        return $prefix . $name;
    }

    public static function pdo(): \PDO
    {
        $socket = getenv('ACO_DB_SOCKET');
        $name = getenv('ACO_DB_NAME') ?: 'magento';
        $dsn = $socket ? "mysql:unix_socket=$socket;dbname=$name" : sprintf('mysql:host=%s;port=%s;dbname=%s', getenv('ACO_DB_HOST'), getenv('ACO_DB_PORT'), $name);
        return new \PDO($dsn, getenv('ACO_DB_USER') ?: 'root', getenv('ACO_DB_PASSWORD') ?: '', [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION]);
    }

    /**
     * @param list<string> $cmd
     * @return array{status: int, stdout: string, stderr: string}
     */
    private static function run(array $cmd): array
    {
        $process = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, self::root());
        Assert::assertIsResource($process);
        // Read both pipes as they fill: a command writing much to stderr must not block on it.
        $out = ['', ''];
        $open = [1 => $pipes[1], 2 => $pipes[2]];
        while ($open) {
            $read = array_values($open);
            $w = $e = null;
            stream_select($read, $w, $e, 5);
            foreach ($read as $stream) {
                $i = array_search($stream, $open, true);
                $chunk = fread($stream, 65536);
                if ($chunk === '' || $chunk === false) {
                    fclose($stream);
                    unset($open[$i]);
                    continue;
                }
                $out[$i - 1] .= $chunk;
            }
        }
        return ['status' => proc_close($process), 'stdout' => $out[0], 'stderr' => $out[1]];
    }
}
