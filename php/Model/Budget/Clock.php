<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Budget;

/** Time for the shared budget: the system's, or a test's own. */
interface Clock
{
    /** Unix time in seconds. */
    public function now(): float;

    public function sleep(float $seconds): void;
}
