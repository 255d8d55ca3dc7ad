<?php
declare(strict_types=1);

namespace Aco\Connector\Tools\SampleCatalog;

/**
 * Fills the Magento tables (MagentoSchema) with a deterministic catalog that looks like a merchant's:
 * websites with their own base currencies, store views with their own locales and translated names,
 * descriptions, URL keys and option labels, simple and configurable products (four variants each,
 * colour swatches and text size swatches), select / multiselect / boolean / price / date / text
 * attributes, categories, images, stock, special prices inside and outside their dates, tier and
 * customer-group prices (for all websites: in the base currency, with currency rates), disabled and invisible products, products missing from some websites;
 * with `$plantedErrors`, the bad records a real store has: a duplicate SKU (product 20 has product 19's).
 *
 * Everything is INSERT … SELECT from MariaDB's sequence tables, with pseudo-random picks from
 * CRC32(seed, row, purpose): the same seed gives the same catalog, 100k products load in seconds.
 *
 * Entity ids come in families of ten: id ≡ 1 (mod 10) is a configurable, the next four are its
 * variants (not visible individually), the last five are simple products; in every fifth family the
 * first of those (id ≡ 6 mod 50) is a bundle of the next three, with a dynamic price in every
 * other one (id ≡ 6 mod 100), else fixed.
 */
final class Generator
{
    public const PRODUCT_TYPE = 4;
    public const CATEGORY_TYPE = 3;

    /** Store views in creation order: code, name, locale. */
    private const STORE_VIEWS = [
        ['default', 'English', 'en_US'], ['de', 'Deutsch', 'de_DE'], ['fr', 'Français', 'fr_FR'],
        ['es', 'Español', 'es_ES'], ['it', 'Italiano', 'it_IT'], ['nl', 'Nederlands', 'nl_NL'],
    ];
    /** Websites in creation order: code, name, base currency, USD → that currency rate (Stores > Currency Rates). */
    private const WEBSITES = [['base', 'Main Website', 'USD', 1], ['eu', 'Europe', 'EUR', 0.92], ['uk', 'United Kingdom', 'GBP', 0.79], ['jp', 'Japan', 'JPY', 150]];
    private const GROUPS = [0 => 'NOT LOGGED IN', 1 => 'General', 2 => 'Wholesale', 3 => 'Retailer'];

    /** Words per locale: adjectives, nouns (products), category names. */
    private const WORDS = [
        'en' => [['Classic', 'Modern', 'Vintage', 'Sport', 'Urban', 'Cozy'], ['Pants', 'Shirt', 'Jacket', 'Sneakers', 'Backpack', 'Hat'], ['Men', 'Women', 'Gear', 'Tops', 'Bottoms', 'Shoes'], 'A well made product for every day.'],
        'de' => [['Klassische', 'Moderne', 'Vintage', 'Sportliche', 'Urbane', 'Gemütliche'], ['Hose', 'Hemd', 'Jacke', 'Turnschuhe', 'Rucksack', 'Mütze'], ['Herren', 'Damen', 'Ausrüstung', 'Oberteile', 'Unterteile', 'Schuhe'], 'Ein gut gemachtes Produkt für jeden Tag.'],
        'fr' => [['Classique', 'Moderne', 'Vintage', 'Sport', 'Urbain', 'Douillet'], ['Pantalon', 'Chemise', 'Veste', 'Baskets', 'Sac à dos', 'Chapeau'], ['Homme', 'Femme', 'Équipement', 'Hauts', 'Bas', 'Chaussures'], 'Un produit bien fait pour tous les jours.'],
        'es' => [['Clásico', 'Moderno', 'Vintage', 'Deportivo', 'Urbano', 'Cómodo'], ['Pantalón', 'Camisa', 'Chaqueta', 'Zapatillas', 'Mochila', 'Sombrero'], ['Hombre', 'Mujer', 'Equipo', 'Tops', 'Pantalones', 'Zapatos'], 'Un producto bien hecho para cada día.'],
        'it' => [['Classico', 'Moderno', 'Vintage', 'Sportivo', 'Urbano', 'Comodo'], ['Pantaloni', 'Camicia', 'Giacca', 'Sneaker', 'Zaino', 'Cappello'], ['Uomo', 'Donna', 'Attrezzatura', 'Top', 'Pantaloni', 'Scarpe'], 'Un prodotto ben fatto per ogni giorno.'],
        'nl' => [['Klassieke', 'Moderne', 'Vintage', 'Sportieve', 'Stedelijke', 'Knusse'], ['Broek', 'Overhemd', 'Jas', 'Sneakers', 'Rugzak', 'Hoed'], ['Heren', 'Dames', 'Uitrusting', 'Tops', 'Broeken', 'Schoenen'], 'Een goed gemaakt product voor elke dag.'],
    ];
    /** Options: attribute code => list of [admin label, [locale => label], swatch]. */
    private const OPTIONS = [
        'color' => [['Black', ['de' => 'Schwarz', 'fr' => 'Noir'], '#000000'], ['White', ['de' => 'Weiß', 'fr' => 'Blanc'], '#FFFFFF'],
            ['Red', ['de' => 'Rot', 'fr' => 'Rouge'], '#FF0000'], ['Blue', ['de' => 'Blau', 'fr' => 'Bleu'], '#0000FF'],
            ['Green', ['de' => 'Grün', 'fr' => 'Vert'], '#00FF00'], ['Grey', ['de' => 'Grau', 'fr' => 'Gris'], '#808080']],
        'size' => [['XS', [], 'XS'], ['S', [], 'S'], ['M', [], 'M'], ['L', [], 'L'], ['XL', [], 'XL']],
        'material' => [['Cotton', ['de' => 'Baumwolle', 'fr' => 'Coton'], null], ['Wool', ['de' => 'Wolle', 'fr' => 'Laine'], null],
            ['Polyester', [], null], ['Linen', ['de' => 'Leinen', 'fr' => 'Lin'], null], ['Leather', ['de' => 'Leder', 'fr' => 'Cuir'], null]],
        'brand' => [['Acme', [], null], ['Northwind', [], null], ['Contoso', [], null], ['Globex', [], null]],
    ];

