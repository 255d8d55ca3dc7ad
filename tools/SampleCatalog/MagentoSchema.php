<?php
declare(strict_types=1);

namespace Aco\Connector\Tools\SampleCatalog;

/**
 * DDL for the Magento 2.4 tables the connector reads, with Magento's table and column names, types
 * and keys (from Magento's declared schema; see shared/notes/magento-schema.md), for a database that
 * stands in for a store in tests, the demo and benchmarks. Magento's ON DELETE CASCADE foreign keys
 * are declared (`foreignKeys()`): deleting a product, category, option or store removes the rows
 * hanging off it without firing their triggers, which change capture has to live with. The catalog
 * is loaded with the checks off, as an import does, so the readers still meet orphans where a test
 * plants them.
 *
 * Two editions: Magento Open Source links EAV and relation rows by `entity_id`; Adobe Commerce with
 * content staging keys versions by `row_id` (with `created_in`/`updated_in`) and draws entity ids
 * from `sequence_product` / `sequence_catalog_category`.
 */
final class MagentoSchema
{
    /** `updated_in` of the open-ended (current) version in Adobe Commerce staging. */
    public const MAX_VERSION = 2147483647;

    /** @return list<string> CREATE TABLE statements */
    public static function statements(bool $staging): array
    {
        $link = $staging ? 'row_id' : 'entity_id';
        $versioned = static function (string $table, string $columns, string $extraKeys) use ($staging): string {
            $head = $staging
                ? "row_id int unsigned NOT NULL AUTO_INCREMENT,\n  entity_id int unsigned NOT NULL,\n"
                  . "  created_in bigint unsigned NOT NULL DEFAULT 1,\n  updated_in bigint unsigned NOT NULL DEFAULT " . self::MAX_VERSION . ",\n"
                : "entity_id int unsigned NOT NULL AUTO_INCREMENT,\n";
            $keys = $staging
                ? "PRIMARY KEY (row_id),\n  KEY {$table}_ENTITY_ID_CREATED_IN_UPDATED_IN (entity_id, created_in, updated_in)"
                : 'PRIMARY KEY (entity_id)';
            return "CREATE TABLE $table (\n  $head  $columns,\n  $keys$extraKeys\n)";
        };
        $eavValues = static function (string $entity, string $type, string $valueType) use ($link): string {
            $table = "catalog_{$entity}_entity_$type";
            return "CREATE TABLE $table (
  value_id int NOT NULL AUTO_INCREMENT,
  attribute_id smallint unsigned NOT NULL DEFAULT 0,
  store_id smallint unsigned NOT NULL DEFAULT 0,
  $link int unsigned NOT NULL DEFAULT 0,
  value $valueType,
  PRIMARY KEY (value_id),
  UNIQUE KEY {$table}_{$link}_ATTRIBUTE_ID_STORE_ID ($link, attribute_id, store_id),
  KEY {$table}_ATTRIBUTE_ID (attribute_id),
  KEY {$table}_STORE_ID (store_id)
)";
        };

