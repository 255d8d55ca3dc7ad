<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Fixtures;

use Magento\Bundle\Api\Data\LinkInterfaceFactory;
use Magento\Bundle\Api\Data\OptionInterfaceFactory;
use Magento\Catalog\Api\CategoryRepositoryInterface;
use Magento\Catalog\Api\Data\CategoryInterfaceFactory;
use Magento\Catalog\Api\Data\ProductInterface;
use Magento\Catalog\Api\Data\ProductInterfaceFactory;
use Magento\Catalog\Api\Data\ProductLinkInterfaceFactory;
use Magento\Catalog\Api\ProductAttributeManagementInterface;
use Magento\Catalog\Api\ProductRepositoryInterface;
use Magento\Catalog\Model\Product\Action as ProductAction;
use Magento\Catalog\Model\ResourceModel\Eav\AttributeFactory;
use Magento\CatalogImportExport\Model\Import\Product as ProductImport;
use Magento\CatalogRule\Api\CatalogRuleRepositoryInterface;
use Magento\CatalogRule\Api\Data\RuleInterfaceFactory;
use Magento\Config\Model\ResourceModel\Config as ConfigWriter;
use Magento\ConfigurableProduct\Helper\Product\Options\Factory as ConfigurableOptions;
use Magento\Directory\Model\Currency;
use Magento\Framework\App\Config\ReinitableConfigInterface;
use Magento\Framework\App\Filesystem\DirectoryList;
use Magento\Framework\Filesystem;
use Magento\Framework\ObjectManagerInterface;
use Magento\ImportExport\Model\Import;
use Magento\ImportExport\Model\Import\ErrorProcessing\ProcessingErrorAggregatorInterface;
use Magento\ImportExport\Model\Import\Source\Csv;
use Magento\Store\Model\GroupFactory;
use Magento\Store\Model\ResourceModel\Group as GroupResource;
use Magento\Store\Model\ResourceModel\Store as StoreResource;
use Magento\Store\Model\ResourceModel\Website as WebsiteResource;
use Magento\Store\Model\StoreFactory;
use Magento\Store\Model\StoreManagerInterface;
use Magento\Store\Model\WebsiteFactory;

/**
 * A small store built only through Magento's services: what a merchant's admin, API and mass actions
 * write, with Magento's own attribute set-up (source models, defaults, attributes without labels).
 *
 * Scopes: website `base` (USD, store views `default` and `french`), website `europe` (EUR, a rate from
 * USD, store view `german`); catalog prices per website. Categories: Gear (active), Collections
 * (inactive) with Summer (active) under it. Products: simple (tiers for all groups and one group, fixed
 * and percent; a special price with dates; a group price), virtual, downloadable, a configurable with a
 * visual swatch axis and two variants, bundles with dynamic and fixed price, grouped; a catalog price
 * rule applied by Magento's indexer. `coreCatalog`: only what a store without the optional modules can
 * make (scopes, categories, simple, virtual, downloadable).
 */
final class CatalogFixture
{
    private const DEFAULT_SET = 4;
    private const ROOT_CATEGORY = 2;
    private const ALL_GROUPS = 32000;

    private ObjectManagerInterface $objects;

    public function __construct(ObjectManagerInterface $objects)
    {
        $this->objects = $objects;
    }

    /**
     * The whole store above.
     *
     * @return array{skus: list<string>, stores: array<string, int>, websites: array<string, int>}
     */
    public function catalog(array $args): array
    {
        return $this->made() ?? $this->withOptionalModules(...$this->core());
    }

    /**
     * What of the store above needs no optional module (Swatches, ConfigurableProduct, Bundle,
     * GroupedProduct, CatalogRule): the scopes, categories, the simple, virtual and downloadable products.
     *
     * @return array{skus: list<string>, stores: array<string, int>, websites: array<string, int>}
     */
    public function coreCatalog(array $args): array
    {
        return $this->made() ?? $this->core()[0];
    }

