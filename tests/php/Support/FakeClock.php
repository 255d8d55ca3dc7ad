<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Support;

use Aco\Connector\Model\Budget\Clock;

/** A clock that only moves when slept on or told to: budget tests without waiting or timing. */
final class FakeClock implements Clock
{
    public function __construct(public float $now = 1_800_000_000.0)
    {
    }

    public function now(): float
    {
        return $this->now;
    }

    public function sleep(float $seconds): void
    {
        $this->now += $seconds;
    }
}
