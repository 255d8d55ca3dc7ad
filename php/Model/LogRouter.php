<?php
declare(strict_types=1);

namespace Aco\Connector\Model;

/**
 * Routes the extension's log lines (Aco\Native\Client::logs(): level, target, message) to the
 * host's logger (Magento: a PSR-3 logger writing var/log/aco-connector.log), dropping lines below
 * the configured level.
 */
class LogRouter
{
    public const LEVELS = ['debug', 'info', 'warning', 'error'];

    /** @var callable(string, string, array<string, string>): void */
    private $sink;
    private int $minimum;

    /** @param callable(string, string, array<string, string>): void $sink e.g. [$psrLogger, 'log'] */
    public function __construct(callable $sink, string $minimumLevel = 'info')
    {
        $this->sink = $sink;
        $index = array_search($minimumLevel, self::LEVELS, true);
        $this->minimum = $index === false ? 1 : $index;
    }

    /** @param list<array{level: string, target: string, message: string}> $lines */
    public function route(array $lines): void
    {
        foreach ($lines as $line) {
            $level = array_search($line['level'], self::LEVELS, true);
            if ($level !== false && $level >= $this->minimum) {
                ($this->sink)($line['level'], $line['message'], ['target' => $line['target']]);
            }
        }
    }
}
