<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

use Symfony\Component\Console\Input\InputInterface;

/**
 * Option values read strictly: Symfony hands every value over as a string, and a cast would turn
 * `1.5` into 1 and `abc` into 0 without a word.
 */
final class Options
{
    /** A whole number in [$min, $max], or null when the option is not given. */
    public static function int(InputInterface $input, string $name, int $min, int $max): ?int
    {
        $value = $input->getOption($name);
        if ($value === null) {
            return null;
        }
        if (!is_string($value) || !preg_match('/^\d{1,10}$/', $value) || (int) $value < $min || (int) $value > $max) {
            throw new InvalidOption("--$name must be a whole number from $min to $max");
        }
        return (int) $value;
    }

    /** A number of seconds in [$min, $max], or null when the option is not given. */
    public static function seconds(InputInterface $input, string $name, float $min, float $max): ?float
    {
        $value = $input->getOption($name);
        if ($value === null) {
            return null;
        }
        if (!is_string($value) || !is_numeric($value) || (float) $value < $min || (float) $value > $max) {
            throw new InvalidOption("--$name must be a number of seconds from $min to $max");
        }
        return (float) $value;
    }

    /**
     * Comma-separated entity ids, or null when the option is not given. Magento's entity ids are int
     * unsigned: a longer number would become PHP_INT_MAX unnoticed.
     *
     * @return list<int>|null
     */
    public static function ids(InputInterface $input, string $name): ?array
    {
        $value = $input->getOption($name);
        if ($value === null) {
            return null;
        }
        $ids = [];
        foreach (explode(',', (string) $value) as $part) {
            $part = trim($part);
            if (!ctype_digit($part) || strlen(ltrim($part, '0')) > 10 || (int) $part > 4_294_967_295) {
                throw new InvalidOption("--$name: \"$part\" is not an entity id");
            }
            $ids[] = (int) $part;
        }
        return $ids;
    }

    /**
     * Refuses more than one of the given flags or options.
     *
     * @param list<string> $names
     */
    public static function atMostOne(InputInterface $input, array $names): void
    {
        $given = array_values(array_filter($names, static fn (string $n): bool => !in_array($input->getOption($n), [null, false, []], true)));
        if (count($given) > 1) {
            throw new InvalidOption('--' . implode(' and --', $given) . ' cannot be used together');
        }
    }

    /** Refuses $name without $needs. */
    public static function requires(InputInterface $input, string $name, string $needs): void
    {
        if (!in_array($input->getOption($name), [null, false], true) && in_array($input->getOption($needs), [null, false], true)) {
            throw new InvalidOption("--$name needs --$needs");
        }
    }
}
