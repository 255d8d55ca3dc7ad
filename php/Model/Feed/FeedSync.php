<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Budget\BudgetExhausted;
use Aco\Connector\Model\Budget\BudgetPolicy;
use Aco\Connector\Model\Budget\SharedBudget;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\Config\ConnectionConfig;
use Aco\Connector\Model\LogRouter;
use Aco\Native\Batch;
use Aco\Native\Client;

/**
 * The sync engine for one feed at a time: map → compare hashes with the feed state → send what
 * changed → record what ACO said; then delete what is gone (by absence). Full runs stream the whole
 * catalog and can resume after a crash; incremental runs take entity ids (from change capture or
 * the retry queue). A per-feed database lock keeps two runs from sending the same feed.
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
    /** Items of a batch handed to the transport at a time (see sendWindow). */
    private const SLICE = 1000;
    /** @var array<string, array<string, mixed>> rows of submitted items awaiting ACO's answer, by feed id; one per item at a time */
    private array $inFlight = [];
    /**
     * @var array<string, int> the full-run window of each in-flight item that has one, by feed id
     *   (beside the rows, not in them: a row written to would be copied, item by item)
     */
    private array $inFlightWindow = [];
    /** @var array<int, int> full-run windows (last entity id → items unanswered), oldest first */
    private array $windows = [];
    /** Changelog version a full run has sent the deltas behind it up to; committed once they are answered. */
    private ?int $deltaVersion = null;
    /** @var list<int> edited entities of the batch a full run is sending, held back until it is sent (sendDeltas) */
    private array $heldDeltas = [];
    /** The changelog version before the held edits: what the run may commit while it holds them. */
    private ?int $heldAfter = null;
    private ?DestinationGuard $destination;
    private ?SharedBudget $budget;
    /** The running run's BudgetPolicy priority (deltas sent inside a full run go as deltas). */
    private int $priority = BudgetPolicy::DELTA;
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
    }

    /**
     * Every item of the feed; what is not produced any more is deleted.
     *
     * @param bool $continue resume the last unfinished full run instead of starting over
     * @param callable(SyncReport): void|null $progress called after each batch
     */
    public function full(Feed $feed, bool $continue = false, ?callable $progress = null): SyncReport
    {
        $paused = $this->runs->pausedUntil($feed);
        if ($paused !== null && $paused > ($this->budget?->clock()->now() ?? microtime(true))) {
            $report = new SyncReport($feed->name, 'full');
            $report->pausedUntil = $paused;
            return $report;
        }
        return $this->locked($feed, 'full', function (SyncReport $report, FeedState $state) use ($feed, $continue, $paused, $progress): void {
            // a run's position only passes entities whose items ACO has answered, so resuming
            // after a crash re-reads whatever was in flight; a run the daily quota stopped goes on
            $resume = $continue || $paused !== null ? $this->runs->unfinished($feed, 'full') : null;
            $report->runId = $resume['runId'] ?? $this->runs->start($feed, 'full');
            if ($resume === null && $this->changes !== null) {
                // this run reads every entity after it starts: edits captured before are no deltas
                // (sent again as such, each would go twice)
                $this->deltaVersion = $this->changes->pending($feed)['version'];
            }
            if (!$feed->isPerEntity()) {
                $this->sendWindow($feed, $state, $report, $this->source->batches($feed, null, 0), $state->window(null, null), $progress);
                return;
            }
            // entity by entity in id order: each batch covers the ids after the previous one
            $after = $resume['lastEntityId'] ?? 0;
            foreach ($this->source->batches($feed, null, $after) as $last => $batch) {
                // waiting for budget mid-batch: deltas go, but those of this batch's entities only after
                // it (its payload here may predate the edit, and must not overtake the delta's)
                $this->whileWaiting = function () use ($feed, $state, $report, &$after, $last): void {
                    $this->settle($state, $report, $this->client->results());
                    $this->sendDeltas($feed, $state, $report, $after, $last);
                };
                $this->sendWindow($feed, $state, $report, [$last => $batch], $state->window($after, $last), $progress, $last);
                $after = $last;
                $this->sendDeltas($feed, $state, $report, $after, $after);
            }
            $this->whileWaiting = null;
            $this->deleteAbsent($feed, $state, $report, $state->window($after, null), []);
        });
    }

    /**
     * Edits captured while this full sync runs are sent now, as deltas, wherever the run is: under
     * ACO's limits a full sync takes hours, and those ahead would wait for it (when it gets there it
     * finds them unchanged). Those of the entities after $from up to $upTo (a batch the run is
     * sending: its payloads may predate the edit) are held until a call outside that batch; the
     * others go at once (a batch waiting for budget may take a minute: holding every edit for one
     * of its entities made deltas wait that long). Each changelog entry is looked at once; the
     * changelog is committed when the run's answers are in, short of the held edits, so a crash or
     * the daily quota leaves them to the next incremental run.
     */
    private function sendDeltas(Feed $feed, FeedState $state, SyncReport $report, int $from, int $upTo): void
    {
        if ($this->changes === null) {
            return;
        }
        $pending = $this->changes->pending($feed, $this->deltaVersion);
        $ids = array_values(array_unique(array_merge($this->heldDeltas, $pending['ids'])));
        if ($ids === []) {
            return;
        }
        $held = array_values(array_filter($ids, static fn (int $id): bool => $id > $from && $id <= $upTo));
        $send = array_values(array_diff($ids, $held));
        if ($send !== []) {
            [$priority, $waiting, $this->priority, $this->whileWaiting] = [$this->priority, $this->whileWaiting, BudgetPolicy::DELTA, null];
            try {
                $this->sendEntities($feed, $state, $report, $send, null);
            } finally {
                [$this->priority, $this->whileWaiting] = [$priority, $waiting];
            }
        }
        if ($this->heldDeltas === []) {
            $this->heldAfter = $this->deltaVersion;
        }
        $this->heldDeltas = $held;
        $this->deltaVersion = $pending['version'];
    }

    /**
     * What cron and `aco:sync` run every time: the full sync a changed connection, exporter switch or
     * scope (ScopeChanges) asked for, else the changes captured since the last run; then the retries
     * that are due. On an unchanged catalog it reads nothing but the scopes, the changelog and the
     * retry queue.
     */
    public function changed(Feed $feed, ConnectionConfig $config, ?callable $progress = null): SyncReport
    {
        if ($this->changes === null) {
            throw new \LogicException('FeedSync::changed needs the change capture');
        }
        (new ScopeChanges($this->db))->check($config);
        $pending = $this->changes->pending($feed);
        $report = new SyncReport($feed->name, 'incremental');
        if (in_array($feed->name, $config->fullSyncRequested(), true)) {
            $report = $this->full($feed, false, $progress);
            if (!$report->busy && $report->pausedUntil === null) {
                $config->fullSyncDone($feed->name);
                $this->changes->commit($feed, $pending['version']);
            }
        } elseif ($pending['ids'] !== []) {
            $report = $feed->isPerEntity() ? $this->entities($feed, $pending['ids'], $progress) : $this->full($feed, false, $progress);
            if (!$report->busy && $report->pausedUntil === null) {
                $this->changes->commit($feed, $pending['version']);
            }
        }
        $retry = $this->retry($feed, $progress);
        foreach (['seen', 'sent', 'accepted', 'failed', 'deleted', 'unchanged', 'invalid'] as $field) {
            $report->$field += $retry->$field;
        }
        $report->busy = $report->busy || $retry->busy;
        $report->pausedUntil ??= $retry->pausedUntil;
        return $report;
    }

    /**
     * Only these entities (products or prices feeds); feeds read whole run in full instead.
     *
     * @param list<int> $entityIds
     */
    public function entities(Feed $feed, array $entityIds, ?callable $progress = null): SyncReport
    {
        if (!$feed->isPerEntity()) {
            return $this->full($feed, false, $progress);
        }
        return $this->locked($feed, 'incremental', function (SyncReport $report, FeedState $state) use ($feed, $entityIds, $progress): void {
            $report->runId = $this->runs->start($feed, 'incremental');
            $this->sendEntities($feed, $state, $report, $entityIds, $progress);
        });
    }

    /** Resends what failed and is due: deletes as they were, items mapped again from current data. */
    public function retry(Feed $feed, ?callable $progress = null): SyncReport
    {
        return $this->locked($feed, 'retry', function (SyncReport $report, FeedState $state) use ($feed, $progress): void {
            $report->runId = $this->runs->start($feed, 'retry');
            $due = $state->dueRetries();
            if ($due['deletes'] !== []) {
                $this->submit($feed->deleteEndpoint(), $due['deletes']);
                $report->countDeletes(count($due['deletes']));
            }
            if ($due['entityIds'] !== []) {
                if ($feed->isPerEntity()) {
                    // an entity gone since its failure is deleted, not retried forever
                    $this->sendEntities($feed, $state, $report, $due['entityIds'], $progress);
                } else {
                    $this->sendWindow($feed, $state, $report, $this->source->batches($feed, null, 0), $state->window(null, null), $progress);
                }
            }
            $this->settle($state, $report, $this->client->wait());
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
            $ids = $this->toSend($hashes, $state->fetch(array_map('strval', array_keys($hashes))), $report);
            [$changed] = $this->split($batch->rows($ids), $report);
            foreach ($changed as $item) {
                $out($item, (string) $batch->payload($item['feedId']));
            }
        }
        return $report;
    }

    /** @param callable(SyncReport, FeedState): void $work */
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
            [$this->inFlight, $this->inFlightWindow, $this->windows, $this->deltaVersion, $this->heldDeltas] = [[], [], [], null, []];
            $this->priority = ['full' => BudgetPolicy::FULL, 'retry' => BudgetPolicy::RETRY][$mode] ?? BudgetPolicy::DELTA;
            $state = new FeedState($this->db, $feed, $this->maxAttempts);
            try {
                $this->resendUnconfirmedDeletes($feed, $state, $report);
                $work($report, $state);
            } catch (BudgetExhausted $e) {
                // the daily quota: what was sent is answered and recorded; a full run goes on from its position then
                $report->pausedUntil = $e->until;
                $this->log?->route([['level' => 'info', 'target' => 'aco.budget', 'message' => "{$feed->name}: {$e->getMessage()}; the {$mode} run goes on then"]]);
            }
            $this->settle($state, $report, $this->client->wait());
            $committable = $this->heldDeltas === [] ? $this->deltaVersion : $this->heldAfter;
            if ($this->changes !== null && $committable !== null) {
                $this->changes->commit($feed, $committable);
            }
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
            $this->whileWaiting = null;
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
    private function resendUnconfirmedDeletes(Feed $feed, FeedState $state, SyncReport $report): void
    {
        $deletes = $state->unconfirmedDeletes();
        if ($deletes === []) {
            return;
        }
        $this->submit($feed->deleteEndpoint(), $deletes);
        $report->countDeletes(count($deletes));
        $this->settle($state, $report, $this->client->wait());
    }

    /**
     * The feed ids of a batch to send: new or changed, or not yet confirmed; unchanged confirmed
     * items are left alone (only their hashes cross from the extension).
     *
     * @param array<string, ?string> $hashes the batch's hashes()
     * @param array<string, array{hash: ?string, status: int, deleted: bool}> $known rows by feed id
     * @return list<string>
     */
    private function toSend(array $hashes, array $known, SyncReport $report): array
    {
        $report->seen += count($hashes);
        $ids = [];
        foreach ($hashes as $feedId => $hash) {
            $was = $known[$feedId] ?? null;
            if ($hash !== null && $was !== null && !$was['deleted'] && $was['hash'] === $hash
                && ($was['status'] === ItemStatus::SENT || $was['status'] === ItemStatus::INVALID)) {
                $report->unchanged++;
            } else {
                $ids[] = (string) $feedId;
            }
        }
        return $ids;
    }

    /**
     * Rows of items to send, as the rows to write once ACO answers, and of items the mapping
     * refused, to write now.
     *
     * @param list<array<string, mixed>> $rows a batch's rows()
     * @return array{0: list<array<string, mixed>>, 1: list<array<string, mixed>>} items to send, invalid rows
     */
    private function split(array $rows, SyncReport $report): array
    {
        $changed = [];
        $invalid = [];
        foreach ($rows as $row) {
            if ($row['error'] === null) {
                $changed[] = $row;
                continue;
            }
            $report->invalid++;
            $invalid[] = ['errorField' => $row['error']['field'], 'errorMessage' => $row['error']['message']] + $row;
        }
        return [$changed, $invalid];
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
    private function sendWindow(Feed $feed, FeedState $state, SyncReport $report, iterable $batches, array $known, ?callable $progress, ?int $upTo = null): void
    {
        $produced = [];
        foreach ($batches as $batch) {
            // answers that came in meanwhile (uploads run while chunks are read), written while a
            // product batch maps on its own thread (CatalogSource)
            $this->settle($state, $report, $this->client->results());
            $before = [$report->seen, $report->sent];
            $hashes = $batch->hashes();
            $ids = $this->toSend($hashes, $known, $report);
            $produced += $hashes;
            if ($upTo !== null) {
                // counted down by answers (and by items the mapping refused): the window is passed
                // only once its last slice is answered
                $this->windows[$upTo] = count($ids);
            }
            foreach (array_chunk($ids, self::SLICE) as $slice) {
                [$changed, $invalid] = $this->split($batch->rows($slice), $report);
                $state->recordInvalid($invalid, $report->runId);
                if ($upTo !== null) {
                    $this->windows[$upTo] -= count($invalid);
                }
                if ($this->anyInFlight($changed)) {
                    // an item is never in flight twice (a delta, or a SKU that moved to a later entity):
                    // the newer payload waits for the older one's answer, so ACO gets them in order and
                    // each answer is recorded against the payload and window it answers
                    $this->settle($state, $report, $this->client->wait());
                }
                foreach ($changed as $row) {
                    $this->inFlight[$row['feedId']] = $row;
                    if ($upTo !== null) {
                        $this->inFlightWindow[$row['feedId']] = $upTo;
                    }
                }
                $this->deleteMoved($feed, $known, $changed, $report);
                if ($changed !== []) {
                    $report->sent += $this->submitBatch($feed, $batch, array_column($changed, 'feedId'));
                }
                $this->settle($state, $report, $this->client->results());
            }
            $this->runs->progress($report->runId, null, ['seen' => $report->seen - $before[0], 'sent' => $report->sent - $before[1]]);
            if ($progress !== null) {
                $progress($report);
            }
        }
        $this->deleteAbsent($feed, $state, $report, $known, $produced);
    }

    /**
     * Items whose identity in ACO changed under the same feed id (a category's slug is its URL path,
     * which a new URL key or a move changes, for its whole subtree): the upsert creates the new
     * identity, so the old one is deleted. Its answer is not recorded (keyed apart from the item's);
     * only the old identity is gone from ACO then.
     *
     * @param array<string, array{hash: ?string, status: int, deleted: bool, delete: ?string}> $known
     * @param list<array<string, mixed>> $changed
     */
    private function deleteMoved(Feed $feed, array $known, array $changed, SyncReport $report): void
    {
        $moved = [];
        foreach ($changed as $row) {
            $was = $known[$row['feedId']] ?? null;
            if ($was !== null && !$was['deleted'] && $was['delete'] !== null && $was['delete'] !== $row['delete']) {
                $moved[$row['feedId'] . "\u{1F}moved"] = $was['delete'];
            }
        }
        if ($moved !== []) {
            $this->submit($feed->deleteEndpoint(), $moved);
            $report->deleted += count($moved);
        }
    }

    /** @param list<array<string, mixed>> $rows */
    private function anyInFlight(array $rows): bool
    {
        foreach ($rows as $row) {
            if (isset($this->inFlight[$row['feedId']])) {
                return true;
            }
        }
        return false;
    }

    /** @param list<int> $entityIds */
    private function sendEntities(Feed $feed, FeedState $state, SyncReport $report, array $entityIds, ?callable $progress): void
    {
        $ids = array_values(array_unique(array_map('intval', $entityIds)));
        foreach (array_chunk($ids, 1000) as $chunk) {
            $this->sendWindow($feed, $state, $report, $this->source->batches($feed, $chunk, 0), $state->window(null, null, $chunk), $progress);
        }
    }

    /**
     * @param array<string, array{hash: ?string, status: int, deleted: bool, delete: ?string}> $known
     * @param array<string, ?string> $produced feed ids the window's batches produced (with their hashes)
     */
    private function deleteAbsent(Feed $feed, FeedState $state, SyncReport $report, array $known, array $produced): void
    {
        $absent = [];
        $neverSent = [];
        foreach ($known as $feedId => $row) {
            if (!$row['deleted'] && !array_key_exists($feedId, $produced)) {
                if ($row['delete'] === null) {
                    $neverSent[] = (string) $feedId;
                } else {
                    $absent[$feedId] = $row['delete'];
                }
            }
        }
        $state->forget($neverSent);
        foreach (array_chunk($absent, 1000, true) as $chunk) {
            $state->markDeleted(array_keys($chunk), $report->runId);
            $this->submit($feed->deleteEndpoint(), $chunk);
            $report->countDeletes(count($chunk));
            $this->settle($state, $report, $this->client->results());
        }
    }

    /**
     * Hands items to the transport a request at a time, each taken from the shared budget first.
     *
     * @param array<string, string> $items feed id => payload
     */
    private function submit(string $endpoint, array $items): int
    {
        $queued = 0;
        foreach ($this->requests($endpoint, $items, true) as $request) {
            $queued += $this->client->submit($endpoint, $request);
        }
        return $queued;
    }

    /** @param list<string> $feedIds */
    private function submitBatch(Feed $feed, Batch $batch, array $feedIds): int
    {
        $queued = 0;
        foreach ($this->requests($feed->endpoint(), $feedIds, false) as $request) {
            $queued += $this->client->submitBatch($batch, $request);
        }
        return $queued;
    }

    /**
     * $items cut into requests, each yielded once the budget grants it (all at once without a budget).
     *
     * @template T of array
     * @param T $items
     * @return iterable<T>
     */
    private function requests(string $endpoint, array $items, bool $keys): iterable
    {
        if ($this->budget === null) {
            yield $items;
            return;
        }
        $shape = $this->client->requestShape($endpoint);
        foreach (array_chunk($items, $shape['items'], $keys) as $request) {
            // a 429 this process got pauses every process sharing the budget
            $throttled = $this->client->throttledFor();
            if ($throttled > 0.0) {
                $this->budget->pause($this->budget->clock()->now() + $throttled);
            }
            $this->budget->acquire($shape['family'], count($request), $this->priority, $this->whileWaiting);
            yield $request;
        }
    }

    /** @param list<array<string, mixed>> $results */
    private function settle(FeedState $state, SyncReport $report, array $results): void
    {
        $this->log?->route($this->client->logs());
        if ($results === []) {
            $this->advance($report);
            return;
        }
        $sent = [];
        foreach ($results as $r) {
            $row = $this->inFlight[$r['id']] ?? null;
            if ($row === null) {
                continue;
            }
            $sent[$r['id']] = $row;
            $window = $this->inFlightWindow[$r['id']] ?? null;
            if ($window !== null) {
                $this->windows[$window]--;
                unset($this->inFlightWindow[$r['id']]);
            }
            unset($this->inFlight[$r['id']]);
        }
        $counts = $state->applyResults($results, $sent, $report->runId);
        $report->accepted += $counts['accepted'];
        $report->failed += $counts['failed'];
        if ($counts['failed'] > 0) {
            $this->runs->progress($report->runId, null, ['failed' => $counts['failed']]);
        }
        $this->advance($report);
    }

    /** Moves a full run's position past the oldest windows whose items are all answered. */
    private function advance(SyncReport $report): void
    {
        $position = null;
        while ($this->windows !== [] && reset($this->windows) <= 0) {
            $position = (int) key($this->windows);
            unset($this->windows[$position]);
        }
        if ($position !== null) {
            $this->runs->progress($report->runId, $position, []);
        }
    }
}