    /** @return array{skus: list<string>, stores: array<string, int>, websites: array<string, int>}|null made by an earlier test class of this run */
    private function made(): ?array
    {
        return $this->existing() === [] ? null : ['skus' => $this->existing(), 'stores' => $this->storeIds(),
            'websites' => ['base' => 1, 'europe' => (int) $this->objects->get(StoreManagerInterface::class)->getWebsite('europe')->getId()]];
    }

    /** @return array{0: array{skus: list<string>, stores: array<string, int>, websites: array<string, int>}, 1: array<string, int>} the store, its categories */
    private function core(): array
    {
        $websites = $this->scopes();
        $stores = $this->storeIds();
        $categories = $this->categories();
        $all = array_values($websites);
        $skus = [];

        $skus[] = $this->saveProduct($this->product('simple', 'aco_tee', 'Trail Tee', 24.0, $all, [$categories['gear'], $categories['summer']], [
            'special_price' => 19.5, 'special_from_date' => '2020-01-01', 'special_to_date' => '2099-12-31',
            'tier_price' => [
                ['website_id' => 0, 'cust_group' => self::ALL_GROUPS, 'price_qty' => 5, 'price' => 21.0],
                ['website_id' => 0, 'cust_group' => 1, 'price_qty' => 10, 'percentage_value' => 15],
                ['website_id' => 0, 'cust_group' => 2, 'price_qty' => 1, 'price' => 22.0],
            ],
            'description' => '<p>Light and quick-drying.</p>', 'meta_keyword' => 'tee, trail',
        ]))->getSku();
        $skus[] = $this->saveProduct($this->product('virtual', 'aco_gift_wrap', 'Gift Wrap', 3.5, $all, [$categories['gear']]))->getSku();
        $skus[] = $this->saveProduct($this->product('downloadable', 'aco_trail_guide', 'Trail Guide (PDF)', 9.99, [$websites['base']], [$categories['gear']], [
            'links_purchased_separately' => 0,
        ]))->getSku();

        // Translations as a merchant writes them: the admin's mass "Update attributes" at the store view.
        $tee = [(int) $this->objects->get(ProductRepositoryInterface::class)->get('aco_tee')->getId()];
        $this->objects->get(ProductAction::class)->updateAttributes($tee, ['name' => 'T-shirt de trail'], $stores['french']);
        $this->objects->get(ProductAction::class)->updateAttributes($tee, ['name' => 'Trail-Shirt'], $stores['german']);
        return [['skus' => $skus, 'stores' => $stores, 'websites' => $websites], $categories];
    }

    /**
     * @param array{skus: list<string>, stores: array<string, int>, websites: array<string, int>} $store the core store
     * @param array<string, int> $categories
     * @return array{skus: list<string>, stores: array<string, int>, websites: array<string, int>} with the configurable, bundles, grouped and rule
     */
    private function withOptionalModules(array $store, array $categories): array
    {
        ['skus' => $skus, 'stores' => $stores, 'websites' => $websites] = $store;
        $swatch = $this->swatchAttribute($stores);
        $all = array_values($websites);

        $variants = [];
        foreach ($swatch['options'] as $label => $optionId) {
            $variant = $this->product('simple', 'aco_jacket_' . strtolower($label), "Jacket $label", 80.0, $all, [], ['visibility' => 1, 'aco_colour' => $optionId]);
            $variants[] = (int) $this->saveProduct($variant)->getId();
            $skus[] = $variant->getSku();
        }
        $skus[] = $this->configurable('aco_jacket', 'Rain Jacket', $all, [$categories['summer']], $swatch['id'], $swatch['options'], $variants)->getSku();

        $skus[] = $this->bundle('aco_kit_dynamic', 'Starter Kit', 0, null, $all, ['Pick one' => ['aco_tee', 'aco_gift_wrap']])->getSku();
        $skus[] = $this->bundle('aco_kit_fixed', 'Fixed Kit', 1, 40.0, $all, ['Pick one' => ['aco_tee']])->getSku();
        $skus[] = $this->grouped('aco_set', 'Tee Set', $all, ['aco_tee', 'aco_gift_wrap'])->getSku();

        $jacket = [(int) $this->objects->get(ProductRepositoryInterface::class)->get('aco_jacket')->getId()];
        $this->objects->get(ProductAction::class)->updateAttributes($jacket, ['name' => 'Regenjacke'], $stores['german']);

        $this->catalogRule($all);
        return ['skus' => $skus, 'stores' => $stores, 'websites' => $websites];
    }

