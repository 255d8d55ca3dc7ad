<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

/**
 * One feed: what it is called, where its state lives and which ACO endpoints it writes to.
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

    private const TABLES = [
        self::PRODUCT_ATTRIBUTES => 'aco_feed_product_attributes',
        self::CATEGORIES => 'aco_feed_categories',
        self::PRODUCTS => 'aco_feed_products',
        self::PRICE_BOOKS => 'aco_feed_price_books',
        self::PRICES => 'aco_feed_prices',
    ];
    private const ENDPOINTS = [
        self::PRODUCT_ATTRIBUTES => 'productMetadata',
        self::CATEGORIES => 'categories',
        self::PRODUCTS => 'products',
        self::PRICE_BOOKS => 'priceBooks',
        self::PRICES => 'prices',
    ];

    public string $name;

    private function __construct(string $name)
    {
        $this->name = $name;
    }

    public static function named(string $name): self
    {
        if (!isset(self::TABLES[$name])) {
            throw new \InvalidArgumentException(sprintf('unknown feed "%s"; feeds: %s', $name, implode(', ', self::ORDER)));
        }
        return new self($name);
    }

    /** @return list<self> every feed, in sending order */
    public static function all(): array
    {
        return array_map(static fn (string $n): self => new self($n), self::ORDER);
    }

    public function table(): string
    {
        return self::TABLES[$this->name];
    }

    public function endpoint(): string
    {
        return self::ENDPOINTS[$this->name];
    }

    public function deleteEndpoint(): string
    {
        return self::ENDPOINTS[$this->name] . '.delete';
    }

    /** Feeds read entity by entity (and so can sync by ids); the others are read whole every time. */
    public function isPerEntity(): bool
    {
        return $this->name === self::PRODUCTS || $this->name === self::PRICES;
    }
}
