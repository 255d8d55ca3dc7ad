<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

/**
 * Feed items for the admin's "Data Feed Sync Status" details grid: filtered, sorted and paged with
 * bound parameters only (admin filter text never becomes SQL).
 */
class FeedItemsQuery
{
    public const COLUMNS = ['feed_id', 'source_entity_id', 'scope', 'item_key', 'status', 'attempts', 'error_status', 'error_field',
        'error_message', 'is_deleted', 'next_retry_at', 'sent_at', 'modified_at', 'request_id'];

    private \PDO $pdo;

    public function __construct(\PDO $pdo)
    {
        $this->pdo = $pdo;
    }

    /**
     * @param array{key?: string, scope?: string, status?: int|string, entity_id?: int|string, error?: string, deleted?: bool|int|string} $filters
     * @return array{totalRecords: int, items: list<array<string, mixed>>}
     */
    public function find(Feed $feed, array $filters = [], string $sort = 'modified_at', string $direction = 'desc', int $page = 1, int $pageSize = 20): array
    {
        $where = [];
        $params = [];
        if (($filters['key'] ?? '') !== '') {
            $where[] = "item_key LIKE ? ESCAPE '!'";
            $params[] = '%' . strtr((string) $filters['key'], ['!' => '!!', '%' => '!%', '_' => '!_']) . '%';
        }
        if (($filters['error'] ?? '') !== '') {
            $where[] = "error_message LIKE ? ESCAPE '!'";
            $params[] = '%' . strtr((string) $filters['error'], ['!' => '!!', '%' => '!%', '_' => '!_']) . '%';
        }
        foreach (['status', 'entity_id', 'deleted'] as $numeric) {
            $value = $filters[$numeric] ?? '';
            if (!is_bool($value) && $value !== '' && !ctype_digit((string) $value)) {
                $where[] = '1 = 0'; // a number filter given text matches nothing (MariaDB would coerce '1 OR 1' to 1)
            }
        }
        foreach (['scope' => 'scope', 'status' => 'status', 'entity_id' => 'source_entity_id', 'deleted' => 'is_deleted'] as $filter => $column) {
            if (isset($filters[$filter]) && $filters[$filter] !== '') {
                $where[] = "$column = ?";
                $params[] = is_bool($filters[$filter]) ? (int) $filters[$filter] : $filters[$filter];
            }
        }
        $sql = ' FROM ' . $feed->table() . ($where === [] ? '' : ' WHERE ' . implode(' AND ', $where));
        $count = $this->pdo->prepare('SELECT COUNT(*)' . $sql);
        $count->execute($params);
        // sort column and direction come from an allow-list, never from the request as text
        $sort = in_array($sort, self::COLUMNS, true) ? $sort : 'modified_at';
        $direction = strtolower($direction) === 'asc' ? 'ASC' : 'DESC';
        $limit = max(1, min(200, $pageSize));
        $offset = max(0, $page - 1) * $limit;
        $rows = $this->pdo->prepare('SELECT ' . implode(', ', self::COLUMNS) . $sql . " ORDER BY $sort $direction, feed_id LIMIT $limit OFFSET $offset");
        $rows->execute($params);
        $items = array_map(static function (array $r): array {
            $r['status_label'] = ItemStatus::LABELS[(int) $r['status']] ?? 'pending';
            return $r;
        }, $rows->fetchAll(\PDO::FETCH_ASSOC));
        return ['totalRecords' => (int) $count->fetchColumn(), 'items' => $items];
    }
}
