<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Budget\BudgetExhausted;
use Aco\Connector\Model\Budget\BudgetPolicy;
use Aco\Connector\Model\Budget\SharedBudget;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\LogRouter;
use Aco\Native\Client;

/**
 * The sync engine for one feed at a time: map → compare hashes with the feed state → send what
 * changed → record what ACO said; then delete what is gone (by absence). Full runs stream the whole
 * catalog and can resume after a crash; incremental runs take entity ids (from change capture or
 * the retry queue). A per-feed database lock keeps two runs from sending the same feed. What to
 * run when is SyncCycle's; the state of a run is its RunLedger, made fresh for each; sending a
 * window of entities and settling the answers is WindowSender's.
 */
class FeedSync
{
    private Database $db;
    private BatchSource $source;
    private RunLog $runs;
    private int $maxAttempts;
    private ?LogRouter $log;
    private ?ChangeCapture $changes;
    private ?DestinationGuard $destination;
    private ?SharedBudget $budget;
    private WindowSender $sender;
    private Delivery $delivery;

    /**
     * @param LogRouter|null $log where the transport's log lines (retries, throttling, failures) go
     * @param ChangeCapture|null $changes lets a long full sync send edits made behind its position as
     *   it goes, instead of after it (deltas are never starved by a full sync holding the feed's lock)
     * @param DestinationGuard|null $destination where `$client` sends: runs stop once it has changed
     * @param SharedBudget|null $budget the tenant's budget every request is taken from (null: the
     *   client's own pacing only)
     */
    public function __construct(Database $db, Client $client, BatchSource $source, int $maxAttempts = 8, ?LogRouter $log = null,
        ?ChangeCapture $changes = null, ?DestinationGuard $destination = null, ?SharedBudget $budget = null)
    {
        $this->budget = $budget;
        $this->destination = $destination;
        $this->changes = $changes;
        $this->db = $db;
        $this->source = $source;
        $this->runs = new RunLog($db);
        $this->maxAttempts = $maxAttempts;
        $this->log = $log;
        $this->delivery = new Delivery($client, $budget);
        $this->sender = new WindowSender($client, $source, $this->runs, $this->delivery, $log);
    }

    /**
     * Every item of the feed; what is not produced any more is deleted.
     *
     * @param int|null $resume the id of an unfinished full run to go on with from its position (one
     *   the daily quota paused waits for its time), null to start over
     * @param callable(SyncReport): void|null $progress called after each batch
     * @param callable(int): void|null $started told the run's id as soon as it has one (the queue
     *   remembers which run serves a request, to resume it)
     */
    public function full(Feed $feed, ?int $resume = null, ?callable $progress = null, ?callable $started = null): SyncReport
    {
        $from = $resume === null ? null : $this->runs->unfinishedRun($resume);
        if ($from !== null && $from['pausedUntil'] !== null && $from['pausedUntil'] > ($this->budget?->clock()->now() ?? microtime(true))) {
            $report = new SyncReport($feed->name, 'full');
            [$report->runId, $report->pausedUntil] = [$resume, $from['pausedUntil']];
            return $report;
        }
        return $this->locked($feed, 'full', function (RunLedger $run) use ($feed, $from, $resume, $progress, $started): void {
            // a run's position only passes entities whose items ACO has answered, so resuming
            // after a crash re-reads whatever was in flight
            $run->report->runId = $from === null ? $this->runs->start($feed, 'full') : (int) $resume;
            if ($from !== null && $from['pausedUntil'] !== null) {
                $this->runs->resume($run->report->runId);
            }
            if ($started !== null) {
                $started($run->report->runId);
            }
            if ($from === null && $this->changes !== null) {
                // this run reads every entity after it starts: edits captured before are covered (sent
                // again as deltas, each would go twice). They are committed with the run's answers: a
                // run killed before (a category move with its old slug's delete in flight) leaves them
                // to the next cycle; a resumed run sends them as deltas, its position may be past them
                $before = $this->changes->pending($feed);
                $run->sentDeltas = $before;
                $run->deltasAfter = $before->last;
            }
            if (!$feed->isPerEntity()) {
                $this->delivery->waitOut($this->sender->send($run, $feed, $this->source->batches($feed, null, 0), $run->state->window(null, null), $progress, null));
                return;
            }
            // entity by entity in id order: each batch covers the ids after the previous one
            $after = $from['lastEntityId'] ?? 0;
            foreach ($this->source->batches($feed, null, $after) as $last => $batch) {
                foreach ($this->sender->send($run, $feed, [$last => $batch], $run->state->window($after, $last), $progress, $last) as $wait) {
                    // waiting for budget mid-batch: deltas go, but those of this batch's entities only after
                    // it (its payload here may predate the edit, and must not overtake the delta's)
                    $this->budget?->nap($wait);
                    $this->sender->collect($run);
                    $this->sendDeltas($run, $feed, $after, $last);
                }
                $after = $last;
                $this->sendDeltas($run, $feed, $after, $after);
            }
            $this->sender->deleteAbsent($run, $feed, $run->state->window($after, null), []);
        });
    }

