<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Database;

/**
 * Housekeeping of the feed tables.
 */
class FeedMaintenance
{
    private Database $db;

    public function __construct(Database $db)
    {
        $this->db = $db;
    }

    /**
     * Forgets what was sent and where every run stood (a new destination: another tenant, region or
     * environment holds none of it), so the next full sync sends everything.
     */
    public function forgetSent(): void
    {
        foreach (Feed::all() as $feed) {
            $this->db->exec('DELETE FROM ' . $this->db->table($feed->table()));
        }
        $this->db->exec('UPDATE {aco_sync_run} SET finished_at = NOW() WHERE finished_at IS NULL');
    }

    /** Whether any feed holds a record of items sent or to send. */
    public function hasRecords(): bool
    {
        foreach (Feed::all() as $feed) {
            if ($this->db->query('SELECT 1 FROM ' . $this->db->table($feed->table()) . ' LIMIT 1')->fetchColumn() !== false) {
                return true;
            }
        }
        return false;
    }

    /** Removes rows of items whose delete ACO confirmed more than `$days` ago. @return int rows removed */
    public function purgeDeleted(int $days): int
    {
        $removed = 0;
        foreach (Feed::all() as $feed) {
            $removed += (int) $this->db->exec('DELETE FROM ' . $this->db->table($feed->table()) . ' WHERE is_deleted = 1 AND status = ' . ItemStatus::SENT
                . ' AND modified_at < NOW() - INTERVAL ' . max(0, $days) . ' DAY');
        }
        return $removed;
    }
}
