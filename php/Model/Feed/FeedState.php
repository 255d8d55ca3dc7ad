<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

/**
 * A feed's state table (`aco_feed_*`): what was mapped, what ACO confirmed, what failed and why.
 * Every write is a multi-row statement, so a 1,000-item chunk costs a handful of round trips.
 */
class FeedState
{
    /** Rows per multi-row statement. */
    private const CHUNK = 1000;

    private \PDO $pdo;
    private string $table;
    private int $maxAttempts;

    public function __construct(\PDO $pdo, Feed $feed, int $maxAttempts = 8)
    {
        $this->pdo = $pdo;
        $this->table = $feed->table();
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
            $st = $this->pdo->prepare("SELECT feed_id, feed_hash, status, is_deleted FROM {$this->table} WHERE feed_id IN (" . $this->marks(count($ids)) . ')');
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
     * @return array<string, array{hash: ?string, status: int, deleted: bool, delete: ?string}>
     */
    public function window(?int $after, ?int $upTo, ?array $entityIds = null): array
    {
        $sql = "SELECT feed_id, feed_hash, status, is_deleted, delete_payload FROM {$this->table}";
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
        $st = $this->pdo->prepare($sql);
        $st->execute($params);
        $out = [];
        foreach ($st->fetchAll(\PDO::FETCH_NUM) as [$id, $hash, $status, $deleted, $delete]) {
            $out[$id] = ['hash' => $hash, 'status' => (int) $status, 'deleted' => (bool) $deleted, 'delete' => $delete];
        }
        return $out;
    }

    /**
     * Upserts mapped items: identity, hash, delete payload, status and (for mapping errors) the error.
     *
     * @param list<array{feedId: string, entityId: int, scope: string, key: string, hash: ?string, delete: ?string,
     *     status: int, errorField?: ?string, errorMessage?: ?string}> $rows
     */
    public function record(array $rows, int $runId): void
    {
        foreach (array_chunk($rows, self::CHUNK) as $chunk) {
            $values = [];
            foreach ($chunk as $r) {
                array_push($values, $r['feedId'], $r['entityId'], $r['scope'], mb_substr($r['key'], 0, 255), $r['hash'], $r['delete'],
                    $r['status'], $r['errorField'] ?? null, $r['errorMessage'] ?? null, $runId);
            }
            $this->pdo->prepare("INSERT INTO {$this->table}
                    (feed_id, source_entity_id, scope, item_key, feed_hash, delete_payload, status, error_field, error_message, run_id, is_deleted, attempts)
                VALUES " . implode(',', array_fill(0, count($chunk), '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)')) . '
                ON DUPLICATE KEY UPDATE source_entity_id = VALUES(source_entity_id), scope = VALUES(scope), item_key = VALUES(item_key),
                    feed_hash = VALUES(feed_hash), delete_payload = COALESCE(VALUES(delete_payload), delete_payload),
                    attempts = IF(VALUES(status) = ' . ItemStatus::PENDING . ' AND status <> ' . ItemStatus::RETRY . ', 0, attempts),
                    status = VALUES(status), error_field = VALUES(error_field), error_message = VALUES(error_message),
                    error_status = IF(VALUES(status) = ' . ItemStatus::INVALID . ', NULL, error_status),
                    run_id = VALUES(run_id), is_deleted = 0')
                ->execute($values);
        }
    }

    /**
     * Writes what ACO said about sent items. Retryable failures back off exponentially (1 min
     * doubling, at most 6 h) and become "needs attention" after the configured attempts.
     *
     * @param list<array{id: string, accepted: bool, status: ?int, code: ?string, message: ?string, retryable: bool, requestId: ?string}> $results
     * @return array{accepted: int, failed: int}
     */
    public function applyResults(array $results): array
    {
        $accepted = 0;
        foreach (array_chunk($results, self::CHUNK) as $chunk) {
            $values = [];
            foreach ($chunk as $r) {
                $accepted += (int) $r['accepted'];
                $outcome = $r['accepted'] ? ItemStatus::SENT : ($r['retryable'] ? ItemStatus::RETRY : ItemStatus::INVALID);
                array_push($values, $r['id'], $outcome, $r['status'], $r['code'], $r['message'] === null ? null : mb_substr($r['message'], 0, 2000), $r['requestId']);
            }
            $sent = ItemStatus::SENT;
            $retry = ItemStatus::RETRY;
            // MariaDB applies the assignments left to right: `attempts` is read before it is bumped.
            $this->pdo->prepare("INSERT INTO {$this->table} (feed_id, status, error_status, error_field, error_message, request_id)
                VALUES " . implode(',', array_fill(0, count($chunk), '(?, ?, ?, ?, ?, ?)')) . "
                ON DUPLICATE KEY UPDATE
                    next_retry_at = IF(VALUES(status) = $retry, NOW() + INTERVAL LEAST(21600, 60 * POW(2, attempts)) SECOND, NULL),
                    status = IF(VALUES(status) = $retry AND attempts + 1 >= {$this->maxAttempts}, " . ItemStatus::NEEDS_ATTENTION . ", VALUES(status)),
                    attempts = IF(VALUES(status) = $sent, 0, attempts + 1),
                    sent_at = IF(VALUES(status) = $sent, NOW(), sent_at),
                    error_status = IF(VALUES(status) = $sent, NULL, VALUES(error_status)),
                    error_field = IF(VALUES(status) = $sent, NULL, VALUES(error_field)),
                    error_message = IF(VALUES(status) = $sent, NULL, VALUES(error_message)),
                    request_id = VALUES(request_id)")
                ->execute($values);
        }
        return ['accepted' => $accepted, 'failed' => count($results) - $accepted];
    }

    /** Flags items as deleted, their delete pending confirmation. @param list<string> $feedIds */
    public function markDeleted(array $feedIds, int $runId): void
    {
        foreach (array_chunk($feedIds, self::CHUNK) as $ids) {
            $this->pdo->prepare("UPDATE {$this->table} SET is_deleted = 1, status = " . ItemStatus::PENDING . ', attempts = 0, run_id = ? WHERE feed_id IN (' . $this->marks(count($ids)) . ')')
                ->execute(array_merge([$runId], $ids));
        }
    }

    /**
     * Retries that are due: deletes to resend, and entities to map again.
     *
     * @return array{deletes: array<string, string>, entityIds: list<int>}
     */
    public function dueRetries(int $limit = 5000): array
    {
        $rows = $this->pdo->query("SELECT feed_id, source_entity_id, is_deleted, delete_payload FROM {$this->table}
            WHERE status = " . ItemStatus::RETRY . ' AND next_retry_at <= NOW() ORDER BY next_retry_at LIMIT ' . (int) $limit)->fetchAll(\PDO::FETCH_NUM);
        $deletes = [];
        $entities = [];
        foreach ($rows as [$id, $entity, $deleted, $payload]) {
            if ((int) $deleted === 1) {
                $deletes[$id] = (string) $payload;
            } else {
                $entities[(int) $entity] = true;
            }
        }
        return ['deletes' => $deletes, 'entityIds' => array_keys($entities)];
    }

    /** Entities with items this run mapped but ACO has not confirmed (for resuming). @return list<int> */
    public function unconfirmedEntities(int $runId): array
    {
        $st = $this->pdo->prepare("SELECT DISTINCT source_entity_id FROM {$this->table} WHERE run_id = ? AND status = " . ItemStatus::PENDING . ' AND is_deleted = 0');
        $st->execute([$runId]);
        return array_map('intval', $st->fetchAll(\PDO::FETCH_COLUMN));
    }

    /** Items back to "send again" (manual resync). @param list<int>|null $entityIds */
    public function reset(?array $entityIds): int
    {
        $where = $entityIds === null ? '' : ' WHERE source_entity_id IN (' . implode(',', array_map('intval', $entityIds ?: [0])) . ')';
        return $this->pdo->exec("UPDATE {$this->table} SET feed_hash = NULL, status = " . ItemStatus::PENDING . ", attempts = 0, next_retry_at = NULL$where");
    }

    /** Chosen items back to "send again" (the admin's mass action). @param list<string> $feedIds */
    public function resetItems(array $feedIds): int
    {
        $n = 0;
        foreach (array_chunk($feedIds, self::CHUNK) as $ids) {
            $st = $this->pdo->prepare("UPDATE {$this->table} SET feed_hash = NULL, status = " . ItemStatus::PENDING . ', attempts = 0, next_retry_at = NULL WHERE feed_id IN (' . $this->marks(count($ids)) . ')');
            $st->execute($ids);
            $n += $st->rowCount();
        }
        return $n;
    }

    /** @return array<string, int> items per status label, plus "deleted" */
    public function counts(): array
    {
        $out = array_fill_keys(array_values(ItemStatus::LABELS), 0) + ['deleted' => 0];
        foreach ($this->pdo->query("SELECT is_deleted, status, COUNT(*) FROM {$this->table} GROUP BY is_deleted, status")->fetchAll(\PDO::FETCH_NUM) as [$deleted, $status, $n]) {
            if ((int) $deleted === 1 && (int) $status === ItemStatus::SENT) {
                $out['deleted'] += (int) $n;
            } else {
                $out[ItemStatus::LABELS[(int) $status] ?? 'pending'] += (int) $n;
            }
        }
        return $out;
    }

    private function marks(int $n): string
    {
        return implode(',', array_fill(0, $n, '?'));
    }
}
