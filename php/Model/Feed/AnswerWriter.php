<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Database;

/**
 * Writes what ACO said about sent items into a feed's state table (FeedState::applyResults): items
 * this run mapped are written whole, once, with their answer; answers about rows written before
 * (deletes) update their status. Retryable failures back off exponentially (1 min doubling, at most
 * 6 h) and become "needs attention" after the configured attempts.
 */
final class AnswerWriter
{
    /** Rows per upsert of answered items (a group's statement is prepared once per run). */
    private const GROUP = 100;

    private Database $db;
    private string $table;
    private int $maxAttempts;
    /** @var array<int, \PDOStatement> the prepared upsert of a full group, by kind (1: accepted items) */
    private array $groupUpserts = [];

    /** @param string $table the store's name of the feed's state table */
    public function __construct(Database $db, string $table, int $maxAttempts)
    {
        $this->db = $db;
        $this->table = $table;
        $this->maxAttempts = $maxAttempts;
    }

    /**
     * @param list<array{id: string, accepted: bool, status: ?int, code: ?string, message: ?string, retryable: bool, requestId: ?string}> $results
     * @param array<string, array{feedId: string, entityId: int, scope: string, key: string, hash: ?string, delete: ?string}> $sent
     * @return array{accepted: int, failed: int}
     */
    public function apply(array $results, array $sent, int $runId): array
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
        // one transaction a set of answers: written whole or not at all, and with MariaDB's default
        // innodb_flush_log_at_trx_commit = 1 one wait for the redo log a set, not one a statement
        $this->db->atomically(function () use ($answered, $others, $sent, $runId): void {
            foreach ($answered as $ok => $answers) {
                $this->writeItems($answers, $sent, (bool) $ok, $runId);
            }
            $this->writeOutcomes($others);
        });
        return ['accepted' => $accepted, 'failed' => count($results) - $accepted];
    }

    /**
     * What an answer makes of its item. Derived where it is written rather than stored in the answer:
     * an answer array written to would be copied, answer by answer.
     *
     * @param array{accepted: bool, retryable: bool} $r
     */
    private static function outcome(array $r): int
    {
        return $r['accepted'] ? ItemStatus::SENT : ($r['retryable'] ? ItemStatus::RETRY : ItemStatus::REFUSED);
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
        if ($key === 'message' && $r['code'] !== null && str_starts_with($text, "{$r['code']}: ")) {
            // shown as "field: message" (aco:status, the admin grid): ACO's message may name its field too
            $text = substr($text, strlen((string) $r['code']) + 2);
        }
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
                array_push($values, $row['feedId'], $row['entityId'], $row['scope'], FeedState::itemKey($row['key']), $row['hash'], $row['delete'], self::clipped($r, 'requestId'), $runId);
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
     * A withdrawal (the delete of a refused item's copy, FeedState::WITHDRAWAL) keeps the item
     * invalid with the mapping's reason, the reason a person has to act on: accepted, ACO holds
     * nothing of it any more; failed, it is tried again later.
     *
     * @param list<array<string, mixed>> $results
     */
    private function writeOutcomes(array $results): void
    {
        $byAnswer = [];
        foreach ($results as $r) {
            $byAnswer[(int) $r['accepted']][] = $r['id'];
        }
        foreach ($byAnswer as $accepted => $feedIds) {
            $set = $accepted === 1 ? 'is_deleted = 1, attempts = 0, next_retry_at = NULL'
                : 'next_retry_at = NOW() + INTERVAL LEAST(21600, 60 * POW(2, attempts)) SECOND, attempts = attempts + 1';
            foreach (array_chunk($feedIds, FeedState::CHUNK) as $ids) {
                $this->db->prepare("UPDATE {$this->table} SET $set WHERE " . FeedState::WITHDRAWAL . ' AND feed_id IN (' . Database::marks(count($ids)) . ')')->execute($ids);
            }
        }
        // the other deletes; an invalid row was answered above as a withdrawal, or has nothing in flight
        $groups = [];
        foreach ($results as $r) {
            $key = serialize([self::outcome($r), $r['status'], self::clipped($r, 'code'), self::clipped($r, 'message'), self::clipped($r, 'requestId')]);
            $groups[$key]['answer'] ??= $r;
            $groups[$key]['ids'][] = $r['id'];
        }
        foreach ($groups as ['answer' => $r, 'ids' => $feedIds]) {
            $set = $this->outcomeAssignments('attempts', (string) self::outcome($r), '?', '?', '?', '?');
            foreach (array_chunk($feedIds, FeedState::CHUNK) as $ids) {
                $this->db->prepare("UPDATE {$this->table} SET $set WHERE status <> " . ItemStatus::INVALID . ' AND feed_id IN (' . Database::marks(count($ids)) . ')')
                    ->execute(array_merge([$r['status'], self::clipped($r, 'code'), self::clipped($r, 'message'), self::clipped($r, 'requestId')], $ids));
            }
        }
    }
}