    /**
     * Product attributes: code => [id, backend_type, frontend_input, label, is_global, flags, source model].
     * flags: s = searchable, f = filterable, v = visible on front, l = used in listing, o = sortable,
     * u = user defined. Magento's own attributes as a fresh 2.4.4 installs them (input, label, source
     * model; some without a label), plus `warranty`, whose source model is a third party's.
     */
    public const PRODUCT_ATTRIBUTES = [
        'name' => [73, 'varchar', 'text', 'Product Name', 0, 'svlo'],
        'sku' => [74, 'static', 'text', 'SKU', 1, 'sv'],
        'description' => [75, 'text', 'textarea', 'Description', 0, 'sv'],
        'short_description' => [76, 'text', 'textarea', 'Short Description', 0, 'sv'],
        'price' => [77, 'decimal', 'price', 'Price', 2, 'fvlo'],
        'special_price' => [78, 'decimal', 'price', 'Special Price', 2, 'l'],
        'special_from_date' => [79, 'datetime', 'date', 'Special Price From Date', 2, 'l'],
        'special_to_date' => [80, 'datetime', 'date', 'Special Price To Date', 2, 'l'],
        'weight' => [82, 'decimal', 'weight', 'Weight', 1, ''],
        'meta_title' => [84, 'varchar', 'text', 'Meta Title', 0, ''],
        'meta_keyword' => [85, 'text', 'textarea', 'Meta Keywords', 0, ''],
        'meta_description' => [86, 'varchar', 'textarea', 'Meta Description', 0, ''],
        'image' => [87, 'varchar', 'media_image', 'Base', 0, 'l'],
        'small_image' => [88, 'varchar', 'media_image', 'Small', 0, 'l'],
        'thumbnail' => [89, 'varchar', 'media_image', 'Thumbnail', 0, 'l'],
        'media_gallery' => [90, 'varchar', 'gallery', 'Media Gallery', 1, ''],
        'color' => [93, 'int', 'select', 'Color', 1, 'sfvlu'],
        'old_id' => [91, 'int', 'text', null, 1, ''],
        'status' => [97, 'int', 'select', 'Enable Product', 2, 'l', 'Magento\\Catalog\\Model\\Product\\Attribute\\Source\\Status'],
        'visibility' => [99, 'int', 'select', 'Visibility', 0, '', 'Magento\\Catalog\\Model\\Product\\Visibility'],
        'url_key' => [121, 'varchar', 'text', 'URL Key', 0, 'l'],
        'size' => [130, 'int', 'select', 'Size', 1, 'sfvlu'],
        'material' => [131, 'varchar', 'multiselect', 'Material', 1, 'sfvu'],
        'is_eco' => [132, 'int', 'boolean', 'Eco Friendly', 1, 'fvu'],
        'release_date' => [133, 'datetime', 'date', 'Release Date', 1, 'vou'],
        'brand' => [134, 'int', 'select', 'Brand', 1, 'sfvlou'],
        'tax_class_id' => [135, 'int', 'select', 'Tax Class', 2, '', 'Magento\\Tax\\Model\\TaxClass\\Source\\Product'],
        'swatch_image' => [136, 'varchar', 'media_image', 'Swatch', 0, 'l'],
        'gift_message_available' => [140, 'varchar', 'select', 'Allow Gift Message', 1, '', 'Magento\\Catalog\\Model\\Product\\Attribute\\Source\\Boolean'],
        'msrp_display_actual_price_type' => [141, 'varchar', 'select', 'Display Actual Price', 2, '', 'Magento\\Msrp\\Model\\Product\\Attribute\\Source\\Type\\Price'],
        'page_layout' => [142, 'varchar', 'select', 'Layout', 0, '', 'Magento\\Catalog\\Model\\Product\\Attribute\\Source\\Layout'],
        'options_container' => [143, 'varchar', 'select', 'Display Product Options In', 0, '', 'Magento\\Catalog\\Model\\Entity\\Product\\Attribute\\Design\\Options\\Container'],
        'custom_design' => [144, 'varchar', 'select', 'New Theme', 0, '', 'Magento\\Theme\\Model\\Theme\\Source\\Theme'],
        'country_of_manufacture' => [145, 'varchar', 'select', 'Country of Manufacture', 2, 'v', 'Magento\\Catalog\\Model\\Product\\Attribute\\Source\\Countryofmanufacture'],
        'quantity_and_stock_status' => [146, 'int', 'select', 'Quantity', 1, '', 'Magento\\CatalogInventory\\Model\\Source\\Stock'],
        'links_exist' => [147, 'int', null, null, 1, ''],
        'price_type' => [148, 'int', 'boolean', 'Dynamic Price', 1, 'l'],
        'sku_type' => [149, 'int', 'boolean', 'Dynamic SKU', 1, ''],
        'weight_type' => [150, 'int', 'boolean', 'Dynamic Weight', 1, 'l'],
        'price_view' => [151, 'int', 'select', 'Price View', 1, 'l', 'Magento\\Bundle\\Model\\Product\\Attribute\\Source\\Price\\View'],
        'shipment_type' => [152, 'int', 'select', 'Ship Bundle Items', 1, 'l', 'Magento\\Bundle\\Model\\Product\\Attribute\\Source\\Shipment\\Type'],
        'warranty' => [153, 'int', 'select', 'Warranty', 1, 'vu', 'Vendor\\Warranty\\Model\\Source\\Years'],
    ];
    public const CATEGORY_ATTRIBUTES = [
        'name' => [45, 'varchar', 'text', 'Name', 0], 'is_active' => [46, 'int', 'select', 'Is Active', 0],
        'description' => [47, 'text', 'textarea', 'Description', 0], 'image' => [48, 'varchar', 'image', 'Image', 0],
        'meta_title' => [49, 'varchar', 'text', 'Meta Title', 0], 'url_key' => [52, 'varchar', 'text', 'URL Key', 0],
        'url_path' => [53, 'varchar', 'text', 'URL Path', 0],
    ];

