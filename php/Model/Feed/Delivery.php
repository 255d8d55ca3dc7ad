<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Budget\SharedBudget;
use Aco\Native\Batch;
use Aco\Native\Client;

/**
 * Hands items to the transport a request at a time, each taken from the shared budget first (all at
 * once without a budget). A 429 this process got pauses every process sharing the budget.
 *
 * Its sending methods never sleep: while the budget has no room they yield the seconds to wait, and
 * try again once resumed. The caller waits them out (waitOut), or a full sync sends deltas meanwhile.
 */
final class Delivery
{
    private Client $client;
    private ?SharedBudget $budget;

    public function __construct(Client $client, ?SharedBudget $budget)
    {
        $this->client = $client;
        $this->budget = $budget;
    }

    /**
     * Payloads as they are (the engine's deletes), counted in $report as deletes as each request is
     * handed over: a run the daily quota stops midway has counted what went, and gets an answer for each.
     *
     * @param array<string, string> $items feed id => payload
     * @return \Generator<int, float> yields the budget's waits
     */
    public function submit(string $endpoint, array $items, int $priority, SyncReport $report): \Generator
    {
        foreach ($this->requests($endpoint, $items, true) as [$family, $request]) {
            yield from $this->grant($family, count($request), $priority);
            $report->countDeletes($this->client->submit($endpoint, $request));
        }
    }

    /**
     * Items of $batch (their payloads go from the extension to the wire), counted in $report as each
     * request is handed over.
     *
     * @param list<string> $feedIds
     * @return \Generator<int, float> yields the budget's waits
     */
    public function upsert(Feed $feed, Batch $batch, array $feedIds, int $priority, SyncReport $report): \Generator
    {
        foreach ($this->requests($feed->endpoint(), $feedIds, false) as [$family, $request]) {
            yield from $this->grant($family, count($request), $priority);
            $report->sent += $this->client->submitBatch($batch, $request);
        }
    }

    /**
     * Sends what $sending sends, sleeping through the budget's waits.
     *
     * @param \Generator<int, float> $sending
     */
    public function waitOut(\Generator $sending): void
    {
        foreach ($sending as $wait) {
            $this->budget?->nap($wait);
        }
    }

    /**
     * $items cut into the requests the budget grants one by one (whole without a budget).
     *
     * @template T of array
     * @param T $items
     * @return list<array{string, T}> each request with its budget family
     */
    private function requests(string $endpoint, array $items, bool $keys): array
    {
        if ($this->budget === null) {
            return [['', $items]];
        }
        $shape = $this->client->requestShape($endpoint);
        return array_map(static fn (array $request): array => [$shape['family'], $request], array_chunk($items, $shape['items'], $keys));
    }

    /** @return \Generator<int, float> the seconds to wait, until one request of $items items is granted */
    private function grant(string $family, int $items, int $priority): \Generator
    {
        if ($this->budget === null) {
            return;
        }
        $throttled = $this->client->throttledFor();
        if ($throttled > 0.0) {
            $this->budget->pause($this->budget->clock()->now() + $throttled);
        }
        while (($wait = $this->budget->take($family, $items, $priority)) > 0.0) {
            yield $wait;
        }
    }
}
