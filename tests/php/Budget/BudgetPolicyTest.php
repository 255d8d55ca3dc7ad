<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Budget;

use Aco\Connector\Model\Budget\BudgetPolicy;
use Aco\Connector\Model\Budget\Limits;
use PHPUnit\Framework\TestCase;

final class BudgetPolicyTest extends TestCase
{
    private const T0 = 1_800_000_000.0; // 2027-01-15 08:00:00 UTC

    private static function policy(array $settings = []): BudgetPolicy
    {
        return new BudgetPolicy(Limits::fromSettings($settings));
    }

    public function test_deltas_may_fill_the_minute_full_syncs_leave_a_reserve_and_retries_sit_between(): void
    {
        $policy = self::policy(['products_per_minute' => 1000]);
        $state = BudgetPolicy::emptyState();
        for ($i = 0; $i < 9; $i++) {
            self::assertSame(0.0, $policy->take($state, self::T0, 'products', 100, BudgetPolicy::FULL));
        }
        // 900 used: a full sync may not pass 960, a retry 980, a delta 1,000
        self::assertGreaterThan(0.0, $policy->take($state, self::T0, 'products', 100, BudgetPolicy::FULL));
        self::assertSame(0.0, $policy->take($state, self::T0, 'products', 60, BudgetPolicy::FULL));
        self::assertSame(0.0, $policy->take($state, self::T0, 'products', 20, BudgetPolicy::RETRY));
        self::assertGreaterThan(0.0, $policy->take($state, self::T0, 'products', 1, BudgetPolicy::RETRY));
        self::assertSame(0.0, $policy->take($state, self::T0, 'products', 20, BudgetPolicy::DELTA));
        self::assertGreaterThan(0.0, $policy->take($state, self::T0, 'products', 1, BudgetPolicy::DELTA));
        self::assertSame(['requests' => 12, 'products' => 1000, 'prices' => 0], $policy->usage($state, self::T0)['window']);
    }

    public function test_the_wait_is_until_the_oldest_grants_leave_the_window(): void
    {
        $policy = self::policy(['requests_per_minute' => 3]);
        $state = BudgetPolicy::emptyState();
        self::assertSame(0.0, $policy->take($state, self::T0, 'other', 1, BudgetPolicy::DELTA));
        self::assertSame(0.0, $policy->take($state, self::T0 + 10.5, 'other', 1, BudgetPolicy::DELTA));
        self::assertSame(0.0, $policy->take($state, self::T0 + 20, 'other', 1, BudgetPolicy::DELTA));
        self::assertSame(BudgetPolicy::WINDOW - 30.0, $policy->take($state, self::T0 + 30, 'other', 1, BudgetPolicy::DELTA));
        self::assertSame(0.0, $policy->take($state, self::T0 + BudgetPolicy::WINDOW, 'other', 1, BudgetPolicy::DELTA));
    }

    public function test_processes_drawing_at_random_never_exceed_a_limit_in_any_60_s_and_full_syncs_get_over_90_percent(): void
    {
        mt_srand(7);
        $policy = self::policy(['requests_per_minute' => 300, 'products_per_minute' => 1000]);
        $state = BudgetPolicy::emptyState();
        $grants = [];
        $next = [self::T0, self::T0, self::T0]; // three processes: a full sync and two sending deltas now and then
        $fullItems = 0;
        while (min($next) < self::T0 + 3600) {
            $p = array_keys($next, min($next))[0];
            $now = $next[$p];
            $items = $p === 0 ? 100 : mt_rand(1, 30);
            $wait = $policy->take($state, $now, 'products', $items, $p === 0 ? BudgetPolicy::FULL : BudgetPolicy::DELTA);
            if ($wait > 0.0) {
                $next[$p] = $now + $wait;
                continue;
            }
            $grants[] = [$now, $items];
            $fullItems += $p === 0 ? $items : 0;
            $next[$p] = $now + ($p === 0 ? 0.05 : mt_rand(5, 120));
        }
        foreach ($grants as $i => [$start]) {
            $inWindow = 0;
            for ($j = $i; $j < count($grants) && $grants[$j][0] < $start + 60; $j++) {
                $inWindow += $grants[$j][1];
            }
            self::assertLessThanOrEqual(1000, $inWindow, "products in the 60 s from grant $i");
        }
        $deltaItems = array_sum(array_column($grants, 1)) - $fullItems;
        self::assertGreaterThan(0, $deltaItems);
        self::assertGreaterThanOrEqual(0.9 * 60 * 1000, $fullItems + $deltaItems, 'the hour used at least 90 % of the limit');
    }

    public function test_the_daily_quota_stops_full_syncs_at_90_percent_deltas_at_100_and_a_new_utc_day_starts_over(): void
    {
        $policy = self::policy(['products_per_day' => 1000, 'products_per_minute' => 100000, 'requests_per_minute' => 100000]);
        $state = BudgetPolicy::emptyState();
        for ($i = 0; $i < 9; $i++) {
            self::assertSame(0.0, $policy->take($state, self::T0, 'products', 100, BudgetPolicy::FULL));
        }
        $midnight = 1_800_057_600.0; // 2027-01-16 00:00 UTC
        self::assertSame($midnight - self::T0, $policy->take($state, self::T0, 'products', 1, BudgetPolicy::FULL));
        self::assertSame(0.0, $policy->take($state, self::T0, 'products', 100, BudgetPolicy::DELTA));
        self::assertSame($midnight - self::T0, $policy->take($state, self::T0, 'products', 1, BudgetPolicy::DELTA));
        self::assertSame(['dayUsed' => 1000, 'dayLeft' => 0], array_slice($policy->usage($state, self::T0), 1));
        self::assertSame(0.0, $policy->take($state, $midnight, 'products', 100, BudgetPolicy::FULL));
        self::assertSame(100, $policy->usage($state, $midnight)['dayUsed']);
        self::assertSame(0.0, $policy->take($state, self::T0, 'prices', 500, BudgetPolicy::FULL), 'prices have no daily quota');
    }

