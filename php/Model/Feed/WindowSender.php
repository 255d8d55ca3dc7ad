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
 * Its sending methods are generators: each yields the seconds the shared budget asks to wait, and
 * sends nothing until it is iterated. The caller waits them out, and a full sync sends deltas meanwhile.
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
     * @return \Generator<int, float> the budget's waits (see the class)
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
                if ($run->anyInFlight($changed)) {
                    // an item is never in flight twice (a delta, or a SKU that moved to a later entity):
                    // the newer payload waits for the older one's answer, so ACO gets them in order and
                    // each answer is recorded against the payload and window it answers
                    $this->settleAll($run);
                }
                $run->submitted($changed, $upTo);
                $moved = ItemSelection::moved($known, $changed);
                if ($moved !== []) {
                    // the upsert creates the new identity (a category's slug), so the old one is deleted
                    yield from $this->delivery->submit($feed->deleteEndpoint(), $moved, $run->priority, $report);
                }
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
        yield from $this->deleteAbsent($run, $feed, $known, $produced);
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
     * @param array<string, array{hash: ?string, status: int, deleted: bool, delete: ?string}> $known
     * @param array<string, ?string> $produced feed ids the window's batches produced (with their hashes)
     * @return \Generator<int, float> the budget's waits
     */
    public function deleteAbsent(RunLedger $run, Feed $feed, array $known, array $produced): \Generator
    {
        [$absent, $neverSent] = ItemSelection::absent($known, $produced);
        $run->state->forget($neverSent);
        foreach (array_chunk($absent, 1000, true) as $chunk) {
            $run->state->markDeleted(array_keys($chunk), $run->report->runId);
            yield from $this->delete($run, $feed, $chunk);
            $this->collect($run);
        }
    }

    /**
     * Deletes sent again as they are (retries, or deletes never answered).
     *
     * @param array<string, string> $deletes feed id => delete payload
     * @return \Generator<int, float> the budget's waits
     */
    public function delete(RunLedger $run, Feed $feed, array $deletes): \Generator
    {
        yield from $this->delivery->submit($feed->deleteEndpoint(), $deletes, $run->priority, $run->report);
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
