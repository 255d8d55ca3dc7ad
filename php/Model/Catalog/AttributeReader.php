<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Catalog;

/**
 * Product attribute definitions with their storefront flags, labels per store view, and option
 * labels (per store view, falling back to the admin label) with swatch values: from
 * `eav_attribute_option`, or from the attribute's source model (SourceOptions).
 */
class AttributeReader
{
    private CatalogSchema $schema;

    public function __construct(CatalogSchema $schema)
    {
        $this->schema = $schema;
    }

    /**
     * @param array<int, string> $locales store view id => locale (country names are per locale)
     * @return array{attributes: list<list<string|int|null>>, labels: list<list<string|null>>, options: list<list<string|int|null>>, swatches: list<list<string|null>>, unresolved: array<string, string>}
     *   attributes rows: id, code, backend_type, frontend_input, label, is_global, is_searchable, is_filterable,
     *   is_visible_on_front, used_in_product_listing, used_for_sort_by, is_comparable, search_weight,
     *   additional_data (swatch type), is_user_defined, position, source options (1: the options come
     *   from a source model, see SourceOptions);
     *   labels rows: attribute_id, store_id, label; options rows: value (option id, or a source model's
     *   value), attribute_id, store_id, label, sort_order; swatches rows: option_id, store_id, type, value;
     *   unresolved: attribute code => source model, for the selects whose labels cannot be read
     */
    public function read(array $locales = []): array
    {
        $type = "(SELECT entity_type_id FROM {eav_entity_type} WHERE entity_type_code = 'catalog_product')";
        // columns other modules add to catalog_eav_attribute: CatalogSearch's weight (else its default, 1),
        // Magento_Swatches' swatch type (none without the module)
        $weight = $this->schema->hasColumn('catalog_eav_attribute', 'search_weight') ? 'c.search_weight' : '1';
        $swatchType = $this->schema->hasModule('Magento_Swatches') && $this->schema->hasColumn('catalog_eav_attribute', 'additional_data') ? 'c.additional_data' : 'NULL';
        $attributes = $this->schema->rows("SELECT a.attribute_id, a.attribute_code, a.backend_type, a.frontend_input, a.frontend_label,
                c.is_global, c.is_searchable, c.is_filterable, c.is_visible_on_front, c.used_in_product_listing, c.used_for_sort_by,
                c.is_comparable, $weight, $swatchType, a.is_user_defined, c.position, a.source_model
            FROM {eav_attribute} a JOIN {catalog_eav_attribute} c ON c.attribute_id = a.attribute_id
            WHERE a.entity_type_id = $type ORDER BY a.attribute_id");
        $sources = (new SourceOptions($this->schema))->resolve(
            array_map(static fn (array $r): array => [$r[0], $r[1], $r[2], $r[3], $r[16]], $attributes),
            $locales
        );
        $unresolved = [];
        foreach ($attributes as &$r) {
            $id = (int) $r[0];
            $r[3] = $sources['inputs'][$id] ?? $r[3];
            if (isset($sources['unresolved'][$id])) {
                $unresolved[(string) $r[1]] = $sources['unresolved'][$id];
            }
            $r[16] = isset($sources['sourced'][$id]) ? 1 : 0;
        }
        unset($r);
        return [
            'attributes' => $attributes,
            'labels' => $this->schema->rows("SELECT l.attribute_id, l.store_id, l.value FROM {eav_attribute_label} l
                JOIN {eav_attribute} a ON a.attribute_id = l.attribute_id AND a.entity_type_id = $type ORDER BY l.attribute_id, l.store_id"),
            'options' => array_merge($this->schema->rows("SELECT o.option_id, o.attribute_id, v.store_id, v.value, o.sort_order FROM {eav_attribute_option} o
                JOIN {eav_attribute} a ON a.attribute_id = o.attribute_id AND a.entity_type_id = $type
                JOIN {eav_attribute_option_value} v ON v.option_id = o.option_id ORDER BY o.option_id, v.store_id"), $sources['options']),
            'swatches' => $this->schema->optionalRows('Magento_Swatches', 'SELECT s.option_id, s.store_id, s.type, s.value FROM {eav_attribute_option_swatch} s ORDER BY s.option_id, s.store_id'),
            'unresolved' => $unresolved,
        ];
    }
}
