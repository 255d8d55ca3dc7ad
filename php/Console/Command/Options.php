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

    /** A number of seconds of at least $min, or null when the option is not given. */
    public static function seconds(InputInterface $input, string $name, float $min): ?float
    {
        $value = $input->getOption($name);
        if ($value === null) {
            return null;
        }
        if (!is_string($value) || !is_numeric($value) || (float) $value < $min || !is_finite((float) $value)) {
            throw new InvalidOption("--$name must be a number of seconds, at least $min");
        }
        return (float) $value;
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
