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
    public int $sent = 0;
    public int $accepted = 0;
    public int $failed = 0;
    /** Items that could not be mapped (recorded as invalid with their reason). */
    public int $invalid = 0;
    public int $deleted = 0;
    public float $seconds = 0.0;

    public function __construct(string $feed, string $mode)
    {
        $this->feed = $feed;
        $this->mode = $mode;
    }

    /** @return array<string, int|float|string|bool> */
    public function toArray(): array
    {
        return get_object_vars($this);
    }
}
