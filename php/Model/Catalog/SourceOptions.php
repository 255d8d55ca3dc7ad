<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Catalog;

/**
 * Options of the product attributes whose values are not `eav_attribute_option` ids but come from a
 * source model (`eav_attribute.source_model`): tax classes, bundle price view, countries, page
 * layouts… Each source Magento 2.4 installs is read here the way its getAllOptions() builds it
 * (Magento 2.4.4's classes named below); their labels are Magento's untranslated (en_US) phrases,
 * except country names, which are in each store view's locale as Magento shows them.
 *
 * A select or multiselect with any other source model cannot be resolved without running Magento:
 * its values are sent as stored, with one warning per run.
 */
class SourceOptions
{
    /** Magento's default for select and multiselect (also what a NULL source model means). */
    private const TABLE = 'Magento\Eav\Model\Entity\Attribute\Source\Table';
    private const TAX_CLASSES = 'Magento\Tax\Model\TaxClass\Source\Product';
    private const COUNTRIES = 'Magento\Catalog\Model\Product\Attribute\Source\Countryofmanufacture';
    private const THEMES = 'Magento\Theme\Model\Theme\Source\Theme';

    /** Sources with fixed options: class => value => label, in Magento's order. */
    private const FIXED = [
        'Magento\Catalog\Model\Product\Attribute\Source\Status' => [1 => 'Enabled', 2 => 'Disabled'],
        'Magento\Catalog\Model\Product\Visibility' => [1 => 'Not Visible Individually', 2 => 'Catalog', 3 => 'Search', 4 => 'Catalog, Search'],
        'Magento\CatalogInventory\Model\Source\Stock' => [1 => 'In Stock', 0 => 'Out of Stock'],
        'Magento\Eav\Model\Entity\Attribute\Source\Boolean' => [1 => 'Yes', 0 => 'No'],
        'Magento\Catalog\Model\Product\Attribute\Source\Boolean' => [1 => 'Yes', 0 => 'No', 2 => 'Use config'],
        'Magento\Bundle\Model\Product\Attribute\Source\Price\View' => [0 => 'Price Range', 1 => 'As Low as'],
        'Magento\Bundle\Model\Product\Attribute\Source\Shipment\Type' => [0 => 'Together', 1 => 'Separately'],
        'Magento\Msrp\Model\Product\Attribute\Source\Type\Price' => [0 => 'Use config', 1 => 'On Gesture', 2 => 'In Cart', 3 => 'Before Order Confirmation'],
        // page layouts of Magento_Theme's layouts.xml (a theme may add more: sent as stored)
        'Magento\Catalog\Model\Product\Attribute\Source\Layout' => ['' => 'No layout updates', 'empty' => 'Empty', '1column' => '1 column',
            '2columns-left' => '2 columns with left bar', '2columns-right' => '2 columns with right bar', '3columns' => '3 columns'],
        // Magento_Catalog's di.xml arguments of the Container source
        'Magento\Catalog\Model\Entity\Product\Attribute\Design\Options\Container' => ['container1' => 'Product Info Column', 'container2' => 'Block after Info Column'],
        // the other values are layout file names, which are their own labels
        'Magento\Catalog\Model\Product\Attribute\Source\LayoutUpdate' => ['__no_update__' => 'No update'],
    ];

    /**
     * The bundle's Dynamic Price / SKU / Weight: booleans without a source model, stored as 0 for
     * dynamic (Bundle\Model\Product\Price::PRICE_TYPE_DYNAMIC), so true/false would read backwards.
     * Sent as selects: Dynamic / Fixed (Magento's product export calls them dynamic / fixed).
     */
    private const BUNDLE_DYNAMIC = ['price_type', 'sku_type', 'weight_type'];
    private const DYNAMIC_OR_FIXED = [0 => 'Dynamic', 1 => 'Fixed'];

    private CatalogSchema $schema;

