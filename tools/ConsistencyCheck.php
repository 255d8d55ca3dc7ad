<?php
declare(strict_types=1);

namespace Aco\Connector\Tools;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Budget\SystemClock;
use Aco\Connector\Model\Catalog\PriceReader;
use Aco\Connector\Model\Catalog\WebsiteDates;
use Aco\Connector\Model\Store\ConfigTableSettings;
use Aco\Connector\Model\Database;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\ItemStatus;
use Aco\Native\Batch;
use Aco\Native\Catalog;

/**
 * Does ACO (the emulator) hold exactly what the catalog maps to now, and do the feed tables agree
 * with ACO? Items ACO refused (invalid, with a reason) are not expected there. For the fault suite
 * and the soak run.
 */
final class ConsistencyCheck
{
    public const ENTITIES = [Feed::PRODUCT_ATTRIBUTES => 'productMetadata', Feed::CATEGORIES => 'categories', Feed::PRODUCTS => 'products',
        Feed::PRICE_BOOKS => 'priceBooks', Feed::PRICES => 'prices'];

    /** @return list<string> every difference found, empty when consistent */
    public static function differences(Database $db, Catalog $catalog, EmulatorProcess $emulator): array
    {
        $expected = self::expected($db, $catalog);
        $out = [];
        foreach (self::ENTITIES as $feed => $entity) {
            $table = $db->table(Feed::named($feed)->table());
            // refused before sending or by ACO: not in ACO, with the reason recorded
            $refused = $db->query("SELECT feed_id, error_message FROM $table WHERE status IN (" . ItemStatus::INVALID . ', ' . ItemStatus::REFUSED . ')')->fetchAll(\PDO::FETCH_KEY_PAIR);
            foreach ($refused as $feedId => $reason) {
                if ((string) $reason === '') {
                    $out[] = "$feed: refused item $feedId without a reason";
                }
                unset($expected[$entity][$feedId]);
            }
            $held = $emulator->call('GET', "/_emulator/items/$entity")['items'];
            $want = self::normalized(array_values($expected[$entity] ?? []));
            $have = self::normalized($held);
            $missing = array_diff($want, $have);
            $extra = array_diff($have, $want);
            if ($missing !== []) {
                $out[] = sprintf('%s: %d items missing or stale in ACO, e.g. %s', $entity, count($missing), substr((string) reset($missing), 0, 200));
            }
            if ($extra !== []) {
                $out[] = sprintf('%s: %d items in ACO that the catalog does not map to, e.g. %s', $entity, count($extra), substr((string) reset($extra), 0, 200));
            }
            $sent = (int) $db->query("SELECT COUNT(*) FROM $table WHERE status = " . ItemStatus::SENT . ' AND is_deleted = 0')->fetchColumn();
            if ($sent !== count($held)) {
                $out[] = "$feed: $sent rows marked sent but ACO holds " . count($held);
            }
        }
        return $out;
    }

    /** @return array<string, array<string, array<string, mixed>>> entity => feed id => payload */
    private static function expected(Database $db, Catalog $catalog): array
    {
        $schema = new CatalogSchema($db);
        $out = [];
        $add = static function (string $entity, Batch $batch) use (&$out): void {
            foreach ($batch->rows() as $item) {
                if ($item['error'] === null) {
                    $out[$entity][$item['feedId']] = json_decode((string) $batch->payload($item['feedId']), true);
                }
            }
        };
        $add('productMetadata', $catalog->productMetadata());
        $add('categories', $catalog->categories());
        foreach ((new ProductReader($schema))->chunks(500) as $chunk) {
            $add('products', $catalog->products($chunk));
        }
        $add('priceBooks', $catalog->priceBooks());
        // the store's settings as bin/aco reads them, the machine's clock
        foreach ((new PriceReader($schema, new WebsiteDates($schema, new ConfigTableSettings($db), new SystemClock())))->chunks(1000) as $chunk) {
            $add('prices', $catalog->prices($chunk));
        }
        return $out;
    }

    /** @param list<array<string, mixed>> $items @return list<string> canonical JSON, sorted */
    private static function normalized(array $items): array
    {
        $sort = static function (array $v) use (&$sort): array {
            ksort($v);
            return array_map(static fn ($x) => is_array($x) ? $sort($x) : $x, $v);
        };
        $out = array_map(static fn (array $i): string => (string) json_encode($sort($i)), $items);
        sort($out);
        return $out;
    }
}
