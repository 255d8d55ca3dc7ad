<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Catalog;

/**
 * Products in keyset-paginated chunks by entity id (never the whole catalog in memory), optionally
 * limited to given ids (incremental sync). Each chunk holds raw rows, as lists: the extension
 * assembles EAV values per store view with fallback (see docs/architecture.md for why: handing raw
 * rows over is several times cheaper than building nested PHP arrays).
 */
class ProductReader
{
    private CatalogSchema $schema;
    private ?int $statusAttributeId = null;

    public function __construct(CatalogSchema $schema)
    {
        $this->schema = $schema;
    }

    /**
     * @param list<int>|null $ids only these entity ids (null = all)
     * @param int $after start after this entity id (resuming)
     * @return \Generator<int, array<string, list<list<string|null>>>> chunks with keys
     *   entities (entity_id, link_id, type_id, sku, attribute_set_id, the lower entity id that has its SKU too), values (entity_id, attribute_id,
     *   store_id, value), websites (entity_id, website_id), categories (entity_id, category_id, position),
     *   superAttributes (entity_id, attribute_id, position), children (parent entity_id, child entity_id,
     *   child sku), parents (child entity_id, parent entity_id, parent sku, parent's super attribute_id), links (entity_id, linked sku,
     *   link type code), stock (entity_id, qty, is_in_stock), gallery (entity_id, store_id, file, label,
     *   position, disabled), bundleOptions (entity_id, option_id, required, position, type), bundleTitles
     *   (option_id, store_id, title), bundleSelections (entity_id, option_id, child sku, position, is_default,
     *   qty, can_change_qty), bundleParents (child entity_id, bundle sku), childValues (child entity_id, attribute_id, store_id, value) for status and
     *   super attributes of the children of configurables in the chunk
     */
    public function chunks(int $size = 1000, ?array $ids = null, int $after = 0): \Generator
    {
        $link = $this->schema->linkField('catalog_product_entity');
        $live = $this->schema->liveVersion('e');
        $only = $ids === null ? '' : ' AND e.entity_id IN ' . CatalogSchema::intList($ids);
        $last = $after;
        while (true) {
            $entities = $this->schema->rows("SELECT e.entity_id, e.$link, e.type_id, e.sku, e.attribute_set_id, {$this->schema->skuOwner('e')}
                FROM {catalog_product_entity} e
                WHERE e.entity_id > ? AND $live$only ORDER BY e.entity_id LIMIT " . (int) $size, [$last]);
            if ($entities === []) {
                return;
            }
            [$first, $last] = [$last, (int) end($entities)[0]];
            yield $this->chunk($entities, $link, $live, $this->schema->chunkRange($ids, $first, $last));
        }
    }

    /**
     * @param list<list<string|null>> $entities
     * @param array{0: int, 1: int}|null $range the chunk is every product with an id in this range
     */
    private function chunk(array $entities, string $link, string $live, ?array $range): array
    {
        $entityIds = CatalogSchema::intList(array_column($entities, 0));
        $linkIds = CatalogSchema::intList(array_column($entities, 1));
        // the chunk's rows of a table, by entity id or by link id (a range only without staging)
        $ofEntity = CatalogSchema::inChunk($range, $entityIds);
        $ofLink = CatalogSchema::inChunk($range, $linkIds);
        // EAV values, the bulk of a chunk: without staging the link is the entity id, so no join is
        // needed to name the entity (with the range, about a third less database CPU)
        $valuesOf = $link === 'entity_id'
            ? static fn (string $table): string => "SELECT v.entity_id, v.attribute_id, v.store_id, v.value FROM $table v WHERE " . $ofEntity('v.entity_id')
            : static fn (string $table): string => "SELECT e.entity_id, v.attribute_id, v.store_id, v.value FROM $table v
                JOIN {catalog_product_entity} e ON e.$link = v.$link AND $live WHERE " . $ofLink("v.$link");
        $values = implode(' UNION ALL ', array_map(
            static fn (string $type): string => $valuesOf("{catalog_product_entity_$type}"),
            ['varchar', 'int', 'decimal', 'text', 'datetime']
        ));
        $liveParent = $this->schema->liveVersion('p');
        $children = $this->schema->optionalRows('Magento_ConfigurableProduct', "SELECT p.entity_id, c.entity_id, c.sku FROM {catalog_product_super_link} l
            JOIN {catalog_product_entity} p ON p.$link = l.parent_id AND $liveParent
            JOIN {catalog_product_entity} c ON c.entity_id = l.product_id AND " . $this->schema->liveVersion('c') . "
            WHERE " . $ofLink('l.parent_id') . ' ORDER BY p.entity_id, c.entity_id');
        $childIds = CatalogSchema::intList(array_unique(array_column($children, 1)));
        $superAttributes = $this->schema->optionalRows('Magento_ConfigurableProduct', "SELECT e.entity_id, v.attribute_id, v.position FROM {catalog_product_super_attribute} v
            JOIN {catalog_product_entity} e ON e.$link = v.product_id AND $live WHERE " . $ofLink('v.product_id') . ' ORDER BY 1, 3');
        // the children's status and their parents' super attributes, as literal ids (as a subquery
        // MariaDB took twice the time)
        $childAttributes = CatalogSchema::intList(array_unique([$this->statusAttributeId(), ...array_map('intval', array_column($superAttributes, 1))]));
        return [
            'entities' => $entities,
            'values' => $this->schema->rows($values),
            'websites' => $this->schema->rows('SELECT product_id, website_id FROM {catalog_product_website} WHERE ' . $ofEntity('product_id')),
            'categories' => $this->schema->rows('SELECT product_id, category_id, position FROM {catalog_category_product} WHERE ' . $ofEntity('product_id')),
            'superAttributes' => $superAttributes,
            'children' => $children,
            'parents' => $this->schema->optionalRows('Magento_ConfigurableProduct', "SELECT l.product_id, p.entity_id, p.sku, sa.attribute_id FROM {catalog_product_super_link} l
                JOIN {catalog_product_entity} p ON p.$link = l.parent_id AND $liveParent
                LEFT JOIN {catalog_product_super_attribute} sa ON sa.product_id = l.parent_id
                WHERE " . $ofEntity('l.product_id') . ' ORDER BY l.product_id, p.entity_id, sa.position'),
            'childValues' => $children === [] ? [] : $this->schema->rows("SELECT c.entity_id, v.attribute_id, v.store_id, v.value
                FROM {catalog_product_entity_int} v JOIN {catalog_product_entity} c ON c.$link = v.$link AND " . $this->schema->liveVersion('c') . "
                WHERE c.entity_id IN $childIds AND v.attribute_id IN $childAttributes"),
            'links' => $this->schema->rows("SELECT e.entity_id, t.sku, lt.code FROM {catalog_product_link} l
                JOIN {catalog_product_entity} e ON e.$link = l.product_id AND $live
                JOIN {catalog_product_entity} t ON t.entity_id = l.linked_product_id AND " . $this->schema->liveVersion('t') . "
                JOIN {catalog_product_link_type} lt ON lt.link_type_id = l.link_type_id
                WHERE " . $ofLink('l.product_id') . " AND lt.code IN ('relation', 'up_sell', 'cross_sell')"),
            'bundleOptions' => $this->schema->optionalRows('Magento_Bundle', "SELECT e.entity_id, o.option_id, o.required, o.position, o.type FROM {catalog_product_bundle_option} o
                JOIN {catalog_product_entity} e ON e.$link = o.parent_id AND $live WHERE " . $ofLink('o.parent_id') . ' ORDER BY 1, o.position'),
            'bundleTitles' => $this->schema->optionalRows('Magento_Bundle', 'SELECT v.option_id, v.store_id, v.title FROM {catalog_product_bundle_option_value} v WHERE ' . $ofLink('v.parent_product_id')),
            'bundleSelections' => $this->schema->optionalRows('Magento_Bundle', "SELECT e.entity_id, s.option_id, c.sku, s.position, s.is_default, s.selection_qty, s.selection_can_change_qty
                FROM {catalog_product_bundle_selection} s JOIN {catalog_product_entity} e ON e.$link = s.parent_product_id AND $live
                JOIN {catalog_product_entity} c ON c.entity_id = s.product_id AND " . $this->schema->liveVersion('c') . "
                WHERE " . $ofLink('s.parent_product_id') . ' ORDER BY 1, s.option_id, s.position, s.selection_id'),   // items of one position in a stable order (by range or by id list, MariaDB gave them in either)
            'bundleParents' => $this->schema->optionalRows('Magento_Bundle', "SELECT DISTINCT s.product_id, p.sku FROM {catalog_product_bundle_selection} s
                JOIN {catalog_product_entity} p ON p.$link = s.parent_product_id AND $liveParent WHERE " . $ofEntity('s.product_id') . ' ORDER BY 1, 2'),
            'stock' => $this->schema->optionalRows('Magento_CatalogInventory', 'SELECT product_id, qty, is_in_stock FROM {cataloginventory_stock_item} WHERE ' . $ofEntity('product_id') . ' AND stock_id = 1'),
            'gallery' => $this->schema->rows("SELECT e.entity_id, gv.store_id, g.value, gv.label, gv.position, GREATEST(g.disabled, gv.disabled)
                FROM {catalog_product_entity_media_gallery_value} gv
                JOIN {catalog_product_entity_media_gallery} g ON g.value_id = gv.value_id
                JOIN {catalog_product_entity} e ON e.$link = gv.$link AND $live
                WHERE " . $ofLink("gv.$link") . ' ORDER BY 1, 2, gv.position'),
        ];
    }

    private function statusAttributeId(): int
    {
        return $this->statusAttributeId ??= (int) $this->schema->db()->query("SELECT a.attribute_id FROM {eav_attribute} a
            JOIN {eav_entity_type} t ON t.entity_type_id = a.entity_type_id AND t.entity_type_code = 'catalog_product'
            WHERE a.attribute_code = 'status'")->fetchColumn();
    }
}
