<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Database;

/**
 * A feed's figures that cost a few queries and no connection, read once here: item counts per status
 * (and the failed ones summed), the last run, and the captured changes not yet synced. The admin's
 * feed grid shows them as they are (rows); `aco:status` and the status page read them through
 * SyncOverview::feeds, which adds each feed's full-sync outlook (a client and the budget).
 */
class FeedSummary
{
    private Database $db;
    private RunLog $runs;
    private ChangeCapture $changes;

    public function __construct(Database $db)
    {
        $this->db = $db;
        $this->runs = new RunLog($db);
        $this->changes = new ChangeCapture($db);
    }

    /** @return array{counts: array<string, int>, failed: int, last: ?array<string, mixed>, backlog: int} */
    public function of(Feed $feed): array
    {
        $counts = (new FeedState($this->db, $feed))->counts();
        return ['counts' => $counts, 'failed' => array_sum(array_map(static fn (int $s): int => $counts[ItemStatus::LABELS[$s]], ItemStatus::FAILED)),
            'last' => $this->runs->last($feed), 'backlog' => $this->changes->backlog($feed)];
    }

    /** @return list<array<string, mixed>> one per feed, the admin grid's columns */
    public function rows(): array
    {
        $out = [];
        foreach (Feed::all() as $feed) {
            ['counts' => $counts, 'failed' => $failed, 'last' => $last, 'backlog' => $backlog] = $this->of($feed);
            $out[] = [
                'feed' => $feed->name,
                'records' => array_sum($counts) - $counts['deleted'],
                'sent' => $counts['sent'],
                'pending' => $counts['pending'],
                'failed' => $failed,
                'needs_attention' => $counts['needs attention'],
                'deleted' => $counts['deleted'],
                'last_sync' => $last['finished_at'] ?? null,
                'last_mode' => $last['mode'] ?? null,
                'backlog' => $backlog,
            ];
        }
        return $out;
    }
}
