<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Config;

use Aco\Connector\Model\Budget\Limits;
use Aco\Connector\Model\ConnectorState;
use Aco\Connector\Model\Database;

/**
 * The connector's settings in `core_config_data` (default scope), as Magento stores config:
 * `aco/connection/*` (the client secret encrypted) and `aco/sync/*`; values a store locked in its
 * deployment config (`config:set --lock-env` / `--lock-config`) win, as they do in Magento. Turns
 * them into the configuration array of Aco\Native\Client.
 */
class ConnectionConfig
{
    public const PREFIX = 'aco/connection/';
    public const FIELDS = ['region', 'type', 'tenant_id', 'org_id', 'client_id', 'client_secret', 'api_base_url', 'ims_base_url', 'proxy_url'];
    /**
     * Sync settings and their defaults (also in etc/config.xml). The limits (Budget\Limits) default
     * to ACO's documented ones; `enforce_limits` 0 turns the shared budget off (the local emulator
     * without limits).
     */
    public const SYNC_DEFAULTS = ['batch_size' => 500, 'concurrency' => 4, 'max_attempts' => 8, 'enforce_limits' => 1] + Limits::DEFAULTS;

    private Database $db;
    private SecretCipher $cipher;
    /** @var array<string, string> path => value locked in app/etc/env.php or config.php */
    private array $locked;

    /** @param array<string, string> $locked path => value locked in Magento's deployment config */
    public function __construct(Database $db, SecretCipher $cipher, array $locked = [])
    {
        $this->db = $db;
        $this->cipher = $cipher;
        $this->locked = $locked;
    }

    /** @return list<string> the paths among these that the deployment config locks (a saved value there is not used) */
    public function lockedAmong(array $paths): array
    {
        return array_values(array_intersect($paths, array_keys($this->locked)));
    }

    /** @return array<string, string|null> path => value of the default scope under a prefix, locked values over stored ones */
    private function values(string $prefix): array
    {
        $st = $this->db->prepare("SELECT path, value FROM {core_config_data} WHERE scope = 'default' AND scope_id = 0 AND path LIKE ?");
        $st->execute([$prefix . '%']);
        $out = $st->fetchAll(\PDO::FETCH_KEY_PAIR);
        foreach ($this->locked as $path => $value) {
            if (str_starts_with($path, $prefix)) {
                $out[$path] = $value;
            }
        }
        return $out;
    }