    public function __construct(CatalogSchema $schema)
    {
        $this->schema = $schema;
    }

    /**
     * @param list<array{0: int|string, 1: string, 2: string, 3: ?string, 4: ?string}> $attributes
     *   id, code, backend_type, frontend_input, source_model
     * @param array<int, string> $locales store view id => locale (country names)
     * @return array{inputs: array<int, string>, options: list<list<int|string>>, sourced: array<int, true>, unresolved: array<int, string>}
     *   inputs: frontend_input overrides by attribute id; options rows (value, attribute_id, store_id,
     *   label, sort_order); sourced: the attributes whose options come from a source model;
     *   unresolved: attribute id => source model, for the selects whose labels cannot be read
     */
    public function resolve(array $attributes, array $locales): array
    {
        $out = ['inputs' => [], 'options' => [], 'sourced' => [], 'unresolved' => []];
        foreach ($attributes as [$id, $code, $backend, $input, $source]) {
            $id = (int) $id;
            $source = ltrim((string) $source, '\\');
            if (in_array($code, self::BUNDLE_DYNAMIC, true) && $source === '') {
                $out['inputs'][$id] = 'select';
                $labels = [0 => self::DYNAMIC_OR_FIXED];
            } elseif ($source === '' || $source === self::TABLE) {
                continue;
            } else {
                $labels = $this->labels($source, $id, $backend, $locales);
            }
            $out['sourced'][$id] = true;
            if ($labels === null) {
                if (in_array($input, ['select', 'multiselect'], true)) {
                    $out['unresolved'][$id] = $source;
                }
                continue;
            }
            foreach ($labels as $store => $byValue) {
                $sort = 0;
                foreach ($byValue as $value => $label) {
                    $out['options'][] = [(string) $value, $id, $store, $label, $sort++];
                }
            }
        }
        return $out;
    }

    /** @return array<int, array<int|string, string>>|null store id => value => label; null: an unknown source */
    private function labels(string $source, int $attribute, string $backend, array $locales): ?array
    {
        switch ($source) {
            case self::TAX_CLASSES:
                return [0 => [0 => 'None'] + ($this->schema->hasModule('Magento_Tax')
                    ? $this->pairs("SELECT class_id, class_name FROM {tax_class} WHERE class_type = 'PRODUCT' ORDER BY class_id") : [])];
            case self::THEMES:
                return [0 => $this->pairs("SELECT theme_id, theme_title FROM {theme} WHERE area = 'frontend' ORDER BY theme_title")];
            case self::COUNTRIES:
                return $this->countries($attribute, $backend, $locales);
            default:
                return isset(self::FIXED[$source]) ? [0 => self::FIXED[$source]] : null;
        }
    }

    /**
     * Names of the countries products use, per store view locale (and en_US for the admin), from
     * ICU as Magento's TranslatedLists does; without ext-intl the codes cannot be named.
     *
     * @param array<int, string> $locales
     * @return array<int, array<string, string>>|null
     */
    private function countries(int $attribute, string $backend, array $locales): ?array
    {
        if (!class_exists(\Locale::class) || !in_array($backend, ['varchar', 'text'], true)) {
            return null;
        }
        $codes = $this->schema->db()->prepare("SELECT DISTINCT value FROM {catalog_product_entity_$backend} WHERE attribute_id = ? AND value <> '' ORDER BY value");
        $codes->execute([$attribute]);
        $codes = $codes->fetchAll(\PDO::FETCH_COLUMN);
        $names = [];
        foreach ([0 => 'en_US'] + $locales as $store => $locale) {
            foreach ($codes as $code) {
                $names[$store][$code] = \Locale::getDisplayRegion("-$code", $locale);
            }
        }
        return $names;
    }

    /** @return array<int|string, string> */
    private function pairs(string $sql): array
    {
        return $this->schema->db()->query($sql)->fetchAll(\PDO::FETCH_KEY_PAIR);
    }
}
