<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Database;

/**
 * Identities in ACO that an item left while keeping its feed id (a category whose URL key or parent
 * changed keeps its id, ACO keys it by its slug). Each old identity's delete is tracked as an item of
 * its own, a retired row in the feed's state table (deleted, pending until ACO answers, retried when
 * it fails), so an outage cannot leave the old one in ACO for good. A retired identity a live item
 * has taken since is not deleted: the live item's upsert is what ACO keeps there.
 */
final class RetiredIdentities
{
    private Database $db;
    private string $table;

    /** @param string $table the store's name of the feed's state table */
    public function __construct(Database $db, string $table)
    {
        $this->db = $db;
        $this->table = $table;
    }

    /** The feed id of the retired row tracking the delete of `$identity` (one row an identity, whoever left it). */
    public static function id(string $identity): string
    {
        return sha1("retired\u{1F}" . $identity);
    }

    /** @param array<string, string> $deletes feed id => identity @return array<string, string> those that are retired identities */
    public static function among(array $deletes): array
    {
        return array_filter($deletes, static fn (string $identity, int|string $id): bool => (string) $id === self::id($identity), ARRAY_FILTER_USE_BOTH);
    }

    /**
     * Writes the retired rows of identities items left, pending their delete, with the entity, scope
     * and key of the item that held them (read before its new identity's answer rewrites its row).
     *
     * @param array<string, array{feedId: string, delete: string}> $moved by retired id
     * @return array<string, string> the deletes to send: retired id => identity
     */
    public function record(array $moved, int $runId): array
    {
        $held = [];
        foreach (array_chunk(array_column($moved, 'feedId'), FeedState::CHUNK) as $ids) {
            $st = $this->db->prepare("SELECT feed_id, source_entity_id, scope, item_key FROM {$this->table} WHERE feed_id IN (" . Database::marks(count($ids)) . ')');
            $st->execute($ids);
            foreach ($st->fetchAll(\PDO::FETCH_NUM) as [$id, $entity, $scope, $key]) {
                $held[$id] = [(int) $entity, $scope, $key];
            }
        }
        $deletes = [];
        foreach (array_chunk($moved, FeedState::CHUNK, true) as $chunk) {
            $values = [];
            foreach ($chunk as $retiredId => ['feedId' => $feedId, 'delete' => $identity]) {
                [$entity, $scope, $key] = $held[$feedId] ?? [0, '', ''];
                array_push($values, (string) $retiredId, $entity, $scope, $key, $identity, $runId);
                $deletes[(string) $retiredId] = $identity;
            }
            $this->db->prepare("INSERT INTO {$this->table} (feed_id, source_entity_id, scope, item_key, feed_hash, delete_payload, status, attempts, run_id, is_deleted)
                VALUES " . implode(',', array_fill(0, count($chunk), '(?, ?, ?, ?, NULL, ?, ' . ItemStatus::PENDING . ', 0, ?, 1)')) . '
                ON DUPLICATE KEY UPDATE source_entity_id = VALUES(source_entity_id), scope = VALUES(scope), item_key = VALUES(item_key), feed_hash = NULL,
                    delete_payload = VALUES(delete_payload), status = VALUES(status), attempts = 0, next_retry_at = NULL, error_status = NULL,
                    error_field = NULL, error_message = NULL, run_id = VALUES(run_id), is_deleted = 1')
                ->execute($values);
        }
        return $deletes;
    }

    /**
     * Those of these retired identities that a live item ACO confirmed holds (other than the items
     * `$except`, whose rows still name the identity they are leaving).
     *
     * @param array<string, string> $retired retired id => identity
     * @param list<string> $except feed ids
     * @return array<string, string>
     */
    public function held(array $retired, array $except): array
    {
        if ($retired === []) {
            return [];
        }
        $sql = "SELECT DISTINCT delete_payload FROM {$this->table} WHERE is_deleted = 0 AND status = " . ItemStatus::SENT
            . ' AND delete_payload IN (' . Database::marks(count($retired)) . ')';
        if ($except !== []) {
            $sql .= ' AND feed_id NOT IN (' . Database::marks(count($except)) . ')';
        }
        $st = $this->db->prepare($sql);
        $st->execute(array_merge(array_values($retired), $except));
        $live = array_flip($st->fetchAll(\PDO::FETCH_COLUMN));
        return array_filter($retired, static fn (string $identity): bool => isset($live[$identity]));
    }

    /** Forgets retired rows whose identity a live item holds again. @param list<string> $retiredIds */
    public function drop(array $retiredIds): void
    {
        foreach (array_chunk($retiredIds, FeedState::CHUNK) as $ids) {
            $this->db->prepare("DELETE FROM {$this->table} WHERE is_deleted = 1 AND feed_id IN (" . Database::marks(count($ids)) . ')')->execute($ids);
        }
    }
}
