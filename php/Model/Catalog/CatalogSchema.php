<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Catalog;

use Aco\Connector\Model\Database;

/**
 * What this database is: Magento Open Source (EAV rows linked by `entity_id`) or Adobe Commerce with
 * content staging (linked by `row_id`, one row per version, the live one being
 * `created_in <= now < updated_in`). Detected once from the primary key of the entity tables, the
 * way Magento's own EntityMetadata::getLinkField() does.
 */
class CatalogSchema
{
    private Database $db;
    /** @var array<string, string> */
    private array $linkFields = [];
    /** @var array<string, bool> */
    private array $columns = [];
    /** @var array<string, bool> */
    private array $tables = [];

    /**
     * Tables of modules a store may run without, by module: what is lost when they are missing.
     * Without them that feature is treated as empty (one warning per run), never a failed feed.
     */
    public const OPTIONAL_TABLES = [
        'Magento_CatalogRule' => [['catalogrule_product_price'], 'catalog rule discounts are left out'],
        'Magento_CatalogInventory' => [['cataloginventory_stock_item'], 'products are sent without stock facts'],
        'Magento_Swatches' => [['eav_attribute_option_swatch'], 'options are sent without swatches'],
        'Magento_Bundle' => [['catalog_product_bundle_option', 'catalog_product_bundle_option_value', 'catalog_product_bundle_selection'],
            'bundles are sent without options'],
        'Magento_ConfigurableProduct' => [['catalog_product_super_attribute', 'catalog_product_super_link'],
            'configurables are sent without variants'],
        'Magento_Tax' => [['tax_class'], 'tax classes are sent as stored'],
    ];

    public function __construct(Database $db)
    {
        $this->db = $db;
    }

    public function db(): Database
    {
        return $this->db;
    }

    /** `entity_id` or `row_id` for an entity table (catalog_product_entity, catalog_category_entity). */
    public function linkField(string $entityTable): string
    {
        if (!isset($this->linkFields[$entityTable])) {
            $key = $this->db->query("SHOW KEYS FROM {{$entityTable}} WHERE Key_name = 'PRIMARY'")->fetch(\PDO::FETCH_ASSOC);
            $this->linkFields[$entityTable] = ($key['Column_name'] ?? 'entity_id') === 'row_id' ? 'row_id' : 'entity_id';
        }
        return $this->linkFields[$entityTable];
    }

    public function isStaging(): bool
    {
        return $this->linkField('catalog_product_entity') === 'row_id';
    }

    /** SQL condition selecting the live version of `$alias` (always true without staging). */
    public function liveVersion(string $alias, string $entityTable = 'catalog_product_entity'): string
    {
        return $this->linkField($entityTable) === 'row_id'
            ? "($alias.created_in <= UNIX_TIMESTAMP() AND $alias.updated_in > UNIX_TIMESTAMP())"
            : '1 = 1';
    }

    public function hasColumn(string $table, string $column): bool
    {
        $key = "$table.$column";
        return $this->columns[$key] ??= $this->db->hasColumn($table, $column);
    }

    private function hasTable(string $table): bool
    {
        return $this->tables[$table] ??= $this->db->hasTable($table);
    }

    /** Whether the store has the tables of a module of OPTIONAL_TABLES. */
    public function hasModule(string $module): bool
    {
        return $this->missingTables($module) === [];
    }

    /**
     * Rows of a query over the tables of a module of OPTIONAL_TABLES, none when the store lacks them.
     *
     * @param array<int|string, mixed> $params
     * @return list<list<string|null>>
     */
    public function optionalRows(string $module, string $sql, array $params = []): array
    {
        return $this->hasModule($module) ? $this->rows($sql, $params) : [];
    }

    /** @return list<string> */
    private function missingTables(string $module): array
    {
        return array_values(array_filter(self::OPTIONAL_TABLES[$module][0], fn (string $t): bool => !$this->hasTable($t)));
    }

