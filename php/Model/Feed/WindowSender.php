<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\LogRouter;
use Aco\Native\Batch;
use Aco\Native\Client;

/**
 * The engine's stateless part: sends the batches of a window of entities (map, compare with the feed
 * state, send what changed), deletes what the window held but no longer produces, and settles ACO's
 * answers into the feed state. What it keeps between calls lives in the run's RunLedger.
 *
 * send() and entities() are generators: each yields the seconds the shared budget asks to wait before
 * an upsert, and sends nothing until it is iterated. The caller waits them out, and a full sync sends
 * deltas meanwhile. Deletes wait for budget themselves (see delete).
 */
final class WindowSender
{
    /** Items of a batch handed to the transport at a time (see send). */
    private const SLICE = 1000;

    private Client $client;
    private BatchSource $source;
    private RunLog $runs;
    private Delivery $delivery;
    private ?LogRouter $log;

    public function __construct(Client $client, BatchSource $source, RunLog $runs, Delivery $delivery, ?LogRouter $log)
    {
        $this->client = $client;
        $this->source = $source;
        $this->runs = $runs;
        $this->delivery = $delivery;
        $this->log = $log;
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
     * @return \Generator<int, float> the budget's waits for its upserts (see the class)
     */
    public function send(RunLedger $run, Feed $feed, iterable $batches, array $known, ?callable $progress, ?int $upTo): \Generator
    {
        $report = $run->report;
        $produced = [];
        foreach ($batches as $batch) {
            // answers that came in meanwhile (uploads run while chunks are read), written while a
            // product batch maps on its own thread (CatalogSource)
            $this->collect($run);
            $before = [$report->seen, $report->sent];
            $hashes = $batch->hashes();
            $this->log?->route($run->unwarned($batch->warnings()));
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
                $moved = ItemSelection::moved($known, $changed);
                if ($moved !== []) {
                    // the upsert makes the new identity (a category's slug): the old one is deleted first
                    $this->delete($run, $feed, $run->state->retiredIdentities()->record($moved, $report->runId), array_column($changed, 'delete', 'feedId'));
                }
                if ($run->anyInFlight($changed)) {
                    // an item is never in flight twice, nor an identity (a delta, a SKU that moved to a
                    // later entity, a slug another category gave up): the newer write waits for the
                    // older one's answer, so ACO gets them in order and each answer is recorded against
                    // the payload and window it answers
                    $this->settleAll($run);
                }
                $run->submitted($changed, $upTo);
                if ($changed !== []) {
                    yield from $this->delivery->upsert($feed, $batch, array_column($changed, 'feedId'), $run->priority, $report);
                }
                $this->collect($run);
            }
            $this->runs->progress($report->runId, null, ['seen' => $report->seen - $before[0], 'sent' => $report->sent - $before[1]]);
            if ($progress !== null) {
                $progress($report);
            }
        }
        $this->deleteAbsent($run, $feed, $known, $produced);
    }

    /**
     * These entities, a thousand at a time (products or prices feeds).
     *
     * @param list<int> $entityIds
     * @return \Generator<int, float> the budget's waits
     */
    public function entities(RunLedger $run, Feed $feed, array $entityIds, ?callable $progress): \Generator
    {
        $ids = array_values(array_unique(array_map('intval', $entityIds)));
        foreach (array_chunk($ids, 1000) as $chunk) {
            yield from $this->send($run, $feed, $this->source->batches($feed, $chunk, 0), $run->state->window(null, null, $chunk), $progress, null);
        }
    }

    /**
     * @param array<string, array{hash: ?string, status: int, deleted: bool, delete: ?string, entity: int}> $known
     * @param array<string, ?string> $produced feed ids the window's batches produced (with their hashes)
     */
    public function deleteAbsent(RunLedger $run, Feed $feed, array $known, array $produced): void
    {
        [$absent, $neverSent] = ItemSelection::absent($known, $produced);
        $run->state->forget($neverSent);
        // an item the window no longer produces may live on at another entity this run sent it from
        // (a SKU re-created or swapped): in flight, its answer moves its row there; answered since
        // the window was read, its row is there already. Either way it is not deleted.
        $absent = array_filter($absent, static fn (int|string $id): bool => !$run->sending((string) $id), ARRAY_FILTER_USE_KEY);
        if ($absent !== []) {
            $absent = $run->state->stillAt($absent, $known);
        }
        foreach (array_chunk($absent, 1000, true) as $chunk) {
            $run->state->markDeleted(array_map('strval', array_keys($chunk)), $run->report->runId);
            $this->delete($run, $feed, $chunk);
            $this->collect($run);
        }
    }

    /**
     * Deletes: of absent items, retries as they were, deletes never answered, old identities. Each
     * waits for what is in flight for its identity, so ACO gets the writes of an identity in order.
     * An old identity a live item has taken is not deleted (its retired row is dropped): the live
     * item's upsert replaces what ACO holds there, and a delete could only overtake it. Deletes wait
     * for budget here, without sending deltas meanwhile: a delta taking the identity would go first.
     *
     * @param array<string, string> $deletes feed id => delete payload (the identity)
     * @param array<string, string> $taking feed id => identity of the items about to be sent (their
     *   rows still name the identity they leave)
     */
    public function delete(RunLedger $run, Feed $feed, array $deletes, array $taking = []): void
    {
        $retired = RetiredIdentities::among($deletes);
        if ($retired !== []) {
            $taken = array_flip($taking);
            $claimed = array_filter($retired, static fn (string $identity): bool => isset($taken[$identity]) || $run->upserting($identity));
            $claimed += $run->state->retiredIdentities()->held(array_diff_key($retired, $claimed), array_map('strval', array_keys($taking)));
            $run->state->retiredIdentities()->drop(array_map('strval', array_keys($claimed)));
            $deletes = array_diff_key($deletes, $claimed);
        }
        if ($deletes === []) {
            return;
        }
        if ($run->anyDeleteInFlight($deletes)) {
            $this->settleAll($run);
        }
        $run->deleting($deletes);
        $this->delivery->waitOut($this->delivery->submit($feed->deleteEndpoint(), $deletes, $run->priority, $run->report));
    }

    /** The answers in so far, written. */
    public function collect(RunLedger $run): void
    {
        $this->settle($run, $this->client->results());
    }

    /** Every answer outstanding, waited for and written. */
    public function settleAll(RunLedger $run): void
    {
        $this->settle($run, $this->client->wait());
    }

    /** @param list<array<string, mixed>> $results */
    private function settle(RunLedger $run, array $results): void
    {
        $this->log?->route($this->client->logs());
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
}
