<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Database;

/**
 * A feed's state table (`aco_feed_*`): what was mapped, what ACO confirmed, what failed and why.
 * Every write is a multi-row statement, so a 1,000-item chunk costs a handful of round trips.
 */
class FeedState
{
    /** Rows per multi-row statement. */
    public const CHUNK = 1000;
    /**
     * SQL: a row the mapping refused whose copy in ACO, if any, is not withdrawn yet (recordInvalid);
     * its delete is answered as a withdrawal (AnswerWriter).
     */
    public const WITHDRAWAL = 'status = ' . ItemStatus::INVALID . ' AND is_deleted = 0 AND feed_hash IS NULL AND delete_payload IS NOT NULL';

    private Database $db;
    private string $table;
    private int $maxAttempts;
    /** Writes ACO's answers (made once per run, on the first answers: it keeps prepared statements). */
    private ?AnswerWriter $answers = null;
    private ?RetiredIdentities $retired = null;

    public function __construct(Database $db, Feed $feed, int $maxAttempts = 8)
    {
        $this->db = $db;
        $this->table = $db->table($feed->table());
        $this->maxAttempts = max(1, $maxAttempts);
    }

    /**
     * @param list<string> $feedIds
     * @return array<string, array{hash: ?string, status: int, deleted: bool}>
     */
    public function fetch(array $feedIds): array
    {
        $out = [];
        foreach (array_chunk($feedIds, self::CHUNK) as $ids) {
            $st = $this->db->prepare("SELECT feed_id, feed_hash, status, is_deleted FROM {$this->table} WHERE feed_id IN (" . Database::marks(count($ids)) . ')');
            $st->execute($ids);
            foreach ($st->fetchAll(\PDO::FETCH_NUM) as [$id, $hash, $status, $deleted]) {
                $out[$id] = ['hash' => $hash, 'status' => (int) $status, 'deleted' => (bool) $deleted];
            }
        }
        return $out;
    }

    /**
     * The rows of a window of source entities, deleted ones included: entity ids in (`$after`,
     * `$upTo`] (null = no upper bound), or the given ids, or (both null) the whole table.
     *
     * @param list<int>|null $entityIds
     * @return array<string, array{hash: ?string, status: int, deleted: bool, delete: ?string, entity: int}>
     */
    public function window(?int $after, ?int $upTo, ?array $entityIds = null): array
    {
        $sql = "SELECT feed_id, feed_hash, status, is_deleted, delete_payload, source_entity_id FROM {$this->table}";
        $params = [];
        if ($entityIds !== null) {
            if ($entityIds === []) {
                return [];
            }
            $sql .= ' WHERE source_entity_id IN (' . implode(',', array_map('intval', $entityIds)) . ')';
        } elseif ($after !== null) {
            $sql .= ' WHERE source_entity_id > ?' . ($upTo === null ? '' : ' AND source_entity_id <= ?');
            $params = $upTo === null ? [$after] : [$after, $upTo];
        }
        $st = $this->db->prepare($sql);
        $st->execute($params);
        $out = [];
        foreach ($st->fetchAll(\PDO::FETCH_NUM) as [$id, $hash, $status, $deleted, $delete, $entity]) {
            $out[$id] = ['hash' => $hash, 'status' => (int) $status, 'deleted' => (bool) $deleted, 'delete' => $delete, 'entity' => (int) $entity];
        }
        return $out;
    }

    /**
     * Those of these items whose row is still live at the entity a window read it at: answers written
     * since may have moved one to another entity (its SKU now there).
     *
     * @param array<string, string> $items feed id => delete payload
     * @param array<string, array{entity: int}> $known the window's rows
     * @return array<string, string>
     */
    public function stillAt(array $items, array $known): array
    {
        $at = [];
        foreach (array_chunk(array_keys($items), self::CHUNK) as $ids) {
            $st = $this->db->prepare("SELECT feed_id, source_entity_id FROM {$this->table} WHERE is_deleted = 0 AND feed_id IN (" . Database::marks(count($ids)) . ')');
            $st->execute(array_map('strval', $ids));
            $at += $st->fetchAll(\PDO::FETCH_KEY_PAIR);
        }
        return array_filter($items, static fn (int|string $id): bool => isset($at[$id]) && (int) $at[$id] === $known[$id]['entity'], ARRAY_FILTER_USE_KEY);
    }

