<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Budget;

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FullSyncQueue;
use Aco\Connector\Model\Feed\RunLog;

/**
 * For aco:status: what is left of a running or queued full sync of a feed, and when it ends at the
 * pace the shared budget gives full syncs (an estimate: items per entity as the run, or else the
 * feed's state, has seen them; every item counted as changed).
 */
final class FullSyncOutlook
{
    private Database $db;
    private SharedBudget $budget;

    public function __construct(Database $db, SharedBudget $budget)
    {
        $this->db = $db;
        $this->budget = $budget;
    }

    /**
     * The feed's requested full sync, if any: the run serving it (not the feed's last run: the cycle
     * runs deltas and retries beside one the daily quota paused), how many items are left and when
     * it ends.
     *
     * @param array{family: string, items: int} $shape Aco\Native\Client::requestShape of the feed's endpoint
     * @return array{state: string, pausedUntil: ?float, items: int, seconds: float}|null state: queued, running or paused
     */
    public function of(Feed $feed, array $shape): ?array
    {
        $request = (new FullSyncQueue($this->db))->pending($feed);
        if ($request === null) {
            return null;
        }
        $run = $request['runId'] === null ? null : (new RunLog($this->db))->unfinishedRun($request['runId']);
        $items = $feed->isPerEntity() ? $this->perEntityLeft($feed, $run['lastEntityId'] ?? 0) : (int) $this->db->query("SELECT COUNT(*) FROM {{$feed->table()}}")->fetchColumn();
        $usage = $this->budget->usage();
        $now = $this->budget->clock()->now();
        $pausedUntil = $run['pausedUntil'] ?? null;
        // a paused run goes on when its pause ends, with that day's quota
        $seconds = $pausedUntil !== null && $pausedUntil > $now
            ? $pausedUntil - $now + $this->budget->policy()->fullSyncSeconds($shape['family'], $items, $shape['items'], 0, $pausedUntil)
            : $this->budget->policy()->fullSyncSeconds($shape['family'], $items, $shape['items'], $usage['dayUsed'], $now);
        return ['state' => $run === null ? 'queued' : ($pausedUntil === null ? 'running' : 'paused'), 'pausedUntil' => $pausedUntil, 'items' => $items, 'seconds' => $seconds];
    }

    private function perEntityLeft(Feed $feed, int $position): int
    {
        $st = $this->db->prepare('SELECT COUNT(*) FROM {catalog_product_entity} WHERE entity_id > ?');
        $st->execute([$position]);
        $ahead = (int) $st->fetchColumn();
        // items an entity makes, as those the run has passed made them (the run's own count of items
        // seen holds a batch it has not passed: the one in flight, or the one the daily quota stopped);
        // before it has passed any, as the feed state holds them
        $st = $this->db->prepare("SELECT COUNT(*), COUNT(DISTINCT source_entity_id) FROM {{$feed->table()}} WHERE source_entity_id <= ?");
        $st->execute([$position]);
        [$rows, $sources] = array_map('intval', $st->fetch(\PDO::FETCH_NUM));
        if ($rows === 0) {
            [$rows, $sources] = array_map('intval', $this->db->query("SELECT COUNT(*), COUNT(DISTINCT source_entity_id) FROM {{$feed->table()}}")->fetch(\PDO::FETCH_NUM));
        }
        return (int) ceil($ahead * max(1.0, $rows / max(1, $sources)));
    }
}
