<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Budget;

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Feed\Feed;

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
     * @param array<string, mixed>|null $run the feed's newest unfinished full run (RunLog row), null for a queued one
     * @param array{family: string, items: int} $shape Aco\Native\Client::requestShape of the feed's endpoint
     * @return array{items: int, seconds: float}
     */
    public function left(Feed $feed, ?array $run, array $shape): array
    {
        $items = $feed->isPerEntity() ? $this->perEntityLeft($feed, $run) : (int) $this->db->query("SELECT COUNT(*) FROM {{$feed->table()}}")->fetchColumn();
        $usage = $this->budget->usage();
        $seconds = $this->budget->policy()->fullSyncSeconds($shape['family'], $items, $shape['items'], $usage['dayUsed'], $this->budget->clock()->now());
        return ['items' => $items, 'seconds' => $seconds];
    }

    private function perEntityLeft(Feed $feed, ?array $run): int
    {
        $position = (int) ($run['last_entity_id'] ?? 0);
        $st = $this->db->prepare('SELECT SUM(entity_id > ?), SUM(entity_id <= ?) FROM {catalog_product_entity}');
        $st->execute([$position, $position]);
        [$ahead, $passed] = array_map('intval', $st->fetch(\PDO::FETCH_NUM));
        if ($passed > 0 && (int) ($run['items_seen'] ?? 0) > 0) {
            return (int) ceil($ahead * (int) $run['items_seen'] / $passed);
        }
        [$rows, $sources] = $this->db->query("SELECT COUNT(*), COUNT(DISTINCT source_entity_id) FROM {{$feed->table()}}")->fetch(\PDO::FETCH_NUM);
        return (int) ceil($ahead * max(1.0, (int) $rows / max(1, (int) $sources)));
    }
}
