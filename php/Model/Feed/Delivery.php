<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Budget\SharedBudget;
use Aco\Native\Batch;
use Aco\Native\Client;

/**
 * Hands items to the transport a request at a time, each taken from the shared budget first (all at
 * once without a budget). A 429 this process got pauses every process sharing the budget.
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
     * @param (\Closure(): void)|null $whileWaiting what to do between tries while the budget has no room
     */
    public function submit(string $endpoint, array $items, int $priority, ?\Closure $whileWaiting): int
    {
        $queued = 0;
        foreach ($this->requests($endpoint, $items, true, $priority, $whileWaiting) as $request) {
            $queued += $this->client->submit($endpoint, $request);
        }
        return $queued;
    }

    /**
     * @param list<string> $feedIds items of $batch, whose payloads go from the extension to the wire
     * @param (\Closure(): void)|null $whileWaiting
     */
    public function submitBatch(Feed $feed, Batch $batch, array $feedIds, int $priority, ?\Closure $whileWaiting): int
    {
        $queued = 0;
        foreach ($this->requests($feed->endpoint(), $feedIds, false, $priority, $whileWaiting) as $request) {
            $queued += $this->client->submitBatch($batch, $request);
        }
        return $queued;
    }

    /**
     * $items cut into requests, each yielded once the budget grants it.
     *
     * @template T of array
     * @param T $items
     * @param (\Closure(): void)|null $whileWaiting
     * @return iterable<T>
     */
    private function requests(string $endpoint, array $items, bool $keys, int $priority, ?\Closure $whileWaiting): iterable
    {
        if ($this->budget === null) {
            yield $items;
            return;
        }
        $shape = $this->client->requestShape($endpoint);
        foreach (array_chunk($items, $shape['items'], $keys) as $request) {
            $throttled = $this->client->throttledFor();
            if ($throttled > 0.0) {
                $this->budget->pause($this->budget->clock()->now() + $throttled);
            }
            $this->budget->acquire($shape['family'], count($request), $priority, $whileWaiting);
            yield $request;
        }
    }
}
