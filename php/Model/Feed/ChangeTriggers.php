<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Database;

/**
 * The connector's triggers: on each catalog table a feed subscribes (Feed::subscriptions), one a row
 * event, writing the changed entity's id into each subscribing feed's changelog. Built from `Feed`
 * alone, only for the tables this store has (a store may do without Bundle, Swatches, CatalogRule,
 * MSI …), and replaced atomically (`CREATE OR REPLACE`: never a moment without one).
 */
final class ChangeTriggers
{
    private const PREFIX = 'aco_trg_';

    private Database $db;

    public function __construct(Database $db)
    {
        $this->db = $db;
    }

    /** (Re)places every trigger; the changelogs they write to must exist. */
    public function install(): void
    {
        foreach ($this->declared() as $name => $trigger) {
            $this->db->exec("CREATE OR REPLACE TRIGGER $name AFTER {$trigger['event']} ON {$trigger['table']} FOR EACH ROW {$trigger['body']}");
        }
    }

    /**
     * The subscribed tables whose triggers are missing or not as declared: Magento 2.4.4's catalog-rule
     * indexer rebuilds its price table by a swap, which drops them, as does an install killed midway.
     *
     * @return array<string, true> logical table names (none on a healthy store: two queries)
     */
    public function broken(): array
    {
        $expected = $this->declared();
        // naming the tables lets the server read only their trigger files (the cycle asks every round)
        $tables = array_values(array_unique(array_column($expected, 'table')));
        $st = $this->db->prepare('SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_STATEMENT FROM information_schema.TRIGGERS
            WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE IN (' . Database::marks(max(1, count($tables))) . ')');
        $st->execute($tables === [] ? [''] : $tables);
        $present = [];
        foreach ($st->fetchAll(\PDO::FETCH_NUM) as [$name, $table, $body]) {
            $present[$name] = [$table, trim((string) $body)];
        }
        $broken = [];
        foreach ($expected as $name => $trigger) {
            if (($present[$name] ?? null) !== [$trigger['table'], $trigger['body']]) {
                $broken[$trigger['logical']] = true;
            }
        }
        return $broken;
    }

    /**
     * The triggers change capture needs on the tables this store has: a table subscribed by several
     * feeds has one trigger an event writing to each changelog.
     *
     * @return array<string, array{logical: string, table: string, event: string, body: string}> by trigger name
     */
    private function declared(): array
    {
        $byTable = [];
        foreach (Feed::all() as $feed) {
            foreach ($feed->subscriptions() as $table => $column) {
                $byTable[$table][] = [$this->db->table($feed->changelog()), $column];
            }
        }
        // two queries, not two a table: the cycle asks every round
        $columns = $this->entityColumns(array_keys($byTable));
        $out = [];
        foreach ($byTable as $logical => $views) {
            if (!isset($columns[$logical])) {
                continue;   // a module the store does without
            }
            $table = $this->db->table($logical);
            // `entity_id` subscriptions of staged tables (Adobe Commerce) record `row_id` instead
            $views = array_map(static fn (array $v): array => [$v[0], $v[1] === 'entity_id' ? $columns[$logical] : $v[1]], $views);
            foreach (['INSERT' => 'NEW', 'UPDATE' => 'NEW', 'DELETE' => 'OLD'] as $event => $row) {
                $name = substr(self::PREFIX . $table . '_' . strtolower($event), 0, 64);
                $body = implode(' ', array_map(static fn (array $v): string => "INSERT INTO {$v[0]} (entity_id) VALUES ($row.{$v[1]});", $views));
                $out[$name] = ['logical' => $logical, 'table' => $table, 'event' => $event, 'body' => "BEGIN $body END"];
                if ($event === 'UPDATE') {
                    // the old id too: a row moved to another entity changes both
                    $old = implode(' ', array_map(static fn (array $v): string => "IF NOT (OLD.{$v[1]} <=> NEW.{$v[1]}) THEN INSERT INTO {$v[0]} (entity_id) VALUES (OLD.{$v[1]}); END IF;", $views));
                    $out[substr($name, 0, 60) . '_old'] = ['logical' => $logical, 'table' => $table, 'event' => $event, 'body' => "BEGIN $old END"];
                }
            }
        }
        return $out;
    }

    /**
     * The tables among $tables this store has, each with the column holding its entity's id:
     * `entity_id`, or `row_id` where only that exists (staging).
     *
     * @param list<string> $tables logical names
     * @return array<string, string>
     */
    private function entityColumns(array $tables): array
    {
        $names = array_combine(array_map([$this->db, 'table'], $tables), $tables);
        $st = $this->db->prepare("SELECT TABLE_NAME, MAX(COLUMN_NAME = 'entity_id') FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (" . Database::marks(count($names)) . ') GROUP BY TABLE_NAME');
        $st->execute(array_keys($names));
        $out = [];
        foreach ($st->fetchAll(\PDO::FETCH_NUM) as [$table, $hasEntityId]) {
            $out[$names[$table]] = (int) $hasEntityId === 1 ? 'entity_id' : 'row_id';
        }
        return $out;
    }
}
