<?php
declare(strict_types=1);

namespace Aco\Connector\Ui;

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedItemsQuery;
use Aco\Connector\Model\Feed\FeedState;

/**
 * The items grid's "Schedule resync" mass action: the items chosen go back to "send again".
 * What is chosen follows Magento's mass action convention (Magento\Ui\Component\MassAction\Filter):
 * the request carries `selected[]` (those ids), or `excluded[]` (everything the grid's filters
 * match but those) or `excluded=false` (everything they match), and the grid's `filters`, whose
 * `feed` names the feed shown.
 */
final class ResyncSelection
{
    /** Ids read (and reset) at a time when the selection is "all but". */
    private const PAGE = 1000;

    private Database $db;

    public function __construct(Database $db)
    {
        $this->db = $db;
    }

    /**
     * @param array<string, mixed> $request the mass action's parameters
     * @return array{0: Feed, 1: int} the feed and how many of its items will be sent again
     * @throws \InvalidArgumentException nothing selected, or an unknown feed
     */
    public function apply(array $request): array
    {
        $selected = self::ids($request['selected'] ?? null);
        $excluded = $request['excluded'] ?? null;
        $all = $excluded === 'false';
        $excluded = self::ids($excluded);
        if (!$all && $excluded === [] && $selected === []) {
            throw new \InvalidArgumentException('An item needs to be selected. Select and try again.');
        }
        [$feed, $filters] = FeedItemsGrid::query(is_array($request['filters'] ?? null) ? $request['filters'] : []);
        $state = new FeedState($this->db, $feed);
        if (!$all && $excluded === []) {
            return [$feed, $state->resetItems($selected)];
        }
        $query = new FeedItemsQuery($this->db);
        $skip = array_flip($excluded);
        $n = 0;
        $after = '';
        do {
            $page = $query->ids($feed, $filters, $after, self::PAGE);
            $n += $state->resetItems(array_values(array_filter($page, static fn (string $id): bool => !isset($skip[$id]))));
            $after = (string) end($page);
        } while (count($page) === self::PAGE);
        return [$feed, $n];
    }

    /** @return list<string> */
    private static function ids(mixed $param): array
    {
        return is_array($param) ? array_values(array_map('strval', array_filter($param, 'is_scalar'))) : [];
    }
}
