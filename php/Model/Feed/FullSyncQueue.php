<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Database;

/**
 * Full syncs asked for and not yet done (`aco_full_sync`, a row a feed): by aco:config:init,
 * aco:resync, an indexer's full reindex, an exporter switch, a scope change, a repaired trigger.
 * Magento's "invalid indexer", kept where bin/aco and Magento both see it. Each request raises the
 * row's generation and forgets its run: a run started before a request does not answer it (it read
 * part of the catalog as it was before), so the next cycle starts a new one.
 */
class FullSyncQueue
{
    private Database $db;

    public function __construct(Database $db)
    {
        $this->db = $db;
    }

    /** @param list<string> $feeds */
    public function request(array $feeds): void
    {
        $st = $this->db->prepare('INSERT INTO {aco_full_sync} (feed, generation, run_id, requested_at) VALUES (?, 1, NULL, UTC_TIMESTAMP())
            ON DUPLICATE KEY UPDATE generation = generation + 1, run_id = NULL, requested_at = VALUES(requested_at)');
        foreach (array_unique($feeds) as $feed) {
            $st->execute([Feed::named($feed)->name]);
        }
    }

    /** @return list<string> feeds waiting for a full sync, in sending order */
    public function requested(): array
    {
        $rows = $this->db->query('SELECT feed FROM {aco_full_sync}')->fetchAll(\PDO::FETCH_COLUMN);
        return array_values(array_intersect(Feed::ORDER, $rows));
    }

    /** @return array{generation: int, runId: ?int}|null the feed's open request, if any */
    public function pending(Feed $feed): ?array
    {
        $st = $this->db->prepare('SELECT generation, run_id FROM {aco_full_sync} WHERE feed = ?');
        $st->execute([$feed->name]);
        $row = $st->fetch(\PDO::FETCH_NUM);
        return $row === false ? null : ['generation' => (int) $row[0], 'runId' => $row[1] === null ? null : (int) $row[1]];
    }

    /** The run now serving the request of this generation (resumed from its position if it stops). */
    public function serving(Feed $feed, int $generation, int $runId): void
    {
        $this->db->prepare('UPDATE {aco_full_sync} SET run_id = ? WHERE feed = ? AND generation = ?')->execute([$runId, $feed->name, $generation]);
    }

    /** The request of this generation is answered; a newer one stays. */
    public function done(Feed $feed, int $generation): void
    {
        $this->db->prepare('DELETE FROM {aco_full_sync} WHERE feed = ? AND generation = ?')->execute([$feed->name, $generation]);
    }
}
