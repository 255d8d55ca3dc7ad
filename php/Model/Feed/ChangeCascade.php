<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Catalog\CatalogSchema;

/**
 * Which products' items a change reaches beyond the changed entity. A product's payload names other
 * products (related/up-sell/cross-sell links, VARIANT_OF, IN_BUNDLE, a configurable's variants and
 * their option values, a bundle's items) and categories (routes), and carries option labels. Magento's
 * ON DELETE CASCADE removes the relation rows of a deleted product or category without firing a
 * trigger, so once the change is read the catalog no longer says who named the deleted entity:
 * `aco_product_reference` keeps the relations as the connector last saw them (rebuilt when a full
 * products sync has gone through, added to for every change resolved since), and a change is resolved against
 * it and the catalog both. Stale rows only make a sync compare a few more unchanged items. Variants and
 * bundle items are relations only where their module's tables are (CatalogSchema::OPTIONAL_TABLES).
 */
class ChangeCascade
{
    private const TABLE = '{aco_product_reference}';
    private const PRODUCT = 1;
    private const CATEGORY = 2;

    private Database $db;
    private CatalogSchema $schema;

    public function __construct(Database $db)
    {
        $this->db = $db;
        $this->schema = new CatalogSchema($db);
    }

    /**
     * The relations anew from the catalog (a full products sync went through: ACO holds the catalog as
     * it is), but those of a product whose change still waits in `$changelog` are kept: a variant
     * deleted after the run read its configurable is such a change, and its cascade needs the
     * relation the catalog no longer has. One statement decides which rows are gone (neither in the
     * catalog nor named by a waiting change), so a delete committing meanwhile is on one side or the
     * other: emptying the table first and reading the catalog after lost relations deleted between.
     *
     * @param string|null $changelog the store's name of the products changelog (null: none installed)
     */
    public function rebuild(?string $changelog): void
    {
        $this->remember(null, null);
        // the first SELECT of a UNION names its columns
        $current = implode(' UNION ALL ', ['SELECT 0 AS product_id, 0 AS kind, 0 AS ref_id FROM DUAL WHERE FALSE', ...$this->relations(null, null)]);
        $product = self::PRODUCT;
        $waiting = $changelog === null ? '' : "AND NOT EXISTS (SELECT 1 FROM $changelog l WHERE l.entity_id = r.product_id OR (r.kind = $product AND l.entity_id = r.ref_id))";
        $this->db->exec('DELETE r FROM ' . self::TABLE . " r LEFT JOIN ($current) c ON c.product_id = r.product_id AND c.kind = r.kind AND c.ref_id = r.ref_id
            WHERE c.product_id IS NULL $waiting");
    }

    /**
     * @param list<int> $ids changed products (entity ids)
     * @return list<int> them and every product related to one of them either way, now or as last seen
     */
    public function products(array $ids): array
    {
        $out = $ids;
        foreach (array_chunk($ids, 1000) as $chunk) {
            $in = CatalogSchema::intList($chunk);
            $seen = 'SELECT product_id, kind, ref_id FROM ' . self::TABLE . ' WHERE kind = ' . self::PRODUCT . " AND (product_id IN $in OR ref_id IN $in)";
            foreach ($this->schema->rows(implode(' UNION ALL ', [...$this->relations("IN $in", null), $seen])) as [$product, $kind, $ref]) {
                if ((int) $kind === self::PRODUCT) {
                    array_push($out, (int) $product, (int) $ref);
                }
            }
            $this->remember("IN $in", null);
        }
        return array_values(array_unique($out));
    }

    /**
     * A SKU two products hold is the lowest id's, and the other is refused (docs/mapping.md): a
     * product taking a SKU or giving one up changes what the other holder maps to. Those holders,
     * now in the catalog or as `$state` last recorded them, are synced with it.
     *
     * @param list<int> $ids changed products (entity ids)
     * @param string $state the store's name of the feed's state table (its `item_key` is the SKU)
     * @return list<int> them and every product with a SKU one of them has or had
     */
    public function sharingSku(array $ids, string $state): array
    {
        $out = $ids;
        foreach (array_chunk($ids, 1000) as $chunk) {
            $in = CatalogSchema::intList($chunk);
            $rows = $this->schema->rows("SELECT DISTINCT entity_id FROM {catalog_product_entity} WHERE sku IN
                (SELECT sku FROM {catalog_product_entity} WHERE entity_id IN $in UNION SELECT item_key FROM $state WHERE source_entity_id IN $in)");
            $out = array_merge($out, array_map('intval', array_column($rows, 0)));
        }
        return array_values(array_unique($out));
    }

    /**
     * @param list<int> $ids changed categories (entity ids; with staging, row ids too)
     * @return list<int> products assigned to one of them or to a category below, now or as last seen
     *   (their routes carry the subtree's URL paths and exist only while the whole branch is active)
     */
    public function productsOfCategories(array $ids): array
    {
        $link = $this->schema->linkField('catalog_category_entity');
        $changed = array_fill_keys($ids, true);
        $categories = $ids;
        foreach ($this->schema->rows("SELECT entity_id, $link, path FROM {catalog_category_entity}") as [$id, $linkId, $path]) {
            if (isset($changed[(int) $linkId]) || array_intersect_key(array_flip(explode('/', (string) $path)), $changed) !== []) {
                $categories[] = (int) $id;
            }
        }
        $out = [];
        foreach (array_chunk(array_values(array_unique($categories)), 1000) as $chunk) {
            $in = CatalogSchema::intList($chunk);
            $rows = $this->schema->rows("SELECT product_id FROM {catalog_category_product} WHERE category_id IN $in
                UNION SELECT product_id FROM " . self::TABLE . ' WHERE kind = ' . self::CATEGORY . " AND ref_id IN $in");
            $out = array_merge($out, array_map('intval', array_column($rows, 0)));
            $this->remember(null, "IN $in");
        }
        return array_values(array_unique($out));
    }

    /**
     * @param list<int> $ids changed attributes and options (one changelog holds both: each id is taken as either)
     * @return list<int> products carrying one of these options, or a value of one of these attributes
     */
    public function productsOfAttributes(array $ids): array
    {
        $link = $this->schema->linkField('catalog_product_entity');
        $out = [];
        foreach (array_chunk($ids, 1000) as $chunk) {
            $in = CatalogSchema::intList($chunk);
            // a value is one of these options only where it is an option of its own attribute
            $parts = ["SELECT v.$link FROM {catalog_product_entity_int} v JOIN {eav_attribute_option} o ON o.option_id = v.value AND o.attribute_id = v.attribute_id WHERE v.value IN $in"];
            foreach (['varchar', 'text'] as $type) {
                $parts[] = "SELECT v.$link FROM {catalog_product_entity_$type} v JOIN {eav_attribute} a ON a.attribute_id = v.attribute_id AND a.frontend_input = 'multiselect'
                    WHERE v.attribute_id IN (SELECT attribute_id FROM {eav_attribute_option} WHERE option_id IN $in) AND v.value REGEXP '(^|,)(" . implode('|', $chunk) . ")(,|$)'";
            }
            foreach (['varchar', 'int', 'decimal', 'text', 'datetime'] as $type) {
                $parts[] = "SELECT $link FROM {catalog_product_entity_$type} WHERE attribute_id IN $in";
            }
            $rows = $this->schema->rows("SELECT DISTINCT e.entity_id FROM {catalog_product_entity} e JOIN (" . implode(' UNION ', $parts) . ") c ON c.$link = e.$link");
            $out = array_merge($out, array_map('intval', array_column($rows, 0)));
        }
        return array_values(array_unique($out));
    }

    /** Adds the catalog's current relations of these products or categories (both null: all) to what was seen. */
    private function remember(?string $products, ?string $categories): void
    {
        $this->db->exec('INSERT IGNORE INTO ' . self::TABLE . ' (product_id, kind, ref_id) ' . implode(' UNION ALL ', $this->relations($products, $categories)));
    }

    /**
     * SELECTs of the catalog's (product, kind, referenced id) rows: product → product for links,
     * variant → configurable and bundle → item, product → category for assignments.
     *
     * @param string|null $products "IN (…)" of product ids: their rows, on either side (null: all)
     * @param string|null $categories "IN (…)" of category ids: only their assignments
     * @return list<string>
     */
    private function relations(?string $products, ?string $categories): array
    {
        $assignments = 'SELECT product_id, ' . self::CATEGORY . ', category_id FROM {catalog_category_product}';
        if ($categories !== null) {
            return ["$assignments WHERE category_id $categories"];
        }
        $link = $this->schema->linkField('catalog_product_entity');
        $of = static fn (string $a, string $b): string => $products === null ? '' : "WHERE $a $products OR $b $products";
        $product = self::PRODUCT;
        $optional = [
            'Magento_ConfigurableProduct' => "SELECT l.product_id, $product, p.entity_id FROM {catalog_product_super_link} l JOIN {catalog_product_entity} p ON p.$link = l.parent_id {$of('l.product_id', 'p.entity_id')}",
            'Magento_Bundle' => "SELECT p.entity_id, $product, s.product_id FROM {catalog_product_bundle_selection} s JOIN {catalog_product_entity} p ON p.$link = s.parent_product_id {$of('p.entity_id', 's.product_id')}",
        ];
        return [
            "SELECT e.entity_id, $product, l.linked_product_id FROM {catalog_product_link} l JOIN {catalog_product_entity} e ON e.$link = l.product_id {$of('e.entity_id', 'l.linked_product_id')}",
            // a store without the module has neither its tables nor these relations
            ...array_values(array_filter($optional, fn (string $module): bool => $this->schema->hasModule($module), ARRAY_FILTER_USE_KEY)),
            $assignments . ($products === null ? '' : " WHERE product_id $products"),
        ];
    }
}
