<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Budget;

/**
 * The tenant's limits the shared budget keeps to: requests, products and prices per minute, and
 * product updates per UTC day (ACO: 300, 1,000, 5,000 and the base licence's 100,000; packs raise
 * the daily quota to 1M).
 */
final class Limits
{
    /** Setting (aco/sync/…) => default. */
    public const DEFAULTS = ['requests_per_minute' => 300, 'products_per_minute' => 1000, 'prices_per_minute' => 5000, 'products_per_day' => 100000];

    /** @param array<string, int> $perMinute budget name (requests, products, prices) => units per minute */
    private function __construct(public readonly array $perMinute, public readonly int $productsPerDay)
    {
    }

    /**
     * @param array<string, mixed> $settings keys of DEFAULTS (missing ones take the default)
     * @throws \InvalidArgumentException naming the first setting that is not a whole number of at least 1
     */
    public static function fromSettings(array $settings): self
    {
        $values = [];
        foreach (self::DEFAULTS as $key => $default) {
            $value = $settings[$key] ?? $default;
            if (!(is_int($value) || (is_string($value) && preg_match('/^\d{1,10}$/', $value))) || (int) $value < 1) {
                throw new \InvalidArgumentException(sprintf('aco/sync/%s must be a whole number of at least 1, not %s', $key, json_encode($value)));
            }
            $values[$key] = (int) $value;
        }
        return new self(['requests' => $values['requests_per_minute'], 'products' => $values['products_per_minute'],
            'prices' => $values['prices_per_minute']], $values['products_per_day']);
    }

    /** The same limits times $share (at least 1 each): what one process may use when the shared budget cannot be read. */
    public function share(float $share): self
    {
        $scaled = array_map(static fn (int $n): int => max(1, (int) floor($n * $share)), $this->perMinute);
        return new self($scaled, max(1, (int) floor($this->productsPerDay * $share)));
    }
}
