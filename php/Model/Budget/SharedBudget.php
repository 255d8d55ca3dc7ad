<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Budget;

use Aco\Connector\Model\Database;

/**
 * The tenant's budget, shared by every process of the store (cron, watch, the command line, other
 * nodes): one row of `aco_rate_budget` per destination, read and written under its row lock, so N
 * processes together keep to the limits (BudgetPolicy has the rules). A process takes a grant for
 * each request right before handing it to the transport; a grant counts for the window whether the
 * request went or its process died, and is gone after it: nothing is held that others must free.
 *
 * A row that cannot be read (not this policy's JSON) or that stays locked (a process stuck inside
 * its transaction) does not stop the sync: this process goes on alone at a quarter of each limit
 * (safe for four processes at once) and says so once. A corrupt row is replaced by one whose window
 * is full, so other processes wait until every grant it may have held has left the window.
 */
final class SharedBudget
{
    /** Share of each limit a process uses alone when the shared row cannot be used. */
    public const SAFE_SHARE = 0.25;
    /** Longer waits are the daily quota's: the run stops (BudgetExhausted) instead of sleeping. */
    private const MAX_WAIT = 120.0;
    /** Seconds of finding the row locked before going on alone. */
    private const LOCKED_SECONDS = 2.0;
    /** Longest sleep between tries, so a waiting full sync keeps sending deltas (see nap). */
    private const POLL = 0.5;

    private Database $db;
    private string $tenant;
    private BudgetPolicy $policy;
    private Clock $clock;
    /** @var (callable(string): void)|null */
    private $warn;
    /** When the shared row cannot be used: this process's own budget. */
    private ?BudgetPolicy $alone = null;
    /** @var array{day: string, dayUsed: int, slots: array<string, array<int, int>>, pausedUntil: float} */
    private array $aloneState;
    /** Since when take() has found the row locked, each time (null: it was not, the last time). */
    private ?float $lockedSince = null;

    /** @param (callable(string): void)|null $warn receives the one line saying the budget went local */
    public function __construct(Database $db, string $tenant, Limits $limits, Clock $clock, ?callable $warn = null)
    {
        $this->db = $db;
        $this->tenant = $tenant;
        $this->policy = new BudgetPolicy($limits);
        $this->clock = $clock;
        $this->warn = $warn;
        $this->aloneState = BudgetPolicy::emptyState();
    }

    public function policy(): BudgetPolicy
    {
        return $this->policy;
    }

    public function clock(): Clock
    {
        return $this->clock;
    }

    /**
     * Takes one request of $items items of $family if the budget has room now.
     *
     * @param int $priority BudgetPolicy::DELTA, RETRY or FULL
     * @return float 0.0 when taken, otherwise the seconds to wait before trying again
     * @throws BudgetExhausted when only the next UTC day has room (the daily quota)
     */
    public function take(string $family, int $items, int $priority): float
    {
        $now = $this->clock->now();
        $wait = $this->tryTake($family, $items, $priority, $now);
        if ($wait === null) {
            // locked by another process: normal for milliseconds, a stuck one after LOCKED_SECONDS of
            // finding it locked each time (not since the first time: waits for room are long)
            $this->lockedSince ??= $now;
            if ($now - $this->lockedSince >= self::LOCKED_SECONDS) {
                $this->goAlone('is locked by another process for more than ' . self::LOCKED_SECONDS . ' s');
            }
            return 0.01;
        }
        $this->lockedSince = null;
        if ($wait > self::MAX_WAIT) {
            throw new BudgetExhausted($now + $wait);
        }
        return $wait;
    }

    /**
     * Waits until one request may go, and takes it.
     *
     * @throws BudgetExhausted when only the next UTC day has room (the daily quota)
     */
    public function acquire(string $family, int $items, int $priority): void
    {
        while (($wait = $this->take($family, $items, $priority)) > 0.0) {
            $this->nap($wait);
        }
    }

    /** Sleeps between two tries: at most POLL, so a full sync waiting for room sends deltas meanwhile. */
    public function nap(float $wait): void
    {
        $this->clock->sleep(min($wait, self::POLL));
    }

    /**
     * ACO answered a 429 with `Retry-After` until $until: every process of the store waits it out
     * (BudgetPolicy::pause). Best effort: a row that is locked or unreadable is left alone (the
     * process that got the 429 waits anyway).
     */
    public function pause(float $until): void
    {
        if ($this->alone !== null) {
            BudgetPolicy::pause($this->aloneState, $until);
            return;
        }
        $this->db->atomically(function () use ($until): void {
            $state = $this->lockedState();
            if (is_array($state)) {
                BudgetPolicy::pause($state, $until);
                $this->write($state);
            }
        });
    }

