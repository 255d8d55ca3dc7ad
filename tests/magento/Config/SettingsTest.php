<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Config;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Setup\Patch\Data\MoveStateOutOfConfig;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * The connector's settings as Magento keeps config: every setting the README documents is set and
 * locked with config:set, the client secret is encrypted by Magento's key (and re-encrypted when the
 * key changes), and app:config:dump writes neither the secret nor the connector's state to config.php.
 */
final class SettingsTest extends TestCase
{
    public function test_every_documented_setting_is_locked_with_config_set_and_a_store_configured_only_so_syncs(): void
    {
        Magento::fixture('catalog');
        $emulator = new EmulatorProcess();
        try {
            // a new destination: what earlier tests sent is forgotten, a full sync is scheduled
            $init = Magento::connect($emulator);
            self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
            $values = self::lockedValues($emulator);
            self::assertSame(self::documentedSettings(), array_keys($values), 'each setting of the README\'s table is locked here');
            Magento::keepingDeploymentConfig(function () use ($values, $emulator): void {
                foreach ($values as $path => $value) {
                    // one of them in config.php, as a pipeline deployment shares it; the rest in env.php
                    Magento::mustRun('config:set', $path === 'aco/sync/log_level' ? '--lock-config' : '--lock-env', $path, $value);
                }
                $locked = Magento::deploymentFile('env.php')['system']['default']['aco'];
                self::assertNotSame(EmulatorProcess::CLIENT_SECRET, $locked['connection']['client_secret'], 'the secret is locked encrypted');
                self::assertSame('debug', Magento::deploymentFile('config.php')['system']['default']['aco']['sync']['log_level']);
                // only the locked connection is left: the store is configured through config:set alone
                Magento::pdo()->exec('DELETE FROM ' . Magento::table('core_config_data') . " WHERE path LIKE 'aco/connection/%'");

                $show = Magento::mustRun('aco:config:show');
                foreach ($values as $path => $value) {
                    $field = basename($path);
                    self::assertMatchesRegularExpression('/^' . $field . '\s+' . preg_quote($field === 'client_secret' ? '******** (encrypted)' : $value, '/') . '$/m', $show, $path);
                }
                $sync = Magento::command('aco:sync', '--full');
                self::assertSame(0, $sync['status'], $sync['stdout'] . $sync['stderr']);
                self::assertGreaterThan(0, $emulator->count('products'), 'the locked connection, secret included, is the one used');
            });
        } finally {
            $emulator->stop();
        }
    }

    public function test_the_client_secret_survives_magentos_encryption_key_change_once_the_old_key_is_gone(): void
    {
        $emulator = new EmulatorProcess();
        try {
            $init = Magento::connect($emulator);
            self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
            Magento::keepingDeploymentConfig(function () use ($emulator): void {
                Magento::fixture('changeEncryptionKey');
                // The old key is made useless: Magento numbers keys by their place in crypt/key (a value
                // starts with its key's number), so the old one is overwritten, not dropped.
                $file = Magento::root() . '/app/etc/env.php';
                $env = Magento::deploymentFile('env.php');
                $keys = explode("\n", $env['crypt']['key']);
                self::assertCount(2, $keys, 'the key change appended a key');
                $keys[0] = bin2hex(random_bytes(16));
                $env['crypt']['key'] = implode("\n", $keys);
                file_put_contents($file, "<?php\nreturn " . var_export($env, true) . ";\n");

                $stored = Magento::pdo()->query('SELECT value FROM ' . Magento::table('core_config_data') . " WHERE path = 'aco/connection/client_secret'")->fetchColumn();
                self::assertStringStartsWith('1:', (string) $stored, 'the secret was re-encrypted with the new key');
                Magento::mustRun('aco:resync', '--feed=priceBooks');
                $sync = Magento::command('aco:sync', '--feed=priceBooks');
                self::assertSame(0, $sync['status'], $sync['stdout'] . $sync['stderr']);
                self::assertMatchesRegularExpression('/priceBooks: \d+ items, 0 unchanged, 0 invalid, [1-9]\d* sent/', $sync['stdout']);
            });
        } finally {
            // written with a key the restored env.php does not have: a later test connects again
            Magento::pdo()->exec('DELETE FROM ' . Magento::table('core_config_data') . " WHERE path = 'aco/connection/client_secret'");
            $emulator->stop();
        }
    }

