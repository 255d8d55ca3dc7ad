<?php
declare(strict_types=1);

namespace Aco\Connector\Tools\Reference;

/** Exact decimal amounts as integer millionths, as src/mapping/money.rs keeps them. */
final class Micros
{
    public const ONE = 1_000_000;
    private const MAX = 1_000_000_000_000 * self::ONE;
    /** ACO's largest percentage, 99.99. */
    public const MAX_PERCENTAGE = 99_990_000;

    /** A non-negative amount from Magento's decimal text, or an ItemError naming `$field`. */
    public static function amount(string $field, mixed $text): int
    {
        $value = $text === null ? null : self::parse((string) $text);
        if ($value === null || $value < 0) {
            throw new ItemError($field);
        }
        return $value;
    }

    /** A percentage as Magento stores it (0–100); null when it takes nothing off (below 0.01). */
    public static function percentage(string $text): ?int
    {
        $p = self::parse($text);
        if ($p === null || $p < 0 || $p > 100 * self::ONE) {
            throw new ItemError('percentage');
        }
        return $p < 10_000 ? null : $p;
    }

    public static function parse(string $text): ?int
    {
        $t = trim($text);
        $negative = str_starts_with($t, '-');
        [$whole, $frac] = explode('.', $negative ? substr($t, 1) : $t, 2) + [1 => ''];
        if ($whole === '' || !ctype_digit($whole) || ($frac !== '' && !ctype_digit($frac)) || strlen($frac) > 6 || strlen($whole) > 13) {
            return null;
        }
        $value = (int) $whole * self::ONE + (int) str_pad($frac, 6, '0');
        if ($value > self::MAX) {
            return null;
        }
        return $negative ? -$value : $value;
    }

    /**
     * An amount at a currency rate (decimal text, 12 decimals at most), rounded to 4 decimals half away
     * from zero, as Magento's price index converts tier prices; ItemError `$field` when too large.
     */
    public static function convert(string $field, int $micros, string $rate): int
    {
        $tenThousandths = bcdiv(bcadd(bcmul((string) abs($micros), $rate, 12), '50', 12), '100', 0);
        $value = (int) $tenThousandths * 100;
        if (bccomp($tenThousandths, (string) intdiv(self::MAX, 100)) > 0) {
            throw new ItemError($field);
        }
        return $micros < 0 ? -$value : $value;
    }

    /** What json_encode should write: an int when whole, else the float of the amount's text. */
    public static function json(int $micros): int|float
    {
        return $micros % self::ONE === 0 ? intdiv($micros, self::ONE) : (float) self::text($micros);
    }

    /** Shortest exact decimal text: `19.99`, `5`, `0.5`. */
    public static function text(int $micros): string
    {
        $abs = abs($micros);
        $frac = rtrim(sprintf('%06d', $abs % self::ONE), '0');
        return ($micros < 0 ? '-' : '') . intdiv($abs, self::ONE) . ($frac === '' ? '' : ".$frac");
    }
}
