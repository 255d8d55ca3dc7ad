<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

/**
 * Where a feed's mapped items come from.
 */
interface BatchSource
{
    /**
     * Mapped batches of a feed, each keyed by the highest entity id it covers (0 for feeds read whole).
     *
     * @param list<int>|null $entityIds only these entities (per-entity feeds), null = all
     * @param int $after resume after this entity id
     * @return iterable<int, \Aco\Native\Batch>
     */
    public function batches(Feed $feed, ?array $entityIds, int $after): iterable;
}