    private \PDO $pdo;
    private int $products;
    private int $websites;
    private int $storeViews;
    private int $seed;
    private bool $staging;
    private bool $plantedErrors;
    private string $link;
    /** @var array<string, array<int, int>> attribute code => option index => option id */
    private array $optionIds = [];

    public function __construct(\PDO $pdo, int $products, int $websites = 2, int $storeViews = 3, int $seed = 42, bool $staging = false, bool $plantedErrors = false)
    {
        if ($products < 1 || $websites < 1 || $websites > count(self::WEBSITES) || $storeViews < $websites || $storeViews > count(self::STORE_VIEWS)) {
            throw new \InvalidArgumentException(sprintf('need products >= 1, 1 <= websites <= %d, websites <= store views <= %d',
                count(self::WEBSITES), count(self::STORE_VIEWS)));
        }
        [$this->pdo, $this->products, $this->websites, $this->storeViews, $this->seed, $this->staging, $this->plantedErrors] =
            [$pdo, $products, $websites, $storeViews, $seed, $staging, $plantedErrors];
        $this->link = $staging ? 'row_id' : 'entity_id';
    }

    /** Creates the schema and the catalog; returns row counts per table. */
    public function generate(): array
    {
        MagentoSchema::install($this->pdo, $this->staging);
        // explicit id 0 rows (admin website/store, NOT LOGGED IN group), as Magento's installer writes them
        $this->pdo->exec("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO'), unique_checks = 0");
        $this->stores();
        $this->attributes();
        $this->categories();
        $this->products();
        // loaded as an import does, with the checks off; from here on deletes cascade as in Magento
        $this->pdo->exec('SET FOREIGN_KEY_CHECKS = 1');
        $counts = [];
        foreach (MagentoSchema::tables($this->staging) as $table) {
            // statistics as a live store has them: right after a bulk load InnoDB's are stale until its
            // background recount, and the readers' join order depends on them (a 100k price sync ran
            // at half speed with stale ones)
            $this->pdo->query("ANALYZE TABLE $table")->fetchAll();
            $counts[$table] = (int) $this->pdo->query("SELECT COUNT(*) FROM $table")->fetchColumn();
        }
        return $counts;
    }

    /** Website index (0-based) of store view k: the first view alone on the main website, the rest spread. */
    public function websiteOf(int $k): int
    {
        return ($k === 0 || $this->websites === 1) ? 0 : 1 + ($k - 1) % ($this->websites - 1);
    }

    private function exec(string $sql, array $params = []): void
    {
        $st = $this->pdo->prepare($sql);
        $st->execute($params);
    }

    /** `CRC32(seed:row:purpose)`: a deterministic pseudo-random number per row and purpose. */
    private function h(string $purpose, string $row = 'seq'): string
    {
        return "CRC32(CONCAT('{$this->seed}:', $row, ':$purpose'))";
    }

    private function lang(int $k): string
    {
        return substr(self::STORE_VIEWS[$k][2], 0, 2);
    }

