<?php
declare(strict_types=1);

namespace Aco\Connector\Ui;

use Aco\Connector\Model\Feed\Feed;

/**
 * The feed items grid's filters (ui_component aco_feed_item_listing) as a feed and FeedItemsQuery
 * filters: one reading for the rows the grid shows and the items its mass action acts on.
 */
final class FeedItemsGrid
{
    /** Grid column => FeedItemsQuery filter. */
    private const FILTERS = ['item_key' => 'key', 'scope' => 'scope', 'status' => 'status', 'source_entity_id' => 'entity_id',
        'error_message' => 'error', 'is_deleted' => 'deleted'];

    /**
     * @param array<string, mixed> $filters grid column => value as typed (the mass action's `filters` param)
     * @return array{0: Feed, 1: array<string, string>} the feed shown (products unless chosen) and the query filters
     * @throws \InvalidArgumentException an unknown feed
     */
    public static function query(array $filters): array
    {
        $feed = Feed::named(is_string($filters['feed'] ?? null) && $filters['feed'] !== '' ? $filters['feed'] : Feed::PRODUCTS);
        $query = [];
        foreach (self::FILTERS as $column => $filter) {
            if (is_scalar($filters[$column] ?? null)) {
                $query[$filter] = (string) $filters[$column];
            }
        }
        return [$feed, $query];
    }

    /**
     * The text typed in a grid text filter, from the value Magento hands the data provider: its
     * Input filter escapes `%` and `_` with a backslash and wraps the result in `%…%` (a LIKE
     * pattern); backslashes typed are left as they are, so the escapes undo exactly.
     */
    public static function typed(string $like): string
    {
        if (strlen($like) >= 2 && $like[0] === '%' && $like[-1] === '%') {
            $like = substr($like, 1, -1);
        }
        return strtr($like, ['\\%' => '%', '\\_' => '_']);
    }
}
