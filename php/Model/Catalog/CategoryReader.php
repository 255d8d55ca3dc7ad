<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Catalog;

/**
 * Categories with their store-view values (name, URL key and path, description, meta, image,
 * active flag), the live version only.
 */
class CategoryReader
{
    private const CODES = ['name', 'url_key', 'url_path', 'description', 'meta_title', 'meta_keywords', 'meta_description', 'image', 'is_active'];

    private CatalogSchema $schema;

    public function __construct(CatalogSchema $schema)
    {
        $this->schema = $schema;
    }

    /**
     * @return array{categories: list<list<string|null>>, values: list<list<string|null>>}
     *   categories rows: entity_id, parent_id, path, level, position; values rows: entity_id, attribute_code, store_id, value
     */
    public function read(): array
    {
        $link = $this->schema->linkField('catalog_category_entity');
        $live = $this->schema->liveVersion('e', 'catalog_category_entity');
        $codes = "'" . implode("','", self::CODES) . "'";
        $values = [];
        foreach (['varchar', 'int', 'text'] as $table) {
            $values[] = "SELECT e.entity_id, a.attribute_code, v.store_id, v.value FROM {catalog_category_entity_$table} v
                JOIN {catalog_category_entity} e ON e.$link = v.$link AND $live
                JOIN {eav_attribute} a ON a.attribute_id = v.attribute_id AND a.attribute_code IN ($codes)
                    AND a.entity_type_id = (SELECT entity_type_id FROM {eav_entity_type} WHERE entity_type_code = 'catalog_category')";
        }
        return [
            'categories' => $this->schema->rows("SELECT e.entity_id, e.parent_id, e.path, e.level, e.position FROM {catalog_category_entity} e WHERE $live ORDER BY e.entity_id"),
            'values' => $this->schema->rows(implode(' UNION ALL ', $values) . ' ORDER BY 1, 3'),
        ];
    }
}
