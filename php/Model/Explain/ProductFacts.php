<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Explain;

use Aco\Connector\Model\Budget\FullSyncOutlook;
use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedItemsQuery;
use Aco\Connector\Model\Services;

/**
 * Everything the connector knows of one SKU, for aco:explain: its products in Magento (ids, type,
 * websites), its items as a sync maps them now (through the sync's own CatalogSource), its feed
 * state rows, whether its entity waits in a feed's changelog, and each feed's requested full sync.
 * Read-only.
 */
final class ProductFacts
{
    /** The feeds an item of a product is in. */
    public const FEEDS = [Feed::PRODUCTS, Feed::PRICES];

    /** @var list<array{id: int, type: string}> the live products holding the SKU (the lowest id keeps it) */
    public array $products = [];
    /** @var list<int> website ids the products are assigned to */
    public array $websites = [];
    /** @var array<string, array<string, array{feedId: string, scope: string, key: string, hash: ?string, error: ?array{field: string, message: string}, payload: ?array}>> feed => scope => mapped now */
    public array $mapped = [];
    /** @var array<string, array<string, array<string, mixed>>> feed => scope => its feed state row (FeedItemsQuery::COLUMNS + feed_hash) */
    public array $items = [];
    /** @var array<string, bool> feed => a change of the product waits in its changelog */
    public array $waiting = [];
    /** @var array<string, ?array{state: string, done: float, items: int}> feed => its requested full sync (FullSyncOutlook::of) */
    public array $fullSync = [];

    public static function read(Services $services, string $sku): self
    {
        $facts = new self();
        $db = $services->db();
        $schema = new CatalogSchema($db);
        foreach ($schema->rows('SELECT e.entity_id, e.type_id FROM {catalog_product_entity} e WHERE e.sku = ? AND ' . $schema->liveVersion('e') . ' ORDER BY e.entity_id', [$sku]) as [$id, $type]) {
            $facts->products[] = ['id' => (int) $id, 'type' => (string) $type];
        }
        $ids = array_column($facts->products, 'id');
        if ($ids === []) {
            return $facts;
        }
        $facts->websites = array_map('intval', array_column($schema->rows('SELECT DISTINCT website_id FROM {catalog_product_website} WHERE product_id IN '
            . CatalogSchema::intList($ids) . ' ORDER BY website_id'), 0));
        $source = $services->source(100);
        $changes = $services->changes();
        $outlook = new FullSyncOutlook($db, null);
        foreach (self::FEEDS as $name) {
            $feed = Feed::named($name);
            $facts->mapped[$name] = [];
            foreach ($source->batches($feed, $ids, 0) as $batch) {
                foreach ($batch->rows() as $row) {
                    // only the SKU's own items: a product's batch holds no other, but a shared SKU's loser maps none
                    if (in_array($row['entityId'], $ids, true) && strcasecmp($row['key'], $sku) === 0) {
                        $payload = $row['error'] === null ? json_decode((string) $batch->payload($row['feedId']), true) : null;
                        $facts->mapped[$name][$row['scope']] = ['feedId' => $row['feedId'], 'scope' => $row['scope'], 'key' => $row['key'],
                            'hash' => $row['hash'], 'error' => $row['error'], 'payload' => $payload];
                    }
                }
            }
            $facts->items[$name] = $facts->feedRows($services, $feed, $ids, $sku);
            $facts->waiting[$name] = array_intersect($ids, $changes->pending($feed)->ids) !== [];
            $facts->fullSync[$name] = $outlook->of($feed);
        }
        return $facts;
    }

    /** @return array<string, array<string, mixed>> the feed's rows of the SKU, by scope */
    private function feedRows(Services $services, Feed $feed, array $ids, string $sku): array
    {
        $out = [];
        foreach ($ids as $id) {
            foreach ((new FeedItemsQuery($services->db()))->find($feed, ['entity_id' => $id], 'feed_id', 'asc', 1, 200)['items'] as $row) {
                if (strcasecmp((string) $row['item_key'], $sku) === 0) {
                    $out[(string) $row['scope']] = $row;
                }
            }
        }
        return $out;
    }
}
