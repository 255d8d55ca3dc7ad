<?php
declare(strict_types=1);

namespace Aco\Connector\Tools;

use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Feed;

/**
 * Change capture that runs an edit at the end of a full sync of a feed: after the run has read and
 * sent everything, before it rebuilds what it remembers of the catalog. The moment a concurrent
 * edit (an admin deleting a variant) hit by chance, made exact for the tests and the soak run.
 */
final class FullSyncEnding extends ChangeCapture
{
    /** @var array<string, \Closure(): void> the edit to make at the end of the feed's next full sync, by feed */
    private array $edits = [];

    /** @param \Closure(): void $edit made once, as the feed's next full sync ends */
    public function at(string $feed, \Closure $edit): self
    {
        $this->edits[$feed] = $edit;
        return $this;
    }

    public function fullSyncFinished(Feed $feed): void
    {
        $edit = $this->edits[$feed->name] ?? null;
        unset($this->edits[$feed->name]);
        if ($edit !== null) {
            $edit();
        }
        parent::fullSyncFinished($feed);
    }
}
