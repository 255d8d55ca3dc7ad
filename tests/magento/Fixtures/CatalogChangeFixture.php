<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Fixtures;

use Magento\Bundle\Api\ProductOptionRepositoryInterface;
use Magento\Catalog\Api\CategoryManagementInterface;
use Magento\Catalog\Api\CategoryRepositoryInterface;
use Magento\Catalog\Model\CategoryFactory;
use Magento\Catalog\Api\ProductTierPriceManagementInterface;
use Magento\Catalog\Model\ResourceModel\Category\CollectionFactory as CategoryCollectionFactory;
use Magento\Catalog\Model\ResourceModel\Eav\AttributeFactory;
use Magento\Eav\Model\ResourceModel\Entity\Attribute\Option\CollectionFactory as OptionCollectionFactory;
use Magento\Framework\ObjectManagerInterface;
use Magento\Framework\Registry;
use Magento\InventoryApi\Api\Data\SourceItemInterface;
use Magento\InventoryApi\Api\Data\SourceItemInterfaceFactory;
use Magento\InventoryApi\Api\SourceItemsSaveInterface;
use Magento\Store\Model\StoreManagerInterface;
use Magento\Swatches\Helper\Data as SwatchHelper;

/**
 * Catalog changes around the products, through the services Magento's admin and REST API use:
 * categories created, edited, moved and deleted, attribute options and swatches edited, tier prices added and
 * removed, a bundle option removed, a product's stock saved. Catalog changes of CatalogFixture's store.
 */
final class CatalogChangeFixture
{
    private const PRODUCT_ENTITY = 4;

    private ObjectManagerInterface $objects;

    public function __construct(ObjectManagerInterface $objects)
    {
        $this->objects = $objects;
        // the admin scope, as the admin's forms and the REST API's /all/ save
        $objects->get(StoreManagerInterface::class)->setCurrentStore(0);
    }

    /**
     * A category's values saved at the admin scope as the admin's category form saves them (its Save
     * controller: the category loaded at the store, the posted values added, Category::save): a URL key
     * regenerates its URL path and its children's (Magento's CategoryUrlPathAutogeneratorObserver).
     *
     * @param array{category: string, values: array<string, mixed>} $args the category by its admin name
     */
    public function editCategory(array $args): array
    {
        $category = $this->objects->get(CategoryFactory::class)->create()->setStoreId(0)->load($this->categoryId($args['category']));
        $category->addData($args['values']);
        $category->save();
        return ['saved' => $args['category']];
    }

    /**
     * A new active category saved as the admin's category form or POST /V1/categories saves it (its URL
     * path generated from its parent's and its URL key).
     *
     * @param array{name: string, parent: string, url_key: string} $args the parent by its admin name
     */
    public function createCategory(array $args): array
    {
        $category = $this->objects->get(CategoryFactory::class)->create()->setStoreId(0);
        $category->setName($args['name'])->setParentId($this->categoryId($args['parent']))->setIsActive(true)->setUrlKey($args['url_key']);
        $this->objects->get(CategoryRepositoryInterface::class)->save($category);
        return ['created' => $args['name']];
    }

    /**
     * A category dragged under another parent in the admin's category tree (its move controller calls
     * the same Category::move that CategoryManagement::move, PUT /V1/categories/:id/move, does).
     *
     * @param array{category: string, parent: string} $args
     */
    public function moveCategory(array $args): array
    {
        $this->objects->get(CategoryManagementInterface::class)->move($this->categoryId($args['category']), $this->categoryId($args['parent']));
        return ['moved' => $args['category']];
    }

    /** @param array{category: string} $args the category and its subtree deleted, as the admin's Delete Category does */
    public function deleteCategory(array $args): array
    {
        $this->objects->get(Registry::class)->register('isSecureArea', true);
        $this->objects->get(CategoryRepositoryInterface::class)->deleteByIdentifier($this->categoryId($args['category']));
        return ['deleted' => $args['category']];
    }