    /**
     * More of the store, for tests that change categories and products the other tests do not read:
     * categories Trails (active) with Alpine under it, Archive (inactive) with Winter (active) under
     * it; simples aco_sock and aco_scarf (in Trails, aco_sock its related product); a configurable
     * aco_cape (swatch axis aco_colour, variants aco_cape_red and aco_cape_blue) in Alpine and Winter; a
     * bundle aco_kit_extras with options "Pick one" (aco_tee, aco_sock) and "Extras" (aco_scarf).
     * Through the same services as catalog().
     *
     * @return array{skus: list<string>}
     */
    public function extras(array $args): array
    {
        $websites = [];
        foreach ($this->objects->get(StoreManagerInterface::class)->getWebsites() as $website) {
            $websites[] = (int) $website->getId();
        }
        $trails = $this->category('Trails', self::ROOT_CATEGORY, true);
        $alpine = $this->category('Alpine', $trails, true);
        $winter = $this->category('Winter', $this->category('Archive', self::ROOT_CATEGORY, false), true);

        $skus = [$this->saveProduct($this->product('simple', 'aco_sock', 'Trail Sock', 6.0, $websites, []))->getSku()];
        $scarf = $this->product('simple', 'aco_scarf', 'Trail Scarf', 15.0, $websites, [$trails]);
        $related = $this->objects->get(ProductLinkInterfaceFactory::class)->create();
        $related->setSku('aco_scarf')->setLinkType('related')->setLinkedProductSku('aco_sock')->setLinkedProductType('simple')->setPosition(1);
        $scarf->setProductLinks([$related]);
        $skus[] = $this->saveProduct($scarf)->getSku();
        $attribute = $this->objects->get(AttributeFactory::class)->create()->loadByCode(4, 'aco_colour');
        $options = [];
        foreach ($attribute->setStoreId(0)->getSource()->getAllOptions(false) as $option) {
            $options[(string) $option['label']] = (int) $option['value'];
        }
        $variants = [];
        foreach ($options as $label => $optionId) {
            $variant = $this->product('simple', 'aco_cape_' . strtolower($label), "Cape $label", 60.0, $websites, [], ['visibility' => 1, 'aco_colour' => $optionId]);
            $variants[] = (int) $this->saveProduct($variant)->getId();
            $skus[] = $variant->getSku();
        }
        $skus[] = $this->configurable('aco_cape', 'Rain Cape', $websites, [$alpine, $winter], (int) $attribute->getId(), $options, $variants)->getSku();
        $skus[] = $this->bundle('aco_kit_extras', 'Trail Kit', 0, null, $websites, ['Pick one' => ['aco_tee', 'aco_sock'], 'Extras' => ['aco_scarf']])->getSku();
        return ['skus' => $skus];
    }

    /**
     * A test's own simple product, saved through the repository as extras() saves its products: in no
     * category, in these websites (by code), with these values (special prices, dates).
     *
     * @param array{sku: string, name: string, price: float, websites: list<string>, values?: array<string, mixed>} $args
     */
    public function simple(array $args): array
    {
        $stores = $this->objects->get(StoreManagerInterface::class);
        $websites = array_map(static fn (string $code): int => (int) $stores->getWebsite($code)->getId(), $args['websites']);
        return ['saved' => $this->saveProduct($this->product('simple', $args['sku'], $args['name'], $args['price'], $websites, [], $args['values'] ?? []))->getSku()];
    }

