<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Database;

/**
 * Sync runs (`aco_sync_run`): progress for resuming after a crash, counters for `aco:status`.
 */
class RunLog
{
    private Database $db;

    public function __construct(Database $db)
    {
        $this->db = $db;
    }

    public function start(Feed $feed, string $mode): int
    {
        // a new run of the feed ends a paused one (a resumed run keeps its id)
        $this->db->prepare('UPDATE {aco_sync_run} SET finished_at = NOW() WHERE feed = ? AND mode = ? AND finished_at IS NULL AND paused_until IS NOT NULL')
            ->execute([$feed->name, $mode]);
        $this->db->prepare('INSERT INTO {aco_sync_run} (feed, mode, started_at) VALUES (?, ?, NOW())')->execute([$feed->name, $mode]);
        return (int) $this->db->pdo()->lastInsertId();
    }

    /**
     * A run, if it never finished: where it got to, and until when the daily quota paused it.
     *
     * @return array{lastEntityId: int, pausedUntil: ?float}|null
     */
    public function unfinishedRun(int $runId): ?array
    {
        $st = $this->db->prepare('SELECT last_entity_id, UNIX_TIMESTAMP(paused_until) FROM {aco_sync_run} WHERE run_id = ? AND finished_at IS NULL');
        $st->execute([$runId]);
        $row = $st->fetch(\PDO::FETCH_NUM);
        return $row === false ? null : ['lastEntityId' => (int) $row[0], 'pausedUntil' => $row[1] === null ? null : (float) $row[1]];
    }

    /** @param array{seen?: int, sent?: int, failed?: int, deleted?: int} $add */
    public function progress(int $runId, ?int $lastEntityId, array $add): void
    {
        $this->db->prepare('UPDATE {aco_sync_run} SET last_entity_id = COALESCE(?, last_entity_id), items_seen = items_seen + ?,
            items_sent = items_sent + ?, items_failed = items_failed + ?, items_deleted = items_deleted + ? WHERE run_id = ?')
            ->execute([$lastEntityId, $add['seen'] ?? 0, $add['sent'] ?? 0, $add['failed'] ?? 0, $add['deleted'] ?? 0, $runId]);
    }

    /** The daily quota stopped the run: it stays unfinished, and the feed's next full sync goes on from its position at $until. */
    public function pause(int $runId, float $until): void
    {
        $this->db->prepare('UPDATE {aco_sync_run} SET paused_until = FROM_UNIXTIME(?) WHERE run_id = ?')->execute([(int) ceil($until), $runId]);
    }

    /** A paused run goes on (its pause is over): running again, as aco:status and the status page say. */
    public function resume(int $runId): void
    {
        $this->db->prepare('UPDATE {aco_sync_run} SET paused_until = NULL WHERE run_id = ?')->execute([$runId]);
    }

    public function finish(int $runId): void
    {
        $this->db->prepare('UPDATE {aco_sync_run} SET finished_at = NOW() WHERE run_id = ?')->execute([$runId]);
    }

    /** Runs that finished, crashed runs closed by their resume included. @return array<string, mixed>|null */
    public function last(Feed $feed): ?array
    {
        return $this->row('SELECT * FROM {aco_sync_run} WHERE feed = ? ORDER BY run_id DESC LIMIT 1', $feed->name);
    }

    /** @return array<string, mixed>|null */
    private function row(string $sql, int|string $key): ?array
    {
        $st = $this->db->prepare($sql);
        $st->execute([$key]);
        $row = $st->fetch(\PDO::FETCH_ASSOC);
        return $row === false ? null : $row;
    }
}
