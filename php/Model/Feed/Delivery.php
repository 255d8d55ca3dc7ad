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
 * It never sleeps: while the budget has no room it yields the seconds to wait, and tries again once
 * resumed. The caller waits them out (FeedSync), and a full sync sends deltas meanwhile.
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
     * @param array<string, string> $items feed id => payload (deletes)
     * @return \Generator<int, float, mixed, int> yields the budget's waits; returns the items queued
     */
    public function submit(string $endpoint, array $items, int $priority): \Generator
    {
        $queued = 0;
        foreach ($this->requests($endpoint, $items, true) as [$family, $request]) {
            yield from $this->grant($family, count($request), $priority);
            $queued += $this->client->submit($endpoint, $request);
        }
        return $queued;
    }

    /**
     * @param list<string> $feedIds items of $batch, whose payloads go from the extension to the wire
     * @return \Generator<int, float, mixed, int> yields the budget's waits; returns the items queued
     */
    public function submitBatch(Feed $feed, Batch $batch, array $feedIds, int $priority): \Generator
    {
        $queued = 0;
        foreach ($this->requests($feed->endpoint(), $feedIds, false) as [$family, $request]) {
            yield from $this->grant($family, count($request), $priority);
            $queued += $this->client->submitBatch($batch, $request);
        }
        return $queued;
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
