<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Catalog;

use Aco\Native\Batch;

/**
 * ACO's licence limits on attribute metadata (its boundaries page: at most 200 filterable, 200
 * searchable and 50 sortable attributes, 100 facets with 100 options each), against what the
 * connector exports: each store view's attribute metadata as the extension maps it, and the options
 * of its filterable attributes. Over a limit, ACO's search and facets leave attributes out that the
 * store shows: one line per limit, naming the Magento setting to change.
 */
final class LicenceLimits
{
    /** metadata flag => [limit, the attribute property that sets it in Stores > Attributes > Product] */
    public const FLAGS = [
        'filterable' => [200, 'Use in Layered Navigation'],
        'searchable' => [200, 'Use in Search'],
        'sortable' => [50, 'Used for Sorting in Product Listing'],
    ];
    public const FACETS = 100;
    public const OPTIONS_PER_FACET = 100;

    /**
     * @param Batch $metadata Catalog::productMetadata()
     * @param list<list<mixed>> $options MappingContext's options rows (value, attribute id, store, label, sort order)
     * @param list<list<mixed>> $attributes MappingContext's attributes rows (id, code, …)
     * @return list<string>
     */
    public static function warnings(Batch $metadata, array $options, array $attributes): array
    {
        $counts = [];
        $filterable = [];
        foreach ($metadata->rows() as $row) {
            $item = json_decode((string) $metadata->payload($row['feedId']), true);
            foreach (is_array($item) ? array_keys(self::FLAGS) : [] as $flag) {
                if (($item[$flag] ?? false) === true) {
                    $counts[$flag][$row['scope']] = ($counts[$flag][$row['scope']] ?? 0) + 1;
                    if ($flag === 'filterable') {
                        $filterable[$item['code']] = true;
                    }
                }
            }
        }
        $out = [];
        foreach (self::FLAGS as $flag => [$limit, $setting]) {
            $most = max([0, ...array_values($counts[$flag] ?? [])]);
            if ($most > $limit) {
                $out[] = "ACO's licence allows $limit $flag attributes, and a store view exports $most: set \"$setting\" to No on "
                    . ($most - $limit) . ' of them (Stores > Attributes > Product)';
            }
        }
        if (count($filterable) > self::FACETS) {
            $out[] = 'ACO shows at most ' . self::FACETS . ' facets, and ' . count($filterable) . ' attributes are filterable: set "Use in Layered Navigation" to No on the ones shoppers need least';
        }
        $codes = array_column($attributes, 1, 0);
        $values = [];
        foreach ($options as $o) {
            $values[$o[1]][(string) $o[0]] = true;
        }
        foreach ($values as $id => $set) {
            $code = $codes[$id] ?? null;
            if ($code !== null && isset($filterable[$code]) && count($set) > self::OPTIONS_PER_FACET) {
                $out[] = "attribute $code has " . count($set) . ' options, and ACO shows at most ' . self::OPTIONS_PER_FACET . ' in a facet: merge options, or set its "Use in Layered Navigation" to No';
            }
        }
        return $out;
    }
}