    /** The retired identities (old category slugs) tracked in this table. */
    public function retiredIdentities(): RetiredIdentities
    {
        return $this->retired ??= new RetiredIdentities($this->db, $this->table);
    }

    /**
     * Records items the mapping refused (status invalid, with the field and reason): they are not
     * sent, so nothing else will write their row. What ACO may still hold under such an item's
     * identity is stale, and sellable if it was enabled, so its row stays `is_deleted = 0` (ACO's copy
     * not yet withdrawn: `dueRetries` sends its delete) unless ACO is known to hold nothing of it: a
     * new item, or one whose delete or withdrawal ACO confirmed.
     *
     * @param list<array{feedId: string, entityId: int, scope: string, key: string, delete: ?string, errorField: ?string, errorMessage: ?string}> $rows
     */
    public function recordInvalid(array $rows, int $runId): void
    {
        foreach (array_chunk($rows, self::CHUNK) as $chunk) {
            $values = [];
            foreach ($chunk as $r) {
                array_push($values, $r['feedId'], $r['entityId'], $r['scope'], self::itemKey($r['key']), $r['delete'], $r['errorField'], $r['errorMessage'], $runId);
            }
            $this->db->prepare("INSERT INTO {$this->table}
                    (feed_id, source_entity_id, scope, item_key, feed_hash, delete_payload, status, error_field, error_message, run_id, is_deleted, attempts)
                VALUES " . implode(',', array_fill(0, count($chunk), '(?, ?, ?, ?, NULL, ?, ' . ItemStatus::INVALID . ', ?, ?, ?, 1, 0)')) . '
                ON DUPLICATE KEY UPDATE source_entity_id = VALUES(source_entity_id), scope = VALUES(scope), item_key = VALUES(item_key),
                    feed_hash = NULL, delete_payload = COALESCE(VALUES(delete_payload), delete_payload),
                    is_deleted = (is_deleted = 1 AND status IN (' . ItemStatus::SENT . ', ' . ItemStatus::INVALID . ')),
                    status = VALUES(status), error_field = VALUES(error_field), error_message = VALUES(error_message), error_status = NULL,
                    next_retry_at = NULL, run_id = VALUES(run_id)')
                ->execute($values);
        }
    }

    /**
     * Writes what ACO said about sent items. Items this run mapped (`$sent`) are written whole here,
     * once, with their answer: a row is never written "pending" first, which halves the feed-state
     * writes of a sync. Other answers (deletes) update the status of their existing row. Retryable
     * failures back off exponentially (1 min doubling, at most 6 h) and become "needs attention"
     * after the configured attempts.
     *
     * @param list<array{id: string, accepted: bool, status: ?int, code: ?string, message: ?string, retryable: bool, requestId: ?string}> $results
     * @param array<string, array{feedId: string, entityId: int, scope: string, key: string, hash: ?string, delete: ?string}> $sent
     *   the mapped items awaiting an answer, by feed id
     * @return array{accepted: int, failed: int}
     */
    public function applyResults(array $results, array $sent, int $runId): array
    {
        $this->answers ??= new AnswerWriter($this->db, $this->table, $this->maxAttempts);
        return $this->answers->apply($results, $sent, $runId);
    }

    /** Flags items as deleted, their delete pending confirmation. @param list<string> $feedIds */
    public function markDeleted(array $feedIds, int $runId): void
    {
        foreach (array_chunk($feedIds, self::CHUNK) as $ids) {
            $this->db->prepare("UPDATE {$this->table} SET is_deleted = 1, status = " . ItemStatus::PENDING . ', attempts = 0, run_id = ? WHERE feed_id IN (' . Database::marks(count($ids)) . ')')
                ->execute(array_merge([$runId], $ids));
        }
    }

    /**
     * Drops the rows of items ACO does not hold (refused by the mapping before anything was sent
     * under their identity, a duplicate SKU, no SKU; or refused and withdrawn) once the catalog no
     * longer produces them.
     *
     * @param list<string> $feedIds
     */
    public function forget(array $feedIds): void
    {
        foreach (array_chunk($feedIds, self::CHUNK) as $ids) {
            $this->db->prepare("DELETE FROM {$this->table} WHERE (delete_payload IS NULL OR (is_deleted = 1 AND status = " . ItemStatus::INVALID
                . ' AND feed_hash IS NULL)) AND feed_id IN (' . Database::marks(count($ids)) . ')')->execute($ids);
        }
    }

    /**
     * Retries that are due: deletes to resend (withdrawals of refused items included, see
     * recordInvalid), and entities to map again.
     *
     * @return array{deletes: array<string, string>, entityIds: list<int>}
     */
    public function dueRetries(int $limit = 5000): array
    {
        $rows = $this->db->query("SELECT feed_id, source_entity_id, is_deleted, status, delete_payload FROM {$this->table}
            WHERE (status = " . ItemStatus::RETRY . ' AND next_retry_at <= NOW()) OR (' . self::WITHDRAWAL . ' AND (next_retry_at IS NULL OR next_retry_at <= NOW()))
            ORDER BY next_retry_at LIMIT ' . (int) $limit)->fetchAll(\PDO::FETCH_NUM);
        $deletes = [];
        $entities = [];
        foreach ($rows as [$id, $entity, $deleted, $status, $payload]) {
            if ((int) $deleted === 1 || (int) $status === ItemStatus::INVALID) {
                $deletes[$id] = (string) $payload;
            } else {
                $entities[(int) $entity] = true;
            }
        }
        return ['deletes' => $deletes, 'entityIds' => array_keys($entities)];
    }

    /**
     * Deletes marked but not confirmed (pending), at most `$limit`: the delete payloads by feed id.
     *
     * @return array<string, string>
     */
    public function unconfirmedDeletes(int $limit = 5000): array
    {
        return $this->db->query("SELECT feed_id, delete_payload FROM {$this->table}
            WHERE status = " . ItemStatus::PENDING . ' AND is_deleted = 1 AND delete_payload IS NOT NULL LIMIT ' . (int) $limit)->fetchAll(\PDO::FETCH_KEY_PAIR);
    }

    /** Items back to "send again" (manual resync). @param list<int>|null $entityIds */
    public function reset(?array $entityIds): int
    {
        $where = $entityIds === null ? '' : ' WHERE source_entity_id IN (' . implode(',', array_map('intval', $entityIds ?: [0])) . ')';
        return $this->db->exec("UPDATE {$this->table} SET feed_hash = NULL, status = " . ItemStatus::PENDING . ", attempts = 0, next_retry_at = NULL$where");
    }

    /** Chosen items back to "send again" (the admin's mass action). @param list<string> $feedIds */
    public function resetItems(array $feedIds): int
    {
        $n = 0;
        foreach (array_chunk($feedIds, self::CHUNK) as $ids) {
            $st = $this->db->prepare("UPDATE {$this->table} SET feed_hash = NULL, status = " . ItemStatus::PENDING . ', attempts = 0, next_retry_at = NULL WHERE feed_id IN (' . Database::marks(count($ids)) . ')');
            $st->execute($ids);
            $n += $st->rowCount();
        }
        return $n;
    }

    /** @return array<string, int> items per status label, plus "deleted" */
    public function counts(): array
    {
        $out = array_fill_keys(array_values(ItemStatus::LABELS), 0) + ['deleted' => 0];
        foreach ($this->db->query("SELECT is_deleted, status, COUNT(*) FROM {$this->table} GROUP BY is_deleted, status")->fetchAll(\PDO::FETCH_NUM) as [$deleted, $status, $n]) {
            if ((int) $deleted === 1 && (int) $status === ItemStatus::SENT) {
                $out['deleted'] += (int) $n;
            } else {
                $out[ItemStatus::LABELS[(int) $status] ?? 'pending'] += (int) $n;
            }
        }
        return $out;
    }

    /** An item key as `item_key` (255 characters) holds it; the common short key is not copied. */
    public static function itemKey(string $key): string
    {
        return strlen($key) > 255 ? mb_substr($key, 0, 255) : $key;
    }
}
