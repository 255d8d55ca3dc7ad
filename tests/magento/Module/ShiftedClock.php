<?php
declare(strict_types=1);

namespace AcoTest\Clock;

use Aco\Connector\Model\Budget\Clock;

/**
 * The machine's clock moved by the seconds in var/aco-test-clock-offset (written by a test through
 * Support\Magento::shiftClock; no file: not moved). It keeps running, so the budget's waits end.
 */
final class ShiftedClock implements Clock
{
    public const FILE = 'var/aco-test-clock-offset';

    public function now(): float
    {
        $file = BP . '/' . self::FILE;
        return microtime(true) + (is_file($file) ? (float) file_get_contents($file) : 0.0);
    }

    public function sleep(float $seconds): void
    {
        usleep((int) max(0, $seconds * 1e6));
    }
}
