<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

/**
 * One feed, declared once here: its name, state table, ACO endpoint family, lane, whether it is read
 * entity by entity, its changelog (Magento lists it as an indexer and mview view of the same id) and
 * the catalog tables whose rows' changes it captures. etc/indexer.xml, etc/mview.xml, the indexer
 * virtual types of etc/di.xml and the lanes' cron jobs are checked against it (ModuleXmlTest).
 */
final class Feed
{
    public const PRODUCT_ATTRIBUTES = 'productAttributes';
    public const CATEGORIES = 'categories';
    public const PRODUCTS = 'products';
    public const PRICE_BOOKS = 'priceBooks';
    public const PRICES = 'prices';

    /** Sending order: metadata before products, categories before products, price books before prices. */
    public const ORDER = [self::PRODUCT_ATTRIBUTES, self::CATEGORIES, self::PRODUCTS, self::PRICE_BOOKS, self::PRICES];

    /**
     * Feeds that build on each other share a lane and go in order; the lanes do not wait for each
     * other (ACO prices a SKU whatever its product's state), so each runs as its own cron job and a
     * full sync takes the slower lane's time, not the sum.
     */
    public const LANES = [
        'catalog' => [self::PRODUCT_ATTRIBUTES, self::CATEGORIES, self::PRODUCTS],
        'prices' => [self::PRICE_BOOKS, self::PRICES],
    ];

    /**
     * name => [state table, endpoint family, changelog view, per entity, subscriptions (table => column
     * holding the entity id the changelog records)]. A cascaded delete fires no trigger: what it
     * removes is resolved at sync time (ChangeCascade, docs/architecture.md).
     */
    private const DECLARED = [
        self::PRODUCT_ATTRIBUTES => ['aco_feed_product_attributes', 'productMetadata', 'aco_product_attributes', false, [
            'eav_attribute' => 'attribute_id',
            'catalog_eav_attribute' => 'attribute_id',
            'eav_attribute_label' => 'attribute_id',
            'eav_attribute_option' => 'attribute_id',
            // option ids too: a committed change is forwarded to the products carrying it (ChangeCapture::forward)
            'eav_attribute_option_value' => 'option_id',
            'eav_attribute_option_swatch' => 'option_id',
        ]],
        self::CATEGORIES => ['aco_feed_categories', 'categories', 'aco_categories', false, [
            'catalog_category_entity' => 'entity_id',
            'catalog_category_entity_varchar' => 'entity_id',
            'catalog_category_entity_int' => 'entity_id',
            'catalog_category_entity_text' => 'entity_id',
        ]],
        self::PRODUCTS => ['aco_feed_products', 'products', 'aco_products', true, [
            'catalog_product_entity' => 'entity_id',
            'catalog_product_entity_varchar' => 'entity_id',
            'catalog_product_entity_int' => 'entity_id',
            'catalog_product_entity_decimal' => 'entity_id',
            'catalog_product_entity_text' => 'entity_id',
            'catalog_product_entity_datetime' => 'entity_id',
            'catalog_product_website' => 'product_id',
            'catalog_category_product' => 'product_id',
            'catalog_product_super_link' => 'product_id',
            'catalog_product_super_attribute' => 'product_id',
            'catalog_product_link' => 'product_id',
            'catalog_product_bundle_option' => 'parent_id',
            'catalog_product_bundle_option_value' => 'parent_product_id',
            'catalog_product_bundle_selection' => 'parent_product_id',
            'cataloginventory_stock_item' => 'product_id',
            'catalog_product_entity_media_gallery_value' => 'entity_id',
        ]],
        self::PRICE_BOOKS => ['aco_feed_price_books', 'priceBooks', 'aco_price_books', false, [
            'store_website' => 'website_id',
            'customer_group' => 'customer_group_id',
        ]],
        self::PRICES => ['aco_feed_prices', 'prices', 'aco_prices', true, [
            // a deleted product: its value rows go by ON DELETE CASCADE, which fires no trigger
            'catalog_product_entity' => 'entity_id',
            'catalog_product_entity_decimal' => 'entity_id',
            'catalog_product_entity_datetime' => 'entity_id',
            'catalog_product_entity_int' => 'entity_id',
            'catalog_product_website' => 'product_id',
            'catalog_product_entity_tier_price' => 'entity_id',
            // Magento's rule indexer rebuilds this table aside and swaps it in (Apply Rules, its nightly
            // job): Plugin\FullSyncAfterRuleIndexSwap asks for a full prices sync (2.4.4's swap also
            // drops the triggers, which ChangeCapture::repair puts back)
            'catalogrule_product_price' => 'product_id',
        ]],
    ];

    public string $name;

    private function __construct(string $name)
    {
        $this->name = $name;
    }

    public static function named(string $name): self
    {
        if (!isset(self::DECLARED[$name])) {
            throw new \InvalidArgumentException(sprintf('unknown feed "%s"; feeds: %s', $name, implode(', ', self::ORDER)));
        }
        return new self($name);
    }

    /** @return list<self> every feed, in sending order */
    public static function all(): array
    {
        return array_map(static fn (string $n): self => new self($n), self::ORDER);
    }

    /** @return list<self> the feeds of a lane (LANES), in sending order */
    public static function lane(string $lane): array
    {
        if (!isset(self::LANES[$lane])) {
            throw new \InvalidArgumentException(sprintf('unknown lane "%s"; lanes: %s', $lane, implode(', ', array_keys(self::LANES))));
        }
        return array_map(static fn (string $n): self => new self($n), self::LANES[$lane]);
    }

    public function table(): string
    {
        return self::DECLARED[$this->name][0];
    }

    public function endpoint(): string
    {
        return self::DECLARED[$this->name][1];
    }

    public function deleteEndpoint(): string
    {
        return $this->endpoint() . '.delete';
    }

    /** The changelog's view id: Magento's indexer and mview view of this feed are named after it. */
    public function view(): string
    {
        return self::DECLARED[$this->name][2];
    }

    /** The changelog table its triggers write to (logical name: Magento's mview naming, the view id and `_cl`). */
    public function changelog(): string
    {
        return $this->view() . '_cl';
    }

    /** Feeds read entity by entity (and so can sync by ids); the others are read whole every time. */
    public function isPerEntity(): bool
    {
        return self::DECLARED[$this->name][3];
    }

    /** @return array<string, string> the catalog tables this feed's changelog records, table => entity id column */
    public function subscriptions(): array
    {
        return self::DECLARED[$this->name][4];
    }
}