    /** @param array<string, string|null> $values connection fields; the secret is encrypted here */
    public function save(#[\SensitiveParameter] array $values): void
    {
        $st = $this->db->prepare("INSERT INTO {core_config_data} (scope, scope_id, path, value) VALUES ('default', 0, ?, ?)
            ON DUPLICATE KEY UPDATE value = VALUES(value)");
        foreach (self::FIELDS as $field) {
            if (!array_key_exists($field, $values)) {
                continue;
            }
            $value = $values[$field];
            if ($field === 'client_secret' && $value !== null && $value !== '') {
                $value = $this->cipher->encrypt($value);
            }
            $st->execute([self::PREFIX . $field, $value]);
        }
    }

    /**
     * Where the data goes: region, environment, tenant and API URL (of `$values`, or as stored).
     * Feed state is only true of the destination it was sent to. Region and environment are
     * compared without case, as the extension reads them.
     *
     * @param array<string, string|null>|null $values
     */
    public function destination(?array $values = null): string
    {
        $values ??= $this->stored();
        return implode('|', [strtolower((string) ($values['region'] ?? '')), strtolower((string) ($values['type'] ?? '')),
            (string) ($values['tenant_id'] ?? ''), (string) ($values['api_base_url'] ?? '')]);
    }

    /** @param array<string, int> $values sync settings (keys of SYNC_DEFAULTS) */
    public function saveSync(array $values): void
    {
        $st = $this->db->prepare("INSERT INTO {core_config_data} (scope, scope_id, path, value) VALUES ('default', 0, ?, ?)
            ON DUPLICATE KEY UPDATE value = VALUES(value)");
        foreach (array_intersect_key($values, self::SYNC_DEFAULTS) as $key => $value) {
            $st->execute(["aco/sync/$key", (string) (int) $value]);
        }
    }

    public function isConfigured(): bool
    {
        $stored = $this->stored();
        return ($stored['tenant_id'] ?? '') !== '' && ($stored['client_id'] ?? '') !== '' && ($stored['client_secret'] ?? '') !== '';
    }

    /** @return array<string, string|null> stored connection fields, the secret still encrypted */
    public function stored(): array
    {
        $out = [];
        foreach ($this->values(self::PREFIX) as $path => $value) {
            $out[substr($path, strlen(self::PREFIX))] = $value;
        }
        return $out;
    }

    /** Stores > Configuration > Adobe Commerce Optimizer > Log Level (default info). */
    public function logLevel(): string
    {
        return (string) (($this->values('aco/sync/log_level')['aco/sync/log_level'] ?? '') ?: 'info');
    }

    /** @return array<string, int> */
    public function sync(): array
    {
        $out = self::SYNC_DEFAULTS;
        foreach ($this->syncValues() as $key => $value) {
            if (isset($out[$key]) && is_numeric($value)) {
                $out[$key] = (int) $value;
            }
        }
        return $out;
    }

    /** @return array<string, string|null> the `aco/sync/*` values as stored (or locked), by key */
    private function syncValues(): array
    {
        $out = [];
        foreach ($this->values('aco/sync/') as $path => $value) {
            $out[substr($path, strlen('aco/sync/'))] = $value;
        }
        return $out;
    }

    /**
     * The tenant's limits the shared budget keeps to, or null when `aco/sync/enforce_limits` is 0.
     *
     * @throws ConfigurationException naming a stored limit that is not a whole number of at least 1
     */
    public function limits(): ?Limits
    {
        $stored = $this->syncValues();
        if (($stored['enforce_limits'] ?? '1') === '0') {
            return null;
        }
        try {
            return Limits::fromSettings(array_intersect_key($stored, Limits::DEFAULTS));
        } catch (\InvalidArgumentException $e) {
            throw new ConfigurationException($e->getMessage() . ' (bin/magento config:set, or aco:config:init --requests-per-minute etc.)');
        }
    }

    /** Records the outcome of the last connection test (IMS token + API call) for the admin page: state, in `aco_state`. */
    public function recordTest(bool $ok, string $message): void
    {
        (new ConnectorState($this->db))->set('last_test', ['ok' => $ok, 'message' => $message, 'at' => gmdate('Y-m-d H:i:s') . ' UTC']);
    }

    /** @return array{ok: bool, message: string, at: string}|null */
    public function lastTest(): ?array
    {
        return (new ConnectorState($this->db))->get('last_test');
    }

    /** The ACO admin UI of the stored tenant: https://{region}[-sandbox].admin.commerce.adobe.com/{tenant}. */
    public function adminUrl(): string
    {
        $stored = $this->stored();
        $suffix = strtolower((string) ($stored['type'] ?? 'sandbox')) === 'production' ? '' : '-sandbox';
        return sprintf('https://%s%s.admin.commerce.adobe.com/%s', rawurlencode((string) ($stored['region'] ?? 'na1')), $suffix,
            rawurlencode((string) ($stored['tenant_id'] ?? '')));
    }

    /** The stored connection for display: the secret masked. @return array<string, string> */
    public function masked(): array
    {
        $out = [];
        foreach (self::FIELDS as $field) {
            $value = (string) ($this->stored()[$field] ?? '');
            $out[$field] = $field === 'client_secret' ? ($value === '' ? '' : '******** (encrypted)') : $value;
        }
        return $out;
    }

    /**
     * The Aco\Native\Client configuration: stored connection, secret decrypted, sync settings.
     *
     * @param array<string, int|string|bool> $overrides e.g. concurrency from the command line
     * @return array<string, int|string|bool|null>
     */
    public function clientConfig(array $overrides = []): array
    {
        $stored = $this->stored();
        if (!$this->isConfigured()) {
            throw new \RuntimeException('the connector is not configured: run aco:config:init');
        }
        $config = [
            'region' => (string) ($stored['region'] ?? ''),
            'type' => (string) ($stored['type'] ?? ''),
            'tenant_id' => (string) $stored['tenant_id'],
            'org_id' => (string) ($stored['org_id'] ?? ''),
            'client_id' => (string) $stored['client_id'],
            'client_secret' => $this->cipher->decrypt((string) $stored['client_secret']),
        ];
        // the client does not pace itself: the shared budget (Delivery) paces every request
        $config += ['concurrency' => $this->sync()['concurrency']];
        $api = (string) ($stored['api_base_url'] ?? '');
        $ims = (string) ($stored['ims_base_url'] ?? '');
        if ($api !== '' || $ims !== '') {
            $config += ['api_base_url' => $api ?: null, 'ims_base_url' => $ims ?: null, 'allow_url_override' => true];
        }
        if (($stored['proxy_url'] ?? '') !== '') {
            $config['proxy_url'] = (string) $stored['proxy_url'];
        }
        return $overrides + $config;
    }
}
