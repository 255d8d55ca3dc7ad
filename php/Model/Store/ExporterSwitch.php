<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Store;

use Aco\Connector\Model\Feed\FullSyncQueue;
use Aco\Connector\Model\Feed\Feed;

/**
 * The per-scope "ACO exporter" switch: a website carries prices and price books, a store view its
 * products, attribute metadata and categories. Flipping one schedules a full sync of those feeds, so
 * the scope's data is sent (switched on) or deleted by absence (switched off).
 */
class ExporterSwitch
{
    public const WEBSITE_FEEDS = [Feed::PRICE_BOOKS, Feed::PRICES];
    public const STORE_VIEW_FEEDS = [Feed::PRODUCT_ATTRIBUTES, Feed::CATEGORIES, Feed::PRODUCTS];

    private FullSyncQueue $queue;

    public function __construct(FullSyncQueue $queue)
    {
        $this->queue = $queue;
    }

    /**
     * @param string $scope "website" or "store"
     * @return list<string> the feeds scheduled for a full sync (empty when nothing changed)
     */
    public function changed(string $scope, mixed $before, mixed $after): array
    {
        if (self::enabled($before) === self::enabled($after)) {
            return [];
        }
        $feeds = $scope === 'website' ? self::WEBSITE_FEEDS : self::STORE_VIEW_FEEDS;
        $this->queue->request($feeds);
        return $feeds;
    }

    /** A scope without a stored value is exported (the column defaults to yes). */
    public static function enabled(mixed $value): bool
    {
        return $value === null || $value === '' || (bool) (int) $value;
    }
}