    /**
     * One option of a visual swatch attribute edited as the admin's attribute form saves it: every
     * option posted with its labels in every store and its swatch (the form posts them all; Magento
     * rewrites an option's labels from what is posted), one of them with a new admin label or colour.
     *
     * @param array{attribute: string, option: string, label?: string, hex?: string} $args the option by its admin label
     */
    public function editSwatchOption(array $args): array
    {
        $attribute = $this->objects->get(AttributeFactory::class)->create()->loadByCode(self::PRODUCT_ENTITY, $args['attribute']);
        $labels = [];
        $order = [];
        foreach ($this->objects->get(StoreManagerInterface::class)->getStores(true) as $store) {
            $options = $this->objects->get(OptionCollectionFactory::class)->create()
                ->setAttributeFilter((int) $attribute->getId())->setStoreFilter((int) $store->getId(), false);
            foreach ($options as $option) {
                if ($option->getData('value') !== null && $option->getData('value') !== '') {
                    $labels[(int) $option->getId()][(int) $store->getId()] = (string) $option->getData('value');
                }
                $order[(int) $option->getId()] = (int) $option->getData('sort_order');
            }
        }
        $edited = array_search($args['option'], array_map(static fn (array $l): string => $l[0] ?? '', $labels), true);
        if ($edited === false) {
            throw new \InvalidArgumentException("no option {$args['option']} of {$args['attribute']}");
        }
        $swatches = [];
        foreach ($this->objects->get(SwatchHelper::class)->getSwatchesByOptionsId(array_keys($labels)) as $id => $swatch) {
            $swatches[(int) $id] = (string) $swatch['value'];
        }
        if (isset($args['label'])) {
            $labels[$edited][0] = $args['label'];
        }
        if (isset($args['hex'])) {
            $swatches[$edited] = $args['hex'];
        }
        $attribute->addData([
            'optionvisual' => ['value' => $labels, 'order' => $order, 'delete' => array_fill_keys(array_keys($labels), '')],
            'swatchvisual' => ['value' => $swatches],
        ]);
        $attribute->save();
        return ['option' => $edited];
    }

    /**
     * A tier price for all customer groups, or for one, added, changed or removed through the REST API's
     * tier price service (POST/DELETE /V1/products/:sku/group-prices/:group/tiers/:qty), at the admin
     * scope: all websites. One group's tier at qty 1 is that group's price (the admin's "Customer Group
     * Price").
     *
     * @param array{sku: string, qty: float, price?: float, group?: int} $args price: add it (or change the
     *        tier of that group and qty); none: remove it. group: a customer group's id; none: all groups
     */
    public function tierPrice(array $args): array
    {
        $tiers = $this->objects->get(ProductTierPriceManagementInterface::class);
        $group = (string) ($args['group'] ?? 'all');
        isset($args['price']) ? $tiers->add($args['sku'], $group, $args['price'], $args['qty']) : $tiers->remove($args['sku'], $group, $args['qty']);
        return ['tier' => $args];
    }

    /**
     * A bundle's option removed (DELETE /V1/bundle-products/:sku/options/:optionId), by its title.
     *
     * @param array{sku: string, title: string} $args
     */
    public function removeBundleOption(array $args): array
    {
        $options = $this->objects->get(ProductOptionRepositoryInterface::class);
        foreach ($options->getList($args['sku']) as $option) {
            if ($option->getTitle() === $args['title']) {
                $options->deleteById($args['sku'], (int) $option->getOptionId());
                return ['removed' => (int) $option->getOptionId()];
            }
        }
        throw new \InvalidArgumentException("no option {$args['title']} in {$args['sku']}");
    }

    /**
     * A product's quantity and stock status at the default source saved as the admin's product form
     * saves them with Magento's inventory modules (SourceItemsSave; Magento copies the default source
     * into the legacy stock item).
     *
     * @param array{sku: string, qty: float, in_stock: bool} $args
     */
    public function stock(array $args): array
    {
        $item = $this->objects->get(SourceItemInterfaceFactory::class)->create();
        $item->setSku($args['sku']);
        $item->setSourceCode('default');
        $item->setQuantity($args['qty']);
        $item->setStatus($args['in_stock'] ? SourceItemInterface::STATUS_IN_STOCK : SourceItemInterface::STATUS_OUT_OF_STOCK);
        $this->objects->get(SourceItemsSaveInterface::class)->execute([$item]);
        return ['stock' => $args];
    }

    private function categoryId(string $name): int
    {
        $ids = $this->objects->get(CategoryCollectionFactory::class)->create()->setStoreId(0)
            ->addAttributeToFilter('name', $name)->getAllIds();
        if (count($ids) !== 1) {
            throw new \InvalidArgumentException(sprintf('%d categories named %s', count($ids), $name));
        }
        return (int) $ids[0];
    }
}
