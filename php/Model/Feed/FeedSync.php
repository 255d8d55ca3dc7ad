<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Budget\BudgetExhausted;
use Aco\Connector\Model\Budget\BudgetPolicy;
use Aco\Connector\Model\Budget\SharedBudget;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\LogRouter;
use Aco\Native\Batch;
use Aco\Native\Client;

/**
 * The sync engine for one feed at a time: map → compare hashes with the feed state → send what
 * changed → record what ACO said; then delete what is gone (by absence). Full runs stream the whole
 * catalog and can resume after a crash; incremental runs take entity ids (from change capture or
 * the retry queue). A per-feed database lock keeps two runs from sending the same feed. What to
 * run when is SyncCycle's; the state of a run is its RunLedger, made fresh for each.
 */
class FeedSync
{
    private Database $db;
    private Client $client;
    private BatchSource $source;
    private RunLog $runs;
    private int $maxAttempts;
    private ?LogRouter $log;
    private ?ChangeCapture $changes;
    private ?DestinationGuard $destination;
    private ?SharedBudget $budget;
    private Delivery $delivery;
    /** Items of a batch handed to the transport at a time (see sendWindow). */
    private const SLICE = 1000;
    /** The run under way (set inside locked()). */
    private ?RunLedger $run = null;
    /** @var (\Closure(): void)|null what a full run does while it waits for budget: answers and deltas */
    private ?\Closure $whileWaiting = null;

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
        $this->client = $client;
        $this->source = $source;
        $this->runs = new RunLog($db);
        $this->maxAttempts = $maxAttempts;
        $this->log = $log;
        $this->delivery = new Delivery($client, $budget);
    }

    public function changes(): ?ChangeCapture
    {
        return $this->changes;
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
            if ($started !== null) {
                $started($run->report->runId);
            }
            if ($from === null && $this->changes !== null) {
                // this run reads every entity after it starts: edits captured before are covered (sent
                // again as deltas, each would go twice); a resumed run sends them as deltas instead,
                // its position may be past them
                $before = $this->changes->pending($feed);
                $this->changes->commit($feed, $before);
                $run->deltasAfter = $before->last;
            }
            if (!$feed->isPerEntity()) {
                $this->sendWindow($feed, $this->source->batches($feed, null, 0), $run->state->window(null, null), $progress);
                return;
            }
            // entity by entity in id order: each batch covers the ids after the previous one
            $after = $from['lastEntityId'] ?? 0;
            foreach ($this->source->batches($feed, null, $after) as $last => $batch) {
                // waiting for budget mid-batch: deltas go, but those of this batch's entities only after
                // it (its payload here may predate the edit, and must not overtake the delta's)
                $this->whileWaiting = function () use ($feed, &$after, $last): void {
                    $this->settle($this->client->results());
                    $this->sendDeltas($feed, $after, $last);
                };
                $this->sendWindow($feed, [$last => $batch], $run->state->window($after, $last), $progress, $last);
                $after = $last;
                $this->sendDeltas($feed, $after, $after);
            }
            $this->whileWaiting = null;
            $this->deleteAbsent($feed, $run->state->window($after, null), []);
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
    private function sendDeltas(Feed $feed, int $from, int $upTo): void
    {
        $run = $this->run;
        if ($this->changes === null || $run === null) {
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
            [$priority, $waiting, $run->priority, $this->whileWaiting] = [$run->priority, $this->whileWaiting, BudgetPolicy::DELTA, null];
            try {
                $this->sendEntities($feed, $send, null);
            } finally {
                [$run->priority, $this->whileWaiting] = [$priority, $waiting];
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
            $this->sendEntities($feed, $entityIds, $progress);
        });
    }

    /** Resends what failed and is due: deletes as they were, items mapped again from current data. */
    public function retry(Feed $feed, ?callable $progress = null): SyncReport
    {
        return $this->locked($feed, 'retry', function (RunLedger $run) use ($feed, $progress): void {
            $run->report->runId = $this->runs->start($feed, 'retry');
            $due = $run->state->dueRetries();
            if ($due['deletes'] !== []) {
                $this->delivery->submit($feed->deleteEndpoint(), $due['deletes'], $run->priority, null);
                $run->report->countDeletes(count($due['deletes']));
            }
            if ($due['entityIds'] !== []) {
                if ($feed->isPerEntity()) {
                    // an entity gone since its failure is deleted, not retried forever
                    $this->sendEntities($feed, $due['entityIds'], $progress);
                } else {
                    $this->sendWindow($feed, $this->source->batches($feed, null, 0), $run->state->window(null, null), $progress);
                }
            }
            $this->settle($this->client->wait());
        });
    }

    /**
     * What a sync would send, without sending or recording anything.
     *
     * @param callable(array{feedId: string, scope: string, key: string}, string): void $out receives each changed item and its payload
     * @param list<int>|null $entityIds
     */
    public function dryRun(Feed $feed, ?array $entityIds, callable $out): SyncReport
    {
        $report = new SyncReport($feed->name, 'dry-run');
        $state = new FeedState($this->db, $feed, $this->maxAttempts);
        foreach ($this->source->batches($feed, $feed->isPerEntity() ? $entityIds : null, 0) as $batch) {
            $hashes = $batch->hashes();
            $ids = ItemSelection::toSend($hashes, $state->fetch(array_map('strval', array_keys($hashes))), $report);
            [$changed] = ItemSelection::split($batch->rows($ids), $report);
            foreach ($changed as $item) {
                $out($item, (string) $batch->payload($item['feedId']));
            }
        }
        return $report;
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
            $run = $this->run = new RunLedger($report, new FeedState($this->db, $feed, $this->maxAttempts), $mode);
            try {
                $this->resendUnconfirmedDeletes($feed);
                $work($run);
            } catch (BudgetExhausted $e) {
                // the daily quota: what was sent is answered and recorded; a full run goes on from its position then
                $report->pausedUntil = $e->until;
                $this->log?->route([['level' => 'info', 'target' => 'aco.budget', 'message' => "{$feed->name}: {$e->getMessage()}; the {$mode} run goes on then"]]);
            }
            $this->settle($this->client->wait());
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
            [$this->run, $this->whileWaiting] = [null, null];
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
    private function resendUnconfirmedDeletes(Feed $feed): void
    {
        $run = $this->ledger();
        $deletes = $run->state->unconfirmedDeletes();
        if ($deletes === []) {
            return;
        }
        $this->delivery->submit($feed->deleteEndpoint(), $deletes, $run->priority, null);
        $run->report->countDeletes(count($deletes));
        $this->settle($this->client->wait());
    }

    /**
     * Sends the batches of one window of entities and deletes what the window held before but the
     * batches no longer produce (deleted entities, a scope switched off, a changed SKU).
     *
     * A batch goes to the transport a slice at a time, the answers in by then written between
     * slices: the rows PHP keeps of items awaiting (or just given) an answer then stay near the
     * transport's own bound, whatever the pace of ACO and of the database. Handed over whole, a
     * price batch (8,000 items) could sit with most of the previous one's answers unwritten, and
     * PHP's peak memory followed the pace (30 % more at 100k products than at 10k).
     *
     * @param iterable<int, Batch> $batches
     * @param array<string, array{hash: ?string, status: int, deleted: bool, delete: ?string}> $known the window's rows
     * @param int|null $upTo the window's last entity id, in a full run (its position advances past
     *   it once every item sent from it is answered)
     */
    private function sendWindow(Feed $feed, iterable $batches, array $known, ?callable $progress, ?int $upTo = null): void
    {
        $run = $this->ledger();
        $report = $run->report;
        $produced = [];
        foreach ($batches as $batch) {
            // answers that came in meanwhile (uploads run while chunks are read), written while a
            // product batch maps on its own thread (CatalogSource)
            $this->settle($this->client->results());
            $before = [$report->seen, $report->sent];
            $hashes = $batch->hashes();
            $ids = ItemSelection::toSend($hashes, $known, $report);
            $produced += $hashes;
            if ($upTo !== null) {
                // counted down by answers (and by items the mapping refused): the window is passed
                // only once its last slice is answered
                $run->openWindow($upTo, count($ids));
            }
            foreach (array_chunk($ids, self::SLICE) as $slice) {
                [$changed, $invalid] = ItemSelection::split($batch->rows($slice), $report);
                $run->state->recordInvalid($invalid, $report->runId);
                if ($upTo !== null) {
                    $run->refused($upTo, count($invalid));
                }
                if ($run->anyInFlight($changed)) {
                    // an item is never in flight twice (a delta, or a SKU that moved to a later entity):
                    // the newer payload waits for the older one's answer, so ACO gets them in order and
                    // each answer is recorded against the payload and window it answers
                    $this->settle($this->client->wait());
                }
                $run->submitted($changed, $upTo);
                $moved = ItemSelection::moved($known, $changed);
                if ($moved !== []) {
                    // the upsert creates the new identity (a category's slug), so the old one is deleted
                    $this->delivery->submit($feed->deleteEndpoint(), $moved, $run->priority, $this->whileWaiting);
                    $report->deleted += count($moved);
                }
                if ($changed !== []) {
                    $report->sent += $this->delivery->submitBatch($feed, $batch, array_column($changed, 'feedId'), $run->priority, $this->whileWaiting);
                }
                $this->settle($this->client->results());
            }
            $this->runs->progress($report->runId, null, ['seen' => $report->seen - $before[0], 'sent' => $report->sent - $before[1]]);
            if ($progress !== null) {
                $progress($report);
            }
        }
        $this->deleteAbsent($feed, $known, $produced);
    }

    /** @param list<int> $entityIds */
    private function sendEntities(Feed $feed, array $entityIds, ?callable $progress): void
    {
        $ids = array_values(array_unique(array_map('intval', $entityIds)));
        foreach (array_chunk($ids, 1000) as $chunk) {
            $this->sendWindow($feed, $this->source->batches($feed, $chunk, 0), $this->ledger()->state->window(null, null, $chunk), $progress);
        }
    }

    /**
     * @param array<string, array{hash: ?string, status: int, deleted: bool, delete: ?string}> $known
     * @param array<string, ?string> $produced feed ids the window's batches produced (with their hashes)
     */
    private function deleteAbsent(Feed $feed, array $known, array $produced): void
    {
        $run = $this->ledger();
        [$absent, $neverSent] = ItemSelection::absent($known, $produced);
        $run->state->forget($neverSent);
        foreach (array_chunk($absent, 1000, true) as $chunk) {
            $run->state->markDeleted(array_keys($chunk), $run->report->runId);
            $this->delivery->submit($feed->deleteEndpoint(), $chunk, $run->priority, $this->whileWaiting);
            $run->report->countDeletes(count($chunk));
            $this->settle($this->client->results());
        }
    }

    /** @param list<array<string, mixed>> $results */
    private function settle(array $results): void
    {
        $this->log?->route($this->client->logs());
        $run = $this->ledger();
        if ($results !== []) {
            $counts = $run->state->applyResults($results, $run->answered($results), $run->report->runId);
            $run->report->accepted += $counts['accepted'];
            $run->report->failed += $counts['failed'];
            if ($counts['failed'] > 0) {
                $this->runs->progress($run->report->runId, null, ['failed' => $counts['failed']]);
            }
        }
        $position = $run->passed();
        if ($position !== null) {
            $this->runs->progress($run->report->runId, $position, []);
        }
    }

    private function ledger(): RunLedger
    {
        return $this->run ?? throw new \LogicException('no run under way');
    }
}