    /**
     * The product saved through the repository with these values, at the admin scope or a store
     * view (as the admin's product form does).
     *
     * @param array{sku: string, values: array<string, mixed>, store?: string} $args
     */
    public function save(array $args): array
    {
        $store = $this->storeIds()[$args['store'] ?? 'admin'];
        $this->objects->get(StoreManagerInterface::class)->setCurrentStore($store);
        $repository = $this->objects->get(ProductRepositoryInterface::class);
        $product = $repository->get($args['sku'], true, $store, true);
        $product->addData($args['values'])->setStoreId($store);
        $repository->save($product);
        return ['saved' => $args['sku']];
    }

    /**
     * The admin's mass "Update attributes" action on these products at a store view (or admin).
     *
     * @param array{skus: list<string>, values: array<string, mixed>, store?: string} $args
     */
    public function massUpdate(array $args): array
    {
        $this->objects->get(ProductAction::class)->updateAttributes($this->ids($args['skus']), $args['values'], $this->storeIds()[$args['store'] ?? 'admin']);
        return ['updated' => $args['skus']];
    }

    /** @param array{skus: list<string>, website: string} $args the admin's mass "remove from website" */
    public function removeFromWebsite(array $args): array
    {
        $website = $this->objects->get(StoreManagerInterface::class)->getWebsite($args['website']);
        $this->objects->get(ProductAction::class)->updateWebsites($this->ids($args['skus']), [(int) $website->getId()], 'remove');
        return ['removed' => $args['skus']];
    }

    /** @param array{sku: string} $args */
    public function delete(array $args): array
    {
        $this->objects->get(\Magento\Framework\Registry::class)->register('isSecureArea', true);
        $this->objects->get(ProductRepositoryInterface::class)->deleteById($args['sku']);
        return ['deleted' => $args['sku']];
    }

    /**
     * Magento's product import (System > Data Transfer > Import, "Add/Update") of these CSV rows, through
     * the import entity the admin's import runs: validated and saved in bunches, then written to the
     * catalog tables in bulk, past the product repository.
     *
     * @param array{rows: list<array<string, string>>} $args one row per product (and store view)
     */
    public function import(array $args): array
    {
        $files = $this->objects->get(Filesystem::class)->getDirectoryWrite(DirectoryList::VAR_IMPORT_EXPORT);
        $columns = array_keys(array_merge(...$args['rows']));
        $csv = fopen('php://temp', 'w+');
        // the escape character given, as PHP 8.4 asks (its default is deprecated): Magento's importer reads with '\\'
        fputcsv($csv, $columns, escape: '\\');
        foreach ($args['rows'] as $row) {
            fputcsv($csv, array_map(static fn (string $column): string => $row[$column] ?? '', $columns), escape: '\\');
        }
        rewind($csv);
        $files->writeFile('aco-test-import.csv', (string) stream_get_contents($csv));
        $import = $this->objects->create(ProductImport::class)->setParameters([
            'entity' => 'catalog_product', 'behavior' => Import::BEHAVIOR_APPEND,
            Import::FIELD_NAME_VALIDATION_STRATEGY => ProcessingErrorAggregatorInterface::VALIDATION_STRATEGY_STOP_ON_ERROR,
            Import::FIELD_NAME_ALLOWED_ERROR_COUNT => 0,
        ]);
        $import->setSource($this->objects->create(Csv::class, ['file' => 'aco-test-import.csv', 'directory' => $files]));
        $errors = $import->validateData();
        if ($errors->getErrorsCount() === 0) {
            $import->importData();
        }
        $messages = array_map(static fn ($e): string => $e->getErrorMessage() . ' (row ' . $e->getRowNumber() . ', ' . $e->getColumnName() . ')', $errors->getAllErrors());
        if ($messages !== []) {
            throw new \RuntimeException('import refused: ' . implode('; ', $messages));
        }
        return ['imported' => count($args['rows'])];
    }

