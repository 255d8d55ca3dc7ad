<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Budget;

use Aco\Connector\Model\Budget\BudgetExhausted;
use Aco\Connector\Model\Budget\BudgetPolicy;
use Aco\Connector\Model\Budget\Limits;
use Aco\Connector\Model\Budget\SharedBudget;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\Setup\SchemaInstaller;
use Aco\Connector\Test\Support\FakeClock;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Test\Support\TestDatabase;
use PHPUnit\Framework\TestCase;

/** The budget in MariaDB: each "process" is a connection of its own; time is a fake clock. */
final class SharedBudgetTest extends TestCase
{
    private const TENANT = 'na1|sandbox|t1|';
    private FakeClock $clock;
    /** @var list<string> */
    private array $warnings = [];

    protected function setUp(): void
    {
        SampleDatabase::generate(1);
        $pdo = TestDatabase::pdo();
        (new SchemaInstaller(new Database($pdo)))->install();
        $pdo->exec('DELETE FROM aco_rate_budget');
        $this->clock = new FakeClock();
    }

    private function process(array $limits = ['requests_per_minute' => 10]): SharedBudget
    {
        return new SharedBudget(new Database(TestDatabase::pdo()), self::TENANT, Limits::fromSettings($limits), $this->clock, function (string $line): void {
            $this->warnings[] = $line;
        });
    }

    public function test_processes_draw_from_one_budget_and_together_never_exceed_it(): void
    {
        $a = $this->process();
        $b = $this->process();
        $t0 = $this->clock->now;
        foreach (range(1, 10) as $i) {
            ($i % 2 ? $a : $b)->acquire('other', 1, BudgetPolicy::DELTA);
        }
        self::assertSame($t0, $this->clock->now, 'ten requests fit the minute');
        self::assertSame(10, $b->usage()['window']['requests'], 'b sees what a took');
        $a->acquire('other', 1, BudgetPolicy::DELTA);
        self::assertSame($t0 + BudgetPolicy::WINDOW, floor($this->clock->now), 'the eleventh waits until the first grants left the window');
        self::assertSame([], $this->warnings);
    }

    public function test_a_429_one_process_got_makes_the_others_wait_out_its_retry_after(): void
    {
        $throttled = $this->process();
        $other = $this->process();
        $t0 = $this->clock->now;
        $throttled->pause($t0 + 20);
        $other->acquire('other', 1, BudgetPolicy::DELTA);
        self::assertSame($t0 + 20, $this->clock->now, 'the other process waited out the Retry-After');
        self::assertSame([], $this->warnings);
    }

    public function test_a_killed_process_grants_count_until_they_leave_the_window_then_others_take_over(): void
    {
        $killed = new \PDO(...TestDatabase::connectArgs());
        $dying = new SharedBudget(new Database($killed), self::TENANT, Limits::fromSettings(['requests_per_minute' => 10]), $this->clock);
        $t0 = $this->clock->now;
        for ($i = 0; $i < 10; $i++) {
            $dying->acquire('other', 1, BudgetPolicy::DELTA);
        }
        unset($dying, $killed); // its connection is gone, its grants stay in the row
        $this->clock->now += 30;
        $this->process()->acquire('other', 1, BudgetPolicy::DELTA);
        self::assertSame($t0 + BudgetPolicy::WINDOW, floor($this->clock->now));
    }

    public function test_the_daily_quota_ends_a_full_sync_draw_until_the_next_utc_day(): void
    {
        $budget = $this->process(['products_per_day' => 200, 'requests_per_minute' => 1000, 'products_per_minute' => 1000]);
        $budget->acquire('products', 100, BudgetPolicy::FULL);
        try {
            $budget->acquire('products', 100, BudgetPolicy::FULL);
            self::fail('the full sync passed 90 % of the daily quota');
        } catch (BudgetExhausted $e) {
            self::assertSame(BudgetPolicy::nextDay($this->clock->now), $e->until);
        }
        $budget->acquire('products', 100, BudgetPolicy::DELTA);
        self::assertSame(['dayUsed' => 200, 'dayLeft' => 0, 'shared' => true], array_slice($budget->usage(), 1));
    }

