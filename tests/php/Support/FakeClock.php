<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Support;

use Aco\Connector\Model\Budget\Clock;

/** A clock that only moves when slept on or told to: budget tests without waiting or timing. */
final class FakeClock implements Clock
{
    /** @var (\Closure(): void)|null what happens meanwhile, after each sleep (another process's doing) */
    public ?\Closure $onSleep = null;

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
        if ($this->onSleep !== null) {
            ($this->onSleep)();
        }
    }
}