    /**
     * A store view's or website's "ACO exporter" switch as the admin's Stores > All Stores form saves
     * it (the posted field set on the model, saved through its resource model).
     *
     * @param array{store?: string, website?: string, enabled: bool} $args
     */
    public function exporter(array $args): array
    {
        $stores = $this->objects->get(StoreManagerInterface::class);
        [$model, $resource] = isset($args['website'])
            ? [$this->objects->get(WebsiteFactory::class)->create()->load($stores->getWebsite($args['website'])->getId()), WebsiteResource::class]
            : [$this->objects->get(StoreFactory::class)->create()->load($stores->getStore($args['store'])->getId()), StoreResource::class];
        $model->setData('aco_exporter_enabled', $args['enabled'] ? 1 : 0);
        $this->objects->get($resource)->save($model);
        return ['exporter' => $args];
    }

    /**
     * @param list<string> $skus
     * @return list<int>
     */
    private function ids(array $skus): array
    {
        $repository = $this->objects->get(ProductRepositoryInterface::class);
        return array_map(static fn (string $sku): int => (int) $repository->get($sku)->getId(), $skus);
    }

    /** @return list<string> the SKUs this fixture made, when it already ran */
    private function existing(): array
    {
        $collection = $this->objects->get(\Magento\Catalog\Model\ResourceModel\Product\CollectionFactory::class)->create();
        return array_values(array_map('strval', $collection->addFieldToFilter('sku', ['like' => 'aco\\_%'])->getColumnValues('sku')));
    }

    /** @return array<string, int> website code => id */
    private function scopes(): array
    {
        $config = $this->objects->get(ConfigWriter::class);
        $config->saveConfig('catalog/price/scope', '1', 'default', 0);   // prices per website

        $website = $this->objects->get(WebsiteFactory::class)->create();
        $website->setCode('europe')->setName('Europe');
        $this->objects->get(WebsiteResource::class)->save($website);
        $group = $this->objects->get(GroupFactory::class)->create();
        $group->setWebsiteId($website->getId())->setName('Europe Store')->setCode('europe_store')->setRootCategoryId(self::ROOT_CATEGORY);
        $this->objects->get(GroupResource::class)->save($group);
        $german = $this->store('german', 'Deutsch', (int) $website->getId(), (int) $group->getId());
        $group->setDefaultStoreId($german);
        $this->objects->get(GroupResource::class)->save($group);
        $website->setDefaultGroupId($group->getId());
        $this->objects->get(WebsiteResource::class)->save($website);
        $this->store('french', 'Français', 1, 1);

        foreach (['currency/options/base' => 'EUR', 'currency/options/default' => 'EUR', 'currency/options/allow' => 'EUR'] as $path => $value) {
            $config->saveConfig($path, $value, 'websites', (int) $website->getId());
        }
        $config->saveConfig('currency/options/allow', 'USD,EUR', 'default', 0);
        $this->objects->get(Currency::class)->saveRates(['USD' => ['EUR' => 0.9, 'USD' => 1]]);
        $this->objects->get(ReinitableConfigInterface::class)->reinit();
        $this->objects->get(StoreManagerInterface::class)->reinitStores();
        return ['base' => 1, 'europe' => (int) $website->getId()];
    }

    private function store(string $code, string $name, int $websiteId, int $groupId): int
    {
        $store = $this->objects->get(StoreFactory::class)->create();
        $store->setCode($code)->setName($name)->setWebsiteId($websiteId)->setGroupId($groupId)->setIsActive(1)->setSortOrder(10);
        $this->objects->get(StoreResource::class)->save($store);
        return (int) $store->getId();
    }