    public function test_a_corrupt_row_is_replaced_by_a_full_window_and_the_finder_goes_on_alone_saying_so_once(): void
    {
        $pdo = TestDatabase::pdo();
        $pdo->prepare('INSERT INTO aco_rate_budget (tenant, state) VALUES (?, ?)')->execute([self::TENANT, '{"day": 7, "torn']);
        $finder = $this->process(['requests_per_minute' => 8]);
        $t0 = $this->clock->now;
        for ($i = 0; $i < 2; $i++) {
            $finder->acquire('other', 1, BudgetPolicy::DELTA);
        }
        self::assertSame($t0, $this->clock->now, 'alone at a quarter of 8: two requests at once');
        $finder->acquire('other', 1, BudgetPolicy::DELTA);
        self::assertSame($t0 + BudgetPolicy::WINDOW, floor($this->clock->now), 'and a third a window later');
        self::assertCount(1, $this->warnings);
        self::assertStringContainsString('aco_rate_budget) was not readable', $this->warnings[0]);
        self::assertStringContainsString('25 % of each limit', $this->warnings[0]);
        self::assertFalse($finder->usage()['shared']);
        // another process finds a full window from when it was replaced
        $this->clock->now = $t0 + 1;
        $other = $this->process(['requests_per_minute' => 8]);
        $other->acquire('other', 1, BudgetPolicy::DELTA);
        self::assertSame($t0 + BudgetPolicy::WINDOW, floor($this->clock->now));
        self::assertCount(1, $this->warnings, 'the row was whole again for it');
    }

    public function test_a_row_locked_by_a_stuck_process_is_waited_for_2_s_then_this_process_goes_on_alone(): void
    {
        $this->process()->acquire('other', 1, BudgetPolicy::DELTA); // the row exists
        $stuck = TestDatabase::pdo();
        $stuck->beginTransaction();
        $stuck->query("SELECT state FROM aco_rate_budget WHERE tenant = '" . self::TENANT . "' FOR UPDATE")->fetchAll();
        $t0 = $this->clock->now;
        $budget = $this->process();
        $budget->acquire('other', 1, BudgetPolicy::DELTA);
        self::assertEqualsWithDelta($t0 + 2, $this->clock->now, 0.05, 'on its own after 2 s of a locked row');
        $budget->acquire('other', 1, BudgetPolicy::DELTA);
        self::assertCount(1, $this->warnings);
        self::assertStringContainsString('is locked by another process for more than 2 s', $this->warnings[0]);
        $stuck->rollBack();
    }

    public function test_processes_taking_a_new_destinations_first_grants_at_once_do_not_deadlock(): void
    {
        // two processes, each taking the first grant of 30 new destinations at the same moments
        $code = 'require "vendor/autoload.php"; [, $start, $connect] = $argv;
            $db = new Aco\\Connector\\Model\\Database(new PDO(...json_decode($connect, true)));
            for ($i = 0; $i < 30; $i++) {
                time_sleep_until($start + $i * 0.05);
                (new Aco\\Connector\\Model\\Budget\\SharedBudget($db, "new-$start-$i", Aco\\Connector\\Model\\Budget\\Limits::fromSettings([]),
                    new Aco\\Connector\\Model\\Budget\\SystemClock()))->acquire("other", 1, 0);
            }';
        $start = sprintf('%.2f', microtime(true) + 0.5);
        $processes = [];
        foreach ([0, 1] as $i) {
            $processes[$i] = proc_open([PHP_BINARY, '-r', $code, '--', $start, json_encode(TestDatabase::connectArgs())], [2 => ['pipe', 'w']], $pipes[$i], dirname(__DIR__, 3));
        }
        foreach ($processes as $i => $process) {
            $stderr = stream_get_contents($pipes[$i][2]);
            self::assertSame(0, proc_close($process), $stderr);
        }
        $states = TestDatabase::pdo()->query("SELECT state FROM aco_rate_budget WHERE tenant LIKE 'new-$start-%'")->fetchAll(\PDO::FETCH_COLUMN);
        self::assertSame(array_fill(0, 30, 2), array_map(static fn (string $s): int => array_sum(json_decode($s, true)['slots']['requests']), $states));
    }

    public function test_a_row_locked_for_moments_now_and_then_is_no_stuck_process(): void
    {
        $a = $this->process();
        foreach (range(1, 10) as $i) {
            $a->acquire('other', 1, BudgetPolicy::DELTA);
        }
        $t0 = $this->clock->now;
        $other = TestDatabase::pdo();
        $lock = static function () use ($other): void {
            $other->beginTransaction();
            $other->query("SELECT state FROM aco_rate_budget WHERE tenant = '" . self::TENANT . "' FOR UPDATE")->fetchAll();
        };
        // another process's grant holds the row for a moment as this one starts to wait, and again a minute later
        $lock();
        $relocked = false;
        $this->clock->onSleep = function () use ($other, $lock, $t0, &$relocked): void {
            if ($other->inTransaction()) {
                $other->rollBack();
            } elseif (!$relocked && $this->clock->now >= $t0 + 61) {
                $lock();
                $relocked = true;
            }
        };
        $this->process()->acquire('other', 1, BudgetPolicy::DELTA);
        self::assertTrue($relocked);
        self::assertSame($t0 + BudgetPolicy::WINDOW, floor($this->clock->now), 'granted when the window had room');
        self::assertSame([], $this->warnings, 'it waited with the others instead of going on alone');
    }
}