    /**
     * One warning per module of OPTIONAL_TABLES whose tables the store lacks.
     *
     * @return list<array{level: string, target: string, message: string}> LogRouter lines
     */
    public function missingTableWarnings(): array
    {
        $warnings = [];
        foreach (self::OPTIONAL_TABLES as $module => [, $loss]) {
            $missing = $this->missingTables($module);
            if ($missing !== []) {
                $warnings[] = ['level' => 'warning', 'target' => 'aco.catalog',
                    'message' => 'table ' . implode(', ', $missing) . " is missing ($module not installed?): $loss"];
            }
        }
        return $warnings;
    }

    /**
     * One warning when variant links (catalog_product_super_link) name a product that does not exist:
     * Magento's foreign keys prevent it, a direct SQL edit or a broken import does not; such links are
     * left out of configurations, and the merchant should know.
     *
     * @return list<array{level: string, target: string, message: string}> LogRouter lines
     */
    public function orphanLinkWarnings(): array
    {
        if (!$this->hasTable('catalog_product_super_link')) {
            return [];
        }
        $link = $this->linkField('catalog_product_entity');
        $orphans = (int) $this->db->query("SELECT COUNT(*) FROM {catalog_product_super_link} l
            LEFT JOIN {catalog_product_entity} c ON c.entity_id = l.product_id LEFT JOIN {catalog_product_entity} p ON p.$link = l.parent_id
            WHERE c.entity_id IS NULL OR p.entity_id IS NULL")->fetchColumn();
        return $orphans === 0 ? [] : [['level' => 'warning', 'target' => 'aco.catalog',
            'message' => "$orphans variant links (catalog_product_super_link) name a product that does not exist: they are left out"]];
    }

    /**
     * Rows of a query as lists (PDO::FETCH_NUM: the cheapest shape to hand to the extension).
     *
     * @param array<int|string, mixed> $params
     * @return list<list<string|null>>
     */
    public function rows(string $sql, array $params = []): array
    {
        $st = $this->db->prepare($sql);
        $st->execute($params);
        return $st->fetchAll(\PDO::FETCH_NUM);
    }

    /**
     * SQL selecting the lowest other entity id with the SKU of `$alias` when it is lower than
     * `$alias`'s own (an admin's duplicate: the lowest id keeps the SKU, as Magento's lookup by SKU
     * finds it), else NULL. SKUs compare as the database does (Magento's column ignores case).
     */
    public function skuOwner(string $alias): string
    {
        return "(SELECT MIN(d.entity_id) FROM {catalog_product_entity} d WHERE d.sku = $alias.sku AND d.entity_id < $alias.entity_id AND "
            . $this->liveVersion('d') . ')';
    }

    /**
     * The id range (first, last] of a chunk of products when the chunk is every product in it and
     * the value tables are keyed by entity id: a full run (no id list) without staging; else null.
     *
     * @param list<int>|null $ids the ids a run is limited to
     * @return array{0: int, 1: int}|null
     */
    public function chunkRange(?array $ids, int $first, int $last): ?array
    {
        return $ids === null && !$this->isStaging() ? [$first, $last] : null;
    }

    /**
     * How a chunk's rows are picked from a table: by id range when the chunk is every entity with an
     * id in (first, last] (a full run without staging: a table's key scans a range cheaper than an
     * IN list), else by its ids (an `intList`).
     *
     * @param array{0: int, 1: int}|null $range
     * @return \Closure(string): string column → SQL condition
     */
    public static function inChunk(?array $range, string $ids): \Closure
    {
        return $range === null
            ? static fn (string $column): string => "$column IN $ids"
            : static fn (string $column): string => "$column > {$range[0]} AND $column <= {$range[1]}";
    }

    /** A safe `IN (…)` list of integers; `(NULL)` when empty so the query matches nothing. */
    public static function intList(array $ids): string
    {
        return $ids === [] ? '(NULL)' : '(' . implode(',', array_map('intval', $ids)) . ')';
    }
}
