<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Budget;

/** The machine's clock (nodes sharing a budget keep theirs in sync with NTP: the window has 1 s of slack). */
final class SystemClock implements Clock
{
    public function now(): float
    {
        return microtime(true);
    }

    public function sleep(float $seconds): void
    {
        usleep((int) max(0, $seconds * 1e6));
    }
}
