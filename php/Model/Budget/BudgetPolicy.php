<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Budget;

/**
 * The shared budget's rules, on a plain state (no database, no clock): whether a request of n items
 * of a family may go now, and if not, in how many seconds it could.
 *
 * Each per-minute budget is a sliding window like ACO's: units granted per whole second, counted
 * for 62 s (ACO's 60, plus the second the grant's slot spans, plus 1 s for the request to reach ACO
 * and for clocks between nodes), so no 60 s at ACO hold more than the limit whatever the grants'
 * pattern. Product items also count against the UTC day's quota.
 *
 * Priorities: captured changes may fill a budget, retries stop at 98 % of it and full syncs at
 * 96 % (90 % of the daily quota), so a running full sync always leaves room for deltas (the
 * reserve is only lost when no delta uses it) and retries never starve deltas either.
 *
 * State: {day: "Y-m-d", dayUsed: int, slots: {requests|products|prices: {unix second: units}},
 * pausedUntil: unix time}. pausedUntil is ACO's last `Retry-After` (a 429 one process got): every
 * process waits it out, not only the one ACO answered.
 */
final class BudgetPolicy
{
    public const DELTA = 0;
    public const RETRY = 1;
    public const FULL = 2;
    public const PRIORITIES = ['delta' => self::DELTA, 'retry' => self::RETRY, 'full' => self::FULL];
    /** Seconds a grant counts against its window (see above). */
    public const WINDOW = 62;
    /** The longest pause a 429 may impose on every process (ACO's `Retry-After` are seconds to minutes). */
    public const MAX_PAUSE = 3600.0;
    /** Share of a per-minute budget, and of the daily quota, each priority may fill. */
    private const MINUTE_SHARE = [self::DELTA => 1.0, self::RETRY => 0.98, self::FULL => 0.96];
    private const DAY_SHARE = [self::DELTA => 1.0, self::RETRY => 0.95, self::FULL => 0.9];

    private Limits $limits;

    public function __construct(Limits $limits)
    {
        $this->limits = $limits;
    }

    public function limits(): Limits
    {
        return $this->limits;
    }

    /** @return array{day: string, dayUsed: int, slots: array<string, array<int, int>>, pausedUntil: float} */
    public static function emptyState(): array
    {
        return ['day' => '', 'dayUsed' => 0, 'slots' => ['requests' => [], 'products' => [], 'prices' => []], 'pausedUntil' => 0.0];
    }

    /**
     * A state read back (JSON-decoded), or null when it is not one this policy wrote.
     *
     * @return array{day: string, dayUsed: int, slots: array<string, array<int, int>>, pausedUntil: float}|null
     */
    public static function validState(mixed $state): ?array
    {
        if (!is_array($state) || !is_string($state['day'] ?? null) || !is_int($state['dayUsed'] ?? null) || $state['dayUsed'] < 0
            || !is_array($state['slots'] ?? null) || !(is_int($state['pausedUntil'] ?? 0) || is_float($state['pausedUntil']))) {
            return null;
        }
        $slots = [];
        foreach (array_keys(self::emptyState()['slots']) as $budget) {
            $slots[$budget] = [];
            foreach ((array) ($state['slots'][$budget] ?? []) as $second => $units) {
                if (!is_int($units) || $units < 0 || !ctype_digit((string) $second)) {
                    return null;
                }
                $slots[$budget][(int) $second] = $units;
            }
        }
        return ['day' => $state['day'], 'dayUsed' => $state['dayUsed'], 'slots' => $slots, 'pausedUntil' => (float) ($state['pausedUntil'] ?? 0)];
    }

    /**
     * Takes one request of $items items of $family now, or says how long until it could go.
     *
     * @param array{day: string, dayUsed: int, slots: array<string, array<int, int>>, pausedUntil: float} $state updated when granted
     * @param string $family products, prices or other (Aco\Native\Client::requestShape)
     * @param int $priority DELTA, RETRY or FULL
     * @return float 0.0 when granted, else seconds to wait (the next UTC day's start for the daily quota)
     */
    public function take(array &$state, float $now, string $family, int $items, int $priority): float
    {
        $state = $this->current($state, $now);
        if ($state['pausedUntil'] > $now) {
            return $state['pausedUntil'] - $now;
        }
        $draw = ['requests' => 1] + (isset($this->limits->perMinute[$family]) ? [$family => $items] : []);
        $wait = 0.0;
        foreach ($draw as $budget => $units) {
            $wait = max($wait, $this->windowWait($state['slots'][$budget], $now, $units, $this->cap($this->limits->perMinute[$budget], self::MINUTE_SHARE[$priority])));
        }
        if ($family === 'products') {
            $cap = $this->cap($this->limits->productsPerDay, self::DAY_SHARE[$priority]);
            if ($state['dayUsed'] + $items > $cap && $state['dayUsed'] > 0) {
                $wait = max($wait, self::nextDay($now) - $now);
            }
        }
        if ($wait > 0.0) {
            return $wait;
        }
        $second = (int) floor($now);
        foreach ($draw as $budget => $units) {
            $state['slots'][$budget][$second] = ($state['slots'][$budget][$second] ?? 0) + $units;
        }
        if ($family === 'products') {
            $state['dayUsed'] += $items;
        }
        return 0.0;
    }