    private function stores(): void
    {
        $this->exec("INSERT INTO store_website (website_id, code, name, sort_order, default_group_id, is_default) VALUES (0, 'admin', 'Admin', 0, 0, 0)");
        $this->exec("INSERT INTO store_group (group_id, website_id, name, root_category_id, default_store_id, code) VALUES (0, 0, 'Default', 0, 0, 'default')");
        $this->exec("INSERT INTO store (store_id, code, website_id, group_id, name, sort_order, is_active) VALUES (0, 'admin', 0, 0, 'Admin', 0, 1)");
        $this->exec("INSERT INTO core_config_data (scope, scope_id, path, value) VALUES ('default', 0, 'catalog/price/scope', '1'), ('default', 0, 'currency/options/base', 'USD'), ('default', 0, 'general/locale/code', 'en_US'),
            ('default', 0, 'cataloginventory/options/stock_threshold_qty', '5')");
        for ($w = 0; $w < $this->websites; $w++) {
            [$code, $name, $currency, $rate] = self::WEBSITES[$w];
            $id = $w + 1;
            $this->exec('INSERT INTO store_website (website_id, code, name, sort_order, default_group_id, is_default) VALUES (?, ?, ?, ?, ?, ?)', [$id, $code, $name, $w, $id, $w === 0 ? 1 : 0]);
            $this->exec('INSERT INTO store_group (group_id, website_id, name, root_category_id, default_store_id, code) VALUES (?, ?, ?, 2, 0, ?)', [$id, $id, "$name Store", "{$code}_store"]);
            $this->exec("INSERT INTO core_config_data (scope, scope_id, path, value) VALUES ('websites', ?, 'currency/options/base', ?)", [$id, $currency]);
            // what tier prices for all websites (stored in USD) are converted with
            $this->exec("INSERT INTO directory_currency_rate (currency_from, currency_to, rate) VALUES ('USD', ?, ?)", [$currency, $rate]);
        }
        for ($k = 0; $k < $this->storeViews; $k++) {
            [$code, $name, $locale] = self::STORE_VIEWS[$k];
            $website = $this->websiteOf($k) + 1;
            $this->exec('INSERT INTO store (store_id, code, website_id, group_id, name, sort_order, is_active) VALUES (?, ?, ?, ?, ?, ?, 1)', [$k + 1, $code, $website, $website, $name, $k]);
            $this->exec("INSERT INTO core_config_data (scope, scope_id, path, value) VALUES ('stores', ?, 'general/locale/code', ?)", [$k + 1, $locale]);
            $this->exec('UPDATE store_group SET default_store_id = ? WHERE group_id = ? AND default_store_id = 0', [$k + 1, $website]);
        }
        foreach (self::GROUPS as $id => $code) {
            $this->exec('INSERT INTO customer_group (customer_group_id, customer_group_code, tax_class_id) VALUES (?, ?, 3)', [$id, $code]);
        }
    }

    private function attributes(): void
    {
        $this->exec("INSERT INTO eav_entity_type (entity_type_id, entity_type_code, entity_model, entity_table, default_attribute_set_id) VALUES
            (3, 'catalog_category', 'Magento\\\\Catalog\\\\Model\\\\ResourceModel\\\\Category', 'catalog_category_entity', 3),
            (4, 'catalog_product', 'Magento\\\\Catalog\\\\Model\\\\ResourceModel\\\\Product', 'catalog_product_entity', 4)");
        $this->exec("INSERT INTO eav_attribute_set (attribute_set_id, entity_type_id, attribute_set_name) VALUES (3, 3, 'Default'), (4, 4, 'Default'), (9, 4, 'Apparel')");
        foreach (self::CATEGORY_ATTRIBUTES as $code => [$id, $backend, $input, $label, $global]) {
            $this->exec('INSERT INTO eav_attribute (attribute_id, entity_type_id, attribute_code, backend_type, frontend_input, frontend_label) VALUES (?, 3, ?, ?, ?, ?)', [$id, $code, $backend, $input, $label]);
            $this->exec('INSERT INTO catalog_eav_attribute (attribute_id, is_global) VALUES (?, ?)', [$id, $global]);
        }
        foreach (self::PRODUCT_ATTRIBUTES as $code => [$id, $backend, $input, $label, $global, $flags]) {
            $has = static fn (string $f): int => (int) str_contains($flags, $f);
            $this->exec('INSERT INTO eav_attribute (attribute_id, entity_type_id, attribute_code, backend_type, frontend_input, frontend_label, is_user_defined, source_model) VALUES (?, 4, ?, ?, ?, ?, ?, ?)',
                [$id, $code, $backend, $input, $label, $has('u'), self::PRODUCT_ATTRIBUTES[$code][6] ?? null]);
            $swatch = ['color' => '{"swatch_input_type":"visual"}', 'size' => '{"swatch_input_type":"text"}'][$code] ?? null;
            $this->exec('INSERT INTO catalog_eav_attribute (attribute_id, is_global, is_searchable, is_filterable, is_visible_on_front, used_in_product_listing, used_for_sort_by, is_comparable, search_weight, additional_data, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                [$id, $global, $has('s'), $has('f'), $has('v'), $has('l'), $has('o'), $has('f'), $code === 'name' ? 5 : ($code === 'sku' ? 6 : 1), $swatch, $id]);
        }
        // where source models read their options, as a fresh install has them
        $this->exec("INSERT INTO tax_class (class_id, class_name, class_type) VALUES (2, 'Taxable Goods', 'PRODUCT'), (3, 'Retail Customer', 'CUSTOMER')");
        $this->exec("INSERT INTO theme (theme_id, parent_id, theme_path, theme_title, area, type, code) VALUES
            (1, NULL, 'Magento/blank', 'Magento Blank', 'frontend', 0, 'Magento/blank'), (2, 1, 'Magento/luma', 'Magento Luma', 'frontend', 0, 'Magento/luma'),
            (3, NULL, 'Magento/backend', 'Magento 2 backend', 'adminhtml', 0, 'Magento/backend')");
        // translated attribute labels
        for ($k = 1; $k < $this->storeViews; $k++) {
            $translated = ['de' => ['color' => 'Farbe', 'size' => 'Größe', 'material' => 'Material', 'brand' => 'Marke', 'name' => 'Produktname'],
                'fr' => ['color' => 'Couleur', 'size' => 'Taille', 'material' => 'Matière', 'brand' => 'Marque', 'name' => 'Nom du produit']][$this->lang($k)] ?? [];
            foreach ($translated as $code => $label) {
                $this->exec('INSERT INTO eav_attribute_label (attribute_id, store_id, value) VALUES (?, ?, ?)', [self::PRODUCT_ATTRIBUTES[$code][0], $k + 1, $label]);
            }
        }
        foreach (self::OPTIONS as $code => $options) {
            foreach ($options as $i => [$admin, $labels, $swatch]) {
                $attributeId = self::PRODUCT_ATTRIBUTES[$code][0];
                $this->exec('INSERT INTO eav_attribute_option (attribute_id, sort_order) VALUES (?, ?)', [$attributeId, $i]);
                $optionId = (int) $this->pdo->lastInsertId();
                $this->optionIds[$code][$i] = $optionId;
                $this->exec('INSERT INTO eav_attribute_option_value (option_id, store_id, value) VALUES (?, 0, ?)', [$optionId, $admin]);
                for ($k = 0; $k < $this->storeViews; $k++) {
                    if (isset($labels[$this->lang($k)])) {
                        $this->exec('INSERT INTO eav_attribute_option_value (option_id, store_id, value) VALUES (?, ?, ?)', [$optionId, $k + 1, $labels[$this->lang($k)]]);
                    }
                }
                if ($swatch !== null && $code !== 'material' && $code !== 'brand') {
                    $this->exec('INSERT INTO eav_attribute_option_swatch (option_id, store_id, type, value) VALUES (?, 0, ?, ?)', [$optionId, $code === 'color' ? 1 : 0, $swatch]);
                }
            }
        }
    }

    /** Root 1, default category 2, three top categories (the last inactive), three children each; names and URL keys per locale. */
    private function categories(): void
    {
        $rows = [[1, 0, '1', 0, 0, 'Root Catalog'], [2, 1, '1/2', 1, 1, 'Default Category']];
        $id = 3;
        for ($top = 0; $top < 3; $top++) {
            $topId = $id++;
            $rows[] = [$topId, 2, "1/2/$topId", 2, $top, ['top', $top]];
            for ($child = 0; $child < 3; $child++) {
                $rows[] = [$id, $topId, "1/2/$topId/$id", 3, $child, ['child', $child, $top]];
                $id++;
            }
        }
        $nameIn = function ($spec, string $lang): string {
            if (is_string($spec)) {
                return $spec;
            }
            $words = self::WORDS[$lang][2];
            return $spec[0] === 'top' ? $words[$spec[1]] : $words[3 + $spec[1]];
        };
        $slug = static fn (string $s): string => trim((string) preg_replace('/[^a-z0-9]+/', '-', strtolower(
            (string) iconv('UTF-8', 'ASCII//TRANSLIT', $s))), '-');
        $paths = [];
        foreach ($rows as [$entityId, $parent, $path, $level, $position, $spec]) {
            if ($this->staging) {
                $this->exec('INSERT INTO sequence_catalog_category (sequence_value) VALUES (?)', [$entityId]);
                $this->exec('INSERT INTO catalog_category_entity (row_id, entity_id, attribute_set_id, parent_id, path, position, level, children_count) VALUES (?, ?, 3, ?, ?, ?, ?, 0)', [$entityId, $entityId, $parent, $path, $position, $level]);
            } else {
                $this->exec('INSERT INTO catalog_category_entity (entity_id, attribute_set_id, parent_id, path, position, level, children_count) VALUES (?, 3, ?, ?, ?, ?, 0)', [$entityId, $parent, $path, $position, $level]);
            }
            $value = function (string $table, string $code, int $store, $v) use ($entityId): void {
                $this->exec("INSERT INTO catalog_category_entity_$table (attribute_id, store_id, {$this->link}, value) VALUES (?, ?, ?, ?)", [self::CATEGORY_ATTRIBUTES[$code][0], $store, $entityId, $v]);
            };
            $value('varchar', 'name', 0, $nameIn($spec, 'en'));
            // The last top category is switched off while its children stay on (a "Collections" parent
            // whose pages a merchant parked): the branch is not exported, nor routes into it.
            $value('int', 'is_active', 0, $spec === ['top', 2] ? 0 : 1);
            if ($level < 2) {
                continue;
            }
            $value('text', 'description', 0, 'All ' . $nameIn($spec, 'en'));
            $value('varchar', 'image', 0, "/category/$entityId.jpg");
            $value('varchar', 'meta_title', 0, $nameIn($spec, 'en'));
            foreach (array_merge([0], range(1, $this->storeViews - 1)) as $k) {
                $lang = $this->lang($k);
                $key = $slug($nameIn($spec, $lang)) . ($level === 3 ? '-' . $slug($nameIn(['top', $spec[2]], $lang)) : '');
                $store = $k === 0 ? 0 : $k + 1;
                if ($k > 0 && $lang === 'en') {
                    continue;
                }
                $urlPath = ($level === 3 ? $paths[$parent][$store] ?? $paths[$parent][0] : null);
                $urlPath = ($urlPath === null ? '' : "$urlPath/") . $key;
                $paths[$entityId][$store] = $urlPath;
                if ($k > 0) {
                    $value('varchar', 'name', $store, $nameIn($spec, $lang));
                }
                $value('varchar', 'url_key', $store, $key);
                $value('varchar', 'url_path', $store, $urlPath);
            }
        }
    }

    private function products(): void
    {
        $p = $this->products;
        $slot = '((seq - 1) % 10)';
        $isBundle = "((seq - 1) % 50 = 5 AND seq + 3 <= $p)";
        // every other bundle has a dynamic price, SKU and weight (from its items: no price or weight of its own)
        $isDynamic = "($isBundle AND (seq - 1) % 100 = 5)";
        $type = "IF($slot = 0, 'configurable', IF($isBundle, 'bundle', 'simple'))";
        $isVariant = "($slot BETWEEN 1 AND 4)";
        $parent = "(seq - $slot)";
        // the family member that decides shared looks: a variant follows its configurable
        $base = "IF($isVariant, $parent, seq)";
        $seqs = "seq_1_to_$p";

        if ($this->staging) {
            $this->pdo->exec("INSERT INTO sequence_product (sequence_value) SELECT seq FROM $seqs");
            $this->pdo->exec("INSERT INTO catalog_product_entity (row_id, entity_id, attribute_set_id, type_id, sku, has_options, required_options)
                SELECT seq, seq, IF($slot < 5, 9, 4), $type, CONCAT('SKU-', LPAD(seq, 7, '0')), $slot = 0, $slot = 0 FROM $seqs");
        } else {
            $this->pdo->exec("INSERT INTO catalog_product_entity (entity_id, attribute_set_id, type_id, sku, has_options, required_options)
                SELECT seq, IF($slot < 5, 9, 4), $type, CONCAT('SKU-', LPAD(seq, 7, '0')), $slot = 0, $slot = 0 FROM $seqs");
        }
        if ($this->plantedErrors) {
            // an admin's typo: simple product 20 has simple 19's SKU (19, the lower id, keeps it)
            $this->pdo->exec("UPDATE catalog_product_entity SET sku = 'SKU-0000019' WHERE entity_id = 20");
        }
        $a = static fn (string $code): int => self::PRODUCT_ATTRIBUTES[$code][0];
        $l = $this->link;
        $en = self::WORDS['en'];
        $adj = fn (string $lang): string => "ELT(1 + {$this->h('adj', (string) $base)} % 6, '" . implode("','", array_map('addslashes', self::WORDS[$lang][0])) . "')";
        $noun = fn (string $lang): string => "ELT(1 + {$this->h('noun', (string) $base)} % 6, '" . implode("','", array_map('addslashes', self::WORDS[$lang][1])) . "')";
        // two colours per family (variants 1-2 and 3-4), four sizes: four distinct combinations
        $colorOpt = fn (): string => 'ELT(1 + (' . $this->h('color', (string) $base) . " + ($slot - 1) DIV 2) % 6, " . implode(',', $this->optionIds['color']) . ')';
        $sizeOpt = 'ELT(1 + (' . $slot . " - 1) % 5, " . implode(',', $this->optionIds['size']) . ')';
        $nameExpr = fn (string $lang): string => "CONCAT({$adj($lang)}, ' ', {$noun($lang)}, ' ', $base, IF($isVariant, CONCAT('-', $slot), ''))";
        $urlKeyExpr = fn (string $lang): string => "LOWER(REPLACE(REPLACE(CONCAT({$adj($lang)}, '-', {$noun($lang)}, '-', seq), ' ', '-'), 'é', 'e'))";
        $price = "ROUND(9 + {$this->h('price', (string) $base)} % 190 + 0.99, 2)";

        $insert = function (string $table, string $code, string $store, string $value, string $where = '1') use ($a, $l, $seqs): void {
            $this->pdo->exec("INSERT INTO catalog_product_entity_$table (attribute_id, store_id, $l, value) SELECT {$a($code)}, $store, seq, $value FROM $seqs WHERE $where");
        };
        $insert('varchar', 'name', '0', $nameExpr('en'));
        $insert('varchar', 'url_key', '0', $urlKeyExpr('en'));
        $insert('text', 'description', '0', "CONCAT('<p>', {$nameExpr('en')}, ': " . addslashes($en[3]) . "</p>')");
        $insert('text', 'short_description', '0', "'" . addslashes($en[3]) . "'", "NOT $isVariant");
        $insert('varchar', 'meta_title', '0', $nameExpr('en'), "NOT $isVariant");
        $insert('text', 'meta_keyword', '0', "CONCAT(LOWER({$noun('en')}), ', ', LOWER({$adj('en')}), '\\n', 'sample')", "NOT $isVariant");
        $insert('varchar', 'meta_description', '0', "CONCAT('Buy ', {$nameExpr('en')})", "NOT $isVariant");
        // status: about 3 % disabled (never a whole family), website scope
        $insert('int', 'status', '0', "IF({$this->h('status')} % 33 = 0, 2, 1)");
        // visibility: variants 1; simple mostly 4, some catalog-only, search-only or not visible
        $insert('int', 'visibility', '0', "IF($isVariant, 1, ELT(1 + {$this->h('vis')} % 20, 2, 3, 1, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4))");
        // tax class 2 is also a colour's option id: labels are per attribute
        $insert('int', 'tax_class_id', '0', "IF({$this->h('tax')} % 10 = 0, 0, 2)", "$slot <> 0");
        $insert('decimal', 'price', '0', $price, "$slot <> 0 AND NOT $isDynamic");
        $insert('decimal', 'weight', '0', "ROUND(0.1 + {$this->h('weight')} % 490 / 100, 2)", "$slot <> 0 AND NOT $isDynamic");
        // bundles: the flags Magento stores as 0 = dynamic, price view and shipment
        foreach (['price_type', 'sku_type', 'weight_type', 'price_view', 'shipment_type'] as $code) {
            $insert('int', $code, '0', "IF($isDynamic, 0, 1)", $isBundle);
        }
        // source-model attributes a merchant's products carry
        $insert('varchar', 'options_container', '0', "IF({$this->h('opt')} % 4 = 0, 'container1', 'container2')", "NOT $isVariant");
        $insert('varchar', 'gift_message_available', '0', "ELT(1 + {$this->h('gift')} % 3, '0', '1', '2')", "{$this->h('gift')} % 10 < 3");
        $insert('varchar', 'msrp_display_actual_price_type', '0', "ELT(1 + {$this->h('msrp')} % 4, '0', '1', '2', '3')", "{$this->h('msrp')} % 10 < 2");
        $insert('varchar', 'page_layout', '0', "ELT(1 + {$this->h('layout')} % 3, '1column', '2columns-left', 'product-full-width')", "{$this->h('layout')} % 10 = 0");
        $insert('varchar', 'custom_design', '0', "'2'", "{$this->h('design')} % 20 = 0");
        $insert('varchar', 'country_of_manufacture', '0', "ELT(1 + {$this->h('country')} % 5, 'US', 'DE', 'CN', 'IT', 'FR')", "{$this->h('country')} % 10 < 3 AND NOT $isVariant");
        $insert('int', 'warranty', '0', "ELT(1 + {$this->h('warranty')} % 3, 12, 24, 36)", "{$this->h('warranty')} % 10 = 0");
        // special price on 10 %: a third active, a third expired, a third not yet started
        $special = "{$this->h('special')} % 10 = 0 AND $slot <> 0";
        $insert('decimal', 'special_price', '0', "ROUND($price * 0.8, 2)", $special);
        $insert('datetime', 'special_from_date', '0', "ELT(1 + {$this->h('sdate')} % 3, '2020-01-01 00:00:00', '2020-01-01 00:00:00', '2098-01-01 00:00:00')", $special);
        $insert('datetime', 'special_to_date', '0', "'2020-12-31 00:00:00'", "$special AND {$this->h('sdate')} % 3 = 1");
        $insert('int', 'color', '0', $colorOpt(), $isVariant);
        $insert('int', 'size', '0', $sizeOpt, $isVariant);
        $insert('varchar', 'material', '0', "CONCAT_WS(',', ELT(1 + {$this->h('mat1')} % 5, " . implode(',', $this->optionIds['material']) . "), IF({$this->h('mat2')} % 2 = 0, " . $this->optionIds['material'][4] . ', NULL))', "{$this->h('mat')} % 10 < 3 AND NOT $isVariant");
        $insert('int', 'brand', '0', 'ELT(1 + ' . $this->h('brand', (string) $base) . ' % 4, ' . implode(',', $this->optionIds['brand']) . ')');
        $insert('int', 'is_eco', '0', "IF({$this->h('eco')} % 3 = 0, 1, 0)", "{$this->h('eco')} % 10 < 3");
        $insert('datetime', 'release_date', '0', "DATE_ADD('2024-01-01', INTERVAL {$this->h('rel')} % 700 DAY)", "{$this->h('rel')} % 10 < 3 AND NOT $isVariant");
        foreach (['image', 'small_image', 'thumbnail'] as $role) {
            $insert('varchar', $role, '0', "CONCAT('/s/k/sku-', seq, '.jpg')");
        }
        $insert('varchar', 'swatch_image', '0', "CONCAT('/s/k/sku-', seq, '-swatch.jpg')", $isVariant);

        // translated store views: name, url key, description; website prices in the website's currency
        for ($k = 1; $k < $this->storeViews; $k++) {
            $store = (string) ($k + 1);
            $lang = $this->lang($k);
            if ($lang !== 'en') {
                $insert('varchar', 'name', $store, $nameExpr($lang));
                $insert('varchar', 'url_key', $store, $urlKeyExpr($lang));
                $insert('text', 'description', $store, "CONCAT('<p>', {$nameExpr($lang)}, ': " . addslashes(self::WORDS[$lang][3]) . "</p>')");
            }
            if ($this->websiteOf($k) > 0) {
                $rate = self::WEBSITES[$this->websiteOf($k)][3];
                $insert('decimal', 'price', $store, "ROUND($price * $rate, 2)", "$slot <> 0");
            }
        }

        // websites: all in the first; 90 % in the second; half in the others (families stay together)
        $this->pdo->exec("INSERT INTO catalog_product_website (product_id, website_id) SELECT seq, 1 FROM $seqs");
        for ($w = 1; $w < $this->websites; $w++) {
            $share = $w === 1 ? 9 : 5;
            $this->pdo->exec("INSERT INTO catalog_product_website (product_id, website_id) SELECT seq, " . ($w + 1) . " FROM $seqs WHERE {$this->h("web$w", (string) $base)} % 10 < $share");
        }

        // configurables: color + size axes, four children
        $parents = "$seqs WHERE $slot = 0";
        $this->pdo->exec("INSERT INTO catalog_product_super_attribute (product_id, attribute_id, position) SELECT seq, {$a('color')}, 0 FROM $parents");
        $this->pdo->exec("INSERT INTO catalog_product_super_attribute (product_id, attribute_id, position) SELECT seq, {$a('size')}, 1 FROM $parents");
        $this->pdo->exec("INSERT INTO catalog_product_super_link (product_id, parent_id) SELECT seq, $parent FROM $seqs WHERE $isVariant");
        $this->pdo->exec("INSERT INTO catalog_product_relation (parent_id, child_id) SELECT $parent, seq FROM $seqs WHERE $isVariant");
        // bundles: a required "Top" (select) of the next two products, an optional "Extras" (checkbox) of the third
        $bundles = "$seqs WHERE $isBundle";
        $this->pdo->exec("INSERT INTO catalog_product_bundle_option (option_id, parent_id, required, position, type) SELECT seq * 2, seq, 1, 1, 'select' FROM $bundles");
        $this->pdo->exec("INSERT INTO catalog_product_bundle_option (option_id, parent_id, required, position, type) SELECT seq * 2 + 1, seq, 0, 2, 'checkbox' FROM $bundles");
        $this->pdo->exec("INSERT INTO catalog_product_bundle_option_value (option_id, store_id, title, parent_product_id) SELECT seq * 2, 0, 'Top', seq FROM $bundles");
        $this->pdo->exec("INSERT INTO catalog_product_bundle_option_value (option_id, store_id, title, parent_product_id) SELECT seq * 2 + 1, 0, 'Extras', seq FROM $bundles");
        if ($this->storeViews > 1 && $this->lang(1) === 'de') {
            $this->pdo->exec("INSERT INTO catalog_product_bundle_option_value (option_id, store_id, title, parent_product_id) SELECT seq * 2 + 1, 2, 'Extras (de)', seq FROM $bundles");
        }
        foreach ([[1, 0, 1, 1], [2, 0, 2, 0], [3, 1, 1, 0]] as [$offset, $option, $position, $default]) {
            $this->pdo->exec("INSERT INTO catalog_product_bundle_selection (option_id, parent_product_id, product_id, position, is_default, selection_qty, selection_can_change_qty)
                SELECT seq * 2 + $option, seq, seq + $offset, $position, $default, 1, $option FROM $bundles");
            $this->pdo->exec("INSERT INTO catalog_product_relation (parent_id, child_id) SELECT seq, seq + $offset FROM $bundles");
        }
        // related / up-sell / cross-sell between simple products of neighbouring families
        $this->exec("INSERT INTO catalog_product_link_type (link_type_id, code) VALUES (1, 'relation'), (3, 'super'), (4, 'up_sell'), (5, 'cross_sell')");
        $this->pdo->exec("INSERT INTO catalog_product_link (product_id, linked_product_id, link_type_id) SELECT seq, seq + 10, 1 + 3 * ({$this->h('lt')} % 2) FROM $seqs WHERE $slot = 5 AND seq + 10 <= $p");

        // categories: every non-variant product in one leaf (4..14) and its parent
        $leaf = "(4 + 4 * ({$this->h('cat', (string) $base)} % 3) + {$this->h('leaf', (string) $base)} % 3)";
        $this->pdo->exec("INSERT INTO catalog_category_product (category_id, product_id, position) SELECT $leaf, seq, seq % 100 FROM $seqs WHERE NOT $isVariant");
        $this->pdo->exec("INSERT INTO catalog_category_product (category_id, product_id, position) SELECT 3 + 4 * ({$this->h('cat', (string) $base)} % 3), seq, seq % 100 FROM $seqs WHERE NOT $isVariant");

        // stock: about 2 % out of stock
        $this->pdo->exec("INSERT INTO cataloginventory_stock_item (product_id, stock_id, qty, is_in_stock, manage_stock, website_id)
            SELECT seq, 1, IF({$this->h('stock')} % 50 = 0, 0, {$this->h('qty')} % 500 + 1), IF({$this->h('stock')} % 50 = 0, 0, 1), 1, 0 FROM $seqs");

        // images: one gallery entry per product
        $this->pdo->exec("INSERT INTO catalog_product_entity_media_gallery (value_id, attribute_id, value, media_type, disabled) SELECT seq, {$a('media_gallery')}, CONCAT('/s/k/sku-', seq, '.jpg'), 'image', 0 FROM $seqs");
        $this->pdo->exec("INSERT INTO catalog_product_entity_media_gallery_value (value_id, store_id, $l, label, position, disabled) SELECT seq, 0, seq, 'Front view', 1, 0 FROM $seqs");
        $this->pdo->exec("INSERT INTO catalog_product_entity_media_gallery_value_to_entity (value_id, $l) SELECT seq, seq FROM $seqs");

        // tier prices: 10 % all groups (qty 5 fixed, qty 10 percent), 5 % a wholesale group price (qty 1);
        // all for all websites, so in USD: the other websites get them converted at their rate
        $tiered = "{$this->h('tier')} % 10 = 0 AND $slot <> 0";
        $this->pdo->exec("INSERT INTO catalog_product_entity_tier_price ($l, all_groups, customer_group_id, qty, value, website_id, percentage_value) SELECT seq, 1, 0, 5, ROUND($price * 0.9, 2), 0, NULL FROM $seqs WHERE $tiered");
        $this->pdo->exec("INSERT INTO catalog_product_entity_tier_price ($l, all_groups, customer_group_id, qty, value, website_id, percentage_value) SELECT seq, 1, 0, 10, 0, 0, 15 FROM $seqs WHERE $tiered");
        $this->pdo->exec("INSERT INTO catalog_product_entity_tier_price ($l, all_groups, customer_group_id, qty, value, website_id, percentage_value) SELECT seq, 0, 2, 1, ROUND($price * 0.85, 2), 0, NULL FROM $seqs WHERE {$this->h('group')} % 20 = 0 AND $slot <> 0");

        // URL rewrites of visible products per store view
        for ($k = 0; $k < $this->storeViews; $k++) {
            $store = $k + 1;
            $this->pdo->exec("INSERT INTO url_rewrite (entity_type, entity_id, request_path, target_path, store_id, is_autogenerated)
                SELECT 'product', seq, CONCAT(COALESCE(s.value, d.value), '.html'), CONCAT('catalog/product/view/id/', seq), $store, 1
                FROM $seqs JOIN catalog_product_entity_varchar d ON d.$l = seq AND d.attribute_id = {$a('url_key')} AND d.store_id = 0
                LEFT JOIN catalog_product_entity_varchar s ON s.$l = seq AND s.attribute_id = {$a('url_key')} AND s.store_id = $store
                WHERE NOT $isVariant");
        }

        if ($this->staging) {
            $this->scheduledVersions();
        }
    }

    /**
     * Staging: every 100th product also has a scheduled future version (its own row_id, renamed), and
     * its current version ends when that one starts. Readers must pick the version live now.
     */
    private function scheduledVersions(): void
    {
        $start = 4102444800; // 2100-01-01
        $p = $this->products;
        $this->pdo->exec("UPDATE catalog_product_entity SET updated_in = $start WHERE entity_id % 100 = 0");
        $this->pdo->exec("INSERT INTO catalog_product_entity (row_id, entity_id, created_in, updated_in, attribute_set_id, type_id, sku)
            SELECT $p + entity_id, entity_id, $start, " . MagentoSchema::MAX_VERSION . ", attribute_set_id, type_id, sku FROM catalog_product_entity WHERE entity_id % 100 = 0 AND row_id = entity_id");
        foreach (['varchar', 'int', 'decimal', 'text', 'datetime'] as $table) {
            $this->pdo->exec("INSERT INTO catalog_product_entity_$table (attribute_id, store_id, row_id, value)
                SELECT attribute_id, store_id, $p + row_id, value FROM catalog_product_entity_$table WHERE row_id % 100 = 0 AND row_id <= $p");
        }
        $this->pdo->exec("UPDATE catalog_product_entity_varchar SET value = CONCAT(value, ' (scheduled)') WHERE row_id > $p AND attribute_id = " . self::PRODUCT_ATTRIBUTES['name'][0]);
    }
}
