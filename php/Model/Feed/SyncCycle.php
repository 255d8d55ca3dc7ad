<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Database;
use Aco\Connector\Model\LogRouter;

/**
 * The one sync cycle every entry goes through: each lane's Magento cron job, `aco:sync` (cron mode,
 * `--watch`, `--full`) and bin/aco alike; an indexer's full reindex, aco:resync, a scope's switch
 * only ask for a full sync, which the next cycle runs. A cycle: change capture checked (missing
 * triggers put back, their feeds queued for a full sync) → scopes compared with the last cycle's
 * (ScopeChanges) → per feed in sending order: its requested full sync, else what its changelog
 * holds → its due retries. Whether a run counts as done is decided here alone
 * (SyncReport::completed): a busy feed (another process holds it) or one the daily quota paused
 * keeps its request and its changelog rows, and the cycle goes on with the next feed.
 */
final class SyncCycle
{
    private FeedSync $engine;
    private ChangeCapture $changes;
    private FullSyncQueue $queue;
    private ScopeChanges $scopes;
    private ?LogRouter $log;

    public function __construct(FeedSync $engine, ChangeCapture $changes, FullSyncQueue $queue, ScopeChanges $scopes, ?LogRouter $log = null)
    {
        $this->engine = $engine;
        $this->changes = $changes;
        $this->queue = $queue;
        $this->scopes = $scopes;
        $this->log = $log;
    }

    /**
     * @param list<Feed> $feeds in sending order (a lane, or the feeds a command names)
     * @param callable(SyncReport): void|null $progress
     * @return list<SyncReport> one a feed: its run and its retries together
     */
    public function run(array $feeds, ?callable $progress = null): array
    {
        $repaired = $this->changes->repair();
        if ($repaired !== []) {
            $this->queue->request($repaired);
            $this->log?->route([['level' => 'warning', 'target' => 'aco.capture', 'message' => 'change capture triggers were missing or altered (a table '
                . 'rebuilt by a swap, an interrupted install) and are put back; what changed meanwhile is found by a full sync of ' . implode(', ', $repaired)]]);
        }
        $this->scopes->check($this->queue);
        return array_map(fn (Feed $feed): SyncReport => $this->feed($feed, $progress), $feeds);
    }

    /**
     * One feed's turn. A database lock another process holds past the server's wait (a long import,
     * a stuck admin save) stops this feed's turn, not the cycle: its request and changelog rows stay
     * for the next cycle, and the next feed goes on.
     */
    private function feed(Feed $feed, ?callable $progress): SyncReport
    {
        try {
            return $this->turn($feed, $progress);
        } catch (\PDOException $e) {
            if (!Database::isLockConflict($e)) {
                throw $e;
            }
            $report = new SyncReport($feed->name, 'cycle');
            $report->interrupted = 'the database did not grant a lock in time (another process holds it: a long import or save; '
                . 'innodb_lock_wait_timeout); it goes on at the next run';
            $this->log?->route([['level' => 'warning', 'target' => 'aco.sync', 'message' => "{$feed->name}: {$report->interrupted}"]]);
            return $report;
        }
    }

    private function turn(Feed $feed, ?callable $progress): SyncReport
    {
        $request = $this->queue->pending($feed);
        $report = null;
        if ($request !== null) {
            $report = $this->engine->full($feed, $request['runId'], $progress,
                fn (int $runId) => $this->queue->serving($feed, $request['generation'], $runId));
            if ($report->completed()) {
                $this->queue->done($feed, $request['generation']);
            }
        }
        // a full run the daily quota paused leaves deltas their share of the quota
        if ($report === null || ($report->pausedUntil !== null && $feed->isPerEntity())) {
            $deltas = $this->deltas($feed, $progress);
            $report = $report === null ? $deltas : $report->with($deltas);
        }
        return $report->with($this->engine->retry($feed, $progress));
    }

    /** What the feed's changelog holds; its rows are committed once their run is done. */
    private function deltas(Feed $feed, ?callable $progress): SyncReport
    {
        $pending = $this->changes->pending($feed);
        if (!$feed->isPerEntity()) {
            // read whole: the full run commits (and forwards) what was captured before it
            return $pending->isEmpty() ? new SyncReport($feed->name, 'incremental') : $this->engine->full($feed, null, $progress);
        }
        if ($pending->ids === []) {
            $this->changes->commit($feed, $pending);   // none, or rows of entities that no longer exist (staging)
            return new SyncReport($feed->name, 'incremental');
        }
        $report = $this->engine->entities($feed, $pending->ids, $progress);
        if ($report->completed()) {
            $this->changes->commit($feed, $pending);
        }
        return $report;
    }
}
