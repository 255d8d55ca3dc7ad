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
        $out = [];
        foreach (Feed::all() as $feed) {
            $counts = (new FeedState($this->db, $feed))->counts();
            $last = $runs->last($feed);
            $out[] = [
                'feed' => $feed->name,
                'records' => array_sum($counts) - $counts['deleted'],
                'sent' => $counts['sent'],
                'pending' => $counts['pending'],
                'failed' => $counts['retry'] + $counts['needs attention'] + $counts['invalid'],
                'needs_attention' => $counts['needs attention'],
                'deleted' => $counts['deleted'],
                'last_sync' => $last['finished_at'] ?? null,
                'last_mode' => $last['mode'] ?? null,
                'backlog' => $this->backlog(ChangeCapture::VIEWS[$feed->name]),
            ];
        }
        return $out;
    }

    /** Changelog rows after the processed version (0 when change capture is not installed). */
    private function backlog(string $view): int
    {
        try {
            $st = $this->db->prepare("SELECT COUNT(*) FROM {$view}_cl WHERE version_id > COALESCE((SELECT version_id FROM {mview_state} WHERE view_id = ? LIMIT 1), 0)");
            $st->execute([$view]);
            return (int) $st->fetchColumn();
        } catch (\PDOException $e) {
            return 0;
        }
    }
}
