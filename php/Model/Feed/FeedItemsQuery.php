<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Database;

/**
 * Feed items for the admin's "Data Feed Sync Status" details grid: filtered, sorted and paged with
 * bound parameters only (admin filter text never becomes SQL). Text filters (key, scope, error)
 * match items containing the text as typed; number filters match exactly.
 */
class FeedItemsQuery
{
    public const COLUMNS = ['feed_id', 'source_entity_id', 'scope', 'item_key', 'status', 'attempts', 'error_status', 'error_field',
        'error_message', 'is_deleted', 'next_retry_at', 'sent_at', 'modified_at', 'request_id', 'feed_hash'];
    private const TEXT = ['key' => 'item_key', 'scope' => 'scope', 'error' => 'error_message'];
    private const NUMBER = ['status' => 'status', 'entity_id' => 'source_entity_id', 'deleted' => 'is_deleted'];

    private Database $db;

    public function __construct(Database $db)
    {
        $this->db = $db;
    }

    /**
     * @param array{key?: string, scope?: string, status?: int|string, entity_id?: int|string, error?: string, deleted?: bool|int|string} $filters
     * @return array{totalRecords: int, items: list<array<string, mixed>>}
     */
    public function find(Feed $feed, array $filters = [], string $sort = 'modified_at', string $direction = 'desc', int $page = 1, int $pageSize = 20): array
    {
        [$where, $params] = self::where($filters);
        $sql = ' FROM ' . $this->db->table($feed->table()) . ($where === [] ? '' : ' WHERE ' . implode(' AND ', $where));
        $count = $this->db->prepare('SELECT COUNT(*)' . $sql);
        $count->execute($params);
        // sort column and direction come from an allow-list, never from the request as text
        $sort = in_array($sort, self::COLUMNS, true) ? $sort : 'modified_at';
        $direction = strtolower($direction) === 'asc' ? 'ASC' : 'DESC';
        $limit = max(1, min(200, $pageSize));
        $offset = max(0, $page - 1) * $limit;
        $rows = $this->db->prepare('SELECT ' . implode(', ', self::COLUMNS) . $sql . " ORDER BY $sort $direction, feed_id LIMIT $limit OFFSET $offset");
        $rows->execute($params);
        return ['totalRecords' => (int) $count->fetchColumn(), 'items' => $rows->fetchAll(\PDO::FETCH_ASSOC)];
    }

    /**
     * Feed ids of the items `find()` matches, in feed id order, `$limit` after `$after`: a mass action
     * on "all" walks them page by page (whatever it changes on the way, each item is seen once).
     *
     * @param array<string, mixed> $filters as find()
     * @return list<string>
     */
    public function ids(Feed $feed, array $filters, string $after, int $limit): array
    {
        [$where, $params] = self::where($filters);
        $where[] = 'feed_id > ?';
        $params[] = $after;
        $st = $this->db->prepare('SELECT feed_id FROM ' . $this->db->table($feed->table()) . ' WHERE ' . implode(' AND ', $where) . ' ORDER BY feed_id LIMIT ' . max(1, $limit));
        $st->execute($params);
        return array_map('strval', $st->fetchAll(\PDO::FETCH_COLUMN));
    }

    /** @param array<string, mixed> $filters @return array{0: list<string>, 1: list<mixed>} conditions and their bound values */
    private static function where(array $filters): array
    {
        $where = [];
        $params = [];
        foreach (self::TEXT as $filter => $column) {
            if (($filters[$filter] ?? '') !== '') {
                $where[] = "$column LIKE ? ESCAPE '!'";
                $params[] = '%' . strtr((string) $filters[$filter], ['!' => '!!', '%' => '!%', '_' => '!_']) . '%';
            }
        }
        foreach (self::NUMBER as $filter => $column) {
            $value = $filters[$filter] ?? '';
            if (is_bool($value)) {
                $value = (int) $value;
            }
            if ($value === '') {
                continue;
            }
            if (!ctype_digit((string) $value)) {
                $where[] = '1 = 0'; // a number filter given text matches nothing (MariaDB would coerce '1 OR 1' to 1)
                continue;
            }
            $where[] = "$column = ?";
            $params[] = (int) $value;
        }
        return [$where, $params];
    }
}
