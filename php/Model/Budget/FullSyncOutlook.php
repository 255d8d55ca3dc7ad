<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Budget;

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FullSyncQueue;
use Aco\Connector\Model\Feed\RunLog;

/**
 * What is left of a running, paused or queued full sync of a feed, how far it got, and when it ends
 * at the pace the shared budget gives full syncs (an estimate: items per entity as the run, or else
 * the feed's state, has seen them; every item counted as changed). aco:status, the admin's status
 * page and aco:explain read it.
 */
final class FullSyncOutlook
{
    private Database $db;
    /** null: limits not enforced, no end to estimate */
    private ?SharedBudget $budget;

    public function __construct(Database $db, ?SharedBudget $budget)
    {
        $this->db = $db;
        $this->budget = $budget;
    }

    /**
     * The feed's requested full sync, if any: the run serving it (not the feed's last run: the cycle
     * runs deltas and retries beside one the daily quota paused), how many items are left, the share
     * of the catalog it has passed (per-entity feeds; the others are read whole: 0 until done) and when
     * it ends (seconds from now and when by the budget's clock; null without a budget or request shape).
     *
     * @param array{family: string, items: int}|null $shape Aco\Native\Client::requestShape of the feed's endpoint
     * @return array{state: string, pausedUntil: ?float, items: int, done: float, seconds: ?float, endsAt: ?float}|null state: queued,
     *   running or paused; endsAt: the budget's clock time it ends
     */
    public function of(Feed $feed, ?array $shape = null): ?array
    {
        $request = (new FullSyncQueue($this->db))->pending($feed);
        if ($request === null) {
            return null;
        }
        $run = $request['runId'] === null ? null : (new RunLog($this->db))->unfinishedRun($request['runId']);
        $done = 0.0;
        if ($feed->isPerEntity()) {
            [$items, $done] = $this->perEntityLeft($feed, $run['lastEntityId'] ?? 0);
        } else {
            $items = (int) $this->db->query("SELECT COUNT(*) FROM {{$feed->table()}}")->fetchColumn();
        }
        $pausedUntil = $run['pausedUntil'] ?? null;
        $state = $run === null ? 'queued' : ($pausedUntil === null ? 'running' : 'paused');
        $seconds = $shape === null ? null : $this->seconds($shape, $items, $pausedUntil);
        return ['state' => $state, 'pausedUntil' => $pausedUntil, 'items' => $items, 'done' => $done, 'seconds' => $seconds,
            'endsAt' => $seconds === null ? null : $this->budget?->clock()->now() + $seconds];
    }

    private function seconds(array $shape, int $items, ?float $pausedUntil): ?float
    {
        if ($this->budget === null) {
            return null;
        }
        $policy = $this->budget->policy();
        $now = $this->budget->clock()->now();
        // a paused run goes on when its pause ends, with that day's quota
        return $pausedUntil !== null && $pausedUntil > $now
            ? $pausedUntil - $now + $policy->fullSyncSeconds($shape['family'], $items, $shape['items'], 0, $pausedUntil)
            : $policy->fullSyncSeconds($shape['family'], $items, $shape['items'], $this->budget->usage()['dayUsed'], $now);
    }

    /** @return array{0: int, 1: float} items left, share of the catalog's entities passed */
    private function perEntityLeft(Feed $feed, int $position): array
    {
        $st = $this->db->prepare('SELECT COUNT(*), SUM(entity_id > ?) FROM {catalog_product_entity}');
        $st->execute([$position]);
        [$all, $ahead] = array_map('intval', $st->fetch(\PDO::FETCH_NUM));
        // items an entity makes, as those the run has passed made them (the run's own count of items
        // seen holds a batch it has not passed: the one in flight, or the one the daily quota stopped);
        // before it has passed any, as the feed state holds them
        $st = $this->db->prepare("SELECT COUNT(*), COUNT(DISTINCT source_entity_id) FROM {{$feed->table()}} WHERE source_entity_id <= ?");
        $st->execute([$position]);
        [$rows, $sources] = array_map('intval', $st->fetch(\PDO::FETCH_NUM));
        if ($rows === 0) {
            [$rows, $sources] = array_map('intval', $this->db->query("SELECT COUNT(*), COUNT(DISTINCT source_entity_id) FROM {{$feed->table()}}")->fetch(\PDO::FETCH_NUM));
        }
        return [(int) ceil($ahead * max(1.0, $rows / max(1, $sources))), $all === 0 ? 0.0 : 1 - $ahead / $all];
    }
}