    public function test_a_full_sync_eta_is_the_slowest_of_its_budgets_plus_the_days_the_quota_makes_it_wait(): void
    {
        $policy = self::policy();
        $perSecond = 1000 * 0.96 / BudgetPolicy::WINDOW;
        self::assertEqualsWithDelta(50000 / $perSecond, $policy->fullSyncSeconds('products', 50000, 100, 0, self::T0), 0.001);
        self::assertEqualsWithDelta(250000 / (5000 * 0.96 / BudgetPolicy::WINDOW), $policy->fullSyncSeconds('prices', 250000, 500, 0, self::T0), 0.001);
        self::assertEqualsWithDelta(3000 / (300 * 0.96 / BudgetPolicy::WINDOW), $policy->fullSyncSeconds('other', 3000, 1, 0, self::T0), 0.001,
            'items of no item budget: the requests they take');
        // 300,000 products, 90,000 a day for full syncs, 40,000 of today's used: 50,000 today, 2 days, 70,000 on the third
        $midnight = 1_800_057_600.0;
        self::assertEqualsWithDelta($midnight - self::T0 + 2 * 86400 + 70000 / $perSecond, $policy->fullSyncSeconds('products', 300000, 100, 40000, self::T0), 0.001);
        self::assertSame(0.0, $policy->fullSyncSeconds('products', 0, 100, 0, self::T0));
    }

    public function test_a_retry_after_one_process_got_pauses_every_priority_until_it_ends(): void
    {
        $policy = self::policy();
        $state = BudgetPolicy::emptyState();
        BudgetPolicy::pause($state, self::T0 + 30);
        BudgetPolicy::pause($state, self::T0 + 10); // a shorter one does not shorten it
        foreach ([BudgetPolicy::DELTA, BudgetPolicy::RETRY, BudgetPolicy::FULL] as $priority) {
            self::assertSame(30.0, $policy->take($state, self::T0, 'products', 1, $priority));
        }
        self::assertSame(0.0, $policy->take($state, self::T0 + 30, 'products', 1, BudgetPolicy::DELTA));
        // a row written before pauses were shared reads as not paused
        $older = array_diff_key(BudgetPolicy::emptyState(), ['pausedUntil' => true]);
        self::assertSame(0.0, BudgetPolicy::validState(json_decode(json_encode($older, JSON_FORCE_OBJECT), true))['pausedUntil'] ?? null);
    }

    public function test_a_state_not_written_by_the_policy_is_refused(): void
    {
        self::assertNotNull(BudgetPolicy::validState(json_decode(json_encode(BudgetPolicy::emptyState(), JSON_FORCE_OBJECT), true)));
        foreach (['garbage', null, ['day' => '2027-01-15', 'dayUsed' => -1, 'slots' => []],
            ['day' => '2027-01-15', 'dayUsed' => 1, 'slots' => ['products' => ['x' => 1]]],
            ['day' => '2027-01-15', 'dayUsed' => 1, 'slots' => ['products' => ['1800000000' => 'many']]],
            ['day' => '2027-01-15', 'dayUsed' => 1, 'slots' => [], 'pausedUntil' => 'soon']] as $bad) {
            self::assertNull(BudgetPolicy::validState($bad), json_encode($bad));
        }
    }

    public function test_limits_of_zero_negative_or_not_numbers_name_the_setting(): void
    {
        foreach ([['products_per_minute', 0], ['requests_per_minute', -5], ['prices_per_minute', 'abc'], ['products_per_day', '1.5'], ['products_per_day', '']] as [$key, $value]) {
            try {
                Limits::fromSettings([$key => $value]);
                self::fail("$key = " . json_encode($value) . ' was accepted');
            } catch (\InvalidArgumentException $e) {
                self::assertStringStartsWith("aco/sync/$key must be a whole number of at least 1", $e->getMessage());
            }
        }
        self::assertSame(['requests' => 300, 'products' => 1000, 'prices' => 5000], Limits::fromSettings([])->perMinute);
        self::assertSame(100000, Limits::fromSettings(['products_per_day' => '100000'])->productsPerDay);
    }

    public function test_a_row_written_by_a_clock_far_ahead_or_with_a_pause_past_2038_cannot_stall_the_store(): void
    {
        // regression: slots dated a day ahead read as "the daily product quota is used up"; a pause past
        // 2038 made every sync fail in FROM_UNIXTIME
        $policy = self::policy(['products_per_minute' => 1000, 'requests_per_minute' => 300]);
        $now = 1_800_000_000.0;
        $state = BudgetPolicy::emptyState();
        $state['slots']['products'][(int) $now + 86400] = 1000;
        $state['slots']['requests'][(int) $now + 86400] = 300;
        self::assertSame(0.0, $policy->take($state, $now, 'products', 10, BudgetPolicy::DELTA));
        $state['pausedUntil'] = 5_000_000_000.0;
        self::assertSame(BudgetPolicy::MAX_PAUSE, $policy->take($state, $now, 'products', 10, BudgetPolicy::DELTA));
    }
}