    /** @return array<string, int> */
    private function storeIds(): array
    {
        $ids = [];
        foreach ($this->objects->get(StoreManagerInterface::class)->getStores(true) as $store) {
            $ids[$store->getCode()] = (int) $store->getId();
        }
        return $ids;
    }

    /** @return array<string, int> */
    private function categories(): array
    {
        $gear = $this->category('Gear', self::ROOT_CATEGORY, true);
        $collections = $this->category('Collections', self::ROOT_CATEGORY, false);
        return ['gear' => $gear, 'collections' => $collections, 'summer' => $this->category('Summer', $collections, true)];
    }

    /** A category saved through the category repository, its URL key its lowercase name; its id. */
    private function category(string $name, int $parent, bool $active): int
    {
        $category = $this->objects->get(CategoryInterfaceFactory::class)->create();
        $category->setName($name)->setParentId($parent)->setIsActive($active)->setIncludeInMenu(true)
            ->setUrlKey(strtolower($name))->setStoreId(0);
        return (int) $this->objects->get(CategoryRepositoryInterface::class)->save($category)->getId();
    }

    /**
     * A visual swatch attribute as the admin's attribute form saves it (Magento_Swatches turns the
     * `optionvisual`/`swatchvisual` arrays into options and swatches), in the default attribute set.
     *
     * @param array<string, int> $stores
     * @return array{id: int, options: array<string, int>}
     */
    private function swatchAttribute(array $stores): array
    {
        $attribute = $this->objects->get(AttributeFactory::class)->create();
        $attribute->setData([
            'attribute_code' => 'aco_colour', 'entity_type_id' => 4, 'frontend_input' => 'select',
            'swatch_input_type' => 'visual', 'update_product_preview_image' => 0, 'use_product_image_for_swatch' => 0,
            'frontend_label' => ['Colour', $stores['german'] => 'Farbe'], 'is_global' => 1, 'is_user_defined' => 1,
            'is_filterable' => 1, 'is_searchable' => 1, 'is_visible_on_front' => 1, 'used_in_product_listing' => 1,
            'backend_type' => 'int',
            'optionvisual' => ['value' => ['option_0' => [0 => 'Red', $stores['german'] => 'Rot'], 'option_1' => [0 => 'Blue', $stores['german'] => 'Blau']],
                'order' => ['option_0' => 1, 'option_1' => 2]],
            'swatchvisual' => ['value' => ['option_0' => '#ff0000', 'option_1' => '#0000ff']],
        ]);
        $attribute->save();
        $this->objects->get(ProductAttributeManagementInterface::class)
            ->assign(self::DEFAULT_SET, $this->generalGroup(), 'aco_colour', 100);
        $options = [];
        foreach ($attribute->setStoreId(0)->getSource()->getAllOptions(false) as $option) {
            $options[(string) $option['label']] = (int) $option['value'];
        }
        return ['id' => (int) $attribute->getId(), 'options' => $options];
    }

    private function generalGroup(): int
    {
        $groups = $this->objects->get(\Magento\Eav\Model\ResourceModel\Entity\Attribute\Group\CollectionFactory::class)->create()
            ->setAttributeSetFilter(self::DEFAULT_SET)->addFieldToFilter('attribute_group_code', 'product-details');
        return (int) $groups->getFirstItem()->getId();
    }

    /**
     * @param list<int> $websites
     * @param list<int> $categories
     * @param array<string, mixed> $data
     */
    private function product(string $type, string $sku, string $name, ?float $price, array $websites, array $categories, array $data = []): ProductInterface
    {
        $product = $this->objects->get(ProductInterfaceFactory::class)->create();
        $product->setTypeId($type)->setAttributeSetId(self::DEFAULT_SET)->setSku($sku)->setName($name)
            ->setUrlKey(str_replace('_', '-', $sku))->setVisibility(4)->setStatus(1)->setWebsiteIds($websites)
            ->setCategoryIds($categories)->setTaxClassId(2)->setWeight($type === 'simple' ? 0.5 : null)
            ->setStockData(['use_config_manage_stock' => 1, 'qty' => 100, 'is_in_stock' => 1]);
        if ($price !== null) {
            $product->setPrice($price);
        }
        $product->addData($data);
        return $product;
    }

