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
    private const CHUNK = 1000;
    /** Rows per upsert of answered items (a group's statement is prepared once per run). */
    private const GROUP = 100;

    private Database $db;
    private string $table;
    private int $maxAttempts;
    /** @var array<int, \PDOStatement> the prepared upsert of a full group, by kind (1: accepted items) */
    private array $groupUpserts = [];

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
            $st = $this->db->prepare("SELECT feed_id, feed_hash, status, is_deleted FROM {$this->table} WHERE feed_id IN (" . $this->marks(count($ids)) . ')');
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
        $st = $this->db->prepare($sql);
        $st->execute($params);
        $out = [];
        foreach ($st->fetchAll(\PDO::FETCH_NUM) as [$id, $hash, $status, $deleted, $delete]) {
            $out[$id] = ['hash' => $hash, 'status' => (int) $status, 'deleted' => (bool) $deleted, 'delete' => $delete];
        }
        return $out;
    }

    /**
     * Records items the mapping refused (status invalid, with the field and reason): they are not
     * sent, so nothing else will write their row.
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
                VALUES " . implode(',', array_fill(0, count($chunk), '(?, ?, ?, ?, NULL, ?, ' . ItemStatus::INVALID . ', ?, ?, ?, 0, 0)')) . '
                ON DUPLICATE KEY UPDATE source_entity_id = VALUES(source_entity_id), scope = VALUES(scope), item_key = VALUES(item_key),
                    feed_hash = NULL, delete_payload = COALESCE(VALUES(delete_payload), delete_payload),
                    status = VALUES(status), error_field = VALUES(error_field), error_message = VALUES(error_message), error_status = NULL,
                    next_retry_at = NULL, run_id = VALUES(run_id), is_deleted = 0')
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
        $accepted = 0;
        $answered = [1 => [], 0 => []];   // answers about mapped items, accepted first
        $others = [];
        foreach ($results as $r) {
            $accepted += (int) $r['accepted'];
            if (isset($sent[$r['id']])) {
                $answered[(int) $r['accepted']][] = $r;
            } else {
                $others[] = $r;
            }
        }
        $this->atomically(function () use ($answered, $others, $sent, $runId): void {
            foreach ($answered as $ok => $answers) {
                $this->writeItems($answers, $sent, (bool) $ok, $runId);
            }
            $this->writeOutcomes($others);
        });
        return ['accepted' => $accepted, 'failed' => count($results) - $accepted];
    }

    /**
     * Runs `$write` as one transaction (Database::atomically): a set of answers is written whole or
     * not at all. With `innodb_flush_log_at_trx_commit = 1`, MariaDB's default, every commit waits
     * for the redo log to reach the disk: one per set, not one per statement.
     */
    private function atomically(callable $write): void
    {
        $this->db->atomically($write);
    }

    /**
     * What an answer makes of its item. Derived where it is written rather than stored in the answer:
     * an answer array written to would be copied, answer by answer.
     *
     * @param array{accepted: bool, retryable: bool} $r
     */
    private static function outcome(array $r): int
    {
        return $r['accepted'] ? ItemStatus::SENT : ($r['retryable'] ? ItemStatus::RETRY : ItemStatus::INVALID);
    }

    /**
     * An answer's text as long as its column holds (what ACO or a proxy sends has no stated limit).
     *
     * @param array<string, mixed> $r
     */
    private static function clipped(array $r, string $key): ?string
    {
        if ($r[$key] === null) {
            return null;
        }
        $text = (string) $r[$key];
        $length = ['message' => 2000, 'code' => 255, 'requestId' => 64][$key];
        return strlen($text) <= $length ? $text : mb_substr($text, 0, $length);
    }

    /**
     * Assignments writing an answer: `$outcome` and the error/request expressions are SQL (VALUES()
     * of an upsert, or literals and placeholders of an update). The attempt counter continues across
     * runs only while an item keeps failing; MariaDB applies the assignments left to right, so
     * `attempts` is read before it is bumped and `status` is assigned last.
     */
    private function outcomeAssignments(string $previousAttempts, string $outcome, string $errorStatus, string $errorField, string $errorMessage, string $requestId): string
    {
        $sent = ItemStatus::SENT;
        $retry = ItemStatus::RETRY;
        return "next_retry_at = IF($outcome = $retry, NOW() + INTERVAL LEAST(21600, 60 * POW(2, $previousAttempts)) SECOND, NULL),
            attempts = IF($outcome = $sent, 0, $previousAttempts + 1),
            sent_at = IF($outcome = $sent, NOW(), sent_at),
            error_status = IF($outcome = $sent, NULL, $errorStatus),
            error_field = IF($outcome = $sent, NULL, $errorField),
            error_message = IF($outcome = $sent, NULL, $errorMessage),
            request_id = $requestId,
            status = IF($outcome = $retry AND attempts >= {$this->maxAttempts}, " . ItemStatus::NEEDS_ATTENTION . ", $outcome)";
    }

    /**
     * One upsert per group of rows. Full groups reuse one server-side prepared statement: MariaDB
     * then parses the statement once per run instead of once per group, which was most of its cost
     * of a write (a profile of the database: parsing and building the statement's items ~40 %).
     * Accepted items, nearly all of them, go through a statement whose outcome columns are
     * constants: 8 parameters a row instead of 15.
     *
     * @param list<array<string, mixed>> $answers answers about mapped items, all accepted or all not
     * @param array<string, array<string, mixed>> $sent the mapped rows, by feed id
     */
    private function writeItems(array $answers, array $sent, bool $accepted, int $runId): void
    {
        foreach (array_chunk($answers, self::GROUP) as $group) {
            $values = [];
            foreach ($group as $r) {
                $row = $sent[$r['id']];
                array_push($values, $row['feedId'], $row['entityId'], $row['scope'], self::itemKey($row['key']), $row['hash'], $row['delete'], self::clipped($r, 'requestId'), $runId);
                if (!$accepted) {
                    $outcome = self::outcome($r);
                    $firstFailure = $outcome === ItemStatus::RETRY && $this->maxAttempts <= 1;
                    array_push($values, $firstFailure ? ItemStatus::NEEDS_ATTENTION : $outcome, $outcome, $r['status'], self::clipped($r, 'code'), self::clipped($r, 'message'));
                }
            }
            $this->upsert(count($group), $accepted)->execute($values);
        }
    }

    /** The upsert of `$rows` mapped rows; an edit after "needs attention" starts its attempts afresh. */
    private function upsert(int $rows, bool $accepted): \PDOStatement
    {
        if ($rows === self::GROUP && isset($this->groupUpserts[(int) $accepted])) {
            return $this->groupUpserts[(int) $accepted];
        }
        $sent = ItemStatus::SENT;
        $retry = ItemStatus::RETRY;
        $columns = 'feed_id, source_entity_id, scope, item_key, feed_hash, delete_payload, request_id, run_id, is_deleted, ';
        if ($accepted) {
            $columns .= 'status, attempts, sent_at';
            $row = "(?, ?, ?, ?, ?, ?, ?, ?, 0, $sent, 0, NOW())";
            $outcome = $this->outcomeAssignments('0', (string) $sent, 'NULL', 'NULL', 'NULL', 'VALUES(request_id)');
        } else {
            $columns .= 'status, attempts, next_retry_at, error_status, error_field, error_message';
            $row = "(?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 1, IF(? = $retry, NOW() + INTERVAL 60 SECOND, NULL), ?, ?, ?)";
            $outcome = $this->outcomeAssignments("IF(status = $retry, attempts, 0)", 'VALUES(status)', 'VALUES(error_status)', 'VALUES(error_field)', 'VALUES(error_message)', 'VALUES(request_id)');
        }
        // pdo_mysql ignores the mode as a prepare() option: switched on the connection for this
        // prepare only (a partial group is written once: the client's cheaper emulated prepare)
        $emulated = $this->db->pdo()->getAttribute(\PDO::ATTR_EMULATE_PREPARES);
        $this->db->pdo()->setAttribute(\PDO::ATTR_EMULATE_PREPARES, $rows !== self::GROUP);
        try {
            $st = $this->db->prepare("INSERT INTO {$this->table} ($columns) VALUES " . implode(',', array_fill(0, $rows, $row)) . '
                ON DUPLICATE KEY UPDATE source_entity_id = VALUES(source_entity_id), scope = VALUES(scope), item_key = VALUES(item_key),
                    feed_hash = VALUES(feed_hash), delete_payload = COALESCE(VALUES(delete_payload), delete_payload),
                    run_id = VALUES(run_id), is_deleted = 0, ' . $outcome);
        } finally {
            $this->db->pdo()->setAttribute(\PDO::ATTR_EMULATE_PREPARES, $emulated);
        }
        if ($rows === self::GROUP) {
            $this->groupUpserts[(int) $accepted] = $st;
        }
        return $st;
    }

    /**
     * Answers about rows written before the request (deletes), grouped by answer (one per request when
     * accepted). An update, never an insert: an answer that outlived its run leaves no stray row.
     *
     * @param list<array<string, mixed>> $results
     */
    private function writeOutcomes(array $results): void
    {
        $groups = [];
        foreach ($results as $r) {
            $key = serialize([self::outcome($r), $r['status'], self::clipped($r, 'code'), self::clipped($r, 'message'), self::clipped($r, 'requestId')]);
            $groups[$key]['answer'] ??= $r;
            $groups[$key]['ids'][] = $r['id'];
        }
        foreach ($groups as ['answer' => $r, 'ids' => $feedIds]) {
            $set = $this->outcomeAssignments('attempts', (string) self::outcome($r), '?', '?', '?', '?');
            foreach (array_chunk($feedIds, self::CHUNK) as $ids) {
                $this->db->prepare("UPDATE {$this->table} SET $set WHERE feed_id IN (" . $this->marks(count($ids)) . ')')
                    ->execute(array_merge([$r['status'], self::clipped($r, 'code'), self::clipped($r, 'message'), self::clipped($r, 'requestId')], $ids));
            }
        }
    }

    /** Flags items as deleted, their delete pending confirmation. @param list<string> $feedIds */
    public function markDeleted(array $feedIds, int $runId): void
    {
        foreach (array_chunk($feedIds, self::CHUNK) as $ids) {
            $this->db->prepare("UPDATE {$this->table} SET is_deleted = 1, status = " . ItemStatus::PENDING . ', attempts = 0, run_id = ? WHERE feed_id IN (' . $this->marks(count($ids)) . ')')
                ->execute(array_merge([$runId], $ids));
        }
    }

    /**
     * Drops the rows of items ACO never had (refused by the mapping before anything was sent under
     * their identity: a duplicate SKU, no SKU) once the catalog no longer produces them.
     *
     * @param list<string> $feedIds
     */
    public function forget(array $feedIds): void
    {
        foreach (array_chunk($feedIds, self::CHUNK) as $ids) {
            $this->db->prepare("DELETE FROM {$this->table} WHERE delete_payload IS NULL AND feed_id IN (" . $this->marks(count($ids)) . ')')->execute($ids);
        }
    }

    /**
     * Retries that are due: deletes to resend, and entities to map again.
     *
     * @return array{deletes: array<string, string>, entityIds: list<int>}
     */
    public function dueRetries(int $limit = 5000): array
    {
        $rows = $this->db->query("SELECT feed_id, source_entity_id, is_deleted, delete_payload FROM {$this->table}
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
            $st = $this->db->prepare("UPDATE {$this->table} SET feed_hash = NULL, status = " . ItemStatus::PENDING . ', attempts = 0, next_retry_at = NULL WHERE feed_id IN (' . $this->marks(count($ids)) . ')');
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
    private static function itemKey(string $key): string
    {
        return strlen($key) > 255 ? mb_substr($key, 0, 255) : $key;
    }

    private function marks(int $n): string
    {
        return implode(',', array_fill(0, $n, '?'));
    }
}
