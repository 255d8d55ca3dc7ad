<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Database;

/**
 * One row per feed for the admin's sync status grid and `aco:status`: item counts per status, the
 * last run, and the backlog of captured changes not yet synced.
 */
class FeedSummary
{
    private Database $db;

    public function __construct(Database $db)
    {
        $this->db = $db;
    }

    /** @return list<array<string, mixed>> */
    public function rows(): array
    {
        $runs = new RunLog($this->db);
        $changes = new ChangeCapture($this->db);
        $out = [];
        foreach (Feed::all() as $feed) {
            $counts = (new FeedState($this->db, $feed))->counts();
            $last = $runs->last($feed);
            $out[] = [
                'feed' => $feed->name,
                'records' => array_sum($counts) - $counts['deleted'],
                'sent' => $counts['sent'],
                'pending' => $counts['pending'],
                'failed' => array_sum(array_map(static fn (int $s): int => $counts[ItemStatus::LABELS[$s]], ItemStatus::FAILED)),
                'needs_attention' => $counts['needs attention'],
                'deleted' => $counts['deleted'],
                'last_sync' => $last['finished_at'] ?? null,
                'last_mode' => $last['mode'] ?? null,
                'backlog' => $changes->backlog($feed),
            ];
        }
        return $out;
    }
}
