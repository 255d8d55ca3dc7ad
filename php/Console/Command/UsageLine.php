<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

use Aco\Connector\Model\Printable;
use Symfony\Component\Console\Application;

/**
 * The one line bin/aco and the aco:* commands in bin/magento print for what Symfony refuses before a
 * command runs (unknown command or option, arguments where none are expected). Symfony quotes what was typed, and what was typed may be
 * a secret: `--client_secret= S3cret` (a stray space) makes the secret an argument, and cron mail or a
 * CI log would keep it. So a quoted word stays only when it names something (an option as typed, a
 * command or argument the application defines, or a word shaped like a command: letters and dashes
 * around a colon); any other is replaced by "…".
 */
final class UsageLine
{
    public static function of(\Throwable $refusal, ?Application $app): string
    {
        $names = $app === null ? [] : array_keys($app->getDefinition()->getArguments());
        foreach ($app?->all() ?? [] as $name => $command) {
            $names[] = $name;
            foreach ($command->getDefinition()->getArguments() as $argument) {
                $names[] = $argument->getName();
            }
        }
        $line = preg_replace_callback('/"([^"]*)"/', static fn (array $q): string => str_starts_with($q[1], '-') || in_array($q[1], $names, true)
            || preg_match('/^[a-z-]+(:[a-z-]+)+$/D', $q[1]) === 1 ? $q[0] : '"…"', $refusal->getMessage());
        return 'aco: ' . Printable::line(trim((string) preg_replace('/\s+/', ' ', (string) $line)));
    }
}