    /**
     * What is used now (shared, or this process's own when alone).
     *
     * @return array{window: array<string, int>, dayUsed: int, dayLeft: int, shared: bool}
     */
    public function usage(): array
    {
        $now = $this->clock->now();
        if ($this->alone !== null) {
            return $this->alone->usage($this->aloneState, $now) + ['shared' => false];
        }
        $st = $this->db->prepare('SELECT state FROM {aco_rate_budget} WHERE tenant = ?');
        $st->execute([$this->tenant]);
        $json = $st->fetchColumn();
        $state = $json === false ? BudgetPolicy::emptyState() : BudgetPolicy::validState(json_decode((string) $json, true));
        return $this->policy->usage($state ?? BudgetPolicy::emptyState(), $now) + ['shared' => $state !== null];
    }

    /** @return float|null seconds to wait (0.0: taken), null when the row is locked */
    private function tryTake(string $family, int $items, int $priority, float $now): ?float
    {
        if ($this->alone !== null) {
            return $this->alone->take($this->aloneState, $now, $family, $items, $priority);
        }
        $pdo = $this->db->pdo();
        $pdo->beginTransaction();
        try {
            $state = $this->lockedState();
            if ($state === false) {
                $pdo->rollBack();
                return null;
            }
            if ($state === null) {
                $this->write($this->fullWindow($now));
                $pdo->commit();
                $this->goAlone('was not readable (replaced; other processes wait one window)');
                return $this->tryTake($family, $items, $priority, $now);
            }
            $wait = $this->policy->take($state, $now, $family, $items, $priority);
            if ($wait === 0.0) {
                $this->write($state);
            }
            $pdo->commit();
            return $wait;
        } catch (\Throwable $e) {
            if ($pdo->inTransaction()) {
                $pdo->rollBack();
            }
            throw $e;
        }
    }

    /**
     * The row's state under its lock (created empty when missing); null when corrupt, false when
     * another transaction holds the lock.
     *
     * @return array{day: string, dayUsed: int, slots: array<string, array<int, int>>, pausedUntil: float}|null|false
     */
    private function lockedState(): array|null|false
    {
        try {
            // NOWAIT (MariaDB 10.3+, MySQL 8): a stuck holder must not stall us for innodb_lock_wait_timeout
            $st = $this->db->prepare('SELECT state FROM {aco_rate_budget} WHERE tenant = ? FOR UPDATE NOWAIT');
            $st->execute([$this->tenant]);
        } catch (\PDOException $e) {
            // 1205: MariaDB's lock wait timeout (what NOWAIT reports); 3572: MySQL's ER_LOCK_NOWAIT
            if (in_array((int) ($e->errorInfo[1] ?? 0), [1205, 3572], true)) {
                return false;
            }
            throw $e;
        }
        $json = $st->fetchColumn();
        if ($json === false) {
            // a destination's first grant: the row is created outside the transaction, which has read
            // nothing yet (processes inserting it under their reads' gap locks deadlock), then locked
            $this->db->pdo()->rollBack();
            $this->db->prepare('INSERT IGNORE INTO {aco_rate_budget} (tenant, state) VALUES (?, ?)')
                ->execute([$this->tenant, json_encode(BudgetPolicy::emptyState(), JSON_THROW_ON_ERROR)]);
            $this->db->pdo()->beginTransaction();
            return $this->lockedState();
        }
        return BudgetPolicy::validState(json_decode((string) $json, true));
    }

    /** @param array{day: string, dayUsed: int, slots: array<string, array<int, int>>, pausedUntil: float} $state */
    private function write(array $state): void
    {
        $this->db->prepare('UPDATE {aco_rate_budget} SET state = ? WHERE tenant = ?')
            ->execute([json_encode($state, JSON_THROW_ON_ERROR | JSON_FORCE_OBJECT), $this->tenant]);
    }

    /** A state whose window holds every limit now: nothing is granted until the unknown grants are gone. */
    private function fullWindow(float $now): array
    {
        $state = BudgetPolicy::emptyState();
        foreach ($this->policy->limits()->perMinute as $budget => $limit) {
            $state['slots'][$budget][(int) floor($now)] = $limit;
        }
        return $state;
    }

    private function goAlone(string $why): void
    {
        if ($this->alone !== null) {
            return;
        }
        $this->alone = new BudgetPolicy($this->policy->limits()->share(self::SAFE_SHARE));
        if ($this->warn !== null) {
            ($this->warn)(sprintf('the shared rate budget (%s) %s: this process goes on alone at %d %% of each limit',
                $this->db->table('aco_rate_budget'), $why, (int) (self::SAFE_SHARE * 100)));
        }
    }
}
