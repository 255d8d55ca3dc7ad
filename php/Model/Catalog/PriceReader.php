<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Catalog;

/**
 * What prices are made of, in keyset-paginated chunks by entity id: price-type attribute values per
 * store view (price, special price and its dates), website assignments, tier and customer-group
 * prices, each website's local date (WebsiteDates) and the catalog-rule prices Magento indexed for
 * that date. Configurable parents are left out: ACO prices variants.
 */
class PriceReader
{
    private const CODES = "'price', 'special_price', 'special_from_date', 'special_to_date', 'status'";

    private CatalogSchema $schema;
    private WebsiteDates $dates;

    public function __construct(CatalogSchema $schema, WebsiteDates $dates)
    {
        $this->schema = $schema;
        $this->dates = $dates;
    }

    /**
     * @param list<int>|null $ids only these entity ids (null = all)
     * @param int $after start after this entity id (resuming)
     * @return \Generator<int, array<string, list<list<string|null>>>> chunks with keys entities (entity_id,
     *   link_id, type_id, sku, the lower entity id that has its SKU too), values (entity_id, attribute_code, store_id, value), websites (entity_id,
     *   website_id), tiers (entity_id, all_groups, customer_group_id, qty, value, website_id,
     *   percentage_value), rules (entity_id, website_id, customer_group_id, rule_price), dates (website_id,
     *   its local date: one per run, read when the first chunk is)
     */
    public function chunks(int $size = 2000, ?array $ids = null, int $after = 0): \Generator
    {
        $link = $this->schema->linkField('catalog_product_entity');
        $live = $this->schema->liveVersion('e');
        $only = $ids === null ? '' : ' AND e.entity_id IN ' . CatalogSchema::intList($ids);
        // attribute ids by value table, resolved once: filtering on them lets each value table's
        // (link, attribute_id, store_id) key skip the products' other attributes
        $attributeIds = [];
        foreach ($this->schema->rows("SELECT a.backend_type, a.attribute_id FROM {eav_attribute} a JOIN {eav_entity_type} t
            ON t.entity_type_id = a.entity_type_id AND t.entity_type_code = 'catalog_product' WHERE a.attribute_code IN (" . self::CODES . ')') as [$table, $id]) {
            $attributeIds[$table][] = (int) $id;
        }
        $tables = array_intersect_key($attributeIds, array_flip(['decimal', 'datetime', 'int']));
        $today = $this->dates->today();
        // each website's rule prices of its own date (Magento's index joins rule_date = website_date)
        $ruleDates = implode(' OR ', array_map(static fn (int $website): string => "(website_id = $website AND rule_date = ?)", array_keys($today)));
        $last = $after;
        while (true) {
            $entities = $this->schema->rows("SELECT e.entity_id, e.$link, e.type_id, e.sku, {$this->schema->skuOwner('e')} FROM {catalog_product_entity} e
                WHERE e.entity_id > ? AND e.type_id NOT IN ('configurable', 'bundle', 'grouped') AND $live$only
                ORDER BY e.entity_id LIMIT " . (int) $size, [$last]);
            if ($entities === []) {
                return;
            }
            [$first, $last] = [$last, (int) end($entities)[0]];
            // read by range, the chunk's parents left out come along: the mapping looks up only the
            // chunk's entities
            $range = $this->schema->chunkRange($ids, $first, $last);
            $ofEntity = CatalogSchema::inChunk($range, CatalogSchema::intList(array_column($entities, 0)));
            $ofLink = CatalogSchema::inChunk($range, CatalogSchema::intList(array_column($entities, 1)));
            $values = implode(' UNION ALL ', array_map(static fn (string $t, array $ids): string => "SELECT e.entity_id, a.attribute_code, v.store_id, v.value
                FROM {catalog_product_entity_$t} v JOIN {catalog_product_entity} e ON e.$link = v.$link AND $live
                JOIN {eav_attribute} a ON a.attribute_id = v.attribute_id
                WHERE " . $ofLink("v.$link") . ' AND v.attribute_id IN ' . CatalogSchema::intList($ids), array_keys($tables), $tables));
            yield [
                'entities' => $entities,
                'values' => $values === '' ? [] : $this->schema->rows($values),
                'websites' => $this->schema->rows('SELECT product_id, website_id FROM {catalog_product_website} WHERE ' . $ofEntity('product_id')),
                'tiers' => $this->schema->rows("SELECT e.entity_id, t.all_groups, t.customer_group_id, t.qty, t.value, t.website_id, t.percentage_value
                    FROM {catalog_product_entity_tier_price} t JOIN {catalog_product_entity} e ON e.$link = t.$link AND $live
                    WHERE " . $ofLink("t.$link") . ' ORDER BY 1, t.qty'),
                'rules' => $today === [] ? [] : $this->schema->optionalRows('Magento_CatalogRule', 'SELECT product_id, website_id, customer_group_id, rule_price
                    FROM {catalogrule_product_price} WHERE ' . $ofEntity('product_id') . " AND ($ruleDates)", array_values($today)),
                'dates' => array_map(null, array_keys($today), array_values($today)),
            ];
        }
    }
}
