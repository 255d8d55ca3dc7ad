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

    /** The relations anew from the catalog (a full products sync went through: ACO holds the catalog as it is). */
    public function rebuild(): void
    {
        $this->db->exec('DELETE FROM ' . self::TABLE);
        $this->remember(null, null);
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