        $tables = [
            'CREATE TABLE store_website (
  website_id smallint unsigned NOT NULL AUTO_INCREMENT,
  code varchar(32) DEFAULT NULL,
  name varchar(64) DEFAULT NULL,
  sort_order smallint unsigned NOT NULL DEFAULT 0,
  default_group_id smallint unsigned NOT NULL DEFAULT 0,
  is_default smallint unsigned DEFAULT 0,
  PRIMARY KEY (website_id),
  UNIQUE KEY STORE_WEBSITE_CODE (code)
)',
            'CREATE TABLE store_group (
  group_id smallint unsigned NOT NULL AUTO_INCREMENT,
  website_id smallint unsigned NOT NULL DEFAULT 0,
  name varchar(255) NOT NULL,
  root_category_id int unsigned NOT NULL DEFAULT 0,
  default_store_id smallint unsigned NOT NULL DEFAULT 0,
  code varchar(32) DEFAULT NULL,
  PRIMARY KEY (group_id),
  UNIQUE KEY STORE_GROUP_CODE (code),
  KEY STORE_GROUP_WEBSITE_ID (website_id)
)',
            'CREATE TABLE store (
  store_id smallint unsigned NOT NULL AUTO_INCREMENT,
  code varchar(32) DEFAULT NULL,
  website_id smallint unsigned NOT NULL DEFAULT 0,
  group_id smallint unsigned NOT NULL DEFAULT 0,
  name varchar(255) NOT NULL,
  sort_order smallint unsigned NOT NULL DEFAULT 0,
  is_active smallint unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id),
  UNIQUE KEY STORE_CODE (code),
  KEY STORE_WEBSITE_ID (website_id),
  KEY STORE_GROUP_ID (group_id)
)',
            "CREATE TABLE core_config_data (
  config_id int unsigned NOT NULL AUTO_INCREMENT,
  scope varchar(8) NOT NULL DEFAULT 'default',
  scope_id int NOT NULL DEFAULT 0,
  path varchar(255) NOT NULL DEFAULT 'general',
  value text DEFAULT NULL,
  updated_at timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  PRIMARY KEY (config_id),
  UNIQUE KEY CORE_CONFIG_DATA_SCOPE_SCOPE_ID_PATH (scope, scope_id, path)
)",
            'CREATE TABLE directory_currency_rate (
  currency_from varchar(3) NOT NULL,
  currency_to varchar(3) NOT NULL,
  rate decimal(24,12) NOT NULL DEFAULT 0.000000000000,
  PRIMARY KEY (currency_from, currency_to)
)',
            'CREATE TABLE tax_class (
  class_id smallint NOT NULL AUTO_INCREMENT,
  class_name varchar(255) NOT NULL,
  class_type varchar(8) NOT NULL DEFAULT \'CUSTOMER\',
  PRIMARY KEY (class_id)
)',
            'CREATE TABLE theme (
  theme_id int unsigned NOT NULL AUTO_INCREMENT,
  parent_id int DEFAULT NULL,
  theme_path varchar(255) DEFAULT NULL,
  theme_title varchar(255) NOT NULL,
  preview_image varchar(255) DEFAULT NULL,
  is_featured tinyint(1) NOT NULL DEFAULT 0,
  area varchar(255) NOT NULL,
  type smallint NOT NULL,
  code text DEFAULT NULL,
  PRIMARY KEY (theme_id)
)',
            'CREATE TABLE customer_group (
  customer_group_id int unsigned NOT NULL AUTO_INCREMENT,
  customer_group_code varchar(32) NOT NULL,
  tax_class_id int unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (customer_group_id)
)',
            'CREATE TABLE eav_entity_type (
  entity_type_id smallint unsigned NOT NULL AUTO_INCREMENT,
  entity_type_code varchar(50) NOT NULL,
  entity_model varchar(255) NOT NULL,
  attribute_model varchar(255) DEFAULT NULL,
  entity_table varchar(255) DEFAULT NULL,
  value_table_prefix varchar(255) DEFAULT NULL,
  entity_id_field varchar(255) DEFAULT NULL,
  is_data_sharing smallint unsigned NOT NULL DEFAULT 1,
  data_sharing_key varchar(100) DEFAULT \'default\',
  default_attribute_set_id smallint unsigned NOT NULL DEFAULT 0,
  increment_model varchar(255) DEFAULT NULL,
  increment_per_store smallint unsigned NOT NULL DEFAULT 0,
  increment_pad_length smallint unsigned NOT NULL DEFAULT 8,
  increment_pad_char varchar(1) NOT NULL DEFAULT \'0\',
  additional_attribute_table varchar(255) DEFAULT NULL,
  entity_attribute_collection varchar(255) DEFAULT NULL,
  PRIMARY KEY (entity_type_id),
  KEY EAV_ENTITY_TYPE_ENTITY_TYPE_CODE (entity_type_code)
)',
            "CREATE TABLE eav_attribute (
  attribute_id smallint unsigned NOT NULL AUTO_INCREMENT,
  entity_type_id smallint unsigned NOT NULL DEFAULT 0,
  attribute_code varchar(255) NOT NULL,
  attribute_model varchar(255) DEFAULT NULL,
  backend_model varchar(255) DEFAULT NULL,
  backend_type varchar(8) NOT NULL DEFAULT 'static',
  backend_table varchar(255) DEFAULT NULL,
  frontend_model varchar(255) DEFAULT NULL,
  frontend_input varchar(50) DEFAULT NULL,
  frontend_label varchar(255) DEFAULT NULL,
  frontend_class varchar(255) DEFAULT NULL,
  source_model varchar(255) DEFAULT NULL,
  is_required smallint unsigned NOT NULL DEFAULT 0,
  is_user_defined smallint unsigned NOT NULL DEFAULT 0,
  default_value text DEFAULT NULL,
  is_unique smallint unsigned NOT NULL DEFAULT 0,
  note varchar(255) DEFAULT NULL,
  PRIMARY KEY (attribute_id),
  UNIQUE KEY EAV_ATTRIBUTE_ENTITY_TYPE_ID_ATTRIBUTE_CODE (entity_type_id, attribute_code)
)",
            'CREATE TABLE eav_attribute_set (
  attribute_set_id smallint unsigned NOT NULL AUTO_INCREMENT,
  entity_type_id smallint unsigned NOT NULL DEFAULT 0,
  attribute_set_name varchar(255) DEFAULT NULL,
  sort_order smallint NOT NULL DEFAULT 0,
  PRIMARY KEY (attribute_set_id),
  UNIQUE KEY EAV_ATTRIBUTE_SET_ENTITY_TYPE_ID_ATTRIBUTE_SET_NAME (entity_type_id, attribute_set_name)
)',
            'CREATE TABLE eav_attribute_label (
  attribute_label_id int unsigned NOT NULL AUTO_INCREMENT,
  attribute_id smallint unsigned NOT NULL DEFAULT 0,
  store_id smallint unsigned NOT NULL DEFAULT 0,
  value varchar(255) DEFAULT NULL,
  PRIMARY KEY (attribute_label_id),
  KEY EAV_ATTRIBUTE_LABEL_ATTRIBUTE_ID_STORE_ID (attribute_id, store_id)
)',
            'CREATE TABLE eav_attribute_option (
  option_id int unsigned NOT NULL AUTO_INCREMENT,
  attribute_id smallint unsigned NOT NULL DEFAULT 0,
  sort_order smallint unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (option_id),
  KEY EAV_ATTRIBUTE_OPTION_ATTRIBUTE_ID (attribute_id)
)',
            'CREATE TABLE eav_attribute_option_value (
  value_id int unsigned NOT NULL AUTO_INCREMENT,
  option_id int unsigned NOT NULL DEFAULT 0,
  store_id smallint unsigned NOT NULL DEFAULT 0,
  value varchar(255) DEFAULT NULL,
  PRIMARY KEY (value_id),
  KEY EAV_ATTRIBUTE_OPTION_VALUE_OPTION_ID_STORE_ID (option_id, store_id)
)',
            'CREATE TABLE eav_attribute_option_swatch (
  swatch_id int unsigned NOT NULL AUTO_INCREMENT,
  option_id int unsigned NOT NULL,
  store_id smallint unsigned NOT NULL,
  type smallint unsigned NOT NULL,
  value varchar(255) DEFAULT NULL,
  PRIMARY KEY (swatch_id),
  UNIQUE KEY EAV_ATTRIBUTE_OPTION_SWATCH_STORE_ID_OPTION_ID (store_id, option_id)
)',
            'CREATE TABLE catalog_eav_attribute (
  attribute_id smallint unsigned NOT NULL,
  frontend_input_renderer varchar(255) DEFAULT NULL,
  is_global smallint unsigned NOT NULL DEFAULT 1,
  is_visible smallint unsigned NOT NULL DEFAULT 1,
  is_searchable smallint unsigned NOT NULL DEFAULT 0,
  is_filterable smallint unsigned NOT NULL DEFAULT 0,
  is_comparable smallint unsigned NOT NULL DEFAULT 0,
  is_visible_on_front smallint unsigned NOT NULL DEFAULT 0,
  is_html_allowed_on_front smallint unsigned NOT NULL DEFAULT 0,
  is_used_for_price_rules smallint unsigned NOT NULL DEFAULT 0,
  is_filterable_in_search smallint unsigned NOT NULL DEFAULT 0,
  used_in_product_listing smallint unsigned NOT NULL DEFAULT 0,
  used_for_sort_by smallint unsigned NOT NULL DEFAULT 0,
  apply_to varchar(255) DEFAULT NULL,
  is_visible_in_advanced_search smallint unsigned NOT NULL DEFAULT 0,
  position int NOT NULL DEFAULT 0,
  is_wysiwyg_enabled smallint unsigned NOT NULL DEFAULT 0,
  is_used_for_promo_rules smallint unsigned NOT NULL DEFAULT 0,
  is_required_in_admin_store smallint unsigned NOT NULL DEFAULT 0,
  is_used_in_grid smallint unsigned NOT NULL DEFAULT 0,
  is_visible_in_grid smallint unsigned NOT NULL DEFAULT 0,
  is_filterable_in_grid smallint unsigned NOT NULL DEFAULT 0,
  is_pagebuilder_enabled tinyint(1) NOT NULL DEFAULT 0,
  search_weight float NOT NULL DEFAULT 1,
  additional_data text DEFAULT NULL,
  PRIMARY KEY (attribute_id)
)',
            $versioned('catalog_product_entity', "attribute_set_id smallint unsigned NOT NULL DEFAULT 0,
  type_id varchar(32) NOT NULL DEFAULT 'simple',
  sku varchar(64) NOT NULL,
  has_options smallint NOT NULL DEFAULT 0,
  required_options smallint unsigned NOT NULL DEFAULT 0,
  created_at timestamp NOT NULL DEFAULT current_timestamp(),
  updated_at timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp()", ",
  KEY CATALOG_PRODUCT_ENTITY_SKU (sku)"),
            $eavValues('product', 'varchar', 'varchar(255) DEFAULT NULL'),
            $eavValues('product', 'int', 'int DEFAULT NULL'),
            $eavValues('product', 'decimal', 'decimal(20,6) DEFAULT NULL'),
            $eavValues('product', 'text', 'mediumtext DEFAULT NULL'),
            $eavValues('product', 'datetime', 'datetime DEFAULT NULL'),
            'CREATE TABLE catalog_product_website (
  product_id int unsigned NOT NULL,
  website_id smallint unsigned NOT NULL,
  PRIMARY KEY (product_id, website_id),
  KEY CATALOG_PRODUCT_WEBSITE_WEBSITE_ID (website_id)
)',
            "CREATE TABLE catalog_product_super_attribute (
  product_super_attribute_id int unsigned NOT NULL AUTO_INCREMENT,
  product_id int unsigned NOT NULL DEFAULT 0 COMMENT 'the parent: $link',
  attribute_id smallint unsigned NOT NULL DEFAULT 0,
  position smallint unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (product_super_attribute_id),
  UNIQUE KEY CATALOG_PRODUCT_SUPER_ATTRIBUTE_PRODUCT_ID_ATTRIBUTE_ID (product_id, attribute_id)
)",
            "CREATE TABLE catalog_product_super_link (
  link_id int unsigned NOT NULL AUTO_INCREMENT,
  product_id int unsigned NOT NULL DEFAULT 0 COMMENT 'the child: entity_id',
  parent_id int unsigned NOT NULL DEFAULT 0 COMMENT 'the parent: $link',
  PRIMARY KEY (link_id),
  UNIQUE KEY CATALOG_PRODUCT_SUPER_LINK_PRODUCT_ID_PARENT_ID (product_id, parent_id),
  KEY CATALOG_PRODUCT_SUPER_LINK_PARENT_ID (parent_id)
)",
            "CREATE TABLE catalog_product_relation (
  parent_id int unsigned NOT NULL COMMENT '$link',
  child_id int unsigned NOT NULL COMMENT 'entity_id',
  PRIMARY KEY (parent_id, child_id),
  KEY CATALOG_PRODUCT_RELATION_CHILD_ID (child_id)
)",
            'CREATE TABLE catalog_product_link_type (
  link_type_id smallint unsigned NOT NULL AUTO_INCREMENT,
  code varchar(32) DEFAULT NULL,
  PRIMARY KEY (link_type_id)
)',
            "CREATE TABLE catalog_product_link (
  link_id int unsigned NOT NULL AUTO_INCREMENT,
  product_id int unsigned NOT NULL DEFAULT 0 COMMENT '$link',
  linked_product_id int unsigned NOT NULL DEFAULT 0 COMMENT 'entity_id',
  link_type_id smallint unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (link_id),
  UNIQUE KEY CATALOG_PRODUCT_LINK_LINK_TYPE_ID_PRODUCT_ID_LINKED_PRODUCT_ID (link_type_id, product_id, linked_product_id),
  KEY CATALOG_PRODUCT_LINK_PRODUCT_ID (product_id)
)",
            "CREATE TABLE catalog_product_bundle_option (
  option_id int unsigned NOT NULL AUTO_INCREMENT,
  parent_id int unsigned NOT NULL COMMENT '$link',
  required smallint unsigned NOT NULL DEFAULT 0,
  position int unsigned NOT NULL DEFAULT 0,
  type varchar(255) DEFAULT NULL,
  PRIMARY KEY (option_id),
  KEY CATALOG_PRODUCT_BUNDLE_OPTION_PARENT_ID (parent_id)
)",
            "CREATE TABLE catalog_product_bundle_option_value (
  value_id int unsigned NOT NULL AUTO_INCREMENT,
  option_id int unsigned NOT NULL,
  store_id smallint unsigned NOT NULL,
  title varchar(255) DEFAULT NULL,
  parent_product_id int unsigned NOT NULL COMMENT '$link',
  PRIMARY KEY (value_id),
  UNIQUE KEY CAT_PRD_BNDL_OPT_VAL_OPT_ID_PARENT_PRD_ID_STORE_ID (option_id, parent_product_id, store_id)
)",
            "CREATE TABLE catalog_product_bundle_selection (
  selection_id int unsigned NOT NULL AUTO_INCREMENT,
  option_id int unsigned NOT NULL,
  parent_product_id int unsigned NOT NULL COMMENT '$link',
  product_id int unsigned NOT NULL COMMENT 'entity_id',
  position int unsigned NOT NULL DEFAULT 0,
  is_default smallint unsigned NOT NULL DEFAULT 0,
  selection_price_type smallint unsigned NOT NULL DEFAULT 0,
  selection_price_value decimal(12,4) NOT NULL DEFAULT 0.0000,
  selection_qty decimal(12,4) DEFAULT NULL,
  selection_can_change_qty smallint NOT NULL DEFAULT 0,
  PRIMARY KEY (selection_id),
  KEY CATALOG_PRODUCT_BUNDLE_SELECTION_OPTION_ID (option_id),
  KEY CATALOG_PRODUCT_BUNDLE_SELECTION_PRODUCT_ID (product_id)
)",
            "CREATE TABLE catalog_product_entity_tier_price (
  value_id int NOT NULL AUTO_INCREMENT,
  $link int unsigned NOT NULL DEFAULT 0,
  all_groups smallint unsigned NOT NULL DEFAULT 1,
  customer_group_id int unsigned NOT NULL DEFAULT 0,
  qty decimal(12,4) NOT NULL DEFAULT 1.0000,
  value decimal(20,6) NOT NULL DEFAULT 0.000000,
  website_id smallint unsigned NOT NULL,
  percentage_value decimal(5,2) DEFAULT NULL,
  PRIMARY KEY (value_id),
  UNIQUE KEY UNQ_E8AB433B9ACB00343ABB312AD2FAB087 ($link, all_groups, customer_group_id, qty, website_id),
  KEY CATALOG_PRODUCT_ENTITY_TIER_PRICE_WEBSITE_ID (website_id)
)",
            'CREATE TABLE catalog_product_index_price (
  entity_id int unsigned NOT NULL,
  customer_group_id int unsigned NOT NULL,
  website_id smallint unsigned NOT NULL,
  tax_class_id smallint unsigned DEFAULT 0,
  price decimal(20,6) DEFAULT NULL,
  final_price decimal(20,6) DEFAULT NULL,
  min_price decimal(20,6) DEFAULT NULL,
  max_price decimal(20,6) DEFAULT NULL,
  tier_price decimal(20,6) DEFAULT NULL,
  PRIMARY KEY (entity_id, customer_group_id, website_id)
)',
            'CREATE TABLE catalogrule_product_price (
  rule_product_price_id int unsigned NOT NULL AUTO_INCREMENT,
  rule_date date NOT NULL,
  customer_group_id int DEFAULT NULL,
  product_id int unsigned NOT NULL DEFAULT 0,
  rule_price decimal(20,6) NOT NULL DEFAULT 0.000000,
  website_id smallint unsigned NOT NULL,
  latest_start_date date DEFAULT NULL,
  earliest_end_date date DEFAULT NULL,
  PRIMARY KEY (rule_product_price_id),
  UNIQUE KEY CATRULE_PRD_PRICE_RULE_DATE_WS_ID_CSTR_GROUP_ID_PRD_ID (rule_date, website_id, customer_group_id, product_id)
)',
            'CREATE TABLE cataloginventory_stock_item (
  item_id int unsigned NOT NULL AUTO_INCREMENT,
  product_id int unsigned NOT NULL DEFAULT 0,
  stock_id smallint unsigned NOT NULL DEFAULT 0,
  qty decimal(12,4) DEFAULT NULL,
  min_qty decimal(12,4) NOT NULL DEFAULT 0.0000,
  use_config_min_qty smallint unsigned NOT NULL DEFAULT 1,
  is_qty_decimal smallint unsigned NOT NULL DEFAULT 0,
  backorders smallint unsigned NOT NULL DEFAULT 0,
  use_config_backorders smallint unsigned NOT NULL DEFAULT 1,
  min_sale_qty decimal(12,4) NOT NULL DEFAULT 1.0000,
  use_config_min_sale_qty smallint unsigned NOT NULL DEFAULT 1,
  max_sale_qty decimal(12,4) NOT NULL DEFAULT 0.0000,
  use_config_max_sale_qty smallint unsigned NOT NULL DEFAULT 1,
  is_in_stock smallint unsigned NOT NULL DEFAULT 0,
  low_stock_date timestamp NULL DEFAULT NULL,
  notify_stock_qty decimal(12,4) DEFAULT NULL,
  use_config_notify_stock_qty smallint unsigned NOT NULL DEFAULT 1,
  manage_stock smallint unsigned NOT NULL DEFAULT 0,
  use_config_manage_stock smallint unsigned NOT NULL DEFAULT 1,
  stock_status_changed_auto smallint unsigned NOT NULL DEFAULT 0,
  use_config_qty_increments smallint unsigned NOT NULL DEFAULT 1,
  qty_increments decimal(12,4) NOT NULL DEFAULT 0.0000,
  use_config_enable_qty_inc smallint unsigned NOT NULL DEFAULT 1,
  enable_qty_increments smallint unsigned NOT NULL DEFAULT 0,
  is_decimal_divided smallint unsigned NOT NULL DEFAULT 0,
  website_id smallint unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (item_id),
  UNIQUE KEY CATALOGINVENTORY_STOCK_ITEM_PRODUCT_ID_STOCK_ID (product_id, stock_id)
)',
            "CREATE TABLE catalog_product_entity_media_gallery (
  value_id int unsigned NOT NULL AUTO_INCREMENT,
  attribute_id smallint unsigned NOT NULL DEFAULT 0,
  value varchar(255) DEFAULT NULL,
  media_type varchar(32) NOT NULL DEFAULT 'image',
  disabled smallint unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (value_id)
)",
            "CREATE TABLE catalog_product_entity_media_gallery_value (
  value_id int unsigned NOT NULL DEFAULT 0,
  store_id smallint unsigned NOT NULL DEFAULT 0,
  $link int unsigned NOT NULL DEFAULT 0,
  label varchar(255) DEFAULT NULL,
  position int unsigned DEFAULT NULL,
  disabled smallint unsigned NOT NULL DEFAULT 0,
  record_id int unsigned NOT NULL AUTO_INCREMENT,
  PRIMARY KEY (record_id),
  KEY CAT_PRD_ENTT_MDA_GLR_VAL_{$link}_VAL_ID_STORE_ID ($link, value_id, store_id)
)",
            "CREATE TABLE catalog_product_entity_media_gallery_value_to_entity (
  value_id int unsigned NOT NULL,
  $link int unsigned NOT NULL,
  PRIMARY KEY (value_id, $link),
  KEY CAT_PRD_ENTT_MDA_GLR_VAL_TO_ENTT_{$link} ($link)
)",
            $versioned('catalog_category_entity', 'attribute_set_id smallint unsigned NOT NULL DEFAULT 0,
  parent_id int unsigned NOT NULL DEFAULT 0,
  created_at timestamp NOT NULL DEFAULT current_timestamp(),
  updated_at timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  path varchar(255) NOT NULL,
  position int NOT NULL,
  level int NOT NULL DEFAULT 0,
  children_count int NOT NULL', ",
  KEY CATALOG_CATEGORY_ENTITY_LEVEL (level),
  KEY CATALOG_CATEGORY_ENTITY_PATH (path)"),
            $eavValues('category', 'varchar', 'varchar(255) DEFAULT NULL'),
            $eavValues('category', 'int', 'int DEFAULT NULL'),
            $eavValues('category', 'text', 'mediumtext DEFAULT NULL'),
            'CREATE TABLE catalog_category_product (
  entity_id int NOT NULL AUTO_INCREMENT,
  category_id int unsigned NOT NULL DEFAULT 0,
  product_id int unsigned NOT NULL DEFAULT 0,
  position int NOT NULL DEFAULT 0,
  PRIMARY KEY (entity_id, category_id, product_id),
  UNIQUE KEY CATALOG_CATEGORY_PRODUCT_CATEGORY_ID_PRODUCT_ID (category_id, product_id),
  KEY CATALOG_CATEGORY_PRODUCT_PRODUCT_ID (product_id)
)',
            'CREATE TABLE url_rewrite (
  url_rewrite_id int unsigned NOT NULL AUTO_INCREMENT,
  entity_type varchar(32) NOT NULL,
  entity_id int unsigned NOT NULL,
  request_path varchar(255) DEFAULT NULL,
  target_path varchar(255) DEFAULT NULL,
  redirect_type smallint unsigned NOT NULL DEFAULT 0,
  store_id smallint unsigned NOT NULL,
  description varchar(255) DEFAULT NULL,
  is_autogenerated smallint unsigned NOT NULL DEFAULT 0,
  metadata varchar(255) DEFAULT NULL,
  PRIMARY KEY (url_rewrite_id),
  UNIQUE KEY URL_REWRITE_REQUEST_PATH_STORE_ID (request_path, store_id),
  KEY URL_REWRITE_ENTITY_ID (entity_id)
)',
            "CREATE TABLE mview_state (
  state_id int unsigned NOT NULL AUTO_INCREMENT,
  view_id varchar(255) DEFAULT NULL,
  mode varchar(16) DEFAULT 'disabled',
  status varchar(16) DEFAULT 'idle',
  updated datetime DEFAULT NULL,
  version_id bigint unsigned DEFAULT NULL,
  PRIMARY KEY (state_id),
  KEY MVIEW_STATE_VIEW_ID (view_id)
)",
            "CREATE TABLE indexer_state (
  state_id int unsigned NOT NULL AUTO_INCREMENT,
  indexer_id varchar(255) DEFAULT NULL,
  status varchar(16) DEFAULT 'invalid',
  updated datetime DEFAULT NULL,
  hash_config varchar(32) NOT NULL,
  PRIMARY KEY (state_id),
  KEY INDEXER_STATE_INDEXER_ID (indexer_id)
)",
        ];
        if ($staging) {
            $tables[] = 'CREATE TABLE sequence_product (sequence_value int unsigned NOT NULL AUTO_INCREMENT, PRIMARY KEY (sequence_value))';
            $tables[] = 'CREATE TABLE sequence_catalog_category (sequence_value int unsigned NOT NULL AUTO_INCREMENT, PRIMARY KEY (sequence_value))';
        }
        $keys = self::foreignKeys($staging);
        return array_map(static function (string $sql) use ($keys): string {
            $table = (string) preg_replace('/^CREATE TABLE (\w+).*/s', '$1', $sql);
            $constraints = array_map(static fn (string $column, array $parent): string => ",\n  FOREIGN KEY ($column) REFERENCES $parent[0] ($parent[1]) ON DELETE CASCADE",
                array_keys($keys[$table] ?? []), $keys[$table] ?? []);
            // Magento's declared collation, not the server's default (MariaDB 11's uca1400 would not compare
            // with the connector's tables, which take Magento's)
            return rtrim(substr($sql, 0, -1)) . implode('', $constraints) . "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci";
        }, $tables);
    }

    /**
     * Magento's cascading foreign keys among these tables (2.4's db_schema.xml of Catalog, Eav, Store,
     * Bundle, ConfigurableProduct, CatalogInventory, Swatches). With staging, rows of a version point at
     * its `row_id` and rows of an entity at `sequence_*`.
     *
     * @return array<string, array<string, array{0: string, 1: string}>> table => column => [parent table, column]
     */
    private static function foreignKeys(bool $staging): array
    {
        $link = $staging ? 'row_id' : 'entity_id';
        $product = $staging ? ['sequence_product', 'sequence_value'] : ['catalog_product_entity', 'entity_id'];
        $category = $staging ? ['sequence_catalog_category', 'sequence_value'] : ['catalog_category_entity', 'entity_id'];
        $version = ['catalog_product_entity', $link];
        $attribute = ['eav_attribute', 'attribute_id'];
        $store = ['store', 'store_id'];
        $website = ['store_website', 'website_id'];
        $keys = [
            'store' => ['website_id' => $website, 'group_id' => ['store_group', 'group_id']],
            'store_group' => ['website_id' => $website],
            'eav_attribute_label' => ['attribute_id' => $attribute, 'store_id' => $store],
            'eav_attribute_option' => ['attribute_id' => $attribute],
            'eav_attribute_option_value' => ['option_id' => ['eav_attribute_option', 'option_id'], 'store_id' => $store],
            'eav_attribute_option_swatch' => ['option_id' => ['eav_attribute_option', 'option_id'], 'store_id' => $store],
            'catalog_eav_attribute' => ['attribute_id' => $attribute],
            'catalog_product_website' => ['product_id' => $product, 'website_id' => $website],
            'catalog_product_super_attribute' => ['product_id' => $version],
            'catalog_product_super_link' => ['product_id' => $product, 'parent_id' => $version],
            'catalog_product_relation' => ['parent_id' => $version, 'child_id' => $product],
            'catalog_product_link' => ['product_id' => $version, 'linked_product_id' => $product, 'link_type_id' => ['catalog_product_link_type', 'link_type_id']],
            'catalog_product_bundle_option' => ['parent_id' => $version],
            'catalog_product_bundle_option_value' => ['option_id' => ['catalog_product_bundle_option', 'option_id']],
            'catalog_product_bundle_selection' => ['option_id' => ['catalog_product_bundle_option', 'option_id'], 'product_id' => $product],
            'catalog_product_entity_tier_price' => [$link => $version, 'website_id' => $website, 'customer_group_id' => ['customer_group', 'customer_group_id']],
            'cataloginventory_stock_item' => ['product_id' => $product],
            'catalog_product_entity_media_gallery_value' => ['value_id' => ['catalog_product_entity_media_gallery', 'value_id'], $link => $version, 'store_id' => $store],
            'catalog_product_entity_media_gallery_value_to_entity' => ['value_id' => ['catalog_product_entity_media_gallery', 'value_id'], $link => $version],
            'catalog_category_product' => ['product_id' => $product, 'category_id' => $category],
        ];
        foreach (['varchar', 'int', 'decimal', 'text', 'datetime'] as $type) {
            $keys["catalog_product_entity_$type"] = [$link => $version, 'attribute_id' => $attribute, 'store_id' => $store];
        }
        foreach (['varchar', 'int', 'text'] as $type) {
            $keys["catalog_category_entity_$type"] = [$link => ['catalog_category_entity', $link], 'attribute_id' => $attribute, 'store_id' => $store];
        }
        if ($staging) {
            $keys['catalog_product_entity'] = ['entity_id' => $product];
            $keys['catalog_category_entity'] = ['entity_id' => $category];
        }
        return $keys;
    }

    /** Names of every table `statements()` creates, for drop/reset. */
    public static function tables(bool $staging): array
    {
        return array_map(static fn (string $sql): string => (string) preg_replace('/^CREATE TABLE (\w+).*/s', '$1', $sql), self::statements($staging));
    }

    /** Drops and re-creates every table; foreign key checks stay off for the load (`generate()` turns them on). */
    public static function install(\PDO $pdo, bool $staging): void
    {
        $pdo->exec('SET FOREIGN_KEY_CHECKS = 0');
        foreach (array_merge(self::tables(true), self::tables(false)) as $table) {
            $pdo->exec("DROP TABLE IF EXISTS $table");
        }
        foreach (self::statements($staging) as $sql) {
            $pdo->exec($sql);
        }
    }
}
