<?php
declare(strict_types=1);

namespace Aco\Connector\Model;

/**
 * What the connector records, by name, as JSON in its own table `aco_state` (etc/db_schema.xml):
 * state is no setting, and `core_config_data` is what app:config:dump exports to app/etc/config.php,
 * where a value is locked for good.
 */
final class ConnectorState
{
    private Database $db;

    public function __construct(Database $db)
    {
        $this->db = $db;
    }

    /** @param array<string, mixed> $value */
    public function set(string $name, array $value): void
    {
        $this->db->prepare('INSERT INTO {aco_state} (name, value) VALUES (?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)')
            ->execute([$name, json_encode($value, JSON_THROW_ON_ERROR)]);
    }

    /** @return array<string, mixed>|null */
    public function get(string $name): ?array
    {
        $st = $this->db->prepare('SELECT value FROM {aco_state} WHERE name = ?');
        $st->execute([$name]);
        $value = json_decode((string) $st->fetchColumn(), true);
        return is_array($value) ? $value : null;
    }
}