    /**
     * Edits captured while this full sync runs are sent now, as deltas, wherever the run is: under
     * ACO's limits a full sync takes hours, and those ahead would wait for it (when it gets there it
     * finds them unchanged). Those of the entities after $from up to $upTo (a batch the run is
     * sending: its payloads may predate the edit) are held until a call outside that batch; the
     * others go at once. Each changelog row is read once; the rows of what was sent are committed
     * when the run's answers are in, the held ones are not, so a crash or the daily quota leaves
     * them to the next incremental run.
     */
    private function sendDeltas(RunLedger $run, Feed $feed, int $from, int $upTo): void
    {
        if ($this->changes === null) {
            return;
        }
        $pending = $this->changes->pending($feed, $run->deltasAfter);
        $run->deltasAfter = max($run->deltasAfter, $pending->last);
        $ids = array_values(array_unique(array_merge($run->heldIds, $pending->ids)));
        if ($ids === []) {
            $run->sentDeltas = $run->sentDeltas->merge($pending);
            return;
        }
        $held = array_values(array_filter($ids, static fn (int $id): bool => $id > $from && $id <= $upTo));
        $send = array_values(array_diff($ids, $held));
        if ($send !== []) {
            [$priority, $run->priority] = [$run->priority, BudgetPolicy::DELTA];
            try {
                $this->delivery->waitOut($this->sender->entities($run, $feed, $send, null));
            } finally {
                $run->priority = $priority;
            }
        }
        // a read's rows cannot be told apart by entity once cascaded: they are committed with its last held edit
        $run->heldRows = $run->heldRows->merge($pending);
        $run->heldIds = $held;
        if ($held === []) {
            [$run->sentDeltas, $run->heldRows] = [$run->sentDeltas->merge($run->heldRows), new Changes()];
        }
    }

    /**
     * Only these entities (products or prices feeds); feeds read whole run in full instead.
     *
     * @param list<int> $entityIds
     */
    public function entities(Feed $feed, array $entityIds, ?callable $progress = null): SyncReport
    {
        if (!$feed->isPerEntity()) {
            return $this->full($feed, null, $progress);
        }
        return $this->locked($feed, 'incremental', function (RunLedger $run) use ($feed, $entityIds, $progress): void {
            $run->report->runId = $this->runs->start($feed, 'incremental');
            $this->delivery->waitOut($this->sender->entities($run, $feed, $entityIds, $progress));
        });
    }

    /** Resends what failed and is due: deletes as they were, items mapped again from current data. */
    public function retry(Feed $feed, ?callable $progress = null): SyncReport
    {
        return $this->locked($feed, 'retry', function (RunLedger $run) use ($feed, $progress): void {
            $run->report->runId = $this->runs->start($feed, 'retry');
            $due = $run->state->dueRetries();
            if ($due['deletes'] !== []) {
                // answered first: an entity mapped below may produce an item one of them deletes
                $this->sender->delete($run, $feed, $due['deletes']);
                $this->sender->settleAll($run);
            }
            if ($due['entityIds'] !== []) {
                if ($feed->isPerEntity()) {
                    // an entity gone since its failure is deleted, not retried forever
                    $this->delivery->waitOut($this->sender->entities($run, $feed, $due['entityIds'], $progress));
                } else {
                    $this->delivery->waitOut($this->sender->send($run, $feed, $this->source->batches($feed, null, 0), $run->state->window(null, null), $progress, null));
                }
            }
            $this->sender->settleAll($run);
        });
    }

    /**
     * What a sync would send, deletes included, without sending or recording anything (DryRun).
     *
     * @param callable(array{feedId: string, scope: string, key: string}, string, bool): void $out
     * @param list<int>|null $entityIds
     */
    public function dryRun(Feed $feed, ?array $entityIds, callable $out): SyncReport
    {
        return (new DryRun(new FeedState($this->db, $feed, $this->maxAttempts), $this->source))->run($feed, $entityIds, $out);
    }

    /** @param callable(RunLedger): void $work */
    private function locked(Feed $feed, string $mode, callable $work): SyncReport
    {
        $report = new SyncReport($feed->name, $mode);
        $started = microtime(true);
        if (!FeedLock::take($this->db, $feed)) {
            $report->busy = true;
            return $report;
        }
        try {
            // aco:config:init may have moved the connection (and cleared the feed tables) since
            // this engine's client was built: its answers would be recorded for the wrong tenant
            $this->destination?->check();
            $run = new RunLedger($report, new FeedState($this->db, $feed, $this->maxAttempts), $mode);
            try {
                $this->resendUnconfirmedDeletes($run, $feed);
                $work($run);
            } catch (BudgetExhausted $e) {
                // the daily quota: what was sent is answered and recorded; a full run goes on from its position then
                $report->pausedUntil = $e->until;
                $this->log?->route([['level' => 'info', 'target' => 'aco.budget', 'message' => "{$feed->name}: {$e->getMessage()}; the {$mode} run goes on then"]]);
            } catch (\Throwable $e) {
                // the answers of what went are recorded before anything else uses the client: the next
                // feed's run would collect them; when that fails too, the first error is the one to tell
                try {
                    $this->sender->settleAll($run);
                } catch (\Throwable) {
                }
                throw $e;
            }
            $this->sender->settleAll($run);
            $this->changes?->commit($feed, $run->sentDeltas);
            if ($report->pausedUntil !== null) {
                $this->runs->pause($report->runId, $report->pausedUntil);
            } else {
                if ($mode === 'full') {
                    // only once every answer is in: a run killed before keeps the relations its deletes need
                    $this->changes?->fullSyncFinished($feed);
                }
                $this->runs->finish($report->runId);
            }
        } finally {
            FeedLock::release($this->db, $feed);
        }
        $report->seconds = microtime(true) - $started;
        return $report;
    }

    /**
     * Deletes sent but never answered (the process died with them in flight, or a resync asked for
     * them again): under the feed's lock nothing else has them in flight, and no other path finds
     * them (a deleted item is not produced any more). Answered before the run goes on, so a
     * re-created item's upsert cannot overtake its old delete.
     */
    private function resendUnconfirmedDeletes(RunLedger $run, Feed $feed): void
    {
        $deletes = $run->state->unconfirmedDeletes();
        if ($deletes !== []) {
            $this->sender->delete($run, $feed, $deletes);
            $this->sender->settleAll($run);
        }
    }
}