    /**
     * ACO said wait until $until (a 429's `Retry-After`): no request of any process goes before it.
     *
     * @param array{day: string, dayUsed: int, slots: array<string, array<int, int>>, pausedUntil: float} $state
     */
    public static function pause(array &$state, float $until): void
    {
        $state['pausedUntil'] = max($state['pausedUntil'], $until);   // bounded by MAX_PAUSE when next read
    }

    /**
     * What is used now: units per budget in the window, product updates today and what is left of them.
     *
     * @param array{day: string, dayUsed: int, slots: array<string, array<int, int>>, pausedUntil: float} $state
     * @return array{window: array<string, int>, dayUsed: int, dayLeft: int}
     */
    public function usage(array $state, float $now): array
    {
        $state = $this->current($state, $now);
        return ['window' => array_map('array_sum', $state['slots']), 'dayUsed' => $state['dayUsed'],
            'dayLeft' => max(0, $this->limits->productsPerDay - $state['dayUsed'])];
    }

    /**
     * Seconds a full sync of $items items of $family takes from $now at the pace full syncs get,
     * counting the days the product quota makes it wait.
     */
    public function fullSyncSeconds(string $family, int $items, int $requestItems, int $dayUsed, float $now): float
    {
        if ($items <= 0) {
            return 0.0;
        }
        $perSecond = static fn (int $perMinute): float => $perMinute * self::MINUTE_SHARE[self::FULL] / self::WINDOW;
        $seconds = ceil($items / max(1, $requestItems)) / $perSecond($this->limits->perMinute['requests']);
        if (isset($this->limits->perMinute[$family])) {
            $seconds = max($seconds, $items / $perSecond($this->limits->perMinute[$family]));
        }
        if ($family !== 'products') {
            return $seconds;
        }
        $perDay = max(1, $this->cap($this->limits->productsPerDay, self::DAY_SHARE[self::FULL]));
        $today = max(0, $perDay - $dayUsed);
        if ($items <= $today) {
            return $seconds;
        }
        // what is left today, then whole days; the last day's part at the per-minute pace
        $days = intdiv($items - $today - 1, $perDay);
        $last = $items - $today - $days * $perDay;
        return self::nextDay($now) - $now + $days * 86400 + $last / $perSecond($this->limits->perMinute['products']);
    }

    public static function nextDay(float $now): float
    {
        return (float) (intdiv((int) floor($now), 86400) + 1) * 86400;
    }

    /** The state with slots that left the window dropped, and the day's count reset on a new UTC day. */
    private function current(array $state, float $now): array
    {
        $day = gmdate('Y-m-d', (int) floor($now));
        if ($state['day'] !== $day) {
            $state['day'] = $day;
            $state['dayUsed'] = 0;
        }
        // what a process whose clock runs a window or more ahead wrote, or a pause past any Retry-After,
        // would hold every process for as long (it read as the daily quota, or broke the pause's SQL past 2038)
        foreach ($state['slots'] as $budget => $slots) {
            $state['slots'][$budget] = array_filter($slots, static fn (int $second): bool => $second + self::WINDOW > $now && $second < $now + self::WINDOW, ARRAY_FILTER_USE_KEY);
        }
        $state['pausedUntil'] = min($state['pausedUntil'], $now + self::MAX_PAUSE);
        return $state;
    }

    private function cap(int $limit, float $share): int
    {
        return max(1, (int) floor($limit * $share));
    }

    /**
     * Seconds until $units more fit under $cap in the window (0: now). A request bigger than the cap
     * goes once the window is empty, or it never could.
     *
     * @param array<int, int> $slots
     */
    private function windowWait(array $slots, float $now, int $units, int $cap): float
    {
        $used = array_sum($slots);
        if ($used + $units <= $cap || $used === 0) {
            return 0.0;
        }
        ksort($slots);
        foreach ($slots as $second => $n) {
            $used -= $n;
            if ($used + $units <= $cap || $used === 0) {
                return $second + self::WINDOW - $now;
            }
        }
        return 0.0;
    }
}