    private function saveProduct(ProductInterface $product): ProductInterface
    {
        return $this->objects->get(ProductRepositoryInterface::class)->save($product);
    }

    /**
     * @param list<int> $websites
     * @param list<int> $categories
     * @param array<string, int> $options label => option id
     * @param list<int> $variants
     */
    private function configurable(string $sku, string $name, array $websites, array $categories, int $attributeId, array $options, array $variants): ProductInterface
    {
        $product = $this->product('configurable', $sku, $name, null, $websites, $categories);
        $values = array_map(static fn (int $id): array => ['value_index' => $id], array_values($options));
        $extension = $product->getExtensionAttributes();
        $extension->setConfigurableProductOptions($this->objects->get(ConfigurableOptions::class)->create([
            ['attribute_id' => $attributeId, 'code' => 'aco_colour', 'label' => 'Colour', 'position' => 0, 'values' => $values],
        ]));
        $extension->setConfigurableProductLinks($variants);
        $product->setExtensionAttributes($extension);
        return $this->saveProduct($product);
    }

    /**
     * A bundle whose options (title => SKUs, required selects) offer these SKUs: dynamic price
     * ($priceType 0) or fixed (1).
     *
     * @param list<int> $websites
     * @param array<string, list<string>> $options
     */
    private function bundle(string $sku, string $name, int $priceType, ?float $price, array $websites, array $options): ProductInterface
    {
        $product = $this->product('bundle', $sku, $name, $price, $websites, [], [
            'price_type' => $priceType, 'sku_type' => 0, 'weight_type' => 0, 'price_view' => 0, 'shipment_type' => 0,
        ]);
        $made = [];
        foreach ($options as $title => $members) {
            $links = [];
            foreach ($members as $i => $member) {
                $link = $this->objects->get(LinkInterfaceFactory::class)->create();
                $link->setSku($member)->setQty(1)->setCanChangeQuantity(1)->setIsDefault($i === 0)->setPrice(0)->setPriceType(0);
                $links[] = $link;
            }
            $option = $this->objects->get(OptionInterfaceFactory::class)->create();
            $option->setTitle($title)->setRequired(true)->setType('select')->setPosition(count($made) + 1)->setSku($sku)->setProductLinks($links);
            $made[] = $option;
        }
        $extension = $product->getExtensionAttributes();
        $extension->setBundleProductOptions($made);
        $product->setExtensionAttributes($extension);
        return $this->saveProduct($product);
    }

    /**
     * @param list<int> $websites
     * @param list<string> $members
     */
    private function grouped(string $sku, string $name, array $websites, array $members): ProductInterface
    {
        $product = $this->product('grouped', $sku, $name, null, $websites, []);
        $links = [];
        foreach ($members as $i => $member) {
            $link = $this->objects->get(ProductLinkInterfaceFactory::class)->create();
            $link->setSku($sku)->setLinkType('associated')->setLinkedProductSku($member)->setLinkedProductType('simple')->setPosition($i);
            $link->getExtensionAttributes()->setQty(1);
            $links[] = $link;
        }
        $product->setProductLinks($links);
        return $this->saveProduct($product);
    }

    /** @param list<int> $websites */
    private function catalogRule(array $websites): void
    {
        $rule = $this->objects->get(RuleInterfaceFactory::class)->create();
        $rule->setName('Ten percent off')->setIsActive(1)->setCustomerGroupIds([0, 1])->setWebsiteIds($websites)
            ->setSimpleAction('by_percent')->setDiscountAmount(10)->setStopRulesProcessing(false)->setSortOrder(0);
        $this->objects->get(CatalogRuleRepositoryInterface::class)->save($rule);
    }
}
