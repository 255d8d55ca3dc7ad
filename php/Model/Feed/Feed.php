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

    /**
     * Feeds that build on each other share a lane and go in order; the lanes do not wait for each
     * other (ACO prices a SKU whatever its product's state), so each runs as its own cron job and a
     * full sync takes the slower lane's time, not the sum.
     */
    public const LANES = [
        'catalog' => [self::PRODUCT_ATTRIBUTES, self::CATEGORIES, self::PRODUCTS],
        'prices' => [self::PRICE_BOOKS, self::PRICES],
    ];

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

    /** @return list<self> the feeds of a lane (LANES), in sending order */
    public static function lane(string $lane): array
    {
        if (!isset(self::LANES[$lane])) {
            throw new \InvalidArgumentException(sprintf('unknown lane "%s"; lanes: %s', $lane, implode(', ', array_keys(self::LANES))));
        }
        return array_map(static fn (string $n): self => new self($n), self::LANES[$lane]);
    }

        /** Feeds read entity by entity (and so can sync by ids); the others are read whole every time. */
    public function isPerEntity(): bool
    {
        return $this->name === self::PRODUCTS || $this->name === self::PRICES;
    }
}
