<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

/**
 * What one sync run of one feed did.
 */
final class SyncReport
{
    public string $feed;
    public string $mode;
    public int $runId = 0;
    /** Another run holds the feed's lock: nothing was done. */
    public bool $busy = false;
    public int $seen = 0;
    public int $unchanged = 0;
    /** Items handed to ACO, deletes included; each is answered accepted or failed. */
    public int $sent = 0;
    public int $accepted = 0;
    public int $failed = 0;
    /** Items that could not be mapped (recorded as invalid with their reason). */
    public int $invalid = 0;
    /** Of the items sent, the deletes. */
    public int $deleted = 0;
    public float $seconds = 0.0;
    /** The daily quota stopped the run until this unix time: a full run goes on from where it stopped then. */
    public ?float $pausedUntil = null;
    /** Why the run stopped before its end (a database lock not granted in time): it goes on at the next cycle. */
    public ?string $interrupted = null;

    public function __construct(string $feed, string $mode)
    {
        $this->feed = $feed;
        $this->mode = $mode;
    }

    public function countDeletes(int $deletes): void
    {
        $this->sent += $deletes;
        $this->deleted += $deletes;
    }

    /** Items of this run that ACO does not have as the catalog says: failed at ACO or refused by the mapping. */
    public function failures(): int
    {
        return $this->failed + $this->invalid;
    }

    /** Neither busy, paused nor interrupted: what the run was for is done (a request answered, changelog rows to commit). */
    public function completed(): bool
    {
        return !$this->busy && $this->pausedUntil === null && $this->interrupted === null;
    }

    /** This run's counts with those of $next (the retries after it) added. */
    public function with(self $next): self
    {
        foreach (['seen', 'sent', 'accepted', 'failed', 'deleted', 'unchanged', 'invalid'] as $field) {
            $this->$field += $next->$field;
        }
        $this->busy = $this->busy || $next->busy;
        $this->pausedUntil ??= $next->pausedUntil;
        $this->interrupted ??= $next->interrupted;
        $this->seconds += $next->seconds;
        return $this;
    }

    /** @return array<string, int|float|string|bool> */
    public function toArray(): array
    {
        return get_object_vars($this);
    }
}