    public function test_app_config_dump_writes_no_secret_and_no_state_to_config_php(): void
    {
        Magento::fixture('catalog');
        $emulator = new EmulatorProcess();
        try {
            $init = Magento::connect($emulator);
            self::assertSame(0, $init['status'], $init['stdout'] . $init['stderr']);
            Magento::mustRun('aco:sync');
            Magento::keepingDeploymentConfig(function (): void {
                Magento::mustRun('app:config:dump', 'system');
                $shared = Magento::deploymentFile('config.php')['system']['default']['aco'] ?? [];
                self::assertArrayHasKey('sync', $shared, 'the settings are dumped');
                self::assertArrayNotHasKey('client_secret', $shared['connection'] ?? [], 'the secret stays out of config.php');
                $paths = [];
                foreach ($shared as $group => $fields) {
                    foreach (array_keys($fields) as $field) {
                        $paths[] = "aco/$group/$field";
                    }
                }
                self::assertSame([], array_values(array_diff($paths, self::documentedSettings())), 'only settings are dumped, no state');

                $env = Magento::deploymentFile('env.php')['system']['default']['aco']['connection'] ?? [];
                self::assertArrayHasKey('client_secret', $env, 'a sensitive setting goes to env.php, as Magento dumps them');
                self::assertNotSame(EmulatorProcess::CLIENT_SECRET, $env['client_secret'], 'still encrypted');
                $show = Magento::mustRun('aco:config:show');
                self::assertStringContainsString(EmulatorProcess::TENANT, $show, 'the dumped settings are the ones used');
            });
        } finally {
            $emulator->stop();
        }
    }

    public function test_setup_upgrade_moves_the_last_connection_test_an_earlier_version_kept_among_the_settings(): void
    {
        $pdo = Magento::pdo();
        $config = Magento::table('core_config_data');
        $pdo->exec('DELETE FROM ' . Magento::table('aco_state'));
        $pdo->prepare("REPLACE INTO $config (scope, scope_id, path, value) VALUES ('default', 0, 'aco/connection/last_test', ?)")
            ->execute(['{"ok":true,"message":"tested by 1.0","at":"2026-01-01 00:00:00 UTC"}']);
        $pdo->exec('DELETE FROM ' . Magento::table('aco_full_sync'));
        $pdo->exec("REPLACE INTO $config (scope, scope_id, path, value) VALUES ('default', 0, 'aco/sync/full_requested', 'prices,categories'),
            ('default', 0, 'aco/sync/scope_fingerprint', 'a b')");
        $pdo->prepare('DELETE FROM ' . Magento::table('patch_list') . ' WHERE patch_name = ?')->execute([MoveStateOutOfConfig::class]);
        Magento::mustRun('setup:upgrade', '--keep-generated');
        self::assertFalse($pdo->query("SELECT value FROM $config WHERE path = 'aco/connection/last_test'")->fetchColumn());
        $moved = json_decode((string) $pdo->query('SELECT value FROM ' . Magento::table('aco_state') . " WHERE name = 'last_test'")->fetchColumn(), true);
        self::assertSame('tested by 1.0', $moved['message'] ?? null, 'the admin page still shows it');
        self::assertSame(['categories', 'prices'], $pdo->query('SELECT feed FROM ' . Magento::table('aco_full_sync') . ' ORDER BY feed')->fetchAll(\PDO::FETCH_COLUMN),
            'the full syncs queued before the upgrade are still owed');
        self::assertSame(0, (int) $pdo->query("SELECT COUNT(*) FROM $config WHERE path IN ('aco/sync/full_requested', 'aco/sync/scope_fingerprint')")->fetchColumn());
    }

    /** @return list<string> the paths of the README's settings table, in its order */
    private static function documentedSettings(): array
    {
        preg_match_all('/^\| `(aco\/[a-z_]+\/[a-z_]+)` \|/m', (string) file_get_contents(dirname(__DIR__, 3) . '/README.md'), $m);
        return $m[1];
    }

    /** @return array<string, string> path => the value locked: the emulator's connection, settings other than their defaults */
    private static function lockedValues(EmulatorProcess $emulator): array
    {
        return [
            'aco/connection/region' => 'na1',
            'aco/connection/type' => 'sandbox',
            'aco/connection/org_id' => 'LOCKED@AdobeOrg',
            'aco/connection/tenant_id' => EmulatorProcess::TENANT,
            'aco/connection/client_id' => EmulatorProcess::CLIENT_ID,
            'aco/connection/client_secret' => EmulatorProcess::CLIENT_SECRET,
            'aco/connection/api_base_url' => $emulator->url(),
            'aco/connection/ims_base_url' => $emulator->url(),
            // never used for a loopback host: locked here only to show it can be
            'aco/connection/proxy_url' => 'http://127.0.0.1:9',
            'aco/sync/batch_size' => '7',
            'aco/sync/concurrency' => '2',
            'aco/sync/max_attempts' => '5',
            'aco/sync/requests_per_minute' => '100000',
            'aco/sync/products_per_minute' => '100000',
            'aco/sync/prices_per_minute' => '100000',
            'aco/sync/products_per_day' => '1000000',
            'aco/sync/enforce_limits' => '1',
            'aco/sync/log_level' => 'debug',
        ];
    }
}
